// Visits the dashboard's pages in English and in Chinese and fails when a page shows a raw message key (a key
// missing from that language's file renders as its dotted path) or the other language's navigation.
import { readFile } from 'node:fs/promises'
import { check, choose, env, main, openBrowser, result, screenshot, signIn } from './harness.mjs'

const BASE = env('BASE_URL')
const PAGES = ['overview', 'instances', 'images', 'volumes', 'keypairs', 'networks', 'routers', 'security-groups',
  'floating-ips', 'admin/hypervisors', 'admin/flavors', 'admin/projects', 'admin/users', 'admin/roles', 'admin/quotas',
  'admin/showback']
const LANGUAGES = [
  { browser: 'en-US', file: 'en.json', instances: 'Instances' },
  { browser: 'zh-CN', file: 'zh-CN.json', instances: '云主机' },
]

const flatten = (messages, prefix = '') => Object.entries(messages).flatMap(([key, value]) =>
  typeof value === 'object' ? flatten(value, `${prefix}${key}.`) : [`${prefix}${key}`])

async function keys(file) {
  return flatten(JSON.parse(await readFile(new URL(`../src/i18n/${file}`, import.meta.url), 'utf8')))
}

function rawKeys(text, allKeys) {
  return allKeys.filter((key) => new RegExp(`(^|[^\\w.])${key.replace(/\./g, '\\.')}($|[^\\w.])`).test(text))
}

main(async () => {
  const allKeys = [...new Set([...(await keys('en.json')), ...(await keys('zh-CN.json'))])]
  let visited = 0
  for (const language of LANGUAGES) {
    const browser = await openBrowser({ locale: language.browser })
    const { page } = browser
    try {
      await page.goto(`${BASE}/login`)
      await page.locator('input[data-test=username]').fill(env('USERNAME'))
      await page.locator('input[data-test=password]').fill('not-the-password')
      await page.locator('[data-test=login]').click()
      // A failed sign-in shows Keystone's fault message, not a status code.
      const fault = (await page.locator('[data-test=error]').innerText()).trim()
      check(fault.length > 10 && !/\b401\b/.test(fault), `a readable sign-in error, got "${fault}"`)
      result(`signInError:${language.browser}`, fault)
      const pages = [['login', await page.locator('body').innerText()]]
      await signIn(page, BASE, env('USERNAME'), env('PASSWORD'))
      for (const path of PAGES) {
        await page.goto(`${BASE}/${path}`)
        await page.waitForLoadState('networkidle')
        await page.locator('.el-loading-mask').waitFor({ state: 'detached', timeout: 10000 }).catch(() => {})
        if (path === 'admin/quotas') {
          await choose(page, page.locator('[data-test=quota-project]'), 'admin')
          await page.locator('.el-card').first().locator('tbody tr').first().waitFor()
          await screenshot(page, `i18n-${language.browser}-quotas`)
        }
        if (path === 'admin/showback') {
          await page.locator('.el-table').nth(1).waitFor()
          await screenshot(page, `i18n-${language.browser}-showback`)
        }
        pages.push([path, await page.locator('body').innerText()])
        if (path === 'instances') {
          await page.locator('[data-test=launch]').first().click()
          await page.locator('[data-test=launch-dialog]').waitFor()
          pages.push(['launch wizard', await page.locator('[data-test=launch-dialog]').innerText()])
          await screenshot(page, `i18n-${language.browser}-launch`)
          await page.keyboard.press('Escape')
        }
      }
      await page.goto(`${BASE}/lightcloud/v1/console/vnc.html`)
      await page.locator('[data-test=console-state][data-state=failed]').waitFor()
      pages.push(['console without token', await page.locator('body').innerText()])
      await screenshot(page, `i18n-${language.browser}-console`)
      for (const [name, text] of pages) {
        const raw = rawKeys(text, allKeys)
        check(raw.length === 0, `${language.browser} ${name} shows raw message keys ${raw}`)
        visited++
      }
      const nav = await page.goto(`${BASE}/overview`).then(() => page.getByRole('menuitem',
        { name: language.instances, exact: true }).isVisible())
      check(nav, `the ${language.browser} browser gets the ${language.file} navigation`)
      await screenshot(page, `i18n-${language.browser}-overview`)
      check(browser.errors.length === 0, `no uncaught errors: ${browser.errors}`)
    } finally {
      await browser.close()
    }
  }
  result('pagesChecked', visited)
})
