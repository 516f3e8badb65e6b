#!/usr/bin/env bash
# Version downgrade defences, the cases tls12_openssl.sh does not have:
#   - TLS_FALLBACK_SCSV (RFC 7507) in both roles: ward client --fallback-scsv
#     against OpenSSL servers with and without TLS 1.3, gnutls-cli %FALLBACK_SCSV
#     against ward server with and without --tls12, s_client -fallback_scsv
#     against ward server --tls12;
#   - --tls12/--tls13 against a peer that has only the other version;
#   - TLS 1.0/1.1 from GnuTLS, and hand-made SSL 3.0 / TLS 1.0 / TLS 1.1 /
#     SSL 2.0-format ClientHellos: a fatal alert record, never a ServerHello;
#   - the TLS 1.3 downgrade sentinel (RFC 8446 4.1.3) in ServerHello.random:
#     set by ward server when it negotiates TLS 1.2 while able to do 1.3, and
#     enforced by ward client (a fake server sends it).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/include/lib12.sh"
need_cmd openssl gnutls-cli ss timeout
need_ward
need_cmd "$PYTHON"
make_pki
RAWTLS=("$PYTHON" "$(dirname "$0")/include/rawtls.py")

S_SERVER_ARGS=(-rev -naccept 1 -cert "$PKI/ecdsa.pem" -key "$PKI/ecdsa.key" -cert_chain "$PKI/int.pem")

# start_s_server_any NAME ARGS...: s_server on a free port of 127.0.0.1 with
# only the version options in ARGS (none: TLS 1.2 and 1.3). Sets PORT.
start_s_server_any() {
    local name=$1
    shift
    PORT=$(free_port)
    start_peer "$name" openssl s_server -accept "$LOOPBACK:$PORT" "$@"
    if ! wait_until "$WARD_IT_TIMEOUT" eval "port_listening $PORT || ! peer_alive $name" ||
        ! peer_alive "$name"; then
        case_fail "openssl s_server did not start"
        case_log "$T/$name.err"
        stop_peer "$name"
        return 1
    fi
}

# ward_rev_ok VERSION: the last ward_client connected with VERSION and got its
# token back reversed from s_server -rev.
ward_rev_ok() {
    WANT_VERSION=$1 expect_connected
    printf '%s\n' "$(echo "$TOK" | rev)" >"$T/want.txt"
    expect_same_file "reversed line from s_server -rev" "$T/cli.out" "$T/want.txt"
}

# ---- ward client --fallback-scsv --------------------------------------------------

case_begin "ward client --fallback-scsv --tls12 -> s_server (TLS 1.3 capable): inappropriate_fallback"
if start_s_server_any srv "${S_SERVER_ARGS[@]}"; then
    ward_client cli 'never echoed\n' "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
        --fallback-scsv --tls12
    case_log "$T/srv.out" "$T/srv.err"
    expect_handshake_failed '.*inappropriate_fallback'
    [ -s "$T/cli.out" ] && case_fail "ward client printed data from a failed connection"
    wait_peer_exit srv 5
    expect_grep "$T/srv.err" 'inappropriate fallback' "s_server stderr"
fi
stop_peer srv
case_end

case_begin "control: ward client --fallback-scsv --tls12 -> s_server -tls1_2: connects"
if start_s_server_any srv -tls1_2 "${S_SERVER_ARGS[@]}"; then
    TOK=$(token)
    ward_client cli "$TOK\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost \
        --fallback-scsv --tls12
    ward_rev_ok TLSv1.2
fi
stop_peer srv
case_end

case_begin "control: ward client --fallback-scsv (TLS 1.3 offered) -> s_server: TLS 1.3, no alert"
if start_s_server_any srv "${S_SERVER_ARGS[@]}"; then
    TOK=$(token)
    ward_client cli "$TOK\n" "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost --fallback-scsv
    ward_rev_ok TLSv1.3
fi
stop_peer srv
case_end

# ---- version limits against a peer with only the other version ---------------------

case_begin "ward client --tls12 -> s_server -tls1_3: protocol_version"
if start_s_server_any srv -tls1_3 "${S_SERVER_ARGS[@]}"; then
    ward_client cli 'x\n' "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost --tls12
    expect_handshake_failed '.*protocol_version'
fi
stop_peer srv
case_end

case_begin "ward client --tls13 -> s_server -tls1_2: protocol_version"
if start_s_server_any srv -tls1_2 "${S_SERVER_ARGS[@]}"; then
    ward_client cli 'x\n' "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost --tls13
    expect_handshake_failed '.*protocol_version'
fi
stop_peer srv
case_end

