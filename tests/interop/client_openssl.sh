#!/usr/bin/env bash
# ward client -> openssl s_server (TLS 1.3 only).
#
# Every suite x group x server key type; HelloRetryRequest; mutual auth (with and
# without a client certificate); ALPN; SNI-based certificate selection; IP
# address verification; data both ways (s_server -rev); KeyUpdate.
# Each case checks ward's --verbose line AND what s_server itself reports.
source "$(dirname "$0")/lib.sh"
need_cmd openssl ss timeout rev
need_ward
make_pki

SUITES=(TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256)
WARD_GROUPS=(x25519 secp256r1 secp384r1)
declare -A OSSL_GROUP=([x25519]=X25519 [secp256r1]=P-256 [secp384r1]=P-384)
GET='GET / HTTP/1.0\r\n\r\n'

# server_args KEYTYPE: s_server certificate options for a leaf + intermediate.
server_args() {
    echo "-cert $PKI/$1.pem -key $PKI/$1.key -cert_chain $PKI/int.pem"
}

# 1. The full matrix. ward is restricted to the same suite and group as the
#    server, so no HelloRetryRequest may happen; s_server -www answers with a
#    page that states the cipher it negotiated, which must agree with ward.
for cert in rsa ecdsa ed25519; do
    for suite in "${SUITES[@]}"; do
        for group in "${WARD_GROUPS[@]}"; do
            case_begin "ward -> s_server: $cert $suite $group"
            # shellcheck disable=SC2046
            if start_s_server srv -www -naccept 1 $(server_args $cert) \
                -ciphersuites "$suite" -groups "${OSSL_GROUP[$group]}"; then
                case_log "$T/srv.err"
                ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" \
                    --servername localhost --suites "$suite" --groups "$group"
                expect_connected "$suite" "$group" - no yes
                expect_grep "$T/cli.out" '^HTTP/1\.0 200 ok' "response"
                expect_grep "$T/cli.out" "^New, TLSv1\.3, Cipher is $suite" "s_server's page"
                wait_peer_exit srv 5
                expect_eq "s_server exit status" "$PEER_RC" 0
            fi
            case_end
        done
    done
done

# 2. ward's defaults against a server that only has one group: the handshake
#    must still succeed on that group (with HRR when ward's first share differs).
for group in secp256r1 secp384r1; do
    case_begin "ward defaults -> s_server -groups ${OSSL_GROUP[$group]}: HelloRetryRequest"
    # shellcheck disable=SC2046
    if start_s_server srv -www -naccept 1 $(server_args ecdsa) -groups "${OSSL_GROUP[$group]}"; then
        case_log "$T/srv.err"
        ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost
        # ward's first key share is x25519 (its default preference), so a server
        # that only speaks $group must ask again.
        expect_connected "*" "$group" - yes yes
        expect_grep "$T/cli.out" '^HTTP/1\.0 200 ok' "response"
        wait_peer_exit srv 5
    fi
    case_end
done

case_begin "ward defaults -> s_server defaults: x25519, no HRR"
# shellcheck disable=SC2046
if start_s_server srv -www -naccept 1 $(server_args ecdsa); then
    ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost
    expect_connected "*" x25519 - no yes
    expect_grep "$T/cli.out" '^HTTP/1\.0 200 ok' "response"
    wait_peer_exit srv 5
fi
case_end

# 3. Data both ways: s_server -rev sends back each line reversed.
for cert in rsa ecdsa ed25519; do
    case_begin "ward -> s_server -rev: round trip ($cert)"
    # shellcheck disable=SC2046
    if start_s_server srv -rev -naccept 1 $(server_args $cert); then
        tok=$(token)
        ward_client cli "line one $tok\nsecond line $tok\n" "$LOOPBACK:$PORT" \
            --ca "$PKI/ca.pem" --servername localhost
        expect_connected
        expect_grep "$T/cli.out" "^$(echo "line one $tok" | rev)\$" "reversed first line"
        expect_grep "$T/cli.out" "^$(echo "second line $tok" | rev)\$" "reversed second line"
        case_log "$T/cli.out"
        wait_peer_exit srv 5
    fi
    case_end
done

