// What the tray shows, computed from what the core reports: one icon state (the most severe thing going
// on), a one-line tooltip, and the menu as plain data. Pure, so every rule is tested without Electron;
// tray-controller.ts turns the model into a Tray and a Menu.
import type { AppStatusDto, BuildStatus, BuildSummaryDto, JobDto, ProjectDto } from '../../server/contract/dto.js';

/** Most severe first: the icon shows the first that applies. */
export type TrayState = 'broken' | 'running' | 'warning' | 'good' | 'muted';

export interface RunningJob {
  readonly jobId: string;
  readonly projectId: string;
  readonly buildNumber: number;
  readonly jobNumber: number;
  readonly name: string;
  readonly startedAt: string;
}

export interface TrayInput {
  readonly projects: readonly ProjectDto[];
  readonly running: readonly RunningJob[];
  readonly status: AppStatusDto | null;
  /** Notifications are paused until this time (ISO), or null. */
  readonly pausedUntil: string | null;
  readonly startAtLogin: boolean;
  readonly now: number;
}

/** What a menu item does when clicked; tray-controller.ts maps each to the shell's action. */
export type TrayAction =
  | { readonly kind: 'open-window' }
  | { readonly kind: 'open-project'; readonly projectId: string }
  | { readonly kind: 'open-job'; readonly projectId: string; readonly buildNumber: number; readonly jobNumber: number }
  | { readonly kind: 'pause'; readonly until: 'hour' | 'tomorrow' }
  | { readonly kind: 'resume' }
  | { readonly kind: 'start-at-login'; readonly enabled: boolean }
  | { readonly kind: 'quit' };

export type TrayMenuItem =
  | { readonly type: 'item'; readonly label: string; readonly action: TrayAction; readonly checked?: boolean }
  | { readonly type: 'label'; readonly label: string }
  | { readonly type: 'submenu'; readonly label: string; readonly items: readonly TrayMenuItem[] }
  | { readonly type: 'separator' };

export interface TrayModel {
  readonly state: TrayState;
  readonly tooltip: string;
  readonly menu: readonly TrayMenuItem[];
}

const failing: ReadonlySet<BuildStatus> = new Set(['failure', 'error']);

/**
 * A project's state is its default branch's newest build: a failing feature branch does not turn the
 * tray red. Until the default branch is known (projects made before it was kept, until their next
 * delivery), the newest build of any branch stands in.
 */
export function standingBuild(project: ProjectDto): BuildSummaryDto | null {
  return project.defaultBranch === null ? project.latestBuild : project.defaultBranchBuild;
}

export function trayModel(input: TrayInput): TrayModel {
  const broken = input.projects.filter((p) => {
    const build = standingBuild(p);
    return build !== null && failing.has(build.status);
  });
  const paused = isPaused(input);
  return {
    state: stateOf(input, broken.length, paused),
    tooltip: tooltipOf(input, broken, paused),
    menu: menuOf(input, paused),
  };
}

export function isPaused(input: Pick<TrayInput, 'pausedUntil' | 'now'>): boolean {
  return input.pausedUntil !== null && Date.parse(input.pausedUntil) > input.now;
}

function stateOf(input: TrayInput, brokenCount: number, paused: boolean): TrayState {
  if (brokenCount > 0) return 'broken';
  if (input.running.length > 0) return 'running';
  if (problems(input.status).length > 0) return 'warning';
  return paused ? 'muted' : 'good';
}

/** Why builds may not happen: Docker down, or GitHub unable to deliver webhooks. */
function problems(status: AppStatusDto | null): string[] {
  if (!status) return [];
  const found: string[] = [];
  if (!status.docker.reachable) found.push('Docker is not reachable');
  if (!status.webhooks.reachable) found.push('GitHub cannot reach Kozmic');
  return found;
}

function tooltipOf(input: TrayInput, broken: readonly ProjectDto[], paused: boolean): string {
  const parts: string[] = [];
  if (input.running.length > 0) parts.push(`${input.running.length} running`);
  for (const project of broken.slice(0, 2)) parts.push(`${project.fullName} ${branchOf(standingBuild(project)!.ref)} failing`);
  if (broken.length > 2) parts.push(`${broken.length - 2} more failing`);
  parts.push(...problems(input.status));
  if (parts.length === 0) parts.push(input.projects.length === 0 ? 'No projects yet' : 'All builds passing');
  if (paused) parts.push('notifications paused');
  return `Kozmic — ${parts.join(' · ')}`;
}

