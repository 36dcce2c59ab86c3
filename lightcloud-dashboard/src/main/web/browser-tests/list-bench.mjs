// The instance list against a real controller (DashboardListBenchmark: its servers are in the database, reported
// running by a simulated host): menu click to the first page's rows in the DOM, and a typed search to its one
// matching row, median of RUNS each. Nothing is stubbed; the paging, search and sort are the API's.
import { env, main, openBrowser, result, signIn } from './harness.mjs'

const BASE = env('BASE_URL')
const RUNS = Number(process.env.RUNS ?? 5)
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

main(async () => {
  const browser = await openBrowser()
  const { page } = browser
  try {
    await signIn(page, BASE, env('USERNAME'), env('PASSWORD'))
    const expected = Number(env('PAGE_ROWS'))
    const render = []
    const search = []
    for (let i = 0; i < RUNS; i++) {
      await page.goto(`${BASE}/overview`)
      await page.getByRole('menuitem', { name: 'Instances', exact: true }).waitFor()
      const started = await page.evaluate(() => performance.now())
      await page.getByRole('menuitem', { name: 'Instances', exact: true }).click()
      await page.waitForFunction((n) => document.querySelectorAll('[data-test=instances] tbody tr').length === n,
        expected, { polling: 'raf', timeout: 30000 })
      render.push(await page.evaluate((t0) => performance.now() - t0, started))

      const target = env('SEARCH_NAME')
      const typed = await page.evaluate(() => performance.now())
      await page.locator('input[data-test=search]').fill(target)
      await page.waitForFunction((name) => {
        const found = document.querySelectorAll('[data-test=instances] tbody tr')
        return found.length === 1 && found[0].innerText.includes(name)
      }, target, { polling: 'raf', timeout: 30000 })
      search.push(await page.evaluate((t0) => performance.now() - t0, typed))
    }
    result('renderMs', { median: Math.round(median(render)), runs: render.map(Math.round) })
    result('searchMs', { median: Math.round(median(search)), runs: search.map(Math.round) })
  } finally {
    await browser.close()
  }
})
