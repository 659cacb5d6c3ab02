// What happens to repositories on the stand-in, and the webhooks each change sends, as on GitHub:
// a branch or tag update sends `push`; a pull request's head moving sends `pull_request` synchronize
// and moves `refs/pull/<n>/head` in the base repository (so fork commits are fetchable there).
import { createRepo as createBareRepo, type TestRepo } from '../fixtures/git-http-server.js';
import {
  changedFiles,
  fetchInto,
  git,
  isAncestor,
  listRefs,
  newCommits,
  readCommit,
  resolveRef,
  updateRef,
  ZERO_SHA,
} from './git-commands.js';
import { now, type Account, type PullRecord, type Repo, type RepoRole, type StandinModel } from './model.js';
import type { Urls } from './shapes.js';
import type { WebhookDeliveries } from './webhook-deliveries.js';
import { pullRequestPayload, pushPayload, type PushedCommit } from './webhook-payloads.js';

export type Files = Readonly<Record<string, string | null>>;

export interface CreateRepoOptions {
  readonly private?: boolean;
  /** Login → role, besides the owner. */
  readonly collaborators?: Readonly<Record<string, RepoRole>>;
  readonly defaultBranch?: string;
}

export interface PushOptions {
  /** Default: the repository's default branch. A new branch starts from the default branch. */
  readonly branch?: string;
  readonly message?: string;
  /** Git author; default the pusher's name and e-mail. */
  readonly author?: { readonly name: string; readonly email: string };
  /** Login of who pushes (webhook `sender`/`pusher`); default the owner (or an organisation admin). */
  readonly pusher?: string;
}

export interface PullRequestOptions {
  /** `owner/name` of the repository holding the head branch (a fork); default the base repository. */
  readonly headRepo?: string;
  readonly headBranch: string;
  readonly baseBranch?: string;
  readonly title: string;
  readonly body?: string | null;
  /** Login of the author; default the head repository's owner. */
  readonly user?: string;
}

export interface RefChange {
  readonly ref: string;
  readonly before: string;
  readonly after: string;
}

export class RepoActions {
  private readonly bare = new Map<number, TestRepo>();

  constructor(
    private readonly model: StandinModel,
    private readonly urls: Urls,
    private readonly deliveries: WebhookDeliveries,
    private readonly root: string,
  ) {}

  async createRepo(
    owner: string,
    name: string,
    files?: Files,
    options: CreateRepoOptions = {},
  ): Promise<Repo> {
    const account = this.model.requireAccount(owner);
    const defaultBranch = options.defaultBranch ?? 'main';
    const bare = await createBareRepo(this.root, `${account.login}/${name}`);
    await git(bare.dir, ['symbolic-ref', 'HEAD', `refs/heads/${defaultBranch}`]);
    const collaborators = new Map(
      Object.entries(options.collaborators ?? {}).map(
        ([login, role]) => [login.toLowerCase(), role] as const,
      ),
    );
    const repo = this.model.addRepo({
      owner: account,
      name,
      isPrivate: options.private ?? false,
      dir: bare.dir,
      defaultBranch,
      parent: null,
      collaborators,
    });
    this.bare.set(repo.id, bare);
    if (files) {
      const author = this.personOf(this.defaultPusher(repo));
      await bare.commit(files, { ref: `refs/heads/${defaultBranch}`, message: 'Initial commit', author });
    }
    return repo;
  }

  /** A fork owned by `owner`, holding the parent's branches and tags (no webhooks sent, as on GitHub). */
  async forkRepo(fullName: string, owner: string): Promise<Repo> {
    const parent = this.model.requireRepo(fullName);
    const account = this.model.requireAccount(owner);
    const bare = await createBareRepo(this.root, `${account.login}/${parent.name}`);
    await git(bare.dir, [
      'fetch',
      '--quiet',
      parent.dir,
      '+refs/heads/*:refs/heads/*',
      '+refs/tags/*:refs/tags/*',
    ]);
    await git(bare.dir, ['symbolic-ref', 'HEAD', `refs/heads/${parent.defaultBranch}`]);
    const repo = this.model.addRepo({
      owner: account,
      name: parent.name,
      isPrivate: parent.isPrivate,
      dir: bare.dir,
      defaultBranch: parent.defaultBranch,
      parent,
      collaborators: new Map(),
    });
    this.bare.set(repo.id, bare);
    return repo;
  }

