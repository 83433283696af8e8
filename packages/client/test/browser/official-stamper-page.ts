/**
 * The page of the official-stamper test: Turnkey's own @turnkey/webauthn-stamper and
 * @turnkey/http, bundled as an app would, stamp requests with the passkey of the page's virtual
 * authenticator; the SDK's createPasskey registers it and its PasskeyStamper stamps one request
 * too, to compare the two headers. Driven from the test through `window.tk`.
 */
import { WebauthnStamper } from '@turnkey/webauthn-stamper';
import { TurnkeyClient } from '@turnkey/http';
import { createPasskey, PasskeyStamper } from '../../src/index.ts';

type Stamper = { stamp(payload: string): Promise<{ stampHeaderName: string; stampHeaderValue: string }> };

/** Keeps the last header a stamper wrote, so the test can read what went over the wire. */
function recording(stamper: Stamper) {
  const seen: { name?: string; value?: string } = {};
  return {
    seen,
    stamper: {
      async stamp(payload: string) {
        const s = await stamper.stamp(payload);
        seen.name = s.stampHeaderName;
        seen.value = s.stampHeaderValue;
        return s;
      },
    },
  };
}

const official = () => recording(new WebauthnStamper({ rpId: location.hostname }));

const tk = {
  register: (name: string) => createPasskey({ name }),
  async whoamiOfficial(apiBaseUrl: string, organizationId: string) {
    const r = official();
    const who = await new TurnkeyClient({ baseUrl: apiBaseUrl }, r.stamper).getWhoami({ organizationId });
    return { organizationId: who.organizationId, userId: who.userId, header: r.seen };
  },
  async stampLoginOfficial(apiBaseUrl: string, organizationId: string, publicKey: string) {
    const r = official();
    const res = await new TurnkeyClient({ baseUrl: apiBaseUrl }, r.stamper).stampLogin({
      type: 'ACTIVITY_TYPE_STAMP_LOGIN',
      timestampMs: String(Date.now()),
      organizationId,
      parameters: { publicKey, expirationSeconds: '900' },
    });
    return { status: res.activity.status, activityOrganizationId: res.activity.organizationId, session: res.activity.result.stampLoginResult?.session, header: r.seen };
  },
  async whoamiOurs(apiBaseUrl: string, organizationId: string) {
    const r = recording(new PasskeyStamper());
    const who = await new TurnkeyClient({ baseUrl: apiBaseUrl }, r.stamper).getWhoami({ organizationId });
    return { organizationId: who.organizationId, userId: who.userId, header: r.seen };
  },
};

(window as unknown as { tk: typeof tk }).tk = tk;
document.body.dataset.ready = 'yes';
