#!/usr/bin/env bash
# The "legacy" policy against OpenSSL, both ways: every suite it adds (ECDHE
# with AES-CBC, DHE_RSA with AES-GCM, the RSA key exchange), the CBC ones with
# and without encrypt-then-MAC (s_server / s_client -no_etm), each with data
# both ways; the RFC 7919 groups, and DH groups that are not RFC 7919 ones
# (RFC 3526, a 1024-bit one, s_server's automatic choice) refused with
# insufficient_security; the RSA key exchange refused with a signing-only
# certificate; resumption keeping encrypt-then-MAC; and the default policy
# still refusing these suites in both roles.
#
# ETM is checked on both sides: ward's etm= field, and OpenSSL's (s_client
# -tlsextdebug shows ward's encrypt_then_mac; s_server's ServerHello is read in
# ward's --trace), and data only flows when both agree on it.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/include/lib12.sh"
source "$(dirname "$0")/include/legacy.sh"
need_cmd openssl ss timeout
need_ward
make_pki
make_legacy_pki

GET='GET / HTTP/1.0\r\n\r\n'
WANT_VERSION=TLSv1.2
LEG=(--policy legacy --ca "$PKI/ca.pem" --servername localhost)
# The RSA certificate that allows key encipherment, and the ECDSA one.
SRV_CERTS=(-cert "$PKI/rsaenc.pem" -key "$PKI/rsaenc.key" -cert_chain "$PKI/int.pem"
    -dcert "$PKI/ecdsa.pem" -dkey "$PKI/ecdsa.key" -dcert_chain "$PKI/int.pem")

# The trace line of an encrypt_then_mac extension in a ServerHello.
SH_ETM='Extension: encrypt_then_mac \(len=0\)  \[CBC records: encrypt-then-MAC\]'

# ward_line FILE PROG N: the Nth "PROG: connected" line of FILE.
ward_line() { grep -E "^$2: connected " "$1" 2>/dev/null | sed -n "${3}p"; }

# ---- ward client -> s_server ---------------------------------------------------

for etm in on off; do
    no_etm=()
    [ "$etm" = on ] || no_etm=(-no_etm)
    case_begin "s_server -tls1_2 serving every legacy suite, ETM $etm"
    up=0
    start_s_server12 srv -www "${SRV_CERTS[@]}" -dhparam "$PKI/dh-ffdhe2048.pem" \
        -cipher 'ALL:@SECLEVEL=1' "${no_etm[@]}" && up=1
    case_end
    [ $up = 1 ] || continue
    for suite in "${LEGACY12[@]}"; do
        [ "$etm" = on ] || is_cbc "$suite" || continue
        case_begin "ward client -> s_server: $suite, ETM $etm"
        ward_client cli "$GET" "$LOOPBACK:$PORT" "${LEG[@]}" --suites "$suite" --trace
        expect_connected "$suite" "$(legacy_group "$suite")" - no yes
        expect_legacy_fields "$(ward_line "$T/cli.err" 'ward client' 1) " "$suite" "$etm"
        # OpenSSL's own decision, as its ServerHello carried it (ward's trace).
        if [ "$(want_etm "$suite" "$etm")" = yes ]; then
            expect_grep "$T/cli.err" "$SH_ETM" "s_server's ServerHello (encrypt_then_mac)"
        else
            expect_no_grep "$T/cli.err" "$SH_ETM" "s_server's ServerHello (no encrypt_then_mac)"
        fi
        expect_grep "$T/cli.out" '^HTTP/1\.0 200 ok' "response"
        expect_grep "$T/cli.out" "Cipher is ${OSSL_LEGACY[$suite]}\$" "s_server's page"
        case_log "$T/srv.err"
        case_end
    done
    stop_peer srv
done

for g in ffdhe3072 ffdhe4096; do
    case_begin "ward client -> s_server -dhparam $g: DHE over $g"
    if start_s_server12 srv -www -naccept 1 "${SRV_CERTS[@]}" -dhparam "$PKI/dh-$g.pem"; then
        ward_client cli "$GET" "$LOOPBACK:$PORT" "${LEG[@]}" \
            --suites TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
        expect_connected TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 "$g"
        expect_grep "$T/cli.out" '^HTTP/1\.0 200 ok' "response"
        wait_peer_exit srv 5
    fi
    case_end
done

# Logjam: only the RFC 7919 groups. s_server's automatic choice is an RFC 3526
# group; the 1024-bit one needs OpenSSL's security level 0.
declare -A DH_CASE=([modp2048]="-dhparam $PKI/dh-modp2048.pem" [auto]=""
    [1024]="-dhparam $PKI/dh-1024.pem -cipher DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0")
for dh in modp2048 auto 1024; do
    case_begin "ward client -> s_server with a DH group not from RFC 7919 ($dh): insufficient_security"
    # shellcheck disable=SC2086
    if start_s_server12 srv -www -naccept 1 "${SRV_CERTS[@]}" ${DH_CASE[$dh]}; then
        ward_client cli "$GET" "$LOOPBACK:$PORT" "${LEG[@]}" \
            --suites TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
        expect_handshake_failed '.*insufficient_security'
        wait_until 5 file_matches "$T/srv.err" 'alert insufficient security' ||
            case_fail "s_server did not report insufficient_security"
        case_log "$T/srv.err"
    fi
    stop_peer srv
    case_end
