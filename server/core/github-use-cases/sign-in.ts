// Signing in with GitHub's device flow: show a code, let the user enter it on GitHub, poll until it
// is approved. Accounts are keyed by GitHub's numeric id; the token goes to the SecretStore.
import type { AccountDto, AuthStatusDto, DeviceCodeDto } from '../../contract/dto.js';
import { CoreError } from '../errors.js';
import type { EventBus } from '../event-bus.js';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ForgeError, type Forge, type Logger, type OAuthCallback, type Store } from '../ports.js';
import type { Tokens } from './tokens.js';

export class SignIn {
  readonly #store: Store;
  readonly #tokens: Tokens;
  readonly #forge: () => Forge;
  readonly #events: EventBus;
  readonly #log: Logger;
  readonly #githubUrl: () => string;
  readonly #canSignIn: boolean;
  readonly #canUseBrowser: boolean;
  readonly #listen: OAuthCallback;
  #webFlow: { state: string; readonly close: () => void; readonly timer: NodeJS.Timeout } | null = null;
  #deviceCode: DeviceCodeDto | null = null;
  #polling: NodeJS.Timeout | null = null;
  #problem: string | null = null;
  #needsSignIn = false;

  constructor(options: {
    store: Store;
    tokens: Tokens;
    forge: () => Forge;
    events: EventBus;
    log: Logger;
    githubUrl: () => string;
    canSignIn: boolean;
    /** The web flow needs the OAuth application's client secret. */
    canUseBrowser: boolean;
    listen: OAuthCallback;
  }) {
    this.#canUseBrowser = options.canUseBrowser;
    this.#listen = options.listen;
    this.#store = options.store;
    this.#tokens = options.tokens;
    this.#forge = options.forge;
    this.#events = options.events;
    this.#log = options.log;
    this.#githubUrl = options.githubUrl;
    this.#canSignIn = options.canSignIn;
  }

