// A user's way through the dashboard against a real cloud, in phases the JUnit test (DashboardBrowserTest) runs one
// after the other, checking the API between them:
//   node dashboard-flow.mjs launch|console|volume|keypair|language|cleanup
import { readFile } from 'node:fs/promises'
import { check, choose, confirmDialog, env, main, openBrowser, result, rowAction, screenshot, signIn } from './harness.mjs'

const BASE = env('BASE_URL')
const IMAGE = env('IMAGE_NAME')
const SERVER = env('SERVER_NAME')
const VOLUME = env('VOLUME_NAME')

const row = (page, table, name) => page.locator(`[data-test=${table}] tbody tr`, { hasText: name })

const menuItem = (page, label) => page.getByRole('menuitem', { name: label, exact: true })

async function menu(page, label) {
  await menuItem(page, label).click()
}

async function launch(page) {
  await screenshot(page, '01-overview')
  await menu(page, 'Images')
  await page.locator('[data-test=upload]').click()
  await page.locator('[data-test=upload-file]').setInputFiles(env('IMAGE_FILE'))
  await page.locator('input[data-test=upload-name]').fill(IMAGE)
  await page.locator('[data-test=upload-submit]').click()
  const progress = page.locator('[data-test=upload-progress]')
  await progress.waitFor()
  const seen = new Set()
  while (await progress.isVisible()) {
    const value = await progress.getAttribute('aria-valuenow').catch(() => null)
    if (value !== null && !seen.has(value)) {
      seen.add(value)
      if (seen.size === 1 || value === '100') {
        await screenshot(page, '02-upload-progress')
      }
    }
    await page.waitForTimeout(25)
  }
  result('uploadProgress', [...seen].map(Number))
  check(seen.has('100'), `the progress bar reached 100% (saw ${[...seen]})`)
  await row(page, 'images', IMAGE).locator('[data-test=status][data-state=active]').waitFor({ timeout: 60000 })

  // Share it with another project: visibility "shared" first, then the project as a member.
  await row(page, 'images', IMAGE).locator('[data-test=edit]').click()
  await page.locator('[data-test=edit-dialog] label', { hasText: 'Shared' }).click()
  await page.locator('[data-test=edit-save]').click()
  await row(page, 'images', IMAGE).getByText('Shared', { exact: true }).waitFor()
  await row(page, 'images', IMAGE).locator('[data-test=share]').click()
  await page.locator('input[data-test=member-project]').fill(env('SHARE_PROJECT'))
  await page.locator('[data-test=add-member]').click()
  await page.locator('[data-test=share-dialog] tbody tr', { hasText: env('SHARE_PROJECT') }).waitFor()
  await screenshot(page, '03-image-shared')
  await page.keyboard.press('Escape')

  await menu(page, 'Instances')
  await page.locator('[data-test=launch]').first().click()
  await page.locator('input[data-test=launch-name]').fill(SERVER)
  await page.locator('[data-test=launch-next]').click()
  await choose(page, page.locator('[data-test=launch-image]'), IMAGE)
  await choose(page, page.locator('[data-test=launch-flavor]'), env('FLAVOR_NAME'))
  await page.locator('[data-test=launch-next]').click()
  await page.locator('[data-test=launch-next]').click()
  await page.locator('[data-test=launch-submit]').click()
  // The list polls: the new row goes from Building to Active without a reload.
  await row(page, 'instances', SERVER).waitFor()
  await screenshot(page, '03-instance-building')
  await row(page, 'instances', SERVER).locator('[data-test=status]', { hasText: 'Active' })
    .waitFor({ timeout: 120000 })
  await screenshot(page, '04-instance-active')
}

async function console(page) {
  await menu(page, 'Instances')
  const [popup] = await Promise.all([page.context().waitForEvent('page'),
    row(page, 'instances', SERVER).locator('[data-test=console]').click()])
  await popup.locator('[data-test=console-state][data-state=connected]').waitFor({ timeout: 20000 })
  // Wake the VGA console and type on tty1's shell, so the screenshot shows the guest's text and our input.
  await popup.locator('[data-test=console-screen] canvas').click()
  await popup.keyboard.press('Enter')
  await popup.keyboard.type('echo typed-through-novnc\n', { delay: 30 })
  let lit = 0
  for (let i = 0; i < 40 && lit < 500; i++) {
    await popup.waitForTimeout(250)
    lit = await popup.evaluate(() => {
      const canvas = document.querySelector('[data-test=console-screen] canvas')
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
      let count = 0
      for (let p = 0; p < data.length; p += 4) {
        if (data[p] + data[p + 1] + data[p + 2] > 150) {
          count++
        }
      }
      return count
    })
  }
  result('litConsolePixels', lit)
  check(lit >= 500, `the noVNC canvas shows the guest's text (${lit} lit pixels)`)
  await popup.waitForTimeout(1000)
  await screenshot(popup, '05-console')
  // The page's token was used: reloading it must not open the console again.
  await popup.reload()
  await popup.locator('[data-test=console-state][data-state=failed]').waitFor({ timeout: 20000 })
  await screenshot(popup, '06-console-token-used')
  await popup.close()
}

