import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendText } from './respond.js';

export type PublicRoute = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean>;

export interface WebhookServerOptions {
  readonly port: number;
  /** Tried in order; each answers and returns true, or returns false to pass the request on. */
  readonly routes: readonly PublicRoute[];
  readonly onError: (message: string, error: unknown) => void;
}

export interface RunningWebhookServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The only listener the tunnel forwards to: webhooks and badges, nothing of the UI API. It listens on
 * every interface so a team server's GitHub Enterprise can reach it directly too.
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<RunningWebhookServer> {
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/' && request.method === 'GET') {
      return sendText(response, 200, 'Kozmic webhook endpoint. Webhooks go to /hooks/github/<hook id>.\n');
    }
    for (const route of options.routes) {
      if (await route(request, response, url)) return;
    }
    sendText(response, 404, 'Not found.\n');
  };
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.onError('The webhook server failed on a request', error);
      if (!response.headersSent) sendText(response, 500, 'Internal error.\n');
      else response.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