  /** The host's signed-in account: the one it signed in with, while its token is saved. */
  async account(): Promise<AccountDto | null> {
    const hostId = this.#store.getHostAccountId();
    if (hostId === null) return null;
    const account = this.#store.getAccount(hostId);
    return account && (await this.#tokens.token(hostId)) ? account : null;
  }

  /**
   * Data from before team mode did not record the host's account: it held at most one token, the
   * host's. Called once at start-up, before any teammate can sign in.
   */
  async adoptLegacyHost(): Promise<void> {
    if (this.#store.getHostAccountId() !== null) return;
    for (const account of this.#store.listAccounts()) {
      if (this.#store.countSessionsOf(account.githubId) > 0) continue;
      if (await this.#tokens.token(account.githubId)) return this.#store.setHostAccountId(account.githubId);
    }
  }

  /** The signed-in account and its token, or a "sign in" error for commands that act on GitHub. */
  async requireToken(): Promise<{ account: AccountDto; token: string }> {
    const account = await this.account();
    const token = account ? await this.#tokens.token(account.githubId) : null;
    if (!account || !token) throw new CoreError('unauthorized', 'Sign in with GitHub first.');
    return { account, token };
  }

  /** Call when GitHub refuses the host's token: the app asks to sign in again instead of repeating errors. */
  tokenRefused(error: unknown): void {
    if (error instanceof ForgeError && error.kind === 'unauthorized' && !this.#needsSignIn) {
      this.#needsSignIn = true;
      void this.#changed();
    }
  }

  async status(): Promise<AuthStatusDto> {
    return {
      account: await this.account(),
      needsSignIn: this.#needsSignIn,
      deviceCode: this.#deviceCode,
      githubUrl: this.#githubUrl(),
      canSignIn: this.#canSignIn,
      canUseBrowser: this.#canSignIn && this.#canUseBrowser,
      problem: this.#problem,
      access: 'operator',
    };
  }

  async startDeviceFlow(): Promise<AuthStatusDto> {
    if (!this.#canSignIn) {
      throw new CoreError(
        'conflict',
        'Sign-in needs a GitHub OAuth application: set KOZMIC_GITHUB_CLIENT_ID (with device flow enabled).',
      );
    }
    this.#stopPolling();
    const code = await this.#forge()
      .startDeviceFlow()
      .catch((error: unknown) => {
        throw new CoreError('unavailable', `GitHub did not start the sign-in: ${(error as Error).message}`);
      });
    this.#deviceCode = {
      userCode: code.userCode,
      verificationUri: code.verificationUri,
      expiresAt: new Date(Date.now() + code.expiresInSeconds * 1000).toISOString(),
    };
    this.#problem = null;
    this.#poll(code.deviceCode, code.intervalSeconds);
    return this.#changed();
  }

  /**
   * The web flow: returns GitHub's authorisation URL for the browser. GitHub redirects to a one-shot
   * loopback listener, which must bring back the same random `state` (no login CSRF).
   */
  async startWebFlow(): Promise<{ url: string }> {
    if (!this.#canSignIn || !this.#canUseBrowser) {
      throw new CoreError(
        'conflict',
        'Browser sign-in needs KOZMIC_GITHUB_CLIENT_ID and KOZMIC_GITHUB_CLIENT_SECRET.',
      );
    }
    this.#endWebFlow();
    const state = randomBytes(24).toString('hex');
    const listener = await this.#listen((code, offered) =>
      this.#completeWebFlow(code, offered, listener.redirectUri),
    );
    const timer = setTimeout(() => this.#endWebFlow(), webFlowMinutes * 60_000);
    timer.unref();
    this.#webFlow = { state, close: () => listener.close(), timer };
    return { url: this.#forge().webFlowUrl(state, listener.redirectUri) };
  }

  async #completeWebFlow(
    code: string,
    offered: string,
    redirectUri: string,
  ): Promise<{ ok: boolean; message: string }> {
    const expected = this.#webFlow?.state;
    if (!expected || !sameText(expected, offered) || code === '') {
      // A wrong state is someone else's link (login CSRF) or a stale tab: nothing is exchanged.
      return {
        ok: false,
        message: 'This sign-in link is not the one Kozmic started. Start the sign-in again.',
      };
    }
    // Used once; the listener closes itself after answering (or when the sign-in times out).
    if (this.#webFlow) this.#webFlow.state = '';
    try {
      await this.#signedIn(await this.#forge().exchangeWebCode(code, redirectUri));
      this.#problem = null;
      await this.#changed();
      return { ok: true, message: 'You can close this tab and return to Kozmic.' };
    } catch (error) {
      this.#problem = `Signing in failed: ${(error as Error).message}`;
      await this.#changed();
      return { ok: false, message: 'GitHub did not confirm the sign-in. Start it again from Kozmic.' };
    }
  }

  #endWebFlow(): void {
    if (!this.#webFlow) return;
    clearTimeout(this.#webFlow.timer);
    this.#webFlow.close();
    this.#webFlow = null;
  }

  async signOut(): Promise<AuthStatusDto> {
    this.#stopPolling();
    this.#deviceCode = null;
    const account = await this.account();
    if (account && !this.#stillNeeded(account.githubId)) await this.#tokens.forgetToken(account.githubId);
    await this.#store.setHostAccountId(null);
    this.#needsSignIn = false;
    return this.#changed();
  }

  close(): void {
    this.#stopPolling();
    this.#endWebFlow();
  }

  #poll(deviceCode: string, intervalSeconds: number): void {
    this.#polling = setTimeout(
      () => {
        void this.#pollOnce(deviceCode, intervalSeconds);
      },
      Math.max(intervalSeconds * 1000, 250),
    );
    this.#polling.unref();
  }

  async #pollOnce(deviceCode: string, intervalSeconds: number): Promise<void> {
    try {
      const result = await this.#forge().pollDeviceFlow(deviceCode);
      if (result.kind === 'pending') return this.#poll(deviceCode, intervalSeconds);
      if (result.kind === 'slow_down') return this.#poll(deviceCode, result.intervalSeconds);
      this.#deviceCode = null;
      if (result.kind === 'token') await this.#signedIn(result.token);
      else
        this.#problem =
          result.kind === 'expired' ? 'The code expired; start again.' : 'Access was denied on GitHub.';
    } catch (error) {
      this.#deviceCode = null;
      this.#problem = `Signing in failed: ${(error as Error).message}`;
      this.#log.warn(this.#problem);
    }
    await this.#changed();
  }

  async #signedIn(token: string): Promise<void> {
    const user = await this.#forge().currentUser(token);
    const previous = await this.account();
    // The previous account's token goes, unless a teammate session or a project still needs it.
    if (previous && previous.githubId !== user.githubId && !this.#stillNeeded(previous.githubId)) {
      await this.#tokens.forgetToken(previous.githubId);
    }
    await this.#store.saveAccount({
      githubId: user.githubId,
      login: user.login,
      name: user.name,
      avatarUrl: user.avatarUrl,
      email: user.email,
    });
    await this.#tokens.setToken(user.githubId, token);
    await this.#store.setHostAccountId(user.githubId);
    this.#needsSignIn = false;
    this.#log.info(`Signed in to GitHub as ${user.login}.`);
  }

  /** The same person is signed in to the team UI too: their token stays for that session. */
  #stillNeeded(githubId: number): boolean {
    return this.#store.countSessionsOf(githubId) > 0;
  }

  #stopPolling(): void {
    if (this.#polling) clearTimeout(this.#polling);
    this.#polling = null;
  }

  async #changed(): Promise<AuthStatusDto> {
    const status = await this.status();
    this.#events.emit('auth.changed', status);
    return status;
  }
}

const webFlowMinutes = 10;

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
