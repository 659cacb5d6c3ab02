// GitHub's OAuth endpoints for one OAuth app: the device flow (with `authorization_pending`,
// `slow_down`, `expired_token`, `access_denied`) and the web flow (authorize → code → token).
import { randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFields, sendHtml } from './http-kit.js';
import type { Account, StandinModel } from './model.js';
import { authorizePage, deviceDonePage, devicePage, notFoundPage } from './oauth-pages.js';
import type { Urls } from './shapes.js';

export interface OAuthOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Seconds a client must wait between device-flow polls; polling sooner answers `slow_down`. 0: never. */
  readonly deviceIntervalSeconds: number;
  readonly deviceExpiresInSeconds: number;
  /** Login that approves every web-flow authorisation at once (tests); null shows a consent page. */
  readonly webFlowUser: string | null;
}

interface DeviceGrant {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly scopes: readonly string[];
  expiresAt: number;
  interval: number;
  lastPollAt: number | null;
  decision: { approved: true; user: Account } | { approved: false } | null;
}

interface WebGrant {
  readonly user: Account;
  readonly scopes: readonly string[];
  readonly redirectUri: string | null;
  readonly expiresAt: number;
}

const USER_CODE_LETTERS = 'BCDFGHJKLMNPQRSTVWXZ0123456789';

const normaliseUserCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
const scopesOf = (value: unknown) => (typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : []);
const str = (value: unknown) => (typeof value === 'string' ? value : '');

export class OAuthEndpoints {
  private readonly devices = new Map<string, DeviceGrant>();
  private readonly codes = new Map<string, WebGrant>();

  constructor(
    private readonly model: StandinModel,
    private readonly urls: Urls,
    private readonly options: OAuthOptions,
  ) {}

  /** Answers the request when `path` is an OAuth path; false otherwise. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const url = new URL(req.url ?? '/', this.urls.web);
    const route = `${req.method} ${path}`;
    if (route === 'POST /login/device/code') await this.deviceCode(req, res, url);
    else if (route === 'GET /login/device')
      sendHtml(res, 200, devicePage(this.model.users(), str(url.searchParams.get('user_code'))));
    else if (route === 'POST /login/device') await this.devicePage(req, res);
    else if (route === 'POST /login/oauth/access_token') await this.accessToken(req, res, url);
    else if (route === 'GET /login/oauth/authorize') this.authorize(res, url.searchParams, null);
    else if (route === 'POST /login/oauth/authorize') await this.authorizeForm(req, res);
    else return false;
    return true;
  }

  /** Approves a pending device code as `login`, as a person would on `/login/device`. */
  approveDevice(userCode: string, login: string): void {
    this.decide(userCode, { approved: true, user: this.model.requireAccount(login) });
  }

  denyDevice(userCode: string): void {
    this.decide(userCode, { approved: false });
  }

  /** Makes the device code expire now. */
  expireDevice(userCode: string): void {
    this.grantOf(userCode).expiresAt = Date.now() - 1;
  }

  private grantOf(userCode: string): DeviceGrant {
    const wanted = normaliseUserCode(userCode);
    const grant = [...this.devices.values()].find((g) => normaliseUserCode(g.userCode) === wanted);
    if (!grant) throw new Error(`No pending device code ${userCode}`);
    return grant;
  }

  private decide(userCode: string, decision: NonNullable<DeviceGrant['decision']>): void {
    const grant = this.grantOf(userCode);
    if (grant.expiresAt < Date.now()) throw new Error(`The device code ${userCode} has expired`);
    grant.decision = decision;
  }

  private async fields(req: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
    return { ...Object.fromEntries(url.searchParams), ...((await readFields(req)) ?? {}) };
  }

  private async deviceCode(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const fields = await this.fields(req, url);
    if (fields.client_id !== this.options.clientId) {
      return answer(req, res, {
        error: 'incorrect_client_credentials',
        error_description: 'The client_id is not valid.',
      });
    }
    const letters = Array.from(
      { length: 8 },
      () => USER_CODE_LETTERS[randomInt(USER_CODE_LETTERS.length)],
    ).join('');
    const grant: DeviceGrant = {
      deviceCode: randomBytes(20).toString('hex'),
      userCode: `${letters.slice(0, 4)}-${letters.slice(4)}`,
      scopes: scopesOf(fields.scope),
      expiresAt: Date.now() + this.options.deviceExpiresInSeconds * 1000,
      interval: this.options.deviceIntervalSeconds,
      lastPollAt: null,
      decision: null,
    };
    this.devices.set(grant.deviceCode, grant);
    answer(req, res, {
      device_code: grant.deviceCode,
      user_code: grant.userCode,
      verification_uri: `${this.urls.web}/login/device`,
      expires_in: this.options.deviceExpiresInSeconds,
      interval: grant.interval,
    });
  }

