#!/usr/bin/env bash
# Wireshark's dissector against ward <-> ward sessions captured on lo: every
# packet dissects without malformed or error-level expert items, and with the
# client's SSLKEYLOGFILE the decrypted application data is byte for byte what
# the client sent (and, the server being an echo server, what came back).
#
# keylog_tshark.sh covers one TLS 1.3 HTTP session (ClientHello random, GREASE,
# handshake decryption). Here: TLS 1.2 (ChaCha20, RSA), TLS 1.3 (AES-256), a
# TLS 1.2 renegotiation (the second handshake runs under the first keys) and a
# TLS 1.3 KeyUpdate, each with a payload of several records.
# Capturing needs permission; where it is not permitted the capture cases are
# reported as SKIP, never as passed.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/include/lib12.sh"
need_cmd tshark openssl ss timeout od
need_ward
make_pki

hexof() { od -An -v -tx1 "$1" | tr -d ' \n'; }

# tshark_read ARGS...: reads the capture, the session port decoded as TLS.
tshark_read() {
    tshark -r "$T/cap.pcap" -n -d "tcp.port==$PORT,tls" "$@" 2>>"$T/tshark.err"
}

# dissect: one pass over the capture with the key log, one row per packet of
# the session: srcport dstport record-versions handshake-types cipher-suites
# supported_versions extension-types data random (multiple values joined by
# ","), into $T/fields.tsv.
dissect() {
    tshark_read -o "tls.keylog_file:$T/keys" -Y "tcp.port == $PORT" -T fields -e tcp.srcport \
        -e tcp.dstport -e tls.record.version -e tls.handshake.type -e tls.handshake.ciphersuite \
        -e tls.handshake.extensions.supported_version -e tls.handshake.extension.type -e data.data \
        -e tls.handshake.random -E occurrence=a -E aggregator=, >"$T/fields.tsv"
}

# decrypted_hex DIR: the decrypted application data of one direction (c2s or
# s2c), all records in order, as one hex string.
decrypted_hex() {
    awk -F'\t' -v p="$PORT" -v d="$1" '(d == "c2s" ? $2 : $1) == p && $8 != "" { printf "%s", $8 }' \
        "$T/fields.tsv" | tr -d ',:'
}

# hs_types: every decoded handshake type, one per line.
hs_types() {
    awk -F'\t' '$4 != "" { print $4 }' "$T/fields.tsv" | tr ',' '\n'
}

# sh_row: the first row holding a ServerHello.
sh_row() {
    awk -F'\t' '{ n = split($4, t, ","); for (i = 1; i <= n; i++) if (t[i] == 2) { print; exit } }' \
        "$T/fields.tsv"
}

# make_input NAME: a payload of a few short lines with a fresh token and one
# long line (several TLS records).
make_input() {
    local tok
    tok=$(token)
    {
        echo "ward tshark $1 $tok: first line"
        echo "second line, punctuation !\"#\$%&'()*+,-./:;<=>?@[\\]^_\`{|}~"
        openssl rand -base64 30000 | tr -d '\n'
        echo
        echo "last line $tok"
    } >"$T/input.txt"
}

CAPTURE_SKIP=""

