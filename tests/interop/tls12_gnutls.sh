#!/usr/bin/env bash
# TLS 1.2 against GnuTLS, both roles: ward client -> gnutls-serv --echo and
# gnutls-cli -> ward server, each peer forced to TLS 1.2 (NORMAL:-VERS-ALL:
# +VERS-TLS1.2). Every one of the six ECDHE AEAD suites in each direction, each
# group (x25519, secp256r1, secp384r1) with RSA and ECDSA certificates, mutual
# authentication, ALPN, and the extended master secret (RFC 7627) and
# renegotiation_info (RFC 5746) as both sides report them. Every case sends a
# fresh token and checks it comes back byte for byte.
source "$(dirname "$0")/include/netns.sh"
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/include/lib12.sh"
need_cmd gnutls-serv gnutls-cli openssl ss timeout
need_ward
make_pki

# Suite i is combined with group i mod 3, so the six suites also cover every
# group with both key types (x25519: ECDSA and RSA, and so on).
declare -A SUITE_GROUP=()
i=0
for suite in "${SUITES12[@]}"; do
    SUITE_GROUP[$suite]=${GROUPS12[$((i % 3))]}
    i=$((i + 1))
done

# ---- ward client -> gnutls-serv ----------------------------------------------

# gserv_echo_case ARGS_FOR_WARD...: sends a token through the running gnutls-serv
# (echo mode) with ward client --tls12, and checks that it came back intact.
ward_to_gserv() {
    TOK=$(token)
    printf '%s\n' "$TOK" >"$T/want.txt"
    ward_client cli "$TOK\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost --tls12 "$@"
    case_log "$T/gs.out" "$T/gs.err"
    expect_same_file "echoed data" "$T/cli.out" "$T/want.txt"
}

for suite in "${SUITES12[@]}"; do
    k=$(keytype "$suite") g=${SUITE_GROUP[$suite]}
    case_begin "ward client -> gnutls-serv TLS 1.2: $suite, $g, $k certificate"
    if start_gnutls_serv12 gs --echo --x509certfile "$PKI/$k.chain.pem" --x509keyfile "$PKI/$k.key" \
        --priority "$(gnutls_prio12 "$suite" "$g")"; then
        ward_to_gserv
        expect_ward12 "$suite" "$g" -
        expect_gnutls12_description "$T/gs.out" "$suite" "$g"
        expect_grep "$T/gs.out" '^- Options: .*extended master secret' "gnutls-serv (RFC 7627)"
        expect_grep "$T/gs.out" '^- Options: .*safe renegotiation' "gnutls-serv (RFC 5746)"
        expect_grep "$T/gs.out" '^- Version: TLS1\.2$' "gnutls-serv version"
        stop_peer gs
    fi
    case_end
done

# ward restricts instead of the peer: gnutls-serv offers everything it has, ward
# client --suites/--groups picks one.
case_begin "ward client --suites/--groups -> gnutls-serv (all allowed): ward's choice is used"
if start_gnutls_serv12 gs --echo --x509certfile "$PKI/rsa.chain.pem" --x509keyfile "$PKI/rsa.key" \
    --priority "$PRIO12"; then
    ward_to_gserv --suites TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 --groups secp384r1
    expect_ward12 TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 secp384r1
    expect_gnutls12_description "$T/gs.out" TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 secp384r1
    stop_peer gs
fi
case_end

case_begin "ward client --alpn http/1.1 -> gnutls-serv --alpn h2 --alpn http/1.1"
if start_gnutls_serv12 gs --echo --x509certfile "$PKI/ecdsa.chain.pem" --x509keyfile "$PKI/ecdsa.key" \
    --alpn h2 --alpn http/1.1 --priority "$PRIO12"; then
    ward_to_gserv --alpn http/1.1
    expect_ward12 "" "" http/1.1
    expect_grep "$T/gs.out" '^- Application protocol: http/1\.1$' "gnutls-serv ALPN"
    stop_peer gs
fi
case_end

case_begin "ward client --cert -> gnutls-serv --require-client-cert --verify-client-cert (mTLS)"
if start_gnutls_serv12 gs --echo --x509certfile "$PKI/rsa.chain.pem" --x509keyfile "$PKI/rsa.key" \
    --x509cafile "$PKI/clientca.pem" --require-client-cert --verify-client-cert --priority "$PRIO12"; then
    ward_to_gserv --cert "$PKI/client.chain.pem" --key "$PKI/client.key"
    expect_ward12
    # gnutls-serv verified the chain (it prints the trust status of the client's
    # certificate) and says how the client signed its CertificateVerify.
    expect_grep "$T/gs.out" '^- Status: The certificate is trusted' "gnutls-serv client verification"
    expect_grep "$T/gs.out" 'CN=ward test client' "gnutls-serv client certificate"
    expect_grep "$T/gs.out" '^- Client Signature: ECDSA-' "gnutls-serv CertificateVerify"
    stop_peer gs
