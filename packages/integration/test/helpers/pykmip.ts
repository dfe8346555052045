/**
 * Test helpers that run Debian's PyKMIP 0.10 (`python3-pykmip`) as a reference KMIP peer.
 *
 * - startPykmipServer(): PyKMIP's own server (scripts/pykmip/server.py), TLS 1.2 only, client
 *   certificate required (EKU clientAuth + exactly one CN; the CN owns the keys it creates).
 * - runPykmipClientLifecycle(): PyKMIP's ProxyKmipClient through the full symmetric-key
 *   lifecycle plus must-fail cases (scripts/pykmip/client_lifecycle.py), returns its JSON.
 * - makeTestCerts(): throwaway CA/server/client PEMs via the openssl CLI
 *   (scripts/pykmip/make-certs.sh).
 *
 * PyKMIP only runs under /usr/bin/python3 (3.11; it needs ssl.wrap_socket). Every helper THROWS
 * when PyKMIP is not importable there: interop tests must fail loudly, never skip.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PYTHON = '/usr/bin/python3';

const READY_RE = /^pykmip-server ready on (\S+):(\d+)\s*$/m;
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const CLIENT_TIMEOUT_MS = 120_000;

/** Repository root: the nearest ancestor of this file that holds scripts/pykmip/server.py. */
export const repoRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'scripts', 'pykmip', 'server.py'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `pykmip helper: cannot find scripts/pykmip/server.py above ${fileURLToPath(import.meta.url)}`,
      );
    }
    dir = parent;
  }
})();

const SCRIPTS = join(repoRoot, 'scripts', 'pykmip');
const SERVER_PY = join(SCRIPTS, 'server.py');
const CLIENT_PY = join(SCRIPTS, 'client_lifecycle.py');
const MAKE_CERTS_SH = join(SCRIPTS, 'make-certs.sh');

interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

function run(cmd: string, args: readonly string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<ExecResult> {
  return new Promise((resolvePromise) => {
    execFile(
      cmd,
      args,
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', env: env ?? process.env },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        const signal = error?.signal ?? null;
        const result: ExecResult = { code, signal, stdout, stderr };
        if (error && typeof error.code !== 'number') result.error = error;
        resolvePromise(result);
      },
    );
  });
}

let pykmipCheck: Promise<void> | undefined;

/** Throws a descriptive Error unless `/usr/bin/python3 -c "import kmip"` succeeds. Cached. */
export function assertPykmipAvailable(): Promise<void> {
  pykmipCheck ??= (async () => {
    if (!existsSync(PYTHON)) {
      throw new Error(
        `PyKMIP interop: ${PYTHON} does not exist. Install Debian's python3 and python3-pykmip ` +
          '(apt-get install python3-pykmip); these tests must not be skipped.',
      );
    }
    const r = await run(PYTHON, ['-c', 'import kmip, ssl; ssl.wrap_socket; print(kmip.__version__)'], 30_000);
    if (r.code !== 0) {
      throw new Error(
        `PyKMIP interop: \`${PYTHON} -c "import kmip"\` failed (exit ${String(r.code)}). ` +
          'Install python3-pykmip (Debian PyKMIP 0.10, needs Python <= 3.11 for ssl.wrap_socket); ' +
          `these tests must not be skipped.\n${r.stderr || r.error?.message || ''}`,
      );
    }
  })();
  // Do not cache a failure forever if someone installs PyKMIP mid-run; cheap to retry.
  pykmipCheck.catch(() => {
    pykmipCheck = undefined;
  });
  return pykmipCheck;
}

// ---------------------------------------------------------------------------------------------
// Certificates

