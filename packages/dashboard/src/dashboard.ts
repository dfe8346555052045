/**
 * The dashboard: serves the page, follows a simulation for it, carries out its actions and, in
 * demo mode, plays scenario files in guided mode (each in a fresh simulation of its own). It
 * talks to the simulation only through the Element and control APIs.
 *
 * Live mode follows a running simulation (`ekmsim up --ui-port`); demo mode (`ekmsim demo`)
 * starts one per scenario file chosen from the library.
 */
import type { Clock, Logger } from '@ekmsim/core';
import type { Apis } from '@ekmsim/scenario';
import type { WebSocket } from 'ws';
import { ActionError, isSimulationAction, performAction } from './actions.js';
import { Follower } from './follower.js';
import { GuidedScenario } from './guided.js';
import { startPageServer, type PageServer } from './page-server.js';
import { parsePageMessage } from './page-message.js';
import { Playback } from './playback.js';
import type { ActionArgs, ActionName, LibraryEntry, ServerMessage } from './protocol.js';
import { SessionRecord, type ScenarioHead } from './session-record.js';

export interface DashboardOptions {
  readonly host?: string;
  readonly port: number;
  /** Real time: the looks, the speed ticker. */
  readonly clock: Clock;
  readonly logger: Logger;
  /** Follow these APIs (a running `ekmsim up`); `head` describes its cluster for the export. */
  readonly live?: { readonly apis: Apis; readonly head: ScenarioHead };
  /** Or offer these scenario files and play `initial` first. */
  readonly demo?: { readonly library: readonly LibraryEntry[]; readonly initial: string };
}

export interface Dashboard {
  readonly url: string;
  close(): Promise<void>;
}

