// The first load: what every screen needs before it can show anything meaningful. The root element
// gets `data-app-ready` when it is done (tests wait on it, never on time).
import type { Pinia } from 'pinia';
import { ref } from 'vue';
import { useAppStatus } from './stores/app-status.js';
import { useAuth } from './stores/auth.js';
import { useProjects } from './stores/projects.js';

export const appReady = ref(false);

let booting: Promise<void> | null = null;

export function boot(pinia: Pinia): Promise<void> {
  booting ??= (async () => {
    const auth = useAuth(pinia);
    await Promise.all([useAppStatus(pinia).refresh(), auth.load()]);
    if (auth.signedIn) await useProjects(pinia).load();
    appReady.value = true;
  })();
  return booting;
}
