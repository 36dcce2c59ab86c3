import { i18n } from './i18n/index.js'

/**
 * Every state an API answers, translated and coloured: the raw value (`ACTIVE`, `in-use`, `spawning`) never
 * reaches the page. Kinds: server, task, volume, image, network (any Neutron resource's status), hypervisor, vm
 * (vm_state, as usage reports it) and member (image sharing).
 */
const COLOURS = {
  server: { ACTIVE: 'success', SHUTOFF: 'info', ERROR: 'danger', BUILD: 'warning', REBOOT: 'warning',
    HARD_REBOOT: 'warning', RESIZE: 'warning', VERIFY_RESIZE: 'warning', REVERT_RESIZE: 'warning', REBUILD: 'warning',
    MIGRATING: 'warning', PAUSED: 'info', SUSPENDED: 'info', SHELVED: 'info', SHELVED_OFFLOADED: 'info',
    DELETED: 'info', UNKNOWN: 'danger' },
  volume: { available: 'success', 'in-use': 'primary', error: 'danger', creating: 'warning', deleting: 'warning',
    attaching: 'warning', detaching: 'warning', extending: 'warning', reserved: 'warning', downloading: 'warning',
    uploading: 'warning', maintenance: 'warning', error_deleting: 'danger', error_extending: 'danger' },
  image: { active: 'success', queued: 'warning', saving: 'warning', uploading: 'warning', importing: 'warning',
    killed: 'danger', deleted: 'info', pending_delete: 'info', deactivated: 'info' },
  network: { ACTIVE: 'success', DOWN: 'info', BUILD: 'warning', ERROR: 'danger' },
  hypervisor: { up: 'success', down: 'danger', enabled: 'success', disabled: 'info' },
  vm: { active: 'success', building: 'warning', stopped: 'info', paused: 'info', suspended: 'info', error: 'danger',
    deleted: 'info', terminated: 'info', resized: 'warning', shelved: 'info', shelved_offloaded: 'info',
    soft_deleted: 'info', rescued: 'warning' },
  member: { pending: 'warning', accepted: 'success', rejected: 'danger' },
}

const KEYS = { server: 'status', task: 'taskState', volume: 'volumeState', image: 'imageState', network: 'netState',
  hypervisor: 'hostState', vm: 'vmState', member: 'memberState' }

/** `{ label, type }` for a state of `kind`; an unknown value shows "Unknown (value)" in the page's language. */
export function stateOf(kind, value) {
  if (value == null || value === '') {
    return { label: '', type: 'info' }
  }
  const { t, te } = i18n.global
  const key = `${KEYS[kind]}.${value}`
  const label = te(key) ? t(key) : t('common.unknownValue', { value })
  const type = kind === 'task' ? 'warning' : COLOURS[kind]?.[value] ?? 'info'
  return { label, type }
}

/** The states a status filter offers for `kind`, translated. */
export function statesOf(kind) {
  return Object.keys(COLOURS[kind]).map((value) => ({ value, ...stateOf(kind, value) }))
}

/** Strips terminal escape sequences (CSI like `ESC[6n`, OSC, charset selection) and stray control characters. */
export function stripTerminalEscapes(text) {
  return (text ?? '')
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, '')
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b[()][0-9A-Za-z]/g, '')
    .replace(/\x1b[@-_]/g, '')
    .replace(/\r\n/g, '\n')
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '')
}
