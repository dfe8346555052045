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
}

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
    this.#openssl(['x509', '-req', '-in', `${id}.csr`, '-CA', `${id}-ca.crt`, '-CAkey', `${id}-ca.key`, '-set_serial', String(1000 + this.#n), '-days', String(o.days ?? 30), '-extfile', config, '-extensions', 'ext', '-out', `${id}.crt`]);
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
