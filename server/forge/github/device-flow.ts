// The OAuth device flow as GitHub documents it: two form posts to the web root (not the API).
// Done with Octokit's `request` rather than @octokit/oauth-app, whose `createToken` runs the whole
// polling loop itself, while the port asks for one poll per call (the core owns the waiting).
import { z } from 'zod';
import { ForgeError, type DeviceCode, type DevicePoll } from '../../core/ports.js';

/** The one Octokit call used here (an instance's `request`, so timeouts and user agent are shared). */
export type OAuthRequest = (
  route: string,
  parameters: Record<string, unknown>,
) => Promise<{ readonly data: unknown }>;

const deviceCodeAnswer = z.object({
  device_code: z.string().min(1),
  user_code: z.string().min(1),
  verification_uri: z.string().min(1),
  expires_in: z.number().positive(),
  interval: z.number().nonnegative(),
});

const oauthFailure = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  interval: z.number().optional(),
});

const tokenAnswer = z.object({ access_token: z.string().min(1) });

function refused(data: unknown, what: string): ForgeError {
  const failure = oauthFailure.safeParse(data);
  const reason = failure.success
    ? `${failure.data.error_description ?? failure.data.error} (${failure.data.error})`
    : 'an answer Kozmic does not understand';
  return new ForgeError('invalid', `GitHub refused ${what}: ${reason}. Check KOZMIC_GITHUB_CLIENT_ID.`);
}

export async function startDeviceFlow(
  request: OAuthRequest,
  webUrl: string,
  clientId: string,
  scopes: readonly string[],
): Promise<DeviceCode> {
  const { data } = await request('POST /login/device/code', {
    baseUrl: webUrl,
    headers: { accept: 'application/json' },
    client_id: clientId,
    scope: scopes.join(' '),
  });
  const answer = deviceCodeAnswer.safeParse(data);
  if (!answer.success) throw refused(data, 'to start the device sign-in');
  return {
    deviceCode: answer.data.device_code,
    userCode: answer.data.user_code,
    verificationUri: answer.data.verification_uri,
    expiresInSeconds: answer.data.expires_in,
    intervalSeconds: answer.data.interval,
  };
}

export async function pollDeviceFlow(
  request: OAuthRequest,
  webUrl: string,
  clientId: string,
  deviceCode: string,
): Promise<DevicePoll> {
  const { data } = await request('POST /login/oauth/access_token', {
    baseUrl: webUrl,
    headers: { accept: 'application/json' },
    client_id: clientId,
    device_code: deviceCode,
    grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
  });
  const token = tokenAnswer.safeParse(data);
  if (token.success) return { kind: 'token', token: token.data.access_token };
  const failure = oauthFailure.safeParse(data);
  switch (failure.success ? failure.data.error : null) {
    case 'authorization_pending':
      return { kind: 'pending' };
    case 'slow_down':
      // GitHub always sends the new interval; if not, back off by its documented 5 s step from the default.
      return { kind: 'slow_down', intervalSeconds: failure.data?.interval ?? 10 };
    case 'expired_token':
    case 'token_expired':
    case 'incorrect_device_code':
      return { kind: 'expired' };
    case 'access_denied':
      return { kind: 'denied' };
    default:
      throw refused(data, 'the device sign-in');
  }
}
