// Finds raw API values on a page: states (ACTIVE, in-use, spawning), quota keys (cores, gigabytes___DEFAULT__) and
// action names (create) shown as the API spells them instead of translated. The values come from the message files'
// own tables, so a state added there is checked too. Only the page's value cells are read (table cells, tags,
// descriptions, headings), not prose, where a word like "available" may be meant.
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

/** The raw values (and any `___` per-type key) in the page's value cells, with where they were seen. */
export async function findRawValues(page, values) {
  return page.evaluate(({ selector, values: list }) => {
    const wanted = new Set(list)
    const found = []
    for (const element of document.querySelectorAll(selector)) {
      if (!element.checkVisibility?.() && element.offsetParent === null) {
        continue
      }
      const text = element.innerText ?? ''
      for (const token of text.split(/[^A-Za-z0-9_\-]+/)) {
        if (wanted.has(token) || token.includes('___')) {
          found.push(`${token} in <${element.tagName.toLowerCase()}> "${text.slice(0, 60)}"`)
        }
      }
    }
    return [...new Set(found)]
  }, { selector: CELLS, values })
}
