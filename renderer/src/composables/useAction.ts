import { ref, type Ref } from 'vue';
import { CommandError } from '../api/client.js';
import type { ErrorBody } from '../../../server/contract/envelope.js';

export interface Action<A extends unknown[]> {
  readonly busy: Ref<boolean>;
  /** What went wrong, in the core's words (the envelope's message). */
  readonly error: Ref<string | null>;
  /** Per-field messages of an `invalid_arguments` answer, by path (`title`, `definition.image`…). */
  readonly issues: Ref<Readonly<Record<string, string>>>;
  /** Runs the action unless one is in flight; resolves true when it succeeded. */
  run(...args: A): Promise<boolean>;
}

/** Every async action shows progress and every failure says what happened. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>): Action<A> {
  const busy = ref(false);
  const error = ref<string | null>(null);
  const issues = ref<Readonly<Record<string, string>>>({});

  async function run(...args: A): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    error.value = null;
    issues.value = {};
    try {
      await action(...args);
      return true;
    } catch (e) {
      const body: ErrorBody | null = e instanceof CommandError ? e.body : null;
      error.value = body?.message ?? (e as Error).message;
      issues.value = Object.fromEntries((body?.issues ?? []).map((i) => [i.path, i.message]));
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, issues, run };
}
