#!/usr/bin/env bash
# Session resumption, ward client -> ward server.
#
#   --sess-out / --sess-in across two client processes (TLS 1.2, TLS 1.3);
#   --reconnect N (the config's session store), with the same input on every
#   connection and "resumed K of N" as the last line of stdout; what each
#   server option allows (--no-tickets, --no-session-cache, --tickets13 0, both
#   off: never); a session from another server process; an unreadable
#   --sess-in; --sess-out when there is nothing to save; the --trace view of a
#   resumption (PSK identity, selected identity, offered ticket, notes).
#
# Both ends report: the client's and the server's resumed= fields must agree
# with each other and with "resumed K of N".
source "$(dirname "$0")/lib.sh"
need_cmd openssl ss timeout
need_ward
make_pki

WARD_CERT=(--cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key")
CLIENT=(--ca "$PKI/ca.pem" --servername localhost)

# resumed_seq FILE PROG: the resumed= field of every "PROG: connected" line.
resumed_seq() {
    grep -E "^$2: connected " "$1" 2>/dev/null | sed -nE 's/.* resumed=(yes|no)$/\1/p' |
        paste -sd' ' -
}

vflag() { [ "$1" = 1.2 ] && echo --tls12 || echo --tls13; }

# ---- --sess-out, then --sess-in in another process ------------------------------

for ver in 1.2 1.3; do
    case_begin "ward client $(vflag $ver) --sess-out, then --sess-in (second process) -> ward server"
    if start_ward_server srv "${WARD_CERT[@]}" --max-conns 2 --verbose; then
        case_log "$T/srv.err"
        rm -f "$T/s.sess"
        tok=$(token)
        ward_client cli1 "$tok\n" "$LOOPBACK:$PORT" "${CLIENT[@]}" "$(vflag $ver)" --sess-out "$T/s.sess"
        WANT_VERSION=TLSv$ver expect_connected
        expect_grep "$T/cli1.out" "^$tok\$" "first echo"
        expect_eq "first ward client resumed=" "$(resumed_seq "$T/cli1.err" 'ward client')" no
        if [ -s "$T/s.sess" ]; then
            perms=$(stat -c %a "$T/s.sess")
            expect_eq "session file mode" "$perms" 600
            ward_client cli2 "$tok\n" "$LOOPBACK:$PORT" "${CLIENT[@]}" "$(vflag $ver)" --sess-in "$T/s.sess"
            WANT_VERSION=TLSv$ver expect_connected
            expect_grep "$T/cli2.out" "^$tok\$" "second echo"
            expect_eq "second ward client resumed=" "$(resumed_seq "$T/cli2.err" 'ward client')" yes
        else
            case_fail "--sess-out wrote no session file"
            case_log "$T/cli1.err"
        fi
        wait_peer_exit srv 5
        expect_eq "ward server exit status" "$PEER_RC" 0
        expect_eq "ward server resumed= per connection" "$(resumed_seq "$T/srv.err" 'ward server')" "no yes"
    fi
    case_end
done

# ---- --reconnect ------------------------------------------------------------------

for ver in 1.2 1.3; do
    case_begin "ward client $(vflag $ver) --reconnect 3 -> ward server: resumed 3 of 3, same input each time"
    if start_ward_server srv "${WARD_CERT[@]}" --max-conns 4 --verbose; then
        case_log "$T/srv.err"
        tok=$(token)
        ward_client cli "$tok one\n$tok two\n" "$LOOPBACK:$PORT" "${CLIENT[@]}" "$(vflag $ver)" --reconnect 3
        WANT_VERSION=TLSv$ver expect_connected
        # Exactly: four echoes of the whole input, then the summary line.
        want=$(for i in 1 2 3 4; do printf '%s one\n%s two\n' "$tok" "$tok"; done; echo "resumed 3 of 3")
        expect_eq "ward client stdout" "$(cat "$T/cli.out")" "$want"
        case_log "$T/cli.out"
        expect_eq "ward client resumed= per connection" "$(resumed_seq "$T/cli.err" 'ward client')" "no yes yes yes"
        wait_peer_exit srv 5
        expect_eq "ward server exit status" "$PEER_RC" 0
        expect_eq "ward server resumed= per connection" "$(resumed_seq "$T/srv.err" 'ward server')" "no yes yes yes"
    fi
    case_end
done

case_begin "ward client --reconnect 2 with input that does not end in a newline: summary on a line of its own"
if start_ward_server srv "${WARD_CERT[@]}" --max-conns 3; then
    ward_client cli "abc" "$LOOPBACK:$PORT" "${CLIENT[@]}" --reconnect 2
    expect_eq "ward client exit status" "$WC_RC" 0
    expect_eq "ward client stdout" "$(cat "$T/cli.out")" "$(printf 'abcabcabc\nresumed 2 of 2')"
    wait_peer_exit srv 5
fi
case_end

# ---- what the server options allow ------------------------------------------------

# reconnect_case NAME VERSION K SERVER-ARGS...: ward client --reconnect 2
# against ward server with SERVER-ARGS must resume exactly K times, the server
# agreeing connection by connection.
reconnect_case() {
    local title=$1 ver=$2 k=$3 seq
    shift 3
    case_begin "ward client $(vflag "$ver") --reconnect 2 -> ward server $*: $title (resumed $k of 2)"
    if start_ward_server srv "${WARD_CERT[@]}" --max-conns 3 --verbose "$@"; then
        case_log "$T/srv.err"
        ward_client cli 'x\n' "$LOOPBACK:$PORT" "${CLIENT[@]}" "$(vflag "$ver")" --reconnect 2
        WANT_VERSION=TLSv$ver expect_connected
        expect_eq "last line of stdout" "$(tail -n 1 "$T/cli.out")" "resumed $k of 2"
        case $k in 0) seq="no no no" ;; 2) seq="no yes yes" ;; esac
        expect_eq "ward client resumed= per connection" "$(resumed_seq "$T/cli.err" 'ward client')" "$seq"
        wait_peer_exit srv 5
        expect_eq "ward server resumed= per connection" "$(resumed_seq "$T/srv.err" 'ward server')" "$seq"
    fi
    case_end
}