/** What is being followed now. */
interface Current {
  readonly apis: Apis;
  readonly follower: Follower;
  readonly record: SessionRecord;
  readonly guided: GuidedScenario | undefined;
}

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  if ((options.live === undefined) === (options.demo === undefined)) throw new TypeError('give either live or demo');
  const { clock, logger } = options;
  const clients = new Set<WebSocket>();
  const library = options.demo?.library ?? [];
  let current: Current | undefined;
  // One thing at a time: a step, an action or a scenario change waits for the one before.
  let work: Promise<unknown> = Promise.resolve();
  const serialized = <T>(job: () => Promise<T>): Promise<T> => {
    const run = work.then(job);
    work = run.catch(() => undefined);
    return run;
  };

  const send = (socket: WebSocket, message: ServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const broadcast = (message: ServerMessage): void => {
    const text = JSON.stringify(message);
    for (const socket of clients) if (socket.readyState === socket.OPEN) socket.send(text);
  };
  const hello = (): ServerMessage => ({
    type: 'hello',
    mode: current?.guided === undefined ? 'live' : 'guided',
    guided: current?.guided?.view ?? null,
    results: current?.guided?.results ?? [],
    verdict: current?.guided?.done === true ? { passed: current.guided.passed, summary: current.guided.verdict() } : null,
    library,
    history: current?.follower.history.slice(-HELLO_HISTORY) ?? [],
    activity: current?.follower.activity ?? [],
  });
  const simNow = async (apis: Apis): Promise<number> => Date.parse(String((await apis.control('GetClock')).now));

  const playback = new Playback(clock, async (seconds) => {
    if (current !== undefined) await current.apis.control('AdvanceClock', { seconds });
  });
  /** The simulation's clock stops or runs as the page's playback says (PauseClock / ResumeClock). */
  const applyPause = async (apis: Apis): Promise<void> => {
    await apis.control(playback.state.paused ? 'PauseClock' : 'ResumeClock');
  };

  const follow = async (apis: Apis, head: ScenarioHead, guided: GuidedScenario | undefined): Promise<void> => {
    const follower = new Follower(apis, clock, () => playback.state, {
      snapshot: (snapshot) => broadcast({ type: 'snapshot', snapshot }),
      activity: (items) => broadcast({ type: 'activity', items }),
      problem: (message) => logger.log('warn', message, { component: 'DASHBOARD' }),
    });
    current = { apis, follower, record: new SessionRecord(head, await simNow(apis)), guided };
    // A simulation started while the demo is paused starts paused (after `current` is set, so a
    // pause or resume clicked meanwhile reaches this simulation too).
    if (playback.state.paused) await applyPause(apis);
    await follower.lookNow();
    follower.start();
    for (const socket of clients) send(socket, hello());
  };

  const loadScenario = async (file: string): Promise<void> => {
    if (!library.some((e) => e.file === file)) throw new ActionError(`${file} is not in the library this dashboard offers`);
    const old = current;
    current = undefined;
    old?.follower.stop();
    await old?.guided?.close();
    const guided = await GuidedScenario.open(file, clock);
    logger.log('info', `guided scenario ${file} loaded`, { component: 'DASHBOARD' });
    await follow(guided.session.apis, guided.head, guided);
  };

  const stepGuided = async (): Promise<boolean> => {
    const now = current;
    const guided = now?.guided;
    if (now === undefined || guided === undefined || guided.done) return false;
    const before = await simNow(now.apis);
    const ran = await guided.next(() => simNow(now.apis));
    if (ran === undefined) return false;
    now.record.add(before, ran.result.simMs, [ran.step]);
    broadcast({ type: 'step', result: ran.result, next: guided.position });
    await now.follower.lookNow();
    if (guided.done) broadcast({ type: 'verdict', passed: guided.passed, summary: guided.verdict() });
    return !guided.done;
  };

  const act = async (action: ActionName, args: ActionArgs): Promise<void> => {
    if (action === 'setSpeed') return playback.setSpeed(args.speed);
    const now = current;
    if (action === 'pause' || action === 'resume') {
      // Not written to the export: simulated time does not pass while paused, and the export
      // already replays the time that passed between actions.
      if (action === 'pause') playback.pause();
      else playback.resume();
      if (now !== undefined) {
        await applyPause(now.apis);
        await now.follower.lookNow();
      }
      return;
    }
    if (now === undefined) throw new ActionError('no simulation is running yet');
    if (!isSimulationAction(action)) throw new ActionError(`unknown action ${JSON.stringify(action)}`);
    const before = await simNow(now.apis);
    const steps = await performAction(now.apis, action, args, (keyServer) => clientCommonName(now, keyServer));
    now.record.add(before, await simNow(now.apis), steps);
    await now.follower.lookNow();
  };

  const onMessage = (socket: WebSocket, text: string): void => {
    const message = parsePageMessage(text);
    if (!message.ok) {
      send(socket, { type: 'actionResult', id: message.id ?? 0, ok: false, error: message.error });
      return;
    }
    const m = message.message;
    const done = (id: number) => (error: unknown) => send(socket, { type: 'actionResult', id, ok: error === undefined, error: error === undefined ? null : describeError(error) });
    switch (m.type) {
      case 'action':
        // Pause and resume go past the queue: a guided step waiting on a timeout while paused
        // finishes only once the clock runs again, so Resume must not wait behind it.
        if (m.action === 'pause' || m.action === 'resume') void act(m.action, m.args).then(() => done(m.id)(undefined), done(m.id));
        else void serialized(() => act(m.action, m.args)).then(() => done(m.id)(undefined), done(m.id));
        return;
      case 'export':
        void serialized(async () => {
          const now = current;
          if (now === undefined) throw new ActionError('no simulation is running yet');
          send(socket, { type: 'exported', yaml: now.record.toYaml(await simNow(now.apis)) });
        }).catch((e: unknown) => done(0)(e));
        return;
      case 'guided':
        void serialized(async () => {
          if (options.demo === undefined) throw new ActionError('guided mode needs `ekmsim demo` (a simulation of its own per scenario)');
          if (m.op === 'load' || m.op === 'restart') await loadScenario(m.op === 'load' ? (m.file ?? '') : (current?.guided?.view.file ?? options.demo.initial));
          else if (m.op === 'next') await stepGuided();
          else while (!playback.state.paused && (await stepGuided()));
        }).catch((e: unknown) => done(0)(e));
        return;
    }
  };

  let server: PageServer | undefined;
  try {
    if (options.live !== undefined) await follow(options.live.apis, options.live.head, undefined);
    else await loadScenario(options.demo!.initial);
    server = await startPageServer({
      host: options.host ?? '127.0.0.1',
      port: options.port,
      onConnection: (socket) => {
        clients.add(socket);
        socket.on('close', () => clients.delete(socket));
        socket.on('error', () => clients.delete(socket));
        socket.on('message', (data: Buffer, isBinary) => onMessage(socket, isBinary ? '' : data.toString('utf8')));
        send(socket, hello());
      },
    });
  } catch (e) {
    current?.follower.stop();
    await current?.guided?.close();
    throw e;
  }
  const pages = server;
  logger.log('info', `dashboard at ${pages.url}`, { component: 'DASHBOARD' });
  return {
    url: pages.url,
    async close() {
      playback.stop();
      await pages.close();
      await work;
      current?.follower.stop();
      await current?.guided?.close();
      current = undefined;
    },
  };
}

/** The snapshots a page gets when it connects (the rest of the timeline is on the server). */
const HELLO_HISTORY = 500;

/** The CN of the cluster's client certificate as configured for this simulated key server. */
function clientCommonName(current: Current, keyServer: string): string | undefined {
  const last = current.follower.history.at(-1);
  const server = last?.keyServers.find((k) => k.name === keyServer);
  return last?.certificates.find((c) => c.kind === 'client' && c.keyServerID === server?.keyServerID)?.subject;
}

function describeError(e: unknown): string {
  if (e instanceof Error) return 'elementName' in e ? `${String((e as { elementName: unknown }).elementName)}: ${e.message}` : e.message;
  return String(e);
}
