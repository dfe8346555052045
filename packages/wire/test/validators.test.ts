import { describe, expect, it } from 'vitest';
import {
  generationRecord, MASTER_EVENTS, MASTER_TO_NODE, NODE_EVENTS, NODE_TO_MASTER, nodeState, sealedBox, WIRE_ERROR_CODES, WireError, type NodeState,
} from '@ekmsim/wire';

const box = { to: 'node-1', purpose: 'share/1', ephemeralPublicKey: 'AAAA', nonce: 'AAAAAAAAAAAAAAAA', ciphertext: 'AAAA' };

const drive = {
  serial: 'SIM-N001-S00', slot: 0, model: 'KCD5FLUG1T92', firmware: '0108', capacity: 262144, blockSize: 4096, blockCount: 64, fips: true,
  securityEnabled: true, locked: false, atMaximum: false, admin1Tries: 0, admin1TryLimit: 5, keyGeneration: 1, switching: null, erasing: false,
};

const state: NodeState = {
  nodeID: 1, phase: 'ready', drives: [drive], generations: [{ generation: 1, mode: 'internal', holdsShare: true }], unlockError: null, unlockAttempts: 0,
};

const internalRecord = { mode: 'internal', generation: 1, threshold: 2, shareCount: 3, keyCheck: { kind: 'x' }, share: box };
const externalRecord = {
  mode: 'external', generation: 2, keyProviderID: 1, keyID: 'a-key-id', kmipUniqueIdentifier: '17',
  servers: [{ keyServerID: 1, hostnames: ['kms.example'], port: 5696, caCertificate: 'PEM' }],
  clientCertificate: 'PEM', clientKey: { ...box, purpose: 'client-key/2' }, akCheck: null,
};

/** The WireError a validator throws for `value`. */
function refusal(check: (v: unknown, p: string) => unknown, value: unknown, path = 'params'): WireError {
  try {
    check(value, path);
  } catch (e) {
    expect(e).toBeInstanceOf(WireError);
    expect((e as WireError).code).toBe(WIRE_ERROR_CODES.malformed);
    return e as WireError;
  }
  throw new Error('the validator accepted a bad value');
}

describe('validators accept what the protocol sends', () => {
  it('every call with good parameters', () => {
    expect(NODE_TO_MASTER.join.params({ nodeID: 1, publicKey: 'AAAA', state }, 'params')).toEqual({ nodeID: 1, publicKey: 'AAAA', state });
    expect(MASTER_TO_NODE.storeGeneration.params({ record: internalRecord }, 'params')).toEqual({ record: internalRecord });
    expect(MASTER_TO_NODE.storeGeneration.params({ record: externalRecord }, 'params')).toEqual({ record: externalRecord });
    expect(MASTER_TO_NODE.applyGeneration.params({ generation: null }, 'params')).toEqual({ generation: null });
    expect(MASTER_TO_NODE.writeBlocks.params({ serial: 'S', lba: 0, data: 'AAAA' }, 'params')).toEqual({ serial: 'S', lba: 0, data: 'AAAA' });
    expect(MASTER_TO_NODE.getState.result(state, 'result')).toEqual(state);
    expect(NODE_EVENTS.status({ state }, 'status')).toEqual({ state });
    expect(MASTER_EVENTS.peerOnline({ nodeID: 3 }, 'peerOnline')).toEqual({ nodeID: 3 });
  });

  it('drops fields it does not know (a newer peer may add some) and keeps the rest', () => {
    expect(sealedBox({ ...box, extra: 'ignored' }, 'box')).toEqual(box);
  });
});

