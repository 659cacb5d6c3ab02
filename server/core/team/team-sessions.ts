// Signing in to a team server's UI, one browser at a time: GitHub's device flow, then a random
// session token for that browser. Only the token's SHA-256 is stored, so a copy of state.json lets
// nobody in. Sessions last `sessionDays` from their last use.
import { createHash, randomBytes } from 'node:crypto';
import type { AuthStatusDto, SignInInfoDto, TeamSignInDto, TeamSignInPollDto } from '../../contract/dto.js';
import { CoreError } from '../errors.js';
import type { Caller, Forge, ForgeUser, Logger, SessionRecord, Store } from '../ports.js';
import type { Repositories } from '../github-use-cases/repositories.js';
import type { Tokens } from '../github-use-cases/tokens.js';
import type { Members } from './members.js';

const sessionDays = 30;
/** Refreshing "last used" at most this often keeps a busy browser from writing state.json on every call. */
const touchEveryMs = 60 * 60_000;
/** Sign-ins waiting for GitHub at once; anyone who can reach the UI can start one, so they are bounded. */
const maxPendingFlows = 64;
/** A sign-in whose browser stopped asking (closed tab, or someone holding slots) gives its slot up. */
const abandonedAfterMs = 2 * 60_000;

interface Flow {
  readonly deviceCode: string;
  readonly expiresAt: number;
  intervalMs: number;
  nextPollAt: number;
  lastAskedAt: number;
  polling: boolean;
}

