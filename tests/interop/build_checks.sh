#!/usr/bin/env bash
# What the build produces: libward links libcrypto and never libssl, and an
# installed tree (cmake --install) is usable by a program built with pkg-config,
# against the shared and the static library.
source "$(dirname "$0")/lib.sh"
need_cmd cmake pkg-config cc ldd nm

LIB=$WARD_BUILD/libward.so

case_begin "libward.so links libcrypto and not libssl"
if [ -e "$LIB" ]; then
    ldd "$LIB" >"$T/ldd.txt" 2>&1
    case_log "$T/ldd.txt"
    expect_grep "$T/ldd.txt" 'libcrypto\.so\.3' "ldd libward.so"
    expect_no_grep "$T/ldd.txt" 'libssl' "ldd libward.so"
    # Nor may it carry libssl's code by other means (static linking).
    nm "$WARD_BUILD/libward.a" 2>/dev/null | grep -E ' [TU] SSL_(CTX_)?new$' >"$T/nm-ssl.txt"
    expect_no_grep "$T/nm-ssl.txt" 'SSL_' "libward.a symbols"
else
    case_fail "$LIB does not exist"
fi
case_end

case_begin "the ward tool does not link libssl either"
if [ -x "$WARD" ]; then
    ldd "$WARD" >"$T/ldd-tool.txt" 2>&1
    expect_no_grep "$T/ldd-tool.txt" 'libssl' "ldd ward"
else
    case_fail "$WARD is not an executable"
fi
case_end

case_begin "libward.so exports every ward.h function and nothing else"
if [ -e "$LIB" ]; then
    nm -D --defined-only "$LIB" | awk '$2 ~ /^[TDBR]$/ {print $3}' >"$T/exports.txt"
    # Every function ward.h declares must be exported.
    grep -Eo '\bward_[a-z0-9_]+\(' "$WARD_SRC/include/ward.h" | tr -d '(' | sort -u >"$T/declared.txt"
    missing=$(comm -23 "$T/declared.txt" <(sort -u "$T/exports.txt") | tr '\n' ' ')
    [ -z "$missing" ] || case_fail "declared in ward.h but not exported: $missing"
    expect_no_grep "$T/exports.txt" '^[^w]|^w[^a]|^wa[^r]|^war[^d]|^ward[^_]' "exported symbols"
fi
case_end

