/**
 * What the API itself says about an account, asked with the parent organization's key through
 * @turnkey/http — never through the page under test — and the Ethereum signature core returns
 * in the 0x r‖s‖v form the EIP-191 recovery helper reads.
 */
import { ApiKeyStamper } from '@turnkey/api-key-stamper';
import { TurnkeyClient } from '@turnkey/http';
import type { LocalApi } from '@tkauth/local-api';

export function parentView(api: LocalApi) {
  const c = api.credentials;
  const client = new TurnkeyClient({ baseUrl: c.apiBaseUrl }, new ApiKeyStamper({ apiPublicKey: c.apiPublicKey, apiPrivateKey: c.apiPrivateKey }));
  return {
    /** The sub-organizations whose verified email is `email`. */
    async subOrgsOf(email: string): Promise<string[]> {
      return (await client.getVerifiedSubOrgIds({ organizationId: c.organizationId, filterType: 'EMAIL', filterValue: email })).organizationIds;
    },
    /** Every Ethereum address of the sub-organization's wallets. */
    async ethAddresses(organizationId: string): Promise<string[]> {
      const out: string[] = [];
      for (const w of (await client.getWallets({ organizationId })).wallets) {
        const { accounts } = await client.getWalletAccounts({ organizationId, walletId: w.walletId });
        out.push(...accounts.filter((a) => a.addressFormat === 'ADDRESS_FORMAT_ETHEREUM').map((a) => a.address));
      }
      return out;
    },
  };
}

/** `{r, s, v}` from sign_raw_payload (v is the recovery id, "00"/"01") as a 65-byte 0x signature. */
export const ethSignatureHex = (sig: { r: string; s: string; v: string }) => `0x${sig.r}${sig.s}${(27 + parseInt(sig.v, 16)).toString(16)}`;
