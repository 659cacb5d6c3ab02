import { defineStore } from 'pinia';
import { computed, inject, ref } from 'vue';
import type { AuthStatusDto } from '../../../server/contract/dto.js';
import {
  CommandError,
  endSession,
  forgetRefusedOperatorToken,
  offeredTokenKind,
  operatorTokenWasRefused,
} from '../api/client.js';
import { clientKey } from '../client-key.js';

/**
 * Who is signed in, and the device code while a sign-in waits for GitHub. `visitor`: a page the
 * server does not know (no token, or a wrong one), which offers the team sign-in where there is a team
 * (`teamSignIn`) and says where the operator's address is; `refusedToken`: it offered an operator token
 * the server refused.
 */
export const useAuth = defineStore('auth', () => {
  const client = inject(clientKey)!;
  const status = ref<AuthStatusDto | null>(null);
  const error = ref<string | null>(null);
  const visitor = ref(false);
  const refusedToken = ref(false);
  const teamSignIn = ref(false);
  const account = computed(() => status.value?.account ?? null);
  const signedIn = computed(() => account.value !== null && !status.value?.needsSignIn);
  const isOperator = computed(() => status.value?.access === 'operator');

  async function load(): Promise<void> {
    try {
      status.value = await client.call('auth.status', {});
      error.value = null;
      visitor.value = false;
    } catch (e) {
      error.value = (e as Error).message;
      visitor.value = e instanceof CommandError && e.body.code === 'unauthorized';
      if (visitor.value) await loadVisitor();
    }
  }

  async function loadVisitor(): Promise<void> {
    if (offeredTokenKind() === 'operator') return forgetRefusedOperatorToken();
    refusedToken.value = operatorTokenWasRefused();
    error.value = null;
    try {
      teamSignIn.value = (await client.call('session.info', {})).teamSignIn;
    } catch {
      teamSignIn.value = false;
    }
  }

  async function startDeviceFlow(): Promise<void> {
    status.value = await client.call('auth.startDeviceFlow', {});
  }

  async function signOut(): Promise<void> {
    const teammate = status.value?.access === 'teammate';
    status.value = await client.call('auth.signOut', {});
    if (teammate) endSession();
  }

  function merge(next: AuthStatusDto): void {
    status.value = next;
  }

  return {
    status,
    error,
    visitor,
    refusedToken,
    teamSignIn,
    account,
    signedIn,
    isOperator,
    load,
    startDeviceFlow,
    signOut,
    merge,
  };
});
