/** Sign-in, step by step as the seed's OtpLoginView: contact → code → session; or the dev OpenID provider. */
import type { TurnkeyContext } from '@tkauth/client';
import type { PageConfig } from '../config.ts';
import { BackendCallError, humanError, post } from '../backend.ts';
import { startOauth } from '../oauth.ts';
import { busy, h } from './dom.ts';
import { passkeySignIn } from './passkey-sign-in.ts';
import { walletSignIn } from './wallet-sign-in.ts';

type Kind = 'email' | 'phone';

export function loginView(cfg: PageConfig, ctx: TurnkeyContext): HTMLElement {
  const root = h('section', { class: 'card login' });
  let kind: Kind = 'email';

  const showContactStep = (notice?: string) => {
    const input = h('input', {
      id: 'contact',
      name: 'contact',
      type: kind === 'email' ? 'email' : 'tel',
      autocomplete: kind === 'email' ? 'email' : 'tel',
      placeholder: kind === 'email' ? 'you@example.com' : '+14155550100',
      required: true,
    });
    const error = h('p', { class: 'error', role: 'alert' });
    const send = h('button', { class: 'primary', type: 'submit' }, 'Send code');
    const tab = (k: Kind, label: string) =>
      h('button', { type: 'button', class: `tab${k === kind ? ' active' : ''}`, 'aria-pressed': String(k === kind), onclick: () => ((kind = k), showContactStep()) }, label);
    const form = h('form', { novalidate: true }, h('label', { for: 'contact' }, kind === 'email' ? 'Email address' : 'Phone number'), input, error, send);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      error.textContent = '';
      const contact = input.value.trim();
      if (!contact) return void (error.textContent = kind === 'email' ? 'Enter your email address.' : 'Enter your phone number.');
      try {
        const { otpId } = await busy(send, 'Sending…', () => post<{ otpId: string }>(cfg.backendUrl, '/otp/init', { otpType: kind === 'email' ? 'OTP_TYPE_EMAIL' : 'OTP_TYPE_SMS', contact }));
        showCodeStep(contact, otpId);
      } catch (err) {
        error.textContent = humanError(err, { contactKind: kind });
      }
    });
    const oauth = cfg.oidc
      ? h(
          'div',
          { class: 'oauth' },
          h('div', { class: 'divider' }, h('span', {}, 'or')),
          (() => {
            const b = h('button', { class: 'secondary', type: 'button', 'data-testid': 'oauth' }, 'Continue with the dev OpenID provider');
            b.addEventListener('click', async () => {
              try {
                await busy(b, 'Redirecting…', async () => startOauth(cfg.oidc!, await ctx.createKeyPair()));
              } catch (err) {
                error.textContent = humanError(err);
              }
            });
            return b;
          })(),
        )
      : null;
    root.replaceChildren(
      ...[
        h('h1', {}, 'Sign in'),
        h('p', { class: 'muted' }, 'We send you a one-time code. Your wallet key stays on this device.'),
        notice ? h('p', { class: 'notice' }, notice) : null,
        h('div', { class: 'tabs', role: 'group' }, tab('email', 'Email'), tab('phone', 'SMS')),
        form,
        passkeySignIn(cfg, ctx),
        walletSignIn(cfg, ctx),
        oauth,
      ].filter((n) => n !== null),
    );
    input.focus();
  };

  const showCodeStep = (contact: string, otpId: string) => {
    let failures = 0;
    let publicKey: string | undefined;
    const input = h('input', { id: 'code', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 9, placeholder: '123456', required: true });
    const error = h('p', { class: 'error', role: 'alert' });
    const verify = h('button', { class: 'primary', type: 'submit' }, 'Verify and sign in');
    const form = h('form', { novalidate: true }, h('label', { for: 'code' }, `Code sent to ${contact}`), input, error, verify);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      error.textContent = '';
      const otpCode = input.value.trim().toUpperCase();
      if (!/^[0-9A-Z]{6,9}$/.test(otpCode)) return void (error.textContent = 'Enter the code from the message: 6 to 9 characters.');
      try {
        await busy(verify, 'Signing in…', async () => {
          publicKey ??= await ctx.createKeyPair();
          const { verificationToken } = await post<{ verificationToken: string }>(cfg.backendUrl, '/otp/verify', { otpId, otpCode, publicKey });
          const { sessionToken } = await post<{ sessionToken: string }>(cfg.backendUrl, '/otp-login', { verificationToken, publicKey });
          await ctx.storeSession({ jwt: sessionToken, refreshedSessionTTLSeconds: cfg.sessionSeconds });
        });
      } catch (err) {
        if (err instanceof BackendCallError && err.code === 'OTP_INVALID') failures++;
        error.textContent = humanError(err, { triesLeft: cfg.otpMaxAttempts - failures });
        input.select();
      }
    });
    const back = h('button', { class: 'link', type: 'button', onclick: () => showContactStep() }, 'Use another ' + (contact.includes('@') ? 'email' : 'number'));
    const resend = h('button', { class: 'link', type: 'button' }, 'Send a new code');
    resend.addEventListener('click', async () => {
      try {
        const { otpId: next } = await busy(resend, 'Sending…', () => post<{ otpId: string }>(cfg.backendUrl, '/otp/init', { otpType: contact.includes('@') ? 'OTP_TYPE_EMAIL' : 'OTP_TYPE_SMS', contact }));
        showCodeStep(contact, next);
      } catch (err) {
        error.textContent = humanError(err);
      }
    });
    root.replaceChildren(h('h1', {}, 'Enter your code'), form, h('div', { class: 'row' }, back, resend));
    input.focus();
  };

  showContactStep();
  return root;
}
