#!/usr/bin/env bash
# The "legacy" policy against GnuTLS, both ways: ward client -> gnutls-serv
# --echo and gnutls-cli -> ward server, every suite the policy adds, the CBC
# ones with and without encrypt-then-MAC (priority %NO_ETM), each sending a
# fresh token and checking it comes back. Both sides report the suite and the
# ETM state (ward's etm=, GnuTLS's "- Options: ... EtM"). Then the RFC 7919
# group choice both ways (RFC 7919 4), a DH group that is not an RFC 7919 one
# refused with insufficient_security, and the default policy refusing these
# suites as a server.
source "$(dirname "$0")/include/netns.sh"
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/include/lib12.sh"
source "$(dirname "$0")/include/legacy.sh"
need_cmd gnutls-serv gnutls-cli openssl ss timeout
need_ward
make_pki
make_legacy_pki

WANT_VERSION=TLSv1.2
LEG=(--policy legacy --ca "$PKI/ca.pem" --servername localhost)
GS_CERTS=(--x509certfile "$PKI/rsaenc.chain.pem" --x509keyfile "$PKI/rsaenc.key"
    --x509certfile "$PKI/ecdsa.chain.pem" --x509keyfile "$PKI/ecdsa.key")

ward_line() { grep -E "^$2: connected " "$1" 2>/dev/null | sed -n "${3}p"; }
# count FILE ERE: how many lines match.
count() { grep -Ec -- "$2" "$1" 2>/dev/null; }

# ward_echo ARGS...: a fresh token through the running gnutls-serv --echo.
ward_echo() {
    TOK=$(token)
    printf '%s\n' "$TOK" >"$T/want.txt"
    ward_client cli "$TOK\n" "$LOOPBACK:$PORT" "${LEG[@]}" "$@"
    case_log "$T/gs.out" "$T/gs.err"
    expect_same_file "echoed data" "$T/cli.out" "$T/want.txt"
}

# ---- ward client -> gnutls-serv --------------------------------------------------

for etm in on off; do
    prio=$GNUTLS_LEGACY_ALL
    [ "$etm" = on ] || prio="$prio:%NO_ETM"
    case_begin "gnutls-serv serving every legacy suite, ETM $etm"
    up=0
    start_gnutls_serv12 gs --echo "${GS_CERTS[@]}" --priority "$prio" && up=1
    case_end
    [ $up = 1 ] || continue
    conns=0
    for suite in "${LEGACY12[@]}"; do
        [ "$etm" = on ] || is_cbc "$suite" || continue
        case_begin "ward client -> gnutls-serv: $suite, ETM $etm"
        ward_echo --suites "$suite"
        conns=$((conns + 1))
        expect_connected "$suite" "$(legacy_group "$suite")" - no yes
        expect_legacy_fields "$(ward_line "$T/cli.err" 'ward client' 1) " "$suite" "$etm"
        wait_until 5 eval "[ \"\$(count '$T/gs.out' '^- Options: ')\" -ge $conns ]" ||
            case_fail "gnutls-serv printed no session for this connection"
        expect_gnutls_legacy "$T/gs.out" "$suite" "$etm"
        case_end
    done
    # RFC 7919 4: gnutls-serv picks among the FFDHE groups ward lists.
    for g in ffdhe3072 ffdhe4096; do
        [ "$etm" = on ] || break
        case_begin "ward client --groups x25519,$g -> gnutls-serv: DHE over $g"
        ward_echo --suites TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 --groups "x25519,$g"
        conns=$((conns + 1))
        expect_connected TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 "$g"
        wait_until 5 eval "[ \"\$(count '$T/gs.out' '^- Description: ')\" -ge $conns ]" ||
            case_fail "gnutls-serv printed no session for this connection"
        [[ "$(grep -E '^- Description: ' "$T/gs.out" | tail -1)" == *"-(DHE-${g^^})-"* ]] ||
            case_fail "gnutls-serv description: $(grep -E '^- Description: ' "$T/gs.out" | tail -1)"
        case_end
    done
    stop_peer gs
done

# Logjam: a client listing no FFDHE group gets the server's own parameters --
# here RFC 3526 group 14, 2048 bits but not an RFC 7919 group: refused.
case_begin "ward client (no FFDHE group listed) -> gnutls-serv --dhparams (RFC 3526): insufficient_security"
if start_gnutls_serv12 gs --echo "${GS_CERTS[@]}" --dhparams "$PKI/dh-modp2048.pem" \
    --priority "$GNUTLS_LEGACY_ALL"; then
    TOK=$(token)
    ward_client cli "$TOK\n" "$LOOPBACK:$PORT" "${LEG[@]}" \
        --suites TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 --groups x25519
    expect_handshake_failed '.*insufficient_security'
    case_log "$T/gs.out" "$T/gs.err"
fi
stop_peer gs
case_end

# ---- gnutls-cli -> ward server -----------------------------------------------------