# 4. KeyUpdate: ward sends one after the handshake; s_server (-msg) must log it
#    and data must still flow both ways with the new keys.
case_begin "ward --key-update -> s_server -rev -msg"
# shellcheck disable=SC2046
if start_s_server srv -rev -msg -naccept 1 $(server_args ecdsa); then
    tok=$(token)
    ward_client cli "after update $tok\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" \
        --servername localhost --key-update
    expect_connected
    expect_grep "$T/cli.out" "^$(echo "after update $tok" | rev)\$" "reversed line"
    wait_peer_exit srv 5
    expect_grep "$T/srv.out" '<<< TLS 1\.3, Handshake \[length [0-9a-f]+\], KeyUpdate' "s_server -msg log"
fi
case_end

# 5. Mutual authentication.
case_begin "ward --cert/--key -> s_server -Verify 1: client certificate accepted"
# shellcheck disable=SC2046
if start_s_server srv -www -naccept 1 $(server_args rsa) -Verify 1 -CAfile "$PKI/clientca.pem" \
    -verify_return_error; then
    case_log "$T/srv.err"
    ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
        --cert "$PKI/client.chain.pem" --key "$PKI/client.key"
    expect_connected
    expect_grep "$T/cli.out" '^HTTP/1\.0 200 ok' "response"
    expect_grep "$T/cli.out" 'CN ?= ?ward test client' "s_server's page (client certificate)"
    wait_peer_exit srv 5
fi
case_end

case_begin "ward without a client cert -> s_server -Verify 1: refused"
# shellcheck disable=SC2046
if start_s_server srv -www -naccept 1 $(server_args rsa) -Verify 1 -CAfile "$PKI/clientca.pem" \
    -verify_return_error; then
    ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost
    expect_eq "ward client exit status" "$WC_RC" 1
    expect_no_grep "$T/cli.out" 'HTTP/1\.0 200' "ward client stdout"
    # RFC 8446 4.4.2.4: the server aborts with certificate_required.
    expect_grep "$T/cli.err" 'certificate_required' "ward client stderr"
    wait_peer_exit srv 5
    expect_grep "$T/srv.err" 'peer did not return a certificate' "s_server stderr"
fi
case_end

# 6. ALPN.
for offer in h2 http/1.1; do
    case_begin "ward --alpn $offer -> s_server -alpn h2,http/1.1"
    # shellcheck disable=SC2046
    if start_s_server srv -www -naccept 1 $(server_args ecdsa) -alpn h2,http/1.1; then
        ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
            --alpn "$offer"
        expect_connected "*" "*" "$offer"
        expect_grep "$T/srv.out" "^ALPN protocols advertised by the client: $offer\$" "s_server stdout"
        wait_peer_exit srv 5
    fi
    case_end
done

case_begin "ward without --alpn -> s_server -alpn: alpn=-"
# shellcheck disable=SC2046
if start_s_server srv -www -naccept 1 $(server_args ecdsa) -alpn h2; then
    ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost
    expect_connected "*" "*" "-"
    wait_peer_exit srv 5
fi
case_end

# 7. SNI: s_server presents the untrusted certificate unless the client names
#    "localhost", for which it has a second, trusted one. Success therefore
#    proves ward sent server_name=localhost.
case_begin "ward sends SNI: s_server picks the certificate for localhost"
# shellcheck disable=SC2046
if start_s_server srv -www -naccept 1 -cert "$PKI/rogue.pem" -key "$PKI/rogue.key" \
    -servername localhost -cert2 "$PKI/direct.pem" -key2 "$PKI/direct.key"; then
    ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost
    expect_connected "*" "*" - "*" yes
    expect_grep "$T/srv.out" 'Switching server context' "s_server stdout"
    wait_peer_exit srv 5
fi
case_end

# 8. An IP address as the name: verified against the IP SAN, not sent as SNI.
case_begin "ward -> 127.0.0.1 without --servername: IP SAN verified"
# shellcheck disable=SC2046
if start_s_server srv -www -naccept 1 $(server_args ecdsa); then
    ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem"
    expect_connected "*" "*" - "*" yes
    expect_grep "$T/cli.out" '^HTTP/1\.0 200 ok' "response"
    wait_peer_exit srv 5
fi
case_end

finish
