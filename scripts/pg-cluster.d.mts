/** Types of pg-cluster.mjs, for the TypeScript tests and benchmarks that start a cluster. */
export interface PgCluster {
  /** postgres://<role>@127.0.0.1:<port>/postgres — the admin database. */
  url: string;
  port: number;
  /** The postmaster's pid; its backends are its children. */
  readonly pid: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  remove(): Promise<void>;
}
export function postgresBinDir(): string | undefined;
export function startPgCluster(options?: { role?: string; log?: boolean }): Promise<PgCluster>;
