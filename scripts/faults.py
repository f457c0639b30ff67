"""Fault cases for scripts/load-faults.sh, over loopback, each bounded in count and time.

Usage: faults.py PORT. Talks raw HTTP/1.1 over sockets so it can send what no client library
would: half-sent requests, bodies cut short, malformed header values. After each case it checks
that the server still answers a normal CORS request correctly. Prints one RESULT line per case and
exits non-zero if the server stopped serving or answered a disallowed origin.
"""

import socket
import sys
import time

PORT = int(sys.argv[1])
APP = b"https://app.example.com"
failures = []


def connect(timeout=5.0):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    s.settimeout(timeout)
    return s


def exchange(raw, timeout=5.0):
    """Sends raw bytes on a new connection; returns (status or None, headers dict, closed_early)."""
    s = connect(timeout)
    try:
        s.sendall(raw)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except (ConnectionResetError, BrokenPipeError, socket.timeout):
        data = data if "data" in locals() else b""
    finally:
        s.close()
    if not data.startswith(b"HTTP/1.1 "):
        return None, {}, True
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    status = int(head[0].split()[1])
    headers = {}
    for line in head[1:]:
        k, _, v = line.partition(b":")
        headers.setdefault(k.strip().lower(), []).append(v.strip())
    return status, headers, False


def request(method, path, headers=(), body=b""):
    lines = [f"{method} {path} HTTP/1.1".encode(), b"Host: 127.0.0.1", b"Connection: close"]
    lines += [k + b": " + v for k, v in headers]
    if body:
        lines.append(b"Content-Length: " + str(len(body)).encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def still_serving(case):
    status, h, _ = exchange(request("GET", "/users", [(b"Origin", APP)]))
    ok = status == 200 and h.get(b"access-control-allow-origin") == [APP]
    if not ok:
        failures.append(f"{case}: normal request got {status} {h}")
    return ok


def half_sent(total=10000, batch=500):
    """Connections that send part of a request head and then nothing, held open in batches while
    normal requests are served."""
    served = 0
    t0 = time.time()
    for _ in range(total // batch):
        held = []
        for _ in range(batch):
            s = connect()
            s.sendall(b"GET /users HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://app.exa")
            held.append(s)
        for _ in range(5):
            served += still_serving("half-sent")
        for s in held:
            s.close()
    print(f"RESULT half_sent connections={total} held_at_once={batch} normal_served={served}/"
          f"{5 * (total // batch)} seconds={time.time() - t0:.1f}")


def mid_body(total=2000):
    """POSTs announcing 1000 bytes of body, sending 10, then closing."""
    t0 = time.time()
    for i in range(total):
        s = connect()
        s.sendall(b"POST /users HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://app.example.com\r\n"
                  b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\": \"")
        s.close()
    served = sum(still_serving("mid-body") for _ in range(20))
    print(f"RESULT mid_body disconnects={total} normal_served={served}/20 seconds={time.time() - t0:.1f}")


MALFORMED = [
    ("origin bytes >= 0x80", [(b"Origin", b"https://\xe9xample.com")]),
    ("origin 0x7f", [(b"Origin", b"https://app.example.com\x7f")]),
    ("origin NUL", [(b"Origin", b"https://app.example.com\x00")]),
    ("origin 8 KiB", [(b"Origin", b"https://" + b"a" * 8192 + b".example.com")]),
    ("origin two lines", [(b"Origin", APP), (b"Origin", APP)]),
    ("origin list", [(b"Origin", APP + b", https://evil.example.net")]),
    ("origin obs-fold", [(b"Origin", b"https://evil.example.net\r\n " + APP)]),
    ("origin empty", [(b"Origin", b"")]),
    ("header without colon", [(b"Origin https://app.example.com", b"")]),
]
PREFLIGHT_MALFORMED = [
    ("ACRM with space", [(b"Origin", APP), (b"Access-Control-Request-Method", b"PO ST")]),
    ("ACRM empty", [(b"Origin", APP), (b"Access-Control-Request-Method", b"")]),
    ("ACRM 8 KiB", [(b"Origin", APP), (b"Access-Control-Request-Method", b"P" * 8192)]),
    ("ACRH 64 KiB", [(b"Origin", APP), (b"Access-Control-Request-Method", b"POST"),
                     (b"Access-Control-Request-Headers", b"x-a," * 16384)]),
    ("ACRH 20000 commas", [(b"Origin", APP), (b"Access-Control-Request-Method", b"POST"),
                           (b"Access-Control-Request-Headers", b"," * 20000)]),
    ("ACRH bytes >= 0x80", [(b"Origin", APP), (b"Access-Control-Request-Method", b"POST"),
                            (b"Access-Control-Request-Headers", b"content-type,\xff")]),
    ("ACRPN two lines", [(b"Origin", APP), (b"Access-Control-Request-Method", b"POST"),
                         (b"Access-Control-Request-Private-Network", b"false"),
                         (b"Access-Control-Request-Private-Network", b"true")]),
]


def malformed():
    outcomes = []
    for name, headers in MALFORMED:
        status, h, closed = exchange(request("GET", "/users", headers))
        acao = h.get(b"access-control-allow-origin")
        # None of these is one allowed origin on one line: none may be answered.
        if acao is not None:
            failures.append(f"malformed {name}: answered Allow-Origin {acao}")
        outcomes.append(f"{name}={'closed' if closed else status}")
    for name, headers in PREFLIGHT_MALFORMED:
        status, h, closed = exchange(request("OPTIONS", "/users", headers))
        leaked = [k for k in h if k.startswith(b"access-control-")]
        if status not in (403, 400, 431, None) or leaked:
            failures.append(f"preflight {name}: {status} {leaked}")
        outcomes.append(f"{name}={'closed' if closed else status}")
    served = sum(still_serving("malformed") for _ in range(10))
    print("RESULT malformed " + "; ".join(outcomes) + f"; normal_served={served}/10")


def panics(total=500):
    """A handler that panics, requested while normal requests keep going."""
    closed = answered = served = 0
    statuses = {}
    t0 = time.time()
    for i in range(total):
        status, h, was_closed = exchange(request("GET", "/panic", [(b"Origin", APP)]))
        if was_closed:
            closed += 1
        else:
            answered += 1
            statuses[status] = statuses.get(status, 0) + 1
        if i % 10 == 0:
            served += still_serving("panic")
    print(f"RESULT panics requests={total} connection_closed_without_answer={closed} "
          f"answered={answered} statuses={statuses} normal_served={served}/{(total + 9) // 10} "
          f"seconds={time.time() - t0:.1f}")
    caught = decorated = 0
    for _ in range(total):
        status, h, _ = exchange(request("GET", "/panic-caught", [(b"Origin", APP)]))
        caught += status == 500
        decorated += h.get(b"access-control-allow-origin") == [APP]
    if decorated != total:
        failures.append(f"caught panics: {decorated}/{total} 500s carried Allow-Origin")
    print(f"RESULT caught_panics requests={total} status_500={caught} with_allow_origin={decorated} "
          f"normal_served_after={sum(still_serving('caught panic') for _ in range(10))}/10")


if __name__ == "__main__":
    cases = sys.argv[2:] or ["half_sent", "mid_body", "malformed", "panics"]
    for case in cases:
        globals()[case]()
    if failures:
        print("FAILURES:")
        for f in failures[:50]:
            print("  " + f)
        sys.exit(1)
