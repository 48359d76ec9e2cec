/**
 * The renderer's entry: the API client (desktop bridge or HTTP), Pinia, the router,
 * the app. Nothing here knows which transport is underneath.
 */
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createApiClient, setApi } from './api/client';
import { createAppRouter } from './router';
import { useNotificationsStore } from './stores/notifications';
import './styles/index.css';

setApi(createApiClient());
const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(createAppRouter());
app.config.errorHandler = (err, _instance, info) => {
  // A bug in a component must still reach the person, not only the console.
  console.error(`sweeplab: ${info}:`, err);
  useNotificationsStore(pinia).error('Something went wrong in the app', err instanceof Error ? err.message : String(err));
};
app.mount('#app');
