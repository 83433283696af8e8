/**
 * One task at a time per key: two first logins for the same new contact must not create two
 * sub-organizations. `AccountLock` is what routes use; `KeyedMutex` holds it within this process,
 * `RedisMutex` (redis-mutex.ts) across instances sharing one Redis.
 */
export interface AccountLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export class KeyedMutex implements AccountLock {
  private readonly tails = new Map<string, Promise<unknown>>();
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(task);
    this.tails.set(key, current);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === current) this.tails.delete(key);
    }
  }
}
