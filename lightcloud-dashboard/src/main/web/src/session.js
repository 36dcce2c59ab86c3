import { reactive } from 'vue'

const STORAGE_KEY = 'lightcloud.session'

function restore() {
  try {
    return JSON.parse(sessionStorage.getItem(STORAGE_KEY)) ?? {}
  } catch {
    return {}
  }
}

/**
 * The signed-in user's Keystone token and what it says: user, project, roles and service catalog. Kept in memory
 * and in sessionStorage (gone when the tab closes).
 */
export const session = reactive({
  token: null,
  expiresAt: null,
  user: null,
  project: null,
  roles: [],
  catalog: [],
  ...restore(),
})

export function signedIn() {
  return Boolean(session.token) && (!session.expiresAt || new Date(session.expiresAt) > new Date())
}

export function isAdmin() {
  return session.roles.includes('admin')
}

/** Stores a token answer of POST /identity/v3/auth/tokens. */
export function setToken(token, body) {
  session.token = token
  session.expiresAt = body.expires_at
  session.user = body.user ? { id: body.user.id, name: body.user.name } : null
  session.project = body.project ? { id: body.project.id, name: body.project.name } : null
  session.roles = (body.roles ?? []).map((role) => role.name)
  session.catalog = (body.catalog ?? []).map((service) => ({
    type: service.type,
    url: service.endpoints.find((e) => e.interface === 'public')?.url ?? service.endpoints[0]?.url,
  }))
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session))
}

export function clearSession() {
  Object.assign(session, { token: null, expiresAt: null, user: null, project: null, roles: [], catalog: [] })
  sessionStorage.removeItem(STORAGE_KEY)
}

/** The path (same origin) of a service's endpoint from the catalog, or null when the cloud does not run it. */
export function endpoint(type) {
  const url = session.catalog.find((service) => service.type === type)?.url
  if (!url) {
    return null
  }
  return new URL(url, location.origin).pathname.replace(/\/$/, '')
}