for pair in "--tls12:-tls1_3" "--tls13:-tls1_2"; do
    wflag=${pair%%:*} oflag=${pair#*:}
    case_begin "s_client $oflag -> ward server $wflag: protocol_version"
    if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" "$wflag" --max-conns 1; then
        echo never-echoed | bounded 10 openssl s_client "$oflag" -connect "$LOOPBACK:$PORT" \
            -CAfile "$PKI/ca.pem" -servername localhost >"$T/cli.out" 2>"$T/cli.err"
        expect_ne "s_client exit status" "$?" 0
        case_log "$T/cli.err" "$T/srv.err"
        expect_grep "$T/cli.err" 'alert protocol version' "s_client stderr"
        expect_no_grep "$T/cli.out" '^never-echoed$' "s_client stdout"
        wait_peer_exit srv 5
        expect_grep "$T/srv.err" '^ward server: handshake failed: .*protocol_version' "ward server stderr"
    fi
    stop_peer srv
    case_end
done

# ---- TLS_FALLBACK_SCSV received by ward server ---------------------------------------

case_begin "s_client -tls1_2 -fallback_scsv -> ward server --tls12: accepted (no higher version to fall from)"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --tls12 --max-conns 1; then
    tok=$(token)
    conv_start cli openssl s_client -tls1_2 -fallback_scsv -CAfile "$PKI/ca.pem" -verify_return_error \
        -servername localhost -connect "$LOOPBACK:$PORT"
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    if conv_wait cli '^ *Verify return code'; then
        sleep 0.1
        conv_send cli "$tok\n"
        conv_wait cli "^$tok\$" || case_fail "no echo from ward server"
    else
        case_fail "s_client did not connect"
    fi
    conv_close cli
    wait_peer_exit cli 5
    expect_eq "s_client exit status" "$PEER_RC" 0
    expect_grep "$T/cli.out" '^New, TLSv1\.2, Cipher is ECDHE-ECDSA-' "s_client"
    expect_no_grep "$T/cli.err" 'alert' "s_client stderr"
    wait_peer_exit srv 5
    expect_eq "ward server exit status" "$PEER_RC" 0
fi
stop_peer srv
case_end

for wflag in "" --tls12; do
    if [ -z "$wflag" ]; then
        what="ward server (TLS 1.3 capable): inappropriate_fallback"
    else
        what="ward server --tls12: accepted"
    fi
    case_begin "gnutls-cli TLS 1.2 %FALLBACK_SCSV -> $what"
    if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" $wflag --max-conns 1; then
        tok=$(token)
        echo "$tok" | bounded 10 gnutls-cli --x509cafile "$PKI/ca.pem" -p "$PORT" --sni-hostname localhost \
            --verify-hostname localhost --priority "$PRIO12:%FALLBACK_SCSV" "$LOOPBACK" \
            >"$T/cli.out" 2>"$T/cli.err"
        rc=$?
        case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
        wait_peer_exit srv 5
        if [ -z "$wflag" ]; then
            expect_ne "gnutls-cli exit status" "$rc" 0
            expect_grep "$T/cli.out" '^\*\*\* Received alert \[86\]' "gnutls-cli stdout (inappropriate_fallback)"
            expect_no_grep "$T/cli.out" "^$tok\$" "gnutls-cli stdout"
            expect_grep "$T/srv.err" '^ward server: handshake failed: .*inappropriate_fallback' "ward server stderr"
        else
            expect_eq "gnutls-cli exit status" "$rc" 0
            expect_grep "$T/cli.out" "^$tok\$" "echo through ward server"
            expect_gnutls12_description "$T/cli.out"
        fi
    fi
    stop_peer srv
    case_end
done

# ---- below TLS 1.2 -----------------------------------------------------------------

case_begin "gnutls-cli TLS 1.0/1.1 only -> ward server: protocol_version"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
    echo never-echoed | bounded 10 gnutls-cli --x509cafile "$PKI/ca.pem" -p "$PORT" \
        --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.1:+VERS-TLS1.0' "$LOOPBACK" >"$T/cli.out" 2>"$T/cli.err"
    expect_ne "gnutls-cli exit status" "$?" 0
    case_log "$T/cli.out" "$T/cli.err" "$T/srv.err"
    expect_grep "$T/cli.out" '^\*\*\* Received alert \[70\]' "gnutls-cli stdout (protocol_version)"
    wait_peer_exit srv 5
    expect_grep "$T/srv.err" '^ward server: handshake failed: .*protocol_version' "ward server stderr"
fi
stop_peer srv
case_end

# Hand-made ClientHellos. The answer must be exactly one fatal alert record,
# 15 03 0x 00 02 02 DESC, and then the end of the connection.
for spec in "ssl3:46:protocol_version" "tls10:46:protocol_version" "tls11:46:protocol_version" \
    "sslv2:[0-9a-f]{2}:fatal"; do
    mode=${spec%%:*} rest=${spec#*:}
    desc=${rest%%:*} name=${rest#*:}
    for wflag in "" --tls12; do
        case_begin "raw $mode ClientHello -> ward server $wflag: $name alert record"
        if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" $wflag --max-conns 1; then
            bounded 10 "${RAWTLS[@]}" hello "$mode" "$PORT" >"$T/raw.out" 2>"$T/raw.err"
            expect_eq "rawtls.py exit status" "$?" 0
            case_log "$T/raw.out" "$T/raw.err" "$T/srv.err"
            got=$(head -1 "$T/raw.out")
            [[ "$got" =~ ^15030[0-3]000202${desc}$ ]] ||
                case_fail "server's answer: got '$got', want one alert record 15 03 0x 00 02 02 ${desc}"
            wait_peer_exit srv 5
            expect_grep "$T/srv.err" '^ward server: handshake failed: ' "ward server stderr"
            expect_no_grep "$T/srv.err" 'connected' "ward server stderr"
        fi
        stop_peer srv
        case_end
    done
done

# ---- TLS 1.3 downgrade sentinel ---------------------------------------------------------

DOWNGRD12=444f574e47524401 # "DOWNGRD" 01: RFC 8446 4.1.3, TLS 1.2 negotiated

case_begin "ward server (TLS 1.3 capable) negotiating TLS 1.2: ServerHello.random ends DOWNGRD 01"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --max-conns 1; then
    bounded 10 "${RAWTLS[@]}" hello tls12 "$PORT" >"$T/raw.out" 2>"$T/raw.err"
    case_log "$T/raw.out" "$T/raw.err"
    expect_grep "$T/raw.out" '^160303[0-9a-f]{4}02' "ServerHello record"
    expect_grep "$T/raw.out" "^server_random_tail $DOWNGRD12\$" "ServerHello.random"
fi
stop_peer srv
case_end

case_begin "ward server --tls12 (TLS 1.2 only): no downgrade sentinel"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --tls12 --max-conns 1; then
    bounded 10 "${RAWTLS[@]}" hello tls12 "$PORT" >"$T/raw.out" 2>"$T/raw.err"
    case_log "$T/raw.out" "$T/raw.err"
    expect_grep "$T/raw.out" '^server_random_tail [0-9a-f]{16}$' "ServerHello.random"
    expect_no_grep "$T/raw.out" "^server_random_tail 444f574e475244" "ServerHello.random"
fi
stop_peer srv
case_end

# fake_server TAIL: rawtls.py answers a ClientHello with a TLS 1.2 ServerHello
# whose random ends in TAIL. Sets PORT.
fake_server() {
    start_peer fake "${RAWTLS[@]}" fake-server "$1"
    if ! wait_until "$WARD_IT_TIMEOUT" eval "file_matches '$T/fake.out' '^listening [0-9]+$' || ! peer_alive fake"; then
        case_fail "fake server did not start"
        case_log "$T/fake.err"
        return 1
    fi
    PORT=$(awk '/^listening/ {print $2}' "$T/fake.out")
    [ -n "$PORT" ] || {
        case_fail "fake server printed no port"
        case_log "$T/fake.out" "$T/fake.err"
        return 1
    }
}

case_begin "ward client (TLS 1.3 offered) <- TLS 1.2 ServerHello with DOWNGRD 01: illegal_parameter"
if fake_server "$DOWNGRD12"; then
    ward_client cli 'x\n' "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost
    expect_handshake_failed '.*illegal_parameter'
    wait_peer_exit fake 5
    case_log "$T/fake.out" "$T/fake.err"
    # The alert itself, in clear (no keys yet): fatal (2) illegal_parameter (47).
    expect_grep "$T/fake.out" '^client sent 1503030002022f$' "what ward client sent back"
fi
stop_peer fake
case_end

case_begin "control: ward client <- TLS 1.2 ServerHello with a random tail: goes on (waits for Certificate)"
if fake_server none; then
    ward_client cli 'x\n' "$LOOPBACK:$PORT" --ca "$PKI/ca.pem" --servername localhost
    expect_eq "ward client exit status" "$WC_RC" 1
    expect_no_grep "$T/cli.err" 'illegal_parameter|downgrade' "ward client stderr"
    wait_peer_exit fake 5
    case_log "$T/fake.out" "$T/fake.err"
    expect_grep "$T/fake.out" '^client sent nothing$' "what ward client sent back"
fi
stop_peer fake
case_end

finish
