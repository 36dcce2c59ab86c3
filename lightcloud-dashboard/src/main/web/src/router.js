import { createRouter, createWebHistory } from 'vue-router'
import { isAdmin, signedIn } from './session.js'

// Every page is its own chunk, loaded when first visited. Keep the paths in DashboardController.
const routes = [
  { path: '/login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
  { path: '/lightcloud/v1/console/vnc.html', component: () => import('./pages/ConsolePage.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('./components/AppLayout.vue'),
    children: [
      { path: '', redirect: '/overview' },
      { path: 'overview', component: () => import('./pages/OverviewPage.vue') },
      { path: 'instances', component: () => import('./pages/InstancesPage.vue') },
      { path: 'images', component: () => import('./pages/ImagesPage.vue') },
      { path: 'volumes', component: () => import('./pages/VolumesPage.vue') },
      { path: 'keypairs', component: () => import('./pages/KeypairsPage.vue') },
      { path: 'networks', component: () => import('./pages/NetworksPage.vue') },
      { path: 'routers', component: () => import('./pages/RoutersPage.vue') },
      { path: 'security-groups', component: () => import('./pages/SecurityGroupsPage.vue') },
      { path: 'floating-ips', component: () => import('./pages/FloatingIpsPage.vue') },
      { path: 'loadtest', component: () => import('./pages/loadtest/LoadTestsPage.vue') },
      { path: 'loadtest/runs/:id', component: () => import('./pages/loadtest/LoadTestRunPage.vue') },
      { path: 'loadtest/compare', component: () => import('./pages/loadtest/LoadTestComparePage.vue') },
      { path: 'admin/hypervisors', component: () => import('./pages/admin/HypervisorsPage.vue'), meta: { admin: true } },
      { path: 'admin/flavors', component: () => import('./pages/admin/FlavorsPage.vue'), meta: { admin: true } },
      { path: 'admin/projects', component: () => import('./pages/admin/ProjectsPage.vue'), meta: { admin: true } },
      { path: 'admin/users', component: () => import('./pages/admin/UsersPage.vue'), meta: { admin: true } },
      { path: 'admin/roles', component: () => import('./pages/admin/RolesPage.vue'), meta: { admin: true } },
      { path: 'admin/quotas', component: () => import('./pages/admin/QuotasPage.vue'), meta: { admin: true } },
    ],
  },
  { path: '/:unknown(.*)*', redirect: '/overview' },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach((to) => {
  if (!to.meta.public && !signedIn()) {
    return { path: '/login', query: to.fullPath === '/overview' ? {} : { next: to.fullPath } }
  }
  if (to.meta.admin && !isAdmin()) {
    return '/overview'
  }
  return true
})
