#!/usr/bin/env bash
# TLS 1.2 against OpenSSL, the cases tls12_openssl.sh does not have.
#
# tls12_openssl.sh restricts the OpenSSL side to one suite / group; here ward
# makes the choice (ward client --suites/--groups against an s_server offering
# everything with both an RSA and an ECDSA certificate; ward server --suites
# against an s_client offering everything), groups with RSA certificates in
# both roles and with ECDSA certificates in the server role, ALPN and its
# mismatch in the server role, client certificates with ward server --verbose,
# a client certificate from an unknown CA, and the TLS 1.2 rule that an ECDSA
# server certificate must be on a curve the client listed (RFC 8422 5.1).
# Every case moves a fresh token through the connection and checks it.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/include/lib12.sh"
need_cmd openssl ss timeout
need_ward
make_pki
WANT_VERSION=TLSv1.2

# OpenSSL's names of ward's groups in s_client's "Server Temp Key:" line.
declare -A OSSL_TEMPKEY=([x25519]='X25519, 253 bits' [secp256r1]='ECDH, prime256v1, 256 bits'
    [secp384r1]='ECDH, secp384r1, 384 bits')

# s_server -tls1_2 -rev with both certificates (RSA first, ECDSA as -dcert): it
# sends back every line reversed and prints what it negotiated.
BOTH_CERTS=(-cert "$PKI/rsa.pem" -key "$PKI/rsa.key" -cert_chain "$PKI/int.pem"
    -dcert "$PKI/ecdsa.pem" -dkey "$PKI/ecdsa.key" -dcert_chain "$PKI/int.pem")

# ward_to_rev ARGS...: ward client --tls12 through the running s_server -rev;
# checks the reversed token and s_server's account of version and suite.
ward_to_rev() {
    local tok
    tok=$(token)
    ward_client cli "$tok\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost --tls12 "$@"
    case_log "$T/srv.out" "$T/srv.err"
    printf '%s\n' "$(echo "$tok" | rev)" >"$T/want.txt"
    expect_same_file "reversed line from s_server -rev" "$T/cli.out" "$T/want.txt"
    wait_peer_exit srv 5
    # s_server -rev reports the session on stderr.
    expect_grep "$T/srv.err" '^Protocol version: TLSv1\.2$' "s_server stderr"
}

# ---- ward client -> s_server -tls1_2 (ward chooses) ------------------------------

for suite in "${SUITES12[@]}"; do
    case_begin "ward client --tls12 --suites $suite -> s_server -tls1_2 (all suites, RSA+ECDSA certs)"
    if start_s_server12 srv -rev -naccept 1 "${BOTH_CERTS[@]}"; then
        ward_to_rev --suites "$suite"
        expect_ward12 "$suite"
        expect_grep "$T/srv.err" "^Ciphersuite: ${OSSL_SUITE[$suite]}\$" "s_server stderr"
    fi
    stop_peer srv
    case_end
done

for group in "${GROUPS12[@]}"; do
    case_begin "ward client --tls12 --groups $group -> s_server -tls1_2, RSA certificate"
    if start_s_server12 srv -rev -naccept 1 -cert "$PKI/rsa.pem" -key "$PKI/rsa.key" \
        -cert_chain "$PKI/int.pem"; then
        ward_to_rev --groups "$group"
        expect_ward12 "" "$group"
        [[ "$WC_SUITE" == TLS_ECDHE_RSA_* ]] || case_fail "suite $WC_SUITE is not ECDHE_RSA"
    fi
    stop_peer srv
    case_end

    case_begin "ward client --tls12 -> s_server -tls1_2 -groups ${OSSL_GROUP[$group]}, RSA certificate"
    if start_s_server12 srv -rev -naccept 1 -cert "$PKI/rsa.pem" -key "$PKI/rsa.key" \
        -cert_chain "$PKI/int.pem" -groups "${OSSL_GROUP[$group]}"; then
        ward_to_rev
        expect_ward12 "" "$group"
    fi
    stop_peer srv
    case_end
done

