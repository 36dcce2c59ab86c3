import { serviceClient } from './http.js'

/** Cinder v3; the catalog's endpoint already ends with the project id. */
const cinder = serviceClient('volumev3', { 'OpenStack-API-Version': 'volume 3.0' })

export const volume = {
  volumes: async () => (await cinder.get('/volumes/detail')).volumes,
  get: async (id) => (await cinder.get(`/volumes/${id}`)).volume,
  create: (body) => cinder.post('/volumes', { volume: body }),
  extend: (id, newSize) => cinder.post(`/volumes/${id}/action`, { 'os-extend': { new_size: newSize } }),
  remove: (id) => cinder.del(`/volumes/${id}`),
  snapshot: (volumeId, name) => cinder.post('/snapshots', { snapshot: { volume_id: volumeId, name } }),
  quota: async (projectId) => (await cinder.get(`/os-quota-sets/${projectId}?usage=true`)).quota_set,
  updateQuota: (projectId, quotaSet) => cinder.put(`/os-quota-sets/${projectId}`, { quota_set: quotaSet }),
  limits: async () => (await cinder.get('/limits')).limits.absolute,
}
