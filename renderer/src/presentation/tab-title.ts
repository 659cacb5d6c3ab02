import type { BuildSummaryDto } from '../../../server/contract/dto.js';

/** What a build is doing, in a word, with a mark that reads at a glance in a row of tabs. */
function buildState(build: Pick<BuildSummaryDto, 'status' | 'startedAt'>): { mark: string; word: string } {
  switch (build.status) {
    case 'success':
      return { mark: '✓', word: 'passed' };
    case 'failure':
      return { mark: '✗', word: 'failed' };
    case 'error':
      return { mark: '✗', word: 'errored' };
    case 'cancelled':
      return { mark: '◌', word: 'cancelled' };
    default:
      // A build whose jobs have started is running; before that it waits in the queue.
      return build.startedAt ? { mark: '●', word: 'running' } : { mark: '○', word: 'queued' };
  }
}

/**
 * The browser tab's title: the build shown and its state (`● #5 running · hello-world`), a project and
 * the state of its latest build, else just Kozmic.
 */
export function tabTitle(view: {
  readonly projectName?: string | undefined;
  readonly build?: Pick<BuildSummaryDto, 'number' | 'status' | 'startedAt'> | undefined;
  readonly latest?: Pick<BuildSummaryDto, 'number' | 'status' | 'startedAt'> | null | undefined;
}): string {
  if (!view.projectName) return 'Kozmic';
  if (view.build) {
    const { mark, word } = buildState(view.build);
    return `${mark} #${view.build.number} ${word} · ${view.projectName}`;
  }
  if (view.latest) return `${buildState(view.latest).mark} ${view.projectName} · Kozmic`;
  return `${view.projectName} · Kozmic`;
}
