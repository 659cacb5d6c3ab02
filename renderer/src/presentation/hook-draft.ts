import type { HookDefinition } from '../../../server/contract/dto.js';

/** The editable form of a hook: tracked files as one path per line. */
export interface HookDraft {
  title: string;
  image: string;
  installScript: string;
  trackedFiles: string;
  buildScript: string;
}

/**
 * Takes exactly the definition's fields: a saved hook (`HookDto`) also carries its id, project and
 * dates, which `hooks.save` refuses as unknown keys.
 */
export function draftOf(definition: HookDefinition): HookDraft {
  const { title, image, installScript, buildScript } = definition;
  return { title, image, installScript, buildScript, trackedFiles: definition.trackedFiles.join('\n') };
}

export function definitionOf(draft: HookDraft): HookDefinition {
  const { title, image, installScript, buildScript } = draft;
  const trackedFiles = draft.trackedFiles.split('\n').filter((line) => line.trim() !== '');
  return { title, image, installScript, buildScript, trackedFiles };
}

export const emptyDraft = (): HookDraft => ({
  title: '',
  image: '',
  installScript: '',
  trackedFiles: '',
  buildScript: '',
});
