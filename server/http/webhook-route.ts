import type { ReceiveWebhook } from '../core/ports.js';
import { BodyTooLargeError, readBody } from './request-body.js';
import { sendJson } from './respond.js';
import type { PublicRoute } from './webhook-server.js';

/** GitHub sends at most 25 MB; pushes of real repositories stay far below this. */
const maxDeliveryBytes = 5 * 1024 * 1024;

/** `POST /hooks/github/<hook id>`: reads the request and hands it to the core's intake. */
export function githubWebhookRoute(receive: ReceiveWebhook): PublicRoute {
  return async (request, response, url) => {
    const match = /^\/hooks\/github\/([^/]+)$/.exec(url.pathname);
    if (!match) return false;
    if (request.method !== 'POST') {
      sendJson(response, 405, { message: 'Webhooks are POSTed.' });
      return true;
    }
    let body: Buffer;
    try {
      body = await readBody(request, maxDeliveryBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      sendJson(response, 413, { message: `Deliveries over ${maxDeliveryBytes} bytes are refused.` });
      return true;
    }
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    let hookId = '';
    try {
      hookId = decodeURIComponent(match[1]!);
    } catch {
      // malformed escapes name no hook: the intake answers 404
    }
    const answer = await receive({
      hookId,
      event: header('x-github-event'),
      deliveryId: header('x-github-delivery'),
      signature: request.headers['x-hub-signature-256'],
      body,
    });
    sendJson(response, answer.status, { message: answer.message });
    return true;
  };
}
