// `GET /projects/<id>/builds/<n>` on the webhook port: where the "Details" link of a commit status leads
// when the interface has no public address (the desktop). It names the build and opens it in the app
// through `kozmic://`; it shows no log, nothing of a private project but that it is a Kozmic build, and
// no way into the UI API (which this port never serves). Everything shown is escaped, and the page may
// load nothing and run no script.
import type { ServerResponse } from 'node:http';
import type { BuildLink, LookUpBuildLink } from '../core/ports.js';
import { buildOfPath } from '../core/ports.js';
import { sendText } from './respond.js';
import type { PublicRoute } from './webhook-server.js';

const contentSecurityPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function buildLinkRoute(lookUp: LookUpBuildLink): PublicRoute {
  return async (request, response, url) => {
    const build = buildOfPath(url.pathname);
    if (!build || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    const link = await lookUp(build.projectId, build.number);
    if (!link) {
      sendText(response, 404, 'Not found: there is no such Kozmic build.\n');
      return true;
    }
    sendPage(response, pageOf(link));
    return true;
  };
}

function pageOf(link: BuildLink): string {
  const name =
    link.fullName === null ? 'A Kozmic build' : `${escapeHtml(link.fullName)} · build #${link.number}`;
  const about =
    link.fullName === null
      ? 'This build belongs to a private project. Open it in the Kozmic app, where you can see it if you may.'
      : 'Its jobs and logs are in the Kozmic app.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${name} · Kozmic</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #1f2328; }
a.open { display: inline-block; padding: 0.6rem 1.1rem; border-radius: 6px; background: #1f6feb; color: #fff; text-decoration: none; }
p.note { color: #59636e; font-size: 0.9rem; }
</style>
</head>
<body>
<h1>${name}</h1>
<p>${about}</p>
<p><a class="open" href="${escapeHtml(link.appLink)}">Open in Kozmic</a></p>
<p class="note">The link opens the Kozmic desktop app where it is installed. On a team server, its operator can set the interface URL (KOZMIC_UI_PUBLIC_URL) so that this link opens the build in the browser instead.</p>
</body>
</html>
`;
}

function sendPage(response: ServerResponse, html: string): void {
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  response.end(response.req.method === 'HEAD' ? undefined : html);
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
