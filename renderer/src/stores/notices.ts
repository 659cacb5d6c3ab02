import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { BuildNoticeDto } from '../../../server/contract/dto.js';

/** What happened to a notice's desktop notification: shown, or why not. */
export type DesktopOutcome = 'shown' | 'window-in-focus' | 'not-allowed' | 'turned-off' | 'unsupported' | 'by-the-app';

export interface Notice extends BuildNoticeDto {
  readonly id: string;
  readonly desktop: DesktopOutcome;
}

const switchKey = 'kozmic.desktopNotifications';
/** Fixes are good news, gone after a while; failures stay until dismissed. */
const fixedShownMs = 10_000;
const maxShown = 4;

/** Inside the desktop app, whose main process shows native notifications itself (and pauses them from the tray). */
const inDesktopApp = 'kozmic' in window;

/**
 * Build notices (a branch broke, or was mended) as toasts in the window and, in a browser while the
 * window is not in front, as the browser's desktop notifications.
 */
export const useNotices = defineStore('notices', () => {
  const shown = ref<Notice[]>([]);
  const permission = ref<NotificationPermission | 'unsupported' | 'app'>(
    inDesktopApp ? 'app' : 'Notification' in globalThis ? Notification.permission : 'unsupported',
  );
    const desktopOn = ref(localStorage.getItem(switchKey) !== 'off');
  // Whether someone is looking at this window: the window's own focus and visibility events say so.
  let inFront = document.visibilityState === 'visible' && document.hasFocus();
  const follow = () => (inFront = document.visibilityState === 'visible' && document.hasFocus());
  window.addEventListener('focus', () => (inFront = true));
  window.addEventListener('blur', () => (inFront = false));
  document.addEventListener('visibilitychange', follow);

  function add(notice: BuildNoticeDto, open: () => void): void {
    const id = `${notice.projectId}#${notice.number}:${notice.kind}`;
    const entry: Notice = { ...notice, id, desktop: notifyDesktop(notice, id, open) };
    shown.value = [entry, ...shown.value.filter((n) => n.id !== id)].slice(0, maxShown);
    if (notice.kind === 'fixed') setTimeout(() => dismiss(id), fixedShownMs);
  }

  function dismiss(id: string): void {
    shown.value = shown.value.filter((n) => n.id !== id);
  }

  async function allowDesktop(): Promise<void> {
    if (permission.value === 'unsupported' || permission.value === 'app') return;
    permission.value = await Notification.requestPermission();
    setDesktop(true);
  }

  function setDesktop(on: boolean): void {
    desktopOn.value = on;
    localStorage.setItem(switchKey, on ? 'on' : 'off');
  }

  function notifyDesktop(notice: BuildNoticeDto, tag: string, open: () => void): DesktopOutcome {
    if (permission.value === 'app') return 'by-the-app';
    if (permission.value === 'unsupported') return 'unsupported';
    if (!desktopOn.value) return 'turned-off';
    if (Notification.permission !== 'granted') return 'not-allowed';
    // The toast already says it to someone looking at the window.
        if (inFront) return 'window-in-focus';
    const desktop = new Notification(titleOf(notice), { body: notice.message, tag });
    desktop.onclick = () => {
      window.focus();
      open();
    };
    return 'shown';
  }

  return { shown, permission, desktopOn, add, dismiss, allowDesktop, setDesktop };
});

export function titleOf(notice: BuildNoticeDto): string {
  const verb = notice.kind === 'fixed' ? 'is fixed' : notice.status === 'error' ? 'could not run' : 'failed';
  return `${notice.fullName} #${notice.number} ${verb} on ${notice.ref}`;
}
