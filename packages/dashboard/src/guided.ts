/**
 * Guided mode: a scenario file played in its own fresh simulation one step per Next (or the rest
 * at once with Skip), each result told to the page as it comes, the verdict at the end. Steps
 * are run by the scenario runner (openScenario), through the same APIs the dashboard follows.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { Clock } from '@ekmsim/core';
import { loadScenarioFile, openScenario, type ScenarioSession, type StepResult } from '@ekmsim/scenario';
import type { ScenarioStep } from './actions.js';
import type { GuidedView, StepResultView } from './protocol.js';
import type { ScenarioHead } from './session-record.js';

export class GuidedScenario {
  private constructor(
    readonly session: ScenarioSession,
    readonly view: GuidedView,
    /** The file's head (name, cluster, key servers, seed…) and its steps as written, for the export. */
    readonly head: ScenarioHead,
    private readonly rawSteps: readonly ScenarioStep[],
  ) {}

  /** Loads and checks the file, then starts its simulation (throws a ScenarioFileError or why it did not start). */
  static async open(file: string, clock: Clock): Promise<GuidedScenario> {
    const scenario = loadScenarioFile(file);
    const raw = parseDocument(readFileSync(file, 'utf8')).toJS() as Record<string, unknown>;
    const { steps, ...head } = raw;
    const session = await openScenario(scenario, { clock });
    const view: GuidedView = {
      file,
      name: scenario.name,
      description: scenario.description ?? '',
      steps: session.scenario.steps.map((s, index) => ({ index, line: s.line, kind: s.kind, title: describe(s), say: s.say ?? null })),
    };
    return new GuidedScenario(session, view, head, (steps as ScenarioStep[] | undefined) ?? []);
  }

  /** The results of the steps run so far, as the page was told them. */
  readonly results: StepResultView[] = [];

  get done(): boolean {
    return this.session.done;
  }

  get passed(): boolean {
    return this.session.results.every((r) => r.status === 'passed');
  }

  /** The next step's index (= the number of steps run). */
  get position(): number {
    return this.session.results.length;
  }

  /** Runs the next step; its result for the page, and the step as written for the export. */
  async next(simNow: () => Promise<number>): Promise<{ result: StepResultView; step: ScenarioStep } | undefined> {
    const index = this.position;
    const result = await this.session.next();
    if (result === undefined) return undefined;
    const view = resultView(result, await simNow());
    this.results.push(view);
    return { result: view, step: this.rawSteps[index] ?? {} };
  }

  /** The verdict in a sentence. */
  verdict(): string {
    const failed = this.session.results.find((r) => r.status === 'failed');
    if (failed === undefined) return `${this.view.name}: every step held (${this.session.results.length} steps).`;
    return `${this.view.name}: step ${failed.index + 1} (line ${failed.line}, ${failed.title}) failed — ${failed.failure ?? failed.summary}`;
  }

  close(): Promise<void> {
    return this.session.close();
  }
}

function describe(step: ScenarioSession['scenario']['steps'][number]): string {
  switch (step.kind) {
    case 'call':
    case 'control':
      return `${step.kind} ${step.method}`;
    case 'keyServer':
      return `${step.keyServer}: ${step.action}`;
    case 'advance':
      return `advance the clock ${step.seconds} s`;
    case 'wait':
      return `wait for ${Object.keys(step.condition)[0] ?? 'a condition'}`;
    case 'check':
      return `check ${Object.keys(step.assertion)[0] ?? ''}`;
  }
}

function resultView(result: StepResult, simMs: number): StepResultView {
  return { index: result.index, status: result.status, summary: result.summary, failure: result.failure ?? null, simMs };
}
