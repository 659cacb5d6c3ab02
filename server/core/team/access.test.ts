// Who may call what, on a real store: the role table of the reference (view / configure and restart /
// delete), the operator's and a visitor's place, and "not found" before "forbidden".
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandNames, type CommandName } from '../../contract/commands.js';
import type { ProjectDto } from '../../contract/dto.js';
import { operator, visitor, type Caller, type Store } from '../ports.js';
import { Access } from './access.js';
import { openCoreStore } from '../../../test/fixtures/runner-harness.js';

const teammate = (githubId: number): Caller => ({ kind: 'teammate', githubId, sessionId: `s${githubId}` });
const owner = teammate(1);
const manager = teammate(2);
const member = teammate(3);
const stranger = teammate(4);

describe('Access', () => {
  let dir: string;
  let store: Store;
  let access: Access;
  let project: ProjectDto;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kozmic-access-'));
    store = await openCoreStore(dir);
    access = new Access(store);
    project = await store.createProject({
      githubRepoId: 9,
      fullName: 'octocat/app',
      ownerLogin: 'octocat',
      name: 'app',
      isPrivate: true,
      cloneUrl: 'https://github.example/octocat/app.git',
      ownerGithubId: 1,
    });
    await store.replaceMembers(
      project.id,
      [
        { githubId: 2, login: 'hubot', avatarUrl: null, role: 'manager' },
        { githubId: 3, login: 'monalisa', avatarUrl: null, role: 'member' },
      ],
      new Date().toISOString(),
      'owner',
    );
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The error code a command gets, or 'ok'. */
  function verdict(name: CommandName, caller: Caller): string {
    const args = { projectId: project.id, jobId: `${project.id}.1.1`, hookId: 'h', flowId: 'f' };
    try {
      access.checkCommand(name, args as never, caller);
      return 'ok';
    } catch (error) {
      return (error as { code: string }).code;
    }
  }

  it('follows the role table: members look, managers configure and restart, only the owner deletes', () => {
    const cases: [CommandName, string, string, string, string][] = [
      // command, owner, manager, member, stranger
      ['projects.get', 'ok', 'ok', 'ok', 'forbidden'],
      ['builds.list', 'ok', 'ok', 'ok', 'forbidden'],
      ['logs.read', 'ok', 'ok', 'ok', 'forbidden'],
      // Searching a log is reading it: the same people, no one else.
      ['logs.search', 'ok', 'ok', 'ok', 'forbidden'],
      ['logs.firstFailure', 'ok', 'ok', 'ok', 'forbidden'],
      ['projects.members', 'ok', 'ok', 'ok', 'forbidden'],
      ['hooks.save', 'ok', 'ok', 'forbidden', 'forbidden'],
      ['hooks.restore', 'ok', 'ok', 'forbidden', 'forbidden'],
      ['jobs.restart', 'ok', 'ok', 'forbidden', 'forbidden'],
      ['jobs.cancel', 'ok', 'ok', 'forbidden', 'forbidden'],
      ['builds.buildBranch', 'ok', 'ok', 'forbidden', 'forbidden'],
      ['builds.rerun', 'ok', 'ok', 'forbidden', 'forbidden'],
      ['projects.syncMembers', 'ok', 'ok', 'forbidden', 'forbidden'],
      ['projects.delete', 'ok', 'forbidden', 'forbidden', 'forbidden'],
      ['settings.update', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
      ['auth.startDeviceFlow', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
      ['app.recheck', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
      ['projects.list', 'ok', 'ok', 'ok', 'ok'],
      ['projects.create', 'ok', 'ok', 'ok', 'ok'],
    ];
    for (const [name, ...expected] of cases) {
      expect([name, ...[owner, manager, member, stranger].map((c) => verdict(name, c))]).toEqual([
        name,
        ...expected,
      ]);
    }
  });

  it('lets the operator do everything, and a visitor nothing but sign in', () => {
    for (const name of Object.keys(commandNames) as CommandName[]) {
      expect([name, verdict(name, operator)]).toEqual([name, 'ok']);
      const open = name === 'session.info' || name === 'session.start' || name === 'session.poll';
      expect([name, verdict(name, visitor)]).toEqual([name, open ? 'ok' : 'unauthorized']);
    }
  });

  it('says "not found" for an unknown project or a malformed job id before judging the role', () => {
    expect(() => access.checkCommand('projects.get', { projectId: 'nosuch' }, stranger)).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
    expect(() => access.checkCommand('jobs.restart', { jobId: '../etc' }, member)).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });

  it('sends project events only to those who may view the project', () => {
    const hook = { ...project, projectId: project.id } as never;
    expect(access.canReceive(member, 'hook.changed', hook)).toBe(true);
    expect(access.canReceive(stranger, 'hook.changed', hook)).toBe(false);
    expect(access.canReceive(stranger, 'project.changed', project)).toBe(false);
    expect(access.canReceive(owner, 'project.changed', project)).toBe(true);
    expect(access.canReceive(member, 'auth.changed', {} as never)).toBe(false);
    expect(access.canReceive(operator, 'auth.changed', {} as never)).toBe(true);
    expect(access.canReceive(visitor, 'app.status', {} as never)).toBe(false);
    expect(access.canReceive(stranger, 'app.status', {} as never)).toBe(true);
  });

  it('keeps the creator owner only while GitHub keeps them an admin', async () => {
    const members = store.getMembers(project.id).members;
    await store.replaceMembers(project.id, members, new Date().toISOString(), 'member');
    expect(verdict('projects.get', owner)).toBe('ok');
    expect(verdict('hooks.save', owner)).toBe('forbidden');
    expect(verdict('projects.delete', owner)).toBe('forbidden');
    await store.setOwnerAccess(project.id, 'none');
    expect(verdict('projects.get', owner)).toBe('forbidden');
    expect(verdict('projects.delete', operator)).toBe('ok');
    await store.setOwnerAccess(project.id, 'owner');
    expect(verdict('projects.delete', owner)).toBe('ok');
  });
});
