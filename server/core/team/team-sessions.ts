// Signing in to a team server's UI, one browser at a time: GitHub's device flow, then a random
// session token for that browser. Only the token's SHA-256 is stored, so a copy of state.json lets
// nobody in. Sessions last `sessionDays` from their last use.
import { createHash, randomBytes } from 'node:crypto';
import type { AuthStatusDto, TeamSignInDto, TeamSignInPollDto } from '../../contract/dto.js';
import { CoreError } from '../errors.js';
import type { Caller, Forge, Logger, Store } from '../ports.js';
import type { Repositories } from '../github/repositories.js';
import type { Tokens } from '../github/tokens.js';
import type { Members } from './members.js';

const sessionDays = 30;
/** Refreshing "last used" at most this often keeps a busy browser from writing state.json on every call. */
const touchEveryMs = 60 * 60_000;
/** Sign-ins waiting for GitHub at once; anyone who can reach the UI can start one, so they are bounded. */
const maxPendingFlows = 64;

interface Flow {
  readonly deviceCode: string;
  readonly expiresAt: number;
  intervalMs: number;
  nextPollAt: number;
  polling: boolean;
}

export class TeamSessions {
  readonly #flows = new Map<string, Flow>();

  constructor(
    private readonly s: {
      store: Store;
      tokens: Tokens;
      forge: () => Forge;
      repositories: Repositories;
      members: Members;
      log: Logger;
      githubUrl: () => string;
      canSignIn: boolean;
      now?: () => number;
    },
  ) {}

