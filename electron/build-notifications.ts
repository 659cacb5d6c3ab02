// A branch broken or fixed (the core's `build.notice`, never every build) as a native notification from
// the main process: the renderer's Web Notifications are for browsers. Clicking one opens that build.
import { Notification } from 'electron';
import type { BuildNoticeDto } from '../server/contract/dto.js';
import type { Disposer, EventListener } from '../server/core/ports.js';
import { branchOf } from './tray/tray-model.js';

export interface BuildNotificationOptions {
  readonly subscribe: (listener: EventListener) => Disposer;
  /** False while notifications are paused or switched off. */
  readonly allowed: () => boolean;
  readonly openBuild: (projectId: string, number: number) => void;
}

export function noticeText(notice: BuildNoticeDto): { title: string; body: string } {
  const branch = branchOf(notice.ref);
  const title = notice.kind === 'failed' ? `${notice.fullName} ${branch} is broken` : `${notice.fullName} ${branch} is fixed`;
  const outcome = notice.kind === 'fixed' ? 'passed' : notice.status === 'error' ? 'errored' : 'failed';
  return { title, body: `Build #${notice.number} ${outcome}: ${notice.message}` };
}

export function showBuildNotifications(options: BuildNotificationOptions): Disposer {
  // Kept referenced until closed: a collected Notification can no longer report its click.
  const shown = new Set<Notification>();
  return options.subscribe((name, payload) => {
    if (name !== 'build.notice' || !options.allowed() || !Notification.isSupported()) return;
    const notice = payload as BuildNoticeDto;
    const notification = new Notification(noticeText(notice));
    shown.add(notification);
    notification.on('click', () => options.openBuild(notice.projectId, notice.number));
    notification.on('close', () => shown.delete(notification));
    notification.show();
  });
}
