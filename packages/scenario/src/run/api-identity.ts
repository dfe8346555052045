/**
 * The Element API's HTTPS certificate, made once per process and given to every scenario's
 * simulation, as an operator's own pair would be. Its two RSA key pairs are otherwise among the
 * dearest parts of starting a simulation, and no scenario looks at this certificate.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secureRng, silentLogger, type Clock } from '@ekmsim/core';
import { prepareApiTlsIdentity } from '@ekmsim/api';
import type { KeyPairSource } from '@ekmsim/pki';

export interface ApiTlsPair {
  readonly certPem: string;
  readonly keyPem: string;
}

let made: Promise<ApiTlsPair> | undefined;

async function make(clock: Clock, keyPairs: KeyPairSource | undefined): Promise<ApiTlsPair> {
  const dir = await mkdtemp(join(tmpdir(), 'ekmsim-api-identity-'));
  try {
    const { certPem, keyPem } = await prepareApiTlsIdentity(dir, { clock, rng: secureRng(), logger: silentLogger, ...(keyPairs === undefined ? {} : { keyPairs }) });
    return { certPem, keyPem };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The process's pair: made by the first caller (its key pair from `keyPairs`), shared by the rest. */
export function sharedApiIdentity(clock: Clock, keyPairs?: KeyPairSource): Promise<ApiTlsPair> {
  made ??= make(clock, keyPairs);
  return made;
}