reconnect_case "never resumes" 1.2 0 --no-tickets --no-session-cache
reconnect_case "never resumes" 1.3 0 --no-tickets --no-session-cache
reconnect_case "session ID still works" 1.2 2 --no-tickets
reconnect_case "tickets still work" 1.2 2 --no-session-cache
reconnect_case "TLS 1.3 resumes only with tickets" 1.3 0 --no-tickets
reconnect_case "no TLS 1.3 ticket, no resumption" 1.3 0 --tickets13 0
reconnect_case "one ticket is enough" 1.3 2 --tickets13 1

# ---- edges --------------------------------------------------------------------------

for ver in 1.2 1.3; do
    case_begin "ward client $(vflag $ver) --sess-in with a session of an earlier ward server process: full handshake"
    if start_ward_server srv "${WARD_CERT[@]}" --max-conns 1; then
        rm -f "$T/old.sess"
        ward_client cli1 'x\n' "$LOOPBACK:$PORT" "${CLIENT[@]}" "$(vflag $ver)" --sess-out "$T/old.sess"
        expect_eq "first ward client exit status" "$WC_RC" 0
        wait_peer_exit srv 5
        if [ ! -s "$T/old.sess" ]; then
            case_fail "--sess-out wrote no session file"
        elif start_ward_server srv "${WARD_CERT[@]}" --max-conns 1 --verbose; then
            case_log "$T/srv.err"
            ward_client cli2 'x\n' "$LOOPBACK:$PORT" "${CLIENT[@]}" "$(vflag $ver)" --sess-in "$T/old.sess"
            WANT_VERSION=TLSv$ver expect_connected
            expect_eq "ward client resumed=" "$(resumed_seq "$T/cli2.err" 'ward client')" no
            wait_peer_exit srv 5
            expect_eq "ward server resumed=" "$(resumed_seq "$T/srv.err" 'ward server')" no
        fi
    fi
    case_end
done

case_begin "ward client --tls13 --sess-out -> ward server --no-tickets: nothing to save, exit 0"
if start_ward_server srv "${WARD_CERT[@]}" --max-conns 1 --no-tickets; then
    rm -f "$T/none.sess"
    ward_client cli 'x\n' "$LOOPBACK:$PORT" "${CLIENT[@]}" --tls13 --sess-out "$T/none.sess"
    expect_connected
    expect_grep "$T/cli.err" '^ward client: --sess-out .*: no session to save' "ward client stderr"
    [ -e "$T/none.sess" ] && case_fail "--sess-out created $T/none.sess with nothing to save"
    wait_peer_exit srv 5
fi
case_end

