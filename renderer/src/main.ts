import '@xterm/xterm/css/xterm.css';
import './theme.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { connect } from './api/client.js';
import App from './App.vue';
import { clientKey } from './client-key.js';
import { createAppRouter } from './router.js';
import { wireEvents } from './stores/wire-events.js';

const client = connect();
const pinia = createPinia();
const router = createAppRouter(pinia);
const app = createApp(App).provide(clientKey, client).use(pinia).use(router);

wireEvents(client, pinia);
client.onNavigate((path) => void router.push(path));
// Back on the network (Wi-Fi rejoined, a VPN up): Docker, the tunnel and the webhook address are asked
// again at once rather than at the next poll. Only the operator may ask; for anyone else this is refused.
window.addEventListener('online', () => void client.call('app.recheck', {}).catch(() => undefined));
app.mount('#app');
