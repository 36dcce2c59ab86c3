import { computed, reactive } from 'vue'

/**
 * The session's operations and how they ended, for the header's bell. Kept in sessionStorage (gone with the tab,
 * like the token). A finished operation is read once the list has been opened; a failure stays unread until the user
 * marks it read.
 */
const STORAGE_KEY = 'lightcloud.notifications'
const LIMIT = 50

function restore() {
  try {
    return JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]')
  } catch {
    return []
  }
}

const state = reactive({ items: restore() })
let sequence = state.items.reduce((max, item) => Math.max(max, item.id), 0)

function save() {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state.items.slice(0, LIMIT)))
}

export const notifications = computed(() => state.items)
export const unread = computed(() => state.items.filter((item) => !item.read).length)

/** Records an operation: `outcome` is 'pending', 'ok' or 'failed'; returns its id for `finish`. */
export function notify(text, outcome = 'ok') {
  const item = { id: ++sequence, text, outcome, read: false, at: Date.now() }
  state.items.unshift(item)
  state.items.splice(LIMIT)
  save()
  return item.id
}

export function finish(id, text, outcome) {
  const item = state.items.find((i) => i.id === id)
  if (item) {
    Object.assign(item, { text, outcome, read: false, at: Date.now() })
    save()
  }
}

/** Opening the list reads what ended well; failures wait for `markRead`. */
export function seen() {
  state.items.forEach((item) => {
    if (item.outcome === 'ok') {
      item.read = true
    }
  })
  save()
}

export function markRead(id) {
  state.items.filter((item) => id == null || item.id === id).forEach((item) => { item.read = true })
  save()
}

export function clearRead() {
  state.items = state.items.filter((item) => !item.read)
  save()
}
