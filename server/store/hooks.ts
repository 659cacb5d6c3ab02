// Hooks: records in state.json. Deleting one is soft, so the jobs it ran stay explainable.
import type { HookDefinition, HookDto } from '../contract/dto.js';
import { definitionOf } from './build-records.js';
import { newRandomId } from './ids.js';
import { checkInput, definitionInput, hookPatchInput } from './input-checks.js';
import type { HookRecord } from './records.js';
import { notFound, requireProject, type StoreContext } from './store-context.js';

export type HookPatch = Partial<HookDefinition> & { githubHookId?: number | null };

export function listHooks(context: StoreContext, projectId: string): HookDto[] {
  requireProject(context, projectId);
  const live = Object.values(context.state.data.hooks).filter(
    (hook) => hook.projectId === projectId && hook.deletedAt === null,
  );
  return live
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
    .map(liveCopy);
}

export function getHook(context: StoreContext, hookId: string): HookRecord | null {
  const hook = findHook(context, hookId);
  return hook ? { ...hook, trackedFiles: [...hook.trackedFiles] } : null;
}

export async function createHook(
  context: StoreContext,
  projectId: string,
  definition: HookDefinition,
): Promise<HookDto> {
  checkInput(definitionInput, definition, 'hook definition');
  requireProject(context, projectId);
  let id = newRandomId(16);
  while (Object.hasOwn(context.state.data.hooks, id)) id = newRandomId(16);
  const now = context.now();
  const hook: HookRecord = {
    ...definitionOf(definition),
    id,
    projectId,
    githubHookId: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  context.state.data.hooks[id] = hook;
  await context.state.save();
  return liveCopy(hook);
}

export async function updateHook(context: StoreContext, hookId: string, patch: HookPatch): Promise<HookDto> {
  checkInput(hookPatchInput, patch, 'hook change');
  const hook = findHook(context, hookId);
  if (!hook || hook.deletedAt !== null) throw notFound(`Hook ${hookId}`);
  const definition = definitionOf({ ...hook, ...definedFields(patch) });
  const githubHookId = patch.githubHookId === undefined ? hook.githubHookId : patch.githubHookId;
  const updated: HookRecord = { ...hook, ...definition, githubHookId, updatedAt: context.now() };
  context.state.data.hooks[hookId] = updated;
  await context.state.save();
  return liveCopy(updated);
}

/** Idempotent: deleting an unknown or already deleted hook changes nothing. */
export async function deleteHook(context: StoreContext, hookId: string): Promise<void> {
  const hook = findHook(context, hookId);
  if (!hook || hook.deletedAt !== null) return;
  context.state.data.hooks[hookId] = { ...hook, deletedAt: context.now() };
  await context.state.save();
}

function findHook(context: StoreContext, hookId: string): HookRecord | null {
  const hooks = context.state.data.hooks;
  return Object.hasOwn(hooks, hookId) ? hooks[hookId]! : null;
}

function definedFields(patch: HookPatch): Partial<HookDefinition> {
  const { title, image, installScript, buildScript, trackedFiles } = patch;
  const fields = { title, image, installScript, buildScript, trackedFiles };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

function liveCopy(hook: HookRecord): HookDto {
  const { deletedAt: _deletedAt, ...live } = hook;
  return { ...live, trackedFiles: [...live.trackedFiles] };
}