case_begin "ward client --sess-in with a file that is not a session: usage error, no connection"
if start_ward_server srv "${WARD_CERT[@]}" --max-conns 1 --verbose; then
    echo "not a session" >"$T/bad.sess"
    ward_client cli 'x\n' "$LOOPBACK:$PORT" "${CLIENT[@]}" --sess-in "$T/bad.sess"
    expect_eq "ward client exit status" "$WC_RC" 2
    expect_grep "$T/cli.err" "^ward client: --sess-in .*bad\\.sess: not a saved session" "ward client stderr"
    expect_no_grep "$T/srv.err" 'connected' "ward server stderr"
    ward_client cli "x\n" "$LOOPBACK:$PORT" "${CLIENT[@]}" --sess-in "$T/no-such-file"
    expect_eq "ward client exit status (missing file)" "$WC_RC" 2
    expect_grep "$T/cli.err" 'no-such-file: No such file or directory' "ward client stderr"
    stop_peer srv
fi
case_end

# ---- --trace --------------------------------------------------------------------

case_begin "--trace, TLS 1.3: PSK identity offered, selected, and the handshake marked as resumed"
if start_ward_server srv "${WARD_CERT[@]}" --max-conns 2 --trace; then
    case_log "$T/srv.err"
    ward_client cli 'x\n' "$LOOPBACK:$PORT" "${CLIENT[@]}" --tls13 --reconnect 1 --trace
    expect_eq "last line of stdout" "$(tail -n 1 "$T/cli.out")" "resumed 1 of 1"
    # The first connection's tickets, then the second's offer and the answer.
    expect_grep "$T/cli.err" '^ +Session Ticket Nonce Length: 1  Nonce: 0[01]$' "client trace (NewSessionTicket)"
    expect_grep "$T/cli.err" '^ +Session Ticket Age Add: [0-9]+$' "client trace (NewSessionTicket)"
    expect_grep "$T/cli.err" '^ +Extension: pre_shared_key \(len=[0-9]+\)  1 identity, binders 33 bytes$' \
        "client trace (ClientHello pre_shared_key)"
    expect_grep "$T/cli.err" '^ +Identity \[1\]: [0-9]+ bytes, obfuscated_ticket_age [0-9]+: [0-9a-f]+' \
        "client trace (PSK identity)"
    expect_grep "$T/cli.err" '^ +Binder \[1\]: 32 bytes$' "client trace (PSK binder)"
    expect_grep "$T/cli.err" 'pre_shared_key \(len=2\)  Selected Identity: 0  \[PSK accepted: resumed handshake\]' \
        "client trace (ServerHello pre_shared_key)"
    expect_grep "$T/cli.err" '^   \[ward client\] handshake done: RESUMED a session' "client trace"
    expect_eq "client handshakes marked full" "$(grep -c 'handshake done: full handshake' "$T/cli.err")" 1
    wait_peer_exit srv 5
    expect_grep "$T/srv.err" '^   \[ward\] PSK accepted: resuming' "server trace (engine note)"
    expect_grep "$T/srv.err" '^   \[ward server\] handshake done: RESUMED a session' "server trace"
    expect_no_grep "$T/cli.err" '\[malformed\]' "client trace"
    expect_no_grep "$T/srv.err" '\[malformed\]' "server trace"
fi
case_end

case_begin "--trace, TLS 1.2: ticket asked for, received, offered, and the abbreviated handshake"
if start_ward_server srv "${WARD_CERT[@]}" --max-conns 2 --trace; then
    case_log "$T/srv.err"
    ward_client cli 'x\n' "$LOOPBACK:$PORT" "${CLIENT[@]}" --tls12 --reconnect 1 --trace
    expect_eq "last line of stdout" "$(tail -n 1 "$T/cli.out")" "resumed 1 of 1"
    expect_grep "$T/cli.err" 'Extension: session_ticket \(len=0\)  \[no ticket offered; asks for one\]' \
        "client trace (first ClientHello)"
    expect_grep "$T/cli.err" '^ +Session Ticket Lifetime Hint: [0-9]+ seconds' "client trace (NewSessionTicket)"
    len=$(sed -nE 's/^ +Session Ticket Length: ([0-9]+)  Ticket: .*/\1/p' "$T/cli.err" | head -n 1)
    expect_ne "ticket length in the trace" "${len:-}" ""
    expect_grep "$T/cli.err" "Extension: session_ticket \\(len=$len\\)  Ticket offered: $len bytes: [0-9a-f]+" \
        "client trace (second ClientHello)"
    expect_grep "$T/cli.err" '^   \[ward\] server resumes the session \(abbreviated handshake\)' "client trace (engine note)"
    expect_grep "$T/cli.err" '^   \[ward client\] handshake done: RESUMED a session \(abbreviated handshake\)' "client trace"
    wait_peer_exit srv 5
    expect_grep "$T/srv.err" '^   \[ward\] resuming session: .*\(abbreviated handshake\)' "server trace (engine note)"
    expect_no_grep "$T/cli.err" '\[malformed\]' "client trace"
fi
case_end

finish
