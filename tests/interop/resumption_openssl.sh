#!/usr/bin/env bash
# Session resumption, both roles.
#
# ward server: openssl s_client -sess_out / -sess_in.
# ward client: --reconnect N (one process, the session kept in memory) and
# --sess-out / --sess-in (a session saved to a file) against openssl s_server
# -www, whose page says "New" or "Reused" for each connection.
#
# TLS 1.3 tickets (NewSessionTicket + PSK with binder), TLS 1.2 tickets
# (RFC 5077) and TLS 1.2 session IDs: the second connection must be reported as
# "Reused" by OpenSSL and still carry data; a ticket from another ward server
# (another ticket key) must fall back to a full handshake, not fail.
source "$(dirname "$0")/lib.sh"
need_cmd openssl ss timeout
need_ward
make_pki

S_CLIENT=(openssl s_client -verify_return_error -CAfile "$PKI/ca.pem" -servername localhost
    -verify_hostname localhost)

# s_client_session NAME ARGS...: one echo exchange, so that post-handshake
# tickets are read before s_client saves the session; sets PEER_RC.
s_client_session() {
    local name=$1 tok
    shift
    tok=$(token)
    conv_start "$name" "${S_CLIENT[@]}" -connect "$LOOPBACK:$PORT" "$@"
    case_log "$T/$name.out" "$T/$name.err" "$T/srv.err"
    if conv_wait "$name" '^ *Verify return code'; then
        sleep 0.1
        conv_send "$name" "$tok\n"
        conv_wait "$name" "^$tok\$" || case_fail "$name: no echo"
    else
        case_fail "$name: s_client did not connect"
    fi
    sleep 0.2 # let the TLS 1.3 tickets that follow the handshake arrive
    conv_close "$name"
    wait_peer_exit "$name" 5
    expect_eq "$name exit status" "$PEER_RC" 0
}

# resume_case TITLE VERSION_RE WARD_ARGS -- S_CLIENT_ARGS
resume_case() {
    local title=$1 vre=$2
    shift 2
    local wargs=() cargs=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        wargs+=("$1")
        shift
    done
    shift
    cargs=("$@")
    case_begin "$title"
    rm -f "$T/sess.pem"
    if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 2 \
        "${wargs[@]}"; then
        s_client_session first "${cargs[@]}" -sess_out "$T/sess.pem"
        expect_grep "$T/first.out" "^New, $vre, Cipher is " "first s_client"
        if [ -s "$T/sess.pem" ]; then
            s_client_session second "${cargs[@]}" -sess_in "$T/sess.pem"
            expect_grep "$T/second.out" "^Reused, $vre, Cipher is " "second s_client"
        else
            case_fail "s_client saved no session"
        fi
        wait_peer_exit srv 5
        expect_eq "ward server exit status" "$PEER_RC" 0
    fi
    case_end
}

resume_case "TLS 1.3 ticket (NewSessionTicket, PSK) -> resumed" 'TLSv1\.3' -- -tls1_3
resume_case "TLS 1.2 session ticket (RFC 5077) -> resumed" 'TLSv1\.2' -- -tls1_2
resume_case "TLS 1.2 session ID (no tickets) -> resumed" 'TLSv1\.2' -- -tls1_2 -no_ticket

case_begin "a ticket from another ward server falls back to a full handshake"
rm -f "$T/sess.pem"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
    s_client_session first -tls1_3 -sess_out "$T/sess.pem"
    wait_peer_exit srv 5
    # A new server process has new random ticket keys: the old ticket cannot
    # be opened, and RFC 8446 4.6.1 / RFC 5077 3.4 say to fall back, not fail.
    if [ -s "$T/sess.pem" ] && start_ward_server srv --cert "$PKI/ecdsa.chain.pem" \
        --key "$PKI/ecdsa.key" --max-conns 1; then
        s_client_session second -tls1_3 -sess_in "$T/sess.pem"
        expect_grep "$T/second.out" '^New, TLSv1\.3, Cipher is ' "second s_client"
        wait_peer_exit srv 5
    else
        case_fail "no session saved, or the second server did not start"
    fi
