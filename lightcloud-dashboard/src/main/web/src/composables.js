import { computed, onBeforeUnmount, onMounted, reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute, useRouter } from 'vue-router'
import { ElMessage, ElMessageBox } from 'element-plus'
import { notify } from './notifications.js'
import { setTitle } from './title.js'

/**
 * Loads data with a loading flag and an error message (the API fault's text), optionally every few seconds; `data`
 * is `initial` until the first load succeeds.
 */
export function useLoader(load, { pollMs, initial = [] } = {}) {
  const data = ref(initial)
  const loading = ref(false)
  const error = ref('')
  let timer = null
  let loadedOnce = false

  async function refresh() {
    loading.value = !loadedOnce
    try {
      data.value = await load()
      error.value = ''
      loadedOnce = true
    } catch (e) {
      error.value = e.message
    } finally {
      loading.value = false
    }
  }

  onMounted(() => {
    refresh()
    if (pollMs) {
      timer = setInterval(refresh, pollMs)
    }
  })
  onBeforeUnmount(() => clearInterval(timer))
  return { data, loading, error, refresh }
}

/**
 * Runs an action, shows its success or its API fault, asking first when it destroys something. An action with a
 * success message is an operation of the session: it goes to the bell too, and so does its failure.
 */
export function useActions() {
  const { t } = useI18n()

  async function confirm(message) {
    try {
      await ElMessageBox.confirm(message, t('common.confirmTitle'), {
        type: 'warning',
        confirmButtonText: t('common.confirm'),
        cancelButtonText: t('common.cancel'),
      })
      return true
    } catch {
      return false
    }
  }

  async function run(action, success) {
    try {
      const result = await action()
      if (success) {
        ElMessage.success(success)
        notify(success)
      }
      return result ?? true
    } catch (e) {
      ElMessage.error({ message: e.message, duration: 8000, showClose: true })
      if (success) {
        notify(e.message, 'failed')
      }
      return false
    }
  }

  async function destroy(message, action, success) {
    return (await confirm(message)) ? run(action, success) : false
  }

  return { run, confirm, destroy }
}

export function formatDate(value) {
  return value ? new Date(value).toLocaleString() : ''
}

