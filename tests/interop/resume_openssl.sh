#!/usr/bin/env bash
# Session resumption against OpenSSL, both directions.
#
#   openssl s_client -sess_out F, then -sess_in F -> ward server: TLS 1.2 with a
#   ticket (RFC 5077), TLS 1.2 with a session ID only (-no_ticket), TLS 1.3 PSK;
#   and the server options that must stop it (--no-tickets, --no-session-cache,
#   --tickets13 0), a server restarted with new ticket keys, --tickets13 N.
#   ward client --reconnect 3 / --sess-out + --sess-in -> openssl s_server:
#   TLS 1.2 ticket, TLS 1.2 session ID, TLS 1.3 PSK; s_server -no_cache
#   -no_ticket must never resume.
#
# Every case asserts that the handshake really was abbreviated (or really was
# not), from the peer's own report ("Reused, TLSv1.x" / "New, TLSv1.x" from
# s_client, and s_server -www's page) AND from ward's resumed= field.
source "$(dirname "$0")/lib.sh"
need_cmd openssl ss timeout
need_ward
make_pki

GET='GET / HTTP/1.0\r\n\r\n'
WARD_CERT=(--cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key")
S_CLIENT=(openssl s_client -verify_return_error -CAfile "$PKI/ca.pem" -servername localhost
    -verify_hostname localhost)

# resumed_seq FILE PROG: the resumed= field of every "PROG: connected" line of
# FILE, in order, space-separated ("no yes yes").
resumed_seq() {
    grep -E "^$2: connected " "$1" 2>/dev/null | sed -nE 's/.* resumed=(yes|no)$/\1/p' |
        paste -sd' ' -
}

# s_client_conn NAME VERSIONFLAG [ARGS...]: one s_client connection to ward
# server on $PORT that sends a token and waits for its echo (so that TLS 1.3
# tickets, sent right after the handshake, have arrived), then closes. ARGS
# carry -sess_out / -sess_in FILE. Output in $T/NAME.out / .err; exit status
# in PEER_RC.
s_client_conn() {
    local name=$1 ver=$2 tok
    shift 2
    tok=$(token)
    conv_start "$name" "${S_CLIENT[@]}" "$ver" -connect "$LOOPBACK:$PORT" "$@"
    case_log "$T/$name.out" "$T/$name.err"
    if conv_wait "$name" '^ *Verify return code'; then
        conv_send "$name" "$tok\n"
        conv_wait "$name" "^$tok\$" || case_fail "$name: no echo from ward server"
    else
        case_fail "$name: s_client did not connect"
    fi
    conv_close "$name"
    wait_peer_exit "$name" 5
}

# s_client_pair VERSIONFLAG [ARGS...]: a first connection saving its session,
# a second one offering it. Results: $T/c1.out, $T/c2.out; expects both exit 0.
s_client_pair() {
    local ver=$1
    shift
    rm -f "$T/sess.pem"
    s_client_conn c1 "$ver" -sess_out "$T/sess.pem" "$@"
    expect_eq "first s_client exit status" "$PEER_RC" 0
    if [ ! -s "$T/sess.pem" ]; then
        case_fail "s_client -sess_out wrote no session"
        return
    fi
    s_client_conn c2 "$ver" -sess_in "$T/sess.pem" "$@"
    expect_eq "second s_client exit status" "$PEER_RC" 0
}

# s_client_unresumable VERSIONFLAG [ARGS...]: like s_client_pair, for a server
# that must not resume. s_client writes no -sess_out file for a session it
# cannot resume (no session ID, no ticket); then the second connection simply
# goes without one. Either way it must be a full handshake.
s_client_unresumable() {
    local ver=$1
    shift
    rm -f "$T/sess.pem"
    s_client_conn c1 "$ver" -sess_out "$T/sess.pem" "$@"
    expect_eq "first s_client exit status" "$PEER_RC" 0
    if [ -s "$T/sess.pem" ]; then
        s_client_conn c2 "$ver" -sess_in "$T/sess.pem" "$@"
    else
        s_client_conn c2 "$ver" "$@"
    fi
    expect_eq "second s_client exit status" "$PEER_RC" 0
    expect_grep "$T/c2.out" "^New, TLSv1\\.${ver#-tls1_}, " "second s_client (full handshake)"
    expect_no_grep "$T/c2.out" '^Reused' "second s_client"
}

# ---- s_client -> ward server ---------------------------------------------------

case_begin "s_client -tls1_2 -sess_out/-sess_in -> ward server: resumed with a ticket (RFC 5077)"
if start_ward_server srv "${WARD_CERT[@]}" --max-conns 2 --verbose; then
    case_log "$T/srv.err"
    s_client_pair -tls1_2
    expect_grep "$T/c1.out" '^New, TLSv1\.2, ' "first s_client"
    expect_grep "$T/c1.out" '^ *TLS session ticket lifetime hint: [0-9]+' "first s_client (ticket received)"
    expect_grep "$T/c2.out" '^Reused, TLSv1\.2, ' "second s_client"
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
    expect_eq "ward server resumed= per connection" "$(resumed_seq "$T/srv.err" 'ward server')" "no yes"
fi
case_end

case_begin "s_client -tls1_2 -no_ticket -sess_out/-sess_in -> ward server: resumed by session ID"
if start_ward_server srv "${WARD_CERT[@]}" --max-conns 2 --verbose; then
    case_log "$T/srv.err"
    s_client_pair -tls1_2 -no_ticket
    expect_grep "$T/c1.out" '^New, TLSv1\.2, ' "first s_client"
    expect_no_grep "$T/c1.out" 'TLS session ticket' "first s_client (no ticket may be involved)"
    expect_grep "$T/c2.out" '^Reused, TLSv1\.2, ' "second s_client"
    wait_peer_exit srv 5
    expect_eq "ward server resumed= per connection" "$(resumed_seq "$T/srv.err" 'ward server')" "no yes"
fi
case_end

case_begin "s_client -tls1_3 -sess_out/-sess_in -> ward server: resumed with a PSK"
if start_ward_server srv "${WARD_CERT[@]}" --max-conns 2 --verbose; then
    case_log "$T/srv.err"
    s_client_pair -tls1_3
    expect_grep "$T/c1.out" '^New, TLSv1\.3, ' "first s_client"
    expect_grep "$T/c1.out" 'Post-Handshake New Session Ticket arrived' "first s_client (ticket received)"
    expect_grep "$T/c2.out" '^Reused, TLSv1\.3, ' "second s_client"
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
    expect_eq "ward server resumed= per connection" "$(resumed_seq "$T/srv.err" 'ward server')" "no yes"
fi
case_end

case_begin "s_client -tls1_2 -> ward server --no-tickets: no ticket, still resumed by session ID"
if start_ward_server srv "${WARD_CERT[@]}" --max-conns 2 --verbose --no-tickets; then
    case_log "$T/srv.err"
    s_client_pair -tls1_2
    expect_no_grep "$T/c1.out" 'TLS session ticket' "first s_client (ward sent a ticket)"
    expect_grep "$T/c2.out" '^Reused, TLSv1\.2, ' "second s_client"
    wait_peer_exit srv 5
    expect_eq "ward server resumed= per connection" "$(resumed_seq "$T/srv.err" 'ward server')" "no yes"
fi
case_end

case_begin "s_client -tls1_2 -no_ticket -> ward server --no-session-cache: not resumed"
if start_ward_server srv "${WARD_CERT[@]}" --max-conns 2 --verbose --no-session-cache; then
    case_log "$T/srv.err"
    s_client_unresumable -tls1_2 -no_ticket
    # RFC 5246 7.4.1.3: an empty session_id says the session will not be cached.
    expect_grep "$T/c1.out" '^ *Session-ID: *$' "first s_client (empty session ID)"
    wait_peer_exit srv 5
    expect_eq "ward server resumed= per connection" "$(resumed_seq "$T/srv.err" 'ward server')" "no no"
fi
case_end

case_begin "s_client -tls1_2 -> ward server --no-session-cache: resumed with the ticket alone"
if start_ward_server srv "${WARD_CERT[@]}" --max-conns 2 --verbose --no-session-cache; then
    case_log "$T/srv.err"
    s_client_pair -tls1_2
    expect_grep "$T/c2.out" '^Reused, TLSv1\.2, ' "second s_client"
    wait_peer_exit srv 5
    expect_eq "ward server resumed= per connection" "$(resumed_seq "$T/srv.err" 'ward server')" "no yes"
fi
case_end

for ver in -tls1_2 -tls1_3; do
    case_begin "s_client $ver -> ward server --no-tickets --no-session-cache: never resumed"
    if start_ward_server srv "${WARD_CERT[@]}" --max-conns 2 --verbose --no-tickets --no-session-cache; then
        case_log "$T/srv.err"
        s_client_unresumable "$ver"
        expect_no_grep "$T/c1.out" 'TLS session ticket|New Session Ticket arrived' "first s_client (ticket)"
        wait_peer_exit srv 5
        expect_eq "ward server resumed= per connection" "$(resumed_seq "$T/srv.err" 'ward server')" "no no"
    fi
    case_end
done

case_begin "s_client -tls1_3 -> ward server --tickets13 0: no ticket, not resumed"
if start_ward_server srv "${WARD_CERT[@]}" --max-conns 2 --verbose --tickets13 0; then
    case_log "$T/srv.err"
    s_client_unresumable -tls1_3
    expect_no_grep "$T/c1.out" 'New Session Ticket arrived' "first s_client"
    wait_peer_exit srv 5
    expect_eq "ward server resumed= per connection" "$(resumed_seq "$T/srv.err" 'ward server')" "no no"
fi
case_end

case_begin "s_client -tls1_3 -msg -> ward server --tickets13 3: three NewSessionTickets"
if start_ward_server srv "${WARD_CERT[@]}" --max-conns 1 --tickets13 3; then
    case_log "$T/srv.err"
    s_client_conn c1 -tls1_3 -sess_out "$T/sess.pem" -msg
    expect_eq "s_client exit status" "$PEER_RC" 0
    n=$(grep -Ec '^<<< TLS 1\.3, Handshake \[length [0-9a-f]+\], NewSessionTicket' "$T/c1.out")
    expect_eq "NewSessionTickets s_client received" "$n" 3
    wait_peer_exit srv 5
fi
case_end

# A ticket from one server process means nothing to the next (new random
# ticket keys, empty cache): a full handshake, not a failure.
for ver in -tls1_2 -tls1_3; do
    case_begin "s_client $ver -sess_in with a session of an earlier ward server process: full handshake"
    if start_ward_server srv "${WARD_CERT[@]}" --max-conns 1; then
        rm -f "$T/sess.pem"
        s_client_conn c1 "$ver" -sess_out "$T/sess.pem"
        wait_peer_exit srv 5
        if start_ward_server srv "${WARD_CERT[@]}" --max-conns 1 --verbose; then
            case_log "$T/srv.err"
            s_client_conn c2 "$ver" -sess_in "$T/sess.pem"
            expect_eq "second s_client exit status" "$PEER_RC" 0
            expect_grep "$T/c2.out" "^New, TLSv1\\.${ver#-tls1_}, " "second s_client (full handshake)"
            wait_peer_exit srv 5
            expect_eq "ward server resumed=" "$(resumed_seq "$T/srv.err" 'ward server')" "no"
        fi
    fi
    case_end
done

# ---- ward client -> s_server ---------------------------------------------------

# start_s_server_ver NAME VERSIONFLAG ARGS...: openssl s_server -www with the
# ECDSA leaf on a free port of 127.0.0.1, only this version. Sets PORT.
start_s_server_ver() {
    local name=$1 ver=$2
    shift 2
    for _ in 1 2 3; do
        PORT=$(free_port)
        start_peer "$name" openssl s_server "$ver" -accept "$LOOPBACK:$PORT" -www \
            -cert "$PKI/ecdsa.pem" -key "$PKI/ecdsa.key" -cert_chain "$PKI/int.pem" "$@"
        if wait_until "$WARD_IT_TIMEOUT" eval "port_listening $PORT || ! peer_alive $name"; then
            peer_alive "$name" && port_listening "$PORT" && return 0
        fi
        stop_peer "$name"
        grep -q "Address already in use" "$T/$name.err" 2>/dev/null || break
    done
    case_fail "openssl s_server $ver did not start listening"
    case_log "$T/$name.err"
    return 1
}

# expect_pages FILE NEW REUSED VERSION: s_server -www pages in FILE say "New,"
# NEW times and "Reused," REUSED times, all for VERSION (1.2 / 1.3).
expect_pages() {
    local new reused other
    new=$(grep -Ec "^New, TLSv${4//./\\.}, " "$1")
    reused=$(grep -Ec "^Reused, TLSv${4//./\\.}, " "$1")
    other=$(grep -Ec '^(New|Reused), ' "$1")
    expect_eq "s_server pages saying New" "$new" "$2"
    expect_eq "s_server pages saying Reused" "$reused" "$3"
    expect_eq "s_server pages in all" "$other" $(($2 + $3))
}

declare -A S_ARGS=([ticket]="" [session-id]="-no_ticket")
for ver in 1.2 1.3; do
    for kind in ticket session-id; do
        [ "$ver" = 1.3 ] && [ "$kind" = session-id ] && continue
        case_begin "ward client --reconnect 3 -> s_server -tls${ver/./_} ${S_ARGS[$kind]}: resumed 3 of 3 ($kind)"
        # shellcheck disable=SC2086
        if start_s_server_ver srv "-tls${ver/./_}" -naccept 4 ${S_ARGS[$kind]}; then
            case_log "$T/srv.err"
            ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
                --reconnect 3
            WANT_VERSION=TLSv$ver expect_connected
            expect_eq "last line of stdout" "$(tail -n 1 "$T/cli.out")" "resumed 3 of 3"
            expect_eq "ward client resumed= per connection" \
                "$(resumed_seq "$T/cli.err" 'ward client')" "no yes yes yes"
            expect_pages "$T/cli.out" 1 3 "$ver"
            wait_peer_exit srv 5
            expect_eq "s_server exit status" "$PEER_RC" 0
        fi
        case_end
    done
done

case_begin "ward client --reconnect 2 -> s_server -tls1_2 -no_ticket -no_cache: resumed 0 of 2"
if start_s_server_ver srv -tls1_2 -naccept 3 -no_ticket -no_cache; then
    case_log "$T/srv.err"
    ward_client cli "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost --reconnect 2
    WANT_VERSION=TLSv1.2 expect_connected
    expect_eq "last line of stdout" "$(tail -n 1 "$T/cli.out")" "resumed 0 of 2"
    expect_eq "ward client resumed= per connection" "$(resumed_seq "$T/cli.err" 'ward client')" "no no no"
    expect_pages "$T/cli.out" 3 0 1.2
    wait_peer_exit srv 5
fi
case_end

for ver in 1.2 1.3; do
    case_begin "ward client --sess-out, then --sess-in (another process) -> s_server -tls${ver/./_}"
    if start_s_server_ver srv "-tls${ver/./_}" -naccept 2; then
        case_log "$T/srv.err"
        rm -f "$T/w.sess"
        ward_client cli1 "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
            --sess-out "$T/w.sess"
        WANT_VERSION=TLSv$ver expect_connected
        expect_pages "$T/cli1.out" 1 0 "$ver"
        if [ -s "$T/w.sess" ]; then
            ward_client cli2 "$GET" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
                --sess-in "$T/w.sess"
            WANT_VERSION=TLSv$ver expect_connected
            expect_eq "second ward client resumed=" "$(resumed_seq "$T/cli2.err" 'ward client')" yes
            expect_pages "$T/cli2.out" 0 1 "$ver"
        else
            case_fail "--sess-out wrote no session file"
        fi
        wait_peer_exit srv 5
    fi
    case_end
done

finish
