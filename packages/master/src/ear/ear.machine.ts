import { assign, fromPromise, setup } from 'xstate';
import type { EarStep } from '../db/layout.js';

/**
 * One EAR transition (enable, convert, disable) as the master runs it: distribute the new
 * generation's records to every node, apply it to every drive, commit. Each step is a promise
 * (`EarSteps`) that ends by persisting the next step, so the machine can start at whichever step
 * the cluster database says (`input.step`) after a restart. A step that fails (a node offline, a
 * call that failed) is retried after a backoff on the actor's clock, or at once when a node joins,
 * as many times as it takes: nothing is lost by retrying, and the administrator sees `enabling` or
 * `disabling` until it is done.
 */
export interface EarSteps {
  /** Each step resolves once done and the next step persisted; it rejects to be retried. */
  readonly distribute: (signal: AbortSignal) => Promise<void>;
  readonly apply: (signal: AbortSignal) => Promise<void>;
  readonly commit: (signal: AbortSignal) => Promise<void>;
  /** A step failed and is retried in `retryInMs` (or when a node joins). */
  readonly failed: (step: EarStep, error: unknown, retryInMs: number) => void;
}

export interface EarMachineInput {
  /** The persisted step to resume at. */
  readonly step: EarStep;
}

export interface EarMachineContext {
  readonly step: EarStep;
  /** Failures in a row of the current step (the backoff grows with it). */
  readonly failures: number;
  /** A node joined while the step ran: a failure is retried at once. */
  readonly nodeJoined: boolean;
}

export type EarMachineEvent = { readonly type: 'NODE_ONLINE' };

/** 1 s, doubling per failure, at most a minute. */
export const RETRY_FIRST_MS = 1_000;
export const RETRY_MAX_MS = 60_000;

export function retryDelayMs(failures: number): number {
  return Math.min(RETRY_FIRST_MS * 2 ** Math.max(0, failures - 1), RETRY_MAX_MS);
}

/**
 * A step: `running` invokes the step's actor; `waiting` retries it after the backoff, or as soon
 * as a node joins (or has joined while it ran).
 */
const stepStates = <S extends EarStep>(step: S, next: '#ear.apply' | '#ear.commit' | '#ear.committed') => ({
  initial: 'running' as const,
  entry: { type: 'enterStep' as const, params: { step } },
  states: {
    running: {
      entry: 'clearNodeJoined' as const,
      invoke: {
        src: step,
        onDone: { target: next, actions: 'resetFailures' as const },
        onError: { target: 'waiting' as const, actions: ['countFailure' as const, { type: 'reportFailure' as const, params: { step } }] },
      },
      on: { NODE_ONLINE: { actions: 'noteNodeJoined' as const } },
    },
    waiting: {
      always: { guard: 'nodeJoinedMeanwhile' as const, target: 'running' as const },
      after: { retryDelay: { target: 'running' as const } },
      on: { NODE_ONLINE: { target: 'running' as const } },
    },
  },
});

export function createEarMachine(steps: EarSteps) {
  return setup({
    types: {
      input: {} as EarMachineInput,
      context: {} as EarMachineContext,
      events: {} as EarMachineEvent,
    },
    actors: {
      distribute: fromPromise<void>(({ signal }) => steps.distribute(signal)),
      apply: fromPromise<void>(({ signal }) => steps.apply(signal)),
      commit: fromPromise<void>(({ signal }) => steps.commit(signal)),
    },
    actions: {
      enterStep: assign((_, params: { step: EarStep }) => ({ step: params.step })),
      countFailure: assign({ failures: ({ context }) => context.failures + 1 }),
      resetFailures: assign({ failures: 0 }),
      noteNodeJoined: assign({ nodeJoined: true }),
      clearNodeJoined: assign({ nodeJoined: false }),
      reportFailure: ({ context, event }, params: { step: EarStep }) => {
        steps.failed(params.step, 'error' in event ? event.error : undefined, retryDelayMs(context.failures));
      },
    },
    guards: {
      resumesAt: ({ context }, params: { step: EarStep }) => context.step === params.step,
      nodeJoinedMeanwhile: ({ context }) => context.nodeJoined,
    },
    delays: {
      retryDelay: ({ context }) => retryDelayMs(context.failures),
    },
  }).createMachine({
    id: 'ear',
    context: ({ input }) => ({ step: input.step, failures: 0, nodeJoined: false }),
    initial: 'resume',
    states: {
      resume: {
        always: [
          { guard: { type: 'resumesAt', params: { step: 'distribute' } }, target: 'distribute' },
          { guard: { type: 'resumesAt', params: { step: 'apply' } }, target: 'apply' },
          { target: 'commit' },
        ],
      },
      distribute: stepStates('distribute', '#ear.apply'),
      apply: stepStates('apply', '#ear.commit'),
      commit: stepStates('commit', '#ear.committed'),
      committed: { type: 'final' },
    },
  });
}

export type EarMachine = ReturnType<typeof createEarMachine>;
