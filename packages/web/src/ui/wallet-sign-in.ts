/**
 * "Sign in with an Ethereum wallet" / "Sign in with a Solana wallet", beside the code form, when
 * the browser has one injected (window.ethereum: MetaMask and the other EIP-1193 wallets;
 * window.solana: Phantom, Solflare). One button both signs in and creates the account: the wallet
 * signs one login, the backend's /wallet-login-lookup says whether an account holds its key, and
 * /signup makes one when none does (the SDK's loginOrSignUpWithWallet). No email at all.
 */
import type { Eip1193Provider, SolanaSigner, TurnkeyContext, WalletChain } from '@tkauth/client';
import type { PageConfig } from '../config.ts';
import { humanError, post } from '../backend.ts';
import { busy, h } from './dom.ts';

type Injected = { ethereum?: Eip1193Provider; solana?: SolanaSigner };

const LABEL: Record<WalletChain, string> = { ethereum: 'Sign in with an Ethereum wallet', solana: 'Sign in with a Solana wallet' };

export function walletSignIn(cfg: PageConfig, ctx: TurnkeyContext): HTMLElement | null {
  const injected = window as unknown as Injected;
  const wallets = ([['ethereum', injected.ethereum], ['solana', injected.solana]] as const).filter(([, p]) => p && typeof p === 'object');
  if (wallets.length === 0) return null;
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'wallet-error' });
  const buttons = wallets.map(([chain, provider]) => {
    const b = h('button', { class: 'secondary', type: 'button', 'data-testid': `wallet-login-${chain}` }, LABEL[chain]);
    b.addEventListener('click', async () => {
      error.textContent = '';
      try {
        await busy(b, 'Waiting for your wallet…', () =>
          ctx.loginOrSignUpWithWallet({
            provider: provider!,
            lookup: (publicKey, curveType) => post<{ subOrganizationId?: string }>(cfg.backendUrl, '/wallet-login-lookup', { publicKey, curveType }),
            signup: (body) => post<{ subOrganizationId: string }>(cfg.backendUrl, '/signup', body),
            refreshedSessionTTLSeconds: cfg.sessionSeconds,
          }),
        );
      } catch (e) {
        error.textContent = humanError(e, { wallet: chain });
      }
    });
    return b;
  });
  return h('div', { class: 'external-wallets', 'data-testid': 'wallet-sign-in' }, h('div', { class: 'divider' }, h('span', {}, 'or use your wallet')), h('div', { class: 'stack' }, ...buttons), error);
}
