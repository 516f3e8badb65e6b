#!/usr/bin/env bash
# SSLKEYLOGFILE: ward writes the NSS key log format, and Wireshark's dissector
# decrypts ward's traffic with it.
#
# Without capture: ward's key log has the five TLS 1.3 lines for the session's
# client random, and they are byte-for-byte the secrets OpenSSL derived for the
# same session (s_server/s_client -keylogfile), in both roles.
# With capture (tshark on lo; SKIP where capturing is not permitted): the
# ClientHello random matches the key log, encrypted handshake messages and the
# HTTP exchange decrypt only with the key log, GREASE values are on the wire,
# and the page body never appears in clear.
source "$(dirname "$0")/lib.sh"
need_cmd openssl tshark ss timeout
need_ward
make_pki

LABELS=(CLIENT_HANDSHAKE_TRAFFIC_SECRET SERVER_HANDSHAKE_TRAFFIC_SECRET CLIENT_TRAFFIC_SECRET_0
    SERVER_TRAFFIC_SECRET_0 EXPORTER_SECRET)

# expect_keylog FILE HEXLEN: the five labels once each, one client random, secrets
# of HEXLEN hex digits, nothing else. Sets KEYLOG_RANDOM.
expect_keylog() {
    local file=$1 hexlen=$2 label n randoms
    case_log "$file"
    if [ ! -s "$file" ]; then
        case_fail "key log ${file#"$T"/} is missing or empty"
        return
    fi
    for label in "${LABELS[@]}"; do
        n=$(grep -Ec "^$label [0-9a-f]{64} [0-9a-f]{$hexlen}\$" "$file")
        expect_eq "well-formed $label lines" "$n" 1
    done
    n=$(grep -Evc '^(#.*)?$' "$file")
    expect_eq "lines in the key log" "$n" 5
    randoms=$(awk '!/^#/ && NF == 3 {print $2}' "$file" | sort -u)
    expect_eq "distinct client randoms" "$(echo "$randoms" | grep -c .)" 1
    KEYLOG_RANDOM=$randoms
}

# same_secrets A B: the two key logs hold the same lines (any order).
same_secrets() {
    if ! diff <(grep -v '^#' "$1" | sort) <(grep -v '^#' "$2" | sort) >"$T/keylog.diff"; then
        case_fail "ward's secrets differ from OpenSSL's for the same session"
        case_log "$T/keylog.diff"
    fi
}

for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384; do
    hexlen=64
    [ "$suite" = TLS_AES_256_GCM_SHA384 ] && hexlen=96
    case_begin "ward client key log = s_server's key log ($suite)"
    rm -f "$T/ward.keys" "$T/ossl.keys"
    if start_s_server srv -www -naccept 1 -cert "$PKI/ecdsa.pem" -key "$PKI/ecdsa.key" \
        -cert_chain "$PKI/int.pem" -ciphersuites "$suite" -keylogfile "$T/ossl.keys"; then
        SSLKEYLOGFILE=$T/ward.keys ward_client cli 'GET / HTTP/1.0\r\n\r\n' "$LOOPBACK:$PORT" \
            --ca "$PKI/ca.pem" --servername localhost
        expect_connected "$suite"
        wait_peer_exit srv 5
        expect_keylog "$T/ward.keys" $hexlen
        same_secrets "$T/ward.keys" "$T/ossl.keys"
    fi
    case_end
done

case_begin "ward server key log = s_client's key log"
rm -f "$T/ward.keys" "$T/ossl.keys"
SSLKEYLOGFILE=$T/ward.keys start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
    --max-conns 1
if [ -n "$PORT" ]; then
    tok=$(token)
    echo "$tok" | bounded 10 openssl s_client -tls1_3 -connect "$LOOPBACK:$PORT" -CAfile "$PKI/ca.pem" \
        -verify_return_error -servername localhost -keylogfile "$T/ossl.keys" -quiet -no_ign_eof \
        >"$T/cli.out" 2>"$T/cli.err"
    wait_peer_exit srv 5
    expect_keylog "$T/ward.keys" 64
    same_secrets "$T/ward.keys" "$T/ossl.keys"
fi
case_end

# ---- capture ----------------------------------------------------------------

# start_capture PORT: tshark on lo for this port (and a probe port). Returns 1,
# with CAPTURE_ERROR, if capturing is not permitted here (the caller skips).
# tshark says "Capturing on" a second or more before packets are really
# captured, so knock on a closed probe port (SYN, RST: loopback only) until
# tshark prints those packets (-P prints while -w writes).
start_capture() {
    local deadline probe
    CAPTURE_ERROR=""
    probe=$(free_port)
    start_peer cap tshark -i lo -n -l -P -f "tcp port $1 or tcp port $probe" -w "$T/cap.pcap"
    deadline=$((SECONDS + 20))
    while [ $SECONDS -lt $deadline ] && peer_alive cap; do
        (exec 3<>"/dev/tcp/$LOOPBACK/$probe") 2>/dev/null
        if grep -q -- "$probe" "$T/cap.out" 2>/dev/null; then
            sleep 0.2
            return 0
        fi
        sleep 0.2
    done
    if peer_alive cap; then
        CAPTURE_ERROR="tshark runs but captured nothing on lo in 20 s"
    else
        CAPTURE_ERROR=$(grep -Ev '^(Running as user|Capturing on| \*\*|$)' "$T/cap.err" | head -2 | tr '\n' ' ')
        [ -n "$CAPTURE_ERROR" ] || CAPTURE_ERROR="tshark exited"
    fi
    stop_peer cap
    return 1
}

