/** The words around a one-time code, for email and SMS. */
import type { OtpMessage } from './delivery.ts';
import { escapeHtml } from '../escape-html.ts';

export interface MessageInput {
  channel: 'email' | 'sms';
  to: string;
  code: string;
  appName: string;
  expiresInSeconds: number;
  /** SMS template in Turnkey's form, e.g. "Your code is {{.OtpCode}}". */
  smsTemplate?: string | undefined;
  /** emailCustomization: a logo for the HTML part; a link with `%s` where the code goes. */
  logoUrl?: string | undefined;
  magicLinkTemplate?: string | undefined;
  params?: { sendFromEmailAddress?: string; sendFromEmailSenderName?: string; replyToEmailAddress?: string };
}

export interface OtpMessageWithHeaders extends OtpMessage {
  html?: string;
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
  const link = m.channel === 'email' && m.magicLinkTemplate ? m.magicLinkTemplate.replaceAll('%s', encodeURIComponent(m.code)) : undefined;
  const out: OtpMessageWithHeaders = { channel: m.channel, to: m.to, subject: `${m.appName} verification code`, text: link ? `${text}\n\nOr open this link: ${link}` : text, otpCode: m.code };
  if (m.channel === 'email') {
    out.html = [
      m.logoUrl ? `<p><img src="${escapeHtml(m.logoUrl)}" alt="${escapeHtml(m.appName)}" height="48"></p>` : '',
      `<p>Your ${escapeHtml(m.appName)} verification code is</p><p style="font:600 28px monospace;letter-spacing:.15em">${escapeHtml(m.code)}</p>`,
      `<p>It expires in ${minutes} minute${minutes === 1 ? '' : 's'}. If you did not ask for it, ignore this message.</p>`,
      link ? `<p><a href="${escapeHtml(link)}">Sign in with this link</a></p>` : '',
    ].join('');
  }
  if (m.params?.sendFromEmailAddress) out.from = m.params.sendFromEmailAddress;
  if (m.params?.sendFromEmailSenderName) out.fromName = m.params.sendFromEmailSenderName;
  if (m.params?.replyToEmailAddress) out.replyTo = m.params.replyToEmailAddress;
  return out;
}
