import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SafeStorageSecrets, type SafeStorageLike } from './safe-storage-secrets.js';

// Stands in for the OS keychain: a reversible transform, so the file never holds the plain value.
const keychain: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  encryptString: (text) => Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a)),
  decryptString: (data) => Buffer.from([...data].map((b) => b ^ 0x5a)).toString(),
};

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'kozmic-secrets-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('SafeStorageSecrets', () => {
  it('round-trips values through the keychain and never writes them in plain text', async () => {
    const secrets = new SafeStorageSecrets(dir, keychain);
    await Promise.all([secrets.set('token', 'gho_secret_value'), secrets.set('hook:1', 'whsec')]);
    expect(await secrets.get('token')).toBe('gho_secret_value');
    expect(await new SafeStorageSecrets(dir, keychain).get('hook:1')).toBe('whsec');
    const file = await readFile(join(dir, 'secrets.json'), 'utf8');
    expect(file).not.toContain('gho_secret_value');
    expect((await stat(join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
  });

  it('deletes idempotently', async () => {
    const secrets = new SafeStorageSecrets(dir, keychain);
    await secrets.set('token', 'x');
    await secrets.delete('token');
    await secrets.delete('token');
    expect(await secrets.get('token')).toBeNull();
  });

  it('refuses to store a secret when the keychain is unavailable', async () => {
    const secrets = new SafeStorageSecrets(dir, { ...keychain, isEncryptionAvailable: () => false });
    await expect(secrets.set('token', 'x')).rejects.toThrow(/keychain is not available/);
  });
});
