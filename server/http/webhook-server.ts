import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientMistakeError, ClientMistakes } from './client-mistakes.js';
import { answerClientErrors } from './waiting-connections.js';
import { badUrlMessage, requestUrl } from './request-path.js';
import { sendJson, sendText } from './respond.js';

export type PublicRoute = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean>;

export interface WebhookServerOptions {
  readonly port: number;
  /** Tried in order; each answers and returns true, or returns false to pass the request on. */
  readonly routes: readonly PublicRoute[];
  readonly onError: (message: string, error: unknown) => void;
  /** Where the summary of clients' broken requests goes (client-mistakes.ts); onError by default. */
  readonly onWarning?: (message: string) => void;
  /** How often at most that summary is written; a minute by default. */
  readonly clientMistakeSummaryMs?: number;
  /**
   * The opaque nonce `GET /hooks/health` answers with, so the core can tell this server from whatever
   * else answers at the public URL (core/webhook-reachability.ts). Without one, a random nonce no core
   * knows: the server still answers, but never passes for the core's own.
   */
  readonly instance?: string;
}

export interface RunningWebhookServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The only listener the tunnel forwards to: webhooks, badges and its health answer, nothing of the UI
 * API. It listens on every interface so a team server's GitHub Enterprise can reach it directly too.
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<RunningWebhookServer> {
  const instance = options.instance ?? randomBytes(16).toString('hex');
  const mistakes = new ClientMistakes(
    options.onWarning ?? ((summary) => options.onError(summary, undefined)),
    options.clientMistakeSummaryMs ?? 60_000,
  );
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = requestUrl(request);
    if (url === null) return sendText(response, 400, `${badUrlMessage}\n`);
    if (url.pathname === '/' && request.method === 'GET') {
      return sendText(response, 200, 'Kozmic webhook endpoint. Webhooks go to /hooks/github/<hook id>.\n');
    }
    // Public, like the whole listener: the nonce identifies this process and grants nothing.
    if (url.pathname === '/hooks/health' && request.method === 'GET') {
      return sendJson(response, 200, { kozmic: true, instance });
    }
    for (const route of options.routes) {
      if (await route(request, response, url)) return;
    }
    sendText(response, 404, 'Not found.\n');
  };
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const mistake = error instanceof ClientMistakeError;
      if (mistake) mistakes.count(error.kind);
      else options.onError('The webhook server failed on a request', error);
      if (!response.headersSent) sendText(response, mistake ? 400 : 500, mistake ? 'Bad request.\n' : 'Internal error.\n');
      else response.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  answerClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      mistakes.flush();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
