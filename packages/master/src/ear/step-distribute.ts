/**
 * Step 1, distribute: every node of the cluster gets the new generation's record. Every member
 * must be online; if one is not, the step fails and is redone from the start later (no drive uses
 * the generation before apply, so a new AK is as good as the lost one).
 *
 * - internal: the lowest-ID node generates the AK, splits it k-of-n and seals one share to each
 *   member (keeping nothing); the master stores each member's record, with its sealed share, on it.
 * - external: the record (key servers, client certificate, client key sealed to the node) goes
 *   first to the lowest-ID node, which fetches the AK over KMIP and answers its check value; then
 *   every node gets the record with that check value. If the provider's servers or the client
 *   certificate changed meanwhile (ModifyKeyServerKmip, Add/RemoveKeyServerFromProviderKmip), the
 *   step fails and is redone: the refresh of records after such a change (refresh-records.ts)
 *   leaves a target that is still being distributed to this step.
 */
import type { InternalGenerationRecord, SealedBox } from '@ekmsim/wire';
import type { EarTarget, NodeRecord } from '../db/layout.js';
import { EAR, EarStepError, describeFailures, onEachNode, persistStep, transitionOf, type EarParts } from './ear-parts.js';
import { readEar } from './ear-record.js';
import { externalKeySource, externalRecord, type ExternalKeySource } from './external-records.js';

export async function distribute(parts: EarParts, signal: AbortSignal): Promise<void> {
  const transition = transitionOf(readEar(parts.db));
  const target = transition.target;
  if (target === null) throw new EarStepError('a transition to no key has nothing to distribute');
  const members = parts.nodes.registered();
  const offline = members.filter((m) => !parts.nodes.isOnline(m.nodeID)).map((m) => m.nodeID);
  if (offline.length > 0) {
    throw new EarStepError(`generation ${target.generation} must reach every node; node(s) ${offline.join(', ')} offline`);
  }
  const generator = members[0];
  if (generator !== undefined) {
    parts.logger.log('info', `Distributing generation ${target.generation} (${target.mode}) to ${members.length} node(s); generator node ${generator.nodeID}`, EAR);
    if (target.mode === 'internal') await distributeInternal(parts, target, members, generator);
    else {
      const used = await distributeExternal(parts, target, members, generator);
      // Checked in the same synchronous run as persistStep: a later change finds the step at
      // apply and refreshes the records itself.
      if (!sameSource(used, externalKeySource(parts, target))) {
        throw new EarStepError(`the key servers or the client certificate of key provider ${target.keyProviderID} changed while generation ${target.generation} was distributed`);
      }
    }
  }
  persistStep(parts, signal, { ...transition, step: 'apply', members: members.map((m) => m.nodeID) });
  parts.logger.log('info', `Generation ${target.generation} distributed to node(s) ${members.map((m) => m.nodeID).join(', ') || 'none'}`, EAR);
}

async function distributeInternal(parts: EarParts, target: Extract<EarTarget, { mode: 'internal' }>, members: readonly NodeRecord[], generator: NodeRecord): Promise<void> {
  const { generation, threshold } = target;
  const made = await parts.nodes.call(generator.nodeID, 'generateInternalKey', {
    generation,
    threshold,
    members: members.map((m) => ({ nodeID: m.nodeID, publicKey: m.publicKey })),
  });
  const shareOf = new Map<number, SealedBox>();
  for (const { nodeID, share } of made.shares) {
    const wanted = members.some((m) => m.nodeID === nodeID) && !shareOf.has(nodeID);
    if (!wanted || share.to !== `node-${nodeID}` || share.purpose !== `share/${generation}`) {
      throw new EarStepError(`node ${generator.nodeID} answered generateInternalKey with an unexpected share for node ${nodeID}`);
    }
    shareOf.set(nodeID, share);
  }
  const missing = members.filter((m) => !shareOf.has(m.nodeID)).map((m) => m.nodeID);
  if (missing.length > 0) throw new EarStepError(`node ${generator.nodeID} made no share for node(s) ${missing.join(', ')}`);
  const failures = await onEachNode(
    members.map((m) => m.nodeID),
    async (nodeID) => {
      const record: InternalGenerationRecord = { mode: 'internal', generation, threshold, shareCount: members.length, keyCheck: made.keyCheck, share: shareOf.get(nodeID)! };
      await parts.nodes.call(nodeID, 'storeGeneration', { record });
    },
  );
  if (failures.length > 0) throw new EarStepError(describeFailures(`storing generation ${generation}`, failures));
}

/** Resolves with what the records were made of. */
async function distributeExternal(parts: EarParts, target: Extract<EarTarget, { mode: 'external' }>, members: readonly NodeRecord[], generator: NodeRecord): Promise<ExternalKeySource> {
  const { generation } = target;
  const source = externalKeySource(parts, target);
  await parts.nodes.call(generator.nodeID, 'storeGeneration', { record: externalRecord(parts, target, source, generator, null) });
  const { akCheck } = await parts.nodes.call(generator.nodeID, 'checkExternalKey', { generation });
  parts.logger.log('info', `Node ${generator.nodeID} fetched the authentication key of generation ${generation} from the key server`, { ...EAR, keyID: target.keyID });
  const failures = await onEachNode(
    members.map((m) => m.nodeID),
    async (nodeID) => {
      const node = members.find((m) => m.nodeID === nodeID)!;
      await parts.nodes.call(nodeID, 'storeGeneration', { record: externalRecord(parts, target, source, node, akCheck) });
    },
  );
  if (failures.length > 0) throw new EarStepError(describeFailures(`storing generation ${generation}`, failures));
  return source;
}

function sameSource(a: ExternalKeySource, b: ExternalKeySource): boolean {
  return a.clientCertificate === b.clientCertificate && a.privateKeyPem === b.privateKeyPem && JSON.stringify(a.servers) === JSON.stringify(b.servers);
}
