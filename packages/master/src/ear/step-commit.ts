/**
 * Step 3, commit: the target becomes the cluster's key (one write: the EAR record, and for a
 * disable of external keys the provider goes inactive), then every online node is told to forget
 * every other generation. A node that misses it (offline, or the call fails) is told when it
 * next joins, so the commit itself never waits for nodes.
 */
import { DB_PATHS, keyProviderPath, type EarKeys, type EarRecord, type EarTransition, type KeyProviderRecord } from '../db/layout.js';
import { authenticationKeyName } from '../kmip/operations.js';
import { EAR, EarStepError, describeFailures, onEachNode, type EarParts } from './ear-parts.js';
import { currentGeneration, readEar } from './ear-record.js';

export async function commit(parts: EarParts, signal: AbortSignal): Promise<void> {
  const ear = readEar(parts.db);
  if (ear.transition === null) return; // committed already
  const transition = ear.transition;
  if (signal.aborted) throw new EarStepError('the master is closing');
  const keys = committedKeys(transition);
  parts.db.write((tx) => {
    tx.put(DB_PATHS.ear, { ...keys, version: ear.version, nextGeneration: ear.nextGeneration, transition: null } satisfies EarRecord);
    const leaving = ear.state === 'enabled' && ear.keyManagementType === 'external' ? ear.keyProviderID : undefined;
    const staying = keys.state === 'enabled' && keys.keyManagementType === 'external' ? keys.keyProviderID : undefined;
    if (leaving !== undefined && leaving !== staying) {
      const provider = tx.get<KeyProviderRecord>(keyProviderPath(leaving));
      if (provider !== undefined) tx.put(keyProviderPath(leaving), { ...provider, keyProviderIsActive: false } satisfies KeyProviderRecord);
    }
  });
  logCommitted(parts, ear, keys);
  const generation = currentGeneration(keys);
  const failures = await onEachNode(parts.nodes.onlineNodeIDs(), async (nodeID) => {
    await parts.nodes.call(nodeID, 'commitGeneration', { generation });
  });
  if (failures.length > 0) parts.logger.log('warn', `${describeFailures(`committing generation ${generation}`, failures)}; they are told again when they join`, EAR);
}

function committedKeys(t: EarTransition): EarKeys {
  const target = t.target;
  if (target === null) return { state: 'disabled' };
  if (target.mode === 'internal') {
    return { state: 'enabled', keyManagementType: 'internal', generation: target.generation, threshold: target.threshold, keyCreatedTime: t.startedTime };
  }
  const { generation, keyProviderID, keyID, kmipUniqueIdentifier, keyServerID } = target;
  return { state: 'enabled', keyManagementType: 'external', generation, keyProviderID, keyID, kmipUniqueIdentifier, keyServerID, keyCreatedTime: t.startedTime };
}

function logCommitted(parts: EarParts, before: EarKeys, keys: EarKeys): void {
  parts.events.record({
    type: 'encryptionAtRestEvent',
    message: keys.state === 'disabled' ? 'Encryption at rest disabled' : `Encryption at rest enabled with ${keys.keyManagementType} key management`,
    details:
      keys.state === 'disabled'
        ? { state: 'disabled' }
        : { state: 'enabled', keyManagementType: keys.keyManagementType, generation: keys.generation, ...(keys.keyManagementType === 'external' ? { keyProviderID: keys.keyProviderID, keyID: keys.keyID } : {}) },
  });
  if (keys.state === 'disabled') {
    parts.logger.log('info', 'Encryption at rest disabled', { ...EAR, keyManagementType: before.state === 'enabled' ? before.keyManagementType : undefined });
  } else if (keys.keyManagementType === 'internal') {
    parts.logger.log('info', `Encryption at rest enabled with internal key management (generation ${keys.generation}, ${keys.threshold} shares to rebuild)`, EAR);
  } else {
    parts.logger.log('info', `Encryption at rest enabled with key provider ${keys.keyProviderID}; authentication key ${authenticationKeyName(keys.keyID)} (generation ${keys.generation})`, {
      ...EAR,
      keyServerID: keys.keyServerID,
      kmipUniqueIdentifier: keys.kmipUniqueIdentifier,
      converted: before.state === 'enabled',
    });
  }
}