done

case_begin "ward client -> s_server, RSA key exchange with a signing-only certificate: bad_certificate"
if start_s_server12 srv -www -naccept 1 -cert "$PKI/rsa.pem" -key "$PKI/rsa.key" \
    -cert_chain "$PKI/int.pem"; then
    ward_client cli "$GET" "$LOOPBACK:$PORT" "${LEG[@]}" --suites TLS_RSA_WITH_AES_128_GCM_SHA256
    expect_handshake_failed '.*bad_certificate'
fi
stop_peer srv
case_end

case_begin "ward client (default policy) -> s_server with only legacy suites: refused"
if start_s_server12 srv -www -naccept 1 "${SRV_CERTS[@]}" -dhparam "$PKI/dh-ffdhe2048.pem" \
    -cipher "$OSSL_LEGACY_ALL"; then
    ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost
    expect_handshake_failed '.*handshake_failure'
    case_log "$T/srv.err"
fi
stop_peer srv
case_end

# The legacy ClientHello lists the RFC 7919 groups, so a TLS 1.3 server may ask
# for one (RFC 8446 4.2.7): the HelloRetryRequest and the FFDHE key share work.
case_begin "ward client --policy legacy -> s_server -tls1_3 -groups ffdhe3072: TLS 1.3 over ffdhe3072"
if start_s_server srv -www -naccept 1 "${SRV_CERTS[@]}" -groups ffdhe3072; then
    ward_client cli "$GET" "$LOOPBACK:$PORT" "${LEG[@]}"
    WANT_VERSION=TLSv1.3 expect_connected "" ffdhe3072 - yes yes
    expect_grep "$T/cli.out" '^HTTP/1\.0 200 ok' "response"
    wait_peer_exit srv 5
fi
stop_peer srv
case_end

# ---- s_client -> ward server ------------------------------------------------------

mkdir -p "$T/site"
PAGE=$(token)
echo "$PAGE" >"$T/site/index.html"
S_CLIENT12=(openssl s_client -tls1_2 -verify_return_error -CAfile "$PKI/ca.pem"
    -servername localhost -verify_hostname localhost -tlsextdebug -ign_eof)
ETM_EXT='TLS server extension "encrypt-then-mac" \(id=22\), len=0'

# s_get NAME ARGS...: one GET through s_client (it ends when ward closes).
s_get() {
    local name=$1
    shift
    # shellcheck disable=SC2059
    printf "$GET" | bounded 10 "${S_CLIENT12[@]}" -connect "$LOOPBACK:$PORT" "$@" \
        >"$T/$name.out" 2>"$T/$name.err"
    S_RC=$?
    case_log "$T/$name.out" "$T/$name.err"
}

case_begin "ward server --policy legacy (RSA and ECDSA certificates) starts"
up=0
start_ward_server wsrv --policy legacy --www "$T/site" --cert "$PKI/rsaenc.chain.pem" \
    --key "$PKI/rsaenc.key" --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --verbose && up=1
case_end
conns=0
for etm in on off; do
    [ $up = 1 ] || break
    no_etm=()
    [ "$etm" = on ] || no_etm=(-no_etm)
    for suite in "${LEGACY12[@]}"; do
        [ "$etm" = on ] || is_cbc "$suite" || continue
        case_begin "s_client -> ward server: $suite, ETM $etm"
        s_get cli -cipher "${OSSL_LEGACY[$suite]}" "${no_etm[@]}"
        conns=$((conns + 1))
        expect_eq "s_client exit status" "$S_RC" 0
        expect_grep "$T/cli.out" "^New, TLSv1\\.[0-9], Cipher is ${OSSL_LEGACY[$suite]}\$" "s_client"
        expect_grep "$T/cli.out" "^$PAGE\$" "the page, through ward"
        if [ "$(want_etm "$suite" "$etm")" = yes ]; then
            expect_grep "$T/cli.out" "$ETM_EXT" "s_client -tlsextdebug (ETM from ward)"
        else
            expect_no_grep "$T/cli.out" "$ETM_EXT" "s_client -tlsextdebug (no ETM from ward)"
        fi
        wait_until 5 eval "[ -n \"\$(ward_line '$T/wsrv.err' 'ward server' $conns)\" ]"
        line=$(ward_line "$T/wsrv.err" 'ward server' "$conns")
        [[ "$line" == "ward server: connected TLSv1.2 $suite $(legacy_group "$suite") "* ]] ||
            case_fail "ward server --verbose line: '$line'"
        expect_legacy_fields "$line " "$suite" "$etm"
        case_end
    done
done

