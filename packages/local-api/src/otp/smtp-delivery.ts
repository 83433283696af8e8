/** Email over SMTP with nodemailer (TKAUTH_SMTP_URL, e.g. smtps://user:pass@mail.example:465). */
import nodemailer, { type Transporter } from 'nodemailer';
import type { DeliveryProvider } from './delivery.ts';
import type { OtpMessageWithHeaders } from './message.ts';

export interface SmtpOptions {
  url: string;
  from: string;
  fromName: string;
}

export class SmtpDelivery implements DeliveryProvider {
  private readonly transport: Transporter;
  constructor(private readonly opts: SmtpOptions) {
    this.transport = nodemailer.createTransport(opts.url);
  }
  async deliver(m: OtpMessageWithHeaders): Promise<void> {
    await this.transport.sendMail({
      from: { name: m.fromName ?? this.opts.fromName, address: m.from ?? this.opts.from },
      to: m.to,
      ...(m.replyTo ? { replyTo: m.replyTo } : {}),
      subject: m.subject,
      text: m.text,
      ...(m.html ? { html: m.html } : {}),
    });
  }
  close(): void {
    this.transport.close();
  }
}