fi
case_end

# ---- ward client -> openssl s_server ------------------------------------------

GET='GET / HTTP/1.0\r\n\r\n'

# start_s_server_v NAME VERSIONFLAG ARGS...: s_server for one protocol version.
start_s_server_v() {
    local name=$1 vflag=$2
    shift 2
    PORT=$(free_port)
    start_peer "$name" openssl s_server "$vflag" -accept "$LOOPBACK:$PORT" -www \
        -cert "$PKI/ecdsa.pem" -key "$PKI/ecdsa.key" -cert_chain "$PKI/int.pem" "$@"
    if ! wait_port "$PORT"; then
        case_fail "s_server $vflag did not start"
        case_log "$T/$name.err"
        return 1
    fi
}

# client_reconnect_case TITLE VERSIONFLAG VERSION_RE WANT_RESUMED S_SERVER_ARGS...
client_reconnect_case() {
    local title=$1 vflag=$2 vre=$3 want=$4
    shift 4
    case_begin "$title"
    if start_s_server_v srv "$vflag" -naccept 2 "$@"; then
        ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
            --reconnect 1
        expect_eq "ward client exit status" "$WC_RC" 0
        expect_eq "connections reported" "$(grep -c '^ward client: connected ' "$T/cli.err")" 2
        expect_grep "$T/cli.out" "^New, $vre, Cipher is " "s_server's first page"
        expect_eq "last line of ward's stdout" "$(tail -n 1 "$T/cli.out")" "resumed $want of 1"
        if [ "$want" = 1 ]; then
            expect_grep "$T/cli.out" "^Reused, $vre, Cipher is " "s_server's second page"
            expect_grep "$T/cli.err" '^ward client: connected .* resumed=yes' "ward --verbose"
        else
            expect_no_grep "$T/cli.out" '^Reused, ' "s_server's second page"
        fi
        wait_peer_exit srv 5
    fi
    case_end
}

client_reconnect_case "ward client --reconnect -> s_server -tls1_3: ticket resumed" \
    -tls1_3 'TLSv1\.3' 1
client_reconnect_case "ward client --reconnect -> s_server -tls1_2: ticket resumed" \
    -tls1_2 'TLSv1\.2' 1
client_reconnect_case "ward client --reconnect -> s_server -tls1_2 -no_ticket: session ID resumed" \
    -tls1_2 'TLSv1\.2' 1 -no_ticket
client_reconnect_case "control: s_server -tls1_3 -num_tickets 0 gives nothing to resume" \
    -tls1_3 'TLSv1\.3' 0 -num_tickets 0

case_begin "ward client --sess-out, then a new ward client --sess-in -> s_server: resumed"
rm -f "$T/ward.sess"
if start_s_server_v srv -tls1_3 -naccept 2; then
    ward_client cli1 "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
        --sess-out "$T/ward.sess"
    expect_eq "first ward client exit status" "$WC_RC" 0
    if [ -s "$T/ward.sess" ]; then
        ward_client cli2 "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
            --sess-in "$T/ward.sess"
        expect_eq "second ward client exit status" "$WC_RC" 0
        expect_grep "$T/cli2.out" '^Reused, TLSv1\.3, Cipher is ' "s_server's page"
        expect_grep "$T/cli2.err" '^ward client: connected .* resumed=yes' "ward --verbose"
    else
        case_fail "ward client --sess-out wrote no session"
        case_log "$T/cli1.err"
    fi
    wait_peer_exit srv 5
fi
case_end

case_begin "ward client --reconnect -> ward server: resumed"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 2; then
    tok=$(token)
    ward_client cli "$tok\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost --reconnect 1
    expect_eq "ward client exit status" "$WC_RC" 0
    expect_eq "echoes" "$(grep -c "^$tok\$" "$T/cli.out")" 2
    expect_eq "last line of ward's stdout" "$(tail -n 1 "$T/cli.out")" "resumed 1 of 1"
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
fi
case_end

finish
