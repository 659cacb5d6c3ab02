// Team mode's small records in state.json: each project's people and roles, and browser sessions.
import type { MemberRecord, OwnerAccess, ProjectMembers, SessionRecord } from '../core/ports.js';
import type { StoreContext } from './store-context.js';

export function getMembers(context: StoreContext, projectId: string): ProjectMembers {
  const members = context.state.data.members;
  const entry = members && Object.hasOwn(members, projectId) ? members[projectId] : undefined;
  return entry
    ? {
        members: entry.members.map((m) => ({ ...m })),
        syncedAt: entry.syncedAt,
        ownerAccess: entry.ownerAccess ?? null,
      }
    : { members: [], syncedAt: null, ownerAccess: null };
}

export async function replaceMembers(
  context: StoreContext,
  projectId: string,
  members: readonly MemberRecord[],
  syncedAt: string,
  ownerAccess: OwnerAccess,
): Promise<void> {
  const state = context.state.data;
  // A project deleted while GitHub was answering gets no members back.
  if (!Object.hasOwn(state.projects, projectId)) return;
  state.members = {
    ...state.members,
    [projectId]: { members: members.map(copyMember), syncedAt, ownerAccess },
  };
  await context.state.save();
}

export async function setOwnerAccess(
  context: StoreContext,
  projectId: string,
  ownerAccess: OwnerAccess,
): Promise<void> {
  const state = context.state.data;
  if (!Object.hasOwn(state.projects, projectId)) return;
  const entry =
    state.members && Object.hasOwn(state.members, projectId)
      ? state.members[projectId]!
      : { members: [], syncedAt: null };
  if (entry.ownerAccess === ownerAccess) return;
  state.members = { ...state.members, [projectId]: { ...entry, ownerAccess } };
  await context.state.save();
}

export async function setRolesOf(
  context: StoreContext,
  githubId: number,
  roles: ReadonlyMap<string, MemberRecord | null>,
): Promise<void> {
  const state = context.state.data;
  const all = { ...state.members };
  let changed = false;
  for (const [projectId, member] of roles) {
    if (!Object.hasOwn(state.projects, projectId)) continue;
    const entry = Object.hasOwn(all, projectId) ? all[projectId]! : { members: [], syncedAt: null };
    const others = entry.members.filter((m) => m.githubId !== githubId);
    const next = member ? [...others, copyMember(member)] : others;
    if (sameMembers(entry.members, next)) continue;
    all[projectId] = { ...entry, members: next };
    changed = true;
  }
  if (!changed) return;
  state.members = all;
  await context.state.save();
}

export function getSession(context: StoreContext, tokenHash: string): SessionRecord | null {
  const sessions = context.state.data.sessions;
  return sessions && Object.hasOwn(sessions, tokenHash) ? { ...sessions[tokenHash]! } : null;
}

export async function saveSession(
  context: StoreContext,
  tokenHash: string,
  session: SessionRecord,
): Promise<void> {
  context.state.data.sessions = { ...context.state.data.sessions, [tokenHash]: { ...session } };
  await context.state.save();
}

export async function deleteSession(context: StoreContext, tokenHash: string): Promise<void> {
  const sessions = context.state.data.sessions;
  if (!sessions || !Object.hasOwn(sessions, tokenHash)) return;
  const { [tokenHash]: _ended, ...rest } = sessions;
  context.state.data.sessions = rest;
  await context.state.save();
}

export async function deleteSessionsOf(context: StoreContext, githubId: number): Promise<number> {
  const sessions = context.state.data.sessions ?? {};
  const kept = Object.fromEntries(Object.entries(sessions).filter(([, s]) => s.githubId !== githubId));
  const ended = Object.keys(sessions).length - Object.keys(kept).length;
  if (ended === 0) return 0;
  context.state.data.sessions = kept;
  await context.state.save();
  return ended;
}

export async function deleteExpiredSessions(context: StoreContext, now: string): Promise<number[]> {
  const sessions = context.state.data.sessions ?? {};
  const expired = Object.entries(sessions).filter(([, s]) => s.expiresAt <= now);
  if (expired.length === 0) return [];
  context.state.data.sessions = Object.fromEntries(
    Object.entries(sessions).filter(([, s]) => s.expiresAt > now),
  );
  await context.state.save();
  return [...new Set(expired.map(([, s]) => s.githubId))];
}

export function countSessionsOf(context: StoreContext, githubId: number): number {
  return Object.values(context.state.data.sessions ?? {}).filter((s) => s.githubId === githubId).length;
}

function copyMember(member: MemberRecord): MemberRecord {
  const { githubId, login, avatarUrl, role } = member;
  return { githubId, login, avatarUrl, role };
}

function sameMembers(a: readonly MemberRecord[], b: readonly MemberRecord[]): boolean {
  return (
    a.length === b.length &&
    a.every((m, i) => {
      const n = b[i]!;
      return (
        m.githubId === n.githubId && m.login === n.login && m.avatarUrl === n.avatarUrl && m.role === n.role
      );
    })
  );
}
