import { serviceClient } from './http.js'

/** Neutron v2.0; absent from the catalog when the cloud runs no network service. */
const neutron = serviceClient('network', {}, '/v2.0')

/**
 * Lists a collection, filtered by Neutron's query parameters ({ project_id: ... }); the answer's key is the path's
 * with underscores (/security-groups answers {"security_groups": [...]}).
 */
const list = (resource) => async (filters = {}) => {
  const query = new URLSearchParams(filters).toString()
  return (await neutron.get(`/${resource}${query ? `?${query}` : ''}`))[resource.replaceAll('-', '_')]
}

/**
 * The networks a project works with: its own, shared ones and external ones (an admin's list has every project's).
 * Instances attach to the first two; routers and floating IPs use the external ones.
 */
export function projectNetworks(networks, projectId, { external = true } = {}) {
  return networks.filter((n) => n.project_id === projectId || n.shared || (external && n['router:external']))
}

export const network = {
  available: () => neutron.available(),
  network: async (id) => (await neutron.get(`/networks/${id}`)).network,
  router: async (id) => (await neutron.get(`/routers/${id}`)).router,
  quota: async (projectId) => (await neutron.get(`/quotas/${projectId}/details`)).quota,
  updateQuota: (projectId, quota) => neutron.put(`/quotas/${projectId}`, { quota }),
  networks: list('networks'),
  subnets: list('subnets'),
  routers: list('routers'),
  ports: list('ports'),
  securityGroups: list('security-groups'),
  floatingIps: list('floatingips'),
  createNetwork: async (body) => (await neutron.post('/networks', { network: body })).network,
  deleteNetwork: (id) => neutron.del(`/networks/${id}`),
  createSubnet: async (body) => (await neutron.post('/subnets', { subnet: body })).subnet,
  createRouter: async (body) => (await neutron.post('/routers', { router: body })).router,
  deleteRouter: (id) => neutron.del(`/routers/${id}`),
  addRouterInterface: (id, subnetId) => neutron.put(`/routers/${id}/add_router_interface`, { subnet_id: subnetId }),
  removeRouterInterface: (id, subnetId) =>
    neutron.put(`/routers/${id}/remove_router_interface`, { subnet_id: subnetId }),
  createSecurityGroup: async (body) =>
    (await neutron.post('/security-groups', { security_group: body })).security_group,
  deleteSecurityGroup: (id) => neutron.del(`/security-groups/${id}`),
  createRule: async (body) =>
    (await neutron.post('/security-group-rules', { security_group_rule: body })).security_group_rule,
  deleteRule: (id) => neutron.del(`/security-group-rules/${id}`),
  createFloatingIp: async (body) => (await neutron.post('/floatingips', { floatingip: body })).floatingip,
  updateFloatingIp: async (id, body) =>
    (await neutron.put(`/floatingips/${id}`, { floatingip: body })).floatingip,
  deleteFloatingIp: (id) => neutron.del(`/floatingips/${id}`),
}
