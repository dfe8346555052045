/**
 * A channel whose arrivals wait until released. A new cluster's nodes boot side by side (a
 * worker's start is most of a node's boot) but are heard one after the other, in node order, so
 * node N's drives get the same driveIDs every run. Messages and the close that come in meanwhile
 * are kept and delivered, in order, on release; what the master sends goes out at once.
 */
import type { Channel } from '@ekmsim/wire';

export interface HeldChannel {
  readonly channel: Channel;
  release(): void;
}

export function holdChannel(inner: Channel): HeldChannel {
  let held: (() => void)[] | undefined = [];
  let messageListener: ((text: string) => void) | undefined;
  let closeListener: (() => void) | undefined;
  const arrive = (deliver: () => void): void => {
    if (held === undefined) deliver();
    else held.push(deliver);
  };
  inner.onMessage((text) => arrive(() => messageListener?.(text)));
  inner.onClose(() => arrive(() => closeListener?.()));
  return {
    channel: {
      send: (text) => inner.send(text),
      onMessage: (listener) => {
        messageListener = listener;
      },
      onClose: (listener) => {
        closeListener = listener;
      },
      close: () => inner.close(),
    },
    release() {
      const waiting = held ?? [];
      held = undefined;
      for (const deliver of waiting) deliver();
    },
  };
}
