/**
 * The app's own backend (tkauth server), and its errors in words a person understands.
 * Every backend error is `{code, message}` with a stable code (wire/backend-errors.ts).
 */
export class BackendCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function post<T>(backendUrl: string, route: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(backendUrl + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new BackendCallError('BACKEND_DOWN', "Can't reach the server. Is it still running?", 0);
  }
  const json = (await res.json().catch(() => ({}))) as { code?: string; message?: string } & T;
  if (!res.ok) throw new BackendCallError(json.code ?? 'UNKNOWN', json.message ?? `The server answered ${res.status}.`, res.status);
  return json;
}

/** A sentence for the person, from an error of any layer. */
export function humanError(e: unknown, ctx: { triesLeft?: number; contactKind?: 'email' | 'phone'; passkey?: 'create' | 'sign-in'; wallet?: 'ethereum' | 'solana' } = {}): string {
  if (e instanceof BackendCallError) {
    switch (e.code) {
      case 'BACKEND_DOWN':
        return e.message;
      case 'OTP_INVALID':
        return ctx.triesLeft !== undefined && ctx.triesLeft > 0
          ? `That code isn't right. ${ctx.triesLeft} ${ctx.triesLeft === 1 ? 'try' : 'tries'} left.`
          : "That code isn't right. Ask for a new code.";
      case 'OTP_TOO_MANY_ATTEMPTS':
        return 'Too many wrong codes. Ask for a new code.';
      case 'OTP_EXPIRED':
        return 'This code has expired. Ask for a new one.';
      case 'OTP_NOT_FOUND':
        return 'This code is no longer valid. Ask for a new one.';
      case 'OTP_LIMIT_REACHED':
      case 'RATE_LIMITED':
        return 'Too many attempts. Wait a few minutes and try again.';
      case 'VALIDATION_FAILED':
        if (ctx.contactKind === 'email') return 'Enter a valid email address.';
        if (ctx.contactKind === 'phone') return 'Enter the phone number in international format, like +14155550100.';
        return 'Check what you entered and try again.';
      case 'UPSTREAM_UNAVAILABLE':
      case 'UPSTREAM_TEMPORARILY_UNAVAILABLE':
      case 'SHARED_STATE_UNAVAILABLE':
        return 'The key service is not answering. Try again in a moment.';
      case 'CONFLICT':
        return 'Something changed at the same moment. Try again.';
      case 'OIDC_INVALID':
        return 'The sign-in provider’s answer could not be used. Try again.';
      case 'CONTACT_EXISTS':
        if (ctx.wallet) return 'This wallet already has an account here. Sign in with it again.';
        return e.message;
      default:
        return e.message;
    }
  }
  const err = e as { code?: string; message?: string };
  switch (err?.code) {
    case 'API_UNREACHABLE':
      return "Can't reach the key service. Is it still running?";
    // The browser says the same for all three on purpose (privacy), so the sentence names them all.
    case 'SELECT_PASSKEY_CANCELLED':
      return ctx.passkey === 'create'
        ? 'No passkey was created: the request was cancelled or timed out. Try again.'
        : 'No passkey was used: the request was cancelled or timed out, or this device has no passkey for this site. Try again, or create an account with a passkey.';
    case 'UNKNOWN_PASSKEY':
      return "This passkey isn't linked to an account here. Create an account with a passkey, or sign in with a code.";
    case 'PASSKEY_NOT_AVAILABLE':
      return `Passkeys can't be used here: ${err.message}.`;
    case 'PASSKEY_ALREADY_REGISTERED':
      return 'This device already holds that passkey.';
    case 'PASSKEY_FAILED':
      return `The passkey didn't work (${err.message}). Try again.`;
    // External wallets (MetaMask, Phantom, …): what the wallet said, in words.
    case 'CONNECT_WALLET_CANCELLED':
      return 'The request was cancelled in your wallet, so nothing was signed and no account was created. Try again when you are ready.';
    case 'NO_WALLET_ACCOUNT':
      return 'Your wallet has no account connected. Unlock it or add an account, then try again.';
    case 'UNKNOWN_WALLET':
      return "This wallet isn't linked to an account here. Try again to create one.";
    case 'WALLET_SIGNATURE_INVALID':
      return `Your wallet's signature could not be used (${err.message}). Try again, or pick another account in your wallet.`;
    case 'WALLET_NOT_SUPPORTED':
      return `This ${ctx.wallet === 'solana' ? 'Solana' : 'Ethereum'} wallet can't sign messages for sign-in.`;
    case 'WALLET_FAILED':
      return `Your wallet reported a problem (${err.message}). Try again.`;
  }
  return err?.message ?? String(e);
}
