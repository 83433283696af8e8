/**
 * The external wallets that sign in to this account, beside the embedded one: the user's API keys
 * of the wallet credential types (get_user, as @turnkey/core's getAuthenticatorAddresses reads
 * them), shown by the address the person knows them by. Read from the account, so a reload still shows them.
 */
import { walletAddress } from '@tkauth/client';
import type { ApiKey } from '@tkauth/wire';
import { copyButton, h } from './dom.ts';

const CHAIN: Record<string, string> = { CREDENTIAL_TYPE_API_KEY_SECP256K1: 'Ethereum', CREDENTIAL_TYPE_API_KEY_ED25519: 'Solana' };

export function connectedWallets(apiKeys: ApiKey[] | undefined): HTMLElement | null {
  const keys = (apiKeys ?? []).filter((k) => k.credential.type in CHAIN);
  if (keys.length === 0) return null;
  return h(
    'div',
    { class: 'wallet connected', 'data-testid': 'connected-wallets' },
    h('h3', {}, keys.length === 1 ? 'Connected wallet' : 'Connected wallets'),
    h(
      'ul',
      {},
      ...keys.map((k) => {
        const address = walletAddress(k.credential.publicKey, k.credential.type as 'CREDENTIAL_TYPE_API_KEY_SECP256K1' | 'CREDENTIAL_TYPE_API_KEY_ED25519');
        return h(
          'li',
          { 'data-credential-type': k.credential.type, 'data-public-key': k.credential.publicKey },
          h('span', { class: 'chip' }, CHAIN[k.credential.type]!),
          h('code', { class: 'address' }, address),
          h('span', { class: 'muted' }, 'signs you in'),
          copyButton(() => address),
        );
      }),
    ),
  );
}
