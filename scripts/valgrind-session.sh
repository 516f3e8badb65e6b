#!/usr/bin/env bash
# scripts/valgrind-session.sh [BUILD_DIR] -- a full client/server run of the ward
# tool with both ends under valgrind memcheck.
#
# `ward server --max-conns 2` on 127.0.0.1 (port 0, read from its "listening on"
# line) serves two `ward client` runs, TLS 1.3 and --tls12, each verifying the
# server against a throw-away openssl PKI (root -> intermediate -> ECDSA P-256
# leaf) and echoing one line. Fails if an echo is wrong, a process fails or does
# not end in time, or valgrind reports any memory error or a definitely/
# indirectly lost block in any of the three processes. Suppressions:
# scripts/valgrind.supp.
#
# Only 127.0.0.1 is used; every wait is bounded (VALGRIND_SESSION_TIMEOUT
# seconds per step, default 90); whatever this starts is killed on exit.
set -uo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-$SRC/build}
WARD=$BUILD/ward
STEP=${VALGRIND_SESSION_TIMEOUT:-90}
HOST=127.0.0.1

[ -x "$WARD" ] || { echo "valgrind-session: $WARD is not built (run make build)" >&2; exit 2; }
for c in valgrind openssl timeout; do
    command -v "$c" >/dev/null || { echo "valgrind-session: $c missing (run scripts/deps.sh as root)" >&2; exit 2; }
done

T=$(mktemp -d "${TMPDIR:-/tmp}/ward-vg-session.XXXXXX")
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null
        for _ in $(seq 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    if [ "${WARD_VG_KEEP:-0}" = 1 ]; then echo "valgrind-session: kept $T" >&2; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'echo "valgrind-session: interrupted" >&2; exit 130' INT TERM

# shellcheck disable=SC2054 # "definite,indirect" is one option value
VALGRIND=(valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
          --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
          --track-origins=no --num-callers=30 --quiet
          --suppressions="$SRC/scripts/valgrind.supp")

FAILED=0
fail() {
    echo "valgrind-session: FAIL: $1"
    shift
    local f
    for f in "$@"; do
        [ -s "$f" ] || continue
        echo "--- ${f#"$T"/} (last 60 lines)"
        tail -n 60 "$f"
    done
    FAILED=1
}

# ---- a throw-away PKI --------------------------------------------------------
if ! (
    set -e
    cd "$T"
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
EOF
    for k in ca int leaf; do
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $k.key
    done
    openssl req -x509 -new -key ca.key -subj "/O=ward valgrind/CN=root" -days 2 -sha256 \
        -config ext.cnf -extensions ca -out ca.pem
    openssl req -new -key int.key -subj "/O=ward valgrind/CN=intermediate" -config ext.cnf -out int.csr
    openssl x509 -req -in int.csr -CA ca.pem -CAkey ca.key -set_serial 2 -days 2 -sha256 \
        -extfile ext.cnf -extensions ca -out int.pem
    openssl req -new -key leaf.key -subj "/O=ward valgrind/CN=localhost" -config ext.cnf -out leaf.csr
    openssl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -set_serial 3 -days 2 -sha256 \
        -extfile ext.cnf -extensions server -out leaf.pem
    cat leaf.pem int.pem >chain.pem
) >"$T/pki.log" 2>&1; then
    fail "openssl could not make the test PKI" "$T/pki.log"
    exit 1
fi

start=$(date +%s)

# ---- server ------------------------------------------------------------------
# stdin from /dev/null; its own lifetime capped so that nothing outlives us long
# even if this script is killed outright.
timeout -k 5 $((STEP * 4)) "${VALGRIND[@]}" --log-file="$T/server.vg" \
    "$WARD" server --host "$HOST" --port 0 --max-conns 2 \
    --cert "$T/chain.pem" --key "$T/leaf.key" --verbose \
    </dev/null >"$T/server.out" 2>"$T/server.err" &
SERVER_PID=$!

PORT=""
for _ in $(seq $((STEP * 10))); do
    if line=$(grep -Em1 '^listening on ' "$T/server.out" 2>/dev/null); then
        [[ "$line" =~ ^listening\ on\ 127\.0\.0\.1:([0-9]+)$ ]] && PORT=${BASH_REMATCH[1]}
        break
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$PORT" ]; then
    fail "ward server printed no 'listening on 127.0.0.1:PORT' line within ${STEP}s" \
        "$T/server.out" "$T/server.err" "$T/server.vg"
    exit 1
fi
echo "valgrind-session: ward server listening on $HOST:$PORT"

# ---- two clients ---------------------------------------------------------------
# client NAME WANT_VERSION ARGS...
client() {
    local name=$1 want=$2 rc
    shift 2
    printf 'ward under valgrind, %s\n' "$name" >"$T/$name.in"
    timeout -k 5 "$STEP" "${VALGRIND[@]}" --log-file="$T/$name.vg" \
        "$WARD" client "$HOST:$PORT" --ca "$T/ca.pem" --servername localhost --verbose "$@" \
        <"$T/$name.in" >"$T/$name.out" 2>"$T/$name.err"
    rc=$?
    case $rc in
        0) ;;
        99) fail "$name: valgrind reported errors (ward client)" "$T/$name.vg" "$T/$name.err"; return ;;
        124|137) fail "$name: ward client did not end within ${STEP}s" "$T/$name.err" "$T/$name.vg"; return ;;
        *) fail "$name: ward client exited $rc" "$T/$name.err" "$T/$name.vg"; return ;;
    esac
    if ! cmp -s "$T/$name.in" "$T/$name.out"; then
        fail "$name: echo differs (sent $(wc -c <"$T/$name.in") bytes, got $(wc -c <"$T/$name.out"))" \
            "$T/$name.out" "$T/$name.err"
        return
    fi
    if ! grep -Eq "^ward client: connected $want .* verified=yes" "$T/$name.err"; then
        fail "$name: no 'connected $want ... verified=yes' line" "$T/$name.err"
        return
    fi
    echo "ok   $name: $(grep -Em1 '^ward client: connected' "$T/$name.err")"
}
client tls13 TLSv1.3
client tls12 TLSv1.2 --tls12

# ---- the server ends by itself after two connections ------------------------------
rc=""
for _ in $(seq $((STEP * 10))); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$SERVER_PID" 2>/dev/null; then
    fail "ward server still running ${STEP}s after its second connection" "$T/server.err"
    # cleanup kills it
else
    wait "$SERVER_PID"
    rc=$?
    SERVER_PID=""
    case $rc in
        0) echo "ok   server: exited 0 after 2 connections" ;;
        99) fail "valgrind reported errors (ward server)" "$T/server.vg" "$T/server.err" ;;
        *) fail "ward server exited $rc" "$T/server.err" "$T/server.vg" ;;
    esac
fi

if [ $FAILED -ne 0 ]; then
    echo "valgrind-session: FAILED ($(($(date +%s) - start))s)"
    exit 1
fi
echo "valgrind-session: server + 2 clients clean under memcheck ($(($(date +%s) - start))s)"