export function formatBytes(bytes) {
  if (bytes == null) {
    return ''
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let i = 0
  let n = bytes
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024
    i++
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`
}

/**
 * A list's search text, status filter and sort order, kept in the URL's query (`q`, `status`, `sort`, `dir`) so that a
 * filtered list is a link to share; `rows` are filtered and sorted here, for lists the API answers whole.
 */
export function useListQuery(rows, { text, status, sortValue = (row, key) => row[key] } = {}) {
  const route = useRoute()
  const router = useRouter()
  const query = computed(() => ({
    q: typeof route.query.q === 'string' ? route.query.q : '',
    status: typeof route.query.status === 'string' ? route.query.status : '',
    sort: typeof route.query.sort === 'string' ? route.query.sort : '',
    dir: route.query.dir === 'desc' ? 'desc' : 'asc',
  }))

  function update(change) {
    const next = { ...route.query, ...change }
    Object.keys(next).forEach((key) => {
      if (next[key] === '' || next[key] == null) {
        delete next[key]
      }
    })
    router.replace({ query: next })
  }

  const shown = computed(() => {
    const { q, status: wanted, sort, dir } = query.value
    const needle = q.trim().toLowerCase()
    let list = rows.value.filter((row) => (!needle || text(row).some((v) => v && `${v}`.toLowerCase().includes(needle)))
      && (!wanted || status?.(row) === wanted))
    if (sort) {
      const factor = dir === 'desc' ? -1 : 1
      list = [...list].sort((a, b) => factor * compare(sortValue(a, sort), sortValue(b, sort)))
    }
    return list
  })

  /** For el-table's sort-change event and default-sort. */
  const onSort = ({ prop, order }) => update({ sort: order ? prop : '', dir: order === 'descending' ? 'desc' : '' })
  const defaultSort = computed(() => (query.value.sort
    ? { prop: query.value.sort, order: query.value.dir === 'desc' ? 'descending' : 'ascending' } : undefined))
  return { query, update, shown, onSort, defaultSort }
}

function compare(a, b) {
  if (a == null || b == null) {
    return a == null ? (b == null ? 0 : -1) : 1
  }
  return typeof a === 'number' && typeof b === 'number' ? a - b : `${a}`.localeCompare(`${b}`, undefined,
    { numeric: true })
}

/**
 * Runs one action on many items: asks once, listing every item; shows progress; reports each failure by name
 * (`progress.failures`), and tells the bell.
 */
export function useBulk() {
  const { t } = useI18n()
  const progress = reactive({ open: false, action: '', total: 0, done: 0, failures: [] })

  async function bulk(actionLabel, items, call, { dangerous = false } = {}) {
    if (items.length === 0) {
      return false
    }
    const names = items.map((item) => item.name || item.id)
    try {
      await ElMessageBox.confirm(t('bulk.confirm', { action: actionLabel, count: items.length, names: names.join(', ') }),
        t('common.confirmTitle'), { type: dangerous ? 'warning' : 'info', confirmButtonText: t('common.confirm'),
          cancelButtonText: t('common.cancel'), customClass: 'bulk-confirm' })
    } catch {
      return false
    }
    Object.assign(progress, { open: true, action: actionLabel, total: items.length, done: 0, failures: [] })
    // A few at a time: the API and the hosts see a bounded burst, the user sees steady progress.
    const queue = [...items]
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        try {
          await call(item)
        } catch (e) {
          progress.failures.push({ name: item.name || item.id, message: e.message })
        }
        progress.done++
      }
    }
    await Promise.all(Array.from({ length: Math.min(4, items.length) }, worker))
    const ok = items.length - progress.failures.length
    notify(t('bulk.summary', { action: actionLabel, ok, total: items.length }),
      progress.failures.length ? 'failed' : 'ok')
    progress.failures.forEach((f) => notify(`${actionLabel}: ${f.name}: ${f.message}`, 'failed'))
    return true
  }

  return { progress, bulk }
}

/**
 * What the admin pages share: a list, a create dialog (`form`, reset from `blank()` when opened) and a delete with
 * confirmation. `create(form)` and `remove(row)` call the API; `confirmKey` names the delete confirmation message.
 */
export function useAdminResource({ load, blank, create, remove, confirmKey }) {
  const { t } = useI18n()
  const { run, destroy } = useActions()
  const { data, loading, error, refresh } = useLoader(load)
  const form = reactive({ open: false, busy: false, ...blank() })

  function openCreate(values = {}) {
    Object.assign(form, blank(), values, { open: true, busy: false })
  }

  async function submit() {
    form.busy = true
    const ok = await run(() => create(form), t('common.saved'))
    form.busy = false
    if (ok) {
      form.open = false
      refresh()
    }
  }

  async function removeRow(row) {
    await destroy(t(confirmKey, { name: row.name }), () => remove(row), t('common.deleted'))
    refresh()
  }

  return { data, loading, error, refresh, form, openCreate, submit, remove: removeRow }
}

/**
 * A detail page's resource, read again every few seconds; the browser tab's title is its name (`nameOf`) once
 * loaded, in either language.
 */
export function useDetail(load, { nameOf = (resource) => resource.name, pollMs = 5000 } = {}) {
  const { locale } = useI18n()
  const loader = useLoader(load, { pollMs, initial: null })
  watch([() => loader.data.value && nameOf(loader.data.value), locale], ([name]) => name && setTitle(name))
  return loader
}

/** Downloads text as a file. */
export function downloadText(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }))
  const link = Object.assign(document.createElement('a'), { href: url, download: name })
  link.click()
  URL.revokeObjectURL(url)
}
