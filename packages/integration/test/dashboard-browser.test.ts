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
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, systemClock } from '@ekmsim/core';
import { startDashboard, type Dashboard } from '@ekmsim/dashboard';
import type { KeyServerSpec } from '@ekmsim/sim';
import { jsonRpc, loadScenarioFile, runScenario } from '@ekmsim/scenario';
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

/** A cluster under external keys on one key server, with EAR on, and a dashboard following it (live mode). */
async function followedCluster(name: string, nodes: number, drivesPerNode: number, keyServer: KeyServerSpec): Promise<{ t: TestCluster; dashboard: Dashboard }> {
  const t = await startTestCluster({ nodes, drivesPerNode, keyServers: [keyServer], kmipTimeouts: { connectMs: 2000, requestMs: 4000 } });
  const keyProviderID = await setUpKeyProvider(t, keyServer.name);
  await t.api('EnableEncryptionAtRest', { keyProviderID });
  await waitForEar(t.api, 'enabled');
  const auth = 'admin:admin';
  const dashboard = await startDashboard({
    port: 0,
    clock: systemClock(),
    logger: silentLogger,
    live: {
      apis: { element: jsonRpc(`${t.sim.apiUrl}/json-rpc/12.3`, auth), control: jsonRpc(`${t.sim.apiUrl}/sim/json-rpc/1.0`, auth) },
      head: { name, seed: 1, cluster: { nodes, drivesPerNode }, keyServers: [{ ...keyServer }] },
    },
  });
  return { t, dashboard };
}

const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

