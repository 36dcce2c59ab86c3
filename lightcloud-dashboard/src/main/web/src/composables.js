import { onBeforeUnmount, onMounted, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox } from 'element-plus'

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

/** Runs an action, shows its success or its API fault, asking first when it destroys something. */
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
      }
      return result ?? true
    } catch (e) {
      ElMessage.error({ message: e.message, duration: 8000, showClose: true })
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
