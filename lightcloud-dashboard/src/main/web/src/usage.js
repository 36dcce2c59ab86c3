/** The first instant of a month and of the next, as os-simple-tenant-usage takes them (UTC, no zone suffix). */
export function monthRange(date) {
  const start = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1))
  const end = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1))
  const format = (d) => d.toISOString().slice(0, 19)
  return { start: format(start), end: format(end) }
}
