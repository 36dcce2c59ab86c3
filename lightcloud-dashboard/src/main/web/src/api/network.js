import { serviceClient } from './http.js'

/** Neutron v2.0; absent from the catalog when the cloud runs no network service. */
const neutron = serviceClient('network', {}, '/v2.0')

const list = (resource, query = '') => async () => (await neutron.get(`/${resource}${query}`))[resource]

export const network = {
  available: () => neutron.available(),
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
