import { describe, expect, it } from 'vitest';
import type { HookDto } from '../../../server/contract/dto.js';
import { definitionOf, draftOf } from './hook-draft.js';

describe('hook drafts', () => {
  it('turn a saved hook back into just its definition, which hooks.save accepts', () => {
    const saved: HookDto = {
      id: 'h1',
      projectId: 'p1',
      githubHookId: 7,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      title: 'Tests',
      image: 'debian:bookworm',
      installScript: '',
      buildScript: 'make test',
      trackedFiles: ['a', 'b'],
    };
    expect(definitionOf(draftOf(saved))).toEqual({
      title: 'Tests',
      image: 'debian:bookworm',
      installScript: '',
      buildScript: 'make test',
      trackedFiles: ['a', 'b'],
    });
  });
});
