// The desktop SecretStore: values encrypted by the operating system's keychain through Electron's
// safeStorage (Keychain, DPAPI, libsecret/kwallet), kept as base64 in `secrets.json` (mode 0600).
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SecretStore } from '../server/core/ports.js';
import { writePrivateFileAtomic } from '../server/shared/atomic-file.js';

/** The part of Electron's safeStorage used here (narrow, so tests can fake it). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export class SafeStorageSecrets implements SecretStore {
  readonly #file: string;
  readonly #safeStorage: SafeStorageLike;
  #writing: Promise<void> = Promise.resolve();

  constructor(dir: string, safeStorage: SafeStorageLike) {
    this.#file = join(dir, 'secrets.json');
    this.#safeStorage = safeStorage;
  }

  async get(name: string): Promise<string | null> {
    const encrypted = (await this.#read())[name];
    return encrypted === undefined ? null : this.#safeStorage.decryptString(Buffer.from(encrypted, 'base64'));
  }

  async set(name: string, value: string): Promise<void> {
    if (!this.#safeStorage.isEncryptionAvailable()) {
      throw new Error(
        'The system keychain is not available, so Kozmic cannot store secrets safely. ' +
          'On Linux, install and unlock a secret service (gnome-keyring or kwallet).',
      );
    }
    const encrypted = this.#safeStorage.encryptString(value).toString('base64');
    await this.#update((all) => ({ ...all, [name]: encrypted }));
  }

  /**
   * Moves every secret into `into` and removes this store's file: for secrets saved while Electron
   * protected them with a built-in password (Linux without a keyring), which nothing should keep.
   */
  async moveAllTo(into: SecretStore): Promise<number> {
    const all = await this.#read();
    for (const [name, encrypted] of Object.entries(all)) {
      await into.set(name, this.#safeStorage.decryptString(Buffer.from(encrypted, 'base64')));
    }
    await rm(this.#file, { force: true });
    return Object.keys(all).length;
  }

  async delete(name: string): Promise<void> {
    await this.#update((all) => {
      const rest = { ...all };
      delete rest[name];
      return rest;
    });
  }

  async #read(): Promise<Record<string, string>> {
    try {
      return JSON.parse(await readFile(this.#file, 'utf8')) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(`Kozmic's secrets file ${this.#file} cannot be read: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** Read-modify-write, one at a time, replaced atomically (temp file + rename). */
  #update(change: (all: Record<string, string>) => Record<string, string>): Promise<void> {
    const next = this.#writing.then(async () => {
      const updated = change(await this.#read());
      await mkdir(dirname(this.#file), { recursive: true, mode: 0o700 });
      await writePrivateFileAtomic(this.#file, JSON.stringify(updated));
    });
    this.#writing = next.catch(() => undefined);
    return next;
  }
}
