import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ConnectionState } from '../api/transport.js';

/**
 * Whether the window still hears from the Kozmic server. Once it was connected and is no longer, what
 * the screens show may be stale: running states and clocks stop and say so instead of going on.
 */
export const useConnection = defineStore('connection', () => {
  const state = ref<ConnectionState>('connecting');
  const wasOpen = ref(false);
  /** When the connection was lost (ms since the epoch), null while connected. */
  const lostAt = ref<number | null>(null);
  const unreachable = computed(() => wasOpen.value && state.value !== 'open');

  function changed(next: ConnectionState): void {
    state.value = next;
    if (next === 'open') {
      wasOpen.value = true;
      lostAt.value = null;
    } else if (wasOpen.value) {
      lostAt.value ??= Date.now();
    }
  }

  return { state, wasOpen, lostAt, unreachable, changed };
});
