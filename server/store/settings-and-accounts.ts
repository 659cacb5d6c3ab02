// Settings overrides and GitHub accounts: small records in state.json.
import type { AccountDto, SettingsPatch } from '../contract/dto.js';
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
