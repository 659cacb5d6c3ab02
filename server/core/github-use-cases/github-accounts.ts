// Whose GitHub token a call uses. A caller's own calls (their repositories, creating a project) use
// their token; calls about a project (webhooks, statuses, members) use its owner's, as GitHub granted
// the owner admin rights on the repository, falling back to the caller's while the owner is signed out.
import type { AccountDto, ProjectDto } from '../../contract/dto.js';
import { CoreError } from '../errors.js';
import { ForgeError, type Caller, type Logger, type Store } from '../ports.js';
import type { SignIn } from './sign-in.js';
import type { Tokens } from './tokens.js';

export class GitHubAccounts {
  constructor(
    private readonly s: {
      store: Store;
      tokens: Tokens;
      signIn: SignIn;
      log: Logger;
    },
  ) {}

  /** The caller's GitHub account and token, or the error that asks them to sign in (again). */
  async ofCaller(caller: Caller): Promise<{ account: AccountDto; token: string }> {
    if (caller.kind === 'operator') return this.s.signIn.requireToken();
    if (caller.kind === 'teammate') {
      const account = this.s.store.getAccount(caller.githubId);
      const token = account ? await this.s.tokens.token(caller.githubId) : null;
      if (account && token) return { account, token };
    }
    throw new CoreError('unauthorized', 'Your GitHub sign-in has ended: sign in again.');
  }

  /** The token for acting on the project's repository. */
  async forProject(project: ProjectDto, caller: Caller): Promise<{ githubId: number; token: string }> {
    const ownerToken = await this.s.tokens.token(project.ownerGithubId);
    if (ownerToken) return { githubId: project.ownerGithubId, token: ownerToken };
    try {
      const { account, token } = await this.ofCaller(caller);
      return { githubId: account.githubId, token };
    } catch {
      const owner = this.s.store.getAccount(project.ownerGithubId)?.login ?? 'its owner';
      throw new CoreError(
        'unauthorized',
        `Kozmic acts on ${project.fullName} with ${owner}'s GitHub sign-in, which has ended: ${owner} must sign in again.`,
      );
    }
  }

  /**
   * GitHub refused a token. The host's own account asks to sign in again; a teammate's sessions end
   * and the token is forgotten, so their browser shows the sign-in instead of a stream of errors.
   */
  async refused(error: unknown, githubId: number): Promise<void> {
    if (!(error instanceof ForgeError) || error.kind !== 'unauthorized') return;
    if (this.s.store.getHostAccountId() === githubId) return this.s.signIn.tokenRefused(error);
    const ended = await this.s.store.deleteSessionsOf(githubId);
    await this.s.tokens.forgetToken(githubId);
    const login = this.s.store.getAccount(githubId)?.login ?? String(githubId);
    this.s.log.warn(
      `GitHub refused ${login}'s token; ended their ${ended} session(s) so they sign in again.`,
    );
  }
}
