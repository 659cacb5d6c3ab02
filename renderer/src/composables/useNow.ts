import { onScopeDispose, ref, type Ref } from 'vue';
import { useConnection } from '../stores/connection.js';

/**
 * The current time, ticking every second while the component lives (for running durations). While the
 * server cannot be reached it stands still at the moment the connection was lost: a running clock
 * would claim progress nobody can see.
 */
export function useNow(intervalMs = 1000): Ref<number> {
  const connection = useConnection();
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = connection.lostAt ?? Date.now()), intervalMs);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
