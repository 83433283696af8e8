/** BIP-39 mnemonics (English wordlist), from the CSPRNG. */
import { pbkdf2Sync } from 'node:crypto';
import { generateMnemonic, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';

export const MNEMONIC_LENGTHS = [12, 15, 18, 21, 24] as const;

export function newMnemonic(words: number): string {
  if (!(MNEMONIC_LENGTHS as readonly number[]).includes(words)) throw new RangeError('mnemonicLength must be 12, 15, 18, 21 or 24');
  // BIP-39: 32 bits of entropy per 3 words.
  return generateMnemonic(wordlist, (words / 3) * 32);
}

export const isValidMnemonic = (m: string): boolean => validateMnemonic(m, wordlist);

/**
 * BIP-39 seed: PBKDF2-HMAC-SHA512(NFKD(mnemonic), "mnemonic" + NFKD(passphrase), 2048 rounds, 64 bytes).
 * Through OpenSSL: the JavaScript PBKDF2 cost ~10 ms of every new wallet.
 */
export const mnemonicToSeed = (m: string, passphrase = ''): Uint8Array =>
  new Uint8Array(pbkdf2Sync(Buffer.from(m.normalize('NFKD'), 'utf8'), Buffer.from(`mnemonic${passphrase}`.normalize('NFKD'), 'utf8'), 2048, 64, 'sha512'));
