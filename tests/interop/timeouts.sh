#!/usr/bin/env bash
# ward server --handshake-timeout / --idle-timeout: a client that connects and
# sends nothing, one that sends half a ClientHello and then trickles a byte at
# a time, and one that completes the handshake and then goes quiet are each
# dropped after the timeout (1 s here), and the server, which serves one
# connection at a time, then serves the client waiting behind them.
source "$(dirname "$0")/lib.sh"
need_cmd openssl ss timeout "$PYTHON"
need_ward
make_pki

# The hostile clients: each prints "closed SECONDS" when the server closed the
# connection (EOF or reset), or "open SECONDS" if it was still open when the
# client gave up.
cat >"$T/client.py" <<'EOF'
import select, socket, ssl, sys, time

def wait_closed(s, t0, limit):
    while True:
        left = limit - (time.monotonic() - t0)
        if left <= 0:
            return False
        s.settimeout(left)
        try:
            if s.recv(4096) == b"":
                return True
        except socket.timeout:
            return False
        except (ConnectionError, ssl.SSLError, OSError):
            return True

def half_client_hello():
    # A record of 512 bytes announced, a ClientHello of 508: only the first
    # half of it is sent.
    body = b"\x03\x03" + bytes(32) + b"\x00" + b"\x00\x02\x13\x01" + b"\x01\x00"
    return b"\x16\x03\x01\x02\x00" + b"\x01\x00\x01\xfc" + body + bytes(256 - len(body))

def trickle(s, t0, limit):
    s.sendall(half_client_hello())
    while time.monotonic() - t0 < limit:
        try:
            s.send(b"\x00")
        except (ConnectionError, OSError):
            return True
        readable, _, _ = select.select([s], [], [], 0.2)
        if readable and wait_closed(s, time.monotonic(), 0.01):
            return True
    return False

def idle(s, ca, limit):
    ctx = ssl.create_default_context(cafile=ca)
    tls = ctx.wrap_socket(s, server_hostname="localhost")
    tls.sendall(b"ping\n")
    tls.settimeout(limit)
    if tls.recv(16) != b"ping\n":
        raise SystemExit("no echo")
    t0 = time.monotonic()
    return wait_closed(tls, t0, limit), t0

def main():
    mode, port, limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    s = socket.create_connection(("127.0.0.1", port), timeout=limit)
    t0 = time.monotonic()
    if mode == "silent":
        closed = wait_closed(s, t0, limit)
    elif mode == "trickle":
        closed = trickle(s, t0, limit)
    else:
        closed, t0 = idle(s, sys.argv[4], limit)
    print("%s %.2f" % ("closed" if closed else "open", time.monotonic() - t0))

main()
EOF

# hostile MODE SECONDS [ARGS]: runs the client in the background (output in
# $T/hostile.out) against $PORT, giving up after SECONDS.
hostile() {
    local mode=$1 secs=$2
    shift 2
    : >"$T/hostile.out"
    bounded $((${secs%.*} + 10)) "$PYTHON" "$T/client.py" "$mode" "$PORT" "$secs" "$@" \
        >"$T/hostile.out" 2>"$T/hostile.err" &
    PEER_PID[hostile]=$!
}

# expect_dropped MIN MAX: the hostile client was closed after MIN..MAX seconds.
expect_dropped() {
    wait_peer_exit hostile 20
    local state secs
    read -r state secs <"$T/hostile.out"
    case_log "$T/hostile.err" "$T/srv.err"
    expect_eq "hostile client" "${state:-nothing}" closed
    if [ "${state:-}" = closed ] &&
        ! awk -v t="$secs" -v lo="$1" -v hi="$2" 'BEGIN { exit !(t >= lo && t <= hi) }'; then
        case_fail "closed after $secs s, want $1..$2 s"
    fi
}

# next_client: a ward client queued behind the hostile one is served.
next_client() {
    local tok
    tok=$(token)
    ward_client next "$tok\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost
    expect_connected "*"
    expect_eq "echo for the next client" "$(cat "$T/next.out")" "$tok"
}

start_timeout_server() {
    start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
        --handshake-timeout 1 --idle-timeout 1
}

case_begin "--handshake-timeout 1: a client that sends nothing is dropped"
if start_timeout_server; then
    hostile silent 8
    sleep 0.2
    next_client
    expect_dropped 0.8 5
    expect_grep "$T/srv.err" '^ward server: handshake failed: timed out' "ward server stderr"
    stop_peer srv
fi
case_end

case_begin "--handshake-timeout 1: half a ClientHello, then a byte every 0.2 s"
if start_timeout_server; then
    hostile trickle 8
    sleep 0.2
    next_client
    expect_dropped 0.8 5
    expect_grep "$T/srv.err" '^ward server: handshake failed: timed out' "ward server stderr"
    stop_peer srv
fi
case_end

case_begin "--idle-timeout 1: a connected client that goes quiet is dropped"
if start_timeout_server; then
    hostile idle 8 "$PKI/ca.pem"
    sleep 0.2
    next_client
    expect_dropped 0.8 5
    expect_grep "$T/srv.err" '^ward server: connection failed: timed out' "ward server stderr"
    stop_peer srv
fi
case_end

case_begin "defaults: a silent client is still connected after 3 s"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key"; then
    hostile silent 3
    wait_peer_exit hostile 20
    expect_eq "silent client after 3 s" "$(cut -d' ' -f1 "$T/hostile.out")" open
    case_log "$T/hostile.err"
    stop_peer srv
fi
case_end

case_begin "bad timeout values are usage errors"
for v in 0 -1 x 86401; do
    bounded 10 "$WARD" server --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
        --handshake-timeout "$v" >/dev/null 2>"$T/usage.err"
    expect_eq "--handshake-timeout $v exit status" "$?" 2
    bounded 10 "$WARD" server --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
        --idle-timeout "$v" >/dev/null 2>"$T/usage.err"
    expect_eq "--idle-timeout $v exit status" "$?" 2
done
expect_grep "$T/usage.err" 'bad value for --idle-timeout' "ward server stderr"
case_end

finish
