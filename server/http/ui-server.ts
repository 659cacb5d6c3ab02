import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dispatch, Disposer, EventListener, SubscribeLog } from '../core/ports.js';
import { EventSocket } from './event-socket.js';
import { BodyTooLargeError, readBody } from './request-body.js';
import { sendJson } from './respond.js';
import { staticFiles } from './static-files.js';
import { bearerToken, isSameOriginRequest, loopbackHosts, socketToken, tokenMatches } from './ui-access.js';

export interface UiServerOptions {
  readonly host: string;
  readonly port: number;
  readonly token: string;
  readonly rendererDir: string;
  readonly dispatch: Dispatch;
  readonly subscribe: (listener: EventListener) => Disposer;
  readonly subscribeLog: SubscribeLog;
  readonly onError: (message: string, error: unknown) => void;
}

export interface RunningUiServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const maxCallBytes = 2 * 1024 * 1024;

/**
 * The headless host's UI: the renderer's files, `POST /api/call/<command>` and the `/api/events`
 * WebSocket. Loopback only by default and always behind the token; never reachable through the tunnel,
 * which forwards to the webhook server's port instead.
 */
export async function startUiServer(options: UiServerOptions): Promise<RunningUiServer> {
  const serveFile = staticFiles(options.rendererDir);
  let allowedHosts: ReadonlySet<string> | null = null;
  const authorised = (request: IncomingMessage, offered: string | undefined): boolean =>
    isSameOriginRequest(request, allowedHosts) && tokenMatches(options.token, offered);

  const events = new EventSocket({
    subscribe: options.subscribe,
    subscribeLog: options.subscribeLog,
    admit: (request) =>
      new URL(request.url ?? '/', 'http://x').pathname === '/api/events' && authorised(request, socketToken(request)),
  });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const { pathname } = new URL(request.url ?? '/', 'http://x');
    if (!pathname.startsWith('/api/')) {
      if (!isSameOriginRequest(request, allowedHosts)) return sendJson(response, 403, forbidden);
      if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, notAllowed);
      return serveFile(request, response);
    }
    if (!authorised(request, bearerToken(request))) return sendJson(response, 401, unauthorised);
    const call = /^\/api\/call\/([A-Za-z0-9._-]+)$/.exec(pathname);
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
    sendJson(response, 200, await options.dispatch(call[1], args));
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
  allowedHosts = loopbackHosts(options.host, port);
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
