import { request } from './http.js'

const base = '/lightcloud/v1'
const get = async (path) => (await request('GET', base + path)).body
const send = async (method, path, body) => (await request(method, base + path, body)).body

/** Lightcloud's monitoring and alerting API (charts are built by the controller from ids; no PromQL here). */
export const monitoring = {
  serverCharts: async (id, range) => (await get(`/monitoring/servers/${id}/charts?range=${range}`)).charts,
  hostCharts: async (id, range) => (await get(`/monitoring/hosts/${id}/charts?range=${range}`)).charts,
  cloudCharts: async (range) => (await get(`/monitoring/cloud/charts?range=${range}`)).charts,
  metrics: async () => (await get('/alert-rules/metrics')).metrics,
  rules: async () => (await get('/alert-rules')).alert_rules,
  createRule: (rule) => send('POST', '/alert-rules', { alert_rule: rule }),
  deleteRule: (id) => send('DELETE', `/alert-rules/${id}`),
  channels: async () => (await get('/alert-channels')).alert_channels,
  createChannel: (channel) => send('POST', '/alert-channels', { alert_channel: channel }),
  deleteChannel: (id) => send('DELETE', `/alert-channels/${id}`),
  testChannel: async (id) => (await send('POST', `/alert-channels/${id}/test`)).test,
  history: async () => (await get('/alert-history?limit=200')).alert_events,
  silences: async () => (await get('/alert-silences')).alert_silences,
  silence: (ruleId, seconds) => send('POST', '/alert-silences', { alert_silence: { rule_id: ruleId, duration_seconds: seconds } }),
  expireSilence: (id) => send('DELETE', `/alert-silences/${id}`),
}
