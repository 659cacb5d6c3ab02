// A request's target, read without throwing: bad input from a client is a 400, never an exception
// that would end as a 500 with a stack trace in the log.
import type { IncomingMessage } from 'node:http';

/** The request's URL, or null when its target is not a URL at all (e.g. `GET //[`). */
export function requestUrl(request: IncomingMessage): URL | null {
  try {
    return new URL(request.url ?? '/', 'http://x');
  } catch {
    return null;
  }
}

/** The pathname with its percent-escapes decoded, or null when one is malformed (`%E0%A4%A`, `%ff`). */
export function decodedPath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

export const badPathMessage = 'Bad request: the path has a malformed percent-escape.';
export const badUrlMessage = 'Bad request: the request target is not a valid URL.';
