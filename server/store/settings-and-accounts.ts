// Settings overrides, GitHub accounts and commit statuses waiting to be posted: small records in state.json.
import type { AccountDto, SettingsPatch } from '../contract/dto.js';
import type { PendingCommitStatus } from '../core/ports.js';
import { accountInput, checkInput, settingsPatchInput } from './input-checks.js';
import type { StoreContext } from './store-context.js';

export function getSettings(context: StoreContext): SettingsPatch {
  return { ...context.state.data.settings };
}

export async function updateSettings(context: StoreContext, patch: SettingsPatch): Promise<SettingsPatch> {
  checkInput(settingsPatchInput, patch, 'settings');
  const settings: Record<string, unknown> = { ...context.state.data.settings };
  // An absent or undefined field keeps its override; JSON would silently drop an undefined one.
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) settings[key] = value;
  context.state.data.settings = settings as SettingsPatch;
  await context.state.save();
  return getSettings(context);
}

export function listAccounts(context: StoreContext): AccountDto[] {
  return Object.values(context.state.data.accounts).map((account) => ({ ...account }));
}

export function getAccount(context: StoreContext, githubId: number): AccountDto | null {
  const key = String(githubId);
  const account = Object.hasOwn(context.state.data.accounts, key)
    ? context.state.data.accounts[key]
    : undefined;
  return account ? { ...account } : null;
}

export async function saveAccount(context: StoreContext, account: AccountDto): Promise<void> {
  checkInput(accountInput, account, 'account');
  const { githubId, login, name, avatarUrl, email } = account;
  context.state.data.accounts[String(githubId)] = { githubId, login, name, avatarUrl, email };
  await context.state.save();
}

export function getHostAccountId(context: StoreContext): number | null {
  return context.state.data.hostAccountId ?? null;
}

export async function setHostAccountId(context: StoreContext, githubId: number | null): Promise<void> {
  if ((context.state.data.hostAccountId ?? null) === githubId) return;
  context.state.data.hostAccountId = githubId;
  await context.state.save();
}

export function listPendingStatuses(context: StoreContext): Record<string, PendingCommitStatus> {
  return { ...(context.state.data.pendingStatuses ?? {}) };
}

export async function putPendingStatus(
  context: StoreContext,
  key: string,
  pending: PendingCommitStatus,
): Promise<void> {
  context.state.data.pendingStatuses = { ...context.state.data.pendingStatuses, [key]: pending };
  await context.state.save();
}

export async function removePendingStatus(context: StoreContext, key: string): Promise<void> {
  const pending = context.state.data.pendingStatuses;
  if (!pending || !Object.hasOwn(pending, key)) return;
  const { [key]: _removed, ...rest } = pending;
  context.state.data.pendingStatuses = rest;
  await context.state.save();
}

/** How many accepted statuses are remembered: enough for every commit still being built or restarted. */
const acceptedStatusesKept = 2_000;

export function acceptedStatus(context: StoreContext, key: string): string | null {
  return context.state.data.acceptedStatuses?.[key] ?? null;
}

/** GitHub accepted `fingerprint` for `key`: remembered (newest last), and what waited for it is dropped. */
export async function statusAccepted(
  context: StoreContext,
  key: string,
  fingerprint: string,
  pendingKey: string | null,
): Promise<void> {
  const { [key]: _previous, ...others } = context.state.data.acceptedStatuses ?? {};
  const kept = Object.entries(others).slice(-(acceptedStatusesKept - 1));
  context.state.data.acceptedStatuses = { ...Object.fromEntries(kept), [key]: fingerprint };
  const pending = context.state.data.pendingStatuses;
  if (pendingKey !== null && pending && Object.hasOwn(pending, pendingKey)) {
    const { [pendingKey]: _removed, ...rest } = pending;
    context.state.data.pendingStatuses = rest;
  }
  await context.state.save();
}
