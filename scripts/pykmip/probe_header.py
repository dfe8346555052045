#!/usr/bin/python3
"""Probe how a KMIP server treats request-header variants (raw TTLV over mutual TLS).

    /usr/bin/python3 scripts/pykmip/probe_header.py --host 127.0.0.1 --port 5696 \
        --cert client.crt --key client.key --ca ca.crt

Sends one Query(Query Operations) request per case on a fresh TLS 1.2 connection, with a
hand-built request header, and prints ONE JSON object {case: {ok, status, reason, message}}.
Written to pin down PyKMIP 0.10's server behaviour (Time Stamp window, header field order,
Maximum Response Size); usable against any KMIP 1.x server. No PyKMIP import needed.

Cases:
  baseline             Protocol Version 1.2, Batch Count 1
  timestamp_now        + Time Stamp = now
  timestamp_minus_59   + Time Stamp = now - 59 s
  timestamp_minus_61   + Time Stamp = now - 61 s
  timestamp_plus_5     + Time Stamp = now + 5 s
  client_correlation   + Client Correlation Value (KMIP 1.4 tag 0x420105), version 1.4
  max_response_64      + Maximum Response Size = 64 bytes
  version_2_1          Protocol Version 2.1
  batch_count_mismatch Batch Count 2 with one batch item
"""

import argparse
import json
import socket
import ssl
import struct
import time

STRUCT, INT, ENUM, TEXT, DATETIME = 0x01, 0x02, 0x05, 0x07, 0x09

T_REQUEST_MESSAGE = 0x420078
T_REQUEST_HEADER = 0x420077
T_PROTOCOL_VERSION = 0x420069
T_PV_MAJOR = 0x42006A
T_PV_MINOR = 0x42006B
T_MAX_RESPONSE_SIZE = 0x420050
T_CLIENT_CORRELATION = 0x420105
T_TIME_STAMP = 0x420092
T_BATCH_COUNT = 0x42000D
T_BATCH_ITEM = 0x42000F
T_OPERATION = 0x42005C
T_REQUEST_PAYLOAD = 0x420079
T_QUERY_FUNCTION = 0x420074
T_RESULT_STATUS = 0x42007F
T_RESULT_REASON = 0x42007E
T_RESULT_MESSAGE = 0x42007D

RESULT_STATUS = {0: "SUCCESS", 1: "OPERATION_FAILED", 2: "OPERATION_PENDING",
                 3: "OPERATION_UNDONE"}
RESULT_REASON = {
    0x01: "ITEM_NOT_FOUND", 0x02: "RESPONSE_TOO_LARGE", 0x03: "AUTHENTICATION_NOT_SUCCESSFUL",
    0x04: "INVALID_MESSAGE", 0x05: "OPERATION_NOT_SUPPORTED", 0x06: "MISSING_DATA",
    0x07: "INVALID_FIELD", 0x08: "FEATURE_NOT_SUPPORTED",
    0x09: "OPERATION_CANCELED_BY_REQUESTER", 0x0A: "CRYPTOGRAPHIC_FAILURE",
    0x0B: "ILLEGAL_OPERATION", 0x0C: "PERMISSION_DENIED", 0x0D: "OBJECT_ARCHIVED",
    0x0E: "INDEX_OUT_OF_BOUNDS", 0x0F: "APPLICATION_NAMESPACE_NOT_SUPPORTED",
    0x10: "KEY_FORMAT_TYPE_NOT_SUPPORTED", 0x11: "KEY_COMPRESSION_TYPE_NOT_SUPPORTED",
    0x100: "GENERAL_FAILURE",
}


def item(tag, typ, value):
    if typ == STRUCT:
        body = b"".join(value)
    elif typ in (INT, ENUM):
        body = struct.pack(">i" if typ == INT else ">I", value)
    elif typ == DATETIME:
        body = struct.pack(">q", value)
    elif typ == TEXT:
        body = value.encode()
    else:
        raise ValueError(typ)
    pad = (8 - len(body) % 8) % 8
    return tag.to_bytes(3, "big") + bytes([typ]) + struct.pack(">I", len(body)) + body + b"\0" * pad


