// The dashboard's second round in headless Chromium (DashboardSecondRoundBrowserTest runs the phases):
// - detail:    the instance (a real VM) from the list's name link to its detail page: names not ids, the console log
//              without escape sequences and its download, the action history, the tab in the URL, the tab title;
// - console:   the embedded console connects; the console window, reloaded (its token spent), reconnects with a
//              fresh token; Ctrl+Alt+Del, a function key, paste as keystrokes and full screen are offered;
// - stop:      stop from the detail page; the bell tells "Shut off after N s"; actions that cannot apply are disabled;
// - pages:     every page (lists and detail pages) in English and Chinese: no raw API value, no raw message key, a tab
//              title in the page's language; a screenshot of each; the checker itself finds planted raw values;
// - bulk:      20 instances (the Nova list and the deletes answered in the browser: nothing boots) deleted at once:
//              one confirmation naming all, progress, each failure by name, kept in the bell until read; search,
//              status filter and sort go to the API and stay in the URL; paging sends limit and marker;
// - templates: security-group rule templates (SSH, HTTP/HTTPS, RDP, ICMP, within the group); remote group by name;
// - usage:     the Usage page is absent while the API is (the real cloud), and shown with the Nova answer
//              (os-simple-tenant-usage answered in the browser: the metering API is another branch's);
// - offline:   an unreachable API says so in the page's language, not "Failed to fetch";
// - quotas:    a new project's quotas: key pairs not counted as the admin's, network quotas, per-type rows toggled;
// - wizard:    default security group notice, summary and a quota check that blocks Launch (limits answered in
//              the browser so that the shortfall is certain).
import { check, choose, confirmDialog, env, main, openBrowser, result, screenshot, signIn } from './harness.mjs'
import { findRawValues, rawValues } from './raw-values.mjs'
import { readFile } from 'node:fs/promises'

const BASE = env('BASE_URL')
const SERVER_LIST = (url) => url.pathname.endsWith('/compute/v2.1/servers/detail')
const json = (route, body, status = 200) => route.fulfill({ status, contentType: 'application/json',
  body: JSON.stringify(body) })
const waitIdle = async (page) => {
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.locator('.el-loading-mask:visible').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => {})
}

/**
 * Opens the instance list (or reloads it) and waits for `rows` rows. Under heavy load on the shared machine a page
 * once stayed blank after a navigation; it is loaded once more then, not waited on forever.
 */
async function listed(page, open, rows) {
  for (let attempt = 1; ; attempt++) {
    await open()
    try {
      await page.locator('[data-test=instances] tbody tr').nth(rows - 1).waitFor({ timeout: 45000 })
      return
    } catch (error) {
      if (attempt === 2) {
        throw error
      }
    }
  }
}

async function detail(page) {
  const name = env('SERVER_NAME')
  await page.goto(`${BASE}/instances?q=${encodeURIComponent(name)}`)
  await page.locator('[data-test=instance-link]', { hasText: name }).click()
  await page.waitForURL(/\/instances\/[0-9a-f-]{36}$/)
  const overview = page.locator('[data-test=instance-overview]')
  await overview.waitFor()
  await overview.locator('[data-test=image-link]', { hasText: env('IMAGE_NAME') }).waitFor()
  check((await overview.innerText()).includes(env('FLAVOR_NAME')), 'the flavor by name')
  await overview.locator('[data-test=instance-ports] tbody tr', { hasText: env('NETWORK_NAME') }).waitFor()
  await page.waitForFunction((n) => document.title.startsWith(n), name)
  result('title', await page.title())
  await screenshot(page, 'second-01-instance-overview')

  await page.locator('.el-tabs__item', { hasText: 'Console log' }).click()
  await page.waitForURL(/\/log$/)
  const log = page.locator('[data-test=console-log]')
  await log.filter({ hasText: 'LIGHTCLOUD-MARKER' }).waitFor({ timeout: 60000 })
  const text = await log.innerText()
  check(!/\x1b|\[\d*n/.test(text), 'no escape sequences in the log')
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=log-download]').click()])
  const full = await readFile(await download.path(), 'utf8')
  check(full.includes('LIGHTCLOUD-MARKER') && !full.includes('\x1b'), 'the downloaded log is whole and clean')
  result('logDownloadBytes', full.length)
  await screenshot(page, 'second-02-instance-log')

  await page.locator('.el-tabs__item', { hasText: 'Action history' }).click()
  await page.locator('[data-test=history-action]', { hasText: 'Create' }).waitFor()
  await screenshot(page, 'second-03-instance-actions')
  // The URL of a tab is shareable: opened fresh, it shows that tab.
  await page.reload()
  await page.locator('[data-test=action-history]').waitFor()
}

