import { defineStore } from 'pinia';
import { inject, ref } from 'vue';
import type { AppStatusDto, TunnelStatusDto } from '../../../server/contract/dto.js';
import { clientKey } from '../client-key.js';

/** The engine and app status shown at a glance; refreshed on demand and by `app.status` events. */
export const useAppStatus = defineStore('app-status', () => {
  const client = inject(clientKey)!;
  const status = ref<AppStatusDto | null>(null);
  const error = ref<string | null>(null);
  const loading = ref(false);

  async function refresh(): Promise<void> {
    loading.value = true;
    try {
      status.value = await client.call('app.status', {});
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      loading.value = false;
    }
  }

  function merge(next: AppStatusDto): void {
    status.value = next;
  }

  /** The tunnel changes on its own (opening, lost, reopened), between full status updates. */
  function mergeTunnel(tunnel: TunnelStatusDto): void {
    if (status.value) status.value = { ...status.value, tunnel };
  }

  return { status, error, loading, refresh, merge, mergeTunnel };
});
