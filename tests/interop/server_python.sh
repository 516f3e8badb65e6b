#!/usr/bin/env bash
# python3's ssl module -> ward server.
#
# ssl.create_default_context(cafile=...) with check_hostname on: chain and name
# verification by a third client stack; echo, HTTP over --www, client
# certificates, and a clean close_notify exchange (SSLSocket.unwrap()).
source "$(dirname "$0")/lib.sh"
need_cmd openssl ss timeout
need_ward
make_pki

cat >"$T/client.py" <<'EOF_PY'
import socket, ssl, sys

mode, port, ca = sys.argv[1], int(sys.argv[2]), sys.argv[3]
name = sys.argv[4] if len(sys.argv) > 4 else "localhost"
ctx = ssl.create_default_context(cafile=ca)
assert ctx.check_hostname and ctx.verify_mode == ssl.CERT_REQUIRED
ctx.minimum_version = ssl.TLSVersion.TLSv1_3
if mode == "mtls":
    ctx.load_cert_chain(sys.argv[5], sys.argv[6])
if mode == "alpn":
    ctx.set_alpn_protocols(["http/1.1"])

raw = socket.create_connection(("127.0.0.1", port), timeout=10)
try:
    tls = ctx.wrap_socket(raw, server_hostname=name)
except ssl.SSLError as e:
    print("handshake error:", e)
    sys.exit(3)
print("version", tls.version())
print("cipher", tls.cipher()[0])
print("alpn", tls.selected_alpn_protocol())
print("peer", dict(x[0] for x in tls.getpeercert()["subject"])["commonName"])

if mode == "http":
    tls.sendall(b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n")
    data = b""
    while True:
        chunk = tls.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    print("status", head.split(b"\r\n")[0].decode())
    sys.stdout.flush()
    sys.stdout.buffer.write(b"body " + body)
    sys.exit(0)

token = sys.argv[-1].encode() + b"\n"
try:
    tls.sendall(token)
    got = b""
    while len(got) < len(token):
        chunk = tls.recv(4096)
        if not chunk:
            break
        got += chunk
except ssl.SSLError as e:
    print("io error:", e)
    sys.exit(4)
print("echo", "ok" if got == token else "MISMATCH %r" % got)
# unwrap() sends close_notify and waits for the server's.
tls.unwrap()
print("closed cleanly")
EOF_PY

py() {
    bounded 20 "$PYTHON" "$T/client.py" "$@" >"$T/py.out" 2>"$T/py.err"
    PY_RC=$?
    case_log "$T/py.out" "$T/py.err" "$T/srv.err"
}

for cert in rsa ecdsa ed25519; do
    case_begin "python ssl -> ward server: $cert certificate, echo, clean close"
    if start_ward_server srv --cert "$PKI/$cert.chain.pem" --key "$PKI/$cert.key" --max-conns 1; then
        tok=$(token)
        py echo "$PORT" "$PKI/ca.pem" localhost "$tok"
        expect_eq "python exit status" "$PY_RC" 0
        expect_grep "$T/py.out" '^version TLSv1\.3$'
        expect_grep "$T/py.out" '^cipher TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)$'
        expect_grep "$T/py.out" '^peer localhost$'
        expect_grep "$T/py.out" '^echo ok$'
        expect_grep "$T/py.out" '^closed cleanly$'
        wait_peer_exit srv 5
        expect_eq "ward server exit status" "$PEER_RC" 0
    fi
    case_end
done

case_begin "python ssl -> ward server --www: HTTP/1.0 GET /"
WWW=$T/www
mkdir -p "$WWW"
echo "hello from ward $(token)" >"$WWW/index.html"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --www "$WWW" \
    --max-conns 1; then
    py http "$PORT" "$PKI/ca.pem"
    expect_eq "python exit status" "$PY_RC" 0
    expect_grep "$T/py.out" '^status HTTP/1\.[01] 200'
    expect_grep "$T/py.out" "^body $(cat "$WWW/index.html")\$"
    wait_peer_exit srv 5
fi
case_end

case_begin "python ssl ALPN http/1.1 -> ward server --alpn h2,http/1.1"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --alpn h2,http/1.1 \
    --max-conns 1; then
    py alpn "$PORT" "$PKI/ca.pem" localhost "$(token)"
    expect_eq "python exit status" "$PY_RC" 0
    expect_grep "$T/py.out" '^alpn http/1\.1$'
    expect_grep "$T/py.out" '^echo ok$'
    wait_peer_exit srv 5
fi
case_end

case_begin "python ssl with a client certificate -> ward server --verify-client"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
    --verify-client "$PKI/clientca.pem" --max-conns 1; then
    py mtls "$PORT" "$PKI/ca.pem" localhost "$PKI/client.pem" "$PKI/client.key" "$(token)"
    expect_eq "python exit status" "$PY_RC" 0
    expect_grep "$T/py.out" '^echo ok$'
    wait_peer_exit srv 5
fi
case_end

case_begin "python ssl without a client certificate -> ward server --verify-client: refused"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
    --verify-client "$PKI/clientca.pem" --max-conns 1; then
    py echo "$PORT" "$PKI/ca.pem" localhost "$(token)"
    expect_eq "python exit status (4: I/O error after the handshake)" "$PY_RC" 4
    expect_grep "$T/py.out" 'CERTIFICATE_REQUIRED|certificate required' "python output"
    expect_no_grep "$T/py.out" '^echo ok$'
    wait_peer_exit srv 5
fi
case_end

# Control: python's hostname check must reject ward's certificate for another name.
case_begin "control: python with server_hostname=wrong.example rejects ward's certificate"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
    py echo "$PORT" "$PKI/ca.pem" wrong.example "$(token)"
    expect_eq "python exit status (3: handshake error)" "$PY_RC" 3
    expect_grep "$T/py.out" "Hostname mismatch|doesn't match"
    wait_peer_exit srv 5
    expect_grep "$T/srv.err" 'bad_certificate' "ward server stderr (alert received)"
fi
case_end

finish