async function console_(page) {
  await page.goto(`${BASE}/instances/${env('SERVER_ID')}/console`)
  const frame = page.frameLocator('[data-test=console-frame]')
  await frame.locator('[data-test=console-state][data-state=connected]').waitFor({ timeout: 30000 })
  await screenshot(page, 'second-04-console-embedded')
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('[data-test=console-window]').click()])
  await popup.locator('[data-test=console-state][data-state=connected]').waitFor({ timeout: 30000 })
  // A reload spends nothing new: the token in the address is used, so the proxy refuses it; Reconnect gets a new one.
  await popup.reload()
  await popup.locator('[data-test=console-state][data-state=failed]').waitFor({ timeout: 30000 })
  await screenshot(popup, 'second-05-console-refused')
  await popup.locator('[data-test=console-reconnect]').click()
  await popup.locator('[data-test=console-state][data-state=connected]').waitFor({ timeout: 30000 })
  result('reconnected', true)
  for (const button of ['console-cad', 'console-fkeys', 'console-paste', 'console-fullscreen']) {
    check(await popup.locator(`[data-test=${button}]`).isEnabled(), `${button} enabled while connected`)
  }
  await popup.locator('[data-test=console-fkeys]').click()
  await popup.locator('[data-test=console-F2]').click()
  await popup.locator('[data-test=console-paste]').click()
  await popup.locator('textarea[data-test=paste-text]').fill('echo pasted-keys\n')
  await popup.locator('[data-test=paste-send]').click()
  await popup.locator('[data-test=paste-dialog]').waitFor({ state: 'hidden' })
  await popup.locator('[data-test=console-fullscreen]').click()
  await popup.locator('[data-test=console-state][data-state=connected]').waitFor()
  await screenshot(popup, 'second-06-console-reconnected')
  await popup.close()
}

async function stop(page) {
  await page.goto(`${BASE}/instances/${env('SERVER_ID')}`)
  await page.locator('[data-test=detail-stop]').click()
  await page.locator('[data-test=bell]').click()
  const done = page.locator('[data-test=notification][data-outcome=ok]', { hasText: /Shut off after \d+ s/ })
  await done.waitFor({ timeout: 120000 })
  result('stopNotification', await done.innerText())
  await screenshot(page, 'second-07-bell')
  await page.locator('[data-test=bell]').click()
  // Stopped: start applies, stop, reboot and the console do not; with no volume, neither does detach.
  await page.locator('[data-test=detail-start]:not([disabled])').waitFor()
  check(await page.locator('[data-test=detail-reboot]').isDisabled(), 'reboot disabled when shut off')
  await page.locator('[data-test=detail-more]').click()
  const detach = page.locator('[data-test=detail-action-detach]')
  check(await detach.getAttribute('aria-disabled') === 'true' || /is-disabled/.test(await detach.getAttribute('class')),
    'detach disabled without a volume')
  await page.keyboard.press('Escape')
  await page.goto(`${BASE}/instances`)
  const row = page.locator('[data-test=instances] tbody tr', { hasText: env('SERVER_NAME') })
  check(await row.locator('[data-test=console]').isDisabled(), 'console disabled when shut off')
}

const PAGES = ['overview', 'instances', 'images', 'volumes', 'keypairs', 'networks', 'routers', 'security-groups',
  'floating-ips', 'admin/hypervisors', 'admin/flavors', 'admin/projects', 'admin/users', 'admin/roles', 'admin/quotas']

