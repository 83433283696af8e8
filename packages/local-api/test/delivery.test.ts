/**
 * Real delivery: email through an SMTP exchange with an smtp-server receiver, SMS through the
 * webhook, with dev mode off (so no outbox exists and the code travels only in the message).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { SMTPServer } from 'smtp-server';
import { uniqueEmail } from './helpers/fixtures.ts';
import { rawPost, startTestApi, type TestApi } from './helpers/local-api.ts';

interface Mail {
  from: string;
  to: string[];
  raw: string;
}
const mails: Mail[] = [];
const smsBodies: { channel: string; to: string; text: string }[] = [];
let smtp: SMTPServer;
let smsServer: http.Server;
let t: TestApi;

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString()));
      stream.on('end', () => {
        mails.push({ from: (session.envelope.mailFrom as { address: string }).address, to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smsServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      smsBodies.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => smsServer.listen(0, '127.0.0.1', r));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  const smsPort = (smsServer.address() as { port: number }).port;
  t = await startTestApi({
    config: {
      dev: false,
      smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
      smtpFrom: 'codes@tkauth.test',
      smtpFromName: 'tkauth tests',
      smsWebhookUrl: `http://127.0.0.1:${smsPort}/sms`,
    },
  });
});
after(async () => {
  await t.stop();
  await new Promise<void>((r) => smtp.close(() => r()));
  await new Promise<void>((r) => smsServer.close(() => r()));
});

const verifyWithCode = (otpId: string, otpCode: string) =>
  t.http.verifyOtp({ type: 'ACTIVITY_TYPE_VERIFY_OTP' as 'ACTIVITY_TYPE_VERIFY_OTP_V2', timestampMs: String(Date.now()), organizationId: t.api.credentials.organizationId, parameters: { otpId, otpCode } as any });

test('email: the code arrives over SMTP, from the configured sender, and verifies', async () => {
  const email = uniqueEmail('smtp');
  const init = await t.sdk.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email, appName: 'Acme Wallet', otpLength: 8, alphanumeric: false });
  const mail = mails.find((m) => m.to.includes(email));
  assert.ok(mail, 'a mail reached the SMTP receiver');
  assert.equal(mail.from, 'codes@tkauth.test');
  assert.match(mail.raw, /^Subject: Acme Wallet verification code/m);
  assert.match(mail.raw, /^From: tkauth tests <codes@tkauth\.test>/m);
  const code = /verification code is ([0-9]{8})\./.exec(mail.raw)?.[1];
  assert.ok(code, 'the code is in the mail body');
  const res = await verifyWithCode(init.otpId, code);
  assert.ok((res.activity.result as any).verifyOtpResult.verificationToken);
});

test('email: sendFrom… parameters set From and Reply-To', async () => {
  const email = uniqueEmail('smtp-from');
  await t.sdk.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email, appName: 'Acme', sendFromEmailAddress: 'hello@acme.test', sendFromEmailSenderName: 'Acme', replyToEmailAddress: 'help@acme.test' });
  const mail = mails.find((m) => m.to.includes(email))!;
  assert.equal(mail.from, 'hello@acme.test');
  assert.match(mail.raw, /^Reply-To: help@acme\.test/m);
});

test('email: emailCustomization adds a logo to the HTML part and a magic link with the code', async () => {
  const email = uniqueEmail('smtp-custom');
  await t.sdk.initOtp({
    otpType: 'OTP_TYPE_EMAIL',
    contact: email,
    appName: 'Acme',
    alphanumeric: false,
    otpLength: 6,
    emailCustomization: { logoUrl: 'https://acme.test/logo.png', magicLinkTemplate: 'https://acme.test/verify?code=%s' },
  });
  // Undo quoted-printable: soft line breaks, then =XX escapes.
  const raw = mails
    .find((m) => m.to.includes(email))!
    .raw.replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  assert.match(raw, /Content-Type: text\/html/);
  assert.match(raw, /https:\/\/acme\.test\/logo\.png/);
  const code = /verification code is ([0-9]{6})\./.exec(raw)![1]!;
  assert.ok(raw.includes(`https://acme.test/verify?code=${code}`));
});

test('SMS: the webhook receives the text built from smsCustomization.template', async () => {
  const phone = '+14155550123';
  const init = await t.sdk.initOtp({ otpType: 'OTP_TYPE_SMS', contact: phone, appName: 'Acme', smsCustomization: { template: 'Your Acme code: {{.OtpCode}}' }, alphanumeric: false, otpLength: 6 });
  const sms = smsBodies.find((s) => s.to === phone);
  assert.ok(sms);
  assert.equal(sms.channel, 'sms');
  const code = /^Your Acme code: ([0-9]{6})$/.exec(sms.text)?.[1];
  assert.ok(code, sms.text);
  await verifyWithCode(init.otpId, code);
});

test('with dev mode off the outbox does not exist', async () => {
  const res = await fetch(`${t.api.url}/dev/outbox`);
  assert.equal(res.status, 404);
  const body = JSON.stringify({ organizationId: t.api.credentials.organizationId });
  assert.equal((await rawPost(t.api.url, '/dev/outbox', body, {})).status, 404);
});
