// Finds raw API values on a page: states (ACTIVE, in-use, spawning), quota keys (cores, gigabytes___DEFAULT__) and
// action names (create) shown as the API spells them instead of translated. The values come from the message files'
// own tables, so a state added there is checked too. Only the page's value cells are read (table cells, tags,
// descriptions, headings), not prose.
import { readFile } from 'node:fs/promises'

const TABLES = ['status', 'taskState', 'volumeState', 'imageState', 'netState', 'hostState', 'vmState', 'memberState',
  'instanceAction', 'quotaNames']
const CELLS = 'td, th, .el-tag, [data-test=status], [data-test=task], .el-descriptions__cell, .gauge, h2, h3, '
  + '.el-menu-item, .el-step__title, .el-empty__description, .el-alert__title, [data-test=notification], .el-card__header'

export async function rawValues() {
  const en = JSON.parse(await readFile(new URL('../src/i18n/en.json', import.meta.url), 'utf8'))
  const values = new Set(TABLES.flatMap((table) => Object.keys(en[table])))
  return [...values]
}

/**
 * The raw values in the page's value cells, with where they were seen: a cell (or tag) whose whole text is one, or a
 * word that can only be an API's spelling (upper case like ACTIVE, or joined by `-` or `_` like in-use,
 * powering-off, key_pairs, and any `___` per-type key). Lower-case words like "instances" are flagged only as a
 * whole cell, since the translated prose uses them too.
 */
export async function findRawValues(page, values) {
  return page.evaluate(({ selector, values: list }) => {
    const wanted = new Set(list)
    const spelledByApi = (word) => wanted.has(word) && (/^[A-Z_]+$/.test(word) || /[-_]/.test(word))
    const found = []
    for (const element of document.querySelectorAll(selector)) {
      if (!element.checkVisibility?.() && element.offsetParent === null) {
        continue
      }
      const text = (element.innerText ?? '').trim()
      const words = text.split(/[^A-Za-z0-9_\-]+/)
      if (wanted.has(text) || words.some((word) => spelledByApi(word) || word.includes('___'))) {
        found.push(`<${element.tagName.toLowerCase()}> "${text.slice(0, 60)}"`)
      }
    }
    return [...new Set(found)]
  }, { selector: CELLS, values })
}