export interface TestCerts {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/**
 * Throwaway PKI in `dir` via the openssl CLI: CA, server cert (CN=localhost, SAN IP:127.0.0.1 +
 * DNS:localhost, EKU serverAuth), client cert (CN=`clientCn`, default ekmsim-client, EKU clientAuth).
 */
export async function makeTestCerts(dir: string, clientCn = 'ekmsim-client'): Promise<TestCerts> {
  const r = await run('bash', [MAKE_CERTS_SH, dir, clientCn], 60_000);
  if (r.code !== 0) {
    throw new Error(`make-certs.sh failed (exit ${String(r.code)}): ${r.stderr || r.error?.message || ''}`);
  }
  const abs = resolve(dir);
  return {
    dir: abs,
    caCert: join(abs, 'ca.crt'),
    caKey: join(abs, 'ca.key'),
    serverCert: join(abs, 'server.crt'),
    serverKey: join(abs, 'server.key'),
    clientCert: join(abs, 'client.crt'),
    clientKey: join(abs, 'client.key'),
  };
}

// ---------------------------------------------------------------------------------------------
// Server

export interface StartPykmipServerOptions {
  host: string;
  /** 0 or omitted: the server binds port 0 and reports the port the kernel picked. */
  port?: number;
  certPath: string;
  keyPath: string;
  caPath: string;
  /** Holds pykmip.db (SQLite), server.log and policies/. Created if missing. */
  dataDir: string;
  /** PyKMIP log level; default DEBUG (logs every request/response TTLV in hex). */
  logLevel?: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
  /** Extra server.py flags, e.g. ['--no-eku-check'] or ['--cipher-suites', 'AES256-SHA256']. */
  extraArgs?: readonly string[];
}

export interface PykmipServer {
  host: string;
  port: number;
  /** PyKMIP's own log file (DEBUG: hex of every request and response). */
  logPath: string;
  pid: number;
  /** stderr captured so far (bounded). */
  stderr(): string;
  /** SIGTERM, wait for exit (SIGKILL to the process group after 10 s). Idempotent. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });
}

function tail(s: string, max = 8000): string {
  return s.length > max ? `…${s.slice(s.length - max)}` : s;
}

export async function startPykmipServer(opts: StartPykmipServerOptions): Promise<PykmipServer> {
  await assertPykmipAvailable();
  const port = opts.port ?? 0;
  const args = [
    SERVER_PY,
    '--host', opts.host,
    '--port', String(port),
    '--cert', resolve(opts.certPath),
    '--key', resolve(opts.keyPath),
    '--ca', resolve(opts.caPath),
    '--data-dir', resolve(opts.dataDir),
    '--log-level', opts.logLevel ?? 'DEBUG',
    ...(opts.extraArgs ?? []),
  ];
  const logPath = join(resolve(opts.dataDir), 'server.log');

  installExitHook();
  // detached: own process group, so a last-resort kill(-pid) also takes PyKMIP's
  // multiprocessing manager child with it.
  const child = spawn(PYTHON, args, {
    cwd: repoRoot,
    env: { ...process.env, PYTHONHASHSEED: '0', PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(child);

  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderr = tail(stderr + d, 64_000);
  });

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      live.delete(child);
      resolveExit();
    });
  });

  const ready = await new Promise<{ host: string; port: number }>((resolveReady, rejectReady) => {
    let settled = false;
    const finish = (err: Error | undefined, value?: { host: string; port: number }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) rejectReady(err);
      else if (value) resolveReady(value);
    };
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      finish(
        new Error(
          `pykmip-server did not print its ready line within ${READY_TIMEOUT_MS / 1000} s.\n` +
            `stdout:\n${tail(stdout)}\nstderr:\n${tail(stderr)}\nlog: ${logPath}`,
        ),
      );
    }, READY_TIMEOUT_MS);
    child.stdout.on('data', (d: string) => {
      stdout = tail(stdout + d, 64_000);
      const m = READY_RE.exec(stdout);
      if (m?.[1] !== undefined && m[2] !== undefined) finish(undefined, { host: m[1], port: Number(m[2]) });
    });
    child.once('error', (e) => {
      finish(new Error(`failed to spawn ${PYTHON} ${SERVER_PY}: ${e.message}`));
    });
    void exitPromise.then(() => {
      // Let any buffered stderr arrive before reporting.
      setImmediate(() => {
        finish(
          new Error(
            `pykmip-server exited before becoming ready (code ${String(exited?.code)}, ` +
              `signal ${String(exited?.signal)}).\nstderr:\n${tail(stderr)}\nstdout:\n${tail(stdout)}`,
          ),
        );
      });
    });
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const timedOut = await Promise.race([
        exitPromise.then(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(true), STOP_TIMEOUT_MS).unref()),
      ]);
      if (timedOut && !exited) {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
        await exitPromise;
      }
    })();
    return stopping;
  };

  return {
    host: ready.host,
    port: ready.port,
    logPath,
    pid: child.pid ?? -1,
    stderr: () => stderr,
    stop,
  };
}

// ---------------------------------------------------------------------------------------------
// Client

export interface PykmipClientLifecycleOptions {
  host: string;
  port: number;
  certPath: string;
  keyPath: string;
  caPath: string;
  /** '1.0' … '1.4' or '2.0'. Omitted: PyKMIP's default, KMIP 1.2. */
  kmipVersion?: string;
  /** ssl module constant, e.g. 'PROTOCOL_TLSv1_2'. Omitted: PROTOCOL_SSLv23 (TLS 1.0–1.3 offered). */
  sslVersion?: string;
  /** Name attribute for the key; default x-SolidFire-KeyID-<uuid4>. */
  name?: string;
  /** RevocationReasonCode name: 'unspecified' (default), 'key_compromise', … */
  revocationReason?: string;
  /** UID used for the unknown-object cases; default a random UUID. */
  unknownUid?: string;
  /** Include hex TTLV of every request/response under `trace`. */
  trace?: boolean;
}

export class PykmipClientError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    /** Partial JSON printed before the failure, when there was any. */
    readonly result: Record<string, unknown> | undefined,
  ) {
    super(message);
    this.name = 'PykmipClientError';
  }
}