# gcli_echo PRIORITY ARGS...: gnutls-cli with PRIORITY against ward on $PORT;
# sends a token line, waits for its echo, ends input (close_notify).
gcli_echo() {
    local prio=$1
    shift
    TOK=$(token)
    conv_start cli gnutls-cli --x509cafile "$PKI/ca.pem" -p "$PORT" --sni-hostname localhost \
        --verify-hostname localhost --priority "$prio" "$@" "$LOOPBACK"
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    if conv_wait cli '^- Handshake was completed'; then
        conv_send cli "$TOK\n"
        conv_wait cli "^$TOK\$" || case_fail "no echo of '$TOK' from ward server"
    else
        case_fail "gnutls-cli did not complete the handshake"
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "gnutls-cli exit status" "$PEER_RC" 0
    expect_grep "$T/cli.out" '^- Status: The certificate is trusted' "gnutls-cli verification"
}

case_begin "ward server --policy legacy (RSA and ECDSA certificates) starts"
up=0
start_ward_server srv --policy legacy --cert "$PKI/rsaenc.chain.pem" --key "$PKI/rsaenc.key" \
    --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --verbose && up=1
case_end
conns=0
for etm in on off; do
    [ $up = 1 ] || break
    for suite in "${LEGACY12[@]}"; do
        [ "$etm" = on ] || is_cbc "$suite" || continue
        case_begin "gnutls-cli -> ward server: $suite, ETM $etm"
        gcli_echo "$(gnutls_legacy_prio "$suite" "$etm")"
        conns=$((conns + 1))
        expect_gnutls_legacy "$T/cli.out" "$suite" "$etm"
        wait_until 5 eval "[ -n \"\$(ward_line '$T/srv.err' 'ward server' $conns)\" ]"
        line=$(ward_line "$T/srv.err" 'ward server' "$conns")
        [[ "$line" == "ward server: connected TLSv1.2 $suite $(legacy_group "$suite") "* ]] ||
            case_fail "ward server --verbose line: '$line'"
        expect_legacy_fields "$line " "$suite" "$etm"
        case_end
    done
done

# RFC 7919 4: ward takes the FFDHE group the client lists; a client listing
# only FFDHE groups ward lacks gets no DHE suite.
for g in ffdhe3072 ffdhe4096; do
    [ $up = 1 ] || break
    case_begin "gnutls-cli (GROUP-${g^^} only) -> ward server: DHE over $g"
    gcli_echo "$(gnutls_legacy_prio TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 on):-GROUP-ALL:+GROUP-${g^^}"
    conns=$((conns + 1))
    expect_grep "$T/cli.out" "^- Description: \\(TLS1\\.2-X\\.509\\)-\\(DHE-${g^^}\\)" "gnutls-cli"
    wait_until 5 eval "[ -n \"\$(ward_line '$T/srv.err' 'ward server' $conns)\" ]"
    line=$(ward_line "$T/srv.err" 'ward server' "$conns")
    [[ "$line" == *" TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 $g "* ]] ||
        case_fail "ward server --verbose line: '$line'"
    case_end
done
stop_peer srv

case_begin "gnutls-cli (DHE only, GROUP-FFDHE6144 only) -> ward server: handshake_failure (RFC 7919 4)"
if start_ward_server srv --policy legacy --cert "$PKI/rsaenc.chain.pem" --key "$PKI/rsaenc.key" \
    --max-conns 1; then
    echo never-echoed | bounded 10 gnutls-cli --x509cafile "$PKI/ca.pem" -p "$PORT" \
        --sni-hostname localhost --verify-hostname localhost \
        --priority "$(gnutls_legacy_prio TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 on):-GROUP-ALL:+GROUP-FFDHE6144" \
        "$LOOPBACK" >"$T/cli.out" 2>"$T/cli.err"
    expect_ne "gnutls-cli exit status" "$?" 0
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    expect_grep "$T/cli.out" '^\*\*\* Received alert \[40\]' "gnutls-cli stdout (handshake_failure)"
    wait_peer_exit srv 5
    expect_grep "$T/srv.err" 'no shared key exchange group' "ward server stderr"
fi
stop_peer srv
case_end

# GnuTLS priorities cannot pair key exchanges and ciphers freely, so the
# legacy suites go in two offers: every CBC suite (any key exchange), then RSA
# and DHE_RSA with AES-GCM.
declare -A LEGACY_ONLY=(
    [cbc]='NORMAL:-VERS-ALL:+VERS-TLS1.2:+RSA:+DHE-RSA:-CIPHER-ALL:+AES-128-CBC:+AES-256-CBC:-MAC-ALL:+SHA1:+SHA256:+SHA384'
    [rsa - dhe]='NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+RSA:+DHE-RSA')
for offer in cbc 'rsa - dhe'; do
    case_begin "gnutls-cli offering only legacy suites ($offer) -> ward server (default policy): handshake_failure"
    if start_ward_server srv --cert "$PKI/rsaenc.chain.pem" --key "$PKI/rsaenc.key" \
        --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
        echo never-echoed | bounded 10 gnutls-cli --x509cafile "$PKI/ca.pem" -p "$PORT" \
            --sni-hostname localhost --verify-hostname localhost \
            --priority "${LEGACY_ONLY[$offer]}" "$LOOPBACK" >"$T/cli.out" 2>"$T/cli.err"
        expect_ne "gnutls-cli exit status" "$?" 0
        case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
        expect_grep "$T/cli.out" '^\*\*\* Received alert \[40\]' "gnutls-cli stdout (handshake_failure)"
        wait_peer_exit srv 5
        expect_grep "$T/srv.err" 'no shared cipher suite' "ward server stderr"
    fi
    stop_peer srv
    case_end
done

finish
