import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { badPathMessage, decodedPath, requestUrl } from './request-path.js';
import { sendText } from './respond.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Serves the built renderer. Unknown paths without an extension get index.html, so the renderer's
 * routes survive a reload; paths that escape the folder are refused.
 */
export function staticFiles(
  root: string,
  contentSecurityPolicy: () => string,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const base = normalize(root + sep);
  return async (request, response) => {
    const pathname = decodedPath(requestUrl(request)?.pathname ?? '/');
    if (pathname === null) return sendText(response, 400, badPathMessage);
    let file = normalize(join(base, pathname));
    if (!file.startsWith(base)) return sendText(response, 403, 'Forbidden');
    if (pathname.endsWith('/') || extname(pathname) === '') file = join(base, 'index.html');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      if (file.endsWith('index.html')) {
        return sendText(response, 503, 'The Kozmic interface has not been built. Run `npm run build:renderer`.');
      }
      return sendText(response, 404, 'Not found');
    }
    const immutable = pathname.startsWith('/assets/');
    response.writeHead(200, {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'x-content-type-options': 'nosniff',
      'content-security-policy': contentSecurityPolicy(),
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (request.method === 'HEAD') return void response.end();
    createReadStream(file).pipe(response);
  };
}
