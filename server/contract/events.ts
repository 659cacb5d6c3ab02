// Every core → renderer event, declared once (see commands.ts for why the table exists).
import type {
  AuthStatusDto,
    AppStatusDto,
  BuildNoticeDto,
  BuildSummaryDto,
  HookDto,
  JobDto,
  ProjectDto,
  SettingsDto,
  TunnelStatusDto,
} from './dto.js';

export interface Events {
  'app.status': AppStatusDto;
  'settings.changed': SettingsDto;
  'project.changed': ProjectDto;
  'project.removed': { readonly projectId: string };
  'hook.changed': HookDto;
  'hook.removed': { readonly projectId: string; readonly hookId: string };
  'build.changed': BuildSummaryDto;
  'job.changed': JobDto;
  'auth.changed': AuthStatusDto;
    'tunnel.changed': TunnelStatusDto;
  /** A branch's build started failing, or passes again (not every build: that would be noise). */
  'build.notice': BuildNoticeDto;
}

export type EventName = keyof Events;

export const eventNames = {
  'app.status': true,
  'settings.changed': true,
  'project.changed': true,
  'project.removed': true,
  'hook.changed': true,
  'hook.removed': true,
  'build.changed': true,
  'job.changed': true,
  'auth.changed': true,
    'tunnel.changed': true,
  'build.notice': true,
} as const satisfies Record<EventName, true>;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(eventNames, name);
}