describe('validators refuse bad messages, naming the field', () => {
  it('a field of the wrong type', () => {
    expect(refusal(MASTER_TO_NODE.writeBlocks.params, { serial: 'S', lba: '0', data: 'AAAA' }).message).toBe('params.lba: expected an integer but found string');
  });

  it('the simulation clock and the key server probe (issue 5)', () => {
    expect(NODE_TO_MASTER.join.result({ masterPublicKey: 'AAAA', clock: { offsetMs: 86_400_000 } }, 'result')).toEqual({ masterPublicKey: 'AAAA', clock: { offsetMs: 86_400_000 } });
    expect(NODE_TO_MASTER.join.result({ masterPublicKey: 'AAAA' }, 'result')).toEqual({ masterPublicKey: 'AAAA' });
    // Paused: a lead that pauses made negative, and the time the clock stands still at.
    const paused = { offsetMs: -90_000, pausedAtMs: 1_700_000_000_000 };
    expect(NODE_TO_MASTER.join.result({ masterPublicKey: 'AAAA', clock: paused }, 'result')).toEqual({ masterPublicKey: 'AAAA', clock: paused });
    expect(refusal(NODE_TO_MASTER.join.result, { masterPublicKey: 'AAAA', clock: { offsetMs: 0, pausedAtMs: -1 } }).message).toMatch(/^params\.clock\.pausedAtMs: expected a non-negative integer/);
    expect(MASTER_EVENTS.clock({ offsetMs: 0 }, 'clock')).toEqual({ offsetMs: 0 });
    expect(MASTER_EVENTS.clock(paused, 'clock')).toEqual(paused);
    expect(refusal(MASTER_EVENTS.clock, { offsetMs: 1.5 }).message).toMatch(/^params\.offsetMs: expected an integer/);
    const result = { results: [{ keyServerID: 1, outcome: 'timeout', detail: 'no TLS session within 10000 ms' }] };
    expect(MASTER_TO_NODE.probeKeyServers.result(result, 'result')).toEqual(result);
    expect(refusal(MASTER_TO_NODE.probeKeyServers.result, { results: [{ keyServerID: 1, outcome: 'meteor', detail: '' }] }).message).toMatch(/^params\.results\[0\]\.outcome: /);
  });

  it('a missing field', () => {
    expect(refusal(MASTER_TO_NODE.readBlocks.params, { serial: 'S', lba: 0 }).message).toBe('params.blocks: expected an integer but found undefined');
  });

  it('negative and zero where they are not allowed', () => {
    expect(refusal(MASTER_TO_NODE.writeBlocks.params, { serial: 'S', lba: -1, data: '' }).message).toMatch(/^params\.lba: expected a non-negative integer/);
    expect(refusal(MASTER_TO_NODE.readBlocks.params, { serial: 'S', lba: 0, blocks: 0 }).message).toMatch(/^params\.blocks: expected a positive integer/);
    expect(refusal(MASTER_TO_NODE.readBlocks.params, { serial: 'S', lba: 1.5, blocks: 1 }).message).toMatch(/^params\.lba: expected an integer but found number/);
  });

  it('text that is not base64', () => {
    expect(refusal(MASTER_TO_NODE.writeBlocks.params, { serial: 'S', lba: 0, data: 'abc' }).message).toMatch(/^params\.data: expected base64 text/);
    expect(refusal(MASTER_TO_NODE.writeBlocks.params, { serial: 'S', lba: 0, data: 'ab!=' }).message).toMatch(/^params\.data: expected base64 text/);
  });

  it('a field deep inside, with array indexes', () => {
    const members = [{ nodeID: 1, publicKey: 'AAAA' }, { nodeID: 2, publicKey: 7 }];
    expect(refusal(MASTER_TO_NODE.generateInternalKey.params, { generation: 1, threshold: 2, members }).message).toBe(
      'params.members[1].publicKey: expected base64 text but found number',
    );
    const bad = { ...internalRecord, share: { ...box, nonce: undefined } };
    expect(refusal(MASTER_TO_NODE.storeGeneration.params, { record: bad }).message).toBe('params.record.share.nonce: expected base64 text but found undefined');
  });

  it('an unknown mode of a generation record', () => {
    expect(refusal(generationRecord, { ...internalRecord, mode: 'other' }, 'record').message).toBe('record.mode: expected one of internal, external but found string');
    expect(refusal(generationRecord, [], 'record').message).toBe('record: expected an object but found an array');
  });

  it('a literal outside its set', () => {
    expect(refusal(nodeState, { ...state, phase: 'sleeping' }, 'state').message).toMatch(/^state\.phase: expected one of booting, unlocking, ready, locked/);
  });

  it('null where null is not allowed, and not where it is', () => {
    expect(refusal(nodeState, { ...state, unlockError: 3 }, 'state').message).toBe('state.unlockError: expected a string but found number');
    expect(refusal(nodeState, { ...state, nodeID: null }, 'state').message).toBe('state.nodeID: expected an integer but found null');
  });

  it("a drive's Admin1 tries and try limit: required, whole and not negative", () => {
    expect(refusal(nodeState, { ...state, drives: [{ ...drive, admin1Tries: undefined }] }, 'state').message).toBe('state.drives[0].admin1Tries: expected an integer but found undefined');
    expect(refusal(nodeState, { ...state, drives: [{ ...drive, admin1Tries: -1 }] }, 'state').message).toMatch(/^state\.drives\[0\]\.admin1Tries: expected a non-negative integer/);
    expect(refusal(nodeState, { ...state, drives: [{ ...drive, admin1TryLimit: 2.5 }] }, 'state').message).toMatch(/^state\.drives\[0\]\.admin1TryLimit: expected an integer/);
  });

  it('an array longer than its bound', () => {
    expect(refusal(nodeState, { ...state, drives: Array.from({ length: 65 }, () => drive) }, 'state').message).toBe('state.drives: more than 64 items');
  });

  it('a plainObject that is an array', () => {
    expect(refusal(generationRecord, { ...internalRecord, keyCheck: [] }, 'record').message).toBe('record.keyCheck: expected an object but found an array');
  });
});