async function pages() {
  const values = await rawValues()
  // Detail pages, by the name their screenshot gets.
  const detailPages = { 'instance-detail': `instances/${env('SERVER_ID')}`,
    'instance-actions': `instances/${env('SERVER_ID')}/actions`, 'image-detail': `images/${env('IMAGE_ID')}`,
    'volume-detail': `volumes/${env('VOLUME_ID')}`, 'network-detail': `networks/${env('NETWORK_ID')}`,
    'router-detail': `routers/${env('ROUTER_ID')}` }
  const shots = Object.fromEntries([...PAGES.map((p) => [p, p.replaceAll('/', '-')]),
    ...Object.entries(detailPages).map(([name, path]) => [path, name])])
  let checked = 0
  for (const locale of ['en-US', 'zh-CN']) {
    const browser = await openBrowser({ locale })
    const { page } = browser
    try {
      await signIn(page, BASE, env('USERNAME'), env('PASSWORD'))
      for (const path of Object.keys(shots)) {
        await page.goto(`${BASE}/${path}`)
        await waitIdle(page)
        if (path === 'admin/quotas') {
          await choose(page, page.locator('[data-test=quota-project]'), 'admin')
          await page.locator('[data-test=quota-name]').first().waitFor()
          // Cinder's per-type rows, shown with their translated names.
          await page.locator('[data-test=per-type]').click()
          await page.locator('[data-test=quota-name][data-resource*="___"]').first().waitFor()
        }
        const raw = await findRawValues(page, values)
        check(raw.length === 0, `${locale} /${path} shows raw API values: ${raw.join('; ')}`)
        const title = await page.title()
        check(title.endsWith('· Lightcloud') && title.length > '· Lightcloud'.length + 1, `a page title on /${path}`)
        if (locale === 'zh-CN' && !path.includes('/')) {
          check(/[\u4e00-\u9fff]/.test(title), `a Chinese title on /${path}: ${title}`)
        }
        await screenshot(page, `pages-${locale}-${shots[path]}`)
        checked++
      }
      // The checker finds raw values when there are some (planted in the page).
      await page.evaluate(() => {
        const row = document.querySelector('table').appendChild(document.createElement('tr'))
        for (const value of ['ACTIVE', 'spawning', 'in-use', 'gigabytes___DEFAULT__']) {
          row.appendChild(document.createElement('td')).textContent = value
        }
      })
      const planted = await findRawValues(page, values)
      check(planted.length === 4, `the checker sees the 4 planted raw values, saw ${planted}`)
      check(browser.errors.length === 0, `no uncaught errors: ${browser.errors}`)
    } finally {
      await browser.close()
    }
  }
  result('pagesChecked', checked)
}

