#!/usr/bin/env bash
# openssl s_client -> ward server (TLS 1.3 only).
#
# s_client verifies ward's chain (leaf + intermediate) and host name with
# -verify_return_error; every case checks what s_client reports (protocol,
# cipher, temp key, peer signature type, ALPN) and an echo round trip.
source "$(dirname "$0")/lib.sh"
need_cmd openssl ss timeout
need_ward
make_pki

SUITES=(TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256)
WARD_GROUPS=(x25519 secp256r1 secp384r1)
declare -A OSSL_GROUP=([x25519]=X25519 [secp256r1]=P-256 [secp384r1]=P-384)
# How s_client prints the server's ephemeral key for each group.
declare -A TEMP_KEY=([x25519]='X25519, 253 bits' [secp256r1]='ECDH, prime256v1, 256 bits'
    [secp384r1]='ECDH, secp384r1, 384 bits')
declare -A SIG_TYPE=([rsa]=RSA-PSS [ecdsa]=ECDSA [ed25519]=ed25519)

S_CLIENT=(openssl s_client -tls1_3 -verify_return_error -CAfile "$PKI/ca.pem"
    -servername localhost -verify_hostname localhost)

# s_client_echo ARGS...: runs s_client against ward on $PORT, sends a token line,
# waits for the echo, then ends its input (s_client then sends close_notify).
# Leaves cli.out / cli.err; sets TOK and PEER_RC.
s_client_echo() {
    TOK=$(token)
    conv_start cli "${S_CLIENT[@]}" -connect "$LOOPBACK:$PORT" "$@"
    case_log "$T/cli.err" "$T/srv.err"
    if conv_wait cli '^Verify return code' && sleep 0.1 && conv_send cli "$TOK\n" &&
        conv_wait cli "^$TOK\$"; then
        :
    else
        case_fail "no echo of '$TOK' from ward server"
        case_log "$T/cli.out"
    fi
    conv_close cli
    wait_peer_exit cli 5
}

# expect_s_client SUITE GROUP SIGTYPE: what s_client printed about the session.
expect_s_client() {
    expect_eq "s_client exit status" "$PEER_RC" 0
    expect_grep "$T/cli.out" '^Verify return code: 0 \(ok\)' "s_client verification"
    expect_grep "$T/cli.out" "^New, TLSv1\\.3, Cipher is ${1:-TLS_[A-Z0-9_]+}\$" "s_client cipher"
    [ -z "${2:-}" ] || expect_grep "$T/cli.out" "^Server Temp Key: ${TEMP_KEY[$2]}\$" "s_client temp key"
    [ -z "${3:-}" ] || expect_grep "$T/cli.out" "^Peer signature type: $3\$" "s_client peer signature"
}

# 1. Suites x groups, with ward restricted to them and s_client offering them.
for suite in "${SUITES[@]}"; do
    for group in "${WARD_GROUPS[@]}"; do
        case_begin "s_client -> ward server: $suite $group"
        if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
            --suites "$suite" --groups "$group" --max-conns 1; then
            s_client_echo -ciphersuites "$suite" -groups "${OSSL_GROUP[$group]}"
            expect_s_client "$suite" "$group" ECDSA
            wait_peer_exit srv 5
            expect_eq "ward server exit status (--max-conns 1)" "$PEER_RC" 0
        fi
        case_end
    done
done

# 2. Each key type alone.
for cert in rsa ecdsa ed25519; do
    case_begin "s_client -> ward server: $cert certificate"
    if start_ward_server srv --cert "$PKI/$cert.chain.pem" --key "$PKI/$cert.key" --max-conns 1; then
        s_client_echo
        expect_s_client "" "" "${SIG_TYPE[$cert]}"
        wait_peer_exit srv 5
    fi
    case_end
done

# 3. Three certificates at once: ward picks by the client's signature_algorithms.
declare -A SIGALGS=([rsa]=rsa_pss_rsae_sha256 [ecdsa]=ecdsa_secp256r1_sha256 [ed25519]=ed25519)
for cert in rsa ecdsa ed25519; do
    case_begin "s_client -sigalgs ${SIGALGS[$cert]} -> ward server with 3 certificates"
    if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" \
        --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
        --cert "$PKI/ed25519.chain.pem" --key "$PKI/ed25519.key" --max-conns 1; then
        s_client_echo -sigalgs "${SIGALGS[$cert]}"
        expect_s_client "" "" "${SIG_TYPE[$cert]}"
        wait_peer_exit srv 5
    fi
    case_end
done

# 4. HelloRetryRequest: s_client sends a key share for X25519 only (its first
#    group); ward only accepts secp384r1 and must ask again.
case_begin "s_client (X25519 share) -> ward server --groups secp384r1: HelloRetryRequest"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
    --groups secp384r1 --max-conns 1; then
    s_client_echo -groups X25519:P-384 -msg
    expect_s_client "" secp384r1
    # -msg logs the HelloRetryRequest as a first ServerHello.
    n=$(grep -Ec '^<<< TLS 1\.3, Handshake \[length [0-9a-f]+\], ServerHello$' "$T/cli.out")
    expect_eq "ServerHello messages seen by s_client (HRR + ServerHello)" "$n" 2
    n=$(grep -Ec '^>>> TLS 1\.3, Handshake \[length [0-9a-f]+\], ClientHello$' "$T/cli.out")
    expect_eq "ClientHello messages sent by s_client" "$n" 2
    wait_peer_exit srv 5