describe('the dashboard following a cluster under external keys', () => {
  let t: TestCluster;
  let dashboard: Dashboard;
  let page: Page;
  let requests: string[];
  let frames: string[];

  beforeAll(async () => {
    ({ t, dashboard } = await followedCluster('browser test', NODES.length, 2, { name: 'kms1', vendor: 'generic' }));
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

describe('every control changes the simulation and the page shows it', () => {
  let t: TestCluster;
  let dashboard: Dashboard;
  let page: Page;
  const attribute = (testId: string, name: string) => () => page.getByTestId(testId).getAttribute(name);
  const menu = async (owner: string, action: string): Promise<void> => {
    await page.getByTestId(`${owner}-menu`).click();
    await page.getByTestId(`${owner}-${action}`).click();
  };

  beforeAll(async () => {
    ({ t, dashboard } = await followedCluster('controls', 3, 1, { name: 'kc', vendor: 'hytrust', members: 2 }));
    ({ page } = await openPage(dashboard.url));
    await page.getByTestId('node-1').waitFor({ timeout: SHOWN_MS });
  }, LONG);

  afterAll(async () => {
    await page?.close();
    await dashboard?.close();
    await t?.close();
  });

  it('power a node off and on, cut and heal its link', async () => {
    await menu('node-2', 'power-off');
    await expect.poll(attribute('node-2', 'data-phase'), { timeout: SHOWN_MS }).toBe('off');
    await menu('node-2', 'power-on');
    await expect.poll(attribute('node-2', 'data-phase'), { timeout: 60_000 }).toBe('ready');
    await menu('node-2', 'cut-link');
    await expect.poll(attribute('link-node-2', 'data-cut'), { timeout: SHOWN_MS }).toBe('true');
    expect((await t.control('ListNetworkFaults')).faults).toEqual([{ scope: 'node', target: '2', fault: 'partition' }]);
    await menu('node-2', 'heal-link');
    await expect.poll(attribute('link-node-2', 'data-cut'), { timeout: SHOWN_MS }).toBe('false');
    await menu('node-3', 'power-cycle');
    await expect.poll(attribute('node-3', 'data-phase'), { timeout: 60_000 }).toBe('ready');
  }, LONG);

  it('stop and start one HyTrust member; advance the clock; speed, pause and resume', async () => {
    await menu('keyserver-kc', 'member-2-stop');
    await expect.poll(async () => ((await t.control('ListSimKeyServers')).keyServers as { members: { listening: boolean }[] }[])[0]!.members.map((m) => m.listening), { timeout: SHOWN_MS }).toEqual([true, false]);
    await expect.poll(attribute('keyserver-kc-member-2', 'data-listening'), { timeout: SHOWN_MS }).toBe('false');
    await menu('keyserver-kc', 'member-2-start');
    await expect.poll(attribute('keyserver-kc-member-2', 'data-listening'), { timeout: SHOWN_MS }).toBe('true');
    const before = Number(await page.getByTestId('sim-clock').getAttribute('data-sim-ms'));
    await page.getByTestId('advance-1d').click();
    await expect.poll(async () => Number(await page.getByTestId('sim-clock').getAttribute('data-sim-ms')) - before, { timeout: SHOWN_MS }).toBeGreaterThanOrEqual(86_400_000);
    await page.getByTestId('speed-60').click();
    await expect.poll(() => page.getByTestId('playback-state').textContent(), { timeout: SHOWN_MS }).toMatch(/60/);
    const fast = Number((await t.control('GetClock')).offsetSeconds);
    await expect.poll(async () => Number((await t.control('GetClock')).offsetSeconds) - fast, { timeout: SHOWN_MS }).toBeGreaterThan(100);
    await page.getByTestId('pause').click();
    await expect.poll(() => page.getByTestId('playback-state').textContent(), { timeout: SHOWN_MS }).toMatch(/paused/i);
    // Paused, simulated time itself stands still (not only the page's 60× jumps), and the page's clock with it.
    await expect.poll(async () => (await t.control('GetClock')).paused, { timeout: SHOWN_MS }).toBe(true);
    const stood = await t.control('GetClock');
    const shownAt = await page.getByTestId('sim-clock-time').textContent();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await t.control('GetClock')).toEqual(stood);
    expect(await page.getByTestId('sim-clock-time').textContent()).toBe(shownAt);
    await page.getByTestId('resume').click();
    await page.getByTestId('speed-1').click();
    await expect.poll(() => page.getByTestId('playback-state').textContent(), { timeout: SHOWN_MS }).toMatch(/1×/);
    await expect.poll(async () => Date.parse(String((await t.control('GetClock')).now)) - Date.parse(String(stood.now)), { timeout: SHOWN_MS }).toBeGreaterThan(0);
    expect((await t.control('GetClock')).paused).toBe(false);
  }, LONG);

  it('revoke the cluster certificate and delete the AK on the key server', async () => {
    await menu('keyserver-kc', 'revoke-cert');
    const revocations = async () => ((await t.control('SimKeyServerAdmin', { keyServer: 'kc', action: 'listCertificates' })).result as { revocations: { value: string }[] }).revocations.map((r) => r.value);
    await expect.poll(revocations, { timeout: SHOWN_MS }).toEqual(['cluster1']);
    await t.control('AdvanceClock', { seconds: 60 });
    await expect.poll(() => page.locator('[data-testid="fault-list"] [data-code="kmipServerFault"]').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await menu('keyserver-kc', 'delete-ak');
    await expect.poll(async () => ((await t.control('SimKeyServerAdmin', { keyServer: 'kc', action: 'listObjects' })).result as { objectType: string; state: string | null }[]).filter((o) => o.objectType === 'SymmetricKey' && o.state !== 'Destroyed'), { timeout: SHOWN_MS }).toEqual([]);
    await shot(page, 'revoked-and-ak-deleted');
  }, LONG);

  it('steal a drive, a node, then the cluster', async () => {
    await page.getByTestId('drive-1').click();
    await page.getByTestId('drive-1-steal').click();
    await expect.poll(attribute('drive-1', 'data-stolen'), { timeout: SHOWN_MS }).toBe('true');
    await menu('node-2', 'steal');
    await expect.poll(attribute('node-2', 'data-stolen'), { timeout: SHOWN_MS }).toBe('true');
    await page.getByTestId('steal-cluster').click();
    await expect.poll(attribute('node-3', 'data-stolen'), { timeout: SHOWN_MS }).toBe('true');
    await expect.poll(() => page.getByTestId('theft-summary').textContent(), { timeout: 120_000 }).toMatch(/can read none/);
    await shot(page, 'stolen');
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

  it('exports the session (the steps played and an action taken) as a scenario file that the runner replays', async () => {
    await page.getByTestId('advance-1h').click();
    await expect.poll(() => page.getByTestId('toast').count()).toBe(0);
    await page.getByTestId('export').click();
    const yaml = page.getByTestId('export-yaml');
    await expect.poll(async () => ((await yaml.count()) > 0 ? ((await yaml.textContent()) ?? '') : ''), { timeout: SHOWN_MS }).toMatch(/advance: 3600s/);
    const dir = mkdtempSync(join(tmpdir(), 'ekmsim-export-'));
    try {
      const file = join(dir, 'session.yaml');
      writeFileSync(file, (await yaml.textContent()) ?? '');
      const scenario = loadScenarioFile(file);
      expect(scenario.steps.length).toBeGreaterThan(15);
      const result = await runScenario(scenario, { clock: systemClock() });
      expect(result.steps.filter((r) => r.status !== 'passed')).toEqual([]);
      expect(result.passed).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, LONG);
});
