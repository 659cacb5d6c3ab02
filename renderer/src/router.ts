import type { Pinia } from 'pinia';
import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router';
import { boot } from './boot.js';
import { useAuth } from './stores/auth.js';

declare module 'vue-router' {
  interface RouteMeta {
    /** Needs a signed-in GitHub account; without one the welcome screen shows instead. */
    readonly account?: boolean;
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/welcome', name: 'welcome', component: () => import('./views/WelcomeView.vue') },
  { path: '/', name: 'home', component: () => import('./views/HomeView.vue'), meta: { account: true } },
  {
    path: '/projects/new',
    name: 'new-project',
    component: () => import('./views/NewProjectView.vue'),
    meta: { account: true },
  },
  {
    path: '/projects/:projectId',
    component: () => import('./views/ProjectView.vue'),
    meta: { account: true },
    props: true,
    children: [
      { path: '', name: 'project', component: () => import('./views/ProjectBuilds.vue'), props: true },
      {
        path: 'settings',
        name: 'project-settings',
        component: () => import('./views/ProjectSettings.vue'),
        props: true,
      },
      {
        path: 'hooks/new',
        name: 'new-hook',
        component: () => import('./views/HookEditorView.vue'),
        props: true,
      },
      {
        path: 'hooks/:hookId',
        name: 'hook',
        component: () => import('./views/HookEditorView.vue'),
        props: true,
      },
    ],
  },
  {
    path: '/projects/:projectId/builds/:number(\\d+)',
    name: 'build',
    component: () => import('./views/BuildView.vue'),
    meta: { account: true },
    props: (route) => ({ projectId: route.params.projectId, number: Number(route.params.number) }),
  },
  { path: '/settings', name: 'settings', component: () => import('./views/SettingsView.vue') },
  { path: '/:rest(.*)*', redirect: '/' },
];

export function createAppRouter(pinia: Pinia): Router {
  const router = createRouter({ history: createWebHistory('/'), routes });
  router.beforeEach(async (to) => {
    await boot(pinia);
    const auth = useAuth(pinia);
    if (to.meta.account && !auth.signedIn) return { name: 'welcome' };
    if (to.name === 'welcome' && auth.signedIn) return { name: 'home' };
    return true;
  });
  return router;
}
