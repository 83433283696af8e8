/**
 * The page record-passkey-vectors.ts drives: the SDK's createPasskey registers a passkey with the
 * virtual authenticator, and Turnkey's own WebauthnStamper signs request bodies with it.
 */
import { WebauthnStamper } from '@turnkey/webauthn-stamper';
import { createPasskey } from '../../src/index.ts';

const tk = {
  register: (name: string) => createPasskey({ name }),
  stamp: async (body: string) => (await new WebauthnStamper({ rpId: location.hostname }).stamp(body)).stampHeaderValue,
};

(window as unknown as { tk: typeof tk }).tk = tk;
document.body.dataset.ready = 'yes';
