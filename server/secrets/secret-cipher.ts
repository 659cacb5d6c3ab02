// AES-256-GCM for one secret: a fresh 12-byte IV per value, the 16-byte tag, and the secret's name
// as additional data, so a ciphertext copied under another name fails to decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SealedSecret {
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
}

const aad = (name: string) => Buffer.from(`kozmic-secret:v1:${name}`, 'utf8');

export function seal(key: Buffer, name: string, value: string): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(name));
  const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** The value, or null when the entry does not authenticate (tampered, damaged, or another key). */
export function unseal(key: Buffer, name: string, sealed: SealedSecret): string | null {
  const iv = Buffer.from(sealed.iv, 'base64');
  const tag = Buffer.from(sealed.tag, 'base64');
  if (iv.length !== 12 || tag.length !== 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
    decipher.setAAD(aad(name));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}
