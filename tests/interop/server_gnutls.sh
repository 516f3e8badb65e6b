#!/usr/bin/env bash
# gnutls-cli -> ward server (TLS 1.3 only).
#
# A second, independent TLS implementation verifying ward's chain and name
# (--x509cafile, --verify-hostname), with its own view of the negotiated suite,
# group and signature printed in its "- Description:" line.
source "$(dirname "$0")/lib.sh"
need_cmd gnutls-cli openssl ss timeout
need_ward
make_pki

declare -A GNUTLS_CIPHER=([TLS_AES_128_GCM_SHA256]=AES-128-GCM [TLS_AES_256_GCM_SHA384]=AES-256-GCM
    [TLS_CHACHA20_POLY1305_SHA256]=CHACHA20-POLY1305)
declare -A GNUTLS_GROUP=([x25519]=X25519 [secp256r1]=SECP256R1 [secp384r1]=SECP384R1)
declare -A GNUTLS_SIG=([rsa]=RSA-PSS-RSAE-SHA256 [ecdsa]=ECDSA-SECP256R1-SHA256 [ed25519]=EdDSA-Ed25519)
BASE_PRIO='NORMAL:-VERS-ALL:+VERS-TLS1.3'

# gnutls_echo ARGS...: gnutls-cli against ward on $PORT; sends a token line,
# waits for it to come back, then ends input (gnutls-cli sends close_notify).
gnutls_echo() {
    TOK=$(token)
    conv_start cli gnutls-cli --x509cafile "$PKI/ca.pem" -p "$PORT" --sni-hostname localhost \
        --verify-hostname localhost "$@" "$LOOPBACK"
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    if conv_wait cli '^- Handshake was completed'; then
        conv_send cli "$TOK\n"
        conv_wait cli "^$TOK\$" || case_fail "no echo of '$TOK' from ward server"
    else
        case_fail "gnutls-cli did not complete the handshake"
    fi
    conv_close cli
    wait_peer_exit cli 5
}

# expect_gnutls CIPHER GROUP SIG: gnutls-cli's own account of the session.
expect_gnutls() {
    expect_eq "gnutls-cli exit status" "$PEER_RC" 0
    expect_grep "$T/cli.out" '^- Status: The certificate is trusted' "gnutls-cli verification"
    expect_grep "$T/cli.out" "^- Description: \\(TLS1\\.3-X\\.509\\)-\\(ECDHE-${2:-[A-Z0-9]+}\\)-\\(${3:-[A-Za-z0-9-]+}\\)-\\(${1:-[A-Z0-9-]+}\\)\$" \
        "gnutls-cli description"
}

for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
    c=${GNUTLS_CIPHER[$suite]}
    case_begin "gnutls-cli -> ward server: $suite"
    if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
        gnutls_echo --priority "$BASE_PRIO:-CIPHER-ALL:+$c"
        expect_gnutls "$c"
        wait_peer_exit srv 5
        expect_eq "ward server exit status" "$PEER_RC" 0
    fi
    case_end
done

for group in x25519 secp256r1 secp384r1; do
    g=${GNUTLS_GROUP[$group]}
    case_begin "gnutls-cli -> ward server --groups $group"
    if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
        --groups "$group" --max-conns 1; then
        gnutls_echo --priority "$BASE_PRIO:-GROUP-ALL:+GROUP-$g"
        expect_gnutls "" "$g"
        wait_peer_exit srv 5
    fi
    case_end
done

for cert in rsa ecdsa ed25519; do
    case_begin "gnutls-cli -> ward server: $cert certificate"
    if start_ward_server srv --cert "$PKI/$cert.chain.pem" --key "$PKI/$cert.key" --max-conns 1; then
        gnutls_echo --priority "$BASE_PRIO"
        expect_gnutls "" "" "${GNUTLS_SIG[$cert]}"
        wait_peer_exit srv 5
    fi
    case_end
done

case_begin "gnutls-cli --alpn http/1.1 -> ward server --alpn h2,http/1.1"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
    --alpn h2,http/1.1 --max-conns 1; then
    gnutls_echo --priority "$BASE_PRIO" --alpn http/1.1
    expect_gnutls
    expect_grep "$T/cli.out" '^- Application protocol: http/1\.1$' "gnutls-cli ALPN"
    wait_peer_exit srv 5
fi
case_end

case_begin "gnutls-cli with a client certificate -> ward server --verify-client"
if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" \
    --verify-client "$PKI/clientca.pem" --max-conns 1; then
    gnutls_echo --priority "$BASE_PRIO" --x509certfile "$PKI/client.pem" --x509keyfile "$PKI/client.key"
    expect_gnutls
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
fi
case_end

case_begin "gnutls-cli rekey (KeyUpdate, peer asked to update) -> ward server, then echo"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
    TOK=$(token)
    conv_start cli gnutls-cli --x509cafile "$PKI/ca.pem" -p "$PORT" --sni-hostname localhost \
        --verify-hostname localhost --priority "$BASE_PRIO" --inline-commands "$LOOPBACK"
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    if conv_wait cli '^- Handshake was completed'; then
        conv_send cli '^rekey^\n'
        conv_wait cli '^- Rekey was completed' || case_fail "gnutls-cli did not complete the rekey"
        conv_send cli "$TOK\n"
        conv_wait cli "^$TOK\$" || case_fail "no echo after rekey"
    else
        case_fail "gnutls-cli did not complete the handshake"
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "gnutls-cli exit status" "$PEER_RC" 0
    expect_no_grep "$T/cli.err" '\*\*\* (Fatal|Received alert)' "gnutls-cli stderr"
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
fi
case_end

# Control: without the test root gnutls-cli must refuse ward's certificate.
case_begin "control: gnutls-cli without the test root rejects ward's certificate"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
    bounded 10 gnutls-cli -p "$PORT" --sni-hostname localhost --verify-hostname localhost \
        "$LOOPBACK" </dev/null >"$T/cli.out" 2>"$T/cli.err"
    expect_ne "gnutls-cli exit status" "$?" 0
    expect_grep "$T/cli.out" 'The certificate is NOT trusted' "gnutls-cli stdout"
    wait_peer_exit srv 5
fi
case_end

finish