function menuOf(input: TrayInput, paused: boolean): TrayMenuItem[] {
  const menu: TrayMenuItem[] = [];
  const projects = [...input.projects].sort(byActivity).slice(0, 15);
  if (projects.length === 0) menu.push({ type: 'label', label: 'No projects yet' });
  for (const project of projects) {
    menu.push({ type: 'item', label: projectLine(project, input.now), action: { kind: 'open-project', projectId: project.id } });
  }
  if (input.running.length > 0) {
    menu.push({ type: 'separator' }, { type: 'label', label: 'Running' });
    const names = new Map(input.projects.map((p) => [p.id, p.fullName]));
    for (const job of input.running.slice(0, 10)) {
      const project = names.get(job.projectId) ?? 'a removed project';
      const label = `${project} #${job.buildNumber} ${job.name} · ${elapsed(Date.parse(job.startedAt), input.now)}`;
      const action: TrayAction = { kind: 'open-job', projectId: job.projectId, buildNumber: job.buildNumber, jobNumber: job.jobNumber };
      menu.push({ type: 'item', label, action });
    }
  }
  menu.push(
    { type: 'separator' },
    { type: 'item', label: 'Open Kozmic', action: { kind: 'open-window' } },
    paused
      ? { type: 'item', label: `Resume notifications (paused until ${clock(input.pausedUntil!)})`, action: { kind: 'resume' } }
      : {
          type: 'submenu',
          label: 'Pause notifications',
          items: [
            { type: 'item', label: 'For 1 hour', action: { kind: 'pause', until: 'hour' } },
            { type: 'item', label: 'Until tomorrow', action: { kind: 'pause', until: 'tomorrow' } },
          ],
        },
    {
      type: 'item',
      label: 'Start at login',
      checked: input.startAtLogin,
      action: { kind: 'start-at-login', enabled: !input.startAtLogin },
    },
    { type: 'separator' },
    { type: 'item', label: 'Quit Kozmic', action: { kind: 'quit' } },
  );
  return menu;
}

function byActivity(a: ProjectDto, b: ProjectDto): number {
  return (b.latestBuild?.createdAt ?? b.createdAt).localeCompare(a.latestBuild?.createdAt ?? a.createdAt);
}

const resultWords: Record<BuildStatus, string> = {
  pending: 'running',
  success: 'passed',
  failure: 'failed',
  error: 'errored',
  cancelled: 'cancelled',
};

function projectLine(project: ProjectDto, now: number): string {
  const build = standingBuild(project);
  if (!build) {
    return project.defaultBranch === null || project.latestBuild === null
      ? `${project.fullName} — no builds yet`
      : `${project.fullName} ${project.defaultBranch} — not built yet`;
  }
  const line = `${project.fullName} ${branchOf(build.ref)} —`;
  if (build.progress === 'queued') return `${line} queued`;
  if (build.progress === 'running') return `${line} running${failing.has(build.status) ? ', failing' : ''}`;
  const when = build.finishedAt ?? build.startedAt ?? build.createdAt;
  return `${line} ${resultWords[build.status]} ${ago(Date.parse(when), now)}`;
}

export function branchOf(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\/pull\/(\d+)\/.*$/, 'PR #$1');
}

/** "5 s", "3 min", "2 h", "4 d". */
export function elapsed(since: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - since) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

function ago(since: number, now: number): string {
  return now - since < 60_000 ? 'just now' : `${elapsed(since, now)} ago`;
}

function clock(iso: string): string {
  const date = new Date(iso);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** The running jobs a job event leaves: added while its latest attempt runs, removed otherwise. */
export function withJob(running: readonly RunningJob[], job: JobDto): RunningJob[] {
  const rest = running.filter((r) => r.jobId !== job.id);
  const latest = job.attempts.at(-1);
  if (latest?.status !== 'running' || !latest.startedAt) return rest;
  const { id: jobId, projectId, buildNumber, number: jobNumber } = job;
  return [...rest, { jobId, projectId, buildNumber, jobNumber, name: job.definition.title, startedAt: latest.startedAt }];
}
