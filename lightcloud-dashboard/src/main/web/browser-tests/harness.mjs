// What the dashboard's browser tests share: the machine's Chromium driven by playwright-core (no downloaded
// browser), sign-in, screenshots and results for the JUnit test that runs these scripts.
import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

export const env = (name) => {
  const value = process.env[name]
  if (!value) {
    throw new Error(`environment variable ${name} is not set`)
  }
  return value
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** Chromium with a fresh profile; the browser language is `locale` (en-US unless told). */
export async function openBrowser({ locale = 'en-US' } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'lightcloud-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    locale,
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
  })
  context.setDefaultTimeout(30000)
  const page = context.pages()[0] ?? await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error.message))
  // A Content-Security-Policy violation in any page (the console opens in its own) counts as an error too: the
  // policy must allow everything the app does.
  context.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
      errors.push(message.text())
    }
  })
  return {
    context,
    page,
    errors,
    async close() {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}

export async function signIn(page, base, username, password) {
  await page.goto(`${base}/`)
  await page.waitForURL(/\/login/)
  await page.locator('input[data-test=username]').fill(username)
  await page.locator('input[data-test=password]').fill(password)
  await page.locator('[data-test=login]').click()
  await page.waitForURL(/\/overview/)
}

export async function screenshot(page, name) {
  const dir = env('ARTIFACTS')
  await mkdir(dir, { recursive: true })
  await page.screenshot({ path: join(dir, `${name}.png`) })
}

/** A value for the JUnit side, one line on stdout. */
export function result(key, value) {
  console.log(`RESULT ${JSON.stringify({ [key]: value })}`)
}

export function check(condition, message) {
  if (!condition) {
    throw new Error(`check failed: ${message}`)
  }
}

/** Picks the option labelled `label` of the Element Plus select `select`. */
export async function choose(page, select, label) {
  await select.click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click()
}

/** Clicks a menu entry of a table row's "More" dropdown. */
export async function rowAction(page, row, testId) {
  await row.locator('[data-test=more]').click()
  await page.locator(`[data-test=instance-menu] [data-test=${testId}]`).click()
}

export async function confirmDialog(page) {
  await page.locator('.el-message-box .el-button--primary').click()
}

export async function main(body) {
  try {
    await body()
    process.exit(0)
  } catch (error) {
    console.error(error.stack ?? error)
    process.exit(1)
  }
}
