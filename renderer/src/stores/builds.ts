import { defineStore } from 'pinia';
import { inject, ref } from 'vue';
import type { BuildSummaryDto, CommitDto } from '../../../server/contract/dto.js';
import { clientKey } from '../client-key.js';
import { EventOrder } from './event-order.js';
import { useJobs } from './jobs.js';

export const buildKey = (projectId: string, number: number): string => `${projectId}#${number}`;

/** The page of a project's history on screen: which builds, newest first. */
export interface HistoryPage {
  readonly page: number;
  readonly perPage: number;
  readonly total: number;
  readonly numbers: readonly number[];
}

/** Build summaries and commits by `<projectId>#<number>`; each build's jobs live in the jobs store. */
export const useBuilds = defineStore('builds', () => {
  const client = inject(clientKey)!;
  const jobs = useJobs();
  const summaries = ref(new Map<string, BuildSummaryDto>());
  const commits = ref(new Map<string, CommitDto>());
  const pages = ref(new Map<string, HistoryPage>());
  const order = new EventOrder();

  function summary(projectId: string, number: number): BuildSummaryDto | undefined {
    return summaries.value.get(buildKey(projectId, number));
  }

  async function loadPage(projectId: string, page: number): Promise<void> {
    const fresh = order.requestSent();
    const result = await client.call('builds.list', { projectId, page });
    for (const build of result.builds) {
      const key = buildKey(projectId, build.number);
      if (fresh(key) || !summaries.value.has(key)) summaries.value.set(key, build);
    }
    pages.value.set(projectId, {
      page: result.page,
      perPage: result.perPage,
      total: result.total,
      numbers: result.builds.map((b) => b.number),
    });
    // The answer was computed before builds whose events may have come while it was on its way (HTTP
    // and the event socket do not keep each other's order): those are newer than it, and on page 1.
    if (result.page !== 1) return;
    for (const build of summaries.value.values()) {
      if (build.projectId === projectId && build.number > result.total) placeOnFirstPage(build);
    }
  }

  async function loadBuild(projectId: string, number: number): Promise<void> {
    const fresh = order.requestSent();
    const { commit, jobs: buildJobs, ...rest } = await client.call('builds.get', { projectId, number });
    const key = buildKey(projectId, number);
    if (fresh(key) || !summaries.value.has(key)) summaries.value.set(key, rest);
    commits.value.set(buildKey(projectId, number), commit);
    for (const job of buildJobs) jobs.merge(job);
  }

  /** A build changed or appeared: a new one joins the first page of its project's history. */
  function merge(build: BuildSummaryDto): void {
    order.eventFor(buildKey(build.projectId, build.number));
    summaries.value.set(buildKey(build.projectId, build.number), build);
    placeOnFirstPage(build);
  }

  /**
   * Page 1 holds the newest builds, so a build belongs there when it is among the newest `perPage`
   * known — whatever order builds' events come in. Numbers count up from 1, so the newest is the total.
   */
  function placeOnFirstPage(build: BuildSummaryDto): void {
    const shown = pages.value.get(build.projectId);
    if (!shown || shown.numbers.includes(build.number)) return;
    if (shown.page !== 1) {
      // Older pages keep their rows until the next load, but the count in the pager stays true.
      if (build.number > shown.total) pages.value.set(build.projectId, { ...shown, total: build.number });
      return;
    }
    const numbers = [...shown.numbers, build.number].sort((a, b) => b - a).slice(0, shown.perPage);
    if (!numbers.includes(build.number)) return;
    pages.value.set(build.projectId, { ...shown, total: Math.max(shown.total, build.number), numbers });
  }

  function forgetProject(projectId: string): void {
    pages.value.delete(projectId);
    order.forget(`${projectId}#`);
    for (const key of [...summaries.value.keys()])
      if (key.startsWith(`${projectId}#`)) summaries.value.delete(key);
  }

  /** After a reconnect: events may have been missed, so fetch again what is on screen. */
  async function reloadShown(): Promise<void> {
    const shownPages = [...pages.value.entries()].map(([projectId, p]) => loadPage(projectId, p.page));
    const shownBuilds = [...commits.value.keys()].map((key) => {
      const [projectId, number] = key.split('#') as [string, string];
      return loadBuild(projectId, Number(number));
    });
    await Promise.allSettled([...shownPages, ...shownBuilds]);
  }

  return { summaries, commits, pages, summary, loadPage, loadBuild, merge, forgetProject, reloadShown };
});
