import { serviceClient, ApiError, faultMessage } from './http.js'
import { session } from '../session.js'
import { i18n } from '../i18n/index.js'

const glance = serviceClient('image', {}, '/v2')

export const image = {
  images: async () => (await glance.get('/images?limit=1000')).images,
  get: (id) => glance.get(`/images/${id}`),
  create: (body) => glance.post('/images', body),
  update: (id, patch) => glance.patch(`/images/${id}`, JSON.stringify(patch),
    { 'Content-Type': 'application/openstack-images-v2.1-json-patch' }),
  remove: (id) => glance.del(`/images/${id}`),
  members: async (id) => (await glance.get(`/images/${id}/members`)).members,
  addMember: (id, projectId) => glance.post(`/images/${id}/members`, { member: projectId }),
  removeMember: (id, projectId) => glance.del(`/images/${id}/members/${projectId}`),

  /** Uploads the image data with XHR, which reports upload progress (fetch does not); onProgress gets 0..100. */
  upload(id, file, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open('PUT', `${glance.base()}/images/${id}/file`)
      xhr.setRequestHeader('X-Auth-Token', session.token)
      xhr.setRequestHeader('Content-Type', 'application/octet-stream')
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) {
          onProgress(Math.floor((event.loaded * 100) / event.total))
        }
      }
      xhr.onload = () => xhr.status < 300 ? resolve() : reject(new ApiError(xhr.status, faultMessage(xhr.status, xhr.responseText)))
      xhr.onerror = () => reject(new ApiError(0, i18n.global.t('images.uploadInterrupted')))
      xhr.send(file)
    })
  },
}
