/**
 * X-Stamp by an external wallet (turnkey-wire-logins.md §2.1): base64url JSON of
 * {publicKey, scheme, signature} — SIGNATURE_SCHEME_TK_API_SECP256K1_EIP191 with the recovered
 * compressed key and the DER of (r, s), or SIGNATURE_SCHEME_TK_API_ED25519 with the 32-byte key
 * and the 64-byte signature — the bytes @turnkey/wallet-stamper writes, over the exact body.
 * Plugs into @turnkey/http's TurnkeyClient, so the wallet can sign any request (whoami, a login,
 * an activity on the account). Each stamp is one prompt in the wallet.
 */
import { encodeStampHeader, utf8ToBytes } from '@tkauth/wire';
import { signWithWallet, walletChain, type WalletChain, type WalletProvider, type WalletSignature } from './wallet-provider.ts';

export class ExternalWalletStamper {
  readonly stampHeaderName = 'X-Stamp';
  readonly chain: WalletChain;
  /** The wallet's key, address and scheme as of the last stamp (an Ethereum key is known only from a signature). */
  lastSigner: Omit<WalletSignature, 'signature'> | undefined;

  constructor(private readonly provider: WalletProvider) {
    this.chain = walletChain(provider);
  }

  async stamp(payload: string): Promise<{ stampHeaderName: string; stampHeaderValue: string }> {
    const { signature, ...signer } = await signWithWallet(this.provider, utf8ToBytes(payload));
    this.lastSigner = signer;
    return { stampHeaderName: this.stampHeaderName, stampHeaderValue: encodeStampHeader({ publicKey: signer.publicKey, scheme: signer.scheme, signature }) };
  }
}
