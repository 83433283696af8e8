/**
 * Telling the other instances that credentials changed. Each instance remembers, for 2 s at most,
 * which key is whose (auth/credential-cache.ts) and forgets it after every activity it commits
 * itself; on PostgreSQL every activity also sends a notification in its transaction — delivered at
 * commit, to every instance listening — so a key deleted on one instance is forgotten by the
 * others within the notification's delivery (milliseconds), not the cache's age. A listener that
 * loses its connection forgets everything when it is back (notifications in between are lost).
 */
import pg from 'pg';
import { type QueryExecutorProvider, sql } from 'kysely';
import { engineOf } from './db.ts';

const CHANNEL = 'tkauth_credentials';

/** Inside the activity's transaction: on PostgreSQL, a notification sent when (and only if) it commits. */
export async function announceChange(trx: QueryExecutorProvider): Promise<void> {
  if (engineOf(trx) === 'postgres') await sql`select pg_notify(${CHANNEL}, '')`.execute(trx);
}

export interface ChangeListener {
  close(): Promise<void>;
}

/** Calls `onChange` whenever another instance (or this one) commits an activity; reconnects by itself. */
export function listenForChanges(url: string, onChange: () => void): ChangeListener {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let delay = 100;
  const connect = async () => {
    const c = new pg.Client({ connectionString: url, application_name: 'tkauth-local-api-listen' });
    c.on('notification', () => onChange());
    c.on('error', () => reconnect(c));
    c.on('end', () => reconnect(c));
    try {
      await c.connect();
      await c.query(`listen ${CHANNEL}`);
      if (closed) return void c.end().catch(() => {});
      client = c;
      delay = 100;
      // Whatever changed while nobody listened is forgotten too.
      onChange();
    } catch {
      reconnect(c);
    }
  };
  const reconnect = (c: pg.Client) => {
    if (closed || retry) return;
    if (client === c) client = undefined;
    void c.end().catch(() => {});
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, delay);
    retry.unref();
    delay = Math.min(delay * 2, 5_000);
  };
  void connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
