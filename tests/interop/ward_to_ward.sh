#!/usr/bin/env bash
# ward client -> ward server over real sockets.
#
# Both ends are ward, so each case checks both ends' accounts: the client's
# --verbose line and exit status, and the server's exit status (--max-conns)
# and stderr.
source "$(dirname "$0")/lib.sh"
need_cmd openssl ss timeout
need_ward
make_pki

# finish_server: the server must have served its connections and exited 0.
finish_server() {
    wait_peer_exit srv 10
    expect_eq "ward server exit status" "$PEER_RC" 0
    expect_no_grep "$T/srv.err" 'failed' "ward server stderr"
    case_log "$T/srv.err"
}

for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
    for group in x25519 secp256r1 secp384r1; do
        case_begin "ward -> ward: $suite $group, echo"
        if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
            --suites "$suite" --groups "$group" --max-conns 1; then
            tok=$(token)
            ward_client cli "$tok\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
                --suites "$suite" --groups "$group"
            expect_connected "$suite" "$group" - no yes
            expect_eq "echo" "$(cat "$T/cli.out")" "$tok"
            finish_server
        fi
        case_end
    done
done

case_begin "ward -> ward --groups secp384r1: HelloRetryRequest"
if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" --groups secp384r1 \
    --max-conns 1; then
    tok=$(token)
    ward_client cli "$tok\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost
    expect_connected "*" secp384r1 - yes yes
    expect_eq "echo" "$(cat "$T/cli.out")" "$tok"
    finish_server
fi
case_end

for cert in rsa ecdsa ed25519; do
    case_begin "ward -> ward: $cert certificate"
    if start_ward_server srv --cert "$PKI/$cert.chain.pem" --key "$PKI/$cert.key" --max-conns 1; then
        tok=$(token)
        ward_client cli "$tok\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost
        expect_connected "*" "*" - no yes
        expect_eq "echo" "$(cat "$T/cli.out")" "$tok"
        finish_server
    fi
    case_end
done

case_begin "ward -> ward: ALPN h2 chosen by the server's preference"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --alpn h2,http/1.1 \
    --max-conns 1; then
    ward_client cli "x\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
        --alpn http/1.1,h2
    expect_connected "*" "*" h2
    finish_server
fi
case_end

case_begin "ward -> ward: ALPN without overlap is refused (no_application_protocol)"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --alpn h2 \
    --max-conns 1; then
    ward_client cli "x\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost --alpn foo
    expect_handshake_failed '.*no_application_protocol'
    wait_peer_exit srv 10
    expect_grep "$T/srv.err" 'no_application_protocol' "ward server stderr"
fi
case_end

case_begin "ward -> ward --verify-client: client certificate accepted"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
    --verify-client "$PKI/clientca.pem" --max-conns 1; then
    tok=$(token)
    ward_client cli "$tok\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
        --cert "$PKI/client.chain.pem" --key "$PKI/client.key"
    expect_connected "*" "*" - no yes
    expect_eq "echo" "$(cat "$T/cli.out")" "$tok"
    finish_server
fi
case_end

case_begin "ward -> ward --verify-client without a client certificate: certificate_required"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
    --verify-client "$PKI/clientca.pem" --max-conns 1; then
    tok=$(token)
    ward_client cli "$tok\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost
    expect_eq "ward client exit status" "$WC_RC" 1
    expect_no_grep "$T/cli.out" "$tok" "ward client stdout"
    expect_grep "$T/cli.err" 'certificate_required' "ward client stderr"
    wait_peer_exit srv 10
    expect_grep "$T/srv.err" 'certificate_required' "ward server stderr"
fi
case_end

case_begin "ward -> ward --key-update, then echo"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
    tok=$(token)
    ward_client cli "$tok\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost --key-update
    expect_connected
    expect_eq "echo" "$(cat "$T/cli.out")" "$tok"
    finish_server
fi
case_end

case_begin "ward -> ward: 1 MB echo"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
    head -c 1048576 /dev/urandom >"$T/big.bin"
    bounded "$WARD_IT_TIMEOUT" "$WARD" client "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" \
        --servername localhost <"$T/big.bin" >"$T/big.out" 2>"$T/big.err"
    expect_eq "ward client exit status" "$?" 0
    case_log "$T/big.err"
    expect_same_file "echoed data" "$T/big.out" "$T/big.bin"
    finish_server
fi
case_end

case_begin "ward -> ward --www: GET / returns index.html"
WWW=$T/www
mkdir -p "$WWW"
echo "index $(token)" >"$WWW/index.html"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --www "$WWW" \
    --max-conns 1; then
    ward_client cli 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' "$LOOPBACK:$PORT" \
        --ca "$PKI/ca.pem" --servername localhost
    expect_connected
    expect_grep "$T/cli.out" '^HTTP/1\.[01] 200'
    expect_grep "$T/cli.out" "^$(cat "$WWW/index.html")\$"
    finish_server
fi
case_end

case_begin "ward server refuses a client that offers only groups it does not accept"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --groups secp384r1 \
    --max-conns 1; then
    ward_client cli "x\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost --groups x25519
    expect_handshake_failed '.*handshake_failure'
    wait_peer_exit srv 10
fi
case_end

# `make demo`: the whole session in one process, with the handshake printed.
case_begin "ward demo: TLS 1.3 session in one process, every handshake message traced"
bounded 30 "$WARD" demo >"$T/demo.out" 2>"$T/demo.err"
expect_eq "ward demo exit status" "$?" 0
case_log "$T/demo.err"
for m in "Client Hello" "Server Hello" "Encrypted Extensions" "Certificate" "Certificate Verify" "Finished"; do
    expect_grep "$T/demo.out" "Handshake Protocol: $m\$" "demo trace"
done
expect_grep "$T/demo.out" 'negotiated TLS 1\.3' "demo summary"
case_end

finish