async function bulk(page) {
  const servers = Array.from({ length: 20 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `bulk-${String(i).padStart(2, '0')}`,
    status: i % 2 ? 'ACTIVE' : 'SHUTOFF', 'OS-EXT-STS:task_state': null, addresses: {}, tags: i < 3 ? ['web'] : [],
    created: new Date(Date.now() - i * 1000).toISOString(), flavor: { original_name: 'm1' }, image: '' }))
  const failing = new Set([servers[3].id, servers[11].id, servers[17].id])
  const listRequests = []
  await page.route(SERVER_LIST, (route) => {
    listRequests.push(new URL(route.request().url()).searchParams)
    json(route, { servers })
  })
  const deleted = []
  await page.route(/\/compute\/v2\.1\/servers\/[0-9a-f-]{36}$/, (route) => {
    const id = route.request().url().split('/').pop()
    if (route.request().method() === 'DELETE') {
      deleted.push(id)
      return failing.has(id)
        ? json(route, { conflictingRequest: { code: 409, message: `Cannot delete ${id}: it is locked.` } }, 409)
        : route.fulfill({ status: 204 })
    }
    return json(route, { itemNotFound: { code: 404, message: 'gone' } }, 404)
  })
  await listed(page, () => page.goto(`${BASE}/instances`), 20)
  check(listRequests.at(-1).get('limit') === '50', 'the list asks the API for one page (limit=50)')

  // Search, status filter and sort: to the API, and in the URL.
  await page.locator('input[data-test=search]').fill('bulk-1')
  await page.waitForURL(/q=bulk-1/)
  await page.waitForFunction(() => true)
  await page.locator('[data-test=sort-name]').click()
  await page.waitForURL(/sort=name/)
  await choose(page, page.locator('[data-test=status-filter]'), 'Shut off')
  await page.waitForURL(/status=SHUTOFF/)
  await page.waitForTimeout(500)
  const asked = listRequests.at(-1)
  check(asked.get('name') === 'bulk-1' && asked.get('status') === 'SHUTOFF' && asked.get('sort_key') === 'display_name'
    && asked.get('sort_dir') === 'asc', `the API gets the filters: ${asked}`)
  await page.reload()
  check(await page.locator('input[data-test=search]').inputValue() === 'bulk-1', 'the search survives a reload')
  await page.locator('[data-test=tag]', { hasText: 'web' }).first().click()
  await page.waitForURL(/tag=web/)
  await page.waitForTimeout(500)
  check(listRequests.at(-1).get('tags') === 'web', 'the tag filter goes to the API')
  await listed(page, () => page.goto(`${BASE}/instances`), 20)

  // A full page of 50 has a next page, asked for with the last id as marker.
  const fifty = Array.from({ length: 50 }, (_, i) => ({ ...servers[0], id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `page-${i}` }))
  await page.unroute(SERVER_LIST)
  await page.route(SERVER_LIST, (route) => {
    const params = new URL(route.request().url()).searchParams
    listRequests.push(params)
    json(route, { servers: params.get('marker') ? servers : fifty })
  })
  await listed(page, () => page.reload(), 50)
  await page.locator('[data-test=next-page]:not([disabled])').click()
  await page.waitForURL(/marker=10000000-0000-4000-8000-000000000049/)
  await page.locator('[data-test=instance-link]', { hasText: 'bulk-00' }).waitFor()
  check(listRequests.at(-1).get('marker') === fifty[49].id, 'the next page is asked for by marker')
  await page.locator('[data-test=previous-page]').click()
  await page.locator('[data-test=instance-link]', { hasText: 'page-0' }).first().waitFor()
  await page.goto(`${BASE}/instances`)
  await page.unroute(SERVER_LIST)
  await page.route(SERVER_LIST, (route) => json(route, { servers }))
  await listed(page, () => page.reload(), 20)

  await page.locator('[data-test=select-all]').check()
  await page.locator('[data-test=bulk-delete]').click()
  const confirmation = await page.locator('.el-message-box').innerText()
  const named = servers.filter((s) => confirmation.includes(s.name)).length
  check(named === 20, `the confirmation names all 20, named ${named}`)
  await screenshot(page, 'second-08-bulk-confirm')
  await confirmDialog(page)
  await page.locator('[data-test=bulk-count][data-done="20"][data-total="20"]').waitFor({ timeout: 30000 })
  const failures = await page.locator('[data-test=bulk-failure]').allInnerTexts()
  check(failures.length === 3 && ['bulk-03', 'bulk-11', 'bulk-17'].every((n) => failures.some((f) => f.startsWith(n))),
    `each failure by name: ${failures}`)
  check(deleted.length === 20, `one delete per instance, got ${deleted.length}`)
  await screenshot(page, 'second-09-bulk-progress')
  result('bulkFailures', failures)
  await page.locator('[data-test=bulk-close]').click()

  // The failures wait in the bell until read.
  await page.locator('[data-test=bell]').click()
  const unreadFailures = page.locator('[data-test=notification][data-outcome=failed][data-read=false]')
  await unreadFailures.first().waitFor()
  check(await unreadFailures.count() >= 4, 'the summary and each failure are unread')
  await page.waitForTimeout(2000)
  await page.locator('[data-test=bell]').click()
  await page.reload()
  await page.locator('[data-test=bell]').click()
  check(await unreadFailures.count() >= 4, 'failures stay unread after the list was seen and the page reloaded')
  await page.locator('[data-test=mark-all-read]').click()
  check(await unreadFailures.count() === 0, 'marked read')
}

