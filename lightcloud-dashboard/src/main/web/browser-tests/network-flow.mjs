// The dashboard's network pages against the real network service, in phases the JUnit test
// (DashboardNetworkBrowserTest) runs one after the other, checking the Neutron API between them. No VM boots.
//   node network-flow.mjs create | associate <device id> | disassociate
//     | instance-associate <server id> <project id> <floating ip> | instance-disassociate <...the same>
//     | launch | launch-volume | delete
import { check, choose, confirmDialog, env, main, openBrowser, result, rowAction, screenshot, signIn }
  from './harness.mjs'

const BASE = env('BASE_URL')
const NETWORK = env('NETWORK_NAME')
const CIDR = env('CIDR')
const ROUTER = env('ROUTER_NAME')
const EXTERNAL = env('EXTERNAL_NAME')
const GROUP = env('GROUP_NAME')

const row = (page, table, text) => page.locator(`[data-test=${table}] tbody tr`, { hasText: text })
const group = (page) => page.locator('[data-test=security-groups] .el-menu-item', { hasText: GROUP })
const floatingIp = (page) => row(page, 'floating-ips', EXTERNAL)

async function menu(page, label) {
  await page.getByRole('menuitem', { name: label, exact: true }).click()
}

async function create(page) {
  // The network and its subnet in one form. A subnet the network service refuses shows its fault and takes the
  // new network away again; the form stays open for a correction.
  await menu(page, 'Networks')
  await page.locator('[data-test=create-network]').click()
  await page.locator('input[data-test=network-name]').fill(NETWORK)
  await page.locator('input[data-test=network-cidr]').fill('10.77.0.0/33')
  await page.locator('[data-test=network-submit]').click()
  const fault = page.locator('.el-message--error')
  await fault.waitFor()
  const message = (await fault.innerText()).trim()
  check(message.length > 10 && !/HTTP \d+/.test(message), `the subnet's fault message, got "${message}"`)
  result('subnetFault', message)
  await screenshot(page, 'network-00-subnet-refused')
  await page.locator('input[data-test=network-cidr]').fill(CIDR)
  await page.locator('[data-test=network-submit]').click()
  await row(page, 'networks', NETWORK).filter({ hasText: CIDR }).waitFor()
  await page.locator(`[data-test=topology-network][data-name="${NETWORK}"]`).waitFor()
  await screenshot(page, 'network-01-created')

  // A router with its gateway on the external network, then the subnet as its interface.
  await menu(page, 'Routers')
  await page.locator('[data-test=create-router]').click()
  await page.locator('input[data-test=router-name]').fill(ROUTER)
  await choose(page, page.locator('[data-test=router-gateway]'), EXTERNAL)
  await page.locator('[data-test=router-submit]').click()
  const routerRow = row(page, 'routers', ROUTER)
  await routerRow.locator('[data-test=gateway]', { hasText: EXTERNAL }).waitFor()
  await routerRow.locator('[data-test=add-interface]').click()
  await choose(page, page.locator('[data-test=interface-subnet]'), `${NETWORK}-subnet`)
  await page.locator('[data-test=router-submit]').click()
  await routerRow.locator('[data-test=interface]', { hasText: CIDR }).waitFor()
  await screenshot(page, 'network-02-router')

  // The topology joins the router to the external network and to the new one.
  await menu(page, 'Networks')
  await page.locator(`[data-test=topology-device][data-name="${ROUTER}"][data-links="2"]`).waitFor()
  await screenshot(page, 'network-03-topology')

  // A security group, and a rule added in its rules editor.
  await menu(page, 'Security groups')
  await page.locator('[data-test=create-security-group]').click()
  await page.locator('input[data-test=security-group-name-input]').fill(GROUP)
  await page.locator('input[data-test=security-group-description]').fill('web servers')
  await page.locator('[data-test=security-group-submit]').click()
  await page.locator('[data-test=security-group-name]', { hasText: GROUP }).waitFor()
  await page.locator('[data-test=add-rule]').click()
  await page.locator('[data-test=rule-port-max] input').fill('8081')
  await page.locator('[data-test=rule-port-min] input').fill('8080')
  await page.locator('input[data-test=rule-remote]').fill('10.0.0.0/8')
  await page.locator('[data-test=rule-submit]').click()
  await row(page, 'rules', '8080-8081').filter({ hasText: '10.0.0.0/8' }).waitFor()
  await page.locator('[data-test=rule-dialog]').waitFor({ state: 'hidden' })
  await screenshot(page, 'network-04-security-group')

  // A floating IP from the external network.
  await menu(page, 'Floating IPs')
  await page.locator('[data-test=allocate]').click()
  await choose(page, page.locator('[data-test=floating-ip-choice]'), EXTERNAL)
  await page.locator('[data-test=floating-ip-submit]').click()
  await floatingIp(page).waitFor()
  result('floatingIp', (await floatingIp(page).locator('td').first().innerText()).trim())
  await screenshot(page, 'network-05-floating-ip')
}

