// The public listener both hosts run: webhooks, badges and build-link pages, answering health checks
// with this process's nonce. Once it listens the core is told its port, so a wanted tunnel can open.
import type { Core } from '../core/core-api.js';
import type { Logger } from '../core/ports.js';
import { webhookInstance } from '../core/webhook-reachability.js';
import { badgeRoute } from '../http/badge-route.js';
import { buildLinkRoute } from '../http/build-link-route.js';
import { githubWebhookRoute } from '../http/webhook-route.js';
import { startWebhookServer, type RunningWebhookServer, type WebhookServerOptions } from '../http/webhook-server.js';

/** How the listener reports; tests shorten the summary interval of clients' broken requests. */
export type WebhookListenerOptions = Partial<Pick<WebhookServerOptions, 'onWarning' | 'clientMistakeSummaryMs'>>;

export async function startWebhookListener(
  core: Core,
  port: number,
  log: Logger,
  options: WebhookListenerOptions = {},
): Promise<RunningWebhookServer> {
  const server = await startWebhookServer({
    port,
    routes: [
      githubWebhookRoute(core.receiveWebhook),
      badgeRoute(core.lookUpBadge),
      buildLinkRoute(core.lookUpBuildLink),
    ],
    onError: log.error,
    onWarning: log.warn,
    instance: webhookInstance,
    ...options,
  });
  core.webhooksListening(server.port);
  return server;
}