/**
 * Runs PyKMIP's ProxyKmipClient through create/activate/get/locate/get_attributes/revoke/destroy
 * and the must-fail cases against host:port; resolves with the script's JSON (see
 * scripts/pykmip/client_lifecycle.py for its shape). Rejects (PykmipClientError) only when the
 * script crashed or could not connect; failed KMIP operations are data, not errors.
 */
export async function runPykmipClientLifecycle(opts: PykmipClientLifecycleOptions): Promise<Record<string, unknown>> {
  await assertPykmipAvailable();
  const args = [
    CLIENT_PY,
    '--host', opts.host,
    '--port', String(opts.port),
    '--cert', resolve(opts.certPath),
    '--key', resolve(opts.keyPath),
    '--ca', resolve(opts.caPath),
  ];
  if (opts.kmipVersion !== undefined) args.push('--kmip-version', opts.kmipVersion);
  if (opts.sslVersion !== undefined) args.push('--ssl-version', opts.sslVersion);
  if (opts.name !== undefined) args.push('--name', opts.name);
  if (opts.revocationReason !== undefined) args.push('--revocation-reason', opts.revocationReason);
  if (opts.unknownUid !== undefined) args.push('--unknown-uid', opts.unknownUid);
  if (opts.trace) args.push('--trace');

  const r = await run(PYTHON, args, CLIENT_TIMEOUT_MS, { ...process.env, PYTHONHASHSEED: '0' });
  let parsed: Record<string, unknown> | undefined;
  let parseError: string | undefined;
  try {
    const value: unknown = JSON.parse(r.stdout);
    if (value && typeof value === 'object' && !Array.isArray(value)) parsed = value as Record<string, unknown>;
    else parseError = 'stdout JSON is not an object';
  } catch (e) {
    parseError = e instanceof Error ? e.message : String(e);
  }
  if (r.code !== 0) {
    const why = r.error ? r.error.message : `exit ${String(r.code)}${r.signal ? ` (${r.signal})` : ''}`;
    throw new PykmipClientError(
      `PyKMIP client_lifecycle.py against ${opts.host}:${String(opts.port)} failed: ${why}\n${tail(r.stderr)}`,
      r.code,
      r.stderr,
      parsed,
    );
  }
  if (!parsed) {
    throw new PykmipClientError(
      `PyKMIP client_lifecycle.py printed no valid JSON (${parseError ?? 'unknown'}):\n${tail(r.stdout)}\n${tail(r.stderr)}`,
      r.code,
      r.stderr,
      undefined,
    );
  }
  return parsed;
}
