import { defineStore } from 'pinia';
import { computed, inject, ref } from 'vue';
import type { AuthStatusDto } from '../../../server/contract/dto.js';
import { clientKey } from '../client-key.js';

/** Who is signed in, and the device code while a sign-in waits for GitHub. */
export const useAuth = defineStore('auth', () => {
  const client = inject(clientKey)!;
  const status = ref<AuthStatusDto | null>(null);
  const error = ref<string | null>(null);
  const account = computed(() => status.value?.account ?? null);
  const signedIn = computed(() => account.value !== null && !status.value?.needsSignIn);

  async function load(): Promise<void> {
    try {
      status.value = await client.call('auth.status', {});
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  async function startDeviceFlow(): Promise<void> {
    status.value = await client.call('auth.startDeviceFlow', {});
  }

  async function signOut(): Promise<void> {
    status.value = await client.call('auth.signOut', {});
  }

  function merge(next: AuthStatusDto): void {
    status.value = next;
  }

  return { status, error, account, signedIn, load, startDeviceFlow, signOut, merge };
});