async function associate(page) {
  const device = process.argv[3]
  await menu(page, 'Floating IPs')
  await floatingIp(page).locator('[data-test=associate]').click()
  await choose(page, page.locator('[data-test=floating-ip-choice]'), device)
  await page.locator('[data-test=floating-ip-submit]').click()
  await floatingIp(page).locator('[data-test=mapped-to]', { hasText: device }).waitFor()
  await screenshot(page, 'network-06-associated')
}

async function disassociate(page) {
  await menu(page, 'Floating IPs')
  await floatingIp(page).locator('[data-test=disassociate]').click()
  await floatingIp(page).locator('[data-test=associate]').waitFor()
}

// The instances page, with the Nova list answered here by one ACTIVE server whose id is the port's device id (its
// addresses as Nova would show them: the fixed one, and the floating one once associated); the floating IP calls go
// to the real network service.
async function instancePage(page, { floating }) {
  const [serverId, projectId, address] = process.argv.slice(3)
  const addresses = [{ addr: '10.77.0.9', 'OS-EXT-IPS:type': 'fixed' }]
  if (floating) {
    addresses.push({ addr: address, 'OS-EXT-IPS:type': 'floating' })
  }
  const server = { id: serverId, name: 'fip-check', status: 'ACTIVE', tenant_id: projectId, addresses: { net: addresses },
    created: new Date().toISOString(), flavor: { original_name: 'm1' }, image: '' }
  await page.route((url) => url.pathname.endsWith('/compute/v2.1/servers/detail'),
    (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ servers: [server] }) }))
  await menu(page, 'Instances')
  return row(page, 'instances', 'fip-check')
}

async function instanceAssociate(page) {
  const address = process.argv[5]
  await rowAction(page, await instancePage(page, { floating: false }), 'action-associateIp')
  await choose(page, page.locator('[data-test=action-select]'), address)
  await screenshot(page, 'network-06b-instance-associate')
  await page.locator('[data-test=action-submit]').click()
  await page.locator('[data-test=action-dialog]').waitFor({ state: 'hidden' })
}

async function instanceDisassociate(page) {
  const address = process.argv[5]
  await rowAction(page, await instancePage(page, { floating: true }), 'action-disassociateIp')
  await choose(page, page.locator('[data-test=action-select]'), address)
  await page.locator('[data-test=action-submit]').click()
  await page.locator('[data-test=action-dialog]').waitFor({ state: 'hidden' })
}

