/** The EAR machine on its own: resume at a persisted step, backoff on the clock, a join retries at once. */
import { SimulatedClock } from '@ekmsim/core';
import { createEarMachine, retryDelayMs, type EarStep, type EarSteps } from '@ekmsim/master';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';

/** Steps that fail while `failing` says so, and record what ran. */
function scriptedSteps(failing: Partial<Record<EarStep, number>> = {}) {
  const ran: EarStep[] = [];
  const failures: { step: EarStep; retryInMs: number }[] = [];
  const left = { ...failing };
  const step = (name: EarStep) => (): Promise<void> => {
    ran.push(name);
    const n = left[name] ?? 0;
    if (n > 0) {
      left[name] = n - 1;
      return Promise.reject(new Error(`${name} failed`));
    }
    return Promise.resolve();
  };
  const steps: EarSteps = {
    distribute: step('distribute'),
    apply: step('apply'),
    commit: step('commit'),
    failed: (s, _e, retryInMs) => void failures.push({ step: s, retryInMs }),
  };
  return { steps, ran, failures };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('EAR machine', () => {
  it('runs distribute, apply, commit and stops', async () => {
    const { steps, ran } = scriptedSteps();
    const actor = createActor(createEarMachine(steps), { input: { step: 'distribute' }, clock: new SimulatedClock() }).start();
    await settle();
    expect(ran).toEqual(['distribute', 'apply', 'commit']);
    expect(actor.getSnapshot().status).toBe('done');
  });

  it('resumes at the persisted step', async () => {
    for (const [step, expected] of [['apply', ['apply', 'commit']], ['commit', ['commit']]] as const) {
      const { steps, ran } = scriptedSteps();
      createActor(createEarMachine(steps), { input: { step }, clock: new SimulatedClock() }).start();
      await settle();
      expect(ran).toEqual(expected);
    }
  });

  it('retries a failed step after a backoff on its clock that doubles', async () => {
    const clock = new SimulatedClock();
    const { steps, ran, failures } = scriptedSteps({ apply: 2 });
    const actor = createActor(createEarMachine(steps), { input: { step: 'apply' }, clock }).start();
    await settle();
    expect(ran).toEqual(['apply']);
    expect(failures).toEqual([{ step: 'apply', retryInMs: 1_000 }]);
    expect(actor.getSnapshot().value).toEqual({ apply: 'waiting' });
    clock.advance(999);
    await settle();
    expect(ran).toEqual(['apply']);
    clock.advance(1);
    await settle();
    expect(ran).toEqual(['apply', 'apply']);
    expect(failures.at(-1)).toEqual({ step: 'apply', retryInMs: 2_000 });
    clock.advance(2_000);
    await settle();
    expect(ran).toEqual(['apply', 'apply', 'apply', 'commit']);
    expect(actor.getSnapshot().status).toBe('done');
  });

  it('a node joining retries a waiting step at once, and one that joined while the step ran', async () => {
    const clock = new SimulatedClock();
    const { steps, ran } = scriptedSteps({ distribute: 2 });
    const actor = createActor(createEarMachine(steps), { input: { step: 'distribute' }, clock }).start();
    await settle();
    expect(ran).toEqual(['distribute']);
    actor.send({ type: 'NODE_ONLINE' });
    // The retry is running now; a join while it runs makes its failure retry at once too.
    actor.send({ type: 'NODE_ONLINE' });
    await settle();
    expect(ran).toEqual(['distribute', 'distribute', 'distribute', 'apply', 'commit']);
    expect(actor.getSnapshot().status).toBe('done');
    expect(clock.pending).toBe(0);
  });

  it('backs off up to a minute', () => {
    expect([1, 2, 3, 6, 7, 20].map(retryDelayMs)).toEqual([1_000, 2_000, 4_000, 32_000, 60_000, 60_000]);
  });
});
