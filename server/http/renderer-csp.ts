// The renderer's Content-Security-Policy, for both hosts (the headless UI server and the desktop's
// app:// scheme). It loads nothing from elsewhere and runs no inline script; connections only to
// itself. Images may come from any https: address (GitHub's avatars) and from the configured GitHub
// itself, which a GitHub Enterprise Server (or the stand-in) may serve over plain http.

const base = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'connect-src': "'self'",
  'frame-ancestors': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
};

/** `githubUrl`: the configured GitHub; its origin is allowed for images when it is not https. */
export function rendererCsp(githubUrl: string | null): string {
  const images = ["'self'", 'data:', 'https:'];
  const origin = httpOrigin(githubUrl);
  if (origin) images.push(origin);
  return Object.entries({ ...base, 'img-src': images.join(' ') })
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/** The origin of an http: address, exactly (scheme, host, port); null for anything else. */
function httpOrigin(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}
