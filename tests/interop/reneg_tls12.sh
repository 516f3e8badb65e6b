#!/usr/bin/env bash
# TLS 1.2 renegotiation, secure form only (RFC 5746), against OpenSSL and ward.
#
# Server-initiated (s_server's "r" command, ward server --renegotiate-after) and
# client-initiated (s_client's "R" command), each accepted when enabled and
# declined (no_renegotiation) when not. Data must flow before and after.
source "$(dirname "$0")/lib.sh"
need_cmd openssl ss timeout
need_ward
make_pki
WANT_VERSION=TLSv1.2

# peer_say NAME TEXT: writes to the stdin FIFO of a peer started with start_peer.
peer_say() {
    local fd
    exec {fd}>"$T/$1.in"
    # shellcheck disable=SC2059
    printf "$2" >&"$fd"
    exec {fd}>&-
}

# s_server -tls1_2 in its interactive mode: prints what it receives, sends
# what its stdin gets, and "r" on a line of its own renegotiates.
start_s_server12_plain() {
    PORT=$(free_port)
    start_peer srv openssl s_server -tls1_2 -accept "$LOOPBACK:$PORT" -naccept 1 \
        -cert "$PKI/ecdsa.pem" -key "$PKI/ecdsa.key" -cert_chain "$PKI/int.pem"
    if ! wait_port "$PORT"; then
        case_fail "s_server -tls1_2 did not start"
        case_log "$T/srv.err"
        return 1
    fi
}

WARD_CLIENT=("$WARD" client --ca "$PKI/ca.pem" --servername localhost --verbose)

case_begin "s_server renegotiates (HelloRequest) -> ward client --renegotiation: accepted"
if start_s_server12_plain; then
    t1=$(token) t2=$(token)
    conv_start cli "${WARD_CLIENT[@]}" --renegotiation "$LOOPBACK:$PORT"
    case_log "$T/cli.err" "$T/srv.out" "$T/srv.err"
    if conv_wait_err cli '^ward client: connected '; then
        conv_send cli "$t1\n"
        wait_until 5 file_matches "$T/srv.out" "^$t1\$" || case_fail "s_server did not get the first line"
        peer_say srv 'r\n'
        conv_wait_err cli '^ward client: renegotiated \(1 total\)$' ||
            case_fail "ward client did not report the renegotiation"
        conv_send cli "$t2\n"
        wait_until 5 file_matches "$T/srv.out" "^$t2\$" ||
            case_fail "s_server did not get the line sent after the renegotiation"
        expect_grep "$T/srv.out" '^SSL_do_handshake -> 1$' "s_server stdout"
        parse_verbose "$T/cli.err"
        [[ "$WC_EXTRA" == *" secure_reneg=yes"* ]] || case_fail "no secure_reneg=yes in '$WC_EXTRA'"
    else
        case_fail "ward client did not connect"
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "ward client exit status" "$PEER_RC" 0
    stop_peer srv
fi
case_end

case_begin "s_server renegotiates -> ward client without --renegotiation: declined"
if start_s_server12_plain; then
    t1=$(token)
    conv_start cli "${WARD_CLIENT[@]}" "$LOOPBACK:$PORT"
    case_log "$T/cli.err" "$T/srv.out" "$T/srv.err"
    if conv_wait_err cli '^ward client: connected '; then
        conv_send cli "$t1\n"
        wait_until 5 file_matches "$T/srv.out" "^$t1\$" || case_fail "s_server did not get the first line"
        peer_say srv 'r\n'
        # ward answers the HelloRequest with a no_renegotiation warning (RFC 5246
        # 7.2.2); OpenSSL's server treats that as the end of the connection.
        wait_until 5 file_matches "$T/srv.err" 'no renegotiation' ||
            case_fail "s_server did not log the no_renegotiation alert"
        expect_no_grep "$T/cli.err" 'renegotiated' "ward client stderr"
    else
        case_fail "ward client did not connect"
    fi
    conv_close cli
    wait_peer_exit cli 5
    stop_peer srv
fi
case_end

S_CLIENT12=(openssl s_client -tls1_2 -verify_return_error -CAfile "$PKI/ca.pem"
    -servername localhost -verify_hostname localhost)

