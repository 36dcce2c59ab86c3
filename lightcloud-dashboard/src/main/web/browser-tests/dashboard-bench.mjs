// Figures of the dashboard in headless Chromium (no assertions; bench/dashboard-bench.sh prints them):
// - first-load JS+CSS, gzip-compressed as a server would send it: the sign-in page, and the overview after sign-in;
//   and every asset of the app (all routes);
// - time to interactive of the sign-in page (navigation start to the form ready and the main thread idle), cold
//   cache, median of RUNS;
// - the instance list rendering 500 instances: the Nova answer is stubbed in the browser (Playwright route
//   interception of GET /compute/v2.1/servers/detail) for this measurement only; time from the menu click to 500
//   rows in the DOM, median of RUNS.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { env, main, openBrowser, result, signIn } from './harness.mjs'

const BASE = env('BASE_URL')
const RUNS = Number(process.env.RUNS ?? 5)
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

function collectAssets(page) {
  const assets = new Map()
  page.on('response', async (response) => {
    const type = response.request().resourceType()
    if (type === 'script' || type === 'stylesheet') {
      const body = await response.body().catch(() => null)
      if (body) {
        assets.set(response.url(), { raw: body.length, gzip: gzipSync(body, { level: 6 }).length })
      }
    }
  })
  return assets
}

const total = (assets) => [...assets.values()].reduce((sum, a) => ({ raw: sum.raw + a.raw, gzip: sum.gzip + a.gzip }),
  { raw: 0, gzip: 0 })

async function sizes() {
  const browser = await openBrowser()
  try {
    const assets = collectAssets(browser.page)
    await browser.page.goto(`${BASE}/login`)
    await browser.page.locator('input[data-test=username]').waitFor()
    await browser.page.waitForLoadState('networkidle')
    result('loginPageJsCss', { files: assets.size, ...total(assets) })
    await signIn(browser.page, BASE, env('USERNAME'), env('PASSWORD'))
    await browser.page.waitForLoadState('networkidle')
    result('overviewAfterSignInJsCss', { files: assets.size, ...total(assets) })
  } finally {
    await browser.close()
  }
  const dir = env('STATIC_DIR')
  const files = (await readdir(join(dir, 'assets'))).filter((f) => /\.(js|css)$/.test(f))
  let raw = 0
  let gzip = 0
  for (const file of files) {
    const body = await readFile(join(dir, 'assets', file))
    raw += body.length
    gzip += gzipSync(body, { level: 6 }).length
  }
  result('allAssetsJsCss', { files: files.length, raw, gzip })
}

async function timeToInteractive() {
  const runs = []
  for (let i = 0; i < RUNS; i++) {
    const browser = await openBrowser()
    try {
      await browser.page.goto(`${BASE}/login`)
      await browser.page.locator('input[data-test=username]').waitFor()
      runs.push(await browser.page.evaluate(() => new Promise((resolve) =>
        requestIdleCallback(() => resolve(performance.now()), { timeout: 5000 }))))
    } finally {
      await browser.close()
    }
  }
  result('loginTimeToInteractiveMs', { median: Math.round(median(runs)), runs: runs.map(Math.round) })
}

function fakeServers(count) {
  const now = new Date().toISOString()
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `bench-${i}`,
    status: ['ACTIVE', 'SHUTOFF', 'BUILD', 'ERROR'][i % 4],
    'OS-EXT-STS:task_state': null,
    image: { id: 'bench-image' },
    flavor: { original_name: 'm1.tiny', vcpus: 1, ram: 256, disk: 1 },
    addresses: { private: [{ addr: `10.0.${Math.floor(i / 250)}.${(i % 250) + 2}`, version: 4 }] },
    created: now,
    updated: now,
    fault: i % 4 === 3 ? { code: 500, message: 'No valid host was found.' } : undefined,
    'os-extended-volumes:volumes_attached': [],
  }))
}

async function instanceList() {
  const servers = JSON.stringify({ servers: fakeServers(500) })
  const browser = await openBrowser()
  const runs = []
  try {
    const { page } = browser
    await signIn(page, BASE, env('USERNAME'), env('PASSWORD'))
    await page.route('**/compute/v2.1/servers/detail*', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: servers }))
    for (let i = 0; i < RUNS; i++) {
      await page.getByRole('menuitem', { name: 'Overview', exact: true }).click()
      await page.waitForLoadState('networkidle')
      const start = await page.evaluate(() => performance.now())
      await page.getByRole('menuitem', { name: 'Instances', exact: true }).click()
      await page.waitForFunction(() => document.querySelectorAll('[data-test=instances] tbody tr').length === 500,
        null, { polling: 'raf', timeout: 30000 })
      runs.push(await page.evaluate((s) => new Promise((resolve) =>
        requestAnimationFrame(() => resolve(performance.now() - s))), start))
    }
  } finally {
    await browser.close()
  }
  result('instances500RenderMs', { median: Math.round(median(runs)), runs: runs.map(Math.round) })
}

main(async () => {
  await sizes()
  await timeToInteractive()
  await instanceList()
})
