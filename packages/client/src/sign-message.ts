/**
 * What sign_raw_payload needs to sign a message the way each chain's wallets expect:
 * - Ethereum: EIP-191 personal message — keccak256("\x19Ethereum Signed Message:\n" + len + message),
 *   sent already hashed (HASH_FUNCTION_NO_OP); the signature is 0x r‖s‖v with v = 27 + recovery id.
 * - Solana: ed25519 over the message bytes themselves (HASH_FUNCTION_NOT_APPLICABLE); r‖s.
 */
import { bytesToHex, eip191Digest, utf8ToBytes } from '@tkauth/wire';
import type { RawSignature, SignRawPayloadInput } from './api.ts';
import { TurnkeyClientError } from './errors.ts';

export type MessageAddressFormat = 'ADDRESS_FORMAT_ETHEREUM' | 'ADDRESS_FORMAT_SOLANA';

export function messagePayload(addressFormat: string, message: string | Uint8Array): Omit<SignRawPayloadInput, 'signWith'> {
  const bytes = typeof message === 'string' ? utf8ToBytes(message) : message;
  switch (addressFormat) {
    case 'ADDRESS_FORMAT_ETHEREUM': {
      return { payload: bytesToHex(eip191Digest(bytes)), encoding: 'PAYLOAD_ENCODING_HEXADECIMAL', hashFunction: 'HASH_FUNCTION_NO_OP' };
    }
    case 'ADDRESS_FORMAT_SOLANA':
      return { payload: bytesToHex(bytes), encoding: 'PAYLOAD_ENCODING_HEXADECIMAL', hashFunction: 'HASH_FUNCTION_NOT_APPLICABLE' };
    default:
      throw new TurnkeyClientError('UNSUPPORTED_ADDRESS_FORMAT', `signMessage has no default for ${addressFormat}; use signRawPayload`);
  }
}

/** The chain's own signature encoding of a sign_raw_payload result. */
export function encodeMessageSignature(addressFormat: string, sig: RawSignature): string {
  if (addressFormat === 'ADDRESS_FORMAT_ETHEREUM') return `0x${sig.r}${sig.s}${(27 + parseInt(sig.v, 16)).toString(16)}`;
  return `${sig.r}${sig.s}`;
}
