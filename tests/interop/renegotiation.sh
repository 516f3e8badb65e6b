#!/usr/bin/env bash
# TLS 1.2 renegotiation (RFC 5746), the cases reneg_tls12.sh does not have:
#   - s_client -msg against ward server --renegotiate-after: the HelloRequest and
#     the second ClientHello on the wire, several lines before and after intact;
#   - s_server's "R" command (renegotiate and ask for a client certificate):
#     ward client --renegotiation sends its certificate in the new handshake;
#   - GnuTLS in both roles: gnutls-serv's **REHANDSHAKE** echo command (a
#     HelloRequest) against ward client with and without --renegotiation;
#     gnutls-cli answering ward server's HelloRequest; gnutls-cli --rehandshake
#     (client-initiated) against ward server --allow-client-renegotiation;
#   - peers without renegotiation_info (GnuTLS %DISABLE_SAFE_RENEGOTIATION):
#     ward never renegotiates with them, in either role, and data still flows;
#   - ward server --renegotiate-after declined by ward client: data still flows.
# (OpenSSL and GnuTLS servers end the connection when their HelloRequest is
# declined, so "declined, then data flows" is shown with ward's server.)
source "$(dirname "$0")/include/netns.sh"
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/include/lib12.sh"
need_cmd openssl gnutls-serv gnutls-cli ss timeout
need_ward
make_pki
WANT_VERSION=TLSv1.2

WARD_CLIENT=("$WARD" client --ca "$PKI/ca.pem" --servername localhost --tls12 --verbose)
S_CLIENT12=(openssl s_client -tls1_2 -verify_return_error -CAfile "$PKI/ca.pem"
    -servername localhost -verify_hostname localhost)

# echo_line NAME TOKEN WHAT: sends TOKEN as a line to conversation NAME and
# waits for it to come back on its stdout.
echo_line() {
    conv_send "$1" "$2\n"
    conv_wait "$1" "^$2\$" || case_fail "no echo of the line sent $3"
}

# ---- s_client -msg -> ward server --renegotiate-after ----------------------------

case_begin "s_client -tls1_2 -msg -> ward server --renegotiate-after 10: HelloRequest, 2nd ClientHello, data intact"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --tls12 \
    --renegotiate-after 10 --verbose --max-conns 1; then
    # -nbio: see reneg_tls12.sh (s_client can otherwise stay in SSL_read).
    conv_start cli "${S_CLIENT12[@]}" -connect "$LOOPBACK:$PORT" -nbio -msg
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    if conv_wait cli '^ *Verify return code'; then
        sleep 0.1
        first="$(token)-this-line-alone-is-longer-than-ten-bytes"
        echo_line cli "$first" "before the renegotiation"
        wait_until 5 file_matches "$T/srv.err" '^ward server: renegotiation requested$' ||
            case_fail "ward server did not request a renegotiation"
        for n in 1 2 3; do
            echo_line cli "$(token)-after-$n" "after the renegotiation ($n)"
        done
        wait_until 5 file_matches "$T/srv.err" '^ward server: renegotiated \(1 total\)$' ||
            case_fail "ward server did not report 'renegotiated (1 total)'"
    else
        case_fail "s_client did not connect"
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "s_client exit status" "$PEER_RC" 0
    n=$(grep -Ec '^<<< TLS 1\.2, Handshake \[length [0-9a-f]+\], HelloRequest$' "$T/cli.out")
    expect_eq "HelloRequests s_client received" "$n" 1
    n=$(grep -Ec '^>>> [^,]+, Handshake \[length [0-9a-f]+\], ClientHello$' "$T/cli.out")
    expect_eq "ClientHellos s_client sent" "$n" 2
    n=$(grep -Ec '^>>> TLS 1\.2, Handshake \[length [0-9a-f]+\], Finished$' "$T/cli.out")
    expect_eq "Finished messages s_client sent" "$n" 2
    n=$(grep -E '^(<<<|>>>) .*Alert' "$T/cli.out" | grep -vc 'close_notify')
    expect_eq "alerts other than close_notify in s_client -msg" "$n" 0
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
    expect_server_verbose "$T/srv.err" 'TLSv1\.2 .* secure_reneg=yes( |$)'
