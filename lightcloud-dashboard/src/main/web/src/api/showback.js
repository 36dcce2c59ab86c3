import { ApiError, faultMessage, request } from './http.js'
import { session } from '../session.js'

const BASE = '/lightcloud/v1'

function query(params) {
  const search = new URLSearchParams()
  Object.entries(params).forEach(([key, value]) => {
    if (value !== undefined && value !== null && value !== '') {
      search.set(key, value)
    }
  })
  return search.toString()
}

/** Lightcloud's showback: the admin's price list and usage reports with costs (JSON, or CSV to download). */
export const showback = {
  priceList: async () => (await request('GET', `${BASE}/price-list`)).body.price_list,
  savePriceList: async (priceList) =>
    (await request('PUT', `${BASE}/price-list`, { price_list: priceList })).body.price_list,
  report: async (params) => (await request('GET', `${BASE}/showback?${query(params)}`)).body.showback,
  /** The CSV report as a Blob (the token travels in a header, so a plain link cannot fetch it). */
  csv: async (params) => {
    const response = await fetch(`${BASE}/showback?${query({ ...params, format: 'csv' })}`, {
      headers: { 'X-Auth-Token': session.token, Accept: 'text/csv' },
    })
    if (!response.ok) {
      throw new ApiError(response.status, faultMessage(response.status, await response.text()))
    }
    return response.blob()
  },
}