// The launch wizard's network and security group choices (and, in the launch-volume phase, a new boot volume); the
// create request is answered here, so nothing boots.
async function wizard(page, { bootFromVolume }) {
  let created = null
  await page.route((url) => url.pathname.endsWith('/compute/v2.1/servers'), async (route) => {
    if (route.request().method() !== 'POST') {
      return route.continue()
    }
    created = route.request().postDataJSON()
    return route.fulfill({ status: 202, contentType: 'application/json',
      body: JSON.stringify({ server: { id: '00000000-0000-4000-8000-000000000000', links: [] } }) })
  })
  await menu(page, 'Instances')
  await page.locator('[data-test=launch]').first().click()
  await page.locator('input[data-test=launch-name]').fill('wizard-check')
  await page.locator('[data-test=launch-next]').click()
  await choose(page, page.locator('[data-test=launch-image]'), env('IMAGE_NAME'))
  await choose(page, page.locator('[data-test=launch-flavor]'), env('FLAVOR_NAME'))
  if (bootFromVolume) {
    await page.locator('[data-test=launch-boot-from-volume]').click()
    await page.locator('[data-test=launch-volume-size] input').fill('3')
    await page.locator('[data-test=launch-delete-volume]').click()
    await screenshot(page, 'network-07b-launch-boot-from-volume')
  }
  await page.locator('[data-test=launch-next]').click()
  // Multiple selects stay open after a pick: a click on the dialog's title closes them.
  const title = page.locator('[data-test=launch-dialog] .el-dialog__title')
  await choose(page, page.locator('[data-test=launch-networks]'), NETWORK)
  await title.click()
  await choose(page, page.locator('[data-test=launch-security-groups]'), GROUP)
  await title.click()
  await screenshot(page, bootFromVolume ? 'network-07c-launch-wizard-volume' : 'network-07-launch-wizard')
  await page.locator('[data-test=launch-next]').click()
  await page.locator('[data-test=launch-summary]').waitFor()
  await page.locator('[data-test=launch-submit]').click()
  await page.locator('[data-test=launch-dialog]').waitFor({ state: 'hidden' })
  check(created !== null, 'the wizard sent a server create request')
  result('serverCreate', created)
}

async function remove(page) {
  await menu(page, 'Floating IPs')
  await floatingIp(page).locator('[data-test=release]').click()
  await confirmDialog(page)
  await floatingIp(page).waitFor({ state: 'detached' })

  await menu(page, 'Routers')
  const routerRow = row(page, 'routers', ROUTER)
  await routerRow.locator('[data-test=interface] .el-tag__close').click()
  await confirmDialog(page)
  await routerRow.locator('[data-test=interface]').waitFor({ state: 'detached' })
  await routerRow.locator('[data-test=delete]').click()
  await confirmDialog(page)
  await routerRow.waitFor({ state: 'detached' })

  await menu(page, 'Security groups')
  await group(page).click()
  await page.locator('[data-test=security-group-name]', { hasText: GROUP }).waitFor()
  await row(page, 'rules', '8080-8081').locator('[data-test=delete-rule]').click()
  await confirmDialog(page)
  await row(page, 'rules', '8080-8081').waitFor({ state: 'detached' })
  await page.locator('[data-test=delete-security-group]').click()
  await confirmDialog(page)
  await group(page).waitFor({ state: 'detached' })

  await menu(page, 'Networks')
  await row(page, 'networks', NETWORK).locator('[data-test=delete]').click()
  await confirmDialog(page)
  await row(page, 'networks', NETWORK).waitFor({ state: 'detached' })
  await page.locator(`[data-test=topology-network][data-name="${NETWORK}"]`).waitFor({ state: 'detached' })
  await screenshot(page, 'network-08-deleted')
}

const PHASES = { create, associate, disassociate, 'instance-associate': instanceAssociate,
  'instance-disassociate': instanceDisassociate, launch: (page) => wizard(page, { bootFromVolume: false }),
  'launch-volume': (page) => wizard(page, { bootFromVolume: true }), delete: remove }

main(async () => {
  const phase = process.argv[2]
  const browser = await openBrowser()
  try {
    await signIn(browser.page, BASE, env('USERNAME'), env('PASSWORD'))
    await PHASES[phase](browser.page)
    check(browser.errors.length === 0, `no uncaught errors in the page: ${browser.errors}`)
  } catch (error) {
    await screenshot(browser.page, `network-failed-${phase}`).catch(() => {})
    console.error(`uncaught errors in the page: ${browser.errors}`)
    throw error
  } finally {
    await browser.close()
  }
})
