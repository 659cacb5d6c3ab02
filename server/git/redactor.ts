// Removes a credential from anything git printed before it reaches a log line or an error message.
// Git should never echo it (it travels in a header, not the URL), so this is the second line of defence.

export type Redactor = (text: string) => string;

export const REDACTED = '***';

export function redactorFor(
  credentials: { readonly username: string; readonly password: string } | null,
): Redactor {
  if (!credentials) return (text) => text;
  const { username, password } = credentials;
  const pair = `${username}:${password}`;
  const secrets = [pair, Buffer.from(pair).toString('base64'), password, encodeURIComponent(password)]
    .filter((secret) => secret !== '')
    // Longest first, so a pair is replaced whole before its password part.
    .sort((a, b) => b.length - a.length);
  return (text) => secrets.reduce((redacted, secret) => redacted.split(secret).join(REDACTED), text);
}
