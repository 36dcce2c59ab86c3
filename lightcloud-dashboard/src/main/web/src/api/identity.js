import { request } from './http.js'
import { session, setToken } from '../session.js'

const BASE = '/identity/v3'

async function issue(auth) {
  const response = await request('POST', `${BASE}/auth/tokens`, { auth })
  setToken(response.headers.get('X-Subject-Token'), response.body.token)
  return response.body.token
}

/** Signs in with a password in the Default domain: unscoped first, then scoped to a project of the user's. */
export async function login(username, password, preferredProject) {
  await issue({
    identity: { methods: ['password'], password: { user: { name: username, domain: { id: 'default' }, password } } },
  })
  const projects = await myProjects()
  if (projects.length === 0) {
    return []
  }
  const project = projects.find((p) => p.id === preferredProject) ?? projects.find((p) => p.name === 'admin')
    ?? projects[0]
  await rescope(project.id)
  return projects
}

/** Exchanges the current token for one scoped to another project (Keystone's token method). */
export function rescope(projectId) {
  return issue({
    identity: { methods: ['token'], token: { id: session.token } },
    scope: { project: { id: projectId } },
  })
}

export async function myProjects() {
  return (await request('GET', `${BASE}/auth/projects`)).body.projects
}

export function logout() {
  return request('DELETE', `${BASE}/auth/tokens`, undefined, { 'X-Subject-Token': session.token }).catch(() => {})
}

const get = async (path) => (await request('GET', BASE + path)).body
const post = async (path, body) => (await request('POST', BASE + path, body)).body

export const identity = {
  projects: async () => (await get('/projects')).projects,
  createProject: async (project) => (await post('/projects', { project: { domain_id: 'default', ...project } })).project,
  deleteProject: (id) => request('DELETE', `${BASE}/projects/${id}`),
  users: async () => (await get('/users')).users,
  createUser: async (user) => (await post('/users', { user: { domain_id: 'default', ...user } })).user,
  deleteUser: (id) => request('DELETE', `${BASE}/users/${id}`),
  roles: async () => (await get('/roles')).roles,
  createRole: async (role) => (await post('/roles', { role })).role,
  deleteRole: (id) => request('DELETE', `${BASE}/roles/${id}`),
  grant: (projectId, userId, roleId) =>
    request('PUT', `${BASE}/projects/${projectId}/users/${userId}/roles/${roleId}`),
}
