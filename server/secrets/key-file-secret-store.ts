// SecretStore for the headless host: values encrypted with the key file's key (AES-256-GCM) in
// `<dir>/secrets.json`, written atomically with mode 0600. Nothing is decrypted until asked for.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { SecretStore } from '../core/ports.js';
import { writePrivateFileAtomic } from '../shared/atomic-file.js';
import { loadOrCreateKey } from './key-file.js';
import { seal, unseal, type SealedSecret } from './secret-cipher.js';

const fileSchema = z.object({
  version: z.literal(1),
  secrets: z.record(z.string(), z.object({ iv: z.string(), tag: z.string(), data: z.string() })),
});

interface Loaded {
  readonly key: Buffer;
  readonly secrets: Map<string, SealedSecret>;
}

export class KeyFileSecretStore implements SecretStore {
  private readonly path: string;
  private loaded: Promise<Loaded> | null = null;
  /** Changes are applied one at a time so concurrent `set`s cannot lose each other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: { readonly dir: string }) {
    this.path = join(options.dir, 'secrets.json');
  }

  async get(name: string): Promise<string | null> {
    checkName(name);
    const { key, secrets } = await this.load();
    const sealed = secrets.get(name);
    if (!sealed) return null;
    const value = unseal(key, name, sealed);
    if (value === null) {
      throw new Error(
        `The secret "${name}" in ${this.path} failed its integrity check: it was altered, damaged, or encrypted ` +
          'with another key file. Sign in again (or re-enter it) to replace it.',
      );
    }
    return value;
  }

  set(name: string, value: string): Promise<void> {
    checkName(name);
    return this.change((secrets, key) => {
      secrets.set(name, seal(key, name, value));
      return true;
    });
  }

  delete(name: string): Promise<void> {
    checkName(name);
    return this.change((secrets) => secrets.delete(name));
  }

  private change(apply: (secrets: Map<string, SealedSecret>, key: Buffer) => boolean): Promise<void> {
    const next = this.queue.then(async () => {
      const { key, secrets } = await this.load();
      const updated = new Map(secrets);
      if (!apply(updated, key)) return;
      await writePrivateFileAtomic(this.path, serialise(updated));
      // Only a change that reached the disk becomes visible.
      this.loaded = Promise.resolve({ key, secrets: updated });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private load(): Promise<Loaded> {
    this.loaded ??= this.read().catch((error: unknown) => {
      this.loaded = null; // let a later call retry (e.g. after the key file's mode was fixed)
      throw error;
    });
    return this.loaded;
  }

  private async read(): Promise<Loaded> {
    const key = await loadOrCreateKey(this.options.dir);
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { key, secrets: new Map() };
      throw error;
    }
    let parsed: z.infer<typeof fileSchema>;
    try {
      parsed = fileSchema.parse(JSON.parse(text));
    } catch {
      throw new Error(
        `The secrets file ${this.path} is damaged and was left untouched. Move it away to start over ` +
          '(stored tokens are then lost and you sign in again).',
      );
    }
    return { key, secrets: new Map(Object.entries(parsed.secrets)) };
  }
}

function serialise(secrets: ReadonlyMap<string, SealedSecret>): string {
  const sorted = [...secrets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${JSON.stringify({ version: 1, secrets: Object.fromEntries(sorted) }, null, 2)}\n`;
}

function checkName(name: string): void {
  if (typeof name !== 'string' || name === '') throw new Error('A secret needs a non-empty name.');
}
