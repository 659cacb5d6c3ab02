// When Kozmic says a branch broke or was mended, with the store scripted at its port.
import { describe, expect, it } from 'vitest';
import type { BuildNoticeDto, BuildStatus, BuildSummaryDto } from '../contract/dto.js';
import { BuildNotices } from './build-notices.js';
import { EventBus } from './event-bus.js';
import type { Store } from './ports.js';

function build(number: number, status: BuildStatus, ref = 'main'): BuildSummaryDto {
  return {
    projectId: 'p1',
    number,
    status,
    progress: status === 'pending' ? 'running' : 'finished',
    ref,
    sha: String(number).repeat(40).slice(0, 40),
    message: `Change ${number}\n\nDetails`,
    createdAt: '2026-01-01T00:00:00Z',
    startedAt: null,
    finishedAt: null,
  };
}

function setUp(history: BuildSummaryDto[] = []) {
  const store = {
    getProject: () => ({ id: 'p1', fullName: 'octocat/app' }),
    listBuilds: async () => ({ builds: [...history].reverse(), page: 1, perPage: 200, total: history.length }),
  } as unknown as Store;
  const events = new EventBus((error) => {
    throw error;
  });
  const notices: string[] = [];
  events.subscribe((name, payload) => {
    if (name === 'build.notice') {
      const n = payload as BuildNoticeDto;
      notices.push(`${n.kind} #${n.number} ${n.ref}`);
    }
  });
  const judge = new BuildNotices(store, events);
  const see = async (...builds: BuildSummaryDto[]) => {
    for (const b of builds) await judge.buildChanged(b);
  };
  return { see, notices };
}

describe('BuildNotices', () => {
  it('says a branch failed once, and fixed once, however many builds in between', async () => {
    const { see, notices } = setUp();
    await see(build(1, 'pending'), build(1, 'failure'), build(1, 'failure'), build(2, 'error'));
    await see(build(3, 'success'), build(4, 'success'));
    expect(notices).toEqual(['failed #1 main', 'fixed #3 main']);
  });

  it('counts a restart that passes as a fix, and ignores cancelled builds', async () => {
    const { see, notices } = setUp();
    await see(build(5, 'failure'), build(5, 'pending'), build(5, 'cancelled'), build(5, 'success'));
    expect(notices).toEqual(['failed #5 main', 'fixed #5 main']);
  });

  it('never goes back to an older state when builds finish out of order', async () => {
    const { see, notices } = setUp();
    await see(build(8, 'failure'), build(7, 'success'));
    expect(notices).toEqual(['failed #8 main']);
  });

  it('knows the branch from history after a restart, and keeps branches apart', async () => {
    const { see, notices } = setUp([build(2, 'success'), build(3, 'failure'), build(4, 'success', 'feature')]);
    await see(build(5, 'success'), build(6, 'failure', 'feature'), build(7, 'success', 'docs'));
    expect(notices).toEqual(['fixed #5 main', 'failed #6 feature']);
  });
});