  /** Commits `files` on a branch, then sends what a `git push` of that commit sends. */
  async push(
    fullName: string,
    files: Files,
    options: PushOptions = {},
  ): Promise<{ before: string; sha: string }> {
    const repo = this.model.requireRepo(fullName);
    const branch = options.branch ?? repo.defaultBranch;
    const ref = `refs/heads/${branch}`;
    const pusher = options.pusher ? this.model.requireAccount(options.pusher) : this.defaultPusher(repo);
    const before = (await resolveRef(repo.dir, ref)) ?? ZERO_SHA;
    const from =
      before === ZERO_SHA ? await resolveRef(repo.dir, `refs/heads/${repo.defaultBranch}`) : before;
    const sha = await this.bareOf(repo).commit(files, {
      ref,
      ...(from ? { from } : {}),
      message: options.message ?? `Update ${Object.keys(files).join(', ')}`,
      author: options.author ?? this.personOf(pusher),
    });
    await this.refsUpdated(repo, [{ ref, before, after: sha }], pusher);
    return { before, sha };
  }

  /** Creates a lightweight tag (default: at the default branch's tip) and sends its `push`. */
  async pushTag(
    fullName: string,
    tag: string,
    options: { sha?: string; pusher?: string } = {},
  ): Promise<string> {
    const repo = this.model.requireRepo(fullName);
    const sha = options.sha ?? (await resolveRef(repo.dir, `refs/heads/${repo.defaultBranch}`));
    if (!sha) throw new Error(`${fullName} has no commit to tag`);
    const ref = `refs/tags/${tag}`;
    const before = (await resolveRef(repo.dir, ref)) ?? ZERO_SHA;
    await updateRef(repo.dir, ref, sha);
    await this.refsUpdated(repo, [{ ref, before, after: sha }], this.pusherOf(repo, options.pusher));
    return sha;
  }

  async deleteBranch(fullName: string, branch: string, options: { pusher?: string } = {}): Promise<void> {
    const repo = this.model.requireRepo(fullName);
    const ref = `refs/heads/${branch}`;
    const before = await resolveRef(repo.dir, ref);
    if (!before) throw new Error(`${fullName} has no branch ${branch}`);
    await updateRef(repo.dir, ref, null);
    await this.refsUpdated(repo, [{ ref, before, after: ZERO_SHA }], this.pusherOf(repo, options.pusher));
  }

  async openPullRequest(fullName: string, options: PullRequestOptions): Promise<PullRecord> {
    const base = this.model.requireRepo(fullName);
    const head = options.headRepo ? this.model.requireRepo(options.headRepo) : base;
    const baseBranch = options.baseBranch ?? base.defaultBranch;
    const headSha = await resolveRef(head.dir, `refs/heads/${options.headBranch}`);
    const baseSha = await resolveRef(base.dir, `refs/heads/${baseBranch}`);
    if (!headSha || !baseSha) throw new Error('Both the head and the base branch must exist');
    const number = base.pulls.size + 1;
    await fetchInto(base.dir, head.dir, `refs/heads/${options.headBranch}`, `refs/pull/${number}/head`);
    const user = options.user ? this.model.requireAccount(options.user) : this.defaultPusher(head);
    const pull: PullRecord = {
      id: this.model.newId('pull'),
      number,
      title: options.title,
      body: options.body ?? null,
      user,
      head: { repo: head, ref: options.headBranch, sha: headSha },
      base: { ref: baseBranch, sha: baseSha },
      state: 'open',
      createdAt: now(),
      updatedAt: now(),
    };
    base.pulls.set(number, pull);
    this.deliveries.send(base, 'pull_request', pullRequestPayload(this.urls, 'opened', base, pull, user));
    return pull;
  }

  /** Pushes to the pull request's head branch: sends `push` to the head repository and `synchronize`. */
  async synchronizePullRequest(
    fullName: string,
    number: number,
    files: Files,
    options: Omit<PushOptions, 'branch'> = {},
  ): Promise<{ before: string; sha: string }> {
    const pull = this.pullOf(fullName, number);
    return this.push(pull.head.repo.fullName, files, { ...options, branch: pull.head.ref });
  }

