#!/usr/bin/env bash
# scripts/valgrind-unit.sh [BUILD_DIR] -- every cmocka program of the normal build
# (tests/unit/*_test.c, tests/vectors/*_test.c) under valgrind memcheck.
#
# Fails if any program fails its tests, or valgrind reports any memory error or a
# definitely/indirectly lost block. "Still reachable" and "possibly lost" blocks
# (libcrypto's global tables, freed at exit by its own atexit handler or not at
# all) are not errors. Suppressions: scripts/valgrind.supp (each entry says why).
#
# Runs VALGRIND_JOBS programs at a time (default: nproc). Each program is bounded
# by VALGRIND_TEST_TIMEOUT seconds (default 300). Logs: BUILD_DIR/valgrind/NAME.log.
# WARD_TEST_QUICK=1 lets the engine tests reuse one RSA test PKI per process
# (tests/support/pair.c): RSA-2048 key generation is slow under valgrind.
set -uo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-$SRC/build}
BUILD=$(cd "$BUILD" && pwd) || { echo "valgrind-unit: no build directory $1" >&2; exit 2; }
JOBS=${VALGRIND_JOBS:-$(nproc 2>/dev/null || echo 2)}
TIMEOUT=${VALGRIND_TEST_TIMEOUT:-300}
LOGS=$BUILD/valgrind
mkdir -p "$LOGS"

command -v valgrind >/dev/null || { echo "valgrind-unit: valgrind missing (run scripts/deps.sh as root)" >&2; exit 2; }

tests=()
for src in "$SRC"/tests/unit/*_test.c "$SRC"/tests/vectors/*_test.c; do
    [ -e "$src" ] || continue
    name=$(basename "$src" .c)
    if [ ! -x "$BUILD/$name" ]; then
        echo "valgrind-unit: $BUILD/$name is not built (run make build)" >&2
        exit 2
    fi
    tests+=("$name")
done
[ ${#tests[@]} -gt 0 ] || { echo "valgrind-unit: no unit tests found" >&2; exit 2; }

# run_one NAME: one program under valgrind; writes NAME.log and NAME.rc.
run_one() {
    local name=$1 start end rc
    # shellcheck disable=SC2054 # "definite,indirect" is one option value
    local VALGRIND=(valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
                    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
                    --track-origins=no --num-callers=30 --quiet
                    --suppressions="$SRC/scripts/valgrind.supp")
    start=$(date +%s)
    (cd "$BUILD" && WARD_SRC="$SRC" WARD_TEST_QUICK=1 \
        timeout -k 10 "$TIMEOUT" "${VALGRIND[@]}" "./$name") >"$LOGS/$name.log" 2>&1
    rc=$?
    end=$(date +%s)
    echo "$rc" >"$LOGS/$name.rc"
    case $rc in
        0) echo "ok   $name ($((end - start))s)" ;;
        99) echo "FAIL $name ($((end - start))s): valgrind reported errors" ;;
        124|137) echo "FAIL $name ($((end - start))s): timed out after ${TIMEOUT}s" ;;
        *) echo "FAIL $name ($((end - start))s): exit status $rc" ;;
    esac
}
export -f run_one
export BUILD SRC LOGS TIMEOUT

start=$(date +%s)
rm -f "$LOGS"/*.rc
# The slow engine tests (hostile catalogue, conn*, legacy suites) first, so
# they overlap with the many short ones.
# shellcheck disable=SC2016 # $1 is for the inner bash
printf '%s\n' "${tests[@]}" | awk '/^(hostile|conn|legacy)/ { print; next } { rest[n++] = $0 } END { for (i = 0; i < n; i++) print rest[i] }' |
    xargs -P "$JOBS" -I{} bash -c 'run_one "$1"' _ {}

failed=()
for name in "${tests[@]}"; do
    rc=$(cat "$LOGS/$name.rc" 2>/dev/null || echo missing)
    if [ "$rc" != 0 ]; then
        failed+=("$name")
        echo "--- $name (exit $rc), valgrind/test output (last 60 lines of $LOGS/$name.log):"
        tail -n 60 "$LOGS/$name.log"
    fi
done
echo "valgrind-unit: ${#tests[@]} programs, ${#failed[@]} failed, $(($(date +%s) - start))s"
[ ${#failed[@]} -eq 0 ]
