#!/usr/bin/env bash
# Heartbeat (RFC 6520): ward client --heartbeat-probe against ward server
# --heartbeat and against gnutls-serv --heartbeat (TLS 1.2); refused when not
# negotiated and absent from TLS 1.3. gnutls-serv listens on every address, so
# the script runs in a private network namespace where that is allowed.
source "$(dirname "$0")/include/netns.sh"
source "$(dirname "$0")/lib.sh"
need_cmd openssl ss timeout gnutls-serv
need_ward
make_pki

probe() {
    tok=$(token)
    ward_client cli "$tok\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
        --heartbeat-probe "$@"
    expect_eq "client exit status" "$WC_RC" 0
    expect_eq "echo" "$(cat "$T/cli.out")" "$tok"
}

case_begin "ward client --heartbeat-probe -> ward server --heartbeat (TLS 1.2)"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --heartbeat \
    --max-conns 1; then
    probe --tls12
    expect_grep "$T/cli.err" '^heartbeat ok, [0-9]+ ms$' "client stderr"
    wait_peer_exit srv 10
    expect_eq "server exit status" "$PEER_RC" 0
fi
case_end

case_begin "ward server without --heartbeat: not negotiated, connection fine"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
    probe --tls12
    expect_grep "$T/cli.err" 'heartbeat not sent: the server did not negotiate heartbeat' \
        "client stderr"
    wait_peer_exit srv 10
fi
case_end

case_begin "TLS 1.3 has no heartbeat"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --heartbeat \
    --max-conns 1; then
    probe
    expect_grep "$T/cli.err" 'heartbeat not sent: TLS 1.3 has no heartbeat' "client stderr"
    wait_peer_exit srv 10
fi
case_end

if [ "$WARD_IT_NETNS" = 1 ]; then
    case_begin "ward client --heartbeat-probe -> gnutls-serv --heartbeat (TLS 1.2)"
    PORT=$(free_port)
    start_peer gsrv gnutls-serv --echo --heartbeat --port "$PORT" \
        --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.2' \
        --x509certfile "$PKI/ecdsa.chain.pem" --x509keyfile "$PKI/ecdsa.key"
    if wait_until "$WARD_IT_TIMEOUT" eval "[ -n \"\$(ss -Hltn 'sport = :$PORT')\" ]"; then
        probe --tls12
        expect_grep "$T/cli.err" '^heartbeat ok, [0-9]+ ms$' "client stderr"
    else
        case_fail "gnutls-serv did not start listening"
    fi
    case_log "$T/gsrv.err" "$T/gsrv.out"
    stop_peer gsrv
    case_end
else
    case_skip "ward client --heartbeat-probe -> gnutls-serv --heartbeat (TLS 1.2)" \
        "cannot create a network namespace here"
fi

finish