def parse(data):
    """Flat list of (depth, tag, type, value) for every item."""
    out = []

    def walk(buf, depth):
        i = 0
        while i + 8 <= len(buf):
            tag = int.from_bytes(buf[i:i + 3], "big")
            typ = buf[i + 3]
            ln = struct.unpack(">I", buf[i + 4:i + 8])[0]
            v = buf[i + 8:i + 8 + ln]
            if typ == STRUCT:
                out.append((depth, tag, typ, None))
                walk(v, depth + 1)
            elif typ in (INT, ENUM):
                out.append((depth, tag, typ, int.from_bytes(v, "big")))
            elif typ == TEXT:
                out.append((depth, tag, typ, v.decode("utf-8", "replace")))
            else:
                out.append((depth, tag, typ, v.hex()))
            i += 8 + ln + ((8 - ln % 8) % 8)

    walk(data, 0)
    return out


def request(major=1, minor=2, extra_header=(), batch_count=1):
    header = [item(T_PROTOCOL_VERSION, STRUCT, [item(T_PV_MAJOR, INT, major),
                                                item(T_PV_MINOR, INT, minor)])]
    header += list(extra_header)
    header.append(item(T_BATCH_COUNT, INT, batch_count))
    payload = item(T_REQUEST_PAYLOAD, STRUCT, [item(T_QUERY_FUNCTION, ENUM, 1)])
    batch = item(T_BATCH_ITEM, STRUCT, [item(T_OPERATION, ENUM, 0x18), payload])
    return item(T_REQUEST_MESSAGE, STRUCT, [item(T_REQUEST_HEADER, STRUCT, header), batch])


def send(args, data):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.check_hostname = False
    ctx.load_verify_locations(args.ca)
    ctx.load_cert_chain(args.cert, args.key)
    with socket.create_connection((args.host, args.port), timeout=args.timeout) as raw:
        with ctx.wrap_socket(raw) as s:
            s.sendall(data)
            hdr = b""
            while len(hdr) < 8:
                chunk = s.recv(8 - len(hdr))
                if not chunk:
                    raise EOFError("connection closed before a response")
                hdr += chunk
            n = struct.unpack(">I", hdr[4:8])[0]
            body = b""
            while len(body) < n:
                chunk = s.recv(n - len(body))
                if not chunk:
                    raise EOFError("connection closed mid-response")
                body += chunk
            return hdr + body


def summarize(resp):
    items = parse(resp)
    res = {"ok": None, "status": None, "reason": None, "message": None, "response_bytes": len(resp)}
    for _depth, tag, _typ, val in items:
        if tag == T_RESULT_STATUS and res["status"] is None:
            res["status"] = RESULT_STATUS.get(val, val)
            res["ok"] = val == 0
        elif tag == T_RESULT_REASON and res["reason"] is None:
            res["reason"] = RESULT_REASON.get(val, val)
        elif tag == T_RESULT_MESSAGE and res["message"] is None:
            res["message"] = val
        elif tag == T_PROTOCOL_VERSION:
            pass
    majors = [v for _d, t, _y, v in items if t == T_PV_MAJOR]
    minors = [v for _d, t, _y, v in items if t == T_PV_MINOR]
    if majors and minors:
        res["response_protocol_version"] = "{0}.{1}".format(majors[0], minors[0])
    return res


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5696)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--ca", required=True)
    p.add_argument("--timeout", type=float, default=10.0)
    args = p.parse_args()

    now = int(time.time())
    cases = {
        "baseline": lambda: request(),
        "timestamp_now": lambda: request(extra_header=[item(T_TIME_STAMP, DATETIME, now)]),
        "timestamp_minus_59": lambda: request(
            extra_header=[item(T_TIME_STAMP, DATETIME, int(time.time()) - 59)]),
        "timestamp_minus_61": lambda: request(
            extra_header=[item(T_TIME_STAMP, DATETIME, int(time.time()) - 61)]),
        "timestamp_plus_5": lambda: request(
            extra_header=[item(T_TIME_STAMP, DATETIME, int(time.time()) + 5)]),
        "client_correlation": lambda: request(
            minor=4, extra_header=[item(T_CLIENT_CORRELATION, TEXT, "ekmsim-probe")]),
        "max_response_64": lambda: request(extra_header=[item(T_MAX_RESPONSE_SIZE, INT, 64)]),
        "version_2_1": lambda: request(major=2, minor=1),
        "batch_count_mismatch": lambda: request(batch_count=2),
    }
    out = {}
    for name, build in cases.items():
        try:
            out[name] = summarize(send(args, build()))
        except Exception as e:
            out[name] = {"ok": False, "error_type": type(e).__name__, "message": str(e)}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
