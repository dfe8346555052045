/** The SimControl behind the control endpoint's methods. */
import type { MethodContext } from '../method.js';
import type { SimControl } from '../sim-control.js';

export function simControl(ctx: MethodContext): SimControl {
  // The control endpoint is only routed when a SimControl was given (server.ts).
  if (ctx.sim === undefined) throw new Error('the simulator control API has no SimControl');
  return ctx.sim;
}
