import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { writePrivateFileAtomic } from '../shared/atomic-file.js';

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
  await writePrivateFileAtomic(path, `${token}\n`);
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
 * Refuses requests whose Host is not one of this server's (DNS rebinding, uiHostsFor) and cross-site browser
 * requests (an Origin other than the Host asked for). Non-browser clients send no Origin and are judged by token.
 */
export function isSameOriginRequest(
  request: IncomingMessage,
  allowedHosts: ReadonlySet<string> | null,
): boolean {
  const host = request.headers.host ?? '';
  if (!isKnownHost(request, allowedHosts)) return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** This machine's own names and addresses, which a team server bound beyond loopback answers to. */
export interface MachineNames {
  readonly hostname: string;
  readonly addresses: readonly string[];
}

export function machineNames(): MachineNames {
  const addresses = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((entry) => entry.address);
  return { hostname: hostname(), addresses };
}

/**
 * The Host headers the interface answers to (DNS rebinding: a foreign name resolving to this machine
 * must not reach the API). Loopback names always; bound beyond loopback, also this machine's own names
 * and addresses; and whatever the operator lists in KOZMIC_UI_ALLOWED_HOSTS (as given, e.g. a reverse
 * proxy's `ci.example.com`, and with the port).
 */
export function uiHostsFor(
  bindHost: string,
  port: number,
  extra: readonly string[],
  machine: MachineNames,
): ReadonlySet<string> {
  const withPort = (name: string) => `${name.includes(':') ? `[${name}]` : name}:${port}`;
  const names = ['127.0.0.1', 'localhost', '::1'];
  if (!names.includes(bindHost)) {
    names.push(machine.hostname, machine.hostname.split('.')[0]!, ...machine.addresses);
    if (bindHost !== '0.0.0.0' && bindHost !== '::') names.push(bindHost);
  }
  const hosts = new Set(names.filter((name) => name !== '').map(withPort));
  for (const entry of extra) {
    hosts.add(entry.toLowerCase());
    if (!/:\d+$/.test(entry)) hosts.add(`${entry.toLowerCase()}:${port}`);
  }
  return hosts;
}

/** What a refused Host is told: how to let it in. */
export function foreignHostMessage(host: string): string {
  return (
    `This Kozmic does not answer to the address "${host.slice(0, 100)}" (a guard against DNS rebinding). ` +
    'If it is yours, add it to KOZMIC_UI_ALLOWED_HOSTS (comma-separated, e.g. ci.example.com) and restart.'
  );
}

/** True when the request's Host is one the interface answers to. */
export function isKnownHost(request: IncomingMessage, allowedHosts: ReadonlySet<string> | null): boolean {
  return allowedHosts === null || allowedHosts.has((request.headers.host ?? '').toLowerCase());
}