  async start(): Promise<TeamSignInDto> {
    if (!this.s.canSignIn) {
      throw new CoreError(
        'conflict',
        'This Kozmic server has no GitHub OAuth application: its operator must set KOZMIC_GITHUB_CLIENT_ID.',
      );
    }
    this.#forgetExpired();
    if (this.#flows.size >= maxPendingFlows) {
      throw new CoreError(
        'unavailable',
        'Too many sign-ins are waiting for GitHub. Try again in a few minutes.',
      );
    }
    const code = await this.s
      .forge()
      .startDeviceFlow()
      .catch((error: unknown) => {
        throw new CoreError('unavailable', `GitHub did not start the sign-in: ${(error as Error).message}`);
      });
    const flowId = randomBytes(18).toString('base64url');
    const now = this.#now();
    const intervalMs = Math.max(code.intervalSeconds, 1) * 1000;
    this.#flows.set(flowId, {
      deviceCode: code.deviceCode,
      expiresAt: now + code.expiresInSeconds * 1000,
      intervalMs,
      nextPollAt: now,
      polling: false,
    });
    return {
      flowId,
      userCode: code.userCode,
      verificationUri: code.verificationUri,
      expiresAt: new Date(now + code.expiresInSeconds * 1000).toISOString(),
      intervalSeconds: intervalMs / 1000,
    };
  }

  /** Asks GitHub at most once per interval, however often the browser asks. */
  async poll(flowId: string): Promise<TeamSignInPollDto> {
    const flow = this.#flows.get(flowId);
    if (!flow || flow.expiresAt <= this.#now()) {
      this.#flows.delete(flowId);
      return { state: 'expired', message: 'This sign-in code has expired. Start again.' };
    }
    if (flow.polling || this.#now() < flow.nextPollAt) return { state: 'pending' };
    flow.polling = true;
    try {
      const result = await this.s.forge().pollDeviceFlow(flow.deviceCode);
      flow.nextPollAt = this.#now() + flow.intervalMs;
      if (result.kind === 'pending') return { state: 'pending' };
      if (result.kind === 'slow_down') {
        flow.intervalMs = result.intervalSeconds * 1000;
        flow.nextPollAt = this.#now() + flow.intervalMs;
        return { state: 'pending' };
      }
      this.#flows.delete(flowId);
      if (result.kind === 'expired') {
        return {
          state: 'expired',
          message: 'The code expired before it was entered on GitHub. Start again.',
        };
      }
      if (result.kind === 'denied') return { state: 'denied', message: 'Access was refused on GitHub.' };
      return await this.#signedIn(result.token);
    } catch (error) {
      if (error instanceof CoreError) throw error;
      throw new CoreError('unavailable', `GitHub did not answer the sign-in: ${(error as Error).message}`);
    } finally {
      flow.polling = false;
    }
  }

  /** The teammate a session token belongs to, or null (unknown, expired, or their GitHub token is gone). */
  async callerOf(sessionToken: string): Promise<Caller | null> {
    const tokenHash = hashOf(sessionToken);
    const session = this.s.store.getSession(tokenHash);
    if (!session) return null;
    const now = this.#now();
    if (Date.parse(session.expiresAt) <= now || !(await this.s.tokens.token(session.githubId))) {
      await this.s.store.deleteSession(tokenHash);
      return null;
    }
    if (now - Date.parse(session.lastUsedAt) > touchEveryMs) {
      await this.s.store.saveSession(tokenHash, {
        ...session,
        lastUsedAt: new Date(now).toISOString(),
        expiresAt: new Date(now + sessionDays * 86_400_000).toISOString(),
      });
    }
    return { kind: 'teammate', githubId: session.githubId, sessionId: tokenHash };
  }

  /** Whether a caller's session still stands (the operator's always does). */
  async stillSignedIn(caller: Caller): Promise<boolean> {
    if (caller.kind !== 'teammate') return caller.kind === 'operator';
    const session = this.s.store.getSession(caller.sessionId);
    return (
      session !== null &&
      Date.parse(session.expiresAt) > this.#now() &&
      (await this.s.tokens.token(session.githubId)) !== null
    );
  }

  status(caller: Caller & { kind: 'teammate' }): AuthStatusDto {
    return {
      account: this.s.store.getAccount(caller.githubId),
      needsSignIn: false,
      deviceCode: null,
      githubUrl: this.s.githubUrl(),
      canSignIn: this.s.canSignIn,
      canUseBrowser: false,
      problem: null,
      access: 'teammate',
    };
  }

  /**
   * Ends this browser's session. The person's GitHub token is forgotten with their last session, unless
   * the host itself signed in with that account.
   */
  async end(caller: Caller & { kind: 'teammate' }): Promise<AuthStatusDto> {
    await this.s.store.deleteSession(caller.sessionId);
    const isHost = this.s.store.getHostAccountId() === caller.githubId;
    if (!isHost && this.s.store.countSessionsOf(caller.githubId) === 0) {
      await this.s.tokens.forgetToken(caller.githubId);
    }
    return { ...this.status(caller), account: null };
  }

  async #signedIn(token: string): Promise<TeamSignInPollDto> {
    const user = await this.s.forge().currentUser(token);
    await this.s.store.saveAccount({
      githubId: user.githubId,
      login: user.login,
      name: user.name,
      avatarUrl: user.avatarUrl,
      email: user.email,
    });
    await this.s.tokens.setToken(user.githubId, token);
    try {
      await this.s.members.syncPerson(user, await this.s.repositories.fetch(user.githubId, token));
    } catch (error) {
      // They keep the roles from the last sync; the next sign-in or "Sync members" catches up.
      this.s.log.warn(`Reading ${user.login}'s repositories at sign-in failed: ${(error as Error).message}`);
    }
    const sessionToken = randomBytes(32).toString('base64url');
    const now = new Date(this.#now());
    await this.s.store.saveSession(hashOf(sessionToken), {
      githubId: user.githubId,
      createdAt: now.toISOString(),
      lastUsedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + sessionDays * 86_400_000).toISOString(),
    });
    this.s.log.info(`${user.login} signed in to the team UI.`);
    return { state: 'signed-in', sessionToken, account: this.s.store.getAccount(user.githubId)! };
  }

  #forgetExpired(): void {
    const now = this.#now();
    for (const [id, flow] of this.#flows) if (flow.expiresAt <= now) this.#flows.delete(id);
  }

  #now(): number {
    return this.s.now?.() ?? Date.now();
  }
}

function hashOf(sessionToken: string): string {
  return createHash('sha256').update(sessionToken).digest('hex');
}
