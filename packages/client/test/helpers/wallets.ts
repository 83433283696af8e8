/**
 * External wallets for the SDK's tests, backed by local keys and written the way real ones
 * behave: an EIP-1193 provider (eth_requestAccounts, personal_sign of 0x-hex bytes) whose
 * signatures are viem's privateKeyToAccount(...).signMessage — what MetaMask computes — and a
 * Solana signer shaped like Phantom's window.solana ({publicKey: PublicKey-like, signMessage →
 * {signature}}). Options make the refusals: the person declines, no account, a signature by
 * another key.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import type { Eip1193Provider, SolanaSigner } from '../../src/index.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** EIP-1193's 4001, as MetaMask throws it. */
export const userRejected = () => Object.assign(new Error('MetaMask Tx Signature: User rejected the request.'), { code: 4001 });

export interface TestEthWallet {
  account: PrivateKeyAccount;
  privateKey: `0x${string}`;
  /** Compressed secp256k1, 66 hex. */
  publicKey: string;
  provider: Eip1193Provider;
  /** personal_sign calls seen, as [message param, account]. */
  calls: unknown[][];
  /** What the next requests do: decline (4001), connect no account, sign with another key. */
  behave: { reject?: boolean; noAccounts?: boolean; signWith?: `0x${string}` };
}

export function testEthWallet(privateKey: `0x${string}` = generatePrivateKey()): TestEthWallet {
  const account = privateKeyToAccount(privateKey);
  const w: TestEthWallet = {
    account,
    privateKey,
    publicKey: hex(secp256k1.Point.fromHex(account.publicKey.slice(2)).toBytes(true)),
    calls: [],
    behave: {},
    provider: {
      async request({ method, params }) {
        if (w.behave.reject) throw userRejected();
        if (method === 'eth_requestAccounts' || method === 'eth_accounts') return w.behave.noAccounts ? [] : [account.address];
        if (method === 'personal_sign') {
          const [message, from] = params as [`0x${string}`, string];
          w.calls.push([message, from]);
          if (from.toLowerCase() !== account.address.toLowerCase()) throw Object.assign(new Error('unknown account'), { code: 4100 });
          const signer = w.behave.signWith ? privateKeyToAccount(w.behave.signWith) : account;
          return signer.signMessage({ message: { raw: message } });
        }
        throw Object.assign(new Error(`method ${method} not supported`), { code: 4200 });
      },
    },
  };
  return w;
}

export interface TestSolWallet {
  secretKey: Uint8Array;
  /** 64 hex. */
  publicKey: string;
  signer: SolanaSigner;
  behave: { reject?: boolean; signWith?: Uint8Array };
}

export function testSolWallet(secretKey: Uint8Array = ed25519.utils.randomSecretKey()): TestSolWallet {
  const pk = ed25519.getPublicKey(secretKey);
  const w: TestSolWallet = {
    secretKey,
    publicKey: hex(pk),
    behave: {},
    signer: {
      publicKey: { toBytes: () => Uint8Array.from(pk) },
      async signMessage(message) {
        if (w.behave.reject) throw Object.assign(new Error('User rejected the request.'), { code: 4001 });
        return { signature: ed25519.sign(message, w.behave.signWith ?? secretKey), publicKey: pk };
      },
    },
  };
  return w;
}
