#!/usr/bin/env bash
# TLS 1.2 against OpenSSL: ward client -> s_server -tls1_2, s_client -tls1_2 ->
# ward server. ECDHE with AEAD suites only; extended master secret (RFC 7627)
# and renegotiation_info (RFC 5746) as the OpenSSL peer reports them; the
# version floor of the tls13 policy; TLS_FALLBACK_SCSV (RFC 7507).
source "$(dirname "$0")/lib.sh"
need_cmd openssl ss timeout
need_ward
make_pki

# IANA name -> OpenSSL name and the key type the suite authenticates with.
declare -A OSSL_SUITE=(
    [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]=ECDHE-ECDSA-AES128-GCM-SHA256
    [TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]=ECDHE-ECDSA-AES256-GCM-SHA384
    [TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256]=ECDHE-ECDSA-CHACHA20-POLY1305
    [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]=ECDHE-RSA-AES128-GCM-SHA256
    [TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]=ECDHE-RSA-AES256-GCM-SHA384
    [TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256]=ECDHE-RSA-CHACHA20-POLY1305)
SUITES12=(TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256)
declare -A OSSL_GROUP=([x25519]=X25519 [secp256r1]=P-256 [secp384r1]=P-384)
GET='GET / HTTP/1.0\r\n\r\n'
WANT_VERSION=TLSv1.2

keytype() { [[ $1 == *_RSA_* ]] && echo rsa || echo ecdsa; }

# start_s_server12 NAME ARGS...: like start_s_server, but TLS 1.2 only.
start_s_server12() {
    local name=$1
    shift
    PORT=$(free_port)
    start_peer "$name" openssl s_server -tls1_2 -accept "$LOOPBACK:$PORT" "$@"
    if ! wait_until "$WARD_IT_TIMEOUT" eval "port_listening $PORT || ! peer_alive $name" ||
        ! peer_alive "$name"; then
        case_fail "openssl s_server -tls1_2 did not start"
        case_log "$T/$name.err"
        stop_peer "$name"
        return 1
    fi
}

# ---- ward client -> s_server -tls1_2 ------------------------------------------

for suite in "${SUITES12[@]}"; do
    k=$(keytype "$suite")
    case_begin "ward -> s_server -tls1_2: $suite"
    if start_s_server12 srv -www -naccept 1 -cert "$PKI/$k.pem" -key "$PKI/$k.key" \
        -cert_chain "$PKI/int.pem" -cipher "${OSSL_SUITE[$suite]}"; then
        case_log "$T/srv.err"
        ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost
        expect_connected "" "" - no yes
        expect_eq "suite" "$WC_SUITE" "$suite"
        # ward's own account of RFC 7627 / RFC 5746, next to OpenSSL's below.
        [[ "$WC_EXTRA" == *" ems=yes"* ]] || case_fail "ward --verbose lacks ems=yes: '$WC_EXTRA'"
        [[ "$WC_EXTRA" == *" secure_reneg=yes"* ]] ||
            case_fail "ward --verbose lacks secure_reneg=yes: '$WC_EXTRA'"
        expect_grep "$T/cli.out" '^HTTP/1\.0 200 ok' "response"
        expect_grep "$T/cli.out" "^New, TLSv1\\.2, Cipher is ${OSSL_SUITE[$suite]}\$" "s_server's page"
        expect_grep "$T/cli.out" '^ *Extended master secret: yes$' "s_server's page (RFC 7627)"
        expect_grep "$T/cli.out" '^Secure Renegotiation IS supported$' "s_server's page (RFC 5746)"
        wait_peer_exit srv 5
    fi
    case_end
done

for group in x25519 secp256r1 secp384r1; do
    case_begin "ward -> s_server -tls1_2 -groups ${OSSL_GROUP[$group]}"
    if start_s_server12 srv -www -naccept 1 -cert "$PKI/ecdsa.pem" -key "$PKI/ecdsa.key" \
        -cert_chain "$PKI/int.pem" -groups "${OSSL_GROUP[$group]}"; then
        ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost
        expect_connected "" "$group" - no yes
        expect_grep "$T/cli.out" '^HTTP/1\.0 200 ok' "response"
        wait_peer_exit srv 5
    fi
    case_end
