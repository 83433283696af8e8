/** The parent organization's own client (its API key from `tkauth dev`'s credentials.json, the official stamper): reads any sub-organization, not through the page. */
import { TurnkeyClient } from '@turnkey/http';
import { ApiKeyStamper } from '@turnkey/api-key-stamper';
import type { DevSystem } from '../../../cli/test/helpers/dev.ts';

export function parentClient(dev: DevSystem): TurnkeyClient {
  const c = dev.credentials();
  return new TurnkeyClient({ baseUrl: dev.api }, new ApiKeyStamper({ apiPublicKey: c.apiPublicKey, apiPrivateKey: c.apiPrivateKey }));
}
