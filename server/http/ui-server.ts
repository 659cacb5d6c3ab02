import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isCommandName, signInCommands } from '../contract/commands.js';
import { operator, visitor, type Caller, type Dispatch, type Disposer, type EventListener, type OpenLogRelay } from '../core/ports.js';
import { EventSocket } from './event-socket.js';
import { BodyTooLargeError, readBody } from './request-body.js';
import { badUrlMessage, requestUrl } from './request-path.js';
import { sendJson } from './respond.js';
import { rendererCsp } from './renderer-csp.js';
import { staticFiles } from './static-files.js';
import {
  bearerToken,
  foreignHostMessage,
  isKnownHost,
  isSameOriginRequest,
  machineNames,
  socketToken,
  tokenMatches,
  uiHostsFor,
} from './ui-access.js';

export interface UiServerOptions {
  readonly host: string;
  readonly port: number;
  readonly token: string;
  readonly rendererDir: string;
  /** The configured GitHub (avatars may come from it, over http for an Enterprise Server). */
  readonly githubUrl: () => string;
  readonly dispatch: Dispatch;
  readonly subscribe: (listener: EventListener, caller: Caller) => Disposer;
  /** Live logs on the events WebSocket (rpc/log-relay.ts, opened per connection). */
  readonly openLogRelay: OpenLogRelay;
  /** A teammate's session token → who they are; null when it is unknown or ended. */
  readonly callerOf: (sessionToken: string) => Promise<Caller | null>;
  /** False once a teammate's session has ended; their open WebSocket is then closed. */
  readonly stillSignedIn: (caller: Caller) => Promise<boolean>;
  readonly onError: (message: string, error: unknown) => void;
  /** More Host names the interface answers to (KOZMIC_UI_ALLOWED_HOSTS), besides loopback and this machine's. */
  readonly allowedHosts?: readonly string[];
}

export interface RunningUiServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const maxCallBytes = 2 * 1024 * 1024;

/**
 * The headless host's UI: the renderer's files, `POST /api/call/<command>` and the `/api/events`
 * WebSocket. Loopback only by default; never reachable through the tunnel, which forwards to the
 * webhook server's port instead. The start-up token makes a caller the operator; a team server's
 * other people sign in with GitHub (the `session.*` commands, the only ones open without a token) and
 * then use their session token the same way.
 */
export async function startUiServer(options: UiServerOptions): Promise<RunningUiServer> {
  const serveFile = staticFiles(options.rendererDir, () => rendererCsp(options.githubUrl()));
  let allowedHosts: ReadonlySet<string> | null = null;
  /** The operator, a teammate, a visitor (no token at all), or null for a wrong token or origin. */
  const callerOf = async (request: IncomingMessage, offered: string | undefined): Promise<Caller | null> => {
    if (!isSameOriginRequest(request, allowedHosts)) return null;
    if (offered === undefined) return visitor;
    if (tokenMatches(options.token, offered)) return operator;
    return options.callerOf(offered);
  };

  const events = new EventSocket({
    subscribe: options.subscribe,
    openLogRelay: options.openLogRelay,
    admit: async (request) => {
      if (requestUrl(request)?.pathname !== '/api/events') return null;
      const caller = await callerOf(request, socketToken(request));
      return caller?.kind === 'operator' || caller?.kind === 'teammate' ? caller : null;
    },
    stillAdmitted: options.stillSignedIn,
  });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = requestUrl(request);
    if (url === null) return sendJson(response, 400, { ok: false, error: { code: 'invalid_arguments', message: badUrlMessage } });
    const { pathname } = url;
    if (!isKnownHost(request, allowedHosts)) {
      return sendJson(response, 403, { ok: false, error: { code: 'forbidden', message: foreignHostMessage(request.headers.host ?? '') } });
    }
    if (!pathname.startsWith('/api/')) {
      if (!isSameOriginRequest(request, allowedHosts)) return sendJson(response, 403, forbidden);
      if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, notAllowed);
      return serveFile(request, response);
    }
    const caller = await callerOf(request, bearerToken(request));
    const call = /^\/api\/call\/([A-Za-z0-9._-]+)$/.exec(pathname);
    const open = call !== null && isCommandName(call[1]) && signInCommands.has(call[1]);
    if (caller === null || (caller.kind === 'visitor' && !open)) return sendJson(response, 401, unauthorised);
    if (!call) return sendJson(response, 404, { ok: false, error: { code: 'not_found', message: 'No such API path.' } });
    if (request.method !== 'POST') return sendJson(response, 405, notAllowed);
    let args: unknown;
    try {
      const body = await readBody(request, maxCallBytes);
      args = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch (error) {
      const message = error instanceof BodyTooLargeError ? 'The request is too large.' : 'The request body is not JSON.';
      return sendJson(response, error instanceof BodyTooLargeError ? 413 : 400, {
        ok: false,
        error: { code: 'invalid_arguments', message },
      });
    }
    sendJson(response, 200, await options.dispatch(call[1], args, caller));
    // A signed-out teammate's other tabs lose their live connection now, not at the next check.
    if (caller.kind === 'teammate' && call[1] === 'auth.signOut') void events.recheck();
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.onError('The UI server failed on a request', error);
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: { code: 'internal', message: 'Internal error.' } });
      else response.destroy();
    });
  });
  server.on('upgrade', (request, socket, head) => events.handleUpgrade(request, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = uiHostsFor(options.host, port, options.allowedHosts ?? [], machineNames());
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${port}`,
    port,
    close: async () => {
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const unauthorised = {
  ok: false,
  error: { code: 'unauthorized', message: 'Missing or wrong token: open the URL Kozmic printed at start-up.' },
};
const forbidden = { ok: false, error: { code: 'forbidden', message: 'Cross-origin requests are refused.' } };
const notAllowed = { ok: false, error: { code: 'invalid_arguments', message: 'Method not allowed.' } };