# session NAME CLIENT_INPUT_CMD SERVER_ARGS... -- CLIENT_ARGS...: runs one ward
# server and one ward client under capture. Sets CAPTURED=1 on success.
# CLIENT_INPUT_CMD is a function that writes the client's stdin.
session() {
    local name=$1 feeder=$2 sargs=() cargs=()
    shift 2
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        sargs+=("$1")
        shift
    done
    shift
    cargs=("$@")
    CAPTURED=0
    rm -f "$T/keys"
    : >"$T/tshark.err"
    if [ -n "$CAPTURE_SKIP" ]; then
        return 1
    fi
    start_ward_server srv "${sargs[@]}" --verbose --max-conns 1 || return 1
    if ! start_capture "$PORT"; then
        CAPTURE_SKIP="cannot capture on lo here: $CAPTURE_ERROR"
        stop_peer srv
        return 1
    fi
    "$feeder" | SSLKEYLOGFILE=$T/keys bounded "$WARD_IT_TIMEOUT" "$WARD" client "$LOOPBACK:$PORT" \
        --ca "$PKI/ca.pem" --servername localhost --verbose "${cargs[@]}" >"$T/cli.out" 2>"$T/cli.err"
    WC_RC=$?
    parse_verbose "$T/cli.err"
    case_log "$T/cli.err" "$T/srv.err"
    wait_peer_exit srv 10
    stop_capture
    expect_eq "ward client exit status" "$WC_RC" 0
    expect_eq "ward server exit status" "$PEER_RC" 0
    expect_same_file "echo received by ward client" "$T/cli.out" "$T/input.txt"
    CAPTURED=1
    cp "$T/cap.pcap" "$T/$name.pcap"
}

feed_all() { cat "$T/input.txt"; }

# feed_slowly: the first line, a pause (for the renegotiation / KeyUpdate),
# then the rest.
feed_slowly() {
    head -1 "$T/input.txt"
    sleep 1
    tail -n +2 "$T/input.txt"
}

# dissect_checks NAME VERSION: the cases every captured session gets.
dissect_checks() {
    local name=$1 version=$2 n bad want got sh code
    dissect
    case_begin "$name: tshark finds no malformed packet and no error-level expert item"
    bad=$(tshark_read -o "tls.keylog_file:$T/keys" -Y '_ws.malformed || _ws.expert.severity >= error')
    [ -z "$bad" ] || case_fail "tshark flags: $(echo "$bad" | head -3 | tr '\n' '|')"
    n=$(grep -c . "$T/fields.tsv")
    [ "$n" -gt 5 ] || case_fail "only $n packets of the session in the capture"
    n=$(awk -F'\t' '$3 ~ /0x0303/' "$T/fields.tsv" | grep -c .)
    [ "$n" -gt 3 ] || case_fail "only $n packets with TLS records dissected"
    case_log "$T/tshark.err"
    case_end

    case_begin "$name: decrypted client->server application data = what the client sent"
    want=$(hexof "$T/input.txt")
    got=$(decrypted_hex c2s)
    [ "$got" = "$want" ] ||
        case_fail "decrypted data differs: ${#got} hex digits, want ${#want} (starts '${got:0:40}', want '${want:0:40}')"
    case_log "$T/tshark.err"
    case_end

    case_begin "$name: decrypted server->client application data = the echo"
    got=$(decrypted_hex s2c)
    [ "$got" = "$want" ] || case_fail "decrypted data differs: ${#got} hex digits, want ${#want}"
    case_end

    case_begin "$name: without the key log nothing decrypts and the payload is not in clear"
    n=$(tshark_read -Y 'data.data || tls.handshake.type == 20' | grep -c .)
    expect_eq "packets with decrypted data or Finished, no key log" "$n" 0
    if grep -aqF "$(head -1 "$T/input.txt")" "$T/cap.pcap"; then
        case_fail "the first line appears in clear in the capture"
    fi
    case_end

    case_begin "$name: tshark's view of the ServerHello matches ward's --verbose line"
    sh=$(sh_row)
    expect_eq "ward version" "$WC_VERSION" "$version"
    code=$(suite_code "$WC_SUITE")
    [ "$(echo "$sh" | cut -f5)" = "$code" ] ||
        case_fail "ServerHello cipher suite: got '$(echo "$sh" | cut -f5)', want $code ($WC_SUITE)"
    if [ "$version" = TLSv1.3 ]; then
        expect_eq "ServerHello supported_versions" "$(echo "$sh" | cut -f6)" 0x0304
    else
        expect_eq "ServerHello supported_versions" "$(echo "$sh" | cut -f6)" ""
        # RFC 7627 and RFC 5746 in the ServerHello, as ward reports them.
        [[ ",$(echo "$sh" | cut -f7)," == *,23,* ]] || case_fail "ServerHello lacks extended_master_secret"
        [[ ",$(echo "$sh" | cut -f7)," == *,65281,* ]] || case_fail "ServerHello lacks renegotiation_info"
    fi
    case_end
}

