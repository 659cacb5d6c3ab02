// The web sign-in's loopback redirect: a one-shot listener on 127.0.0.1 (RFC 8252 §7.3) that takes
// GitHub's `?code&state`, hands them to the core and shows the person a page to close. It stops after
// one answered callback, or when the sign-in is abandoned.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OAuthCallback } from '../core/ports.js';
import { requestUrl } from './request-path.js';

const page = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title>` +
  `<body style="font-family:system-ui;margin:4rem auto;max-width:32rem"><h1>${title}</h1><p>${text}</p></body>`;

export const listenForOAuthCallback: OAuthCallback = async (complete) => {
  let finished = false;
  const server = createServer((request, response) => {
    const url = requestUrl(request);
    if (url?.pathname !== '/callback' || finished) {
      response.writeHead(404).end();
      return;
    }
    const code = url.searchParams.get('code') ?? '';
    const state = url.searchParams.get('state') ?? '';
    void complete(code, state).then((outcome) => {
      finished = outcome.ok;
      response.writeHead(outcome.ok ? 200 : 400, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
        'cache-control': 'no-store',
      });
      // The message is Kozmic's own text, never GitHub's or the query's.
      response.end(page(outcome.ok ? 'Signed in to Kozmic' : 'Sign-in failed', outcome.message));
      if (outcome.ok) server.close();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
};
