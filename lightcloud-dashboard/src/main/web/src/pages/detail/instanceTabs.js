import { defineAsyncComponent } from 'vue'

/**
 * The tabs of the instance detail page, in order: `name` is the URL's last segment (/instances/ID/console), `label`
 * a message key, `component` gets the server (Nova's view, refreshed every few seconds) as its `server` prop.
 * Adding a tab is one line here.
 */
export const INSTANCE_TABS = [
  { name: 'overview', label: 'detail.tab.overview', component: defineAsyncComponent(() => import('../../components/instance/InstanceOverview.vue')) },
  { name: 'console', label: 'detail.tab.console', component: defineAsyncComponent(() => import('../../components/instance/InstanceConsole.vue')) },
  { name: 'log', label: 'detail.tab.log', component: defineAsyncComponent(() => import('../../components/instance/InstanceLog.vue')) },
  { name: 'actions', label: 'detail.tab.actions', component: defineAsyncComponent(() => import('../../components/instance/InstanceActionHistory.vue')) },
  { name: 'monitoring', label: 'detail.tab.monitoring', component: defineAsyncComponent(() => import('../../components/instance/InstanceMonitoring.vue')) },
]