fi
stop_peer srv
case_end

# ---- s_server "R" -> ward client --renegotiation --cert ---------------------------

case_begin "s_server -tls1_2 'R' (renegotiate + CertificateRequest) -> ward client --renegotiation --cert"
if start_s_server12 srv -naccept 1 -cert "$PKI/ecdsa.pem" -key "$PKI/ecdsa.key" \
    -cert_chain "$PKI/int.pem" -CAfile "$PKI/clientca.pem"; then
    t1=$(token) t2=$(token)
    conv_start cli "${WARD_CLIENT[@]}" --renegotiation --cert "$PKI/client.chain.pem" \
        --key "$PKI/client.key" "$LOOPBACK:$PORT"
    case_log "$T/cli.err" "$T/srv.out" "$T/srv.err"
    if conv_wait_err cli '^ward client: connected TLSv1\.2 '; then
        conv_send cli "$t1\n"
        wait_until 5 file_matches "$T/srv.out" "^$t1\$" || case_fail "s_server did not get the first line"
        # No client certificate in the first handshake: s_server did not ask.
        expect_no_grep "$T/srv.err" 'CN ?= ?ward test client' "s_server stderr before R"
        peer_say srv 'R\n'
        conv_wait_err cli '^ward client: renegotiated \(1 total\)$' ||
            case_fail "ward client did not report 'renegotiated (1 total)'"
        conv_send cli "$t2\n"
        wait_until 5 file_matches "$T/srv.out" "^$t2\$" ||
            case_fail "s_server did not get the line sent after the renegotiation"
        peer_say srv "reply-$t2\n"
        conv_wait cli "^reply-$t2\$" || case_fail "ward client did not get s_server's line after it"
        # The certificate came in the renegotiation, and s_server verified it.
        expect_grep "$T/srv.err" '^depth=0 .*CN ?= ?ward test client' "s_server verification"
        expect_grep "$T/srv.out" '^SSL_do_handshake -> 1$' "s_server stdout"
    else
        case_fail "ward client did not connect"
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "ward client exit status" "$PEER_RC" 0
fi
stop_peer srv
case_end

# ---- gnutls-serv **REHANDSHAKE** -> ward client ------------------------------------

# gserv_rehandshake PRIORITY CLIENT_ARGS...: ward client through gnutls-serv
# --echo; a line, then "**REHANDSHAKE**" (gnutls-serv sends a HelloRequest).
gserv_start() {
    start_gnutls_serv12 gs --echo --x509certfile "$PKI/ecdsa.chain.pem" --x509keyfile "$PKI/ecdsa.key" \
        --priority "$1"
}

case_begin "gnutls-serv **REHANDSHAKE** -> ward client --renegotiation: accepted, data intact"
if gserv_start "$PRIO12"; then
    t1=$(token) t2=$(token)
    conv_start cli "${WARD_CLIENT[@]}" --renegotiation "$LOOPBACK:$PORT"
    case_log "$T/cli.err" "$T/gs.out" "$T/gs.err"
    if conv_wait_err cli '^ward client: connected TLSv1\.2 '; then
        echo_line cli "$t1" "before the renegotiation"
        conv_send cli '**REHANDSHAKE**\n'
        conv_wait_err cli '^ward client: renegotiated \(1 total\)$' ||
            case_fail "ward client did not report 'renegotiated (1 total)'"
        echo_line cli "$t2" "after the renegotiation"
        expect_grep "$T/gs.err" '^\*\*\* Sending rehandshake request' "gnutls-serv"
        expect_no_grep "$T/gs.err" 'Error' "gnutls-serv stderr"
        parse_verbose "$T/cli.err"
        [[ "$WC_EXTRA" == *" secure_reneg=yes"* ]] || case_fail "no secure_reneg=yes in '$WC_EXTRA'"
    else
        case_fail "ward client did not connect"
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "ward client exit status" "$PEER_RC" 0
fi
stop_peer gs
case_end

