/**
 * whoami — the organization and user behind the stamp (turnkey-wire.md §5). "Affords
 * sub-organization look ups via parent organization" (swagger): addressed to the parent, a
 * sub-organization's API key or attested device key answers with the sub-organization's ids.
 */
import { defineQuery, QueryRequest } from './query.ts';

export default defineQuery<{ organizationId: string }>({
  name: 'whoami',
  request: QueryRequest({}),
  access: 'own-or-parent',
  acceptsAttested: true,
  resolvesSubOrganization: true,
  async run({ scope }) {
    const p = scope.principal;
    return { organizationId: p.organizationId, organizationName: p.organizationName, userId: p.userId, username: p.userName };
  },
});
