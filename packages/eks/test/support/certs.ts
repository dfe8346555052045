/**
 * Test certificates made with the openssl CLI (EC P-256, fast): `openssl ca` lets a test choose
 * exact validity dates and extensions, including the wrong ones the server must refuse.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pem {
  readonly certPem: string;
  readonly keyPem: string;
}

export type LeafProfile = 'client' | 'server' | 'noClientAuth' | 'noEku';

const EXTENSIONS = `
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ client ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
[ server ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
[ noEku ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
[ noClientAuth ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
`;

function openssl(args: readonly string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** OpenSSL's `ca` date form: YYYYMMDDHHMMSSZ. */
function caDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
}

export class TestCa {
  readonly certPem: string;
  readonly #dir: string;
  #n = 0;

  constructor(name: string) {
    this.#dir = mkdtempSync(join(tmpdir(), 'ekmsim-eks-ca-'));
    const d = this.#dir;
    mkdirSync(join(d, 'newcerts'));
    writeFileSync(join(d, 'index.txt'), '');
    writeFileSync(join(d, 'serial'), '1000\n');
    writeFileSync(
      join(d, 'ca.cnf'),
      `[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\ndir = ${d}\ndatabase = $dir/index.txt\nnew_certs_dir = $dir/newcerts\nserial = $dir/serial\n` +
        `default_md = sha256\npolicy = policy_any\nunique_subject = no\nemail_in_dn = no\n[ policy_any ]\ncommonName = supplied\norganizationalUnitName = optional\n${EXTENSIONS}`,
    );
    // Self-signed through `openssl ca` so that the CA, too, can be valid since long ago (for tests on a simulated clock).
    openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.csr', '-subj', `/CN=${name}`], d);
    openssl(
      ['ca', '-config', 'ca.cnf', '-batch', '-notext', '-selfsign', '-in', 'ca.csr', '-out', 'ca.crt', '-keyfile', 'ca.key', '-extensions', 'ca_ext',
        '-startdate', caDate(Date.UTC(2000, 0, 1)), '-enddate', caDate(Date.now() + 3650 * 86_400_000)],
      d,
    );
    this.certPem = readFileSync(join(d, 'ca.crt'), 'utf8');
  }

  /** A leaf certificate; validity defaults to one day ago until a year from now (OS clock). An OU can be added to the subject. */
  issue(cn: string, profile: LeafProfile, validity?: { readonly from: number; readonly to: number }, extra: { readonly ou?: string } = {}): Pem {
    const d = this.#dir;
    const n = ++this.#n;
    const from = validity?.from ?? Date.now() - 86_400_000;
    const to = validity?.to ?? Date.now() + 365 * 86_400_000;
    openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${n}.key`, '-out', `${n}.csr`, '-subj', `/CN=${cn}${extra.ou === undefined ? '' : `/OU=${extra.ou}`}`], d);
    openssl(
      ['ca', '-config', 'ca.cnf', '-batch', '-notext', '-in', `${n}.csr`, '-out', `${n}.crt`, '-cert', 'ca.crt', '-keyfile', 'ca.key',
        '-extensions', profile, '-startdate', caDate(from), '-enddate', caDate(to)],
      d,
    );
    return { certPem: readFileSync(join(d, `${n}.crt`), 'utf8'), keyPem: readFileSync(join(d, `${n}.key`), 'utf8') };
  }

  remove(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
