/** What a query is: a request schema (always with organizationId) and a read. One per file; table in registry.ts. */
import type { TSchema } from '@sinclair/typebox';
import { Type, type TProperties } from '@sinclair/typebox';
import type { Db } from '../store/db.ts';
import type { Scope } from '../auth/principal.ts';
import type { Services } from '../services.ts';

export interface QueryContext {
  db: Db;
  scope: Scope;
  services: Services;
}

export interface QueryDefinition {
  /** The path segment after /public/v1/query/. */
  name: string;
  request: TSchema;
  /** `own-or-parent`: a parent organization's credential may read its sub-organizations. */
  access: 'own-org' | 'own-or-parent';
  /** True only for whoami: an X-Stamp-Attested device key may ask (turnkey-wire.md §2.3). */
  acceptsAttested?: boolean;
  /** Addressed to a parent, a sub-organization's credential reads that sub-organization (auth/who-is-this.ts). */
  resolvesSubOrganization?: boolean;
  run(ctx: QueryContext, body: never): Promise<object>;
}

export const defineQuery = <B>(def: Omit<QueryDefinition, 'run'> & { run(ctx: QueryContext, body: B): Promise<object> }): QueryDefinition =>
  def as QueryDefinition;

export const QueryRequest = <P extends TProperties>(props: P) =>
  Type.Object({ organizationId: Type.String({ minLength: 1, maxLength: 64 }), ...props });

export const PaginationOptions = Type.Optional(
  Type.Object({
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
    before: Type.Optional(Type.String({ maxLength: 64 })),
    after: Type.Optional(Type.String({ maxLength: 64 })),
  }),
);
