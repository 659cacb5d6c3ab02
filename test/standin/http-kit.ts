// Small HTTP helpers shared by the stand-in's endpoints: bodies in, JSON out, GitHub's pagination.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const DOCS = 'https://docs.github.com/rest';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    'X-GitHub-Media-Type': 'github.v3; format=json',
    'X-GitHub-Request-Id': randomBytes(8).toString('hex').toUpperCase(),
    ...headers,
  });
  res.end(text);
}

/** GitHub's error body: `{ message, documentation_url }` (plus `errors` for 422s). */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { message, documentation_url: DOCS, status: String(status), ...extra }, headers);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(html);
}

export async function readText(req: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The body's fields, from JSON or a form; the OAuth endpoints also take them from the query string.
 * Null when the body cannot be parsed.
 */
export async function readFields(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const text = await readText(req);
  if (text.trim() === '') return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * One page of `items` per `per_page` (default 30, at most 100) and `page`, with GitHub's `Link`
 * header (`next`, `last`, `first`, `prev`) pointing back at the same URL.
 */
export function paginate<T>(
  publicUrl: URL,
  items: readonly T[],
): { page: readonly T[]; headers: Record<string, string> } {
  const perPage = Math.min(
    100,
    Math.max(1, Number.parseInt(publicUrl.searchParams.get('per_page') ?? '', 10) || 30),
  );
  const page = Math.max(1, Number.parseInt(publicUrl.searchParams.get('page') ?? '', 10) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const at = (n: number) => {
    const url = new URL(publicUrl);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(n));
    return url.toString();
  };
  const links: string[] = [];
  if (page < last) links.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  if (page > 1) links.push(`<${at(1)}>; rel="first"`, `<${at(page - 1)}>; rel="prev"`);
  return {
    page: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length ? { Link: links.join(', ') } : {},
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
