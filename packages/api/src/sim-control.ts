/**
 * The simulator's control surface behind `POST /sim/json-rpc/1.0`: what a real cluster has no
 * API for. The simulation (packages/sim) implements it; implementations report failures as
 * ElementApiError with the names in SIM_ERROR_NAMES (anything else becomes xAssertionFailure).
 */

/** A mock key server the simulation runs (ListSimKeyServers). */
export interface SimKeyServerInfo {
  readonly name: string;
  /** Vendor personality, e.g. `generic`. */
  readonly vendor: string;
  readonly hostnames: readonly string[];
  readonly port: number;
  /** PEM of the CA that signed the key server's certificate and signs its clients'. */
  readonly caCertificate: string;
}

export interface SimControl {
  listSimKeyServers(): SimKeyServerInfo[];
  /** The vendor UI's "sign the CSR" step: the named key server's CA signs a client CSR. */
  signClientCertificate(p: { readonly keyServer: string; readonly csr: string }): Promise<{ readonly certificate: string }>;
}

/** Exception names of the control API (simulator-defined). */
export const SIM_ERROR_NAMES = {
  /** SignClientCertificate names a key server the simulation does not run. */
  unknownKeyServer: 'xSimKeyServerDoesNotExist',
  /** The CSR is not a valid, self-signed PKCS#10 request (message says why). */
  invalidCsr: 'xInvalidParameter',
} as const;