# OpenSSL's TLS 1.2 client lists no FFDHE group (OpenSSL gives them to TLS 1.3
# only), so RFC 7919 4 lets the server pick: ward's first (ffdhe2048).
case_begin "s_client (no FFDHE group listed) -> ward server: DHE over ffdhe2048 (RFC 7919 4)"
if [ $up = 1 ]; then
    s_get cli -cipher DHE-RSA-AES128-GCM-SHA256
    conns=$((conns + 1))
    expect_grep "$T/cli.out" '^Server Temp Key: DH, 2048 bits' "s_client"
    expect_grep "$T/cli.out" "^$PAGE\$" "the page, through ward"
    wait_until 5 eval "[ -n \"\$(ward_line '$T/wsrv.err' 'ward server' $conns)\" ]"
    line=$(ward_line "$T/wsrv.err" 'ward server' "$conns")
    [[ "$line" == *" TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 ffdhe2048 "* ]] ||
        case_fail "ward server --verbose line: '$line'"
fi
case_end

case_begin "s_client resumes a CBC session with ward server: encrypt-then-MAC kept"
if [ $up = 1 ]; then
    s_get cli -cipher ECDHE-RSA-AES256-SHA384 -sess_out "$T/sess.pem"
    s_get cli2 -cipher ECDHE-RSA-AES256-SHA384 -sess_in "$T/sess.pem"
    conns=$((conns + 2))
    expect_grep "$T/cli2.out" '^Reused, TLSv1\.2, Cipher is ECDHE-RSA-AES256-SHA384$' "s_client"
    expect_grep "$T/cli2.out" "$ETM_EXT" "s_client -tlsextdebug (ETM when resumed)"
    expect_grep "$T/cli2.out" "^$PAGE\$" "the page, through ward"
    wait_until 5 eval "[ -n \"\$(ward_line '$T/wsrv.err' 'ward server' $conns)\" ]"
    line=$(ward_line "$T/wsrv.err" 'ward server' "$conns")
    [[ "$line" == *" etm=yes fs=yes resumed=yes" ]] || case_fail "ward server --verbose line: '$line'"
fi
case_end
stop_peer wsrv

for g in ffdhe3072 ffdhe4096; do
    case_begin "s_client -> ward server --groups x25519,$g: DHE over $g"
    if start_ward_server wsrv --policy legacy --www "$T/site" --cert "$PKI/rsaenc.chain.pem" \
        --key "$PKI/rsaenc.key" --groups "x25519,$g" --verbose --max-conns 1; then
        s_get cli -cipher DHE-RSA-AES256-GCM-SHA384
        expect_grep "$T/cli.out" "^Server Temp Key: DH, ${g#ffdhe} bits" "s_client"
        expect_grep "$T/cli.out" "^$PAGE\$" "the page, through ward"
        wait_peer_exit wsrv 5
        expect_grep "$T/wsrv.err" "^ward server: connected TLSv1\\.2 TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 $g " \
            "ward server --verbose line"
    fi
    stop_peer wsrv
    case_end
done

case_begin "s_client -tls1_3 -groups ffdhe4096 -> ward server --policy legacy: TLS 1.3 over ffdhe4096"
if start_ward_server wsrv --policy legacy --www "$T/site" --cert "$PKI/rsaenc.chain.pem" \
    --key "$PKI/rsaenc.key" --verbose --max-conns 1; then
    # shellcheck disable=SC2059
    printf "$GET" | bounded 10 openssl s_client -tls1_3 -CAfile "$PKI/ca.pem" -servername localhost \
        -verify_return_error -groups ffdhe4096 -ign_eof -connect "$LOOPBACK:$PORT" \
        >"$T/cli.out" 2>"$T/cli.err"
    case_log "$T/cli.out" "$T/cli.err"
    expect_grep "$T/cli.out" '^Server Temp Key: DH, 4096 bits' "s_client"
    expect_grep "$T/cli.out" "^$PAGE\$" "the page, through ward"
    wait_peer_exit wsrv 5
    expect_grep "$T/wsrv.err" '^ward server: connected TLSv1\.3 TLS_AES_[0-9]+_GCM_SHA[0-9]+ ffdhe4096 ' \
        "ward server --verbose line"
fi
stop_peer wsrv
case_end

case_begin "s_client, RSA key exchange -> ward server with a signing-only RSA certificate: refused"
if start_ward_server wsrv --policy legacy --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" \
    --max-conns 1; then
    s_get cli -cipher AES128-GCM-SHA256
    expect_ne "s_client exit status" "$S_RC" 0
    expect_grep "$T/cli.err" 'alert handshake failure' "s_client stderr"
    wait_peer_exit wsrv 5
    expect_grep "$T/wsrv.err" 'no shared cipher suite' "ward server stderr"
fi
stop_peer wsrv
case_end

case_begin "s_client with only legacy suites -> ward server (default policy): handshake_failure"
if start_ward_server wsrv --cert "$PKI/rsaenc.chain.pem" --key "$PKI/rsaenc.key" \
    --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
    s_get cli -cipher "$OSSL_LEGACY_ALL"
    expect_ne "s_client exit status" "$S_RC" 0
    expect_grep "$T/cli.err" 'alert handshake failure' "s_client stderr"
    wait_peer_exit wsrv 5
    expect_grep "$T/wsrv.err" 'no shared cipher suite' "ward server stderr"
fi
stop_peer wsrv
case_end

finish
