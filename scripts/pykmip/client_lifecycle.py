#!/usr/bin/python3
"""Drive a KMIP server through the symmetric-key lifecycle with PyKMIP 0.10's ProxyKmipClient.

Usage (Debian's /usr/bin/python3 3.11 only; PyKMIP 0.10 needs ssl.wrap_socket):

    /usr/bin/python3 scripts/pykmip/client_lifecycle.py --host 127.0.0.1 --port 5696 \
        --cert client.crt --key client.key --ca ca.crt [--kmip-version 1.2] [--trace]

Prints ONE JSON object on stdout. Exit 0 when the script ran to the end, whatever the server
answered (the caller judges). Exit 1 for a crash or a connection/TLS failure: the error goes to
stderr and whatever was collected so far is still printed on stdout (with "fatal" set).
Exit 2 for bad arguments / environment.

Sequence on one TLS connection (every call recorded, in this order):
  steps.create                  Create AES-256, Name=x-SolidFire-KeyID-<uuid>, mask Encrypt|Decrypt
  steps.activate                Activate
  must_fail.activate_twice      Activate again
  steps.get                     Get (algorithm, length, key bytes, format)
  steps.locate                  Locate by Name (list of UIDs)
  steps.get_attributes          GetAttributes, all attributes (names, State)
  must_fail.destroy_active      Destroy while Active
  steps.revoke                  Revoke (--revocation-reason, default unspecified)
  steps.get_attributes_after_revoke   GetAttributes [State, Name]
  observed.get_all_attributes_after_revoke   (PyKMIP cannot decode a Revocation Reason attribute)
  steps.destroy                 Destroy
  must_fail.get_after_destroy   Get
  observed.get_attributes_after_destroy   (servers differ: Item Not Found or State=Destroyed)
  observed.locate_after_destroy           Locate by the same Name
  must_fail.get_unknown_uid     Get of a UID that does not exist (--unknown-uid)
  must_fail.destroy_unknown_uid Destroy of that UID

Each entry is {"ok": true, ...details} or, on failure,
{"ok": false, "status": "OPERATION_FAILED", "reason": "ITEM_NOT_FOUND", "message": "...",
 "status_code": 1, "reason_code": 1} for a KmipOperationFailure, or
{"ok": false, "status": null, "reason": null, "error_type": "...", "message": "..."} otherwise.
Enum names are PyKMIP's (kmip.core.enums).

Facts about this client (PyKMIP 0.10): it sends Protocol Version 1.2 unless --kmip-version is
given, a Batch Count of 1, no Time Stamp, no Maximum Response Size, no Authentication (unless a
config file supplies username/password - this script passes an empty config file so nothing leaks
in from ~/.pykmip/pykmip.conf or /etc/pykmip/pykmip.conf). TLS: ssl.wrap_socket without
server_hostname -> no SNI and no hostname check (only the chain is verified against --ca).
"""

import argparse
import binascii
import json
import os
import platform
import sys
import tempfile
import time
import traceback
import uuid

RESULT = {}
TRACE = []
CURRENT = {"step": None}


def _emit_and_exit(code):
    sys.stdout.write(json.dumps(RESULT, indent=2, default=str))
    sys.stdout.write("\n")
    sys.stdout.flush()
    sys.exit(code)


