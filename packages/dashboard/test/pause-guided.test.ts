/**
 * Pause in guided mode, over the dashboard's WebSocket as the page speaks it: a step whose call
 * can only end by a KMIP timeout (the key server black-holed) waits while the clock is paused,
 * and Resume is not queued behind it — it is answered at once, after which the step finishes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, systemClock } from '@ekmsim/core';
import { startDashboard, type Dashboard, type ServerMessage } from '@ekmsim/dashboard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';

const SCENARIO = `name: A key server that never answers
seed: 1
cluster: { nodes: 1, drivesPerNode: 1, keyMode: external }
keyServers:
  - { name: kms1, vendor: generic }
kmipTimeouts: { connectMs: 1000, requestMs: 2000 }
steps:
  - call: CreatePublicPrivateKeyPair
    params: { commonName: cluster1, organization: NetApp, country: US }
  - call: GetClientCertificateSignRequest
    save: { csr: clientCertificateSignRequest }
  - control: SignClientCertificate
    params: { keyServer: kms1, csr: "\${csr}" }
    save: { clientCertificate: certificate }
  - control: ListSimKeyServers
    save: { ks: keyServers.0 }
  - call: CreateKeyServerKmip
    params:
      kmipKeyServerName: kms1
      kmipKeyServerHostnames: ["kms1.ekmsim.test"]
      kmipKeyServerPort: "\${ks.port}"
      kmipCaCertificate: "\${ks.caCertificate}"
      kmipClientCertificate: "\${clientCertificate}"
    save: { keyServerID: kmipKeyServer.keyServerID }
  - control: SetNetworkFault
    params: { scope: keyServer, target: kms1, fault: blackHole }
  - say: The key server never answers; only the connect timeout ends the test.
    call: TestKeyServerKmip
    params: { keyServerID: "\${keyServerID}" }
    expectError: xKeyServerUnavailable
`;
const STEPS = 7;

/** The page's side of the socket: messages kept in order, waited for by a predicate. */
class PageSocket {
  readonly messages: ServerMessage[] = [];
  readonly #waiters: (() => void)[] = [];
  #id = 0;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.messages.push(JSON.parse(data.toString('utf8')) as ServerMessage);
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  static async open(url: string): Promise<PageSocket> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new PageSocket(ws);
  }

  async next<T extends ServerMessage>(wanted: (m: ServerMessage) => m is T, after = 0): Promise<T> {
    for (;;) {
      const found = this.messages.slice(after).find(wanted);
      if (found !== undefined) return found;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Sends an action; its index in `messages` when sent, to look for its answer after. */
  action(action: 'pause' | 'resume'): { id: number; at: number } {
    const id = ++this.#id;
    const at = this.messages.length;
    this.ws.send(JSON.stringify({ type: 'action', id, action, args: {} }));
    return { id, at };
  }

  guided(op: 'next'): number {
    const at = this.messages.length;
    this.ws.send(JSON.stringify({ type: 'guided', op }));
    return at;
  }

  close(): void {
    this.ws.close();
  }
}

const isStep = (m: ServerMessage): m is Extract<ServerMessage, { type: 'step' }> => m.type === 'step';
const answerTo = (id: number) => (m: ServerMessage): m is Extract<ServerMessage, { type: 'actionResult' }> => m.type === 'actionResult' && m.id === id;

describe('guided mode while paused', () => {
  let dir: string;
  let dashboard: Dashboard;
  let page: PageSocket;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ekmsim-pause-guided-'));
    const file = join(dir, 'never-answers.yaml');
    writeFileSync(file, SCENARIO);
    dashboard = await startDashboard({ port: 0, clock: systemClock(), logger: silentLogger, demo: { library: [{ file, name: 'never answers' }], initial: file } });
    page = await PageSocket.open(dashboard.url);
  }, 300_000);

  afterAll(async () => {
    page?.close();
    await dashboard?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a step hanging on a timeout waits out the pause; Resume is answered at once and the step then ends', async () => {
    const pause = page.action('pause');
    expect(await page.next(answerTo(pause.id), pause.at)).toMatchObject({ ok: true });
    for (let i = 1; i < STEPS; i++) {
      const at = page.guided('next');
      expect((await page.next(isStep, at)).result.status).toBe('passed');
    }
    const hanging = page.guided('next');
    // Paused, the KMIP connect timeout (1 s of simulated time) cannot run out: no step result comes.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(page.messages.slice(hanging).filter(isStep)).toEqual([]);
    const resume = page.action('resume');
    expect(await page.next(answerTo(resume.id), resume.at)).toMatchObject({ ok: true });
    expect(page.messages.slice(hanging).filter(isStep)).toEqual([]);
    const last = await page.next(isStep, hanging);
    expect(last.result.status).toBe('passed');
  }, 300_000);
});
