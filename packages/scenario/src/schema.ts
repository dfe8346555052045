/**
 * The JSON Schema of a scenario file (draft-07), declared once: the loader validates every file
 * with it, and `scripts/gen-scenario-schema.mjs` writes it to scenarios/schema.json for editors
 * and other tools (a test checks the published copy is this one).
 */
import { KEY_MODES, VENDORS } from './format.js';

const say = { type: 'string', minLength: 1, description: 'Narration shown with the step in guided demos' };
const duration = {
  description: 'Simulated time: seconds, or a number with s, m, h or d',
  oneOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(s|m|h|d)$' },
  ],
};
const methodName = { type: 'string', pattern: '^[A-Z][A-Za-z0-9]*$' };
const expectations = {
  expect: { description: 'The result contains these members (deep); a string "/…/" is a regular expression' },
  expectError: { type: 'string', pattern: '^x[A-Za-z0-9]+$', description: 'The call fails with this exception name' },
  expectMessage: { type: 'string', description: 'The error message contains this text (or matches "/…/")' },
  save: { type: 'object', additionalProperties: { type: 'string' }, description: 'name: dotted path in the result; later steps use ${name}' },
};
const faultMatch = {
  type: 'object',
  required: ['code'],
  additionalProperties: false,
  properties: {
    code: { type: 'string' },
    severity: { enum: ['warning', 'error', 'critical', 'bestPractice'] },
    details: { type: 'string', description: 'The details contain this text (or match "/…/")' },
  },
};
const nodeList = { oneOf: [{ const: 'all' }, { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1 }] };

const callStep = (key: 'call' | 'control') => ({
  type: 'object',
  required: [key],
  additionalProperties: false,
  properties: { [key]: methodName, params: { type: 'object' }, ...expectations, say },
});

export const SCENARIO_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://ekmsim.test/scenarios/schema.json',
  title: 'ekmsim scenario',
  type: 'object',
  required: ['name', 'cluster', 'steps'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    seed: { type: 'integer', minimum: 0, description: 'Default 1' },
    cluster: {
      type: 'object',
      required: ['nodes', 'drivesPerNode'],
      additionalProperties: false,
      properties: {
        nodes: { type: 'integer', minimum: 1, maximum: 16 },
        drivesPerNode: { type: 'integer', minimum: 1, maximum: 12 },
        keyMode: { enum: KEY_MODES },
        shamirThreshold: { type: 'integer', minimum: 2, maximum: 16 },
      },
    },
    keyServers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'vendor'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$' },
          vendor: { enum: VENDORS },
          members: { type: 'integer', minimum: 1, maximum: 8 },
        },
      },
    },
    kmipTimeouts: {
      type: 'object',
      additionalProperties: false,
      properties: { connectMs: { type: 'integer', minimum: 100 }, requestMs: { type: 'integer', minimum: 100 } },
    },
    steps: {
      type: 'array',
      minItems: 1,
      items: {
        oneOf: [
          callStep('call'),
          callStep('control'),
          {
            type: 'object',
            required: ['keyServer', 'action'],
            additionalProperties: false,
            properties: { keyServer: { type: 'string' }, action: { type: 'string', pattern: '^[a-z][A-Za-z]*$' }, args: { type: 'object' }, ...expectations, say },
          },
          { type: 'object', required: ['advance'], additionalProperties: false, properties: { advance: duration, say } },
          {
            type: 'object',
            required: ['wait'],
            additionalProperties: false,
            properties: {
              wait: {
                type: 'object',
                minProperties: 1,
                maxProperties: 1,
                additionalProperties: false,
                properties: {
                  ear: { enum: ['enabled', 'disabled'] },
                  unlocked: nodeList,
                  locked: nodeList,
                  fault: faultMatch,
                  noFault: faultMatch,
                  theftSettled: { const: true },
                  asyncResult: { type: ['integer', 'string'], description: 'An asyncHandle (or "${saved}") whose GetAsyncResult is complete' },
                },
              },
              timeout: duration,
              say,
            },
          },
          {
            type: 'object',
            required: ['check'],
            additionalProperties: false,
            properties: {
              check: {
                type: 'object',
                minProperties: 1,
                maxProperties: 1,
                additionalProperties: false,
                properties: {
                  faults: { type: 'array', items: faultMatch, description: 'Each is among the current faults; [] means none is current' },
                  drives: { type: 'object', required: ['locked'], additionalProperties: false, properties: { locked: { oneOf: [{ enum: ['all', 'none'] }, { type: 'integer', minimum: 0 }] } } },
                  read: {
                    type: 'object',
                    required: ['driveID', 'lba', 'data'],
                    additionalProperties: false,
                    properties: {
                      driveID: { type: ['integer', 'string'] },
                      lba: { type: 'integer', minimum: 0 },
                      data: { type: 'string' },
                      differs: { type: 'boolean', description: 'true: what is read back must NOT be this data (after a secure erase)' },
                    },
                  },
                  theft: {
                    type: 'object',
                    required: ['locked', 'plaintextReadable'],
                    additionalProperties: false,
                    properties: { locked: { enum: ['all', 'none'] }, plaintextReadable: { enum: ['all', 'none'] } },
                  },
                  log: { type: 'object', required: ['file', 'contains'], additionalProperties: false, properties: { file: { enum: ['sf-master.info', 'sf-master.error', 'sf-kmip.info'] }, contains: { type: 'string' } } },
                  event: { type: 'object', required: ['type', 'message'], additionalProperties: false, properties: { type: { type: 'string' }, message: { type: 'string' } } },
                },
              },
              say,
            },
          },
        ],
      },
    },
  },
} as const;
