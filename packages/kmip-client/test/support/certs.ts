/** Test certificates from the `openssl` CLI (P-256 keys: fast), in a temporary directory. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pem {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface LeafOptions {
  readonly cn: string;
  readonly sans?: readonly string[];
  readonly usage: 'serverAuth' | 'clientAuth';
  /** Days of validity (default 30). */
  readonly days?: number;
  /** Exact validity period instead of `days` from now (e.g. one that ended long ago). */
  readonly period?: { readonly notBefore: Date; readonly notAfter: Date };
}

/** `YYYYMMDDHHMMSSZ`, as `openssl ca -startdate` takes it. */
const asn1Time = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');

export class TestPki {
  readonly #dir = mkdtempSync(join(tmpdir(), 'kmip-client-pki-'));
  #n = 0;

  #openssl(args: readonly string[]): void {
    execFileSync('openssl', args, { cwd: this.#dir, stdio: ['ignore', 'ignore', 'pipe'] });
  }

  #config(extensions: string): string {
    const path = join(this.#dir, `ext-${++this.#n}.cnf`);
    writeFileSync(path, `[req]\ndistinguished_name = dn\nprompt = no\n[dn]\n[ext]\n${extensions}\n`);
    return path;
  }

  ca(cn: string): Pem {
    const id = `ca-${++this.#n}`;
    const config = this.#config('basicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\nsubjectKeyIdentifier = hash');
    this.#openssl(['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-config', config, '-extensions', 'ext', '-subj', `/CN=${cn}`, '-days', '365', '-keyout', `${id}.key`, '-out', `${id}.crt`]);
    return this.#read(id);
  }

  leaf(ca: Pem, o: LeafOptions): Pem {
    const id = `leaf-${++this.#n}`;
    writeFileSync(join(this.#dir, `${id}-ca.crt`), ca.certPem);
    writeFileSync(join(this.#dir, `${id}-ca.key`), ca.keyPem);
    const sans = o.sans === undefined || o.sans.length === 0 ? '' : `\nsubjectAltName = ${o.sans.map((s) => (/^[\d.]+$|:/.test(s) ? `IP:${s}` : `DNS:${s}`)).join(', ')}`;
    const config = this.#config(`basicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = ${o.usage}${sans}`);
    this.#openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-config', config, '-subj', `/CN=${o.cn}`, '-keyout', `${id}.key`, '-out', `${id}.csr`]);
    if (o.period === undefined) {
      this.#openssl(['x509', '-req', '-in', `${id}.csr`, '-CA', `${id}-ca.crt`, '-CAkey', `${id}-ca.key`, '-set_serial', String(1000 + this.#n), '-days', String(o.days ?? 30), '-extfile', config, '-extensions', 'ext', '-out', `${id}.crt`]);
    } else {
      // `openssl x509 -req` (3.0) cannot set the dates; `openssl ca` can.
      writeFileSync(join(this.#dir, `${id}-index.txt`), '');
      writeFileSync(join(this.#dir, `${id}-serial`), `${(0x1000 + this.#n).toString(16).padStart(6, '0')}\n`);
      const caConfig = join(this.#dir, `${id}-ca.cnf`);
      writeFileSync(caConfig, `[ca]\ndefault_ca = test\n[test]\ndatabase = ${id}-index.txt\nnew_certs_dir = .\nserial = ${id}-serial\ndefault_md = sha256\npolicy = any\nunique_subject = no\n[any]\ncommonName = supplied\n`);
      this.#openssl(['ca', '-batch', '-notext', '-config', caConfig, '-cert', `${id}-ca.crt`, '-keyfile', `${id}-ca.key`, '-in', `${id}.csr`, '-startdate', asn1Time(o.period.notBefore), '-enddate', asn1Time(o.period.notAfter), '-extfile', config, '-extensions', 'ext', '-out', `${id}.crt`]);
    }
    return this.#read(id);
  }

  #read(id: string): Pem {
    return { certPem: readFileSync(join(this.#dir, `${id}.crt`), 'utf8'), keyPem: readFileSync(join(this.#dir, `${id}.key`), 'utf8') };
  }

  /** Writes `content` to a file of the temporary directory; returns its path. */
  file(name: string, content: string): string {
    const path = join(this.#dir, `${++this.#n}-${name}`);
    writeFileSync(path, content);
    return path;
  }

  dispose(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
