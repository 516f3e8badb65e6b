#!/usr/bin/env bash
# Session resumption against GnuTLS, both directions.
#
#   gnutls-cli --resume -> ward server: TLS 1.2 with a ticket (RFC 5077), TLS
#   1.2 with a session ID only (%NO_TICKETS), TLS 1.3 PSK (--waitresumption:
#   the ticket comes after the handshake); a server with --no-tickets
#   --no-session-cache never resumes.
#   (No ward client -> gnutls-serv cases: gnutls-serv cannot be bound to
#   127.0.0.1 only, and these tests listen on nothing else.)
#
# Every case asserts that the handshake really was abbreviated (or was not)
# from GnuTLS's own report (gnutls-cli prints "*** This is a resumed session"
# after the second handshake only when it resumed) AND from ward's resumed=.
source "$(dirname "$0")/lib.sh"
need_cmd gnutls-cli openssl ss timeout
need_ward
make_pki

WARD_CERT=(--cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key")
declare -A PRIO=([1.2]='NORMAL:-VERS-ALL:+VERS-TLS1.2' [1.3]='NORMAL:-VERS-ALL:+VERS-TLS1.3')

# resumed_seq FILE PROG: the resumed= field of every "PROG: connected" line.
resumed_seq() {
    grep -E "^$2: connected " "$1" 2>/dev/null | sed -nE 's/.* resumed=(yes|no)$/\1/p' |
        paste -sd' ' -
}

# gnutls_resume ARGS...: gnutls-cli --resume against ward server on $PORT: it
# connects, reconnects offering the session, and then (on the second
# connection) sends a token line and waits for the echo.
gnutls_resume() {
    local tok
    tok=$(token)
    conv_start cli gnutls-cli --resume --x509cafile "$PKI/ca.pem" -p "$PORT" \
        --sni-hostname localhost --verify-hostname localhost "$@" "$LOOPBACK"
    case_log "$T/cli.out" "$T/cli.err"
    # After the second handshake, whether resumed or not, it says this:
    if conv_wait cli '^- Simple Client Mode'; then
        conv_send cli "$tok\n"
        conv_wait cli "^$tok\$" || case_fail "no echo of '$tok' on the second connection"
    else
        case_fail "gnutls-cli did not complete the second handshake"
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "gnutls-cli exit status" "$PEER_RC" 0
    expect_grep "$T/cli.out" '^- Handshake was completed' "gnutls-cli (first handshake)"
    expect_grep "$T/cli.out" '^- Resume Handshake was completed' "gnutls-cli (second handshake)"
}

# ---- gnutls-cli -> ward server --------------------------------------------------

declare -A KIND_PRIO=([ticket]='' [session-id]=':%NO_TICKETS')
for ver in 1.2 1.3; do
    for kind in ticket session-id; do
        [ "$ver" = 1.3 ] && [ "$kind" = session-id ] && continue
        prio=${PRIO[$ver]}${KIND_PRIO[$kind]}
        case_begin "gnutls-cli --resume --priority $prio -> ward server: resumed ($kind)"
        if start_ward_server srv "${WARD_CERT[@]}" --max-conns 2 --verbose; then
            case_log "$T/srv.err"
            extra=()
            [ "$ver" = 1.3 ] && extra=(--waitresumption)
            gnutls_resume --priority "$prio" "${extra[@]}"
            expect_grep "$T/cli.out" '^\*\*\* This is a resumed session' "gnutls-cli"
            # Abbreviated: no certificate the second time.
            expect_eq "certificate checks by gnutls-cli" \
                "$(grep -c '^- Status: The certificate is trusted' "$T/cli.out")" 1
            expect_eq "gnutls-cli handshakes in TLS $ver" \
                "$(grep -Ec "^- Description: \\(TLS${ver/./\\.}-" "$T/cli.out")" 2
            wait_peer_exit srv 5
            expect_eq "ward server exit status" "$PEER_RC" 0
            expect_eq "ward server resumed= per connection" \
                "$(resumed_seq "$T/srv.err" 'ward server')" "no yes"
        fi
        case_end
    done
done

for ver in 1.2 1.3; do
    case_begin "gnutls-cli --resume TLS $ver -> ward server --no-tickets --no-session-cache: not resumed"
    if start_ward_server srv "${WARD_CERT[@]}" --max-conns 2 --verbose --no-tickets --no-session-cache; then
        case_log "$T/srv.err"
        # No --waitresumption: no ticket will ever come.
        gnutls_resume --priority "${PRIO[$ver]}"
        expect_no_grep "$T/cli.out" 'This is a resumed session' "gnutls-cli"
        # A full second handshake: the server's certificate was sent again.
        expect_eq "certificate checks by gnutls-cli" \
            "$(grep -c '^- Status: The certificate is trusted' "$T/cli.out")" 2
        wait_peer_exit srv 5
        expect_eq "ward server resumed= per connection" \
            "$(resumed_seq "$T/srv.err" 'ward server')" "no no"
    fi
    case_end
done

finish
