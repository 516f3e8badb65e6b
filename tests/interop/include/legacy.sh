# shellcheck shell=bash
# tests/interop/include/legacy.sh -- what the "legacy" policy interop scripts
# (legacy_openssl.sh, legacy_gnutls.sh) share: the fourteen TLS 1.2 suites the
# policy adds, their OpenSSL and GnuTLS spellings, what ward's --verbose line
# must say for each, and the extra PKI pieces. Source it after lib.sh and
# include/lib12.sh.

LEGACY12=(TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
    TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384 TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
    TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
    TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
    TLS_RSA_WITH_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_256_GCM_SHA384
    TLS_RSA_WITH_AES_128_CBC_SHA256 TLS_RSA_WITH_AES_256_CBC_SHA256)
declare -A OSSL_LEGACY=(
    [TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256]=ECDHE-ECDSA-AES128-SHA256
    [TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256]=ECDHE-RSA-AES128-SHA256
    [TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384]=ECDHE-ECDSA-AES256-SHA384
    [TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384]=ECDHE-RSA-AES256-SHA384
    [TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA]=ECDHE-ECDSA-AES128-SHA
    [TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA]=ECDHE-RSA-AES128-SHA
    [TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA]=ECDHE-ECDSA-AES256-SHA
    [TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA]=ECDHE-RSA-AES256-SHA
    [TLS_DHE_RSA_WITH_AES_128_GCM_SHA256]=DHE-RSA-AES128-GCM-SHA256
    [TLS_DHE_RSA_WITH_AES_256_GCM_SHA384]=DHE-RSA-AES256-GCM-SHA384
    [TLS_RSA_WITH_AES_128_GCM_SHA256]=AES128-GCM-SHA256
    [TLS_RSA_WITH_AES_256_GCM_SHA384]=AES256-GCM-SHA384
    [TLS_RSA_WITH_AES_128_CBC_SHA256]=AES128-SHA256
    [TLS_RSA_WITH_AES_256_CBC_SHA256]=AES256-SHA256)
# Every legacy suite in OpenSSL's spelling, for peers that offer only those.
OSSL_LEGACY_ALL=$(
    IFS=:
    echo "${OSSL_LEGACY[*]}"
)

is_cbc() { [[ $1 == *_CBC_* ]]; }

# legacy_keytype SUITE: ecdsa or rsa (RSA key exchange and DHE_RSA: rsa).
legacy_keytype() { [[ $1 == *_ECDSA_* ]] && echo ecdsa || echo rsa; }

# legacy_group SUITE: the GROUP field ward reports with a peer that prefers
# nothing: x25519 for ECDHE, ffdhe2048 for DHE, - for the RSA key exchange.
legacy_group() {
    case $1 in
    TLS_RSA_*) echo - ;;
    TLS_DHE_*) echo ffdhe2048 ;;
    *) echo x25519 ;;
    esac
}

# want_etm SUITE on|off: what etm= must say: yes only for a CBC suite with
# encrypt-then-MAC left on (RFC 7366 3: never for an AEAD suite).
want_etm() { is_cbc "$1" && [ "$2" = on ] && echo yes || echo no; }
# want_fs SUITE: fs=no only for the RSA key exchange.
want_fs() { [[ $1 == TLS_RSA_* ]] && echo no || echo yes; }

# expect_legacy_fields LINE SUITE ETM: a --verbose line (client or server) says
# etm= and fs= as the suite and ETM mode want.
expect_legacy_fields() {
    local want_e want_f
    want_e=$(want_etm "$2" "$3") want_f=$(want_fs "$2")
    [[ "$1" == *" etm=$want_e "* ]] || case_fail "want etm=$want_e in '$1'"
    [[ "$1" == *" fs=$want_f "* ]] || case_fail "want fs=$want_f in '$1'"
}

# ---- GnuTLS spellings ----

