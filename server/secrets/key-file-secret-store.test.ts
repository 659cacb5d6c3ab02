// KeyFileSecretStore on a real folder: encryption at rest, file modes, tampering, reopening.
import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyFileSecretStore } from './key-file-secret-store.js';

const TOKEN = 'gho_16C7e42F292c6912E7710c838347Ae178B4a';
const posix = process.platform !== 'win32';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kozmic-secrets-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function storedFile(): Promise<{
  version: number;
  secrets: Record<string, { iv: string; tag: string; data: string }>;
}> {
  return JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'));
}

describe('KeyFileSecretStore', () => {
  it('gives back what was stored, and null for unknown names', async () => {
    const store = new KeyFileSecretStore({ dir });
    await store.set('github-token:1001', TOKEN);
    await store.set('hook-secret:h1', 'ünïcødé secret ✓');
    expect(await store.get('github-token:1001')).toBe(TOKEN);
    expect(await store.get('hook-secret:h1')).toBe('ünïcødé secret ✓');
    expect(await store.get('nothing')).toBeNull();
  });

  it('never writes a value in plain text, and uses a fresh IV for every value', async () => {
    const store = new KeyFileSecretStore({ dir });
    await store.set('a', TOKEN);
    await store.set('b', TOKEN);
    for (const name of await readdir(dir)) {
      const bytes = await readFile(join(dir, name));
      expect(bytes.includes(TOKEN)).toBe(false);
      expect(bytes.includes(Buffer.from(TOKEN).toString('base64'))).toBe(false);
    }
    const { secrets } = await storedFile();
    expect(secrets.a?.iv).not.toBe(secrets.b?.iv);
    expect(secrets.a?.data).not.toBe(secrets.b?.data);
  });

  it.runIf(posix)('keeps the key and the secrets readable by their owner only', async () => {
    const store = new KeyFileSecretStore({ dir });
    await store.set('a', TOKEN);
    expect((await stat(join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'secret.key'))).size).toBe(32);
  });

  it('reads the secrets back after reopening, and leaves no temporary files', async () => {
    const first = new KeyFileSecretStore({ dir });
    await Promise.all(Array.from({ length: 20 }, (_, i) => first.set(`s${i}`, `value ${i}`)));
    const reopened = new KeyFileSecretStore({ dir });
    for (let i = 0; i < 20; i++) expect(await reopened.get(`s${i}`)).toBe(`value ${i}`);
    expect((await readdir(dir)).sort()).toEqual(['secret.key', 'secrets.json']);
  });

  it('deletes idempotently', async () => {
    const store = new KeyFileSecretStore({ dir });
    await store.set('a', TOKEN);
    await store.delete('a');
    await store.delete('a');
    await store.delete('never-set');
    expect(await store.get('a')).toBeNull();
    expect(await new KeyFileSecretStore({ dir }).get('a')).toBeNull();
  });

  it('detects a tampered ciphertext, tag or IV instead of returning garbage', async () => {
    await new KeyFileSecretStore({ dir }).set('a', TOKEN);
    const original = await storedFile();
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64');
    };
    for (const field of ['data', 'tag', 'iv'] as const) {
      const entry = original.secrets.a!;
      const tampered = { ...original, secrets: { a: { ...entry, [field]: flip(entry[field]) } } };
      await writeFile(join(dir, 'secrets.json'), JSON.stringify(tampered));
      await expect(new KeyFileSecretStore({ dir }).get('a')).rejects.toThrow(
        /"a" .* failed its integrity check/,
      );
    }
  });

  it('binds each value to its name: a ciphertext moved under another name does not decrypt', async () => {
    await new KeyFileSecretStore({ dir }).set('token:alice', TOKEN);
    const file = await storedFile();
    file.secrets['token:mallory'] = file.secrets['token:alice']!;
    await writeFile(join(dir, 'secrets.json'), JSON.stringify(file));
    const store = new KeyFileSecretStore({ dir });
    expect(await store.get('token:alice')).toBe(TOKEN);
    await expect(store.get('token:mallory')).rejects.toThrow(/integrity check/);
  });

  it('refuses values encrypted with another key', async () => {
    await new KeyFileSecretStore({ dir }).set('a', TOKEN);
    await writeFile(join(dir, 'secret.key'), Buffer.alloc(32, 7), { mode: 0o600 });
    await expect(new KeyFileSecretStore({ dir }).get('a')).rejects.toThrow(/another key file/);
  });

  it.runIf(posix)('refuses a key file that group or others can read, saying why', async () => {
    await new KeyFileSecretStore({ dir }).set('a', TOKEN);
    await chmod(join(dir, 'secret.key'), 0o644);
    const store = new KeyFileSecretStore({ dir });
    await expect(store.get('a')).rejects.toThrow(/mode is 644.*decrypt every stored token.*chmod 600/);
    await expect(store.set('b', 'x')).rejects.toThrow(/Refusing to use the key file/);
    // Fixed by its owner: the same store works again.
    await chmod(join(dir, 'secret.key'), 0o600);
    expect(await store.get('a')).toBe(TOKEN);
  });

  it('reports a damaged secrets file and leaves it untouched', async () => {
    await new KeyFileSecretStore({ dir }).set('a', TOKEN);
    await writeFile(join(dir, 'secrets.json'), '{"version": 1, "secrets": {"a": ');
    const store = new KeyFileSecretStore({ dir });
    await expect(store.get('a')).rejects.toThrow(/secrets\.json is damaged/);
    await expect(store.set('b', 'x')).rejects.toThrow(/damaged/);
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).toBe('{"version": 1, "secrets": {"a": ');
  });

  it('reports a key file of the wrong size', async () => {
    await writeFile(join(dir, 'secret.key'), Buffer.alloc(16), { mode: 0o600 });
    await expect(new KeyFileSecretStore({ dir }).get('a')).rejects.toThrow(
      /damaged \(16 bytes instead of 32\)/,
    );
  });

  it('creates its folder when missing', async () => {
    const nested = join(dir, 'data', 'secrets');
    const store = new KeyFileSecretStore({ dir: nested });
    await store.set('a', TOKEN);
    expect(await new KeyFileSecretStore({ dir: nested }).get('a')).toBe(TOKEN);
  });
});
