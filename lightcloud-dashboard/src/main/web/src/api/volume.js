import { serviceClient } from './http.js'

/** Cinder v3; the catalog's endpoint already ends with the project id. */
const cinder = serviceClient('volumev3', { 'OpenStack-API-Version': 'volume 3.0' })

export const volume = {
  available: () => cinder.available(),
  volumes: async () => (await cinder.get('/volumes/detail')).volumes,
  create: (body) => cinder.post('/volumes', { volume: body }),
  extend: (id, newSize) => cinder.post(`/volumes/${id}/action`, { 'os-extend': { new_size: newSize } }),
  remove: (id) => cinder.del(`/volumes/${id}`),
  snapshot: (volumeId, name) => cinder.post('/snapshots', { snapshot: { volume_id: volumeId, name } }),
  snapshots: async () => (await cinder.get('/snapshots/detail')).snapshots,
  limits: async () => (await cinder.get('/limits')).limits.absolute,
}
