# shellcheck shell=bash
# tests/interop/lib.sh -- shared plumbing for ward's interop tests.
#
# Sourced by every tests/interop/NAME.sh. CMake runs each script as ctest
# `interop/NAME` with:
#   WARD        path of the ward binary
#   WARD_SRC    source directory
#   WARD_BUILD  build directory
# Scripts can also be run by hand:
#   WARD=build/ward WARD_BUILD=build bash tests/interop/client_openssl.sh
#
# Rules every helper keeps:
#   - only 127.0.0.1 is ever contacted or listened on;
#   - every peer started here is killed by the EXIT trap, even on failure;
#   - every wait is bounded (WARD_IT_TIMEOUT seconds, default 15; the ASan build
#     is slower, so nothing here is tuned to the millisecond);
#   - the script ends with exactly one summary line "N passed, M failed"
#     (", K skipped" appended when something was skipped) and exits non-zero when
#     anything failed.

set -u
set -o pipefail

: "${WARD_SRC:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${WARD_BUILD:=$WARD_SRC/build}"
: "${WARD:=$WARD_BUILD/ward}"
: "${WARD_IT_TIMEOUT:=15}"
: "${WARD_IT_VERBOSE:=0}"
# Hard cap on any peer's lifetime: even if this script is killed outright (no
# EXIT trap), nothing it started outlives it by more than this.
: "${WARD_IT_PEER_MAX:=120}"

LOOPBACK=127.0.0.1
# Debian's python3 (a version manager's shim in PATH can take a second to start).
if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi

T=$(mktemp -d "${TMPDIR:-/tmp}/ward-interop.XXXXXX")
PKI=$T/pki

declare -A PEER_PID=()  # name -> pid of a process we started
IT_PASSED=0
IT_FAILED=0
IT_SKIPPED=0
IT_CASE=""
IT_CASE_ERRORS=()
IT_CASE_LOGS=()

# ---- cleanup ---------------------------------------------------------------

it_cleanup() {
    local name
    for name in "${!PEER_PID[@]}"; do
        stop_peer "$name"
    done
    if [ "${WARD_IT_KEEP:-0}" = 1 ]; then
        echo "# kept $T" >&2
    else
        rm -rf "$T"
    fi
}
trap it_cleanup EXIT
trap 'echo "# interrupted" >&2; exit 130' INT TERM

# ---- results ---------------------------------------------------------------

# case_begin NAME: starts one test case; expect_* calls record failures in it.
case_begin() {
    [ -z "$IT_CASE" ] || case_end
    IT_CASE=$1
    IT_CASE_START=${EPOCHREALTIME:-0}
    IT_CASE_ERRORS=()
    IT_CASE_LOGS=()
}

# case_log FILE...: files whose tail is shown if the current case fails.
case_log() {
    IT_CASE_LOGS+=("$@")
}

# case_fail REASON: records a failure in the current case.
case_fail() {
    IT_CASE_ERRORS+=("$1")
}

