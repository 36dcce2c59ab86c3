import { compute } from './api/compute.js'
import { finish, notify } from './notifications.js'
import { stateOf } from './states.js'
import { i18n } from './i18n/index.js'

const POLL_MS = 3000
const GIVE_UP_MS = 15 * 60 * 1000
const SETTLED = new Set(['ACTIVE', 'SHUTOFF', 'ERROR', 'VERIFY_RESIZE', 'PAUSED', 'SUSPENDED', 'SHELVED',
  'SHELVED_OFFLOADED'])

/**
 * Follows a server after an operation until it settles, and tells the bell how it ended: "vm1: Active after 37 s",
 * the fault's message, or "deleted" once the server is gone (`expectGone`).
 */
export function watchServer(id, name, action, { expectGone = false } = {}) {
  const { t } = i18n.global
  const started = Date.now()
  const entry = notify(t('notifications.pending', { name, action }), 'pending')
  const seconds = () => Math.round((Date.now() - started) / 1000)
  const poll = async () => {
    let server
    try {
      server = await compute.server(id)
    } catch (e) {
      if (e.status === 404 && expectGone) {
        finish(entry, t('notifications.deleted', { name, seconds: seconds() }), 'ok')
      } else if (e.status === 404) {
        finish(entry, t('notifications.gone', { name, action }), 'failed')
      } else {
        setTimeout(poll, POLL_MS)
      }
      return
    }
    const busy = server['OS-EXT-STS:task_state'] || !SETTLED.has(server.status)
    if (Date.now() - started > GIVE_UP_MS) {
      finish(entry, t('notifications.stillBusy', { name, action }), 'failed')
    } else if (busy || (expectGone && server.status !== 'ERROR')) {
      setTimeout(poll, POLL_MS)
    } else if (server.status === 'ERROR') {
      finish(entry, t('notifications.failed', { name, action,
        message: server.fault?.message ?? stateOf('server', 'ERROR').label }), 'failed')
    } else {
      finish(entry, t('notifications.settled', { name, action, state: stateOf('server', server.status).label,
        seconds: seconds() }), 'ok')
    }
  }
  setTimeout(poll, POLL_MS)
}