suite_code() {
    case $1 in
    TLS_AES_128_GCM_SHA256) echo 0x1301 ;;
    TLS_AES_256_GCM_SHA384) echo 0x1302 ;;
    TLS_CHACHA20_POLY1305_SHA256) echo 0x1303 ;;
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256) echo 0xc02b ;;
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384) echo 0xc02c ;;
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256) echo 0xc02f ;;
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) echo 0xc030 ;;
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256) echo 0xcca9 ;;
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256) echo 0xcca8 ;;
    *) echo unknown ;;
    esac
}

CHECKS_PER_SESSION=5

# run_session NAME VERSION FEEDER SERVER_ARGS... -- CLIENT_ARGS...
run_session() {
    local name=$1 version=$2
    shift 2
    make_input "$name"
    case_begin "$name: ward client <-> ward server under capture"
    session "$name" "$@"
    if [ "$CAPTURED" = 1 ]; then
        case_end
        dissect_checks "$name" "$version"
        return 0
    fi
    if [ -n "$CAPTURE_SKIP" ]; then
        IT_CASE=""
        local i
        for i in $(seq 0 $CHECKS_PER_SESSION); do
            case_skip "$name (check $i)" "$CAPTURE_SKIP"
        done
    else
        case_end
    fi
    return 1
}

run_session "TLS 1.2 ECDHE-RSA-CHACHA20" TLSv1.2 feed_all \
    --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" --tls12 \
    --suites TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 -- --tls12
if [ "$CAPTURED" = 1 ]; then
    case_begin "TLS 1.2: key log has one CLIENT_RANDOM line, for the ClientHello on the wire"
    got=$(awk -F'\t' '$4 == "1" { print $9; exit }' "$T/fields.tsv" | tr -d ':')
    expect_eq "CLIENT_RANDOM lines" "$(grep -c '^CLIENT_RANDOM ' "$T/keys")" 1
    expect_grep "$T/keys" "^CLIENT_RANDOM $got [0-9a-f]{96}\$" "key log"
    case_end
fi

run_session "TLS 1.3 AES-256-GCM" TLSv1.3 feed_all \
    --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" -- --suites TLS_AES_256_GCM_SHA384 --groups secp384r1

run_session "TLS 1.2 renegotiation" TLSv1.2 feed_slowly \
    --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --tls12 --renegotiate-after 10 \
    -- --tls12 --renegotiation
if [ "$CAPTURED" = 1 ]; then
    case_begin "TLS 1.2 renegotiation: tshark decrypts the second handshake (HelloRequest, 2 ClientHellos, 2 Finished each way)"
    expect_grep "$T/cli.err" '^ward client: renegotiated \(1 total\)$' "ward client stderr"
    expect_eq "CLIENT_RANDOM lines in the key log" "$(grep -c '^CLIENT_RANDOM ' "$T/keys")" 2
    for t in 0 1 2 20; do
        n=$(hs_types | grep -cx "$t")
        case $t in
        0) want=1 ;;
        1 | 2) want=2 ;;
        20) want=4 ;;
        esac
        expect_eq "handshake messages of type $t decoded" "$n" "$want"
    done
    case_end
fi

run_session "TLS 1.3 KeyUpdate" TLSv1.3 feed_slowly \
    --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" -- --key-update
if [ "$CAPTURED" = 1 ]; then
    case_begin "TLS 1.3 KeyUpdate: tshark decodes KeyUpdate messages (and the data after them, above)"
    n=$(hs_types | grep -cx 24)
    [ "$n" -ge 1 ] || case_fail "no KeyUpdate decoded"
    case_end
fi

finish