done

case_begin "ward -> s_server -tls1_2 -rev: data both ways, ALPN"
if start_s_server12 srv -rev -naccept 1 -cert "$PKI/rsa.pem" -key "$PKI/rsa.key" \
    -cert_chain "$PKI/int.pem" -alpn h2,http/1.1; then
    tok=$(token)
    ward_client cli "tls12 $tok\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
        --alpn http/1.1
    expect_connected "" "" http/1.1
    expect_grep "$T/cli.out" "^$(echo "tls12 $tok" | rev)\$" "reversed line"
    wait_peer_exit srv 5
fi
case_end

case_begin "ward --cert -> s_server -tls1_2 -Verify 1: client certificate accepted"
if start_s_server12 srv -www -naccept 1 -cert "$PKI/ecdsa.pem" -key "$PKI/ecdsa.key" \
    -cert_chain "$PKI/int.pem" -Verify 1 -CAfile "$PKI/clientca.pem" -verify_return_error; then
    ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
        --cert "$PKI/client.chain.pem" --key "$PKI/client.key"
    expect_connected
    expect_grep "$T/cli.out" 'CN ?= ?ward test client' "s_server's page (client certificate)"
    wait_peer_exit srv 5
fi
case_end

case_begin "ward --policy tls13 -> s_server -tls1_2: protocol_version"
if start_s_server12 srv -www -naccept 1 -cert "$PKI/ecdsa.pem" -key "$PKI/ecdsa.key" \
    -cert_chain "$PKI/int.pem"; then
    ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
        --policy tls13
    expect_eq "ward client exit status" "$WC_RC" 1
    expect_grep "$T/cli.err" 'protocol_version' "ward client stderr"
    wait_peer_exit srv 5
fi
case_end

case_begin "ward client TLS 1.2 key log = s_server's key log (CLIENT_RANDOM)"
if start_s_server12 srv -www -naccept 1 -cert "$PKI/ecdsa.pem" -key "$PKI/ecdsa.key" \
    -cert_chain "$PKI/int.pem" -keylogfile "$T/ossl12.keys"; then
    SSLKEYLOGFILE=$T/ward12.keys ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" \
        --servername localhost
    expect_connected
    wait_peer_exit srv 5
    expect_grep "$T/ward12.keys" '^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$' "ward's key log"
    if ! diff <(grep -v '^#' "$T/ward12.keys" | sort) <(grep -v '^#' "$T/ossl12.keys" | sort) \
        >"$T/k12.diff" 2>&1; then
        case_fail "ward's TLS 1.2 key log differs from OpenSSL's"
        case_log "$T/k12.diff"
    fi
fi
case_end

# ---- s_client -tls1_2 -> ward server --------------------------------------------

S_CLIENT12=(openssl s_client -tls1_2 -verify_return_error -CAfile "$PKI/ca.pem"
    -servername localhost -verify_hostname localhost)

for suite in "${SUITES12[@]}"; do
    k=$(keytype "$suite")
    case_begin "s_client -tls1_2 -> ward server: $suite"
    if start_ward_server srv --cert "$PKI/$k.chain.pem" --key "$PKI/$k.key" --max-conns 1; then
        tok=$(token)
        conv_start cli "${S_CLIENT12[@]}" -connect "$LOOPBACK:$PORT" -cipher "${OSSL_SUITE[$suite]}"
        case_log "$T/cli.err" "$T/srv.err"
        if conv_wait cli '^ *Verify return code'; then
            sleep 0.1
            conv_send cli "$tok\n"
            conv_wait cli "^$tok\$" || case_fail "no echo from ward server"
        else
            case_fail "s_client did not connect"
        fi
        conv_close cli
        wait_peer_exit cli 5
        expect_eq "s_client exit status" "$PEER_RC" 0
        expect_grep "$T/cli.out" "^New, TLSv1\\.2, Cipher is ${OSSL_SUITE[$suite]}\$" "s_client cipher"
        expect_grep "$T/cli.out" '^ *Extended master secret: yes$' "s_client (RFC 7627)"
        expect_grep "$T/cli.out" '^Secure Renegotiation IS supported$' "s_client (RFC 5746)"
        expect_grep "$T/cli.out" '^ *Verify return code: 0 \(ok\)$' "s_client verification"
        wait_peer_exit srv 5
        expect_eq "ward server exit status" "$PEER_RC" 0
    fi
    case_end
