# shellcheck shell=bash
# tests/interop/include/lib12.sh -- helpers shared by the TLS 1.2 / downgrade /
# renegotiation / tshark interop scripts. Source it after lib.sh:
#   source "$(dirname "$0")/lib.sh"
#   source "$(dirname "$0")/include/lib12.sh"
# It lives in include/ so that CMake's tests/interop/*.sh glob does not register
# it as a test of its own.

# The six TLS 1.2 suites ward implements (IANA names), with the OpenSSL and
# GnuTLS spellings of each.
SUITES12=(TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256)
declare -A OSSL_SUITE=(
    [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]=ECDHE-ECDSA-AES128-GCM-SHA256
    [TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]=ECDHE-ECDSA-AES256-GCM-SHA384
    [TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256]=ECDHE-ECDSA-CHACHA20-POLY1305
    [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]=ECDHE-RSA-AES128-GCM-SHA256
    [TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]=ECDHE-RSA-AES256-GCM-SHA384
    [TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256]=ECDHE-RSA-CHACHA20-POLY1305)
GROUPS12=(x25519 secp256r1 secp384r1)
declare -A OSSL_GROUP=([x25519]=X25519 [secp256r1]=P-256 [secp384r1]=P-384)
declare -A GNUTLS_GROUP=([x25519]=X25519 [secp256r1]=SECP256R1 [secp384r1]=SECP384R1)
PRIO12='NORMAL:-VERS-ALL:+VERS-TLS1.2'

# keytype SUITE: rsa or ecdsa, the certificate key type the suite needs.
keytype() { [[ $1 == *_RSA_* ]] && echo rsa || echo ecdsa; }

# gnutls_cipher SUITE / gnutls_kx SUITE: GnuTLS priority-string names.
gnutls_cipher() {
    case $1 in
    *AES_128_GCM*) echo AES-128-GCM ;;
    *AES_256_GCM*) echo AES-256-GCM ;;
    *CHACHA20*) echo CHACHA20-POLY1305 ;;
    esac
}
gnutls_kx() { [[ $1 == *_RSA_* ]] && echo ECDHE-RSA || echo ECDHE-ECDSA; }

# gnutls_prio12 SUITE GROUP: a TLS 1.2-only priority string allowing exactly
# this suite and group ("" or "*" leaves that part open).
gnutls_prio12() {
    local p=$PRIO12
    if [ -n "${1:-}" ] && [ "$1" != "*" ]; then
        p="$p:-CIPHER-ALL:+$(gnutls_cipher "$1"):-KX-ALL:+$(gnutls_kx "$1")"
    fi
    if [ -n "${2:-}" ] && [ "$2" != "*" ]; then
        p="$p:-GROUP-ALL:+GROUP-${GNUTLS_GROUP[$2]}"
    fi
    echo "$p"
}

# expect_gnutls12_description FILE SUITE GROUP: GnuTLS's "- Description:" line
# in FILE says TLS 1.2 with this suite's cipher and key exchange and this group
# ("" or "*" skips the part).
expect_gnutls12_description() {
    local cipher='[A-Z0-9-]+' group='[A-Z0-9]+' sig='[A-Za-z0-9-]+'
    if [ -n "${2:-}" ] && [ "$2" != "*" ]; then
        cipher=$(gnutls_cipher "$2")
        [ "$(keytype "$2")" = rsa ] && sig='RSA-[A-Z0-9-]+' || sig='ECDSA-[A-Z0-9-]+'
    fi
    [ -z "${3:-}" ] || [ "$3" = "*" ] || group=${GNUTLS_GROUP[$3]}
    expect_grep "$1" "^- Description: \\(TLS1\\.2-X\\.509\\)-\\(ECDHE-$group\\)-\\($sig\\)-\\($cipher\\)\$" \
        "GnuTLS session description"
}

# expect_ward12 [SUITE] [GROUP] [ALPN]: the last ward_client connected with
# TLS 1.2 and reports ems=yes and secure_reneg=yes; optional fields as in
# expect_connected.
expect_ward12() {
    WANT_VERSION=TLSv1.2 expect_connected "${1:-}" "${2:-}" "${3:-}" "" yes
    [[ "$WC_EXTRA" == *" ems=yes"* ]] || case_fail "ward --verbose lacks ems=yes: '$WC_EXTRA'"
    [[ "$WC_EXTRA" == *" secure_reneg=yes"* ]] ||
        case_fail "ward --verbose lacks secure_reneg=yes: '$WC_EXTRA'"
}