fi
case_end

case_begin "ward client without a certificate -> gnutls-serv --require-client-cert: refused"
if start_gnutls_serv12 gs --echo --x509certfile "$PKI/rsa.chain.pem" --x509keyfile "$PKI/rsa.key" \
    --x509cafile "$PKI/clientca.pem" --require-client-cert --verify-client-cert --priority "$PRIO12"; then
    ward_client cli 'never echoed\n' "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost --tls12
    case_log "$T/gs.out" "$T/gs.err"
    # GnuTLS answers a missing client certificate with a fatal alert (it picks
    # decode_error, as it does for OpenSSL's s_client).
    expect_handshake_failed '.*alert'
    expect_no_grep "$T/cli.out" 'never echoed' "ward client stdout"
    wait_until 5 file_matches "$T/gs.err" 'No certificate was found' ||
        case_fail "gnutls-serv did not report the missing certificate"
    stop_peer gs
fi
case_end

case_begin "ward client -> gnutls-serv without EMS (%NO_SESSION_HASH): ems=no reported"
if start_gnutls_serv12 gs --echo --x509certfile "$PKI/ecdsa.chain.pem" --x509keyfile "$PKI/ecdsa.key" \
    --priority "$PRIO12:%NO_SESSION_HASH"; then
    ward_to_gserv
    WANT_VERSION=TLSv1.2 expect_connected
    # The ems= field is not a constant: here the peer refused RFC 7627.
    [[ "$WC_EXTRA" == *" ems=no"* ]] || case_fail "ward --verbose should say ems=no: '$WC_EXTRA'"
    expect_no_grep "$T/gs.out" '^- Options: .*extended master secret' "gnutls-serv options"
    stop_peer gs
fi
case_end

# ---- gnutls-cli -> ward server -------------------------------------------------

# gcli_echo PRIORITY ARGS...: gnutls-cli with PRIORITY against ward on $PORT;
# sends a token line, waits for the echo, ends input (close_notify).
gcli_echo() {
    local prio=$1
    shift
    TOK=$(token)
    conv_start cli gnutls-cli --x509cafile "$PKI/ca.pem" -p "$PORT" --sni-hostname localhost \
        --verify-hostname localhost --priority "$prio" "$@" "$LOOPBACK"
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    if conv_wait cli '^- Handshake was completed'; then
        conv_send cli "$TOK\n"
        conv_wait cli "^$TOK\$" || case_fail "no echo of '$TOK' from ward server"
    else
        case_fail "gnutls-cli did not complete the handshake"
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "gnutls-cli exit status" "$PEER_RC" 0
    expect_grep "$T/cli.out" '^- Status: The certificate is trusted' "gnutls-cli verification"
}

for suite in "${SUITES12[@]}"; do
    k=$(keytype "$suite") g=${SUITE_GROUP[$suite]}
    case_begin "gnutls-cli TLS 1.2 -> ward server: $suite, $g, $k certificate"
    # ward has both certificates; the suite gnutls-cli allows decides which is
    # used. An ECDSA certificate needs its curve (P-256) in the client's
    # supported_groups (RFC 8422 5.1), so for ECDSA the client lists P-256 too
    # and ward server --groups picks the key exchange group.
    prio=$(gnutls_prio12 "$suite" "$g") sgroups=()
    if [ "$k" = ecdsa ] && [ "$g" != secp256r1 ]; then
        prio="$prio:+GROUP-SECP256R1" sgroups=(--groups "$g")
    fi
    if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" \
        --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" "${sgroups[@]}" --verbose --max-conns 1; then
        gcli_echo "$prio"
        expect_gnutls12_description "$T/cli.out" "$suite" "$g"
        expect_grep "$T/cli.out" '^- Options: .*extended master secret' "gnutls-cli (RFC 7627)"
        expect_grep "$T/cli.out" '^- Options: .*safe renegotiation' "gnutls-cli (RFC 5746)"
        wait_peer_exit srv 5
        expect_eq "ward server exit status" "$PEER_RC" 0
        expect_server_verbose "$T/srv.err" "TLSv1\\.2 $suite $g alpn=- hrr=no verified=no ems=yes secure_reneg=yes( |\$)"
    fi
    stop_peer srv
    case_end
done