PREFIX=$T/prefix
case_begin "cmake --install lays out include/, lib/, lib/pkgconfig/, bin/"
if cmake --install "$WARD_BUILD" --prefix "$PREFIX" >"$T/install.log" 2>&1; then
    # The libdir is lib (or lib64 / multiarch) as GNUInstallDirs decides.
    LIBDIR=$(dirname "$(find "$PREFIX" -name ward.pc -path '*/pkgconfig/*' | head -1)")
    LIBDIR=${LIBDIR%/pkgconfig}
    for f in include/ward.h bin/ward; do
        [ -e "$PREFIX/$f" ] || case_fail "missing $f"
    done
    for f in libward.so libward.a pkgconfig/ward.pc; do
        [ -e "$LIBDIR/$f" ] || case_fail "missing ${LIBDIR#"$PREFIX"/}/$f"
    done
    [ "$LIBDIR" = "$PREFIX/lib" ] || [ "$LIBDIR" = "$PREFIX/lib64" ] || [[ "$LIBDIR" == "$PREFIX"/lib/*-linux-gnu ]] ||
        case_fail "unexpected libdir $LIBDIR"
else
    case_fail "cmake --install failed"
    case_log "$T/install.log"
fi
case_end

cat >"$T/hello.c" <<'EOF_C'
#include <stdio.h>
#include <ward.h>

int main(void)
{
    ward_config *cfg = ward_config_new(WARD_CLIENT);
    if (cfg == NULL)
        return 1;
    if (ward_config_set_policy(cfg, "tls13") != WARD_OK)
        return 2;
    if (ward_config_set_policy(cfg, "ssl3") != WARD_E_INVALID_ARGUMENT)
        return 3;
    ward_conn *c = ward_conn_new(cfg);
    if (c == NULL)
        return 4;
    ward_conn_free(c);
    ward_config_free(cfg);
    printf("ward ok: %s\n", ward_error_string(WARD_E_UNKNOWN_CA));
    return 0;
}
EOF_C

# The sanitizer build's library needs the sanitizer runtime in the program too.
SAN_FLAGS=()
if grep -q '^WARD_SANITIZE:BOOL=ON' "$WARD_BUILD/CMakeCache.txt" 2>/dev/null; then
    SAN_FLAGS=(-fsanitize=address,undefined)
fi

case_begin "a program built with pkg-config --cflags --libs ward links and runs (shared)"
if [ -n "${LIBDIR:-}" ]; then
    export PKG_CONFIG_PATH=$LIBDIR/pkgconfig
    flags=$(pkg-config --cflags --libs ward 2>"$T/pc.err")
    expect_eq "pkg-config exit status" "$?" 0
    # shellcheck disable=SC2086
    if cc -std=c17 -Wall -Werror "${SAN_FLAGS[@]}" "$T/hello.c" -o "$T/hello" $flags >"$T/cc.log" 2>&1; then
        LD_LIBRARY_PATH=$LIBDIR ASAN_OPTIONS=detect_leaks=0 "$T/hello" >"$T/hello.out" 2>&1
        expect_eq "program exit status" "$?" 0
        expect_grep "$T/hello.out" '^ward ok: ' "program output"
        LD_LIBRARY_PATH=$LIBDIR ldd "$T/hello" >"$T/hello.ldd" 2>&1
        expect_grep "$T/hello.ldd" "libward\\.so\\.0 => $LIBDIR/" "ldd of the program"
    else
        case_fail "compiling with '$flags' failed"
        case_log "$T/cc.log" "$T/pc.err"
    fi
else
    case_fail "no installed tree"
fi
case_end

case_begin "a program built with pkg-config --static links libward.a and runs"
if [ -n "${LIBDIR:-}" ]; then
    cflags=$(pkg-config --cflags ward)
    libs=$(pkg-config --static --libs ward)
    # shellcheck disable=SC2086
    if cc -std=c17 "${SAN_FLAGS[@]}" $cflags "$T/hello.c" -o "$T/hello-static" \
        "$LIBDIR/libward.a" ${libs//-lward/} -lpthread >"$T/cc2.log" 2>&1; then
        ASAN_OPTIONS=detect_leaks=0 "$T/hello-static" >"$T/hello2.out" 2>&1
        expect_eq "program exit status" "$?" 0
        ldd "$T/hello-static" >"$T/hello2.ldd" 2>&1
        expect_no_grep "$T/hello2.ldd" 'libward' "ldd of the static program"
        expect_no_grep "$T/hello2.ldd" 'libssl' "ldd of the static program"
    else
        case_fail "static link failed"
        case_log "$T/cc2.log"
    fi
fi
case_end

# The API example of README.md / docs/api.md must build and work.
case_begin "docs/examples/https_get.c builds and fetches a page from ward server --www"
make_pki
mkdir -p "$T/www"
echo "example page $(token)" >"$T/www/index.html"
# shellcheck disable=SC2046
if cc -std=c17 -Wall -Wextra -Werror "${SAN_FLAGS[@]}" -I"$WARD_SRC/include" \
    "$WARD_SRC/docs/examples/https_get.c" "$WARD_BUILD/libward.a" \
    $(pkg-config --libs libcrypto) -lpthread -o "$T/https_get" >"$T/cc3.log" 2>&1; then
    if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" \
        --www "$T/www" --max-conns 2; then
        bounded 10 "$T/https_get" "$LOOPBACK" "$PORT" localhost "$PKI/ca.pem" \
            >"$T/ex.out" 2>"$T/ex.err"
        expect_eq "example exit status" "$?" 0
        case_log "$T/ex.err"
        expect_grep "$T/ex.out" "^$(cat "$T/www/index.html")\$" "page"
        bounded 10 "$T/https_get" "$LOOPBACK" "$PORT" localhost "$PKI/rogue-ca.pem" \
            >"$T/ex2.out" 2>"$T/ex2.err"
        expect_eq "example exit status with the wrong CA" "$?" 1
        expect_grep "$T/ex2.err" '^handshake failed: .*unknown_ca' "example stderr"
        wait_peer_exit srv 5
    fi
else
    case_fail "the example does not compile"
    case_log "$T/cc3.log"
fi
case_end

case_begin "docs/examples/memory_pair.c: sans-I/O client and server in one process"
# shellcheck disable=SC2046
if cc -std=c17 -Wall -Wextra -Werror "${SAN_FLAGS[@]}" -I"$WARD_SRC/include" \
    "$WARD_SRC/docs/examples/memory_pair.c" "$WARD_BUILD/libward.a" \
    $(pkg-config --libs libcrypto) -lpthread -o "$T/memory_pair" >"$T/cc4.log" 2>&1; then
    bounded 10 "$T/memory_pair" "$PKI/ecdsa.chain.pem" "$PKI/ecdsa.key" "$PKI/ca.pem" \
        >"$T/mp.out" 2>"$T/mp.err"
    expect_eq "example exit status" "$?" 0
    case_log "$T/mp.out" "$T/mp.err"
    expect_grep "$T/mp.out" '^TLS_AES_128_GCM_SHA256 x25519, verified=1$'
    expect_grep "$T/mp.out" '^server read: ping$'
    expect_grep "$T/mp.out" '^server saw close_notify$'
    bounded 10 "$T/memory_pair" "$PKI/ecdsa.chain.pem" "$PKI/ecdsa.key" "$PKI/rogue-ca.pem" \
        >"$T/mp2.out" 2>"$T/mp2.err"
    expect_eq "example exit status with the wrong CA" "$?" 1
    expect_grep "$T/mp2.err" 'client: .*\(sent alert unknown_ca\) / server: .*\(received alert unknown_ca\)'
else
    case_fail "the example does not compile"
    case_log "$T/cc4.log"
fi
case_end

finish
