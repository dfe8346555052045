#!/usr/bin/python3
"""Run Debian's PyKMIP 0.10 server (kmip.services.server.KmipServer) for ekmsim interop tests.

Usage (must be Debian's /usr/bin/python3 3.11; PyKMIP 0.10 uses ssl.wrap_socket, gone in 3.12):

    /usr/bin/python3 scripts/pykmip/server.py --host 127.0.0.1 --port 0 \
        --cert server.crt --key server.key --ca ca.crt --data-dir /tmp/pykmip-run

Prints exactly one line on stdout once the listening socket accepts TCP connections:

    pykmip-server ready on 127.0.0.1:40123

then serves until SIGTERM/SIGINT (clean exit 0, normally well under 1 s). Errors go to stderr,
exit status 2 for bad arguments/configuration. `--port 0` picks a free port (PyKMIP's own config
rejects 0, so this script sets it after validation and reads the bound port back).

What it configures (all in-process, no config file; /etc/pykmip/server.conf is NOT read):
  * auth_suite=TLS1.2 -> PyKMIP wraps the listening socket with ssl.PROTOCOL_TLSv1_2 (TLS 1.2
    only: 1.0/1.1 get a protocol_version alert, 1.3-only clients a handshake_failure) and its
    TLS 1.2 cipher allow-list (no RSA-GCM suites). Measured with an RSA server key, OpenSSL 3.0:
    accepted = AES128-SHA256, AES256-SHA256, ECDHE-RSA-AES128-SHA256, ECDHE-RSA-AES256-SHA384
    (DHE suites fail: no DH parameters). Server cipher preference is on and AES128-SHA256 is
    first in PyKMIP's list, so any client offering it (OpenSSL, Node and PyKMIP defaults do) ends
    up on AES128-SHA256 (RSA key transport, no forward secrecy).
    --cipher-suites overrides (comma separated, IANA or OpenSSL names; unknown names are silently
    dropped, an empty result falls back to the defaults).
  * cert_reqs=CERT_REQUIRED with --ca as the only trust anchor: the client MUST present a cert
    chaining to that CA.
  * enable_tls_client_auth=True (default; --no-eku-check turns it off): the client cert MUST have
    an extendedKeyUsage extension containing clientAuth, otherwise every request is answered with
    Result Reason "Authentication Not Successful".
  * database_path=<data-dir>/pykmip.db (SQLite; PyKMIP's default /tmp/pykmip.database would be
    shared across runs), log file <data-dir>/server.log (PyKMIP rotating log, 1 MB x 5),
    policy_path=<data-dir>/policies (created empty unless --policy-dir is given).
  * PYTHONHASHSEED=0: PyKMIP de-duplicates a custom cipher list through set(); the script
    re-executes itself with PYTHONHASHSEED=0 so that order (and so the chosen suite) is stable.
  * Request checks worth knowing: a header Time Stamp is optional, but if present it must be
    0..59 s old (older: "Stale request rejected by server.", any future second: "Future request
    rejected by server.", both Invalid Message); header fields are parsed in the fixed order
    Protocol Version, [Maximum Response Size], [Asynchronous Indicator], [Authentication],
    [Batch Error Continuation Option], [Batch Order Option], [Time Stamp], Batch Count - anything
    else (e.g. KMIP 1.4 Client Correlation Value) gives "Error parsing request message. See
    server logs for more information." (Invalid Message, answered as protocol version 1.0).
    Idle connections are kept; the 10 s socket timeout only logs an exception.

Ownership / operation policy (checked in kmip/services/server/{session,engine}.py, core/policy.py):
  * Client identity = the subject commonName of the client certificate. Exactly one CN is
    required (zero or several CNs -> "Authentication Not Successful"). SAN, O, OU are ignored.
    Username/password credentials in the request header are ignored.
  * Every object created/registered is stamped _owner=<that CN> and Operation Policy Name
    "default" (unless the client sends another policy name). The built-in "default" policy gives
    Symmetric Keys ALLOW_OWNER for Get, GetAttributes, GetAttributeList, Locate, Activate, Revoke,
    Destroy, Modify/Delete/Set Attribute, ... So a client cert with CN=ekmsim-client and EKU
    clientAuth can do the whole lifecycle on its own keys WITHOUT any policy file. Another CN
    gets Permission Denied ("Could not locate object: <uid>") on those keys, and Locate simply
    does not return them. Public keys/certificates are ALLOW_ALL for read operations.
  * No policy file is needed; --policy-dir exists only for experiments with custom policies.

Only AF_INET: --host must be an IPv4 address or a name resolving to one.
"""

import argparse
import os
import sys


def _reexec_with_hashseed():
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = dict(os.environ, PYTHONHASHSEED="0")
        os.execve(sys.executable, [sys.executable] + sys.argv, env)


def _fail(msg, code=2):
    sys.stderr.write("pykmip-server: {0}\n".format(msg))
    sys.stderr.flush()
    sys.exit(code)


