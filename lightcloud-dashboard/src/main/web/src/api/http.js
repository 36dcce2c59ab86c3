import { endpoint, session } from '../session.js'
import { i18n } from '../i18n/index.js'

/** An API failure, with the fault's own message (Nova, Keystone, Glance, Cinder and Neutron bodies). */
export class ApiError extends Error {
  constructor(status, message) {
    super(message)
    this.status = status
  }
}

export function faultMessage(status, text) {
  try {
    const body = JSON.parse(text)
    const fault = body.error ?? body.NeutronError ?? (typeof body === 'object' ? Object.values(body)[0] : null)
    if (fault && typeof fault === 'object' && fault.message) {
      return fault.message
    }
    if (typeof body.message === 'string') {
      return body.message
    }
  } catch {
    // not JSON: the text itself, below
  }
  return text?.trim() || `HTTP ${status}`
}

/** Thrown when the service catalog has no endpoint of a type (the cloud does not run that service). */
class ServiceUnavailable extends ApiError {
  constructor(type) {
    super(503, i18n.global.t('common.serviceUnavailable', { type }))
    this.type = type
  }
}

export function serviceBase(type) {
  const base = endpoint(type)
  if (!base) {
    throw new ServiceUnavailable(type)
  }
  return base
}

/** Sends a JSON request to a path (absolute on this origin) with the session's token. */
export async function request(method, path, body, headers = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } }
  if (session.token) {
    init.headers['X-Auth-Token'] = session.token
  }
  if (body !== undefined) {
    init.headers['Content-Type'] ??= 'application/json'
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
  }
  let response
  try {
    response = await fetch(path, init)
  } catch {
    // The browser's own text ("Failed to fetch") says nothing to a user and is English in every language.
    throw new ApiError(0, i18n.global.t('common.networkError'))
  }
  const text = await response.text()
  if (!response.ok) {
    throw new ApiError(response.status, faultMessage(response.status, text))
  }
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null }
}

/**
 * A client for one catalog service: get/post/put/patch/del on paths relative to its endpoint, with the API version
 * path ("/v2.0") appended unless the catalog's URL already ends with it.
 */
export function serviceClient(type, defaultHeaders = {}, version = '') {
  const base = () => {
    const url = serviceBase(type)
    return url.endsWith(version) ? url : url + version
  }
  const send = (method, path, body, headers) =>
    request(method, base() + path, body, { ...defaultHeaders, ...headers }).then((r) => r.body)
  return {
    get: (path, headers) => send('GET', path, undefined, headers),
    post: (path, body, headers) => send('POST', path, body ?? {}, headers),
    put: (path, body, headers) => send('PUT', path, body ?? {}, headers),
    patch: (path, body, headers) => send('PATCH', path, body, headers),
    del: (path, headers) => send('DELETE', path, undefined, headers),
    available: () => endpoint(type) !== null,
    base,
  }
}
