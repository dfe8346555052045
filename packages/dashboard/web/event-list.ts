/** The cluster's latest events, newest first, on the simulation clock. */
import type { EventView } from '../src/protocol.js';
import { html, replaceChildren } from './dom.js';
import { dateTime } from './format.js';

export function renderEvents(list: HTMLElement, events: readonly EventView[]): void {
  if (events.length === 0) {
    replaceChildren(list, html('li', { class: 'empty' }, 'No events yet'));
    return;
  }
  replaceChildren(
    list,
    ...[...events].reverse().map((e) =>
      html(
        'li',
        { class: 'event', 'data-event-id': e.eventID, title: e.message },
        html('time', {}, dateTime(Date.parse(e.timeOfReport))),
        html('span', { class: 'event-type' }, e.eventInfoType),
        html('span', { class: 'event-message' }, e.message),
      ),
    ),
  );
}