def _parse_args(argv):
    p = argparse.ArgumentParser(description="Run PyKMIP's KMIP server for interop tests.")
    p.add_argument("--host", default="127.0.0.1", help="bind address (IPv4), default 127.0.0.1")
    p.add_argument("--port", type=int, default=5696, help="port; 0 picks a free one (default 5696)")
    p.add_argument("--cert", required=True, help="server certificate (PEM)")
    p.add_argument("--key", required=True, help="server private key (PEM)")
    p.add_argument("--ca", required=True, help="CA certificate(s) trusted for client certs (PEM)")
    p.add_argument("--data-dir", required=True, help="directory for database, log and policies")
    p.add_argument("--log-level", default="DEBUG",
                   help="PyKMIP log level (DEBUG logs every request/response in hex). Default DEBUG")
    p.add_argument("--cipher-suites", default=None,
                   help="comma separated cipher suites (IANA or OpenSSL names)")
    p.add_argument("--policy-dir", default=None, help="directory of PyKMIP JSON policy files")
    p.add_argument("--no-eku-check", action="store_true",
                   help="do not require EKU clientAuth in the client certificate")
    p.add_argument("--reset-db", action="store_true",
                   help="delete an existing database in --data-dir before starting")
    return p.parse_args(argv)


def main(argv=None):
    _reexec_with_hashseed()
    args = _parse_args(sys.argv[1:] if argv is None else argv)

    import ssl
    if sys.version_info >= (3, 12) or not hasattr(ssl, "wrap_socket"):
        _fail("PyKMIP 0.10 needs ssl.wrap_socket (Python <= 3.11); run with /usr/bin/python3 "
              "(this is {0})".format(sys.version.split()[0]))
    import warnings
    # PyKMIP's crypto engine maps Blowfish/CAST5/IDEA, which cryptography 38 flags as deprecated.
    warnings.filterwarnings("ignore", message=r".* has been deprecated")
    try:
        import kmip  # noqa: F401
        from kmip.services.server import server as kserver
    except Exception as e:  # pragma: no cover - environment problem
        _fail("cannot import PyKMIP (apt install python3-pykmip): {0!r}".format(e))

    for label, path in (("--cert", args.cert), ("--key", args.key), ("--ca", args.ca)):
        if not os.path.isfile(path):
            _fail("{0} {1}: no such file".format(label, path))
    if not (0 <= args.port < 65536):
        _fail("--port must be 0..65535")

    data_dir = os.path.abspath(args.data_dir)
    os.makedirs(data_dir, exist_ok=True)
    log_path = os.path.join(data_dir, "server.log")
    db_path = os.path.join(data_dir, "pykmip.db")
    if args.reset_db and os.path.exists(db_path):
        os.unlink(db_path)
    policy_dir = os.path.abspath(args.policy_dir) if args.policy_dir else \
        os.path.join(data_dir, "policies")
    os.makedirs(policy_dir, exist_ok=True)

    import signal
    import socket

    class _Stop(BaseException):
        pass

    class HarnessServer(kserver.KmipServer):
        """KmipServer with a ready hook and a prompt SIGTERM shutdown.

        The stock serve() only notices SIGTERM when accept() times out (10 s) and stop() then
        joins every thread for up to 10 s each; this loop is otherwise identical.
        """

        def serve_forever(self, on_ready):
            self._socket.listen(16)
            on_ready()
            self._logger.info("Starting connection service...")
            try:
                while True:
                    try:
                        connection, address = self._socket.accept()
                    except socket.timeout:
                        continue
                    except OSError as e:
                        self._logger.warning("Error detected while establishing new connection.")
                        self._logger.exception(e)
                        continue
                    self._setup_connection_handler(connection, address)
            except _Stop:
                self._logger.info("Stopping connection service (signal).")

        def shutdown_quickly(self):
            try:
                self.policy_monitor.stop()
                self.policy_monitor.join(5)
            except Exception as e:
                self._logger.exception(e)
            try:
                self._socket.close()
            except Exception as e:
                self._logger.exception(e)
            try:
                self.manager.shutdown()
            except Exception as e:
                self._logger.exception(e)
            self._logger.info("Server stopped.")

    try:
        s = HarnessServer(
            hostname=args.host,
            port=args.port if args.port else None,
            certificate_path=args.cert,
            key_path=args.key,
            ca_path=args.ca,
            auth_suite="TLS1.2",
            config_path=None,
            log_path=log_path,
            policy_path=policy_dir,
            enable_tls_client_auth=not args.no_eku_check,
            tls_cipher_suites=args.cipher_suites,
            logging_level=args.log_level,
            live_policies=False,
            database_path=db_path,
        )
        if args.port == 0:
            # KmipServerConfig only accepts 0 < port < 65535; bind() itself is fine with 0.
            s.config.settings["port"] = 0
        s.start()
    except Exception as e:
        _fail("failed to start: {0}: {1}".format(type(e).__name__, e))

    def _on_signal(signum, frame):
        raise _Stop()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)

    host, port = s._socket.getsockname()[:2]

    def _ready():
        sys.stdout.write("pykmip-server ready on {0}:{1}\n".format(host, port))
        sys.stdout.flush()
        s._logger.info("ready on %s:%s (pid %s)", host, port, os.getpid())

    try:
        s.serve_forever(_ready)
    except _Stop:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        s.shutdown_quickly()
    return 0


if __name__ == "__main__":
    sys.exit(main())
