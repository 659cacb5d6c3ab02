// The stand-in's in-memory world: accounts, tokens, repositories and what GitHub keeps about them
// (webhooks, commit statuses, pull requests), plus GitHub's rules for who may see and do what.
import { randomBytes } from 'node:crypto';

export type RepoRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

export interface Permissions {
  readonly admin: boolean;
  readonly maintain: boolean;
  readonly push: boolean;
  readonly triage: boolean;
  readonly pull: boolean;
}

export interface Account {
  readonly id: number;
  readonly login: string;
  readonly type: 'User' | 'Organization';
  readonly name: string | null;
  readonly email: string | null;
  readonly createdAt: string;
  /** Organisations only: member login → role (`admin` = organisation owner). */
  readonly members: Map<string, 'admin' | 'member'>;
}

export interface HookRecord {
  readonly id: number;
  readonly repo: Repo;
  config: { url: string; content_type: string; secret: string | null; insecure_ssl: string };
  events: string[];
  active: boolean;
  readonly createdAt: string;
  updatedAt: string;
  lastResponse: { code: number | null; status: string; message: string | null };
}

export interface StatusRecord {
  readonly id: number;
  readonly sha: string;
  readonly state: 'pending' | 'success' | 'failure' | 'error';
  readonly targetUrl: string | null;
  readonly description: string | null;
  readonly context: string;
  readonly creator: Account;
  readonly createdAt: string;
}

export interface PullRecord {
  readonly id: number;
  readonly number: number;
  title: string;
  body: string | null;
  readonly user: Account;
  readonly head: { readonly repo: Repo; readonly ref: string; sha: string };
  readonly base: { readonly ref: string; sha: string };
  state: 'open' | 'closed';
  readonly createdAt: string;
  updatedAt: string;
}

export interface Repo {
  readonly id: number;
  readonly owner: Account;
  readonly name: string;
  readonly fullName: string;
  readonly isPrivate: boolean;
  /** The bare repository's folder. */
  readonly dir: string;
  readonly defaultBranch: string;
  readonly parent: Repo | null;
  readonly createdAt: string;
  readonly collaborators: Map<string, RepoRole>;
  readonly hooks: Map<number, HookRecord>;
  readonly statuses: StatusRecord[];
  readonly pulls: Map<number, PullRecord>;
}

export interface TokenRecord {
  readonly value: string;
  readonly user: Account;
  readonly scopes: readonly string[];
}

type IdKind = 'account' | 'repo' | 'hook' | 'status' | 'pull' | 'delivery';

const roleFlags: Record<RepoRole, Permissions> = {
  admin: { admin: true, maintain: true, push: true, triage: true, pull: true },
  maintain: { admin: false, maintain: true, push: true, triage: true, pull: true },
  write: { admin: false, maintain: false, push: true, triage: true, pull: true },
  triage: { admin: false, maintain: false, push: false, triage: true, pull: true },
  read: { admin: false, maintain: false, push: false, triage: false, pull: true },
};
const roleRank: readonly RepoRole[] = ['read', 'triage', 'write', 'maintain', 'admin'];

export const noPermissions: Permissions = {
  admin: false,
  maintain: false,
  push: false,
  triage: false,
  pull: false,
};