def _parse_args():
    p = argparse.ArgumentParser(description="PyKMIP symmetric key lifecycle probe.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5696)
    p.add_argument("--cert", required=True, help="client certificate (PEM)")
    p.add_argument("--key", required=True, help="client private key (PEM)")
    p.add_argument("--ca", required=True, help="CA certificate used to verify the server (PEM)")
    p.add_argument("--kmip-version", default=None,
                   help="1.0, 1.1, 1.2, 1.3, 1.4 or 2.0 (PyKMIP default when omitted: 1.2)")
    p.add_argument("--ssl-version", default=None,
                   help="ssl module protocol constant name, e.g. PROTOCOL_TLSv1_2 "
                        "(PyKMIP default: PROTOCOL_SSLv23 = negotiate)")
    p.add_argument("--name", default=None,
                   help="Name attribute for the key (default x-SolidFire-KeyID-<uuid4>)")
    p.add_argument("--revocation-reason", default="unspecified",
                   help="RevocationReasonCode name, e.g. unspecified, key_compromise, "
                        "cessation_of_operation (default unspecified)")
    p.add_argument("--unknown-uid", default=None,
                   help="UID used for the unknown-object cases (default a random UUID)")
    p.add_argument("--timeout", type=float, default=30.0, help="socket timeout, seconds")
    p.add_argument("--trace", action="store_true",
                   help="include every request/response TTLV (hex) in the JSON under 'trace'")
    return p.parse_args()


def _jsonable(v, depth=0):
    """Best-effort conversion of PyKMIP attribute values to JSON."""
    import enum
    if depth > 6:
        return str(v)
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, enum.Enum):
        return v.name
    if isinstance(v, (bytes, bytearray)):
        return binascii.hexlify(bytes(v)).decode()
    if isinstance(v, (list, tuple)):
        return [_jsonable(x, depth + 1) for x in v]
    # kmip.core.attributes.Name
    if hasattr(v, "name_value") and hasattr(v, "name_type"):
        return {"value": _jsonable(v.name_value, depth + 1),
                "type": _jsonable(v.name_type, depth + 1)}
    # kmip.core.primitives.* (Integer, Enumeration, TextString, DateTime, ...)
    if hasattr(v, "value") and not callable(getattr(v, "value")):
        return _jsonable(v.value, depth + 1)
    return str(v)


