# netns.sh -- sourced first by scripts that start gnutls-serv, which cannot
# listen on 127.0.0.1 only: where this machine allows it, the script re-runs
# itself in a private network namespace (unshare -n) whose only interface is
# its own loopback, so the wildcard listener is reachable from nowhere else.
# Elsewhere it runs as is (every peer is still dialled on 127.0.0.1 only).
if [ -z "${WARD_IT_NETNS:-}" ]; then
    if unshare -n true 2>/dev/null; then
        exec unshare -n env WARD_IT_NETNS=1 bash "$0" "$@"
    fi
    WARD_IT_NETNS=unavailable
fi
if [ "$WARD_IT_NETNS" = 1 ]; then
    ip link set lo up
fi