export class TeamSessions {
  /** Flows by id; null while GitHub is asked for the code (the slot is taken before the wait). */
  readonly #flows = new Map<string, Flow | null>();
  /** People between GitHub's approval and their new session: a sign-out elsewhere keeps their token. */
  readonly #signingIn = new Set<number>();

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
      /** The interface listens beyond this machine (not on a loopback address). */
      openToOthers?: boolean;
      /** Someone signed in: work that waited for their token (commit statuses) can go on. */
      signedIn?: (githubId: number) => void;
      now?: () => number;
    },
  ) {}

  /**
   * Whether a page without a token offers the team sign-in. On a server only its operator can reach
   * and whose projects have nobody else, such a page is the operator's own without its token: it then
   * says where the token is instead of talking about a team.
   */
  info(): SignInInfoDto {
    if (!this.s.canSignIn) return { teamSignIn: false };
    const others = this.s.store.listProjects().some((p) => this.s.store.getMembers(p.id).members.length > 0);
    return { teamSignIn: (this.s.openToOthers ?? false) || others };
  }

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
    // The slot is taken before GitHub is asked, so a burst of requests cannot slip past the limit.
    const flowId = randomBytes(18).toString('base64url');
    this.#flows.set(flowId, null);
    const code = await this.s
      .forge()
      .startDeviceFlow()
      .catch((error: unknown) => {
        this.#flows.delete(flowId);
        throw new CoreError('unavailable', `GitHub did not start the sign-in: ${(error as Error).message}`);
      });
    const now = this.#now();
    const intervalMs = Math.max(code.intervalSeconds, 1) * 1000;
    this.#flows.set(flowId, {
      deviceCode: code.deviceCode,
      expiresAt: now + code.expiresInSeconds * 1000,
      intervalMs,
      nextPollAt: now,
      lastAskedAt: now,
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
    if (flow === null) return { state: 'pending' };
    if (!flow || this.#isOver(flow)) {
      this.#flows.delete(flowId);
      return { state: 'expired', message: 'This sign-in code has expired. Start again.' };
    }
    flow.lastAskedAt = this.#now();
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
    if (!(await this.#stands(session))) {
      await this.s.store.deleteSession(tokenHash);
      return null;
    }
    const now = this.#now();
    if (now - Date.parse(session.lastUsedAt) > touchEveryMs) {
      await this.s.store.saveSession(tokenHash, {
        ...session,
        lastUsedAt: new Date(now).toISOString(),
        expiresAt: new Date(now + sessionDays * 86_400_000).toISOString(),
      });
      // Access follows GitHub while someone stays signed in too: their roles are read again (a token
      // GitHub refuses ends their sessions), without holding up this request.
      void this.#syncRoles(session.githubId).catch((error: unknown) =>
        this.s.log.warn(
          `Refreshing the roles of GitHub user ${session.githubId}: ${(error as Error).message}`,
        ),
      );
    }
    return { kind: 'teammate', githubId: session.githubId, sessionId: tokenHash };
  }

  /**
   * Ends expired sessions and forgets the GitHub tokens nothing needs any more (run at start-up and
   * daily): a session that is never presented again would otherwise keep its person's token for ever.
   */
  async sweep(): Promise<void> {
    const ended = await this.s.store.deleteExpiredSessions(new Date(this.#now()).toISOString());
    for (const githubId of ended) {
      if (!this.#tokenStillNeeded(githubId)) await this.s.tokens.forgetToken(githubId);
    }
    if (ended.length > 0) this.s.log.info(`Ended the expired team sessions of ${ended.length} person(s).`);
  }

  /** Whether a caller's session still stands (the operator's always does). */
  async stillSignedIn(caller: Caller): Promise<boolean> {
    if (caller.kind !== 'teammate') return caller.kind === 'operator';
    const session = this.s.store.getSession(caller.sessionId);
    return session !== null && (await this.#stands(session));
  }

  /** Not expired, and its person's GitHub token is still kept. */
  async #stands(session: SessionRecord): Promise<boolean> {
    return (
      Date.parse(session.expiresAt) > this.#now() && (await this.s.tokens.token(session.githubId)) !== null
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
    if (!this.#tokenStillNeeded(caller.githubId)) await this.s.tokens.forgetToken(caller.githubId);
    return { ...this.status(caller), account: null };
  }

  /**
   * A person's GitHub token outlives their last session while the host signed in with it, while they
   * sign in again elsewhere, or while they own a project (its clones, webhooks and statuses use it).
   */
  #tokenStillNeeded(githubId: number): boolean {
    return this.#signingIn.has(githubId) || this.#tokenInUse(githubId);
  }

  #tokenInUse(githubId: number): boolean {
    return (
      this.s.store.getHostAccountId() === githubId ||
      this.s.store.countSessionsOf(githubId) > 0 ||
      this.s.store.listProjects().some((project) => project.ownerGithubId === githubId)
    );
  }

  /** Reads the person's repositories with their token and sets their role in every project. */
  async #syncRoles(githubId: number): Promise<void> {
    const token = await this.s.tokens.token(githubId);
    const account = this.s.store.getAccount(githubId);
    if (!token || !account) return;
    await this.s.members.syncPerson(account, await this.s.repositories.fetch(githubId, token));
  }

  /** Whether the person owns a project or has a role in one: who may use this server. */
  #hasAnyRole(githubId: number): boolean {
    return this.s.store.listProjects().some((project) => {
      const people = this.s.store.getMembers(project.id);
      if (project.ownerGithubId === githubId) return people.ownerAccess !== 'none';
      return people.members.some((member) => member.githubId === githubId);
    });
  }

  async #signedIn(token: string): Promise<TeamSignInPollDto> {
    const user = await this.s.forge().currentUser(token);
    this.#signingIn.add(user.githubId);
    try {
      return await this.#admit(user, token);
    } finally {
      this.#signingIn.delete(user.githubId);
    }
  }

  async #admit(user: ForgeUser, token: string): Promise<TeamSignInPollDto> {
    await this.s.store.saveAccount({
      githubId: user.githubId,
      login: user.login,
      name: user.name,
      avatarUrl: user.avatarUrl,
      email: user.email,
    });
    await this.s.tokens.setToken(user.githubId, token);
    let problem: string | null = null;
    try {
      await this.s.members.syncPerson(user, await this.s.repositories.fetch(user.githubId, token));
    } catch (error) {
      // They keep the roles from the last sync; the next sign-in or "Sync members" catches up.
      problem = (error as Error).message;
      this.s.log.warn(`Reading ${user.login}'s repositories at sign-in failed: ${problem}`);
    }
    // Builds run code on this machine: only people with access to one of its projects on GitHub get in.
    if (!this.#hasAnyRole(user.githubId)) {
      if (!this.#tokenInUse(user.githubId)) await this.s.tokens.forgetToken(user.githubId);
      this.s.log.info(`${user.login} signed in with GitHub but has no role in any project; not let in.`);
      return {
        state: 'denied',
        message: problem
          ? `Kozmic could not read your repositories on GitHub (${problem}). Try again later.`
          : `${user.login} has no access to any project on this Kozmic server. Ask whoever runs it to add ` +
            'a repository you can access on GitHub.',
      };
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
    this.s.signedIn?.(user.githubId);
    return { state: 'signed-in', sessionToken, account: this.s.store.getAccount(user.githubId)! };
  }

  #forgetExpired(): void {
    for (const [id, flow] of this.#flows) if (flow !== null && this.#isOver(flow)) this.#flows.delete(id);
  }

  /** Expired, or abandoned by its browser. */
  #isOver(flow: Flow): boolean {
    const now = this.#now();
    return flow.expiresAt <= now || now - flow.lastAskedAt > abandonedAfterMs;
  }

  #now(): number {
    return this.s.now?.() ?? Date.now();
  }
}

function hashOf(sessionToken: string): string {
  return createHash('sha256').update(sessionToken).digest('hex');
}
