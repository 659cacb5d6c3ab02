// The SecretStore port: tokens and webhook secrets, encrypted at rest.

/**
 * Secrets (OAuth tokens, webhook secrets) encrypted at rest: Electron's safeStorage on the desktop, a
 * key file readable only by its user on the headless host. Values never reach the JSON store or a log.
 */
export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  /** Idempotent. */
  delete(name: string): Promise<void>;
}