# case_end: prints "ok" or "FAIL" for the current case and counts it.
case_end() {
    missing_commands_check
    [ -n "$IT_CASE" ] || return 0
    local took=""
    if [ -n "${EPOCHREALTIME:-}" ]; then
        took=$(awk -v a="$IT_CASE_START" -v b="$EPOCHREALTIME" 'BEGIN { printf " (%.1fs)", b - a }')
    fi
    if [ ${#IT_CASE_ERRORS[@]} -eq 0 ]; then
        IT_PASSED=$((IT_PASSED + 1))
        echo "ok   $IT_CASE$took"
    else
        IT_FAILED=$((IT_FAILED + 1))
        echo "FAIL $IT_CASE$took"
        local e f
        declare -A shown=()
        for e in "${IT_CASE_ERRORS[@]}"; do
            echo "     - $e"
        done
        for f in "${IT_CASE_LOGS[@]}"; do
            [ -s "$f" ] && [ -z "${shown[$f]:-}" ] || continue
            shown[$f]=1
            echo "     --- ${f#"$T"/} (last 15 lines)"
            tail -n 15 "$f" | sed 's/^/     | /'
        done
    fi
    IT_CASE=""
}

# case_skip NAME REASON: a case that cannot run here (counted as skipped, never
# as passed).
case_skip() {
    [ -z "$IT_CASE" ] || case_end
    IT_SKIPPED=$((IT_SKIPPED + 1))
    echo "SKIP $1: $2"
}

# finish: the summary line, and the exit status.
finish() {
    [ -z "$IT_CASE" ] || case_end
    missing_commands_check
    if [ $IT_SKIPPED -gt 0 ]; then
        echo "$IT_PASSED passed, $IT_FAILED failed, $IT_SKIPPED skipped"
    else
        echo "$IT_PASSED passed, $IT_FAILED failed"
    fi
    if [ $IT_FAILED -gt 0 ] || [ $((IT_PASSED + IT_SKIPPED)) -eq 0 ]; then
        exit 1
    fi
    exit 0
}

# ---- assertions (inside a case) ---------------------------------------------

# expect_eq WHAT GOT WANT
expect_eq() {
    [ "$2" = "$3" ] || case_fail "$1: got '$2', want '$3'"
}

# expect_ne WHAT GOT UNWANTED
expect_ne() {
    [ "$2" != "$3" ] || case_fail "$1: got '$2', which it must not be"
}

# expect_grep FILE ERE [WHAT]: FILE has a line matching the extended regex.
expect_grep() {
    if ! grep -Eq -- "$2" "$1" 2>/dev/null; then
        case_fail "${3:-${1#"$T"/}} has no line matching /$2/"
        case_log "$1"
    fi
}

# expect_no_grep FILE ERE [WHAT]: FILE has no line matching the regex.
expect_no_grep() {
    if grep -Eq -- "$2" "$1" 2>/dev/null; then
        case_fail "${3:-${1#"$T"/}} has a line matching /$2/: $(grep -Em1 -- "$2" "$1")"
        case_log "$1"
    fi
}

# expect_same_file WHAT GOT WANT: byte-identical files.
expect_same_file() {
    if ! cmp -s "$2" "$3"; then
        case_fail "$1: ${2#"$T"/} differs from ${3#"$T"/} ($(wc -c <"$2" 2>/dev/null || echo 0) vs $(wc -c <"$3") bytes)"
        case_log "$2"
    fi
}

# ---- tools -----------------------------------------------------------------

# need_cmd CMD...: every command must exist. deps.sh installs them all, so a
# missing one is a failure of the environment, not a skip.
need_cmd() {
    local c missing=()
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || missing+=("$c")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        case_begin "tools present"
        case_fail "missing: ${missing[*]} (run scripts/deps.sh as root)"
        finish
    fi
}

# need_ward: the binary under test must exist.
need_ward() {
    if [ ! -x "$WARD" ]; then
        case_begin "ward binary"
        case_fail "WARD=$WARD is not an executable"
        finish
    fi
}

# bounded SECONDS CMD...: runs CMD with a hard time limit (exit 124 on timeout).
bounded() {
    local secs=$1
    shift
    timeout -k 2 "$secs" "$@"
}

# wait_until SECONDS CMD...: polls CMD every 50 ms until it succeeds; 1 on timeout.
wait_until() {
    local deadline=$((SECONDS + $1)) now
    shift
    while :; do
        "$@" && return 0
        now=$SECONDS
        [ "$now" -lt "$deadline" ] || return 1
        sleep 0.05
    done
}

file_matches() { grep -Eq -- "$2" "$1" 2>/dev/null; }

# ---- ports -----------------------------------------------------------------

# free_port: prints a TCP port of 127.0.0.1 that nothing listens on now (a
# random one from 20000-59999, checked with ss). Callers retry on a bind race.
free_port() {
    local p i
    for i in $(seq 50); do
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        if ! port_listening "$p" && [ -z "$(ss -Htan "sport = :$p or dport = :$p" 2>/dev/null)" ]; then
            echo "$p"
            return 0
        fi
    done
    echo 0
    return 1
}

# port_listening PORT: something listens on 127.0.0.1:PORT. Uses ss, so the
# probe does not consume a connection of a one-shot server.
port_listening() {
    [ -n "$(ss -Hltn "src $LOOPBACK and sport = :$1" 2>/dev/null)" ]
}

# wait_port PORT [SECONDS]
wait_port() {
    wait_until "${2:-$WARD_IT_TIMEOUT}" port_listening "$1"
}

# ---- peers -----------------------------------------------------------------

# start_peer NAME CMD...: starts CMD in the background, stdout/stderr to
# $T/NAME.out / $T/NAME.err. Its stdin is a FIFO that it holds open itself, so
# it never sees end of input (openssl s_server stops at stdin EOF).
start_peer() {
    local name=$1
    shift
    # Empty the output files here, not in the background child: a wait for the
    # new peer's first line must never see the previous peer's output.
    rm -f "$T/$name.in"
    : >"$T/$name.out"
    : >"$T/$name.err"
    mkfifo "$T/$name.in"
    timeout -k 5 "$WARD_IT_PEER_MAX" "$@" 0<>"$T/$name.in" >"$T/$name.out" 2>"$T/$name.err" &
    PEER_PID[$name]=$!
    [ "$WARD_IT_VERBOSE" = 1 ] && echo "# started $name (pid $!): $*" >&2
    return 0
}

peer_alive() {
    local pid=${PEER_PID[$1]:-}
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# wait_peer_exit NAME [SECONDS]: waits for a peer to end by itself and sets
# PEER_RC to its exit status. Kills it (PEER_RC=124) if it does not end in time.
# (Not meant for $(...): the shell that started the peer must reap it.)
wait_peer_exit() {
    local name=$1 secs=${2:-$WARD_IT_TIMEOUT} pid=${PEER_PID[$1]:-}
    PEER_RC=127
    [ -n "$pid" ] || return 0
    if wait_until "$secs" eval "! kill -0 $pid 2>/dev/null"; then
        wait "$pid" 2>/dev/null
        PEER_RC=$?
    else
        stop_peer "$name"
        PEER_RC=124
    fi
    unset "PEER_PID[$name]"
    return 0
}

# stop_peer NAME: TERM, then KILL after 3 s; always reaps.
stop_peer() {
    local name=$1 pid=${PEER_PID[$1]:-}
    [ -n "$pid" ] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null
        if ! wait_until 3 eval "! kill -0 $pid 2>/dev/null"; then
            kill -KILL "$pid" 2>/dev/null
        fi
    fi
    wait "$pid" 2>/dev/null
    unset "PEER_PID[$name]"
    return 0
}

# start_s_server NAME ARGS...: openssl s_server on a free port of 127.0.0.1
# with -tls1_3. Sets PORT. Returns 1 (and logs into the case) if it does not
# listen in time; retries with another port if the first was taken meanwhile.
start_s_server() {
    local name=$1 try
    shift
    for try in 1 2 3; do
        PORT=$(free_port)
        start_peer "$name" openssl s_server -tls1_3 -accept "$LOOPBACK:$PORT" "$@"
        if wait_until "$WARD_IT_TIMEOUT" eval "port_listening $PORT || ! peer_alive $name"; then
            peer_alive "$name" && port_listening "$PORT" && return 0
        fi
        stop_peer "$name"
        grep -q "Address already in use" "$T/$name.err" 2>/dev/null || break
    done
    case_fail "openssl s_server did not start listening"
    case_log "$T/$name.err"
    return 1
}

# start_ward_server NAME ARGS...: `ward server --host 127.0.0.1 --port 0 ARGS`,
# waits for its "listening on 127.0.0.1:PORT" line and sets PORT from it.
start_ward_server() {
    local name=$1 line
    shift
    PORT=""
    start_peer "$name" "$WARD" server --host "$LOOPBACK" --port 0 "$@"
    if ! wait_until "$WARD_IT_TIMEOUT" eval "file_matches '$T/$name.out' '^listening on ' || ! peer_alive $name"; then
        case_fail "ward server printed no 'listening on' line in ${WARD_IT_TIMEOUT}s"
        case_log "$T/$name.out" "$T/$name.err"
        stop_peer "$name"
        return 1
    fi
    line=$(grep -Em1 '^listening on ' "$T/$name.out")
    if [ -z "$line" ]; then
        wait_peer_exit "$name" 1
        case_fail "ward server exited (status $PEER_RC) before printing 'listening on'"
        case_log "$T/$name.out" "$T/$name.err"
        return 1
    fi
    if [[ ! "$line" =~ ^listening\ on\ 127\.0\.0\.1:([0-9]+)$ ]]; then
        case_fail "ward server: unexpected line '$line' (want 'listening on 127.0.0.1:PORT')"
        case_log "$T/$name.out" "$T/$name.err"
        stop_peer "$name"
        return 1
    fi
    PORT=${BASH_REMATCH[1]}
    if ! port_listening "$PORT"; then
        case_fail "ward server said port $PORT but nothing listens there"
        case_log "$T/$name.err"
        stop_peer "$name"
        return 1
    fi
    return 0
}

# ---- ward client -------------------------------------------------------------

# ward_client NAME INPUT ARGS...: runs `ward client ARGS --verbose` with INPUT
# (printf format) on stdin, bounded. stdout -> $T/NAME.out, stderr ->
# $T/NAME.err; exit status in WC_RC; the --verbose line parsed into
# WC_VERSION WC_SUITE WC_GROUP WC_ALPN WC_HRR WC_VERIFIED (empty if absent).
ward_client() {
    local name=$1 input=$2
    shift 2
    # shellcheck disable=SC2059
    printf "$input" | bounded "$WARD_IT_TIMEOUT" "$WARD" client "$@" --verbose \
        >"$T/$name.out" 2>"$T/$name.err"
    WC_RC=$?
    WC_OUT=$T/$name.out
    WC_ERR=$T/$name.err
    parse_verbose "$T/$name.err"
    case_log "$T/$name.err"
}

# parse_verbose FILE: reads
#   ward client: connected TLSv1.3 SUITE GROUP alpn=X hrr=yes|no verified=yes|no
# Further " key=value" fields may follow (the tool adds ems=yes|no); they are
# kept in WC_EXTRA.
parse_verbose() {
    local line re
    WC_VERSION="" WC_SUITE="" WC_GROUP="" WC_ALPN="" WC_HRR="" WC_VERIFIED="" WC_EXTRA=""
    line=$(grep -Em1 '^ward client: connected ' "$1" 2>/dev/null)
    re='^ward client: connected ([^ ]+) ([^ ]+) ([^ ]+) alpn=([^ ]+) hrr=(yes|no) verified=(yes|no)(( [a-z_]+=[^ ]+)*)$'
    if [[ "$line" =~ $re ]]; then
        WC_VERSION=${BASH_REMATCH[1]}
        WC_SUITE=${BASH_REMATCH[2]}
        WC_GROUP=${BASH_REMATCH[3]}
        WC_ALPN=${BASH_REMATCH[4]}
        WC_HRR=${BASH_REMATCH[5]}
        WC_VERIFIED=${BASH_REMATCH[6]}
        WC_EXTRA=${BASH_REMATCH[7]}
    fi
}

# expect_connected [SUITE] [GROUP] [ALPN] [HRR] [VERIFIED]: the last
# ward_client exited 0 and its --verbose line says so; "*" or "" skips a field.
# The version must be $WANT_VERSION (TLSv1.3 unless a script sets it).
expect_connected() {
    expect_eq "ward client exit status" "$WC_RC" 0
    if [ -z "$WC_VERSION" ]; then
        case_fail "no 'ward client: connected ...' line on stderr"
        return
    fi
    expect_eq "version" "$WC_VERSION" "${WANT_VERSION:-TLSv1.3}"
    [ -z "${1:-}" ] || [ "$1" = "*" ] || expect_eq "suite" "$WC_SUITE" "$1"
    [ -z "${2:-}" ] || [ "$2" = "*" ] || expect_eq "group" "$WC_GROUP" "$2"
    [ -z "${3:-}" ] || [ "$3" = "*" ] || expect_eq "alpn" "$WC_ALPN" "$3"
    [ -z "${4:-}" ] || [ "$4" = "*" ] || expect_eq "hrr" "$WC_HRR" "$4"
    [ -z "${5:-}" ] || [ "$5" = "*" ] || expect_eq "verified" "$WC_VERIFIED" "$5"
}

# expect_handshake_failed ERE: the last ward_client exited 1, printed one
# "ward client: handshake failed: DETAIL" line with DETAIL matching ERE, and
# never claimed to be connected.
expect_handshake_failed() {
    local n
    expect_eq "ward client exit status" "$WC_RC" 1
    [ -z "$WC_VERSION" ] || case_fail "ward client printed a 'connected' line"
    n=$(grep -Ec '^ward client: handshake failed: ' "$WC_ERR")
    expect_eq "count of 'handshake failed' lines" "$n" 1
    expect_grep "$WC_ERR" "^ward client: handshake failed: $1" "ward client stderr"
}

# ---- conversations (a client whose stdin we feed step by step) -------------

# conv_start NAME CMD...: starts CMD with stdin from a FIFO that we write to;
# conv_send NAME TEXT; conv_wait NAME ERE [SECONDS] (waits for stdout);
# conv_close NAME (stdin EOF); then wait_peer_exit NAME.
declare -A CONV_FD=()
conv_start() {
    local name=$1 fd
    shift
    rm -f "$T/$name.in"
    : >"$T/$name.out"
    : >"$T/$name.err"
    mkfifo "$T/$name.in"
    timeout -k 5 "$WARD_IT_PEER_MAX" "$@" <"$T/$name.in" >"$T/$name.out" 2>"$T/$name.err" &
    PEER_PID[$name]=$!
    # Read-write open never blocks; the child's read open completes with it.
    exec {fd}<>"$T/$name.in"
    CONV_FD[$name]=$fd
}

conv_send() {
    # shellcheck disable=SC2059
    printf "$2" >&"${CONV_FD[$1]}"
}

conv_wait() {
    conv_wait_file "$1" "$T/$1.out" "$2" "${3:-$WARD_IT_TIMEOUT}"
}

# conv_wait_err NAME ERE [SECONDS]: the same for its stderr.
conv_wait_err() {
    conv_wait_file "$1" "$T/$1.err" "$2" "${3:-$WARD_IT_TIMEOUT}"
}

# conv_wait_file NAME FILE ERE SECONDS: until FILE matches, or the peer has
# exited (then only what it wrote counts), or time runs out.
conv_wait_file() {
    wait_until "$4" eval "file_matches '$2' '$3' || ! peer_alive '$1'"
    file_matches "$2" "$3"
}

conv_close() {
    local fd=${CONV_FD[$1]:-}
    [ -n "$fd" ] || return 0
    exec {fd}>&-
    unset "CONV_FD[$1]"
}

# ---- PKI -------------------------------------------------------------------

# make_pki: a throw-away PKI in $PKI (created once per script):
#   ca.pem            root "ward test root CA" (RSA-2048); clients trust this
#   int.pem           intermediate CA signed by the root (ECDSA P-256)
#   rsa.{key,pem,chain.pem}      leaf RSA-2048, signed by int, chain = leaf+int
#   ecdsa.{key,pem,chain.pem}    leaf ECDSA P-256
#   ed25519.{key,pem,chain.pem}  leaf Ed25519
#     every leaf: CN=localhost, SAN DNS:localhost + IP:127.0.0.1, serverAuth
#   direct.{key,pem}             ECDSA P-256 leaf issued by the root directly
#   sha1.{key,pem}               like ecdsa, but signed with ecdsa-with-SHA1
#   expired.{key,pem,chain.pem}  like ecdsa, valid 2020-01-01..2020-02-01
#   rogue-ca.pem, rogue.{key,pem,chain.pem}  a leaf for localhost from a root
#                                nobody here trusts
#   clientca.pem, client.{key,pem,chain.pem}  a separate client-auth CA and a
#                                client cert (CN=ward test client, clientAuth)
make_pki() {
    [ -f "$PKI/done" ] && return 0
    mkdir -p "$PKI"
    (
        set -e
        cd "$PKI"
        cat >ext.cnf <<'EOF'
[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
        key() { # key FILE TYPE
            case $2 in
            rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" ;;
            p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" ;;
            ed25519) openssl genpkey -algorithm ED25519 -out "$1" ;;
            esac
        }
        root() { # root NAME TYPE CN
            key "$1.key" "$2"
            openssl req -x509 -new -key "$1.key" -subj "/O=ward tests/CN=$3" -days 30 -sha256 \
                -config ext.cnf -extensions ca -out "$1.pem"
        }
        issue() { # issue NAME TYPE CN ISSUER EXT
            key "$1.key" "$2"
            openssl req -new -key "$1.key" -subj "/O=ward tests/CN=$3" -config ext.cnf -out "$1.csr"
            openssl x509 -req -in "$1.csr" -CA "$4.pem" -CAkey "$4.key" -set_serial "0x$(openssl rand -hex 8)" \
                -days 30 -sha256 -extfile ext.cnf -extensions "$5" -out "$1.pem" 2>/dev/null
        }
        root ca rsa "ward test root CA"
        issue int p256 "ward test intermediate CA" ca ca
        for k in rsa:rsa p256:ecdsa ed25519:ed25519; do
            issue "${k#*:}" "${k%%:*}" localhost int server
            cat "${k#*:}.pem" int.pem >"${k#*:}.chain.pem"
        done

        # Expired leaf: `openssl x509 -req` cannot back-date in OpenSSL 3.0, but
        # `openssl ca` takes -startdate/-enddate.
        mkdir -p cadb
        : >cadb/index.txt
        echo 01 >cadb/serial
        cat >ca.cnf <<EOF
[ca]
default_ca = int
[int]
dir = $PKI/cadb
database = \$dir/index.txt
new_certs_dir = \$dir
serial = \$dir/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
organizationName = optional
commonName = supplied
EOF
        key expired.key p256
        openssl req -new -key expired.key -subj "/O=ward tests/CN=localhost" -config ext.cnf -out expired.csr
        openssl ca -batch -config ca.cnf -cert int.pem -keyfile int.key -in expired.csr \
            -startdate 20200101000000Z -enddate 20200201000000Z \
            -extfile ext.cnf -extensions server -notext -out expired.pem 2>/dev/null
        cat expired.pem int.pem >expired.chain.pem

        # A leaf issued by the root itself (no chain needed), for peers that
        # cannot send an intermediate in every mode (s_server -cert2).
        issue direct p256 localhost ca server
        cp direct.pem direct.chain.pem

        # A leaf whose signature uses SHA-1 (collisions are practical: SHAmbles).
        key sha1.key p256
        openssl req -new -key sha1.key -subj "/O=ward tests/CN=localhost" -config ext.cnf -out sha1.csr
        openssl x509 -req -in sha1.csr -CA int.pem -CAkey int.key -set_serial "0x$(openssl rand -hex 8)" \
            -days 30 -sha1 -extfile ext.cnf -extensions server -out sha1.pem 2>/dev/null

        root rogue-ca p256 "ward untrusted CA"
        issue rogue p256 localhost rogue-ca server
        cp rogue.pem rogue.chain.pem

        root clientca p256 "ward test client CA"
        issue client p256 "ward test client" clientca client
        cp client.pem client.chain.pem
        touch done
    ) >"$T/pki.log" 2>&1
    if [ ! -f "$PKI/done" ]; then
        case_begin "test PKI"
        case_fail "certificate generation failed"
        case_log "$T/pki.log"
        finish
    fi
}

# A fresh random token, so output from one case cannot satisfy another.
token() {
    echo "ward-$(openssl rand -hex 6)"
}

# A case that calls a helper which does not exist must fail, not pass quietly
# because the `if` around the call took its else branch without an assertion.
# Bash runs this handler in a subshell, so it leaves a note that case_end and
# finish pick up.
command_not_found_handle() {
    echo "lib.sh: command not found: $1" >&2
    echo "$1" >>"${T:-/tmp}/.command-not-found"
    return 127
}

missing_commands_check() {
    local f="${T:-/tmp}/.command-not-found"
    [ -s "$f" ] || return 0
    IT_CASE_ERRORS+=("command not found: $(tr '\n' ' ' <"$f")")
    rm -f "$f"
    [ -n "$IT_CASE" ] || IT_FAILED=$((IT_FAILED + 1))
}
