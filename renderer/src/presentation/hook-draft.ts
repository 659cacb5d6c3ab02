import type { HookDefinition } from '../../../server/contract/dto.js';

/** The editable form of a hook: tracked files as one path per line. */
export interface HookDraft {
  title: string;
  image: string;
  installScript: string;
  trackedFiles: string;
  buildScript: string;
}

export function draftOf(definition: HookDefinition): HookDraft {
  return { ...definition, trackedFiles: definition.trackedFiles.join('\n') };
}

export function definitionOf(draft: HookDraft): HookDefinition {
  return { ...draft, trackedFiles: draft.trackedFiles.split('\n').filter((line) => line.trim() !== '') };
}

export const emptyDraft = (): HookDraft => ({
  title: '',
  image: '',
  installScript: '',
  trackedFiles: '',
  buildScript: '',
});