# A declined HelloRequest: ward answers no_renegotiation (a warning); gnutls-serv
# --echo treats any alert while reading as the end of the connection.
for variant in "without --renegotiation" "--renegotiation, server without renegotiation_info"; do
    case_begin "gnutls-serv **REHANDSHAKE** -> ward client $variant: declined with no_renegotiation"
    if [ "$variant" = "without --renegotiation" ]; then
        prio=$PRIO12 extra=() why='not enabled' reneg=yes
    else
        prio="$PRIO12:%DISABLE_SAFE_RENEGOTIATION" extra=(--renegotiation)
        why='server lacks renegotiation_info' reneg=no
    fi
    if gserv_start "$prio"; then
        t1=$(token)
        conv_start cli "${WARD_CLIENT[@]}" --trace "${extra[@]}" "$LOOPBACK:$PORT"
        case_log "$T/cli.err" "$T/gs.err"
        if conv_wait_err cli '^ward client: connected TLSv1\.2 '; then
            parse_verbose "$T/cli.err"
            [[ "$WC_EXTRA" == *" secure_reneg=$reneg"* ]] ||
                case_fail "want secure_reneg=$reneg in '$WC_EXTRA'"
            echo_line cli "$t1" "before the HelloRequest"
            conv_send cli '**REHANDSHAKE**\n'
            wait_until 5 file_matches "$T/gs.err" 'A TLS warning alert has been received' ||
                case_fail "gnutls-serv did not receive ward's warning alert"
            expect_grep "$T/cli.err" "renegotiation declined: $why" "ward client --trace"
            expect_grep "$T/cli.err" 'Alert.*(Warning|warning).*([Nn]o [Rr]enegotiation|no_renegotiation)' \
                "ward client --trace (alert sent)"
        else
            case_fail "ward client did not connect"
        fi
        conv_close cli
        wait_peer_exit cli 5
        expect_no_grep "$T/cli.err" 'renegotiated' "ward client stderr"
        expect_grep "$T/cli.err" '^<- Handshake Protocol: Hello Request$' "ward client --trace (HelloRequest received)"
        n=$(grep -c '^-> Handshake Protocol: Client Hello$' "$T/cli.err")
        expect_eq "ClientHellos ward client sent" "$n" 1
    fi
    stop_peer gs
    case_end
done

# ---- gnutls-cli -> ward server ------------------------------------------------------

# gcli_start PRIORITY ARGS...: gnutls-cli against ward server on $PORT.
gcli_start() {
    local prio=$1
    shift
    conv_start cli gnutls-cli --x509cafile "$PKI/ca.pem" -p "$PORT" --sni-hostname localhost \
        --verify-hostname localhost --priority "$prio" "$@" "$LOOPBACK"
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    conv_wait cli '^- Handshake was completed' || {
        case_fail "gnutls-cli did not complete the handshake"
        return 1
    }
}

# gcli_server_renegotiates PRIORITY: ward server --renegotiate-after 10 asks
# gnutls-cli to renegotiate after the first line; the lines after must come back.
gcli_server_renegotiates() {
    if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" --tls12 \
        --renegotiate-after 10 --verbose --max-conns 1; then
        if gcli_start "$1"; then
            echo_line cli "$(token)-first-line" "before the renegotiation"
            wait_until 5 file_matches "$T/cli.out" '^\*\*\* Rehandshake was performed' ||
                case_fail "gnutls-cli did not complete the renegotiation"
            echo_line cli "$(token)-after" "after the renegotiation"
        fi
        conv_close cli
        wait_peer_exit cli 5
        expect_eq "gnutls-cli exit status" "$PEER_RC" 0
        wait_peer_exit srv 5
        expect_eq "ward server exit status" "$PEER_RC" 0
        expect_grep "$T/srv.err" '^ward server: renegotiated \(1 total\)$' "ward server stderr"
    fi
    stop_peer srv
}

case_begin "ward server --renegotiate-after 10 -> gnutls-cli %NO_TICKETS: renegotiated, data intact"
gcli_server_renegotiates "$PRIO12:%NO_TICKETS"
case_end