case_begin "ward client --alpn foo -> s_server -tls1_2 -alpn h2,http/1.1: no_application_protocol"
if start_s_server12 srv -rev -naccept 1 "${BOTH_CERTS[@]}" -alpn h2,http/1.1; then
    ward_client cli 'never echoed\n' "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
        --tls12 --alpn foo
    case_log "$T/srv.out" "$T/srv.err"
    # OpenSSL 3 follows RFC 7301 3.2: no overlap -> fatal no_application_protocol.
    expect_handshake_failed '.*no_application_protocol'
    [ -s "$T/cli.out" ] && case_fail "ward client printed data from a failed connection"
    wait_peer_exit srv 5
    expect_grep "$T/srv.out" '^ALPN protocols advertised by the client: foo$' "s_server stdout"
fi
stop_peer srv
case_end

# ---- s_client -tls1_2 -> ward server ----------------------------------------------

S_CLIENT12=(openssl s_client -tls1_2 -verify_return_error -CAfile "$PKI/ca.pem"
    -servername localhost -verify_hostname localhost)

# s_client_echo ARGS...: s_client -tls1_2 ARGS against ward on $PORT; sends a
# token line, expects it back, ends input. s_client's exit status in PEER_RC.
s_client_echo() {
    local tok
    tok=$(token)
    conv_start cli "${S_CLIENT12[@]}" -connect "$LOOPBACK:$PORT" "$@"
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    if conv_wait cli '^ *Verify return code'; then
        sleep 0.1
        conv_send cli "$tok\n"
        conv_wait cli "^$tok\$" || case_fail "no echo of '$tok' from ward server"
    else
        case_fail "s_client did not connect"
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "s_client exit status" "$PEER_RC" 0
    expect_grep "$T/cli.out" '^ *Extended master secret: yes$' "s_client (RFC 7627)"
    expect_grep "$T/cli.out" '^Secure Renegotiation IS supported$' "s_client (RFC 5746)"
}

