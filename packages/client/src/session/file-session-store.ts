/** Node: the session record as one JSON file (0600), replaced atomically on every save. */
import fs from 'node:fs';
import path from 'node:path';
import { writeSecretFile } from '@tkauth/wire/secret-file';
import { parseState, type SessionStore, type StoredState } from './session-store.ts';
import { StorageError } from '../errors.ts';

export class FileSessionStore implements SessionStore {
  constructor(private readonly file: string) {}

  async load(): Promise<StoredState> {
    try {
      return parseState(fs.readFileSync(this.file, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return parseState(undefined);
      throw new StorageError(`could not read ${this.file}`, e);
    }
  }

  async save(state: StoredState): Promise<void> {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      writeSecretFile(this.file, JSON.stringify(state, null, 2) + '\n');
    } catch (e) {
      throw new StorageError(`could not write ${this.file}`, e);
    }
  }
}
