// Who has which role in each project. A project's list is read from GitHub's collaborators (at
// creation and on "Sync members"); a person's roles are refreshed from their own repository list each
// time they sign in, so access follows GitHub without anyone pressing a button.
import type { MemberDto, ProjectMembersDto } from '../../contract/dto.js';
import { notFound } from '../errors.js';
import type { Caller, Forge, ForgeRepository, ForgeUser, MemberRecord, Store } from '../ports.js';
import { githubProblem } from '../errors.js';
import type { Access } from './access.js';
import type { GitHubAccounts } from '../github-use-cases/github-accounts.js';
import { ownerAccessFromPermissions, roleFromPermissions, roleRank } from './roles.js';

export class Members {
  constructor(
    private readonly s: {
      store: Store;
      forge: () => Forge;
      accounts: GitHubAccounts;
      access: Access;
      now?: () => Date;
    },
  ) {}

  list(caller: Caller, projectId: string): ProjectMembersDto {
    const project = this.s.store.getProject(projectId);
    if (!project) throw notFound(`Project ${projectId}`);
    const saved = this.s.store.getMembers(projectId);
    const owner = this.s.store.getAccount(project.ownerGithubId);
    const ownerAccess = saved.ownerAccess ?? 'owner';
    const members: MemberDto[] = saved.members.filter((m) => m.githubId !== project.ownerGithubId);
    // An owner with no access left on GitHub is not listed: they have no role any more.
    if (ownerAccess !== 'none') {
      members.push({
        githubId: project.ownerGithubId,
        login: owner?.login ?? `#${project.ownerGithubId}`,
        avatarUrl: owner?.avatarUrl ?? null,
        role: ownerAccess,
      });
    }
    members.sort((a, b) => roleRank[a.role] - roleRank[b.role] || a.login.localeCompare(b.login));
    return {
      projectId,
      members,
      syncedAt: saved.syncedAt,
      // Whoever reached this passed the view check, so they have a role.
      yourRole: this.s.access.roleOf(caller, project) ?? 'member',
    };
  }

  /** Reads the repository's collaborators again, with the owner's token (the caller's if the owner's is gone). */
  async sync(projectId: string, caller: Caller): Promise<ProjectMembersDto> {
    const project = this.s.store.getProject(projectId);
    if (!project) throw notFound(`Project ${projectId}`);
    const { githubId, token } = await this.s.accounts.forProject(project, caller);
    let collaborators: readonly (ForgeUser & { permissions: ForgeRepository['permissions'] })[];
    try {
      collaborators = await this.s.forge().listCollaborators(token, project.fullName);
    } catch (error) {
      await this.s.accounts.refused(error, githubId);
      throw githubProblem(`Kozmic could not read who has access to ${project.fullName}`, error);
    }
    const members: MemberRecord[] = [];
    for (const person of collaborators) {
      const role = roleFromPermissions(person.permissions);
      if (role === null || person.githubId === project.ownerGithubId) continue;
      members.push({ githubId: person.githubId, login: person.login, avatarUrl: person.avatarUrl, role });
    }
    const owner = collaborators.find((person) => person.githubId === project.ownerGithubId) ?? null;
    await this.s.store.replaceMembers(
      projectId,
      members,
      this.#now().toISOString(),
      ownerAccessFromPermissions(owner?.permissions ?? null),
    );
    return this.list(caller, projectId);
  }

  /** A person's role in every project, from the repositories GitHub lists for them (at sign-in). */
  async syncPerson(person: ForgeUser, repositories: readonly ForgeRepository[]): Promise<void> {
    const byRepoId = new Map(repositories.map((repo) => [repo.githubId, repo]));
    const roles = new Map<string, MemberRecord | null>();
    for (const project of this.s.store.listProjects()) {
      const repo = byRepoId.get(project.githubRepoId);
      if (project.ownerGithubId === person.githubId) {
        await this.s.store.setOwnerAccess(project.id, ownerAccessFromPermissions(repo?.permissions ?? null));
        continue;
      }
      const role = repo ? roleFromPermissions(repo.permissions) : null;
      roles.set(
        project.id,
        role && { githubId: person.githubId, login: person.login, avatarUrl: person.avatarUrl, role },
      );
    }
    await this.s.store.setRolesOf(person.githubId, roles);
  }

  #now(): Date {
    return this.s.now?.() ?? new Date();
  }
}
