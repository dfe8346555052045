/** Database records → the Element objects the API returns (fresh, mutable copies). */
import type { ClusterDb } from '../db/cluster-db.js';
import type { KeyProviderRecord, KeyServerRecord } from '../db/layout.js';
import type { KeyProviderKmip, KeyServerKmip } from '../model.js';
import { providerOf } from './lookup.js';

export function keyServerView(db: ClusterDb, s: KeyServerRecord): KeyServerKmip {
  const provider = providerOf(db, s.keyServerID);
  return {
    keyServerID: s.keyServerID,
    kmipKeyServerName: s.kmipKeyServerName,
    kmipKeyServerHostnames: [...s.kmipKeyServerHostnames],
    kmipKeyServerPort: s.kmipKeyServerPort,
    kmipCaCertificate: s.kmipCaCertificate,
    kmipClientCertificate: s.kmipClientCertificate,
    keyProviderID: provider?.keyProviderID ?? null,
    kmipAssignedProviderIsActive: provider?.keyProviderIsActive ?? null,
  };
}

export function keyProviderView(p: KeyProviderRecord): KeyProviderKmip {
  return {
    keyProviderID: p.keyProviderID,
    keyProviderName: p.keyProviderName,
    keyProviderIsActive: p.keyProviderIsActive,
    keyServerIDs: [...p.keyServerIDs],
    kmipCapabilities: p.kmipCapabilities,
  };
}
