/**
 * Loading a scenario file: YAML parsed with its positions kept, checked against the schema
 * (schema.ts) before anything runs, and turned into a Scenario. Every problem is a
 * ScenarioFileError naming the file, the line and what is wrong. Steps are checked one by one
 * against the schema of their own kind (found by their first key), so a mistake in a `wait` step
 * is reported in the words of `wait`, not as "matches none of six alternatives".
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { Assertion, Condition, Scenario, ScenarioCluster, ScenarioKeyServer, Step } from './format.js';
import { SCENARIO_SCHEMA } from './schema.js';

export class ScenarioFileError extends Error {
  override readonly name = 'ScenarioFileError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
  }
}

const STEP_KINDS = ['call', 'control', 'keyServer', 'advance', 'wait', 'check'] as const;
type StepKind = (typeof STEP_KINDS)[number];

const ajv = new Ajv({ allErrors: false, strict: false });
const topLevel: ValidateFunction = ajv.compile({ ...SCENARIO_SCHEMA, properties: { ...SCENARIO_SCHEMA.properties, steps: { type: 'array', minItems: 1 } } });
const stepSchemas = SCENARIO_SCHEMA.properties.steps.items.oneOf;
const stepValidators = new Map<StepKind, ValidateFunction>(STEP_KINDS.map((kind, i) => [kind, ajv.compile(stepSchemas[i]!)]));

/** Seconds of a duration: a number of seconds, or `90s`, `5m`, `2h`, `30d`. */
export function durationSeconds(value: number | string): number {
  if (typeof value === 'number') return value;
  const m = /^([0-9]+(?:\.[0-9]+)?)(s|m|h|d)$/.exec(value);
  if (m === null) throw new RangeError(`not a duration: ${value}`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScenarioFileError(file, 0, `cannot be read: ${(e as Error).message}`);
  }
  return parseScenario(text, file);
}

export function parseScenario(text: string, file: string): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax !== undefined) throw new ScenarioFileError(file, lines.linePos(syntax.pos[0]).line, `not valid YAML: ${syntax.message.split('\n')[0] ?? ''}`);
  const raw = doc.toJS() as unknown;
  const lineOf = (path: readonly (string | number)[]): number => nodeLine(doc, lines, path);
  if (!topLevel(raw)) throw problem(file, topLevel.errors, [], lineOf);
  const top = raw as { name: string; description?: string; seed?: number; cluster: ScenarioCluster; keyServers?: ScenarioKeyServer[]; kmipTimeouts?: Scenario['kmipTimeouts']; steps: unknown[] };
  const steps = top.steps.map((s, i) => readStep(s, i, file, lineOf));
  const names = (top.keyServers ?? []).map((k) => k.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new ScenarioFileError(file, lineOf(['keyServers', names.lastIndexOf(dup), 'name']), `key server ${dup} is named twice`);
  for (const s of steps) {
    if (s.kind === 'keyServer' && !names.includes(s.keyServer)) throw new ScenarioFileError(file, s.line, `keyServer: no key server named ${JSON.stringify(s.keyServer)} in keyServers (${names.join(', ') || 'none'})`);
  }
  return {
    file,
    name: top.name,
    ...(top.description === undefined ? {} : { description: top.description }),
    seed: top.seed ?? 1,
    cluster: top.cluster,
    keyServers: top.keyServers ?? [],
    ...(top.kmipTimeouts === undefined ? {} : { kmipTimeouts: top.kmipTimeouts }),
    steps,
  };
}

function readStep(raw: unknown, index: number, file: string, lineOf: (path: readonly (string | number)[]) => number): Step {
  const here = ['steps', index];
  const line = lineOf(here);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ScenarioFileError(file, line, `step ${index + 1} must be a mapping with one of ${STEP_KINDS.join(', ')}`);
  const kind = STEP_KINDS.find((k) => k in raw);
  if (kind === undefined) throw new ScenarioFileError(file, line, `step ${index + 1} has none of ${STEP_KINDS.join(', ')} (it has ${Object.keys(raw).join(', ') || 'nothing'})`);
  const validate = stepValidators.get(kind)!;
  if (!validate(raw)) throw problem(file, validate.errors, here, lineOf, `step ${index + 1} (${kind})`);
  const s = raw as Record<string, unknown>;
  const say = typeof s.say === 'string' ? { say: s.say } : {};
  const expectations = {
    ...(s.expect === undefined ? {} : { expect: s.expect }),
    ...(typeof s.expectError === 'string' ? { expectError: s.expectError } : {}),
    ...(typeof s.expectMessage === 'string' ? { expectMessage: s.expectMessage } : {}),
    ...(s.save === undefined ? {} : { save: s.save as Record<string, string> }),
  };
  switch (kind) {
    case 'call':
    case 'control':
      return { kind, line, ...say, method: s[kind] as string, params: (s.params ?? {}) as Record<string, unknown>, ...expectations };
    case 'keyServer':
      return { kind, line, ...say, keyServer: s.keyServer as string, action: s.action as string, ...(s.args === undefined ? {} : { args: s.args as Record<string, unknown> }), ...expectations };
    case 'advance':
      return { kind, line, ...say, seconds: durationSeconds(s.advance as number | string) };
    case 'wait':
      return { kind, line, ...say, condition: s.wait as Condition, timeoutSeconds: durationSeconds((s.timeout as number | string | undefined) ?? '10m') };
    case 'check':
      return { kind, line, ...say, assertion: s.check as Assertion };
  }
}

function problem(file: string, errors: ErrorObject[] | null | undefined, base: readonly (string | number)[], lineOf: (path: readonly (string | number)[]) => number, what = ''): ScenarioFileError {
  const e = errors?.[0];
  if (e === undefined) return new ScenarioFileError(file, lineOf(base), `${what || 'the file'} is not valid`);
  const path = [...base, ...e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')))];
  const where = e.instancePath === '' ? what || 'the file' : `${what ? `${what} ` : ''}${e.instancePath.slice(1).replace(/\//g, '.')}`;
  const params = e.params as Record<string, unknown>;
  const detail =
    e.keyword === 'additionalProperties'
      ? `has an unknown member ${JSON.stringify(params.additionalProperty)}`
      : e.keyword === 'enum'
        ? `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
        : e.keyword === 'required'
          ? `needs ${JSON.stringify(params.missingProperty)}`
          : (e.message ?? 'is not valid');
  return new ScenarioFileError(file, lineOf(e.keyword === 'additionalProperties' ? [...path, String(params.additionalProperty)] : path), `${where} ${detail}`);
}

/** The 1-based line of the deepest node on `path` that exists (the document's first line otherwise). */
function nodeLine(doc: Document, lines: LineCounter, path: readonly (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range !== undefined && node.range !== null) {
      // A key's own line reads better than its value's for a mapping member.
      return lines.linePos(keyOffset(doc, path.slice(0, n)) ?? node.range[0]).line;
    }
  }
  return 1;
}

function keyOffset(doc: Document, path: readonly (string | number)[]): number | undefined {
  if (path.length === 0) return undefined;
  const parent = doc.getIn(path.slice(0, -1), true) as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | undefined;
  const last = path[path.length - 1];
  const pair = parent?.items?.find((p) => p.key?.value === last);
  return pair?.key?.range?.[0];
}