WARD_BOTH_CERTS=(--cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key"
    --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key")

for suite in "${SUITES12[@]}"; do
    case_begin "s_client -tls1_2 (all suites) -> ward server --suites $suite (RSA+ECDSA certs)"
    if start_ward_server srv "${WARD_BOTH_CERTS[@]}" --suites "$suite" --verbose --max-conns 1; then
        s_client_echo
        expect_grep "$T/cli.out" "^New, TLSv1\\.2, Cipher is ${OSSL_SUITE[$suite]}\$" "s_client cipher"
        wait_peer_exit srv 5
        expect_eq "ward server exit status" "$PEER_RC" 0
        expect_server_verbose "$T/srv.err" "TLSv1\\.2 $suite .* ems=yes secure_reneg=yes( |\$)"
    fi
    stop_peer srv
    case_end
done

for group in "${GROUPS12[@]}"; do
    case_begin "s_client -tls1_2 -groups ${OSSL_GROUP[$group]} -cipher aRSA -> ward server (RSA certificate)"
    if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" --verbose --max-conns 1; then
        s_client_echo -groups "${OSSL_GROUP[$group]}" -cipher aRSA
        expect_grep "$T/cli.out" "^Server Temp Key: ${OSSL_TEMPKEY[$group]}\$" "s_client temp key"
        expect_grep "$T/cli.out" '^New, TLSv1\.2, Cipher is ECDHE-RSA-' "s_client cipher"
        wait_peer_exit srv 5
        expect_server_verbose "$T/srv.err" "TLSv1\\.2 TLS_ECDHE_RSA_[A-Z0-9_]+ $group "
    fi
    stop_peer srv
    case_end

    # ECDSA: the client must list P-256 too, the curve of ward's certificate
    # (RFC 8422 5.1); ward server --groups makes the key exchange group $group.
    glist=${OSSL_GROUP[$group]}
    [ "$group" = secp256r1 ] || glist="$glist:P-256"
    case_begin "s_client -tls1_2 -groups $glist -cipher aECDSA -> ward server --groups $group (ECDSA certificate)"
    if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --groups "$group" \
        --verbose --max-conns 1; then
        s_client_echo -groups "$glist" -cipher aECDSA
        expect_grep "$T/cli.out" "^Server Temp Key: ${OSSL_TEMPKEY[$group]}\$" "s_client temp key"
        expect_grep "$T/cli.out" '^New, TLSv1\.2, Cipher is ECDHE-ECDSA-' "s_client cipher"
        wait_peer_exit srv 5
        expect_server_verbose "$T/srv.err" "TLSv1\\.2 TLS_ECDHE_ECDSA_[A-Z0-9_]+ $group "
    fi
    stop_peer srv
    case_end
done

# RFC 8422 5.1 (as RFC 4492 before it): in TLS 1.2 the server's ECDSA
# certificate must use a curve the client listed in supported_groups. With an
# RSA certificate available too, a client that lists only P-384 must get an
# ECDHE_RSA suite. OpenSSL's client enforces the rule (illegal_parameter,
# "wrong curve"). Regression case: ward used the P-256 certificate anyway until
# 84002c8.
case_begin "s_client -tls1_2 -groups P-384 -> ward server (RSA + ECDSA P-256 certs): ECDHE_RSA chosen (RFC 8422 5.1)"
if start_ward_server srv "${WARD_BOTH_CERTS[@]}" --verbose --max-conns 1; then
    s_client_echo -groups P-384
    expect_grep "$T/cli.out" '^New, TLSv1\.2, Cipher is ECDHE-RSA-' "s_client cipher"
    expect_no_grep "$T/cli.err" 'alert' "s_client stderr"
    wait_peer_exit srv 5
    expect_server_verbose "$T/srv.err" 'TLSv1\.2 TLS_ECDHE_RSA_[A-Z0-9_]+ secp384r1 '
fi
stop_peer srv
case_end

case_begin "s_client -tls1_2 -alpn http/1.1 -> ward server --alpn h2,http/1.1"
if start_ward_server srv "${WARD_BOTH_CERTS[@]}" --alpn h2,http/1.1 --verbose --max-conns 1; then
    s_client_echo -alpn http/1.1
    expect_grep "$T/cli.out" '^ALPN protocol: http/1\.1$' "s_client ALPN"
    wait_peer_exit srv 5
    expect_server_verbose "$T/srv.err" 'TLSv1\.2 [^ ]+ [^ ]+ alpn=http/1\.1 '
fi
stop_peer srv
case_end

case_begin "s_client -tls1_2 -alpn foo -> ward server --alpn h2,http/1.1: no_application_protocol"
if start_ward_server srv "${WARD_BOTH_CERTS[@]}" --alpn h2,http/1.1 --max-conns 1; then
    echo never-echoed | bounded 10 "${S_CLIENT12[@]}" -connect "$LOOPBACK:$PORT" -alpn foo \
        >"$T/cli.out" 2>"$T/cli.err"
    expect_ne "s_client exit status" "$?" 0
    case_log "$T/cli.err" "$T/srv.err"
    # RFC 7301 3.2: no overlap -> fatal no_application_protocol.
    expect_grep "$T/cli.err" 'alert no application protocol' "s_client stderr"
    expect_no_grep "$T/cli.out" '^never-echoed$' "s_client stdout"
    wait_peer_exit srv 5
    expect_grep "$T/srv.err" 'no_application_protocol' "ward server stderr"
fi
stop_peer srv
case_end

case_begin "s_client -tls1_2 -cert -> ward server --verify-client --verbose: verified=yes"
if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" \
    --verify-client "$PKI/clientca.pem" --verbose --max-conns 1; then
    s_client_echo -cert "$PKI/client.pem" -key "$PKI/client.key"
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
    expect_server_verbose "$T/srv.err" 'TLSv1\.2 TLS_ECDHE_RSA_[A-Z0-9_]+ .* verified=yes ems=yes secure_reneg=yes( |$)'
fi
stop_peer srv
case_end

case_begin "s_client -tls1_2 with a certificate from an unknown CA -> ward server --verify-client: unknown_ca"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
    --verify-client "$PKI/clientca.pem" --max-conns 1; then
    echo never-echoed | bounded 10 "${S_CLIENT12[@]}" -connect "$LOOPBACK:$PORT" \
        -cert "$PKI/rogue.pem" -key "$PKI/rogue.key" >"$T/cli.out" 2>"$T/cli.err"
    expect_ne "s_client exit status" "$?" 0
    case_log "$T/cli.err" "$T/srv.err"
    expect_grep "$T/cli.err" 'alert unknown ca' "s_client stderr"
    expect_no_grep "$T/cli.out" '^never-echoed$' "s_client stdout"
    wait_peer_exit srv 5
    expect_grep "$T/srv.err" '^ward server: handshake failed: .*unknown_ca' "ward server stderr"
fi
stop_peer srv
case_end

finish
