/** The page: config → TurnkeyContext (IndexedDB keys) → sign-in or dashboard, and the dev outbox. */
import './style.css';
import { TurnkeyContext } from '@tkauth/client';
import { loadConfig } from './config.ts';
import { post, humanError } from './backend.ts';
import { CALLBACK_PATH, finishOauth } from './oauth.ts';
import { h } from './ui/dom.ts';
import { loginView } from './ui/login.ts';
import { dashboardView } from './ui/dashboard.ts';
import { outboxPanel } from './ui/outbox.ts';

const app = document.getElementById('app')!;

async function start() {
  app.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  const cfg = await loadConfig();
  const ctx = new TurnkeyContext({ organizationId: cfg.organizationId, apiBaseUrl: cfg.apiBaseUrl, onError: (e) => console.warn(e.code, e.message) });
  const badge = h('span', { class: 'badge', 'data-testid': 'auth-state' }, 'loading');
  const main = h('main');
  const banner = h('p', { class: 'error banner', role: 'alert' });
  app.replaceChildren(
    h('header', {}, h('div', { class: 'brand' }, h('span', { class: 'logo' }, '◆'), ' tkauth'), badge),
    banner,
    h('div', { class: 'layout' }, main, cfg.devOutboxUrl ? outboxPanel(cfg.devOutboxUrl) : null),
  );

  let shown: 'login' | 'dashboard' | undefined;
  let dashboard: ReturnType<typeof dashboardView> | undefined;
  const render = () => {
    badge.textContent = ctx.authState;
    badge.dataset.state = ctx.authState;
    if (ctx.authState === 'loading') return;
    const want = ctx.authState === 'authenticated' ? 'dashboard' : 'login';
    if (want !== shown) {
      shown = want;
      dashboard?.stop();
      dashboard = undefined;
      if (want === 'dashboard') {
        dashboard = dashboardView(ctx);
        main.replaceChildren(dashboard.el);
      } else main.replaceChildren(loginView(cfg, ctx));
    } else dashboard?.update();
  };
  ctx.subscribe(render);
  await ctx.ready;
  render();

  if (location.pathname === CALLBACK_PATH && cfg.oidc) {
    try {
      main.replaceChildren(h('section', { class: 'card' }, h('p', { class: 'loading' }, 'Signing you in…')));
      const { idToken, publicKey } = await finishOauth(cfg.oidc);
      const { sessionToken } = await post<{ sessionToken: string }>(cfg.backendUrl, '/oauth-login', { oidcToken: idToken, publicKey, providerName: 'tkauth-dev' });
      await ctx.storeSession({ jwt: sessionToken, refreshedSessionTTLSeconds: cfg.sessionSeconds });
    } catch (e) {
      shown = undefined;
      render();
      banner.textContent = humanError(e);
    }
  }
}

start().catch((e) => app.replaceChildren(h('p', { class: 'error banner' }, `The page could not start: ${humanError(e)}`)));
