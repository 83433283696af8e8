/**
 * Where one-time codes go. One interface, several providers: the dev outbox (dev mode only),
 * email over SMTP, SMS through a webhook. A message carries its code separately so that only the
 * dev outbox ever shows it outside the message itself.
 */
export type Channel = 'email' | 'sms';

export interface OtpMessage {
  channel: Channel;
  to: string;
  subject: string;
  text: string;
  otpCode: string;
}

export interface DeliveryProvider {
  deliver(message: OtpMessage): Promise<void>;
}

export interface OutboxEntry {
  id: string;
  channel: Channel;
  to: string;
  subject: string;
  text: string;
  otpCode: string;
  createdAt: string;
}

/** Keeps the last messages in memory, newest first; codes never touch disk or logs. */
export class DevOutbox implements DeliveryProvider {
  private readonly entries: OutboxEntry[] = [];
  constructor(
    private readonly ids: () => string,
    private readonly now: () => number,
    private readonly max = 200,
  ) {}
  async deliver(m: OtpMessage): Promise<void> {
    this.entries.unshift({ id: this.ids(), channel: m.channel, to: m.to, subject: m.subject, text: m.text, otpCode: m.otpCode, createdAt: new Date(this.now()).toISOString() });
    this.entries.length = Math.min(this.entries.length, this.max);
  }
  list(contact?: string): OutboxEntry[] {
    if (!contact) return [...this.entries];
    const c = contact.toLowerCase();
    return this.entries.filter((e) => e.to.toLowerCase() === c);
  }
}