# expect_server_verbose FILE ERE: the "ward server: connected ..." line of a
# ward server run with --verbose matches ERE (anchored after "connected ").
expect_server_verbose() {
    expect_grep "$1" "^ward server: connected $2" "ward server --verbose line"
}

# any_listening PORT: something listens on PORT on any address (gnutls-serv
# binds the wildcard address; lib.sh's port_listening looks for 127.0.0.1).
any_listening() {
    [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
}

# start_gnutls_serv12 NAME ARGS...: `gnutls-serv --port PORT ARGS` on a free
# port. Sets PORT. gnutls-serv has no option to bind one address: it listens on
# the wildcard address, and only 127.0.0.1 ever connects to it here.
start_gnutls_serv12() {
    local name=$1 try
    shift
    for try in 1 2 3; do
        PORT=$(free_port)
        start_peer "$name" gnutls-serv --port "$PORT" "$@"
        if wait_until "$WARD_IT_TIMEOUT" eval "{ file_matches '$T/$name.err' 'listening on IPv4' && any_listening $PORT; } || ! peer_alive $name" &&
            peer_alive "$name"; then
            return 0
        fi
        stop_peer "$name"
        grep -qi "address already in use" "$T/$name.err" "$T/$name.out" 2>/dev/null || break
    done
    case_fail "gnutls-serv did not start listening"
    case_log "$T/$name.err" "$T/$name.out"
    return 1
}

# start_s_server12 NAME ARGS...: openssl s_server -tls1_2 on a free port of
# 127.0.0.1. Sets PORT.
start_s_server12() {
    local name=$1 try
    shift
    for try in 1 2 3; do
        PORT=$(free_port)
        start_peer "$name" openssl s_server -tls1_2 -accept "$LOOPBACK:$PORT" "$@"
        if wait_until "$WARD_IT_TIMEOUT" eval "port_listening $PORT || ! peer_alive $name" &&
            peer_alive "$name"; then
            return 0
        fi
        stop_peer "$name"
        grep -q "Address already in use" "$T/$name.err" 2>/dev/null || break
    done
    case_fail "openssl s_server -tls1_2 did not start"
    case_log "$T/$name.err"
    return 1
}

# peer_say NAME TEXT: writes TEXT (printf format) to the stdin FIFO of a peer
# started with start_peer (s_server's interactive commands).
peer_say() {
    local fd
    exec {fd}>"$T/$1.in"
    # shellcheck disable=SC2059
    printf "$2" >&"$fd"
    exec {fd}>&-
}

# ---- packet capture (tshark) ------------------------------------------------

# start_capture PORT: tshark on lo, capture filter "tcp port PORT" (plus a probe
# port), into $T/cap.pcap. tshark announces "Capturing on" a second or more
# before packets are really captured, so this knocks on a closed probe port
# (SYN, RST) until tshark prints those packets. Returns 1 with CAPTURE_ERROR
# set if capturing does not work here (the caller skips).
start_capture() {
    local deadline
    rm -f "$T/cap.pcap"
    CAPTURE_ERROR=""
    CAPTURE_PROBE=$(free_port)
    start_peer cap tshark -i lo -n -l -P -f "tcp port $1 or tcp port $CAPTURE_PROBE" -w "$T/cap.pcap"
    deadline=$((SECONDS + 20))
    while [ $SECONDS -lt $deadline ] && peer_alive cap; do
        (exec 3<>"/dev/tcp/$LOOPBACK/$CAPTURE_PROBE") 2>/dev/null
        if grep -q -- "$CAPTURE_PROBE" "$T/cap.out" 2>/dev/null; then
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

# stop_capture: lets the last packets reach the file, then stops tshark.
stop_capture() {
    sleep 0.5
    peer_alive cap ||
        case_fail "tshark stopped by itself: $(grep -Ev '^(Running as user|$)' "$T/cap.err" | tail -2 | tr '\n' ' ')"
    stop_peer cap
}
