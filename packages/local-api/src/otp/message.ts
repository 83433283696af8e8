/** The words around a one-time code, for email and SMS. */
import type { OtpMessage } from './delivery.ts';

export interface MessageInput {
  channel: 'email' | 'sms';
  to: string;
  code: string;
  appName: string;
  expiresInSeconds: number;
  /** SMS template in Turnkey's form, e.g. "Your code is {{.OtpCode}}". */
  smsTemplate?: string | undefined;
  params?: { sendFromEmailAddress?: string; sendFromEmailSenderName?: string; replyToEmailAddress?: string };
}

export interface OtpMessageWithHeaders extends OtpMessage {
  from?: string;
  fromName?: string;
  replyTo?: string;
}

export function otpMessage(m: MessageInput): OtpMessageWithHeaders {
  const minutes = Math.max(1, Math.round(m.expiresInSeconds / 60));
  const text =
    m.channel === 'sms' && m.smsTemplate
      ? m.smsTemplate.replaceAll('{{.OtpCode}}', m.code)
      : `Your ${m.appName} verification code is ${m.code}. It expires in ${minutes} minute${minutes === 1 ? '' : 's'}. If you did not ask for it, ignore this message.`;
  const out: OtpMessageWithHeaders = { channel: m.channel, to: m.to, subject: `${m.appName} verification code`, text, otpCode: m.code };
  if (m.params?.sendFromEmailAddress) out.from = m.params.sendFromEmailAddress;
  if (m.params?.sendFromEmailSenderName) out.fromName = m.params.sendFromEmailSenderName;
  if (m.params?.replyToEmailAddress) out.replyTo = m.params.replyToEmailAddress;
  return out;
}
