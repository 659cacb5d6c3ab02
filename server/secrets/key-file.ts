// The headless host's master key: 32 random bytes in `<dir>/secret.key`, readable only by its user.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const KEY_BYTES = 32;

/** Reads the key, creating it (mode 0600) the first time. */
export async function loadOrCreateKey(dir: string): Promise<Buffer> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, 'secret.key');
  try {
    // Exclusive create: two processes starting at once cannot both write a key.
    const handle = await open(path, 'wx', 0o600);
    try {
      const key = randomBytes(KEY_BYTES);
      await handle.writeFile(key);
      await handle.sync();
      // The umask may have narrowed the mode; make sure it is exactly 0600.
      await chmod(path, 0o600);
      return key;
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  await refuseSharedKeyFile(path);
  const key = await readFile(path);
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `The key file ${path} is damaged (${key.length} bytes instead of ${KEY_BYTES}). Secrets encrypted with it cannot be read; ` +
        'move it away to start over (stored tokens are then lost and you sign in again).',
    );
  }
  return key;
}

/**
 * Anyone who can read the key can decrypt every stored token, and anyone who can write it can swap
 * it; so on POSIX systems a key file open to group or others is refused rather than silently used.
 */
async function refuseSharedKeyFile(path: string): Promise<void> {
  if (process.platform === 'win32') return; // no POSIX modes; the profile folder's ACL protects it
  const { mode } = await stat(path);
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(3, '0');
    throw new Error(
      `Refusing to use the key file ${path}: its mode is ${octal}, so other users could read or replace it and ` +
        `decrypt every stored token. Run "chmod 600 ${path}" if only you have had access to it.`,
    );
  }
}
