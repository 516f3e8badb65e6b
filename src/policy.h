/* policy.h -- what ward negotiates, as data: suites, groups, signature schemes
 * and the named presets that choose among them. */
#ifndef WARD_POLICY_H
#define WARD_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"

enum {
    SUITE_ECDHE_ECDSA_AES_128_GCM_SHA256 = 0xc02b,
    SUITE_ECDHE_ECDSA_AES_256_GCM_SHA384 = 0xc02c,
    SUITE_ECDHE_RSA_AES_128_GCM_SHA256 = 0xc02f,
    SUITE_ECDHE_RSA_AES_256_GCM_SHA384 = 0xc030,
    SUITE_ECDHE_RSA_CHACHA20_POLY1305 = 0xcca8,
    SUITE_ECDHE_ECDSA_CHACHA20_POLY1305 = 0xcca9,
    SUITE_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff, /* RFC 5746 */
    SUITE_FALLBACK_SCSV = 0x5600,                 /* RFC 7507 */
    SUITE_TLS_AES_128_GCM_SHA256 = 0x1301,
    SUITE_TLS_AES_256_GCM_SHA384 = 0x1302,
    SUITE_TLS_CHACHA20_POLY1305_SHA256 = 0x1303,
    /* The "legacy" policy's TLS 1.2 suites (RFC 5246, 5288, 5289, 4492, 7919). */
    SUITE_ECDHE_ECDSA_AES_128_CBC_SHA256 = 0xc023,
    SUITE_ECDHE_ECDSA_AES_256_CBC_SHA384 = 0xc024,
    SUITE_ECDHE_RSA_AES_128_CBC_SHA256 = 0xc027,
    SUITE_ECDHE_RSA_AES_256_CBC_SHA384 = 0xc028,
    SUITE_ECDHE_ECDSA_AES_128_CBC_SHA = 0xc009,
    SUITE_ECDHE_ECDSA_AES_256_CBC_SHA = 0xc00a,
    SUITE_ECDHE_RSA_AES_128_CBC_SHA = 0xc013,
    SUITE_ECDHE_RSA_AES_256_CBC_SHA = 0xc014,
    SUITE_DHE_RSA_AES_128_GCM_SHA256 = 0x009e,
    SUITE_DHE_RSA_AES_256_GCM_SHA384 = 0x009f,
    SUITE_RSA_AES_128_GCM_SHA256 = 0x009c,
    SUITE_RSA_AES_256_GCM_SHA384 = 0x009d,
    SUITE_RSA_AES_128_CBC_SHA256 = 0x003c,
    SUITE_RSA_AES_256_CBC_SHA256 = 0x003d,
};

/* How a TLS 1.2 suite authenticates the server (TLS 1.3 suites: AUTH_ANY). */
typedef enum suite_auth { AUTH_ANY = 0, AUTH_ECDSA = 1, AUTH_RSA = 2 } suite_auth;

/* How a TLS 1.2 suite agrees on the premaster secret (TLS 1.3 suites: KX_ANY). */
typedef enum suite_kx { KX_ANY = 0, KX_ECDHE = 1, KX_DHE = 2, KX_RSA = 3 } suite_kx;

typedef struct suite_info {
    uint16_t code;
    uint16_t version; /* 0x0304: a TLS 1.3 suite; 0x0303: a TLS 1.2 suite */
    suite_auth auth;
    suite_kx kx;
    aead_alg aead;  /* AEAD suites; 0 for CBC suites */
    cbc_cipher cbc; /* CBC suites (MAC-then-encrypt or RFC 7366); 0 for AEAD */
    hash_alg mac;   /* CBC suites: the record HMAC (SHA-1 for *_CBC_SHA) */
    hash_alg hash;  /* PRF and transcript: SHA-384 for *_SHA384, else SHA-256 */
    const char *name;
} suite_info;

static inline bool suite_is_cbc(const suite_info *si)
{
    return si->cbc != 0;
}

/* RSA key exchange has no ephemeral key: recording the traffic and later
 * obtaining the server's key decrypts it. */
static inline bool suite_forward_secret(const suite_info *si)
{
    return si->kx != KX_RSA;
}

/* The suite's description, or NULL when ward does not implement it. */
const suite_info *suite_find(uint16_t code);
/* Looks a suite up by IANA name; 0 when unknown. */
uint16_t suite_by_name(const char *name, size_t len);
/* Looks a group up by name ("x25519", "secp256r1"/"P-256", ...); 0 when unknown. */
uint16_t group_by_name(const char *name, size_t len);

#define POLICY_MAX_SUITES 32
#define POLICY_MAX_GROUPS 8
#define POLICY_MAX_SIGALGS 16

typedef struct policy {
    const char *name;
    uint16_t min_version, max_version;
    uint16_t suites[POLICY_MAX_SUITES];
    size_t n_suites;
    uint16_t groups[POLICY_MAX_GROUPS];
    size_t n_groups;
    uint16_t sigalgs[POLICY_MAX_SIGALGS]; /* offered / accepted, preference order */
    size_t n_sigalgs;
} policy;

/* Fills p with the named preset; false when the name is unknown. Presets:
 * "default" (TLS 1.3, and TLS 1.2 with ECDHE and AEAD only), "tls13" (TLS 1.3
 * only) and "legacy" (default plus, for TLS 1.2 only, ECDHE with AES-CBC,
 * DHE-RSA with the RFC 7919 groups, and the RSA key exchange). */
bool policy_preset(const char *name, policy *p);
/* Whether the named preset lists a suite / a group: ward_config_set_suites and
 * _set_groups choose within the policy, never beyond it. */
bool policy_preset_has_suite(const char *name, uint16_t suite);
bool policy_preset_has_group(const char *name, uint16_t group);

/* Whether a TLS 1.2 suite with this authentication can use a key type. */
bool suite_auth_fits_key(suite_auth auth, key_type type);

/* Whether a scheme may sign a TLS 1.2 ServerKeyExchange / CertificateVerify:
 * every scheme ward knows except those on SHA-1 (SLOTH). */
bool sigalg_allowed_in_tls12(uint16_t scheme);

/* TLS 1.3 forbids rsa_pkcs1_* (and SHA-1) in CertificateVerify (RFC 8446 4.4.3). */
bool sigalg_allowed_in_tls13_cv(uint16_t scheme);

#endif
