/**
 * ingest/person-keyring
 *
 * Persons are linked by a keyed hash (HMAC-SHA256) of their ID number, so the link key
 * reveals nothing without the key. The key comes from GOVGRAPH_PERSON_KEY (hex or base64,
 * at least 32 bytes) or, for the embedded hub, a key file created on first start.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { maskResidentId } from '../domain/identifiers/index.js';

export class PersonKeyring {
  private constructor(private readonly key: Buffer) {}

  static fromKey(key: Buffer): PersonKeyring {
    if (key.length < 32) throw new Error('person hash key must be at least 32 bytes');
    return new PersonKeyring(key);
  }

  /** A fresh random key: tests and in-memory hubs, whose hashes need not outlive the process. */
  static ephemeral(): PersonKeyring {
    return new PersonKeyring(randomBytes(32));
  }

  /** Reads the key from an env value, else from `file`, creating it (mode 0600) if absent. */
  static load(envValue: string | undefined, file: string): PersonKeyring {
    if (envValue) {
      const key = /^[0-9a-f]+$/i.test(envValue) ? Buffer.from(envValue, 'hex') : Buffer.from(envValue, 'base64');
      return PersonKeyring.fromKey(key);
    }
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    }
    return PersonKeyring.fromKey(Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'));
  }

  /**
   * The keyring for a hub's store: GOVGRAPH_PERSON_KEY when given; otherwise a key file
   * beside the PGlite data (or in .govgraph/ with PostgreSQL); a throw-away key for a hub
   * that lives only in memory.
   */
  static forStore(o: { personKey?: string; databaseUrl?: string; dataDir: string }): PersonKeyring {
    if (!o.personKey && !o.databaseUrl && o.dataDir.startsWith('memory://')) return PersonKeyring.ephemeral();
    return PersonKeyring.load(o.personKey, join(o.databaseUrl ? '.govgraph' : o.dataDir, 'person-hash.key'));
  }

  hash(idNumber: string): string {
    return createHmac('sha256', this.key).update(idNumber).digest('hex');
  }

  mask(idNumber: string): string {
    return maskResidentId(idNumber);
  }
}