gnutls_legacy_kx() {
    case $1 in
    TLS_ECDHE_ECDSA_*) echo ECDHE-ECDSA ;;
    TLS_ECDHE_RSA_*) echo ECDHE-RSA ;;
    TLS_DHE_RSA_*) echo DHE-RSA ;;
    *) echo RSA ;;
    esac
}
gnutls_legacy_cipher() {
    case $1 in
    *AES_128_CBC*) echo AES-128-CBC ;;
    *AES_256_CBC*) echo AES-256-CBC ;;
    *AES_128_GCM*) echo AES-128-GCM ;;
    *AES_256_GCM*) echo AES-256-GCM ;;
    esac
}
# The record MAC as GnuTLS names it (AEAD for GCM).
gnutls_legacy_mac() {
    case $1 in
    *_GCM_*) echo AEAD ;;
    *_SHA384) echo SHA384 ;;
    *_SHA256) echo SHA256 ;;
    *) echo SHA1 ;;
    esac
}
# Everything the legacy suites need, on top of NORMAL, TLS 1.2 only.
GNUTLS_LEGACY_ALL='NORMAL:-VERS-ALL:+VERS-TLS1.2:+RSA:+DHE-RSA:+AES-128-CBC:+AES-256-CBC:+SHA1:+SHA256:+SHA384'
# gnutls_legacy_prio SUITE on|off: exactly this suite, with or without EtM.
gnutls_legacy_prio() {
    local p="NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+$(gnutls_legacy_kx "$1"):-CIPHER-ALL"
    p="$p:+$(gnutls_legacy_cipher "$1"):-MAC-ALL:+$(gnutls_legacy_mac "$1")"
    [ "$2" = on ] || p="$p:%NO_ETM"
    echo "$p"
}
# expect_gnutls_legacy FILE SUITE ETM: GnuTLS's last "- Description:" line
# names the suite's key exchange, cipher and MAC, and its "- Options:" line
# has EtM exactly when it should.
expect_gnutls_legacy() {
    local kx cipher mac desc opts want
    kx=$(gnutls_legacy_kx "$2") cipher=$(gnutls_legacy_cipher "$2") mac=$(gnutls_legacy_mac "$2")
    case $kx in
    ECDHE-*) kx='ECDHE-X25519' ;;
    DHE-RSA) kx='DHE-FFDHE2048' ;;
    esac
    desc=$(grep -E '^- Description: ' "$1" | tail -1)
    want="(TLS1.2-X.509)-($kx)-"
    [[ "$desc" == "- Description: $want"* ]] || case_fail "GnuTLS description '$desc' lacks '$want'"
    [[ "$desc" == *"-($cipher)"* ]] || case_fail "GnuTLS description '$desc' lacks '($cipher)'"
    [ "$mac" = AEAD ] || [[ "$desc" == *"-($mac)" ]] || case_fail "GnuTLS description '$desc' lacks '($mac)'"
    opts=$(grep -E '^- Options: ' "$1" | tail -1)
    if [ "$(want_etm "$2" "$3")" = yes ]; then
        [[ "$opts" == *"EtM"* ]] || case_fail "GnuTLS options '$opts' lack EtM"
    else
        [[ "$opts" != *"EtM"* ]] || case_fail "GnuTLS options '$opts' have EtM"
    fi
}

# ---- PKI ----

# make_legacy_pki: on top of make_pki, in $PKI:
#   rsaenc.{key,pem,chain.pem}  RSA-2048 leaf whose keyUsage also allows
#                               keyEncipherment (the RSA key exchange needs it,
#                               RFC 5246 7.4.2; make_pki's rsa.pem has only
#                               digitalSignature)
#   dh-ffdhe{2048,3072,4096}.pem  the RFC 7919 groups as DH parameter files
#   dh-modp2048.pem               RFC 3526 group 14: 2048 bits, not RFC 7919
#   dh-1024.pem                   RFC 5114 1024-bit group (Logjam territory)
make_legacy_pki() {
    [ -f "$PKI/legacy.done" ] && return 0
    (
        set -e
        cd "$PKI"
        cat >legacy.cnf <<'EOF'
[req]
distinguished_name = dn
[dn]
[rsaenc]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
        openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsaenc.key
        openssl req -new -key rsaenc.key -subj "/O=ward tests/CN=localhost" -config legacy.cnf \
            -out rsaenc.csr
        openssl x509 -req -in rsaenc.csr -CA int.pem -CAkey int.key \
            -set_serial "0x$(openssl rand -hex 8)" -days 30 -sha256 -extfile legacy.cnf \
            -extensions rsaenc -out rsaenc.pem 2>/dev/null
        cat rsaenc.pem int.pem >rsaenc.chain.pem
        for g in ffdhe2048 ffdhe3072 ffdhe4096; do
            openssl genpkey -genparam -algorithm DH -pkeyopt "group:$g" -out "dh-$g.pem"
        done
        openssl genpkey -genparam -algorithm DH -pkeyopt group:modp_2048 -out dh-modp2048.pem
        openssl genpkey -genparam -algorithm DH -pkeyopt group:dh_1024_160 -out dh-1024.pem
        touch legacy.done
    ) >>"$T/pki.log" 2>&1
    if [ ! -f "$PKI/legacy.done" ]; then
        case_begin "legacy PKI"
        case_fail "certificate or DH parameter generation failed"
        case_log "$T/pki.log"
        finish
    fi
}
