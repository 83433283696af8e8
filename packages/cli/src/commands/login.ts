/**
 * `tkauth login --email a@b.c | --phone +14155550100 [--backend URL] [--json]`: the seed's OTP
 * flow from a terminal. The code is asked for at a prompt (on stderr, so --json output stays
 * clean); up to three tries. The session and its key stay in ~/.tkauth (keys 0600).
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { asCliError, backendRequest, CliError, DEFAULT_BACKEND, EXIT, openDevice, saveBackend, savedBackend, stdio, type Io } from './device.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9][0-9]{6,14}$/;
const TRIES = 3;

export async function loginCommand(argv: string[], io: Io = stdio, input: NodeJS.ReadableStream = process.stdin): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { email: { type: 'string' }, phone: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } }, strict: true }));
  } catch (e) {
    io.err(`tkauth login: ${(e as Error).message}`);
    return EXIT.usage;
  }
  const contact = values.email ?? values.phone;
  if (!contact || (values.email && values.phone)) {
    io.err('tkauth login: give one of --email ADDRESS or --phone +NUMBER');
    return EXIT.usage;
  }
  if (values.email ? !EMAIL.test(contact) : !E164.test(contact)) {
    io.err(values.email ? `tkauth login: ${contact} is not an email address` : `tkauth login: ${contact} is not a phone number in international format (+14155550100)`);
    return EXIT.usage;
  }
  const backendUrl = (values.backend ?? savedBackend() ?? DEFAULT_BACKEND).replace(/\/+$/, '');
  const rl = createInterface({ input, output: process.stderr, terminal: false });
  let ctx;
  try {
    ctx = await openDevice(backendUrl);
    const otpType = values.email ? 'OTP_TYPE_EMAIL' : 'OTP_TYPE_SMS';
    const { otpId } = await backendRequest<{ otpId: string }>(backendUrl, '/otp/init', { otpType, contact });
    io.err(`A code was sent to ${contact}.`);
    const publicKey = await ctx.createKeyPair();
    let verificationToken: string | undefined;
    for (let attempt = 1; !verificationToken; attempt++) {
      const answer = await rl.question('Code: ').catch(() => undefined);
      if (answer === undefined) throw new CliError(EXIT.refused, 'no code entered');
      try {
        ({ verificationToken } = await backendRequest<{ verificationToken: string }>(backendUrl, '/otp/verify', { otpId, otpCode: answer.trim().toUpperCase(), publicKey }));
      } catch (e) {
        const code = (e as { code?: string }).code;
        if ((code === 'OTP_INVALID' || code === 'VALIDATION_FAILED') && attempt < TRIES) {
          io.err(`That code isn't right (${TRIES - attempt} ${TRIES - attempt === 1 ? 'try' : 'tries'} left).`);
          continue;
        }
        throw e;
      }
    }
    const { sessionToken } = await backendRequest<{ sessionToken: string }>(backendUrl, '/otp-login', { verificationToken, publicKey });
    // One terminal session at a time: the previous one's key is retired on the server first.
    if (ctx.sessionKeys.includes('default')) await ctx.clearSession({ sessionKey: 'default', revoke: true }).catch(() => ctx!.clearSession({ sessionKey: 'default' }));
    const session = await ctx.storeSession({ jwt: sessionToken, sessionKey: 'default' });
    saveBackend(backendUrl);
    const result = { userId: session.userId, organizationId: session.organizationId, contact, sessionExpiresAt: new Date(session.expiry * 1000).toISOString() };
    io.out(values.json ? JSON.stringify(result) : `Logged in as ${contact} (user ${result.userId}); the session ends at ${result.sessionExpiresAt}.`);
    return EXIT.ok;
  } catch (e) {
    const err = asCliError(e);
    io.err(`tkauth login: ${err.message}`);
    return err.exitCode;
  } finally {
    rl.close();
    ctx?.dispose();
  }
}
