/** BIP-39 mnemonics (English wordlist), from the CSPRNG. */
import { generateMnemonic, mnemonicToSeedSync, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';

export const MNEMONIC_LENGTHS = [12, 15, 18, 21, 24] as const;

export function newMnemonic(words: number): string {
  if (!(MNEMONIC_LENGTHS as readonly number[]).includes(words)) throw new RangeError('mnemonicLength must be 12, 15, 18, 21 or 24');
  // BIP-39: 32 bits of entropy per 3 words.
  return generateMnemonic(wordlist, (words / 3) * 32);
}

export const isValidMnemonic = (m: string): boolean => validateMnemonic(m, wordlist);

export const mnemonicToSeed = (m: string, passphrase = ''): Uint8Array => mnemonicToSeedSync(m, passphrase);
