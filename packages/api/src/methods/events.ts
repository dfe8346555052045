/** ListEvents (element-api.md §5.4; the event object and its types from Element's reference). */
import { EVENT_TYPES } from '@ekmsim/master';
import { defineMethod } from '../method.js';

const time = (name: string, description: string) => ({ name, type: 'string', description: `${description} (ISO 8601, e.g. \`2026-11-28T04:50:01.123000Z\`)` }) as const;

export const listEvents = defineMethod({
  name: 'ListEvents',
  since: '1.0',
  params: [
    { name: 'maxEvents', type: 'integer', min: 1, description: 'At most this many events: the first (oldest) of those that match; all when omitted' },
    { name: 'startEventID', type: 'integer', min: 0, description: 'Only events with this ID or a later one' },
    { name: 'endEventID', type: 'integer', min: 0, description: 'Only events with this ID or an earlier one' },
    { name: 'eventType', type: 'string', values: EVENT_TYPES, description: 'Only events of this `eventInfoType`' },
    { name: 'serviceID', type: 'integer', min: 0, description: 'Only events with this service ID' },
    { name: 'nodeID', type: 'integer', min: 0, description: 'Only events with this node ID' },
    { name: 'driveID', type: 'integer', min: 0, description: 'Only events about this drive (in `driveIDs`)' },
    time('startReportTime', 'Only events reported after this time'),
    time('endReportTime', 'Only events reported earlier than this time'),
    time('startPublishTime', 'Only events published after this time'),
    time('endPublishTime', 'Only events published earlier than this time'),
    { name: 'eventQueueType', type: 'string', since: '9.0', description: 'The event queue; the simulated cluster keeps one, and the value is echoed as the result\'s `eventQueueType`' },
  ],
  changesState: false,
  result:
    '`events`: event[] (oldest first: {eventID, eventInfoType, message, details (object or `""`), nodeID, serviceID, driveID, driveIDs, severity (0), timeOfReport, timeOfPublish}), `eventQueueType`: string',
  errors: ['xInvalidParameter'],
  description:
    'Events the cluster recorded, oldest first. The simulator records `encryptionAtRestEvent` (EAR transitions, key-server contacts, KMIP faults raised and resolved), `driveEvent` (drives locking, unlocking, added, removed, erased, failed), `clusterMasterEvent` (nodes added, online, offline) and `sliceEvent`. Never a key or a share.',
  run: (ctx, p) => {
    const { eventQueueType, ...filter } = p;
    return { events: ctx.master.listEvents(filter), eventQueueType: eventQueueType ?? '' };
  },
});
