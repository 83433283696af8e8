/**
 * The page of the SDK's passkey test: a TurnkeyContext (IndexedDB keys, localStorage sessions)
 * whose passkey calls the test drives through `window.tk`. Failures come back as {code, message}
 * so the test can read the SDK's error codes across page.evaluate.
 */
import { IndexedDbKeyStore, TurnkeyContext, type Session } from '../../src/index.ts';
import { encodeMessageSignature, messagePayload } from '../../src/sign-message.ts';

let ctx: TurnkeyContext | undefined;
const keys = new IndexedDbKeyStore('tkauth-passkey-test');

type Outcome<T> = { ok: true; value: T } | { ok: false; code?: string; name?: string; message: string };
async function outcome<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    const err = e as { code?: string; name?: string; message?: string };
    return { ok: false, ...(err.code ? { code: err.code } : {}), ...(err.name ? { name: err.name } : {}), message: String(err.message ?? e) };
  }
}
const brief = (s: Session) => ({ organizationId: s.organizationId, userId: s.userId, publicKey: s.publicKey });

const tk = {
  async start(organizationId: string, apiBaseUrl: string) {
    ctx?.dispose();
    ctx = new TurnkeyContext({ organizationId, apiBaseUrl, keyStore: keys });
    await ctx.ready;
    return ctx.authState;
  },
  signUp: (backendUrl: string, passkeyName: string) => outcome(async () => brief(await ctx!.signUpWithPasskey({ backendUrl, passkeyName }))),
  login: (allowCredentials?: { id: string }[]) => outcome(async () => brief(await ctx!.loginWithPasskey(allowCredentials ? { allowCredentials } : {}))),
  logout: () => ctx!.clearSession({ revoke: true }),
  /** Step-up: an EIP-191 message signed by the first Ethereum account, the request stamped by the passkey rather than the session key. */
  stepUpSign: (message: string) =>
    outcome(async () => {
      const signWith = ctx!.wallets.flatMap((w) => w.accounts).find((a) => a.addressFormat === 'ADDRESS_FORMAT_ETHEREUM')!.address;
      const res = await ctx!.passkeyClient().signRawPayload({
        type: 'ACTIVITY_TYPE_SIGN_RAW_PAYLOAD_V2',
        timestampMs: String(Date.now()),
        organizationId: ctx!.session!.organizationId,
        parameters: { signWith, ...messagePayload('ADDRESS_FORMAT_ETHEREUM', message) },
      });
      return { address: signWith, signature: encodeMessageSignature('ADDRESS_FORMAT_ETHEREUM', res.activity.result.signRawPayloadResult!) };
    }),
  state: () => ({ authState: ctx?.authState, organizationId: ctx?.session?.organizationId, userId: ctx?.session?.userId, authenticators: ctx?.user?.authenticators.map((a) => a.credentialId) ?? [], ethereum: ctx?.wallets.flatMap((w) => w.accounts).find((a) => a.addressFormat === 'ADDRESS_FORMAT_ETHEREUM')?.address }),
  keys: () => keys.listKeys(),
};

(window as unknown as { tk: typeof tk }).tk = tk;
document.body.dataset.ready = 'yes';
