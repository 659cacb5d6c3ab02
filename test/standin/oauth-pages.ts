// The few HTML pages a person sees on the stand-in: device-code entry and the web-flow consent.
// No passwords: whoever opens the page picks which stand-in user they are.
import { escapeHtml } from './http-kit.js';
import type { Account } from './model.js';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · GitHub stand-in</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem; color: #1f2328; }
  h1 { font-size: 1.4rem; } label { display: block; margin: .8rem 0 .3rem; }
  input, select { font: inherit; padding: .4rem; width: 100%; box-sizing: border-box; }
  input[name=user_code] { font-family: ui-monospace, monospace; letter-spacing: .15em; text-transform: uppercase; }
  button { font: inherit; padding: .45rem 1rem; margin: 1rem .5rem 0 0; cursor: pointer; }
  .note { color: #59636e; font-size: .9rem; }
</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function userSelect(users: readonly Account[]): string {
  const options = users
    .map(
      (u) =>
        `<option value="${escapeHtml(u.login)}">${escapeHtml(u.login)}${u.name ? ` (${escapeHtml(u.name)})` : ''}</option>`,
    )
    .join('');
  return `<label for="login">Signed in as</label><select id="login" name="login">${options}</select>`;
}

export function devicePage(users: readonly Account[], userCode: string, message = ''): string {
  return page(
    'Device activation',
    `${message ? `<p><strong>${escapeHtml(message)}</strong></p>` : ''}
<form method="post" action="/login/device">
  <label for="user_code">Enter the code displayed on your device</label>
  <input id="user_code" name="user_code" value="${escapeHtml(userCode)}" placeholder="XXXX-XXXX" autocomplete="off" autofocus>
  ${userSelect(users)}
  <button name="decision" value="approve" type="submit">Authorize</button>
  <button name="decision" value="deny" type="submit">Cancel</button>
</form>
<p class="note">This is the GitHub stand-in used for trying Kozmic out; there is no password.</p>`,
  );
}

export function deviceDonePage(approved: boolean): string {
  return page(
    approved ? 'Congratulations, you are all set!' : 'Authorization cancelled',
    `<p>${approved ? 'Your device is now connected. You can return to Kozmic.' : 'Kozmic was not given access.'}</p>`,
  );
}

/** The consent page of the web flow; the form posts the original query back. */
export function authorizePage(users: readonly Account[], query: URLSearchParams): string {
  const hidden = [...query]
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const scopes = query.get('scope') || '(no scopes)';
  return page(
    'Authorize Kozmic',
    `<p>Kozmic would like access to your account (scopes: <code>${escapeHtml(scopes)}</code>).</p>
<form method="post" action="/login/oauth/authorize">${hidden}
  ${userSelect(users)}
  <button name="decision" value="approve" type="submit">Authorize</button>
  <button name="decision" value="deny" type="submit">Cancel</button>
</form>`,
  );
}

export function notFoundPage(what: string): string {
  return page('Not found', `<p>${escapeHtml(what)}</p>`);
}
