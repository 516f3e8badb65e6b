/* policy.c -- suite, group and signature-scheme tables and the named presets.
 * What ward never negotiates (SSL 3, export, RC4, ...) is simply absent from
 * these tables: there is no switch that brings it back. */
#include "policy.h"

#include <string.h>
#include <strings.h>

static const suite_info suites[] = {
    {SUITE_TLS_AES_128_GCM_SHA256, 0x0304, AUTH_ANY, AEAD_AES_128_GCM, HASH_SHA256,
     "TLS_AES_128_GCM_SHA256"},
    {SUITE_TLS_AES_256_GCM_SHA384, 0x0304, AUTH_ANY, AEAD_AES_256_GCM, HASH_SHA384,
     "TLS_AES_256_GCM_SHA384"},
    {SUITE_TLS_CHACHA20_POLY1305_SHA256, 0x0304, AUTH_ANY, AEAD_CHACHA20_POLY1305, HASH_SHA256,
     "TLS_CHACHA20_POLY1305_SHA256"},
    {SUITE_ECDHE_ECDSA_AES_128_GCM_SHA256, 0x0303, AUTH_ECDSA, AEAD_AES_128_GCM, HASH_SHA256,
     "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
    {SUITE_ECDHE_RSA_AES_128_GCM_SHA256, 0x0303, AUTH_RSA, AEAD_AES_128_GCM, HASH_SHA256,
     "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
    {SUITE_ECDHE_ECDSA_AES_256_GCM_SHA384, 0x0303, AUTH_ECDSA, AEAD_AES_256_GCM, HASH_SHA384,
     "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
    {SUITE_ECDHE_RSA_AES_256_GCM_SHA384, 0x0303, AUTH_RSA, AEAD_AES_256_GCM, HASH_SHA384,
     "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
    {SUITE_ECDHE_ECDSA_CHACHA20_POLY1305, 0x0303, AUTH_ECDSA, AEAD_CHACHA20_POLY1305, HASH_SHA256,
     "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
    {SUITE_ECDHE_RSA_CHACHA20_POLY1305, 0x0303, AUTH_RSA, AEAD_CHACHA20_POLY1305, HASH_SHA256,
     "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
};

const suite_info *suite_find(uint16_t code)
{
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (suites[i].code == code)
            return &suites[i];
    return NULL;
}

uint16_t suite_by_name(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (strlen(suites[i].name) == len && strncasecmp(suites[i].name, name, len) == 0)
            return suites[i].code;
    return 0;
}

struct group_name {
    const char *name;
    uint16_t code;
};

static const struct group_name group_names[] = {
    {"x25519", GROUP_X25519},   {"X25519", GROUP_X25519},        {"secp256r1", GROUP_SECP256R1},
    {"P-256", GROUP_SECP256R1}, {"prime256v1", GROUP_SECP256R1}, {"secp384r1", GROUP_SECP384R1},
    {"P-384", GROUP_SECP384R1},
};

uint16_t group_by_name(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof group_names / sizeof group_names[0]; i++)
        if (strlen(group_names[i].name) == len && strncasecmp(group_names[i].name, name, len) == 0)
            return group_names[i].code;
    return 0;
}

static const uint16_t default_groups[] = {GROUP_X25519, GROUP_SECP256R1, GROUP_SECP384R1};

/* Preference order: fast and small first. rsa_pkcs1_* are listed so a peer
 * knows PKCS#1 certificate signatures are accepted; they are never used for a
 * TLS 1.3 CertificateVerify. */
static const uint16_t default_sigalgs[] = {
    SIG_ECDSA_SECP256R1_SHA256, SIG_ED25519,
    SIG_ECDSA_SECP384R1_SHA384, SIG_RSA_PSS_RSAE_SHA256,
    SIG_RSA_PSS_RSAE_SHA384,    SIG_RSA_PSS_RSAE_SHA512,
    SIG_RSA_PKCS1_SHA256,       SIG_RSA_PKCS1_SHA384,
    SIG_RSA_PKCS1_SHA512,
};

/* TLS 1.3 suites first, then TLS 1.2 ECDHE with AEAD only (the notes' captured
 * browser offers exactly these). */
static const uint16_t default_suites[] = {
    SUITE_TLS_AES_128_GCM_SHA256,       SUITE_TLS_AES_256_GCM_SHA384,
    SUITE_TLS_CHACHA20_POLY1305_SHA256, SUITE_ECDHE_ECDSA_AES_128_GCM_SHA256,
    SUITE_ECDHE_RSA_AES_128_GCM_SHA256, SUITE_ECDHE_ECDSA_AES_256_GCM_SHA384,
    SUITE_ECDHE_RSA_AES_256_GCM_SHA384, SUITE_ECDHE_ECDSA_CHACHA20_POLY1305,
    SUITE_ECDHE_RSA_CHACHA20_POLY1305,
};

static void policy_fill(policy *p, const char *name, uint16_t min_version)
{
    memset(p, 0, sizeof *p);
    p->name = name;
    p->min_version = min_version;
    p->max_version = 0x0304;
    for (size_t i = 0; i < sizeof default_suites / sizeof default_suites[0]; i++)
        if (suite_find(default_suites[i])->version >= min_version)
            p->suites[p->n_suites++] = default_suites[i];
    memcpy(p->groups, default_groups, sizeof default_groups);
    p->n_groups = sizeof default_groups / sizeof default_groups[0];
    memcpy(p->sigalgs, default_sigalgs, sizeof default_sigalgs);
    p->n_sigalgs = sizeof default_sigalgs / sizeof default_sigalgs[0];
}

bool policy_preset(const char *name, policy *p)
{
    if (strcmp(name, "default") == 0) {
        policy_fill(p, "default", 0x0303);
        return true;
    }
    if (strcmp(name, "tls13") == 0) {
        policy_fill(p, "tls13", 0x0304);
        return true;
    }
    return false;
}

bool suite_auth_fits_key(suite_auth auth, key_type type)
{
    switch (auth) {
    case AUTH_ECDSA: return type == KEY_EC_P256 || type == KEY_EC_P384 || type == KEY_ED25519;
    case AUTH_RSA: return type == KEY_RSA;
    case AUTH_ANY: return true;
    default: return false;
    }
}

bool sigalg_allowed_in_tls12(uint16_t scheme)
{
    switch (scheme) {
    case SIG_RSA_PKCS1_SHA256:
    case SIG_RSA_PKCS1_SHA384:
    case SIG_RSA_PKCS1_SHA512: return true;
    default: return sigalg_allowed_in_tls13_cv(scheme);
    }
}

bool sigalg_allowed_in_tls13_cv(uint16_t scheme)
{
    switch (scheme) {
    case SIG_ECDSA_SECP256R1_SHA256:
    case SIG_ECDSA_SECP384R1_SHA384:
    case SIG_ED25519:
    case SIG_RSA_PSS_RSAE_SHA256:
    case SIG_RSA_PSS_RSAE_SHA384:
    case SIG_RSA_PSS_RSAE_SHA512: return true;
    default: return false;
    }
}