# GnuTLS 3.7 (default priority, session tickets on) expects a NewSessionTicket
# in a renegotiation whenever it offers session_ticket, even when the
# ServerHello has no session_ticket extension, and fails with "An unexpected
# TLS packet was received" otherwise. OpenSSL's server issues a new ticket in a
# renegotiation; ward did not until 84002c8 (regression case).
case_begin "ward server --renegotiate-after 10 -> gnutls-cli (tickets on): renegotiated, data intact"
gcli_server_renegotiates "$PRIO12"
case_end

case_begin "gnutls-cli %DISABLE_SAFE_RENEGOTIATION -> ward server --renegotiate-after 10: no HelloRequest, data flows"
if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" --tls12 \
    --renegotiate-after 10 --verbose --trace --max-conns 1; then
    if gcli_start "$PRIO12:%DISABLE_SAFE_RENEGOTIATION"; then
        expect_no_grep "$T/cli.out" '^- Options: .*safe renegotiation' "gnutls-cli options"
        echo_line cli "$(token)-first-line" "first"
        wait_until 5 file_matches "$T/srv.err" '^ward server: not renegotiating: the client does not support secure renegotiation' ||
            case_fail "ward server did not say it will not renegotiate"
        for n in 1 2; do
            echo_line cli "$(token)-after-$n" "after the threshold ($n)"
        done
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "gnutls-cli exit status" "$PEER_RC" 0
    expect_no_grep "$T/cli.out" 'ehandshake' "gnutls-cli stdout"
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
    expect_server_verbose "$T/srv.err" 'TLSv1\.2 .* secure_reneg=no( |$)'
    expect_no_grep "$T/srv.err" 'Hello Request' "ward server --trace (no HelloRequest sent)"
    expect_no_grep "$T/srv.err" '^ward server: (renegotiation requested|renegotiated)' "ward server stderr"
fi
stop_peer srv
case_end

case_begin "gnutls-cli --rehandshake %NO_TICKETS -> ward server --allow-client-renegotiation: accepted"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --tls12 \
    --allow-client-renegotiation --max-conns 1; then
    conv_start cli gnutls-cli --rehandshake --x509cafile "$PKI/ca.pem" -p "$PORT" \
        --sni-hostname localhost --verify-hostname localhost --priority "$PRIO12:%NO_TICKETS" "$LOOPBACK"
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    if conv_wait cli '^- ReHandshake was completed'; then
        echo_line cli "$(token)" "after the client's renegotiation"
    else
        case_fail "gnutls-cli did not complete its renegotiation"
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "gnutls-cli exit status" "$PEER_RC" 0
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
    expect_grep "$T/srv.err" '^ward server: renegotiated \(1 total\)$' "ward server stderr"
fi
stop_peer srv
case_end

# ---- ward server --renegotiate-after -> ward client, declined ---------------------

case_begin "ward server --renegotiate-after 10 -> ward client without --renegotiation: declined, data still flows"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --tls12 \
    --renegotiate-after 10 --max-conns 1; then
    conv_start cli "${WARD_CLIENT[@]}" --trace "$LOOPBACK:$PORT"
    case_log "$T/cli.err" "$T/srv.err"
    if conv_wait_err cli '^ward client: connected TLSv1\.2 '; then
        echo_line cli "$(token)-first-line" "before the HelloRequest"
        wait_until 5 file_matches "$T/cli.err" 'renegotiation declined: not enabled' ||
            case_fail "ward client did not decline the HelloRequest"
        for n in 1 2 3; do
            echo_line cli "$(token)-after-$n" "after the decline ($n)"
        done
    else
        case_fail "ward client did not connect"
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "ward client exit status" "$PEER_RC" 0
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
    expect_grep "$T/srv.err" '^ward server: renegotiation requested$' "ward server stderr"
    expect_no_grep "$T/srv.err" 'renegotiated' "ward server stderr"
    expect_no_grep "$T/cli.err" 'renegotiated' "ward client stderr"
fi
stop_peer srv
case_end

finish
