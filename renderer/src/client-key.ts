import type { InjectionKey } from 'vue';
import type { KozmicClient } from './api/client.js';

export const clientKey: InjectionKey<KozmicClient> = Symbol('kozmic client');
