/** The account's passkeys (get_user's authenticators): name, model, when it was added. */
import type { Authenticator } from '@tkauth/wire';
import { h } from './dom.ts';

function addedAt(a: Authenticator): Date | undefined {
  const seconds = Number(a.createdAt?.seconds);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : undefined;
}

export function passkeyList(authenticators: Authenticator[] | undefined): HTMLElement {
  if (!authenticators) return h('p', { class: 'muted' }, 'Loading passkeys…');
  if (authenticators.length === 0) return h('p', { class: 'muted', 'data-testid': 'no-passkeys' }, 'No passkeys on this account.');
  return h(
    'ul',
    { class: 'passkey-list', 'data-testid': 'passkeys' },
    ...authenticators.map((a) => {
      const at = addedAt(a);
      return h(
        'li',
        { 'data-credential-id': a.credentialId },
        h('strong', { class: 'name' }, a.authenticatorName),
        a.model ? h('span', { class: 'chip model' }, a.model) : null,
        at ? h('time', { class: 'muted', datetime: at.toISOString() }, `added ${at.toLocaleString()}`) : null,
      );
    }),
  );
}