async function templates(page) {
  const group = env('GROUP_NAME')
  await page.goto(`${BASE}/security-groups`)
  await page.locator('[data-test=security-groups] .el-menu-item', { hasText: group }).click()
  for (const template of ['ssh', 'web', 'rdp', 'icmp', 'group']) {
    await page.locator('[data-test=add-rule]').click()
    await page.locator(`[data-test=template-${template}]`).click()
    await page.locator('[data-test=template-hint]').waitFor()
    await page.locator('[data-test=rule-submit]').click()
    await page.locator('[data-test=rule-dialog]').waitFor({ state: 'hidden' })
  }
  await page.locator('[data-test=rule-remote-cell]', { hasText: `members of ${group}` }).first().waitFor()
  await screenshot(page, 'second-10-rule-templates')
}

async function usage(page) {
  // A cloud without metering answers os-simple-tenant-usage with 404 (answered here, so that the check holds once
  // the metering branch adds the API): no menu entry, and /usage leads back to the overview.
  await page.route(/\/os-simple-tenant-usage\//, (route) => json(route, { itemNotFound: { code: 404,
    message: 'The resource could not be found.' } }, 404))
  await page.goto(`${BASE}/overview`)
  await waitIdle(page)
  check(await page.locator('[data-test=nav-usage]').count() === 0, 'no Usage entry without the API')
  await page.goto(`${BASE}/usage`)
  await page.waitForURL(/\/overview$/)
  await page.unroute(/\/os-simple-tenant-usage\//)
  // With Nova's answer (the metering branch implements it), the page shows hours per instance and totals.
  const asked = []
  await page.route(/\/os-simple-tenant-usage\//, (route) => {
    asked.push(route.request().url())
    json(route, { tenant_usage: { tenant_id: 'p', start: '2026-12-01T00:00:00', stop: '2026-12-08T00:00:00',
      total_hours: 36.5, total_vcpus_usage: 73, total_memory_mb_usage: 18688, total_local_gb_usage: 36.5,
      server_usages: [
        { instance_id: env('SERVER_ID'), name: 'usage-vm', hours: 24.25, flavor: 'm1.small', vcpus: 2, memory_mb: 512,
          local_gb: 1, state: 'active', started_at: '2026-12-07T00:00:00', ended_at: null, uptime: 87300, tenant_id: 'p' },
        { instance_id: 'b0000000-0000-4000-8000-000000000001', name: 'gone-vm', hours: 12.25, flavor: 'm1.small', vcpus: 2,
          memory_mb: 512, local_gb: 1, state: 'terminated', started_at: '2026-12-01T00:00:00',
          ended_at: '2026-12-01T12:15:00', uptime: 44100, tenant_id: 'p' }] } })
  })
  await page.goto(`${BASE}/overview`)
  await page.locator('[data-test=nav-usage]').click()
  await page.waitForURL(/\/usage$/)
  await page.locator('[data-test=usage-hours]', { hasText: '24.3' }).waitFor()
  check((await page.locator('[data-test=usage-total]').allInnerTexts()).join(' ').includes('36.5'), 'total hours')
  const query = new URL(asked.at(-1)).searchParams
  check(query.get('detailed') === '1' && /^\d{4}-\d{2}-01T00:00:00$/.test(query.get('start')), `the Nova query: ${query}`)
  const raw = await findRawValues(page, await rawValues())
  check(raw.length === 0, `usage shows raw values: ${raw}`)
  await screenshot(page, 'second-11-usage')
}

