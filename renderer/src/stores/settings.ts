import { defineStore } from 'pinia';
import { inject, ref } from 'vue';
import type { SettingsDto, SettingsPatch } from '../../../server/contract/dto.js';
import { clientKey } from '../client-key.js';

export const useSettings = defineStore('settings', () => {
  const client = inject(clientKey)!;
  const settings = ref<SettingsDto | null>(null);

  async function load(): Promise<void> {
    settings.value = await client.call('settings.get', {});
  }

  async function update(patch: SettingsPatch): Promise<void> {
    settings.value = await client.call('settings.update', patch);
  }

  function merge(next: SettingsDto): void {
    settings.value = next;
  }

  return { settings, load, update, merge };
});
