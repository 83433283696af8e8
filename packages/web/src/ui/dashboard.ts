/** After sign-in: who, which session (live countdown, refreshed automatically), wallets, signing, logout. */
import type { TurnkeyContext, WalletWithAccounts } from '@tkauth/client';
import { humanError } from '../backend.ts';
import { busy, copyButton, h } from './dom.ts';
import { passkeyList } from './passkey-list.ts';
import { connectedWallets } from './connected-wallets.ts';

const FORMAT: Record<string, string> = { ADDRESS_FORMAT_ETHEREUM: 'Ethereum', ADDRESS_FORMAT_SOLANA: 'Solana' };

function remaining(ms: number): string {
  if (ms <= 0) return 'expired';
  const s = Math.floor(ms / 1000);
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

function walletsList(wallets: WalletWithAccounts[]): HTMLElement {
  if (wallets.length === 0) return h('p', { class: 'muted' }, 'Loading wallets…');
  return h(
    'div',
    { class: 'wallets' },
    ...wallets.map((w) =>
      h(
        'div',
        { class: 'wallet' },
        h('h3', {}, w.walletName),
        h(
          'ul',
          {},
          ...w.accounts.map((a) =>
            h('li', { 'data-format': a.addressFormat }, h('span', { class: 'chip' }, FORMAT[a.addressFormat] ?? a.addressFormat), h('code', { class: 'address' }, a.address), copyButton(() => a.address)),
          ),
        ),
      ),
    ),
  );
}

export function dashboardView(ctx: TurnkeyContext): { el: HTMLElement; update(): void; stop(): void } {
  const who = h('div', { class: 'who' });
  const countdown = h('strong', { 'data-testid': 'expires-in' });
  const refreshed = h('span', { class: 'muted', 'data-testid': 'session-key' });
  const wallets = h('div');
  const external = h('div');
  const passkeys = h('div');
  const refreshNow = h('button', { class: 'ghost small', type: 'button' }, 'Refresh now');
  const sessionError = h('p', { class: 'error', role: 'alert' });
  refreshNow.addEventListener('click', async () => {
    sessionError.textContent = '';
    try {
      await busy(refreshNow, 'Refreshing…', () => ctx.refreshSession());
    } catch (e) {
      sessionError.textContent = humanError(e);
    }
  });

  const message = h('textarea', { id: 'message', rows: 2, placeholder: 'Hello from tkauth' }, 'Hello from tkauth');
  const sign = h('button', { class: 'primary', type: 'submit' }, 'Sign message');
  const signError = h('p', { class: 'error', role: 'alert' });
  const result = h('div', { class: 'signature', 'data-testid': 'signature' });
  const signForm = h('form', {}, h('label', { for: 'message' }, 'Message'), message, signError, sign, result);
  signForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    signError.textContent = '';
    try {
      const s = await busy(sign, 'Signing…', () => ctx.signMessage({ message: message.value }));
      result.replaceChildren(
        h('p', { class: 'muted' }, `Signed by ${s.address} (EIP-191)`),
        h('code', { class: 'sig', 'data-address': s.address }, s.signature),
        copyButton(() => s.signature),
      );
    } catch (err) {
      signError.textContent = humanError(err);
    }
  });

  const logout = h('button', { class: 'secondary', type: 'button' }, 'Log out');
  const logoutError = h('p', { class: 'error', role: 'alert' });
  logout.addEventListener('click', async () => {
    logoutError.textContent = '';
    try {
      await busy(logout, 'Logging out…', () => ctx.clearSession({ revoke: true }));
    } catch {
      // The server could not be told: forget the session here anyway, and say so.
      await ctx.clearSession().catch(() => undefined);
      alert('Logged out on this device. The server could not be reached to revoke the session key; it expires on its own.');
    }
  });

  const el = h(
    'section',
    { class: 'dashboard' },
    h('div', { class: 'card' }, who, h('p', { class: 'session' }, 'Session expires in ', countdown, ' · refreshed automatically before it ends ', refreshNow), refreshed, sessionError),
    h('div', { class: 'card' }, h('h2', {}, 'Wallets'), wallets, external),
    h('div', { class: 'card' }, h('h2', {}, 'Passkeys'), passkeys),
    h('div', { class: 'card' }, h('h2', {}, 'Sign a message'), signForm),
    h('div', { class: 'card row end' }, logoutError, logout),
  );

  let shownWallets: unknown;
  let shownUser: unknown = null;
  const update = () => {
    const u = ctx.user;
    const s = ctx.session;
    who.replaceChildren(
      h('h1', {}, 'Signed in'),
      h('p', { 'data-testid': 'user-email' }, u?.userEmail ?? u?.userPhoneNumber ?? u?.userName ?? '…'),
      h('dl', {}, h('dt', {}, 'User'), h('dd', {}, h('code', { 'data-testid': 'user-id' }, s?.userId ?? '')), h('dt', {}, 'Organization'), h('dd', {}, h('code', { 'data-testid': 'organization-id' }, s?.organizationId ?? ''))),
    );
    refreshed.textContent = s ? `Session key ${s.publicKey.slice(0, 10)}…` : '';
    if (shownUser !== u) {
      shownUser = u;
      passkeys.replaceChildren(passkeyList(u?.authenticators));
      external.replaceChildren(...[connectedWallets(u?.apiKeys)].filter((n) => n !== null));
    }
    if (shownWallets !== ctx.wallets) {
      shownWallets = ctx.wallets;
      wallets.replaceChildren(walletsList(ctx.wallets));
    }
  };
  const tick = () => (countdown.textContent = ctx.session ? remaining(ctx.session.expiry * 1000 - Date.now()) : '—');
  const timer = setInterval(tick, 1000);
  tick();
  update();
  return { el, update: () => (update(), tick()), stop: () => clearInterval(timer) };
}