async function offline(page) {
  await page.route(/\/compute\/v2\.1\//, (route) => route.abort('connectionrefused'))
  await page.goto(`${BASE}/instances`)
  const error = page.locator('[data-test=error]')
  await error.waitFor()
  const text = await error.innerText()
  check(!/failed to fetch/i.test(text), `a readable network error, got "${text}"`)
  check(process.argv[3] !== 'zh-CN' || /[\u4e00-\u9fff]/.test(text), `a Chinese network error, got "${text}"`)
  result(`offline:${process.argv[3]}`, text)
  await screenshot(page, `second-12-offline-${process.argv[3]}`)
}

async function quotas(page) {
  await page.goto(`${BASE}/admin/quotas`)
  await choose(page, page.locator('[data-test=quota-project]'), env('PROJECT_NAME'))
  const compute = page.locator('[data-test=quota-compute]')
  const keypairs = compute.locator('tbody tr', { has: page.locator('[data-resource=key_pairs]') })
  await keypairs.waitFor()
  check((await keypairs.locator('td').nth(1).innerText()).trim() === '—', 'key pairs are per user: no project usage')
  const network = page.locator('[data-test=quota-network]')
  for (const resource of ['network', 'port', 'router', 'floatingip', 'security_group']) {
    await network.locator(`[data-resource=${resource}]`).waitFor()
  }
  const perType = page.locator('[data-test=quota-volume] [data-resource*="___"]')
  check(await perType.count() === 0, 'per-type rows hidden by default')
  await page.locator('[data-test=per-type]').click()
  await perType.first().waitFor()
  result('perTypeLabel', await perType.first().innerText())
  await screenshot(page, 'second-13-quotas')
}

async function wizard(page) {
  await page.route(/\/compute\/v2\.1\/limits$/, (route) => json(route, { limits: { rate: [], absolute: {
    maxTotalInstances: 10, totalInstancesUsed: 9, maxTotalCores: 20, totalCoresUsed: 1, maxTotalRAMSize: 51200,
    totalRAMUsed: 128, maxTotalKeypairs: 100, maxServerMeta: 128, maxImageMeta: 128, maxPersonality: 5,
    maxPersonalitySize: 10240, maxServerGroups: 10, maxServerGroupMembers: 10, maxSecurityGroups: -1,
    maxSecurityGroupRules: -1, maxTotalFloatingIps: -1, totalFloatingIpsUsed: 0, totalSecurityGroupsUsed: 0,
    totalServerGroupsUsed: 0 } } }))
  await page.goto(`${BASE}/instances`)
  await page.locator('[data-test=launch]').first().click()
  await page.locator('input[data-test=launch-name]').fill('wizard-quota')
  await page.locator('[data-test=launch-dialog] .el-input-number input').first().fill('2')
  await page.locator('[data-test=launch-next]').click()
  await choose(page, page.locator('[data-test=launch-image]'), env('IMAGE_NAME'))
  await choose(page, page.locator('[data-test=launch-flavor]'), env('FLAVOR_NAME'))
  await page.locator('[data-test=launch-next]').click()
  await choose(page, page.locator('[data-test=launch-networks]'), env('NETWORK_NAME'))
  await page.locator('[data-test=launch-dialog] .el-dialog__title').click()
  await page.locator('[data-test=default-group-notice]').waitFor()
  await screenshot(page, 'second-14-wizard-default-group')
  await page.locator('[data-test=launch-next]').click()
  const summary = page.locator('[data-test=launch-summary]')
  await summary.waitFor()
  check((await summary.innerText()).includes(env('NETWORK_NAME')), 'the summary names the network')
  await page.locator('[data-test=launch-quota-short]').waitFor()
  check(await page.locator('[data-test=launch-submit]').isDisabled(), 'Launch disabled when the quota is short')
  await screenshot(page, 'second-15-wizard-quota')
}

const PHASES = { detail, console: console_, stop, bulk, templates, usage, offline, quotas, wizard }

main(async () => {
  const phase = process.argv[2]
  if (phase === 'pages') {
    await pages()
    return
  }
  const browser = await openBrowser({ locale: process.argv[3] ?? 'en-US' })
  try {
    await signIn(browser.page, BASE, env('USERNAME'), env('PASSWORD'))
    await PHASES[phase](browser.page)
    check(browser.errors.length === 0, `no uncaught errors in the page: ${browser.errors}`)
  } catch (error) {
    await screenshot(browser.page, `failed-second-${phase}`).catch(() => {})
    console.error(`page errors: ${browser.errors}; at ${browser.page.url()}`)
    throw error
  } finally {
    await browser.close()
  }
})
