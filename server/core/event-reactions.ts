// What the core does when its own events happen, in one place: a build's change is posted to GitHub as
// a commit status and may become a notice (a branch broken or mended); a notice may become an e-mail;
// a sign-in lets the statuses that waited for a token go out. (The tunnel follows its settings itself,
// tunnel-keeper.ts; webhooks follow the public URL, webhook-repointing.ts.) Each reaction's failure is
// logged and never stops the others.
import type { AuthStatusDto, BuildNoticeDto, BuildSummaryDto } from '../contract/dto.js';
import type { BuildNotices } from './build-notices.js';
import type { Disposer, EventBus } from './event-bus.js';
import type { FailureMail } from './failure-mail.js';
import type { StatusPoster } from './github-use-cases/status-poster.js';
import type { Logger } from './ports.js';

export interface Reactors {
  readonly events: EventBus;
  readonly statuses: Pick<StatusPoster, 'buildChanged' | 'catchUp'>;
  readonly notices: Pick<BuildNotices, 'buildChanged'>;
  readonly failureMail: Pick<FailureMail, 'noticed'>;
  readonly log: Logger;
}

export function reactToEvents(r: Reactors): Disposer {
  const warnIfFails = (what: string, work: Promise<unknown>) =>
    void work.catch((e: unknown) => r.log.warn(`${what}: ${e}`));
  return r.events.subscribe((name, payload) => {
    // Statuses that waited for a sign-in go out once someone is signed in again.
    if (name === 'auth.changed' && (payload as AuthStatusDto).account) {
      warnIfFails('Commit statuses after sign-in', r.statuses.catchUp());
    }
    if (name === 'build.notice') warnIfFails('Failure e-mail', r.failureMail.noticed(payload as BuildNoticeDto));
    if (name === 'build.changed') {
      warnIfFails('Commit status', r.statuses.buildChanged(payload as BuildSummaryDto));
      warnIfFails('Build notice', r.notices.buildChanged(payload as BuildSummaryDto));
    }
  });
}
