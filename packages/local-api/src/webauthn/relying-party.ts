/**
 * Which relying party a passkey belongs to (TKAUTH_WEBAUTHN_RP_ID, TKAUTH_WEBAUTHN_ORIGINS): the
 * rp ids whose sha256 may open authData, and the page origins a ceremony may come from. Turnkey
 * itself checks no origin (it has no per-app origin, turnkey-wire-logins.md §1.1); we do, because a
 * self-hosted API knows its app — see docs/decisions.md "Passkeys".
 */
export class RelyingParty {
  readonly rpIds: readonly string[];
  private readonly exact = new Set<string>();
  /** `scheme://host` prefixes of origins configured with `:*` (any port). */
  private readonly anyPort: string[] = [];

  constructor(rpIds: readonly string[], origins: readonly string[]) {
    this.rpIds = rpIds;
    for (const o of origins) {
      if (o.endsWith(':*')) this.anyPort.push(o.slice(0, -2));
      else this.exact.add(o);
    }
  }

  allowsOrigin(origin: string): boolean {
    if (this.exact.has(origin)) return true;
    return this.anyPort.some((base) => origin === base || (origin.startsWith(`${base}:`) && /^[0-9]{1,5}$/.test(origin.slice(base.length + 1))));
  }
}
