// How the desktop protects secrets at rest. Electron's safeStorage is the system keychain on macOS and
// Windows; on Linux it is only when a secret service or KWallet answers: without one it falls back to
// `basic_text`, a password built into Chromium, which protects nothing. Then the key-file store
// (a random key in `<data dir>/secrets/secret.key`, mode 0600) is used instead, and Settings says so.
import type { SecretProtectionDto } from '../server/contract/dto.js';
import { join } from 'node:path';
import type { SecretStore } from '../server/core/ports.js';
import { KeyFileSecretStore } from '../server/secrets/key-file-secret-store.js';
import { SafeStorageSecrets, type SafeStorageLike } from './safe-storage-secrets.js';

/** The part of Electron's safeStorage that tells where its encryption key lives. */
export interface SafeStorageBackend {
  isEncryptionAvailable(): boolean;
  /** Linux only: `gnome_libsecret`, `kwallet`, `kwallet5`, `kwallet6`, `basic_text` or `unknown`. */
  getSelectedStorageBackend?(): string;
}

const keyringBackends = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

export function chooseSecretProtection(
  platform: NodeJS.Platform,
  safeStorage: SafeStorageBackend,
): SecretProtectionDto {
  if (!safeStorage.isEncryptionAvailable()) {
    return keyFile('the system keychain is not available');
  }
  if (platform !== 'linux')
    return { kind: 'keychain', detail: platform === 'darwin' ? 'macOS Keychain' : 'Windows DPAPI' };
  const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  if (keyringBackends.has(backend)) return { kind: 'keychain', detail: backend };
  return keyFile(
    backend === 'basic_text'
      ? 'no secret service or KWallet is running (Electron would use a built-in password)'
      : `the keyring backend is ${backend}`,
  );
}

function keyFile(why: string): SecretProtectionDto {
  return {
    kind: 'key-file',
    detail: `${why}; install and unlock gnome-keyring or KWallet to use the system keychain`,
  };
}

/**
 * The desktop's SecretStore for `protection`. With the key file, secrets an earlier run saved through
 * safeStorage (then with its built-in password) are moved over once, so nothing is lost.
 */
export async function desktopSecrets(
  dataDir: string,
  protection: SecretProtectionDto,
  safeStorage: SafeStorageLike,
): Promise<SecretStore> {
  const keychain = new SafeStorageSecrets(dataDir, safeStorage);
  if (protection.kind === 'keychain') return keychain;
  // A folder of its own: the key-file store's secrets.json has another format than safeStorage's.
  const keyFileStore = new KeyFileSecretStore({ dir: join(dataDir, 'secrets') });
  await keychain.moveAllTo(keyFileStore);
  return keyFileStore;
}
