import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';

const tokenFile = 'ui-token';

/**
 * The UI API token: taken from configuration, else kept in the data dir (mode 0600) so the URL a user
 * bookmarked keeps working across restarts. Deleting the file issues a new token at the next start.
 */
export async function loadUiToken(dataDir: string, configured: string | null): Promise<string> {
  if (configured) return configured;
  const path = join(dataDir, tokenFile);
  try {
    const saved = (await readFile(path, 'utf8')).trim();
    if (/^[A-Za-z0-9_-]{32,}$/.test(saved)) return saved;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('base64url');
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  return token;
}

export function tokenMatches(expected: string, offered: string | undefined): boolean {
  if (offered === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(offered);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `Authorization: Bearer <token>` for HTTP calls. */
export function bearerToken(request: IncomingMessage): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** Browsers cannot set headers on a WebSocket, so the token rides as a `token.<value>` subprotocol. */
export function socketToken(request: IncomingMessage): string | undefined {
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  return offered.find((p) => p.startsWith('token.'))?.slice('token.'.length);
}

/**
 * Refuses requests whose Host is not this loopback server (DNS rebinding) and cross-site browser
 * requests (an Origin other than the Host asked for). Non-browser clients send no Origin and are judged by token.
 */
export function isSameOriginRequest(request: IncomingMessage, allowedHosts: ReadonlySet<string> | null): boolean {
  const host = request.headers.host ?? '';
  if (allowedHosts !== null && !allowedHosts.has(host)) return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Host headers a loopback server answers to; null (any) when the operator bound it to another address. */
export function loopbackHosts(bindHost: string, port: number): ReadonlySet<string> | null {
  if (!['127.0.0.1', 'localhost', '::1'].includes(bindHost)) return null;
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}