fi
case_end

# 5. ALPN.
case_begin "s_client -alpn http/1.1 -> ward server --alpn h2,http/1.1"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
    --alpn h2,http/1.1 --max-conns 1; then
    s_client_echo -alpn http/1.1
    expect_s_client
    expect_grep "$T/cli.out" '^ALPN protocol: http/1\.1$' "s_client ALPN"
    wait_peer_exit srv 5
fi
case_end

case_begin "s_client -alpn foo -> ward server --alpn h2: no_application_protocol"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
    --alpn h2 --max-conns 1; then
    bounded 10 "${S_CLIENT[@]}" -connect "$LOOPBACK:$PORT" -alpn foo </dev/null \
        >"$T/cli.out" 2>"$T/cli.err"
    expect_ne "s_client exit status" "$?" 0
    # RFC 7301 3.2: the server MUST respond with no_application_protocol.
    expect_grep "$T/cli.err" 'alert no application protocol' "s_client stderr"
    wait_peer_exit srv 5
    expect_grep "$T/srv.err" 'no_application_protocol' "ward server stderr"
fi
case_end

# 6. Client certificates.
case_begin "s_client -cert -> ward server --verify-client: accepted"
if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" \
    --verify-client "$PKI/clientca.pem" --max-conns 1; then
    s_client_echo -cert "$PKI/client.pem" -key "$PKI/client.key"
    expect_s_client
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
fi
case_end

case_begin "s_client without a certificate -> ward server --verify-client: certificate_required"
if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" \
    --verify-client "$PKI/clientca.pem" --max-conns 1; then
    TOK=$(token)
    conv_start cli "${S_CLIENT[@]}" -connect "$LOOPBACK:$PORT"
    conv_wait cli '^Verify return code' && sleep 0.1 && conv_send cli "$TOK\n"
    wait_peer_exit cli 10
    conv_close cli
    expect_no_grep "$T/cli.out" "^$TOK\$" "s_client stdout (no echo)"
    # RFC 8446 4.4.2.4: abort with certificate_required.
    expect_grep "$T/cli.err" 'alert certificate required' "s_client stderr"
    wait_peer_exit srv 5
    expect_grep "$T/srv.err" 'certificate_required' "ward server stderr"
fi
case_end

case_begin "s_client with a certificate from another CA -> ward server --verify-client: unknown_ca"
if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" \
    --verify-client "$PKI/clientca.pem" --max-conns 1; then
    TOK=$(token)
    conv_start cli "${S_CLIENT[@]}" -connect "$LOOPBACK:$PORT" -cert "$PKI/rogue.pem" -key "$PKI/rogue.key"
    conv_wait cli '^Verify return code' && sleep 0.1 && conv_send cli "$TOK\n"
    wait_peer_exit cli 10
    conv_close cli
    expect_no_grep "$T/cli.out" "^$TOK\$" "s_client stdout (no echo)"
    expect_grep "$T/cli.err" 'alert unknown ca' "s_client stderr"
    wait_peer_exit srv 5
fi
case_end

# 7. KeyUpdate from s_client ("K": update and request one back), then data.
case_begin "s_client KeyUpdate (update_requested) -> ward server, then echo"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
    TOK=$(token)
    conv_start cli "${S_CLIENT[@]}" -connect "$LOOPBACK:$PORT" -msg
    case_log "$T/cli.err" "$T/srv.err"
    if conv_wait cli '^Verify return code'; then
        sleep 0.1
        conv_send cli 'K\n'
        conv_wait_err cli '^KEYUPDATE$' || case_fail "s_client did not send KeyUpdate"
        sleep 0.2
        conv_send cli "$TOK\n"
        conv_wait cli "^$TOK\$" || case_fail "no echo after KeyUpdate"
    else
        case_fail "s_client did not connect"
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "s_client exit status" "$PEER_RC" 0
    # ward must answer update_requested with its own KeyUpdate (RFC 8446 4.6.3).
    n=$(grep -Ec '^<<< TLS 1\.3, Handshake \[length [0-9a-f]+\], KeyUpdate$' "$T/cli.out")
    [ "$n" -ge 1 ] || case_fail "s_client received no KeyUpdate from ward"
    wait_peer_exit srv 5
fi
case_end

# 8. Larger data: 200 KB through the echo (many full records each way).
case_begin "s_client -> ward server: 200 KB echo"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
    head -c 150000 /dev/urandom | base64 -w 76 >"$T/big.txt"
    echo "END-OF-DATA" >>"$T/big.txt"
    conv_start cli "${S_CLIENT[@]}" -connect "$LOOPBACK:$PORT" -quiet -no_ign_eof -nocommands
    case_log "$T/cli.err" "$T/srv.err"
    sleep 0.3
    cat "$T/big.txt" >&"${CONV_FD[cli]}"
    conv_wait cli '^END-OF-DATA$' || case_fail "echo did not complete"
    conv_close cli
    wait_peer_exit cli 5
    expect_same_file "echoed data" "$T/cli.out" "$T/big.txt"
    wait_peer_exit srv 5
fi
case_end

finish