# RFC 8422 5.1: a client that lists only X25519 cannot verify an ECDSA P-256
# signature by its rules, so ward must not use its P-256 certificate: with only
# that certificate the handshake fails; with an RSA one too, ECDHE_RSA is used.
case_begin "gnutls-cli (ECDSA suites, X25519 only) -> ward server with only an ECDSA P-256 cert: handshake_failure"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
    echo never-echoed | bounded 10 gnutls-cli --x509cafile "$PKI/ca.pem" -p "$PORT" \
        --sni-hostname localhost --verify-hostname localhost \
        --priority "$PRIO12:-KX-ALL:+ECDHE-ECDSA:-GROUP-ALL:+GROUP-X25519" "$LOOPBACK" \
        >"$T/cli.out" 2>"$T/cli.err"
    expect_ne "gnutls-cli exit status" "$?" 0
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    expect_grep "$T/cli.out" '^\*\*\* Received alert \[40\]' "gnutls-cli stdout (handshake_failure)"
    expect_no_grep "$T/cli.out" '^never-echoed$' "gnutls-cli stdout"
    wait_peer_exit srv 5
    expect_grep "$T/srv.err" '^ward server: handshake failed: ' "ward server stderr"
fi
stop_peer srv
case_end

case_begin "gnutls-cli (all suites, X25519 only) -> ward server with RSA + ECDSA P-256 certs: ECDHE_RSA"
if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" \
    --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --verbose --max-conns 1; then
    gcli_echo "$PRIO12:-GROUP-ALL:+GROUP-X25519"
    expect_gnutls12_description "$T/cli.out" "" x25519
    expect_grep "$T/cli.out" '^- Description: .*-\(RSA-' "gnutls-cli description (RSA signature)"
    wait_peer_exit srv 5
    expect_server_verbose "$T/srv.err" 'TLSv1\.2 TLS_ECDHE_RSA_[A-Z0-9_]+ x25519 '
fi
stop_peer srv
case_end

case_begin "gnutls-cli (all TLS 1.2 suites) -> ward server --suites/--groups: ward's choice is used"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --verbose --max-conns 1 \
    --suites TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 --groups secp256r1; then
    gcli_echo "$PRIO12"
    expect_gnutls12_description "$T/cli.out" TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 secp256r1
    wait_peer_exit srv 5
    expect_server_verbose "$T/srv.err" "TLSv1\\.2 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 secp256r1 "
fi
stop_peer srv
case_end

case_begin "gnutls-cli --alpn http/1.1 -> ward server --alpn h2,http/1.1"
if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" --alpn h2,http/1.1 \
    --verbose --max-conns 1; then
    gcli_echo "$PRIO12" --alpn http/1.1
    expect_grep "$T/cli.out" '^- Application protocol: http/1\.1$' "gnutls-cli ALPN"
    wait_peer_exit srv 5
    expect_server_verbose "$T/srv.err" 'TLSv1\.2 [^ ]+ [^ ]+ alpn=http/1\.1 '
fi
stop_peer srv
case_end

case_begin "gnutls-cli --x509certfile -> ward server --verify-client (mTLS)"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
    --verify-client "$PKI/clientca.pem" --verbose --max-conns 1; then
    gcli_echo "$PRIO12" --x509certfile "$PKI/client.pem" --x509keyfile "$PKI/client.key"
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
    expect_server_verbose "$T/srv.err" 'TLSv1\.2 .* verified=yes ems=yes secure_reneg=yes( |$)'
fi
stop_peer srv
case_end

case_begin "gnutls-cli without a certificate -> ward server --verify-client: refused"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
    --verify-client "$PKI/clientca.pem" --max-conns 1; then
    echo never-echoed | bounded 10 gnutls-cli --x509cafile "$PKI/ca.pem" -p "$PORT" \
        --sni-hostname localhost --verify-hostname localhost --priority "$PRIO12" "$LOOPBACK" \
        >"$T/cli.out" 2>"$T/cli.err"
    expect_ne "gnutls-cli exit status" "$?" 0
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    expect_no_grep "$T/cli.out" '^never-echoed$' "gnutls-cli stdout"
    wait_peer_exit srv 5
    expect_grep "$T/srv.err" '^ward server: handshake failed: client certificate required but none sent' "ward server stderr"
fi
stop_peer srv
case_end

case_begin "gnutls-cli without EMS (%NO_SESSION_HASH) -> ward server: ems=no reported"
if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" --verbose --max-conns 1; then
    gcli_echo "$PRIO12:%NO_SESSION_HASH"
    expect_no_grep "$T/cli.out" '^- Options: .*extended master secret' "gnutls-cli options"
    wait_peer_exit srv 5
    expect_server_verbose "$T/srv.err" 'TLSv1\.2 .* ems=no secure_reneg=yes( |$)'
fi
stop_peer srv
case_end

finish
