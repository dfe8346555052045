/**
 * How fast the demo's simulated time runs. The simulation clock runs at real time plus jumps; at
 * a speed of N the dashboard jumps it N − 1 seconds every real second, so that retries, fault
 * evaluations and certificate ageing come N times as fast. Paused, there are no jumps (and no
 * guided Skip between steps); the dashboard also stops the simulation's clock itself
 * (PauseClock, dashboard.ts).
 */
import type { Clock } from '@ekmsim/core';
import { ActionError } from './actions.js';

export const SPEEDS = [1, 10, 60, 600] as const;
const TICK_MS = 1_000;

export class Playback {
  #speed = 1;
  #paused = false;
  #timer: unknown;
  #stopped = false;
  #jumping = false;

  constructor(
    private readonly clock: Clock,
    private readonly jump: (seconds: number) => Promise<void>,
  ) {}

  get state(): { speed: number; paused: boolean } {
    return { speed: this.#speed, paused: this.#paused };
  }

  pause(): void {
    this.#paused = true;
    this.#disarm();
  }

  resume(): void {
    this.#paused = false;
    this.#arm();
  }

  setSpeed(speed: unknown): void {
    if (!(SPEEDS as readonly unknown[]).includes(speed)) throw new ActionError(`speed must be one of ${SPEEDS.join(', ')}, not ${JSON.stringify(speed)}`);
    this.#speed = speed as number;
    this.#arm();
  }

  stop(): void {
    this.#stopped = true;
    this.#disarm();
  }

  #arm(): void {
    this.#disarm();
    if (this.#stopped || this.#paused || this.#speed === 1) return;
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      // A jump still running (the key servers being contacted) is not doubled up.
      if (!this.#jumping) {
        this.#jumping = true;
        void this.jump(this.#speed - 1)
          .catch(() => undefined)
          .finally(() => (this.#jumping = false));
      }
      this.#arm();
    }, TICK_MS);
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
