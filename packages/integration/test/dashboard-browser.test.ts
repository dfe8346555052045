/**
 * The dashboard in a real browser (issue 7): Debian's Chromium, headless, driven by
 * playwright-core. The page loads from the dashboard alone (nothing from elsewhere), shows the
 * cluster, and its controls change the simulation: a power cycle shows drives locking and
 * unlocking; a key server stopped during a power cycle keeps them locked and raises the fault;
 * guided mode plays a scenario to its verdict. Every WebSocket frame is kept and searched for the
 * AK and the cluster's private key. Screenshots go to test-artifacts/dashboard/.
 *
 * Needs /usr/bin/chromium (`apt-get install chromium`, as .ci/run does): without it the test
 * fails, it does not skip.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger, systemClock } from '@ekmsim/core';
import { startDashboard, type Dashboard } from '@ekmsim/dashboard';
import { jsonRpc } from '@ekmsim/scenario';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpKeyProvider, startTestCluster, waitForEar, waitUnlocked, type TestCluster } from './helpers/cluster.js';
import { clusterPrivateKey, externalAk, leaks, type Secret } from './helpers/secrets.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '..', '..', '..', 'test-artifacts', 'dashboard');
const NODES = [1, 2, 3];
/** The page must show a change within a second; the test allows for a loaded CI machine. */
const SHOWN_MS = 15_000;
const LONG = 300_000;

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`);
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
}, LONG);

afterAll(async () => {
  await browser?.close();
});

/** A page on the dashboard that records every request it makes and every WebSocket frame. */
async function openPage(url: string): Promise<{ page: Page; requests: string[]; frames: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const requests: string[] = [];
  const frames: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('websocket', (ws) => {
    requests.push(ws.url());
    ws.on('framereceived', (f) => frames.push(String(f.payload)));
    ws.on('framesent', (f) => frames.push(String(f.payload)));
  });
  await page.goto(url);
  return { page, requests, frames };
}

const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

describe('the dashboard following a cluster under external keys', () => {
  let t: TestCluster;
  let dashboard: Dashboard;
  let page: Page;
  let requests: string[];
  let frames: string[];

  beforeAll(async () => {
    t = await startTestCluster({ nodes: NODES.length, drivesPerNode: 2, keyServers: ['kms1'], kmipTimeouts: { connectMs: 2000, requestMs: 4000 } });
    const keyProviderID = await setUpKeyProvider(t, 'kms1');
    await t.api('EnableEncryptionAtRest', { keyProviderID });
    await waitForEar(t.api, 'enabled');
    const auth = 'admin:admin';
    dashboard = await startDashboard({
      port: 0,
      clock: systemClock(),
      logger: silentLogger,
      live: {
        apis: { element: jsonRpc(`${t.sim.apiUrl}/json-rpc/12.3`, auth), control: jsonRpc(`${t.sim.apiUrl}/sim/json-rpc/1.0`, auth) },
        head: { name: 'browser test', seed: 1, cluster: { nodes: NODES.length, drivesPerNode: 2 }, keyServers: [{ name: 'kms1', vendor: 'generic' }] },
      },
    });
    ({ page, requests, frames } = await openPage(dashboard.url));
  }, LONG);

  afterAll(async () => {
    await page?.close();
    await dashboard?.close();
    await t?.close();
  });

  it('loads from the dashboard alone and shows the cluster: nodes, drives unlocked, the key server, the clock', async () => {
    for (const id of NODES) await page.getByTestId(`node-${id}`).waitFor({ timeout: SHOWN_MS });
    await expect.poll(() => page.locator('[data-testid^="drive-"][data-locked="false"]').count(), { timeout: SHOWN_MS }).toBe(NODES.length * 2);
    await page.getByTestId('keyserver-kms1').waitFor({ timeout: SHOWN_MS });
    expect(await page.getByTestId('sim-clock').textContent()).toMatch(/\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}/);
    await shot(page, 'cluster');
    const origin = new URL(dashboard.url);
    const foreign = requests.filter((u) => new URL(u).host !== origin.host);
    expect(foreign).toEqual([]);
  }, LONG);

  it('a click on power-cycle shows the drives locking, then unlocking', async () => {
    // Key traffic slowed down, so the locked moment lasts long enough to be seen.
    await t.control('SetNetworkFault', { scope: 'keyServer', target: 'kms1', fault: 'latency', latencyMs: 1500 });
    await page.getByTestId('power-cycle-cluster').click();
    await expect.poll(() => page.locator('[data-testid^="drive-"][data-locked="true"]').count(), { timeout: SHOWN_MS }).toBeGreaterThan(0);
    await shot(page, 'power-cycle-locked');
    await t.control('SetNetworkFault', { scope: 'keyServer', target: 'kms1', fault: 'none' });
    await expect.poll(() => page.locator('[data-testid^="drive-"][data-locked="false"]').count(), { timeout: 60_000 }).toBe(NODES.length * 2);
    await shot(page, 'power-cycle-unlocked');
  }, LONG);

  it('the key server stopped during a power cycle: drives stay locked and the fault appears; started again, they unlock', async () => {
    await page.getByTestId('keyserver-kms1-menu').click();
    await page.getByTestId('keyserver-kms1-stop').click();
    await page.getByTestId('power-cycle-cluster').click();
    await expect.poll(() => page.locator('[data-testid^="drive-"][data-locked="true"]').count(), { timeout: 60_000 }).toBe(NODES.length * 2);
    // The next fault evaluation (every 30 s of simulated time) reports it: a minute on.
    await t.control('AdvanceClock', { seconds: 60 });
    await expect.poll(() => page.locator('[data-testid="fault-list"] [data-code="kmipServerFault"]').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="fault-list"] [data-code="kmipServerFault"]').first().getAttribute('data-severity')).toBe('critical');
    expect(await page.locator('[data-testid^="drive-"][data-locked="false"]').count()).toBe(0);
    await shot(page, 'key-server-down');
    await page.getByTestId('keyserver-kms1-menu').click();
    await page.getByTestId('keyserver-kms1-start').click();
    await t.control('AdvanceClock', { seconds: 60 });
    await waitUnlocked(t.control, NODES, 120_000);
    await expect.poll(() => page.locator('[data-testid^="drive-"][data-locked="false"]').count(), { timeout: 60_000 }).toBe(NODES.length * 2);
    await shot(page, 'key-server-back');
  }, LONG);

  it('no key material in any WebSocket frame: not the AK, not the cluster private key', async () => {
    const { keyID } = ((await t.api('GetEncryptionAtRestInfo')) as { authenticationKeyInfo: { keyID: string } }).authenticationKeyInfo;
    const secrets: Secret[] = [await externalAk(t.dir, keyID), ...clusterPrivateKey(t.dir)];
    expect(frames.length).toBeGreaterThan(10);
    expect(leaks(secrets, Buffer.from(frames.join('\n')), 'WebSocket frames')).toEqual([]);
    expect(frames.join('\n')).not.toMatch(/PRIVATE KEY/);
  }, LONG);
});

describe('guided mode', () => {
  const file = join(import.meta.dirname, '..', '..', '..', 'scenarios', 'theft', 'cluster-stolen-ekm-foreign-site-refused.yaml');
  let dashboard: Dashboard;
  let page: Page;

  beforeAll(async () => {
    dashboard = await startDashboard({ port: 0, clock: systemClock(), logger: silentLogger, demo: { library: [{ file, name: 'stolen' }], initial: file } });
    ({ page } = await openPage(dashboard.url));
  }, LONG);

  afterAll(async () => {
    await page?.close();
    await dashboard?.close();
  });

  it('advances through the whole cluster stolen under EKM, step by step with its narration, to the verdict', async () => {
    const progress = page.getByTestId('guided-progress');
    await expect.poll(() => progress.textContent(), { timeout: SHOWN_MS }).toMatch(/Step 1 of (\d+)/);
    const total = Number(/of (\d+)/.exec((await progress.textContent()) ?? '')?.[1]);
    expect(total).toBeGreaterThan(5);
    await shot(page, 'guided-start');
    const result = page.getByTestId('guided-result');
    for (let step = 1; step <= total; step++) {
      await page.getByTestId('guided-next').click();
      // The panel shows the step just run, with its result.
      await expect.poll(async () => `${await progress.textContent()} ${(await result.count()) > 0 ? await result.getAttribute('data-status') : ''}`, { timeout: 120_000 }).toMatch(new RegExp(`Step ${step} of ${total}.* passed$`));
      if (step === Math.ceil(total / 2)) await shot(page, 'guided-middle');
    }
    await expect.poll(() => page.getByTestId('guided-verdict').textContent(), { timeout: 120_000 }).toMatch(/held|passed/i);
    expect(await page.getByTestId('guided-narration').textContent()).not.toBe('');
    await shot(page, 'guided-verdict');
  }, LONG);
});