  private async accessToken(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const fields = await this.fields(req, url);
    if (fields.client_id !== this.options.clientId) {
      return answer(
        req,
        res,
        oauthError(
          'incorrect_client_credentials',
          'The client_id and/or client_secret passed are incorrect.',
        ),
      );
    }
    if (fields.grant_type === 'urn:ietf:params:oauth:grant-type:device_code') {
      return answer(req, res, this.pollDevice(str(fields.device_code)));
    }
    if (fields.client_secret !== this.options.clientSecret) {
      return answer(
        req,
        res,
        oauthError(
          'incorrect_client_credentials',
          'The client_id and/or client_secret passed are incorrect.',
        ),
      );
    }
    const code = str(fields.code);
    const grant = this.codes.get(code);
    this.codes.delete(code); // a code is good for one exchange
    if (!grant || grant.expiresAt < Date.now()) {
      return answer(
        req,
        res,
        oauthError('bad_verification_code', 'The code passed is incorrect or expired.'),
      );
    }
    if (
      grant.redirectUri !== null &&
      fields.redirect_uri !== undefined &&
      fields.redirect_uri !== grant.redirectUri
    ) {
      return answer(
        req,
        res,
        oauthError(
          'redirect_uri_mismatch',
          'The redirect_uri MUST match the registered callback URL for this application.',
        ),
      );
    }
    answer(req, res, this.tokenFor(grant.user, grant.scopes));
  }

  private pollDevice(deviceCode: string): Record<string, unknown> {
    const grant = this.devices.get(deviceCode);
    if (!grant) return oauthError('incorrect_device_code', 'The device_code provided is not valid.');
    const now = Date.now();
    if (grant.expiresAt < now) {
      this.devices.delete(deviceCode);
      return oauthError('expired_token', 'The `device_code` has expired.');
    }
    if (grant.decision?.approved) {
      this.devices.delete(deviceCode);
      return this.tokenFor(grant.decision.user, grant.scopes);
    }
    if (grant.decision) {
      this.devices.delete(deviceCode);
      return oauthError('access_denied', 'The authorization request was denied.');
    }
    const tooSoon = grant.lastPollAt !== null && now - grant.lastPollAt < grant.interval * 1000;
    grant.lastPollAt = now;
    if (tooSoon) {
      grant.interval += 5;
      return {
        ...oauthError('slow_down', 'Too many requests have been made in the same timeframe.'),
        interval: grant.interval,
      };
    }
    return oauthError('authorization_pending', 'The authorization request is still pending.');
  }

  private tokenFor(user: Account, scopes: readonly string[]): Record<string, unknown> {
    return {
      access_token: this.model.issueToken(user, scopes),
      token_type: 'bearer',
      scope: scopes.join(','),
    };
  }

  private async devicePage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fields = (await readFields(req)) ?? {};
    const userCode = str(fields.user_code);
    try {
      if (fields.decision === 'deny') this.denyDevice(userCode);
      else this.approveDevice(userCode, str(fields.login));
      sendHtml(res, 200, deviceDonePage(fields.decision !== 'deny'));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      sendHtml(res, 400, devicePage(this.model.users(), userCode, message));
    }
  }

  private authorize(
    res: ServerResponse,
    query: URLSearchParams,
    decision: { login: string; approve: boolean } | null,
  ): void {
    if (query.get('client_id') !== this.options.clientId) {
      return sendHtml(res, 404, notFoundPage('No OAuth application has this client_id.'));
    }
    const login = decision?.login ?? this.options.webFlowUser;
    if (login === null) return sendHtml(res, 200, authorizePage(this.model.users(), query));
    const redirectUri = query.get('redirect_uri');
    const target = new URL(redirectUri ?? `${this.urls.web}/`);
    const state = query.get('state');
    if (decision && !decision.approve) {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The user has denied your application access.');
    } else {
      const code = randomBytes(10).toString('hex');
      this.codes.set(code, {
        user: this.model.requireAccount(login),
        scopes: scopesOf(query.get('scope')),
        redirectUri,
        expiresAt: Date.now() + 10 * 60_000,
      });
      target.searchParams.set('code', code);
    }
    if (state !== null) target.searchParams.set('state', state);
    res.writeHead(302, { Location: target.toString() });
    res.end();
  }

  private async authorizeForm(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fields = (await readFields(req)) ?? {};
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) {
      if (key !== 'login' && key !== 'decision') query.set(key, str(value));
    }
    this.authorize(res, query, { login: str(fields.login), approve: fields.decision !== 'deny' });
  }
}

function oauthError(error: string, description: string): Record<string, unknown> {
  return {
    error,
    error_description: description,
    error_uri: `https://docs.github.com/developers/apps/authorizing-oauth-apps`,
  };
}

/** GitHub answers OAuth calls as a form unless the client asks for JSON; errors are 200s too. */
function answer(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): void {
  if ((req.headers.accept ?? '').includes('application/json')) {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' });
  res.end(
    new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, String(v)])).toString(),
  );
}
