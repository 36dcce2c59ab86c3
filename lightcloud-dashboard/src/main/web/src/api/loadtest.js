import { request } from './http.js'

/** Lightcloud's load-test service (docs/loadtest.md), on the controller's own origin. */
const BASE = '/lightcloud/v1/loadtest'

async function get(path) {
  return (await request('GET', `${BASE}${path}`)).body
}

export const loadtest = {
  plans: async () => (await get('/plans')).plans,
  createPlan: async (plan) => (await request('POST', `${BASE}/plans`, { plan })).body.plan,
  deletePlan: (id) => request('DELETE', `${BASE}/plans/${id}`),
  runs: async () => (await get('/runs')).runs,
  startRun: async (run) => (await request('POST', `${BASE}/runs`, { run })).body.run,
  stopRun: (id) => request('POST', `${BASE}/runs/${id}/stop`, {}),
  results: (id) => get(`/runs/${id}/results`),
  compare: async (a, b) => (await get(`/runs/compare?a=${a}&b=${b}`)).comparison,
  reportUrl: (id, format) => `${BASE}/runs/${id}/report.${format}`,
}