  /** Closes or reopens; sends `pull_request` closed / reopened. */
  setPullRequestState(fullName: string, number: number, state: 'open' | 'closed', sender?: string): void {
    const base = this.model.requireRepo(fullName);
    const pull = this.pullOf(fullName, number);
    pull.state = state;
    pull.updatedAt = now();
    const action = state === 'open' ? 'reopened' : 'closed';
    const by = sender ? this.model.requireAccount(sender) : pull.user;
    this.deliveries.send(base, 'pull_request', pullRequestPayload(this.urls, action, base, pull, by));
  }

  /** Sends what GitHub sends after refs changed (through a helper above or a real `git push`). */
  async refsUpdated(repo: Repo, changes: readonly RefChange[], pusher: Account): Promise<void> {
    for (const change of changes) {
      const deleted = change.after === ZERO_SHA;
      const created = change.before === ZERO_SHA;
      const headCommit = deleted ? null : await this.pushedCommit(repo, change.after);
      let commits: PushedCommit[] = [];
      if (!deleted && change.ref.startsWith('refs/heads/')) {
        const others = created ? await this.otherBranchTips(repo, change.ref) : [change.before];
        const shas = await newCommits(repo.dir, change.after, others);
        commits = await Promise.all(shas.map((sha) => this.pushedCommit(repo, sha)));
      }
      const forced = !created && !deleted && !(await isAncestor(repo.dir, change.before, change.after));
      const facts = { repo, ...change, commits, headCommit, pusher, forced };
      this.deliveries.send(repo, 'push', pushPayload(this.urls, facts));
      if (!deleted && change.ref.startsWith('refs/heads/')) await this.synchronizePulls(repo, change, pusher);
    }
  }

  private async synchronizePulls(headRepo: Repo, change: RefChange, sender: Account): Promise<void> {
    const branch = change.ref.slice('refs/heads/'.length);
    for (const base of this.model.allRepos()) {
      for (const pull of base.pulls.values()) {
        if (pull.state !== 'open' || pull.head.repo !== headRepo || pull.head.ref !== branch) continue;
        const before = pull.head.sha;
        await fetchInto(base.dir, headRepo.dir, change.ref, `refs/pull/${pull.number}/head`);
        pull.head.sha = change.after;
        pull.updatedAt = now();
        const payload = pullRequestPayload(this.urls, 'synchronize', base, pull, sender, {
          before,
          after: change.after,
        });
        this.deliveries.send(base, 'pull_request', payload);
      }
    }
  }

  private async pushedCommit(repo: Repo, sha: string): Promise<PushedCommit> {
    const commit = await readCommit(repo.dir, sha);
    if (!commit) throw new Error(`${repo.fullName} has no commit ${sha}`);
    return { ...commit, ...(await changedFiles(repo.dir, commit.sha)) };
  }

  private async otherBranchTips(repo: Repo, except: string): Promise<string[]> {
    const refs = await listRefs(repo.dir);
    return [...refs].filter(([ref]) => ref.startsWith('refs/heads/') && ref !== except).map(([, sha]) => sha);
  }

  private pullOf(fullName: string, number: number): PullRecord {
    const pull = this.model.requireRepo(fullName).pulls.get(number);
    if (!pull) throw new Error(`${fullName} has no pull request #${number}`);
    return pull;
  }

  private bareOf(repo: Repo): TestRepo {
    const bare = this.bare.get(repo.id);
    if (!bare) throw new Error(`No bare repository for ${repo.fullName}`);
    return bare;
  }

  private pusherOf(repo: Repo, login: string | undefined): Account {
    return login ? this.model.requireAccount(login) : this.defaultPusher(repo);
  }

  private defaultPusher(repo: Repo): Account {
    if (repo.owner.type === 'User') return repo.owner;
    const admin = [...repo.owner.members].find(([, role]) => role === 'admin');
    const account = admin && this.model.account(admin[0]);
    if (!account) throw new Error(`Name a pusher for ${repo.fullName}: its organisation has no admin`);
    return account;
  }

  private personOf(account: Account): { name: string; email: string } {
    return {
      name: account.name ?? account.login,
      email: account.email ?? `${account.id}+${account.login}@users.noreply.standin`,
    };
  }
}
