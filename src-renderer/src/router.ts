/**
 * Routes. Hash history: works from file:// in the desktop app and from any path the
 * HTTP server serves. Views take typed props from the route, so they can be mounted
 * in tests without a router and reused by the next views.
 *
 *   /                 HomeView        welcome, or what to do first
 *   /new              NewSweepView    the launch form
 *   /datasets[/:name] DatasetView     data sets, samples, download
 *   /sweeps/:id       SweepView       one sweep's runs (live)
 *   /runs/:id         RunView         one run's config and environment
 *   /compare?runs=1,2 CompareView     runs side by side
 *   /workers          WorkersView     the queue's workers (other machines training trials)
 *   /settings         SettingsView    data folder, defaults for new sweeps, the queue, versions
 */
import { createRouter, createWebHashHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router';
import CompareView from './views/CompareView.vue';
import DatasetView from './views/DatasetView.vue';
import HomeView from './views/HomeView.vue';
import NewSweepView from './views/NewSweepView.vue';
import NotFoundView from './views/NotFoundView.vue';
import RunView from './views/RunView.vue';
import SettingsView from './views/SettingsView.vue';
import SweepView from './views/SweepView.vue';
import WorkersView from './views/WorkersView.vue';
import { parseRunIds } from './lib/routeLinks';

export { compareLink, parseRunIds } from './lib/routeLinks';

const numericId = (route: RouteLocationNormalized) => ({ id: Number(route.params.id) });

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView, meta: { title: 'Sweeplab' } },
  { path: '/new', name: 'new-sweep', component: NewSweepView, meta: { title: 'New sweep' } },
  { path: '/datasets', name: 'datasets', component: DatasetView, meta: { title: 'Data sets' } },
  { path: '/datasets/:name', name: 'dataset', component: DatasetView, props: true, meta: { title: 'Data set' } },
  { path: '/sweeps/:id(\\d+)', name: 'sweep', component: SweepView, props: numericId, meta: { title: 'Sweep' } },
  { path: '/runs/:id(\\d+)', name: 'run', component: RunView, props: numericId, meta: { title: 'Run' } },
  { path: '/compare', name: 'compare', component: CompareView, props: (r) => ({ runIds: parseRunIds(r.query.runs) }), meta: { title: 'Compare runs' } },
  { path: '/workers', name: 'workers', component: WorkersView, meta: { title: 'Workers' } },
  { path: '/settings', name: 'settings', component: SettingsView, meta: { title: 'Settings' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundView, meta: { title: 'Not found' } },
];

export function createAppRouter() {
  const router = createRouter({ history: createWebHashHistory(), routes });
  router.afterEach((to) => {
    const title = typeof to.meta.title === 'string' ? to.meta.title : 'Sweeplab';
    document.title = title === 'Sweeplab' ? title : `${title} — Sweeplab`;
  });
  return router;
}
