/**
 * Running one step against a running simulation: what it does, and the verdict — `passed`, or
 * `failed` with expected versus actual. Nothing here throws for a failed expectation.
 */
import type { Clock } from '@ekmsim/core';
import type { Step } from '../format.js';
import { assertionGap, type AssertionContext } from './assertions.js';
import { conditionGap, describeCondition } from './conditions.js';
import { ApiCallError, type ApiCall } from './json-rpc.js';
import { mismatch, textMatches } from './match.js';
import { resolveValues, valueAt } from './values.js';

export interface StepContext extends AssertionContext {
  /** Real time, for the pauses between a wait's looks. */
  readonly clock: Clock;
  /** Saved values, shared by the steps of one scenario. */
  readonly saved: Map<string, unknown>;
  /** Simulated seconds the scenario has moved the clock on. */
  advanced: number;
}

export interface StepVerdict {
  readonly ok: boolean;
  /** What happened (one line). */
  readonly summary: string;
  /** On failure: expected versus actual. */
  readonly failure?: string;
}

const WAIT_STEP_SECONDS = 1;
const WAIT_PAUSE_MS = 20;
const LOOKS_PER_STEP = 4;
const MAX_STRIDE_SECONDS = 4;

export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'call':
      return `call ${step.method}`;
    case 'control':
      return `control ${step.method}`;
    case 'keyServer':
      return `keyServer ${step.keyServer} ${step.action}`;
    case 'advance':
      return `advance ${step.seconds} s`;
    case 'wait':
      return `wait ${describeCondition(step.condition)}`;
    case 'check':
      return `check ${Object.keys(step.assertion)[0] ?? ''}`;
  }
}

export async function runStep(ctx: StepContext, step: Step): Promise<StepVerdict> {
  try {
    switch (step.kind) {
      case 'call':
      case 'control':
        return await callStep(ctx, step.kind === 'call' ? ctx.apis.element : ctx.apis.control, step.method, resolveValues(step.params, ctx.saved) as Record<string, unknown>, step);
      case 'keyServer': {
        const params = { keyServer: step.keyServer, action: step.action, ...(step.args === undefined ? {} : { args: resolveValues(step.args, ctx.saved) }) };
        return await callStep(ctx, ctx.apis.control, 'SimKeyServerAdmin', params, step, 'result');
      }
      case 'advance':
        await ctx.apis.control('AdvanceClock', { seconds: step.seconds });
        ctx.advanced += step.seconds;
        return { ok: true, summary: `clock moved on ${step.seconds} s` };
      case 'wait':
        return await waitStep(ctx, step);
      case 'check': {
        const gap = await assertionGap(ctx, step.assertion);
        return gap === null ? { ok: true, summary: 'holds' } : { ok: false, summary: 'does not hold', failure: gap };
      }
    }
  } catch (e) {
    return { ok: false, summary: 'could not run', failure: e instanceof Error ? e.message : String(e) };
  }
}

async function callStep(
  ctx: StepContext,
  api: ApiCall,
  method: string,
  params: Record<string, unknown>,
  step: { readonly expect?: unknown; readonly expectError?: string; readonly expectMessage?: string; readonly save?: Readonly<Record<string, string>> },
  member?: string,
): Promise<StepVerdict> {
  let result: Record<string, unknown>;
  try {
    const whole = await api(method, params);
    result = member === undefined ? whole : ({ [member]: whole[member] });
  } catch (e) {
    if (!(e instanceof ApiCallError)) throw e;
    if (step.expectError === undefined) return { ok: false, summary: `failed with ${e.elementName}`, failure: `expected success, got ${e.elementName}: ${e.message}` };
    if (e.elementName !== step.expectError) return { ok: false, summary: `failed with ${e.elementName}`, failure: `expected ${step.expectError}, got ${e.elementName}: ${e.message}` };
    if (step.expectMessage !== undefined && !textMatches(step.expectMessage, e.message)) {
      return { ok: false, summary: `failed with ${e.elementName}`, failure: `expected the message to contain ${JSON.stringify(step.expectMessage)}, got ${JSON.stringify(e.message)}` };
    }
    return { ok: true, summary: `failed as expected with ${e.elementName}` };
  }
  if (step.expectError !== undefined) return { ok: false, summary: 'succeeded', failure: `expected ${step.expectError}, got success` };
  const value = member === undefined ? result : result[member];
  if (step.expect !== undefined) {
    const m = mismatch(resolveValues(step.expect, ctx.saved), value);
    if (m !== null) return { ok: false, summary: 'answered', failure: m };
  }
  for (const [name, path] of Object.entries(step.save ?? {})) ctx.saved.set(name, valueAt(value, path));
  return { ok: true, summary: 'ok' };
}

async function waitStep(ctx: StepContext, step: Extract<Step, { kind: 'wait' }>): Promise<StepVerdict> {
  let waited = 0;
  let stride = WAIT_STEP_SECONDS;
  let lastGap: string | null = null;
  for (let look = 1; ; look++) {
    const gap = await conditionGap(ctx.apis, step.condition, ctx.nodes, ctx.saved);
    if (gap === null) return { ok: true, summary: 'holds' };
    if (waited >= step.timeoutSeconds) return { ok: false, summary: `timed out after ${waited} s`, failure: `${describeCondition(step.condition)} did not hold within ${step.timeoutSeconds} s: ${gap}` };
    await new Promise<void>((resolve) => ctx.clock.setTimeout(() => resolve(), WAIT_PAUSE_MS));
    // Work in progress (an EAR step, a KMIP contact) finishes in real time; only when a few looks
    // saw no change is the clock moved on, to bring the next timer (an unlock retry, the 30 s
    // fault evaluation) due. A quiet stretch moves it on in growing strides (up to 4 s); a
    // jump never cuts a fault evaluation short (AdvanceClock waits for it), but may time out a
    // node's unlock attempt in flight, which the node retries, as after a slow network.
    if (look % LOOKS_PER_STEP === 0) {
      stride = gap === lastGap ? Math.min(stride * 2, MAX_STRIDE_SECONDS) : WAIT_STEP_SECONDS;
      lastGap = gap;
      const seconds = Math.min(stride, Math.max(1, step.timeoutSeconds - waited));
      await ctx.apis.control('AdvanceClock', { seconds });
      waited += seconds;
      ctx.advanced += seconds;
    }
  }
}