done

case_begin "s_client -tls1_2 -fallback_scsv -> ward server (TLS 1.3 capable): inappropriate_fallback"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
    bounded 10 "${S_CLIENT12[@]}" -connect "$LOOPBACK:$PORT" -fallback_scsv </dev/null \
        >"$T/cli.out" 2>"$T/cli.err"
    expect_ne "s_client exit status" "$?" 0
    # RFC 7507 3: the server MUST reply with a fatal inappropriate_fallback alert.
    expect_grep "$T/cli.err" 'alert inappropriate fallback' "s_client stderr"
    wait_peer_exit srv 5
fi
case_end

case_begin "control: s_client -tls1_2 without -fallback_scsv is accepted by the same server"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
    bounded 10 "${S_CLIENT12[@]}" -connect "$LOOPBACK:$PORT" </dev/null >"$T/cli.out" 2>"$T/cli.err"
    expect_grep "$T/cli.out" '^New, TLSv1\.2, Cipher is ECDHE-ECDSA-' "s_client"
    wait_peer_exit srv 5
fi
case_end

# docs/non-features.md: nothing below TLS 1.2, in either role. OpenSSL only
# speaks TLS 1.0/1.1 at security level 0.
for old in tls1 tls1_1; do
    case_begin "s_client -$old -> ward server: protocol_version"
    if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
        bounded 10 openssl s_client "-$old" -cipher DEFAULT@SECLEVEL=0 -connect "$LOOPBACK:$PORT" \
            </dev/null >"$T/cli.out" 2>"$T/cli.err"
        expect_ne "s_client exit status" "$?" 0
        expect_grep "$T/cli.err" 'alert protocol version' "s_client stderr"
        wait_peer_exit srv 5
        expect_grep "$T/srv.err" 'protocol_version' "ward server stderr"
    fi
    case_end

    case_begin "ward client -> s_server -$old: refused with protocol_version"
    PORT=$(free_port)
    start_peer srv openssl s_server "-$old" -cipher DEFAULT@SECLEVEL=0 -accept "$LOOPBACK:$PORT" \
        -www -naccept 1 -cert "$PKI/rsa.pem" -key "$PKI/rsa.key" -cert_chain "$PKI/int.pem"
    if wait_port "$PORT"; then
        ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost
        expect_handshake_failed '.*protocol_version'
        wait_peer_exit srv 5
    else
        case_fail "s_server -$old did not start"
        case_log "$T/srv.err"
    fi
    stop_peer srv
    case_end
done

case_begin "s_client -tls1_2 without a certificate -> ward server --verify-client: refused"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
    --verify-client "$PKI/clientca.pem" --max-conns 1; then
    bounded 10 "${S_CLIENT12[@]}" -connect "$LOOPBACK:$PORT" </dev/null >"$T/cli.out" 2>"$T/cli.err"
    expect_ne "s_client exit status" "$?" 0
    expect_grep "$T/cli.err" 'alert handshake failure' "s_client stderr"
    wait_peer_exit srv 5
fi
case_end

case_begin "s_client -tls1_2 -cert -> ward server --verify-client: accepted"
if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" \
    --verify-client "$PKI/clientca.pem" --max-conns 1; then
    tok=$(token)
    conv_start cli "${S_CLIENT12[@]}" -connect "$LOOPBACK:$PORT" -cert "$PKI/client.pem" \
        -key "$PKI/client.key"
    case_log "$T/cli.err" "$T/srv.err"
    if conv_wait cli '^ *Verify return code'; then
        sleep 0.1
        conv_send cli "$tok\n"
        conv_wait cli "^$tok\$" || case_fail "no echo from ward server"
    else
        case_fail "s_client did not connect"
    fi
    conv_close cli
    wait_peer_exit cli 5
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
fi
case_end

finish
