import { createRouter, createWebHistory } from 'vue-router'
import { isAdmin, signedIn } from './session.js'
import { i18n } from './i18n/index.js'
import { setTitle } from './title.js'

// Every page is its own chunk, loaded when first visited. Keep the paths in DashboardController. `title` is the
// message key of the browser tab's title; detail pages replace it with the resource's name once loaded.
const page = (path, load, title, meta = {}) => ({ path, component: load, meta: { title, ...meta } })
const routes = [
  page('/login', () => import('./pages/LoginPage.vue'), 'login.submit', { public: true }),
  page('/lightcloud/v1/console/vnc.html', () => import('./pages/ConsolePage.vue'), 'console.title', { public: true }),
  {
    path: '/',
    component: () => import('./components/AppLayout.vue'),
    children: [
      { path: '', redirect: '/overview' },
      page('overview', () => import('./pages/OverviewPage.vue'), 'nav.overview'),
      page('instances', () => import('./pages/InstancesPage.vue'), 'nav.instances'),
      page('instances/:id/:tab?', () => import('./pages/detail/InstanceDetailPage.vue'), 'nav.instances'),
      page('images', () => import('./pages/ImagesPage.vue'), 'nav.images'),
      page('images/:id', () => import('./pages/detail/ImageDetailPage.vue'), 'nav.images'),
      page('volumes', () => import('./pages/VolumesPage.vue'), 'nav.volumes'),
      page('volumes/:id', () => import('./pages/detail/VolumeDetailPage.vue'), 'nav.volumes'),
      page('keypairs', () => import('./pages/KeypairsPage.vue'), 'nav.keypairs'),
      page('networks', () => import('./pages/NetworksPage.vue'), 'nav.networks'),
      page('networks/:id', () => import('./pages/detail/NetworkDetailPage.vue'), 'nav.networks'),
      page('routers', () => import('./pages/RoutersPage.vue'), 'nav.routers'),
      page('routers/:id', () => import('./pages/detail/RouterDetailPage.vue'), 'nav.routers'),
      page('security-groups', () => import('./pages/SecurityGroupsPage.vue'), 'nav.securityGroups'),
      page('floating-ips', () => import('./pages/FloatingIpsPage.vue'), 'nav.floatingIps'),
      page('usage', () => import('./pages/UsagePage.vue'), 'nav.usage'),
      page('alerts/rules', () => import('./pages/monitoring/AlertRulesPage.vue'), 'nav.alertRules'),
      page('alerts/channels', () => import('./pages/monitoring/AlertChannelsPage.vue'), 'nav.alertChannels'),
      page('alerts/history', () => import('./pages/monitoring/AlertHistoryPage.vue'), 'nav.alertHistory'),
      page('admin/monitoring', () => import('./pages/monitoring/CloudMonitoringPage.vue'), 'nav.cloudMonitoring', { admin: true }),
      page('admin/hypervisors', () => import('./pages/admin/HypervisorsPage.vue'), 'nav.hypervisors', { admin: true }),
      page('admin/flavors', () => import('./pages/admin/FlavorsPage.vue'), 'nav.flavors', { admin: true }),
      page('admin/projects', () => import('./pages/admin/ProjectsPage.vue'), 'nav.projects', { admin: true }),
      page('admin/users', () => import('./pages/admin/UsersPage.vue'), 'nav.users', { admin: true }),
      page('admin/roles', () => import('./pages/admin/RolesPage.vue'), 'nav.roles', { admin: true }),
      page('admin/quotas', () => import('./pages/admin/QuotasPage.vue'), 'nav.quotas', { admin: true }),
      page('admin/showback', () => import('./pages/admin/ShowbackPage.vue'), 'nav.showback', { admin: true }),
      page('loadtest', () => import('./pages/loadtest/LoadTestsPage.vue'), 'nav.loadtest'),
      page('loadtest/runs/:id', () => import('./pages/loadtest/LoadTestRunPage.vue'), 'nav.loadtest'),
      page('loadtest/compare', () => import('./pages/loadtest/LoadTestComparePage.vue'), 'nav.loadtest'),
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

/** The tab title of the current route, in the current language (called again when the language changes). */
export function routeTitle() {
  const key = router.currentRoute.value.meta.title
  setTitle(key ? i18n.global.t(key) : '')
}

router.afterEach((to, from) => {
  if (to.path !== from.path) {
    routeTitle()
  }
})