export const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export class StandinModel {
  private readonly accounts = new Map<string, Account>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly repos = new Map<string, Repo>();
  private readonly nextId: Record<IdKind, number> = {
    account: 1001,
    repo: 5001,
    hook: 9001,
    status: 7001,
    pull: 3001,
    delivery: 40_000_001,
  };

  addAccount(login: string, type: Account['type'], details: { name?: string; email?: string } = {}): Account {
    if (this.accounts.has(login.toLowerCase())) throw new Error(`The login ${login} is taken`);
    const account: Account = {
      id: this.nextId.account++,
      login,
      type,
      name: details.name ?? null,
      email: details.email ?? null,
      createdAt: now(),
      members: new Map(),
    };
    this.accounts.set(login.toLowerCase(), account);
    return account;
  }

  account(login: string): Account | null {
    return this.accounts.get(login.toLowerCase()) ?? null;
  }

  requireAccount(login: string): Account {
    const account = this.account(login);
    if (!account) throw new Error(`No account ${login} on the stand-in`);
    return account;
  }

  users(): Account[] {
    return [...this.accounts.values()].filter((a) => a.type === 'User');
  }

  /** A new token; `value` fixes it (for the interactive stand-in, whose printed token should not change). */
  issueToken(
    user: Account,
    scopes: readonly string[],
    value = `gho_${randomBytes(18).toString('base64url')}`,
  ): string {
    this.tokens.set(value, { value, user, scopes });
    return value;
  }

  token(value: string): TokenRecord | null {
    return this.tokens.get(value) ?? null;
  }

  revokeToken(value: string): void {
    this.tokens.delete(value);
  }

  addRepo(fields: Omit<Repo, 'id' | 'fullName' | 'createdAt' | 'hooks' | 'statuses' | 'pulls'>): Repo {
    const fullName = `${fields.owner.login}/${fields.name}`;
    if (this.repos.has(fullName.toLowerCase())) throw new Error(`${fullName} exists`);
    const repo: Repo = {
      ...fields,
      id: this.nextId.repo++,
      fullName,
      createdAt: now(),
      hooks: new Map(),
      statuses: [],
      pulls: new Map(),
    };
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  /** GitHub matches owner and name case-insensitively. */
  repo(fullName: string): Repo | null {
    return this.repos.get(fullName.toLowerCase()) ?? null;
  }

  requireRepo(fullName: string): Repo {
    const repo = this.repo(fullName);
    if (!repo) throw new Error(`No repository ${fullName} on the stand-in`);
    return repo;
  }

  allRepos(): Repo[] {
    return [...this.repos.values()];
  }

  newId(kind: IdKind): number {
    return this.nextId[kind]++;
  }

  /** The user's role on the repository, or null when they have none (public repositories: read). */
  roleOf(user: Account | null, repo: Repo): RepoRole | null {
    const roles: RepoRole[] = [];
    if (!repo.isPrivate) roles.push('read');
    if (user) {
      if (repo.owner.id === user.id) roles.push('admin');
      const orgRole = repo.owner.members.get(user.login.toLowerCase());
      if (orgRole === 'admin') roles.push('admin');
      else if (orgRole === 'member') roles.push('read'); // the organisation's base permission
      const collaborator = repo.collaborators.get(user.login.toLowerCase());
      if (collaborator) roles.push(collaborator);
    }
    if (roles.length === 0) return null;
    return roles.reduce((best, role) => (roleRank.indexOf(role) > roleRank.indexOf(best) ? role : best));
  }

  permissionsOf(user: Account | null, repo: Repo): Permissions {
    const role = this.roleOf(user, repo);
    return role ? roleFlags[role] : noPermissions;
  }

  /** What `/user/repos` lists: owned, collaborator and organisation-member repositories. */
  affiliatedRepos(user: Account): Repo[] {
    return this.allRepos()
      .filter(
        (repo) =>
          repo.owner.id === user.id ||
          repo.collaborators.has(user.login.toLowerCase()) ||
          repo.owner.members.has(user.login.toLowerCase()),
      )
      .sort((a, b) => a.fullName.localeCompare(b.fullName));
  }

  /** Everyone with a role on the repository other than through its being public. */
  collaboratorsOf(repo: Repo): { user: Account; role: RepoRole }[] {
    const logins = new Set<string>([...repo.collaborators.keys(), ...repo.owner.members.keys()]);
    if (repo.owner.type === 'User') logins.add(repo.owner.login.toLowerCase());
    const result: { user: Account; role: RepoRole }[] = [];
    for (const login of logins) {
      const user = this.account(login);
      const role = user && this.roleOf(user, { ...repo, isPrivate: true });
      if (user && role) result.push({ user, role });
    }
    return result.sort((a, b) => a.user.id - b.user.id);
  }

  organisationsOf(user: Account): Account[] {
    return [...this.accounts.values()].filter(
      (a) => a.type === 'Organization' && a.members.has(user.login.toLowerCase()),
    );
  }
}

export function roleFlagsOf(role: RepoRole): Permissions {
  return roleFlags[role];
}
