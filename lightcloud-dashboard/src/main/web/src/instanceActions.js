import { reactive } from 'vue'
import { useI18n } from 'vue-i18n'
import { compute } from './api/compute.js'
import { image } from './api/image.js'
import { network } from './api/network.js'
import { volume } from './api/volume.js'
import { useActions } from './composables.js'
import { watchServer } from './serverWatch.js'

const STEADY = new Set(['ACTIVE', 'SHUTOFF'])

/**
 * What an instance's actions need, shared by the list and the detail page: which actions apply to a server now, the
 * dialog of the actions that take an input (attach, detach, resize, rebuild, snapshot, floating IPs), and the calls,
 * each followed to its end for the notifications bell.
 */
export function useInstanceActions(refresh) {
  const { t } = useI18n()
  const { run, destroy } = useActions()
  const dialog = reactive({ kind: '', server: null, value: '', options: [], busy: false, port: '', ports: [] })
  const networking = network.available()

  const label = (action) => t(`instances.action.${action}`)

  async function open(kind, server) {
    Object.assign(dialog, { kind, server, value: '', options: [], busy: false, port: '', ports: [] })
    if (kind === 'associateIp') {
      await loadFloatingIpChoices(server)
    } else if (kind === 'disassociateIp') {
      const ports = await run(() => network.ports({ device_id: server.id })) || []
      const ips = await run(() => network.floatingIps()) || []
      dialog.options = ips.filter((ip) => ports.some((p) => p.id === ip.port_id))
        .map((ip) => ({ value: ip.id, label: `${ip.floating_ip_address} → ${ip.fixed_ip_address}` }))
    } else if (kind === 'attach') {
      dialog.options = (await run(volume.volumes) || []).filter((v) => v.status === 'available')
        .map((v) => ({ value: v.id, label: `${v.name || v.id} (${v.size} GiB)` }))
    } else if (kind === 'detach') {
      const volumes = await run(volume.volumes) || []
      const names = Object.fromEntries(volumes.map((v) => [v.id, v.name]))
      dialog.options = (server['os-extended-volumes:volumes_attached'] ?? [])
        .map((v) => ({ value: v.id, label: names[v.id] || v.id }))
    } else if (kind === 'resize') {
      dialog.options = (await run(compute.flavors) || []).filter((f) => f.name !== server.flavor?.original_name)
        .map((f) => ({ value: f.id, label: f.name }))
    } else if (kind === 'rebuild') {
      dialog.options = ((await run(image.images)) || []).filter((i) => i.status === 'active')
        .map((i) => ({ value: i.id, label: i.name }))
    } else if (kind === 'snapshot') {
      dialog.value = `${server.name}-snapshot`
    }
  }

  // Free floating IPs of the project first, then a new address from each external network.
  async function loadFloatingIpChoices(server) {
    const [ports, ips, pools] = await Promise.all([run(() => network.ports({ device_id: server.id })),
      run(() => network.floatingIps({ project_id: server.tenant_id })),
      run(() => network.networks({ 'router:external': true }))])
    dialog.ports = (ports || []).map((p) => ({ value: p.id, label: p.fixed_ips.map((f) => f.ip_address).join(', ') }))
    dialog.port = dialog.ports[0]?.value ?? ''
    dialog.options = [
      ...(ips || []).filter((ip) => !ip.port_id).map((ip) => ({ value: ip.id, label: ip.floating_ip_address })),
      ...(pools || []).map((n) => ({ value: `new:${n.id}`, label: t('instances.newFloatingIp', { pool: n.name }) })),
    ]
  }

  const DIALOG_ACTIONS = {
    attach: (s, v) => compute.attachVolume(s.id, v),
    detach: (s, v) => compute.detachVolume(s.id, v),
    resize: (s, v) => compute.resize(s.id, v),
    rebuild: (s, v) => compute.rebuild(s.id, v),
    snapshot: (s, v) => compute.snapshot(s.id, v),
    associateIp: (s, v) => v.startsWith('new:')
      ? network.createFloatingIp({ floating_network_id: v.slice(4), port_id: dialog.port })
      : network.updateFloatingIp(v, { port_id: dialog.port }),
    disassociateIp: (s, v) => network.updateFloatingIp(v, { port_id: null }),
  }
  const FOLLOWED = new Set(['resize', 'rebuild', 'start', 'stop', 'reboot', 'hardReboot', 'confirmResize',
    'revertResize'])

  async function submitDialog() {
    dialog.busy = true
    const { kind, server } = dialog
    const ok = await run(() => DIALOG_ACTIONS[kind](server, dialog.value),
      t('instances.requested', { action: label(kind), name: server.name }))
    dialog.busy = false
    if (ok) {
      dialog.kind = ''
      if (FOLLOWED.has(kind)) {
        watchServer(server.id, server.name, label(kind))
      }
      refresh()
    }
  }

  const SIMPLE = {
    start: (s) => compute.start(s.id),
    stop: (s) => compute.stop(s.id),
    reboot: (s) => compute.reboot(s.id, 'SOFT'),
    hardReboot: (s) => compute.reboot(s.id, 'HARD'),
    confirmResize: (s) => compute.confirmResize(s.id),
    revertResize: (s) => compute.revertResize(s.id),
  }

  async function simple(action, server) {
    const ok = await run(() => SIMPLE[action](server), t('instances.requested', { action: label(action),
      name: server.name }))
    if (ok) {
      watchServer(server.id, server.name, label(action))
    }
    refresh()
  }

  async function remove(server) {
    const ok = await destroy(t('instances.confirmDelete', { name: server.name }), () => compute.remove(server.id),
      t('instances.deleting', { name: server.name }))
    if (ok) {
      watchServer(server.id, server.name, t('common.delete'), { expectGone: true })
    }
    refresh()
    return ok
  }

  async function openConsole(server) {
    const url = await run(() => compute.consoleUrl(server.id))
    if (url && url !== true) {
      window.open(consolePath(url, server), '_blank')
    }
  }

  /** Which actions apply to a server as it is now: the others are shown disabled. */
  function applies(action, server) {
    const busy = !!server['OS-EXT-STS:task_state']
    const status = server.status
    const attached = (server['os-extended-volumes:volumes_attached'] ?? []).length > 0
    const addresses = Object.values(server.addresses ?? {}).flat()
    switch (action) {
      case 'delete': return true
      case 'start': return !busy && status === 'SHUTOFF'
      case 'stop': case 'reboot': case 'console': return !busy && status === 'ACTIVE'
      case 'hardReboot': return !busy && ['ACTIVE', 'SHUTOFF', 'ERROR', 'PAUSED', 'SUSPENDED'].includes(status)
      case 'attach': case 'resize': case 'rebuild': case 'snapshot': return !busy && STEADY.has(status)
      case 'detach': return !busy && attached
      case 'associateIp': return addresses.some((a) => a['OS-EXT-IPS:type'] !== 'floating')
      case 'disassociateIp': return addresses.some((a) => a['OS-EXT-IPS:type'] === 'floating')
      case 'confirmResize': case 'revertResize': return status === 'VERIFY_RESIZE'
      default: return !busy
    }
  }

  function menuItems(server) {
    const item = (command, options = {}) => ({ command, label: command === 'delete' ? t('common.delete') : label(command),
      disabled: !applies(command, server), ...options })
    const items = [item('start'), item('stop'), item('reboot'), item('hardReboot'),
      item('attach', { divided: true }), item('detach')]
    if (networking) {
      items.push(item('associateIp', { divided: true }), item('disassociateIp'))
    }
    items.push(item('resize', { divided: true }))
    if (server.status === 'VERIFY_RESIZE') {
      items.push(item('confirmResize'), item('revertResize'))
    }
    items.push(item('rebuild'), item('snapshot'), item('delete', { divided: true }))
    return items
  }

  function command(server, action) {
    if (action === 'delete') {
      return remove(server)
    }
    return action in DIALOG_ACTIONS ? open(action, server) : simple(action, server)
  }

  return { dialog, submitDialog, menuItems, command, openConsole, applies, SIMPLE, label }
}

/** The console page's path for a remote-console URL: the token's, plus the server's id and name for Reconnect. */
export function consolePath(url, server, extra = '') {
  const target = new URL(url, location.origin)
  return `${target.pathname}${target.search}&server=${encodeURIComponent(server.id)}`
    + `&name=${encodeURIComponent(server.name)}${extra}`
}
