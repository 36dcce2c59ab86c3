import { serviceClient } from './http.js'

/** Nova at microversion 2.90 (networks "none", embedded flavors); hypervisor usage needs 2.87 or lower. */
const nova = serviceClient('compute', { 'OpenStack-API-Version': 'compute 2.90' })
const nova287 = serviceClient('compute', { 'OpenStack-API-Version': 'compute 2.87' })

const action = (id, body) => nova.post(`/servers/${id}/action`, body)

export const compute = {
  servers: async () => (await nova.get('/servers/detail')).servers,
  /** One page of the server list: Nova's filters, sort and `limit`/`marker` paging, done by the API. */
  serverPage: async (params) => {
    const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v != null)).toString()
    const body = await nova.get(`/servers/detail${query ? `?${query}` : ''}`)
    return { servers: body.servers, next: (body.servers_links ?? []).some((l) => l.rel === 'next') }
  },
  server: async (id) => (await nova.get(`/servers/${id}`)).server,
  instanceActions: async (id) => (await nova.get(`/servers/${id}/os-instance-actions`)).instanceActions,
  interfaces: async (id) => (await nova.get(`/servers/${id}/os-interface`)).interfaceAttachments,
  /**
   * Nova's os-simple-tenant-usage for a project (detailed); `null` when the cloud does not answer it (no metering),
   * so that the Usage page is absent rather than empty.
   */
  usage: async (projectId, start, end) => {
    const query = new URLSearchParams({ start, end, detailed: 1 }).toString()
    try {
      return (await nova.get(`/os-simple-tenant-usage/${projectId}?${query}`)).tenant_usage
    } catch (e) {
      if ([400, 404, 405, 501].includes(e.status)) {
        return null
      }
      throw e
    }
  },
  create: (server) => nova.post('/servers', { server }),
  remove: (id) => nova.del(`/servers/${id}`),
  start: (id) => action(id, { 'os-start': null }),
  stop: (id) => action(id, { 'os-stop': null }),
  reboot: (id, type) => action(id, { reboot: { type } }),
  resize: (id, flavorRef) => action(id, { resize: { flavorRef } }),
  confirmResize: (id) => action(id, { confirmResize: null }),
  revertResize: (id) => action(id, { revertResize: null }),
  rebuild: (id, imageRef) => action(id, { rebuild: { imageRef } }),
  snapshot: (id, name) => action(id, { createImage: { name } }),
  consoleLog: async (id, length) =>
    (await action(id, { 'os-getConsoleOutput': length == null ? {} : { length } })).output,
  consoleUrl: async (id) =>
    (await nova.post(`/servers/${id}/remote-consoles`, { remote_console: { protocol: 'vnc', type: 'novnc' } }))
      .remote_console.url,
  attachVolume: (id, volumeId) => nova.post(`/servers/${id}/os-volume_attachments`, { volumeAttachment: { volumeId } }),
  detachVolume: (id, volumeId) => nova.del(`/servers/${id}/os-volume_attachments/${volumeId}`),
  flavors: async () => (await nova.get('/flavors/detail?is_public=None')).flavors,
  createFlavor: (flavor) => nova.post('/flavors', { flavor }),
  deleteFlavor: (id) => nova.del(`/flavors/${id}`),
  keypairs: async () => (await nova.get('/os-keypairs')).keypairs.map((k) => k.keypair),
  createKeypair: async (keypair) => (await nova.post('/os-keypairs', { keypair })).keypair,
  deleteKeypair: (name) => nova.del(`/os-keypairs/${encodeURIComponent(name)}`),
  limits: async () => (await nova.get('/limits')).limits.absolute,
  quota: async (projectId) => (await nova.get(`/os-quota-sets/${projectId}/detail`)).quota_set,
  updateQuota: (projectId, quotaSet) => nova.put(`/os-quota-sets/${projectId}`, { quota_set: quotaSet }),
  hypervisors: async () => (await nova287.get('/os-hypervisors/detail')).hypervisors,
}
