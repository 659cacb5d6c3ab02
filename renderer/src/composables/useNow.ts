import { onScopeDispose, ref, type Ref } from 'vue';
import { useConnection } from '../stores/connection.js';

/**
 * The current time, ticking every second while the component lives (for running durations). While the
 * server cannot be reached it stands still at what it last showed: a running clock would claim progress
 * nobody can see (and jumping to the moment the loss was noticed would still move it once).
 */
export function useNow(intervalMs = 1000): Ref<number> {
  const connection = useConnection();
  const now = ref(connection.lostAt ?? Date.now());
  const timer = setInterval(() => {
    if (connection.lostAt === null) now.value = Date.now();
  }, intervalMs);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
