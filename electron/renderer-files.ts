// Which file of the built renderer an app://kozmic/ request names. Pure (no Electron), so the rules
// are tested directly: paths outside the folder are refused, a malformed escape is bad input (400),
// and paths without an extension are the renderer's routes (index.html).
import { join, normalize, sep } from 'node:path';
import { badPathMessage, decodedPath } from '../server/http/request-path.js';

export type RendererFile =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'refused'; readonly status: 400 | 403; readonly message: string };

export function rendererFileFor(rendererDir: string, requestUrl: string): RendererFile {
  const base = normalize(rendererDir + sep);
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'refused', status: 400, message: 'Bad request: not a URL.' };
  }
  const pathname = decodedPath(url.pathname === '/' ? '/index.html' : url.pathname);
  if (pathname === null) return { kind: 'refused', status: 400, message: badPathMessage };
  const file = normalize(join(base, pathname));
  if (url.host !== 'kozmic' || !file.startsWith(base))
    return { kind: 'refused', status: 403, message: 'Forbidden' };
  return { kind: 'file', path: /\.[a-z0-9]+$/i.test(file) ? file : join(base, 'index.html') };
}
