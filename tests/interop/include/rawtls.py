#!/usr/bin/env python3
"""rawtls.py -- hand-made TLS records for ward's downgrade tests (127.0.0.1 only).

  rawtls.py hello MODE PORT
      Sends one ClientHello to 127.0.0.1:PORT and prints, in hex, everything the
      server sends back until it closes (at most 64 KiB, 5 s). MODE:
        ssl3   record 3.0, client_version 3.0, no extensions
        tls10  record 3.1, client_version 3.1, TLS 1.2-style extensions
        tls11  record 3.1, client_version 3.2
        tls12  record 3.1, client_version 3.3, no supported_versions; prints
               "server_random_tail HEX" (the last 8 bytes of ServerHello.random)
        sslv2  an SSL 2.0-compatible CLIENT-HELLO (RFC 5246 E.2)
  rawtls.py fake-server TAIL
      Listens on 127.0.0.1 (a free port, printed as "listening PORT"), reads one
      ClientHello and answers with a TLS 1.2 ServerHello whose random ends in
      TAIL (hex, 8 bytes; "none" for random bytes). Then prints what the client
      sends within 2 s ("client sent HEX" / "client sent nothing") and exits.
"""
import os
import socket
import struct
import sys


def ext(t, body):
    return struct.pack(">HH", t, len(body)) + body


def record(ctype, ver, body):
    return bytes([ctype]) + struct.pack(">HH", ver, len(body)) + body


def handshake(htype, body):
    return bytes([htype]) + struct.pack(">I", len(body))[1:] + body


TLS12_EXTS = [
    ext(10, b"\x00\x04\x00\x1d\x00\x17"),  # supported_groups: x25519, secp256r1
    ext(11, b"\x01\x00"),  # ec_point_formats: uncompressed
    ext(13, b"\x00\x06\x04\x03\x08\x04\x04\x01"),  # signature_algorithms
    ext(23, b""),  # extended_master_secret
    ext(0xFF01, b"\x00"),  # renegotiation_info (empty)
]


def client_hello(rec_ver, cli_ver, suites, exts):
    body = struct.pack(">H", cli_ver) + os.urandom(32) + b"\x00"
    body += struct.pack(">H", 2 * len(suites)) + b"".join(struct.pack(">H", s) for s in suites)
    body += b"\x01\x00"
    if exts is not None:
        e = b"".join(exts)
        body += struct.pack(">H", len(e)) + e
    return record(0x16, rec_ver, handshake(1, body))


def read_all(sock, limit=65536, stop=None):
    data = b""
    try:
        while len(data) < limit:
            d = sock.recv(65536)
            if not d:
                break
            data += d
            if stop and stop(data):
                break
    except socket.timeout:
        pass
    except ConnectionResetError:
        pass
    return data


def hello(mode, port):
    suites = [0xC02B, 0xC02F, 0xC013, 0x002F]
    if mode == "ssl3":
        msg = client_hello(0x0300, 0x0300, [0xC02B, 0xC02F, 0x002F, 0x000A], None)
    elif mode == "tls10":
        msg = client_hello(0x0301, 0x0301, suites, TLS12_EXTS)
    elif mode == "tls11":
        msg = client_hello(0x0301, 0x0302, suites, TLS12_EXTS)
    elif mode == "tls12":
        msg = client_hello(0x0301, 0x0303, [0xC02B, 0xC02F], TLS12_EXTS)
    elif mode == "sslv2":
        cs = b"\x00\xc0\x2b\x00\xc0\x2f\x00\x00\x2f"
        body = b"\x01\x03\x00" + struct.pack(">HHH", len(cs), 0, 16) + cs + os.urandom(16)
        msg = struct.pack(">H", 0x8000 | len(body)) + body
    else:
        sys.exit("unknown mode " + mode)
    s = socket.create_connection(("127.0.0.1", int(port)), timeout=5)
    s.sendall(msg)
    # For tls12, the ServerHello's random is all we need.
    stop = (lambda d: len(d) >= 5 + 4 + 2 + 32) if mode == "tls12" else None
    data = read_all(s, stop=stop)
    s.close()
    print(data.hex())
    if mode == "tls12" and data[:1] == b"\x16" and len(data) >= 43:
        print("server_random_tail", data[5 + 4 + 2 + 24 : 5 + 4 + 2 + 32].hex())


def fake_server(tail):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    ls.settimeout(30)
    print("listening", ls.getsockname()[1], flush=True)
    c, _ = ls.accept()
    c.settimeout(5)
    # One ClientHello record (header, then its body).
    hdr = b""
    while len(hdr) < 5:
        d = c.recv(5 - len(hdr))
        if not d:
            sys.exit("client closed before its ClientHello")
        hdr += d
    n = struct.unpack(">H", hdr[3:5])[0]
    body = b""
    while len(body) < n:
        d = c.recv(n - len(body))
        if not d:
            break
        body += d
    print("client hello", len(body), "bytes", flush=True)
    rnd = os.urandom(24) + (os.urandom(8) if tail == "none" else bytes.fromhex(tail))
    exts = ext(0xFF01, b"\x00") + ext(23, b"") + ext(11, b"\x01\x00")
    sh = struct.pack(">H", 0x0303) + rnd + b"\x20" + os.urandom(32) + b"\xc0\x2b\x00"
    sh += struct.pack(">H", len(exts)) + exts
    c.sendall(record(0x16, 0x0303, handshake(2, sh)))
    c.settimeout(2)
    data = read_all(c)
    print("client sent", data.hex() if data else "nothing", flush=True)
    c.close()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "hello":
        hello(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "fake-server":
        fake_server(sys.argv[2])
    else:
        sys.exit(__doc__)