def main():
    args = _parse_args()

    import ssl
    if sys.version_info >= (3, 12) or not hasattr(ssl, "wrap_socket"):
        sys.stderr.write("client_lifecycle: PyKMIP 0.10 needs ssl.wrap_socket (Python <= 3.11); "
                         "run with /usr/bin/python3\n")
        sys.exit(2)
    try:
        import kmip
        from kmip.core import enums
        from kmip.core.factories import attributes as attr_factory
        from kmip.pie import client as pie_client
        from kmip.pie import exceptions as pie_exc
        from kmip.services import kmip_protocol
    except Exception as e:
        sys.stderr.write("client_lifecycle: cannot import PyKMIP (apt install python3-pykmip): "
                         "{0!r}\n".format(e))
        sys.exit(2)

    versions = {
        "1.0": enums.KMIPVersion.KMIP_1_0, "1.1": enums.KMIPVersion.KMIP_1_1,
        "1.2": enums.KMIPVersion.KMIP_1_2, "1.3": enums.KMIPVersion.KMIP_1_3,
        "1.4": enums.KMIPVersion.KMIP_1_4, "2.0": enums.KMIPVersion.KMIP_2_0,
    }
    kmip_version = None
    if args.kmip_version:
        kmip_version = versions.get(args.kmip_version)
        if kmip_version is None:
            sys.stderr.write("client_lifecycle: --kmip-version must be one of {0}\n".format(
                ", ".join(sorted(versions))))
            sys.exit(2)
    try:
        revocation_code = enums.RevocationReasonCode[args.revocation_reason.upper()]
    except KeyError:
        sys.stderr.write("client_lifecycle: unknown --revocation-reason {0}\n".format(
            args.revocation_reason))
        sys.exit(2)

    name = args.name or "x-SolidFire-KeyID-{0}".format(uuid.uuid4())
    unknown_uid = args.unknown_uid or str(uuid.uuid4())

    # Record wire traffic (optional) by wrapping PyKMIP's framing layer.
    if args.trace:
        orig_write = kmip_protocol.KMIPProtocol.write
        orig_read = kmip_protocol.KMIPProtocol.read

        def write(self, data):
            TRACE.append({"step": CURRENT["step"], "dir": "request",
                          "hex": binascii.hexlify(bytes(data)).decode()})
            return orig_write(self, data)

        def read(self):
            data = orig_read(self)
            TRACE.append({"step": CURRENT["step"], "dir": "response",
                          "hex": binascii.hexlify(bytes(data.buffer)).decode()})
            return data

        kmip_protocol.KMIPProtocol.write = write
        kmip_protocol.KMIPProtocol.read = read

    RESULT.update({
        "tool": "pykmip-client-lifecycle",
        "pykmip_version": getattr(kmip, "__version__", None),
        "python": platform.python_version(),
        "openssl": ssl.OPENSSL_VERSION,
        "server": {"host": args.host, "port": args.port},
        "kmip_version": args.kmip_version or "1.2 (PyKMIP default)",
        "ssl_version": args.ssl_version or "PROTOCOL_SSLv23 (PyKMIP default)",
        "name": name,
        "unknown_uid": unknown_uid,
        "tls": None,
        "steps": {},
        "must_fail": {},
        "observed": {},
        "fatal": None,
    })
    if args.trace:
        RESULT["trace"] = TRACE

    # Empty config file: keep ~/.pykmip/pykmip.conf and /etc/pykmip/pykmip.conf out of the run.
    cfg_fd, cfg_path = tempfile.mkstemp(prefix="pykmip-client-", suffix=".conf")
    os.close(cfg_fd)

    client = pie_client.ProxyKmipClient(
        hostname=args.host,
        port=args.port,
        cert=args.cert,
        key=args.key,
        ca=args.ca,
        ssl_version=args.ssl_version,
        config_file=cfg_path,
        kmip_version=kmip_version,
    )
    client.proxy.timeout = args.timeout

    connection_errors = (OSError, EOFError, ConnectionError)

    def call(section, step, fn):
        """Run one operation; record ok/details or the failure. Re-raise connection failures."""
        CURRENT["step"] = step
        t0 = time.monotonic()
        try:
            details = fn() or {}
            entry = {"ok": True}
            entry.update(details)
        except pie_exc.KmipOperationFailure as e:
            entry = {
                "ok": False,
                "status": getattr(e.status, "name", _jsonable(e.status)),
                "reason": getattr(e.reason, "name", _jsonable(e.reason)),
                "message": e.message,
                "status_code": getattr(e.status, "value", None),
                "reason_code": getattr(e.reason, "value", None),
            }
        except connection_errors:
            raise
        except Exception as e:
            entry = {"ok": False, "status": None, "reason": None,
                     "error_type": type(e).__name__, "message": str(e)}
        entry["ms"] = round((time.monotonic() - t0) * 1000, 1)
        RESULT[section][step] = entry
        return entry

    state = {"uid": None}

    def uid():
        if state["uid"] is None:
            raise RuntimeError("no key: create failed")
        return state["uid"]

    def name_attribute():
        return attr_factory.AttributeFactory().create_attribute(enums.AttributeType.NAME, name)

    def do_create():
        u = client.create(
            enums.CryptographicAlgorithm.AES, 256, name=name,
            cryptographic_usage_mask=[enums.CryptographicUsageMask.ENCRYPT,
                                      enums.CryptographicUsageMask.DECRYPT])
        state["uid"] = u
        return {"uid": u}

    def do_activate():
        client.activate(uid())

    def do_get(target):
        def run():
            obj = client.get(target() if callable(target) else target)
            value = getattr(obj, "value", None)
            return {
                "object_type": _jsonable(getattr(obj, "object_type", None)),
                "algorithm": _jsonable(getattr(obj, "cryptographic_algorithm", None)),
                "length": getattr(obj, "cryptographic_length", None),
                "key_bits": len(value) * 8 if value is not None else None,
                "key_format_type": _jsonable(getattr(obj, "key_format_type", None)),
                # (Get returns key material only; names/usage mask come from GetAttributes.)
            }
        return run

    def do_locate():
        uids = client.locate(attributes=[name_attribute()])
        return {"uids": list(uids)}

    def do_get_attributes(names=None):
        _uid, attrs = client.get_attributes(uid(), names)
        names = [a.attribute_name.value for a in attrs]
        # Name is multi-instance: always a list. Any other repeated attribute becomes a list too.
        grouped = {}
        for a in attrs:
            grouped.setdefault(a.attribute_name.value, []).append(_jsonable(a.attribute_value))
        values = {n: (v if n == "Name" or len(v) > 1 else v[0]) for n, v in grouped.items()}
        return {"uid": _uid, "attribute_names": names, "state": values.get("State"),
                "attributes": values}

    def do_revoke():
        kwargs = {}
        if revocation_code == enums.RevocationReasonCode.KEY_COMPROMISE:
            kwargs["compromise_occurrence_date"] = int(time.time())
        client.revoke(revocation_code, uid(), **kwargs)
        return {"revocation_reason": revocation_code.name}

    def do_destroy(target):
        def run():
            client.destroy(target() if callable(target) else target)
        return run

    try:
        CURRENT["step"] = "open"
        client.open()
        sock = client.proxy.socket
        cipher = sock.cipher()
        RESULT["tls"] = {
            "version": sock.version(),
            "cipher": cipher[0] if cipher else None,
            "bits": cipher[2] if cipher else None,
            "server_hostname_sent": sock.server_hostname,  # None -> no SNI
            "peer_subject": _jsonable([list(x) for x in sock.getpeercert().get("subject", [])]),
        }

        call("steps", "create", do_create)
        call("steps", "activate", do_activate)
        call("must_fail", "activate_twice", do_activate)
        call("steps", "get", do_get(uid))
        call("steps", "locate", do_locate)
        call("steps", "get_attributes", do_get_attributes)
        call("must_fail", "destroy_active", do_destroy(uid))
        call("steps", "revoke", do_revoke)
        # Named, not all: a revoked key carries a Revocation Reason attribute (KMIP 1.4 §3.31),
        # which PyKMIP 0.10's client cannot decode (NotImplementedError in its attribute factory).
        call("steps", "get_attributes_after_revoke", lambda: do_get_attributes(["State", "Name"]))
        call("observed", "get_all_attributes_after_revoke", do_get_attributes)
        call("steps", "destroy", do_destroy(uid))
        call("must_fail", "get_after_destroy", do_get(uid))
        call("observed", "get_attributes_after_destroy", do_get_attributes)
        call("observed", "locate_after_destroy", do_locate)
        call("must_fail", "get_unknown_uid", do_get(unknown_uid))
        call("must_fail", "destroy_unknown_uid", do_destroy(unknown_uid))
    except connection_errors as e:
        RESULT["fatal"] = {"step": CURRENT["step"], "error_type": type(e).__name__,
                           "message": str(e)}
        sys.stderr.write("client_lifecycle: connection failure during {0}: {1}: {2}\n".format(
            CURRENT["step"], type(e).__name__, e))
        _finish(client, cfg_path)
        _emit_and_exit(1)
    except Exception as e:
        RESULT["fatal"] = {"step": CURRENT["step"], "error_type": type(e).__name__,
                           "message": str(e)}
        sys.stderr.write("client_lifecycle: crash during {0}:\n{1}".format(
            CURRENT["step"], traceback.format_exc()))
        _finish(client, cfg_path)
        _emit_and_exit(1)

    _finish(client, cfg_path)
    steps = RESULT["steps"]
    RESULT["summary"] = {
        "happy_path_ok": all(steps.get(s, {}).get("ok") for s in (
            "create", "activate", "get", "locate", "get_attributes", "revoke", "destroy")),
        "must_fail_all_failed": all(not v.get("ok") for v in RESULT["must_fail"].values()),
    }
    _emit_and_exit(0)


def _finish(client, cfg_path):
    try:
        client.close()
    except Exception:
        pass
    try:
        os.unlink(cfg_path)
    except OSError:
        pass


if __name__ == "__main__":
    main()