case_begin "s_client renegotiates (R) -> ward server --allow-client-renegotiation: accepted"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
    --allow-client-renegotiation --max-conns 1; then
    t1=$(token) t2=$(token)
    conv_start cli "${S_CLIENT12[@]}" -connect "$LOOPBACK:$PORT"
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    if conv_wait cli '^ *Verify return code'; then
        conv_send cli "$t1\n"
        conv_wait cli "^$t1\$" || case_fail "no echo before the renegotiation"
        conv_send cli 'R\n'
        conv_wait_err cli '^RENEGOTIATING' || case_fail "s_client did not renegotiate"
        sleep 0.3
        conv_send cli "$t2\n"
        conv_wait cli "^$t2\$" || case_fail "no echo after the renegotiation"
    else
        case_fail "s_client did not connect"
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "s_client exit status" "$PEER_RC" 0
    expect_no_grep "$T/cli.err" 'alert' "s_client stderr"
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
    expect_grep "$T/srv.err" '^ward server: renegotiated \(1 total\)$' "ward server stderr"
fi
case_end

case_begin "s_client renegotiates (R) -> ward server: declined with no_renegotiation"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
    t1=$(token)
    conv_start cli "${S_CLIENT12[@]}" -connect "$LOOPBACK:$PORT"
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    if conv_wait cli '^ *Verify return code'; then
        conv_send cli "$t1\n"
        conv_wait cli "^$t1\$" || case_fail "no echo before the renegotiation"
        conv_send cli 'R\n'
        wait_until 5 file_matches "$T/cli.err" 'no renegotiation' ||
            case_fail "s_client did not receive no_renegotiation"
    else
        case_fail "s_client did not connect"
    fi
    conv_close cli
    wait_peer_exit cli 5
    wait_peer_exit srv 5
    expect_no_grep "$T/srv.err" 'renegotiated' "ward server stderr"
fi
case_end

case_begin "ward server --renegotiate-after -> s_client: server-initiated renegotiation"
if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" --tls12 \
    --renegotiate-after 10 --max-conns 1; then
    t1=$(token) t2=$(token)
    # -nbio: with a blocking socket, s_client can stay inside SSL_read after a
    # renegotiation during which application data arrived (it then never reads
    # stdin again); the non-blocking mode returns to its select loop.
    conv_start cli "${S_CLIENT12[@]}" -connect "$LOOPBACK:$PORT" -nbio
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    if conv_wait cli '^ *Verify return code'; then
        conv_send cli "$t1\n"
        conv_wait cli "^$t1\$" || case_fail "no echo before the renegotiation"
        wait_until 5 file_matches "$T/srv.err" '^ward server: renegotiation requested$' ||
            case_fail "ward server did not request a renegotiation"
        conv_send cli "$t2\n"
        conv_wait cli "^$t2\$" || case_fail "no echo after the renegotiation"
        wait_until 5 file_matches "$T/srv.err" '^ward server: renegotiated \(1 total\)$' ||
            case_fail "ward server did not report the renegotiation"
        n=$(grep -Ec '^depth=0 .*CN ?= ?localhost' "$T/cli.err")
        expect_eq "times s_client verified ward's certificate (handshake + renegotiation)" "$n" 2
    else
        case_fail "s_client did not connect"
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "s_client exit status" "$PEER_RC" 0
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
fi
case_end

case_begin "ward server --renegotiate-after -> ward client --renegotiation"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --tls12 \
    --renegotiate-after 10 --max-conns 1; then
    t1=$(token) t2=$(token)
    conv_start cli "${WARD_CLIENT[@]}" --renegotiation "$LOOPBACK:$PORT"
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    if conv_wait_err cli '^ward client: connected TLSv1\.2 '; then
        conv_send cli "$t1\n"
        conv_wait cli "^$t1\$" || case_fail "no echo before the renegotiation"
        conv_wait_err cli '^ward client: renegotiated \(1 total\)$' ||
            case_fail "ward client did not report the renegotiation"
        conv_send cli "$t2\n"
        conv_wait cli "^$t2\$" || case_fail "no echo after the renegotiation"
    else
        case_fail "ward client did not connect with TLS 1.2"
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "ward client exit status" "$PEER_RC" 0
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
    expect_grep "$T/srv.err" '^ward server: renegotiated \(1 total\)$' "ward server stderr"
fi
case_end

finish
