/**
 * The logged-in terminal: `tkauth whoami`, `tkauth wallets`, `tkauth sign --message TEXT
 * [--address A]`, `tkauth logout`; each with --backend URL and --json. Exit 3 when not logged in.
 */
import { parseArgs } from 'node:util';
import type { TurnkeyContext } from '@tkauth/client';
import { asCliError, CliError, DEFAULT_BACKEND, EXIT, openDevice, savedBackend, stdio, type Io } from './device.ts';

type Options = Record<string, { type: 'string' | 'boolean' }>;

async function run(name: string, argv: string[], options: Options, io: Io, body: (ctx: TurnkeyContext, values: Record<string, string | boolean | undefined>) => Promise<{ json: unknown; text: string }>): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { backend: { type: 'string' }, json: { type: 'boolean' }, ...options }, strict: true }));
  } catch (e) {
    io.err(`tkauth ${name}: ${(e as Error).message}`);
    return EXIT.usage;
  }
  const backendUrl = (values.backend as string | undefined) ?? savedBackend() ?? DEFAULT_BACKEND;
  let ctx: TurnkeyContext | undefined;
  try {
    ctx = await openDevice(backendUrl.replace(/\/+$/, ''));
    if (ctx.authState !== 'authenticated') throw new CliError(EXIT.notLoggedIn, 'not logged in: run `tkauth login --email you@example.com`');
    const { json, text } = await body(ctx, values);
    io.out(values.json ? JSON.stringify(json) : text);
    return EXIT.ok;
  } catch (e) {
    const err = asCliError(e);
    io.err(`tkauth ${name}: ${err.message}`);
    return err.exitCode;
  } finally {
    ctx?.dispose();
  }
}

export const whoamiCommand = (argv: string[], io: Io = stdio) =>
  run('whoami', argv, {}, io, async (ctx) => {
    const user = await ctx.fetchUser();
    const s = ctx.session!;
    const json = { userId: user.userId, userName: user.userName, email: user.userEmail ?? null, phone: user.userPhoneNumber ?? null, organizationId: s.organizationId, sessionExpiresAt: new Date(s.expiry * 1000).toISOString() };
    return { json, text: `${user.userEmail ?? user.userPhoneNumber ?? user.userName}\nuser          ${json.userId}\norganization  ${json.organizationId}\nsession ends  ${json.sessionExpiresAt}` };
  });

export const walletsCommand = (argv: string[], io: Io = stdio) =>
  run('wallets', argv, {}, io, async (ctx) => {
    const wallets = await ctx.fetchWallets();
    const json = wallets.map((w) => ({ walletId: w.walletId, walletName: w.walletName, accounts: w.accounts.map((a) => ({ address: a.address, addressFormat: a.addressFormat, path: a.path, curve: a.curve })) }));
    const text = wallets.map((w) => [`${w.walletName} (${w.walletId})`, ...w.accounts.map((a) => `  ${a.addressFormat.replace('ADDRESS_FORMAT_', '').padEnd(10)} ${a.address}`)].join('\n')).join('\n');
    return { json, text: text || 'no wallets' };
  });

export const signCommand = (argv: string[], io: Io = stdio) =>
  run('sign', argv, { message: { type: 'string' }, address: { type: 'string' } }, io, async (ctx, v) => {
    if (typeof v.message !== 'string') throw new CliError(EXIT.usage, 'give the text to sign with --message TEXT');
    const s = await ctx.signMessage({ message: v.message, ...(typeof v.address === 'string' ? { address: v.address } : {}) });
    return { json: { address: s.address, addressFormat: s.addressFormat, signature: s.signature }, text: `${s.signature}\n(signed by ${s.address})` };
  });

export const logoutCommand = (argv: string[], io: Io = stdio) =>
  run('logout', argv, {}, io, async (ctx) => {
    const userId = ctx.session!.userId;
    try {
      await ctx.clearSession({ revoke: true });
    } catch (e) {
      await ctx.clearSession();
      throw new CliError(EXIT.unreachable, `logged out on this device, but the session key could not be revoked on the server (${(e as Error).message}); it expires on its own`);
    }
    return { json: { loggedOut: true, userId }, text: 'Logged out; the session key was deleted on the server.' };
  });
