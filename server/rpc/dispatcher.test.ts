import { describe, expect, it } from 'vitest';
import { commandNames } from '../contract/commands.js';
import type { CommandHandlers } from '../core/ports.js';
import { CoreError, operator } from '../core/ports.js';
import { createDispatcher } from './dispatcher.js';

function handlers(overrides: Partial<CommandHandlers>): CommandHandlers {
  const unused = () => {
    throw new Error('not used in this test');
  };
  const base = Object.fromEntries(Object.keys(commandNames).map((name) => [name, unused]));
  return { ...base, ...overrides } as CommandHandlers;
}

describe('dispatcher', () => {
  it('wraps a result in the success envelope', async () => {
    const dispatch = createDispatcher(handlers({ 'projects.list': () => [] }), () => undefined);
    expect(await dispatch('projects.list', {}, operator)).toEqual({ ok: true, value: [] });
  });

  it('passes validated arguments to the handler', async () => {
    const seen: unknown[] = [];
    const dispatch = createDispatcher(
      handlers({ 'builds.list': async (args) => (seen.push(args), { builds: [], page: 1, perPage: 50, total: 0 }) }),
      () => undefined,
    );
    await dispatch('builds.list', { projectId: 'abc', page: 2 }, operator);
    expect(seen).toEqual([{ projectId: 'abc', page: 2 }]);
  });

  it('refuses an unknown command without calling anything', async () => {
    const dispatch = createDispatcher(handlers({}), () => undefined);
    for (const name of ['nope', '__proto__', 'constructor', 42, null]) {
      const result = await dispatch(name, {}, operator);
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    }
  });

  it.each<[string, unknown, string]>([
    ['builds.get', { projectId: 'p' }, 'number'],
    ['builds.get', { projectId: 'p', number: '3' }, 'number'],
    ['builds.get', { projectId: 'p', number: 0 }, 'number'],
    ['projects.get', { projectId: '../etc' }, 'projectId'],
    ['projects.get', { projectId: 'p', extra: true }, '(arguments)'],
    ['hooks.save', { projectId: 'p', definition: { title: 'x' } }, 'definition.image'],
    ['settings.update', { maxParallelJobs: 1000 }, 'maxParallelJobs'],
    ['projects.list', 'not an object', '(arguments)'],
  ])('refuses invalid arguments for %s (%j) naming %s', async (name, args, path) => {
    let called = false;
    const dispatch = createDispatcher(
      handlers({
        [name]: () => {
          called = true;
        },
      }),
      () => undefined,
    );
    const result = await dispatch(name, args, operator);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_arguments');
    expect(result.error.issues?.map((i) => i.path)).toContain(path);
    expect(called).toBe(false);
  });

  it('passes a CoreError through as its code and message', async () => {
    const dispatch = createDispatcher(
      handlers({
        'projects.get': () => {
          throw new CoreError('not_found', 'Project x does not exist.');
        },
      }),
      () => undefined,
    );
    expect(await dispatch('projects.get', { projectId: 'x' }, operator)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Project x does not exist.' },
    });
  });

  it('hides unexpected errors from the caller and reports them', async () => {
    const reported: unknown[] = [];
    const dispatch = createDispatcher(
      handlers({
        'projects.list': async () => {
          throw new Error('EACCES: /home/secret/path');
        },
      }),
      (error) => reported.push(error),
    );
    const result = await dispatch('projects.list', {}, operator);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('/home/secret');
    expect(reported).toHaveLength(1);
  });
});
