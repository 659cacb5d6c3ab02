import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import { connect } from './api/client.js';
import App from './App.vue';
import { clientKey } from './client-key.js';
import { useAppStatus } from './stores/app-status.js';
import StatusView from './views/StatusView.vue';

const client = connect();
const router = createRouter({
  history: createWebHistory('/'),
  routes: [{ path: '/', component: StatusView }],
});
const pinia = createPinia();
const app = createApp(App).use(pinia).use(router).provide(clientKey, client);

// The one place where core events are wired into stores.
const status = useAppStatus(pinia);
client.on('app.status', (next) => status.merge(next));

app.mount('#app');
