// Which protection the desktop uses for secrets, with a test double of Electron's safeStorage: the
// system keychain only when one really holds the key; else the key file, with earlier secrets moved.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SafeStorageSecrets, type SafeStorageLike } from './safe-storage-secrets.js';
import { chooseSecretProtection, desktopSecrets } from './secret-protection.js';

function safeStorageWith(
  backend: string | undefined,
  available = true,
): SafeStorageLike & { getSelectedStorageBackend?(): string } {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text) => Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a)),
    decryptString: (data) => Buffer.from([...data].map((b) => b ^ 0x5a)).toString(),
    ...(backend === undefined ? {} : { getSelectedStorageBackend: () => backend }),
  };
}

describe('chooseSecretProtection', () => {
  it.each(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])(
    'uses the keychain on Linux with %s',
    (backend) => {
      expect(chooseSecretProtection('linux', safeStorageWith(backend))).toEqual({
        kind: 'keychain',
        detail: backend,
      });
    },
  );

  it.each([['basic_text'], ['unknown'], [undefined]])('uses the key file on Linux with %s', (backend) => {
    const protection = chooseSecretProtection('linux', safeStorageWith(backend));
    expect(protection.kind).toBe('key-file');
    expect(protection.detail).toMatch(/gnome-keyring or KWallet/);
  });

  it('uses the keychain on macOS and Windows when it is available, else the key file', () => {
    expect(chooseSecretProtection('darwin', safeStorageWith(undefined)).kind).toBe('keychain');
    expect(chooseSecretProtection('win32', safeStorageWith(undefined)).kind).toBe('keychain');
    expect(chooseSecretProtection('darwin', safeStorageWith(undefined, false)).kind).toBe('key-file');
  });
});

describe('desktopSecrets', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'kozmic-protection-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('moves secrets saved under basic_text to the key file once, losing none', async () => {
    const basicText = safeStorageWith('basic_text');
    await new SafeStorageSecrets(dir, basicText).set('github-token', 'gho_saved_earlier');
    const protection = chooseSecretProtection('linux', basicText);
    const secrets = await desktopSecrets(dir, protection, basicText);
    expect(await secrets.get('github-token')).toBe('gho_saved_earlier');
    await expect(stat(join(dir, 'secrets.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await stat(join(dir, 'secrets', 'secret.key'))).mode & 0o777).toBe(0o600);
    await secrets.set('hook-secret:h1', 'whsec_new');
    expect(await (await desktopSecrets(dir, protection, basicText)).get('hook-secret:h1')).toBe('whsec_new');
  });

  it('keeps using safeStorage when a keyring holds the key', async () => {
    const libsecret = safeStorageWith('gnome_libsecret');
    const secrets = await desktopSecrets(dir, chooseSecretProtection('linux', libsecret), libsecret);
    await secrets.set('github-token', 'gho_x');
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).not.toContain('gho_x');
  });
});
