/**
 * "Create an account with a passkey" and "Sign in with a passkey", beside the code form. Sign-up
 * goes through the backend's /signup (the SDK makes the passkey and a one-minute sign-up key);
 * sign-in needs no backend at all: the passkey stamps stamp_login to the parent organization and
 * the API finds the account. Shown only where the browser has WebAuthn; on an IP address (where
 * WebAuthn refuses to work) it points to the same page on localhost instead.
 */
import type { TurnkeyContext } from '@tkauth/client';
import type { PageConfig } from '../config.ts';
import { humanError, post } from '../backend.ts';
import { busy, h } from './dom.ts';

const IP_HOST = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

/** A name the passkey is listed under on the account and in the browser's picker (core's allowed characters). */
const passkeyName = (d = new Date()) => `tkauth ${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

export function passkeySignIn(cfg: PageConfig, ctx: TurnkeyContext): HTMLElement | null {
  if (typeof window.PublicKeyCredential !== 'function') return null;
  const root = h('div', { class: 'passkeys', 'data-testid': 'passkey-sign-in' }, h('div', { class: 'divider' }, h('span', {}, 'or use a passkey')));
  if (IP_HOST.test(location.hostname)) {
    const here = new URL(location.href);
    here.hostname = 'localhost';
    root.append(h('p', { class: 'notice' }, 'Passkeys need a site name, not an IP address. ', h('a', { href: here.toString() }, `Open ${here.origin}`), ' to use one.'));
    return root;
  }
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'passkey-error' });
  const create = h('button', { class: 'secondary', type: 'button', 'data-testid': 'passkey-sign-up' }, 'Create an account with a passkey');
  const signIn = h('button', { class: 'secondary', type: 'button', 'data-testid': 'passkey-login' }, 'Sign in with a passkey');
  create.addEventListener('click', async () => {
    error.textContent = '';
    try {
      await busy(create, 'Waiting for your passkey…', () =>
        ctx.signUpWithPasskey({
          passkeyName: passkeyName(),
          signup: (body) => post<{ subOrganizationId: string }>(cfg.backendUrl, '/signup', body),
          refreshedSessionTTLSeconds: cfg.sessionSeconds,
        }),
      );
    } catch (e) {
      error.textContent = humanError(e, { passkey: 'create' });
    }
  });
  signIn.addEventListener('click', async () => {
    error.textContent = '';
    try {
      await busy(signIn, 'Waiting for your passkey…', () => ctx.loginWithPasskey({ refreshedSessionTTLSeconds: cfg.sessionSeconds }));
    } catch (e) {
      error.textContent = humanError(e, { passkey: 'sign-in' });
    }
  });
  root.append(h('div', { class: 'stack' }, signIn, create), error);
  return root;
}