stop_capture() {
    sleep 0.5
    peer_alive cap || case_fail "tshark stopped by itself: $(grep -Ev '^(Running as user|$)' "$T/cap.err" | tail -2 | tr '\n' ' ')"
    stop_peer cap
}

# tshark_read ARGS...: reads the capture with the port decoded as TLS.
tshark_read() {
    tshark -r "$T/cap.pcap" -n -d "tcp.port==$PORT,tls" "$@" 2>/dev/null
}

WWW=$T/www
mkdir -p "$WWW"
SECRET_TOKEN=$(token)
echo "<p>decrypted page $SECRET_TOKEN</p>" >"$WWW/index.html"
rm -f "$T/ward.keys"
PORT=""
case_begin "capture setup"
start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --www "$WWW" --max-conns 1
CAPTURE_OK=0
if [ -n "$PORT" ]; then
    if start_capture "$PORT"; then
        CAPTURE_OK=1
        SSLKEYLOGFILE=$T/ward.keys ward_client cli 'GET / HTTP/1.0\r\n\r\n' "$LOOPBACK:$PORT" \
            --ca "$PKI/ca.pem" --servername localhost
        expect_connected
        expect_grep "$T/cli.out" "$SECRET_TOKEN" "page received"
        wait_peer_exit srv 5
        stop_capture
        n=$(tshark -r "$T/cap.pcap" -n -Y "tcp.port == $PORT" 2>/dev/null | grep -c .)
        [ "$n" -gt 0 ] || case_fail "the capture has no packet of the TLS connection"
        expect_keylog "$T/ward.keys" 64
    else
        stop_peer srv
    fi
fi
if [ $CAPTURE_OK = 1 ]; then
    case_end
else
    IT_CASE=""
    why="cannot capture on lo here: ${CAPTURE_ERROR:-ward server did not start}"
    for c in "capture setup" "tshark: ClientHello random" "tshark: opaque without keys" \
        "tshark: decrypts with the key log" "tshark: GREASE on the wire"; do
        case_skip "$c" "$why"
    done
fi

if [ $CAPTURE_OK = 1 ]; then
    case_begin "tshark: ClientHello random is the key log's client random"
    got=$(tshark_read -Y 'tls.handshake.type == 1' -T fields -e tls.handshake.random | head -1 | tr -d ':')
    expect_eq "ClientHello.random" "$got" "$KEYLOG_RANDOM"
    case_end

    case_begin "tshark: without the key log, the encrypted handshake stays opaque"
    n=$(tshark_read -Y 'tls.handshake.type == 11 || tls.handshake.type == 15 || http' | grep -c .)
    expect_eq "Certificate/CertificateVerify/HTTP frames without keys" "$n" 0
    if grep -aq "$SECRET_TOKEN" "$T/cap.pcap"; then
        case_fail "the page body appears in clear in the capture"
    fi
    case_end

    case_begin "tshark -o tls.keylog_file: decrypts handshake and HTTP"
    types=$(tshark_read -o "tls.keylog_file:$T/ward.keys" -Y tls.handshake.type \
        -T fields -e tls.handshake.type | tr '\n' ',')
    case_log "$T/cap.err"
    for t in 1 2 8 11 15 20; do
        [[ ",$types" == *[,]"$t"[,]* ]] || case_fail "handshake type $t not decoded (saw: $types)"
    done
    tshark_read -o "tls.keylog_file:$T/ward.keys" -Y http -T fields -e http.request.method \
        -e http.request.uri -e http.response.code -e http.file_data >"$T/http.txt"
    expect_grep "$T/http.txt" '^GET	/	' "decrypted HTTP request"
    expect_grep "$T/http.txt" "^		200	.*$SECRET_TOKEN" "decrypted HTTP response"
    case_end

    case_begin "tshark: ward's ClientHello carries GREASE values (RFC 8701)"
    tshark_read -Y 'tls.handshake.type == 1' -V >"$T/ch.txt"
    expect_grep "$T/ch.txt" 'Cipher Suite: Reserved \(GREASE\)' "ClientHello cipher suites"
    expect_grep "$T/ch.txt" 'Supported Group: Reserved \(GREASE\)' "ClientHello supported_groups"
    expect_grep "$T/ch.txt" 'Extension: Reserved \(GREASE\)' "ClientHello extensions"
    case_end
fi

finish
