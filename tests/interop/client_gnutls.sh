#!/usr/bin/env bash
# ward client -> gnutls-serv (TLS 1.3).
#
# gnutls-serv has no option to listen on one address only, so this script runs
# itself in a private network namespace (unshare -n) whose only interface is
# its own loopback: the server is unreachable from anywhere else, and the client
# still dials 127.0.0.1. Where namespaces are not permitted, every case is
# reported as SKIP (never as passed).
if [ -z "${WARD_IT_NETNS:-}" ]; then
    if unshare -n true 2>/dev/null; then
        exec unshare -n env WARD_IT_NETNS=1 bash "$0" "$@"
    fi
    WARD_IT_NETNS=unavailable
fi
source "$(dirname "$0")/lib.sh"
need_cmd gnutls-serv openssl ss timeout ip
need_ward

CASES=("suites" "groups" "key types" "HelloRetryRequest" "ALPN" "client certificate" "KeyUpdate")
if [ "$WARD_IT_NETNS" != 1 ]; then
    for c in "${CASES[@]}"; do
        case_skip "ward client -> gnutls-serv: $c" "cannot create a network namespace here"
    done
    finish
fi
ip link set lo up || {
    case_begin "private loopback"
    case_fail "cannot bring lo up in the namespace"
    finish
}
make_pki

declare -A GNUTLS_CIPHER=([TLS_AES_128_GCM_SHA256]=AES-128-GCM [TLS_AES_256_GCM_SHA384]=AES-256-GCM
    [TLS_CHACHA20_POLY1305_SHA256]=CHACHA20-POLY1305)
declare -A GNUTLS_GROUP=([x25519]=X25519 [secp256r1]=SECP256R1 [secp384r1]=SECP384R1)
BASE_PRIO='NORMAL:-VERS-ALL:+VERS-TLS1.3'

# start_gserv ARGS...: gnutls-serv --echo on a free port with the ECDSA chain
# unless ARGS name other files. Sets PORT.
start_gserv() {
    PORT=$(free_port)
    start_peer srv gnutls-serv --echo --port "$PORT" "$@"
    if ! wait_until "$WARD_IT_TIMEOUT" eval "port_listening_any $PORT || ! peer_alive srv" ||
        ! peer_alive srv; then
        case_fail "gnutls-serv did not start listening"
        case_log "$T/srv.err" "$T/srv.out"
        stop_peer srv
        return 1
    fi
}
# gnutls-serv listens on the wildcard address (only this namespace's lo exists).
port_listening_any() {
    [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
}

# echo_through ARGS...: ward client sends a token line and must get it back.
echo_through() {
    TOK=$(token)
    ward_client cli "$TOK\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost "$@"
    expect_eq "echo" "$(cat "$T/cli.out")" "$TOK"
}

for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
    case_begin "ward client -> gnutls-serv: $suite"
    if start_gserv --x509certfile "$PKI/ecdsa.chain.pem" --x509keyfile "$PKI/ecdsa.key" \
        --priority "$BASE_PRIO:-CIPHER-ALL:+${GNUTLS_CIPHER[$suite]}"; then
        echo_through
        expect_connected "$suite" "*" - "*" yes
        stop_peer srv
    fi
    case_end
done

for group in x25519 secp256r1 secp384r1; do
    case_begin "ward client --groups $group -> gnutls-serv (only $group)"
    if start_gserv --x509certfile "$PKI/ecdsa.chain.pem" --x509keyfile "$PKI/ecdsa.key" \
        --priority "$BASE_PRIO:-GROUP-ALL:+GROUP-${GNUTLS_GROUP[$group]}"; then
        echo_through --groups "$group"
        expect_connected "*" "$group" - no yes
        stop_peer srv
    fi
    case_end
done

for cert in rsa ecdsa ed25519; do
    case_begin "ward client -> gnutls-serv: $cert certificate"
    if start_gserv --x509certfile "$PKI/$cert.chain.pem" --x509keyfile "$PKI/$cert.key" \
        --priority "$BASE_PRIO"; then
        echo_through
        expect_connected "*" "*" - "*" yes
        stop_peer srv
    fi
    case_end
done

case_begin "ward client (x25519 share) -> gnutls-serv (secp384r1 only): HelloRetryRequest"
if start_gserv --x509certfile "$PKI/ecdsa.chain.pem" --x509keyfile "$PKI/ecdsa.key" \
    --priority "$BASE_PRIO:-GROUP-ALL:+GROUP-SECP384R1"; then
    echo_through
    expect_connected "*" secp384r1 - yes yes
    stop_peer srv
fi
case_end

case_begin "ward client --alpn h2 -> gnutls-serv --alpn h2"
if start_gserv --x509certfile "$PKI/ecdsa.chain.pem" --x509keyfile "$PKI/ecdsa.key" \
    --priority "$BASE_PRIO" --alpn h2 --alpn http/1.1; then
    echo_through --alpn h2
    expect_connected "*" "*" h2
    stop_peer srv
fi
case_end

case_begin "ward client --cert -> gnutls-serv --require-client-cert"
if start_gserv --x509certfile "$PKI/rsa.chain.pem" --x509keyfile "$PKI/rsa.key" \
    --x509cafile "$PKI/clientca.pem" --require-client-cert --verify-client-cert \
    --priority "$BASE_PRIO"; then
    echo_through --cert "$PKI/client.chain.pem" --key "$PKI/client.key"
    expect_connected
    stop_peer srv
fi
case_end

case_begin "ward client --key-update -> gnutls-serv, then echo"
if start_gserv --x509certfile "$PKI/ecdsa.chain.pem" --x509keyfile "$PKI/ecdsa.key" \
    --priority "$BASE_PRIO"; then
    echo_through --key-update
    expect_connected
    stop_peer srv
fi
case_end

finish