async function volume(page) {
  await menu(page, 'Volumes')
  await page.locator('[data-test=create-volume]').click()
  await page.locator('input[data-test=volume-name]').fill(VOLUME)
  await page.locator('[data-test=volume-submit]').click()
  const volumeRow = row(page, 'volumes', VOLUME)
  await volumeRow.locator('[data-test=volume-status][data-state=available]').waitFor({ timeout: 30000 })
  await volumeRow.locator('[data-test=attach]').click()
  await choose(page, page.locator('[data-test=attach-server]'), SERVER)
  await page.locator('[data-test=volume-submit]').click()
  await volumeRow.locator('[data-test=volume-status][data-state=in-use]').waitFor({ timeout: 60000 })
  await screenshot(page, '07-volume-attached')

  await menu(page, 'Instances')
  await rowAction(page, row(page, 'instances', SERVER), 'action-log')
  const log = page.locator('[data-test=console-log]')
  await log.filter({ hasText: 'LIGHTCLOUD-MARKER' }).waitFor({ timeout: 30000 })
  await screenshot(page, '08-console-log')
}

async function keypair(page) {
  const name = env('KEYPAIR_NAME')
  await menu(page, 'Key pairs')
  await page.locator('[data-test=create-keypair]').click()
  await page.locator('input[data-test=keypair-name]').fill(name)
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.locator('[data-test=keypair-submit]').click()])
  check(download.suggestedFilename() === `${name}.pem`, `the private key downloads as ${name}.pem`)
  const key = await readFile(await download.path(), 'utf8')
  check(key.includes('PRIVATE KEY'), 'the download is a private key')
  result('privateKeyBytes', key.length)
  await row(page, 'keypairs', name).waitFor()
  await screenshot(page, '09-keypair-created')
  await row(page, 'keypairs', name).locator('[data-test=delete]').click()
  await confirmDialog(page)
  await row(page, 'keypairs', name).waitFor({ state: 'detached' })
}

async function language(page) {
  // This browser speaks Chinese: the dashboard starts in zh-CN.
  await menu(page, '云主机')
  await row(page, 'instances', SERVER).locator('[data-test=status]', { hasText: '运行中' }).waitFor()
  await screenshot(page, '10-instances-zh-CN')
  await choose(page, page.locator('[data-test=language]').last(), 'English')
  await row(page, 'instances', SERVER).locator('[data-test=status]', { hasText: 'Active' }).waitFor()
  check(await menuItem(page, 'Instances').isVisible(), 'the menu is in English')
  await screenshot(page, '11-instances-en')
  await choose(page, page.locator('[data-test=language]').last(), '简体中文')
  await menuItem(page, '云硬盘').waitFor()
}

async function cleanup(page) {
  await menu(page, 'Volumes')
  const volumeRow = row(page, 'volumes', VOLUME)
  await volumeRow.locator('[data-test=detach]').click()
  await confirmDialog(page)
  await volumeRow.locator('[data-test=volume-status][data-state=available]').waitFor({ timeout: 60000 })
  await volumeRow.locator('[data-test=delete]').click()
  await confirmDialog(page)
  await volumeRow.waitFor({ state: 'detached', timeout: 60000 })

  await menu(page, 'Instances')
  await rowAction(page, row(page, 'instances', SERVER), 'action-delete')
  await confirmDialog(page)
  await row(page, 'instances', SERVER).waitFor({ state: 'detached', timeout: 60000 })

  await menu(page, 'Images')
  await row(page, 'images', IMAGE).locator('[data-test=delete]').click()
  await confirmDialog(page)
  await row(page, 'images', IMAGE).waitFor({ state: 'detached', timeout: 30000 })
  await screenshot(page, '12-cleaned-up')
}

const PHASES = { launch, console, volume, keypair, language, cleanup }

main(async () => {
  const phase = process.argv[2]
  const browser = await openBrowser({ locale: phase === 'language' ? 'zh-CN' : 'en-US' })
  try {
    await signIn(browser.page, BASE, env('USERNAME'), env('PASSWORD'))
    await PHASES[phase](browser.page)
    check(browser.errors.length === 0, `no uncaught errors in the page: ${browser.errors}`)
  } catch (error) {
    await screenshot(browser.page, `failed-${phase}`).catch(() => {})
    throw error
  } finally {
    await browser.close()
  }
})
