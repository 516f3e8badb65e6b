#!/usr/bin/env bash
# Fails when a tracked C file differs from what clang-format makes of it.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=0
for f in $(git ls-files '*.c' '*.h'); do
    [ -f "$f" ] || continue
    if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "format-check: $f is not clang-formatted (run: make format)" >&2
        bad=1
    fi
done
exit $bad
