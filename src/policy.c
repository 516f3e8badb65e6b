/* policy.c -- suite, group and signature-scheme tables and the named presets.
 * What ward never negotiates (SSL 3, export, RC4, ...) is simply absent from
 * these tables: there is no switch that brings it back. */
#include "policy.h"

#include <string.h>
#include <strings.h>

#define TLS13(code, aead, hash, name)                                                              \
    {                                                                                              \
        code, 0x0304, AUTH_ANY, KX_ANY, aead, 0, 0, hash, name                                     \
    }
#define AEAD12(code, auth, kx, aead, hash, name)                                                   \
    {                                                                                              \
        code, 0x0303, auth, kx, aead, 0, 0, hash, name                                             \
    }
#define CBC12(code, auth, kx, cbc, mac, hash, name)                                                \
    {                                                                                              \
        code, 0x0303, auth, kx, 0, cbc, mac, hash, name                                            \
    }

static const suite_info suites[] = {
    TLS13(SUITE_TLS_AES_128_GCM_SHA256, AEAD_AES_128_GCM, HASH_SHA256, "TLS_AES_128_GCM_SHA256"),
    TLS13(SUITE_TLS_AES_256_GCM_SHA384, AEAD_AES_256_GCM, HASH_SHA384, "TLS_AES_256_GCM_SHA384"),
    TLS13(SUITE_TLS_CHACHA20_POLY1305_SHA256, AEAD_CHACHA20_POLY1305, HASH_SHA256,
          "TLS_CHACHA20_POLY1305_SHA256"),
    AEAD12(SUITE_ECDHE_ECDSA_AES_128_GCM_SHA256, AUTH_ECDSA, KX_ECDHE, AEAD_AES_128_GCM,
           HASH_SHA256, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
    AEAD12(SUITE_ECDHE_RSA_AES_128_GCM_SHA256, AUTH_RSA, KX_ECDHE, AEAD_AES_128_GCM, HASH_SHA256,
           "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
    AEAD12(SUITE_ECDHE_ECDSA_AES_256_GCM_SHA384, AUTH_ECDSA, KX_ECDHE, AEAD_AES_256_GCM,
           HASH_SHA384, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
    AEAD12(SUITE_ECDHE_RSA_AES_256_GCM_SHA384, AUTH_RSA, KX_ECDHE, AEAD_AES_256_GCM, HASH_SHA384,
           "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
    AEAD12(SUITE_ECDHE_ECDSA_CHACHA20_POLY1305, AUTH_ECDSA, KX_ECDHE, AEAD_CHACHA20_POLY1305,
           HASH_SHA256, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
    AEAD12(SUITE_ECDHE_RSA_CHACHA20_POLY1305, AUTH_RSA, KX_ECDHE, AEAD_CHACHA20_POLY1305,
           HASH_SHA256, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
    /* Legacy: RFC 5289 (ECDHE CBC with SHA-256/384), RFC 4492 / 8422 (ECDHE CBC
     * with HMAC-SHA1; TLS 1.2 still uses the SHA-256 PRF for them, RFC 5246 5),
     * RFC 5288 (DHE and RSA with GCM), RFC 5246 (RSA CBC). */
    CBC12(SUITE_ECDHE_ECDSA_AES_128_CBC_SHA256, AUTH_ECDSA, KX_ECDHE, CBC_AES_128, HASH_SHA256,
          HASH_SHA256, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
    CBC12(SUITE_ECDHE_ECDSA_AES_256_CBC_SHA384, AUTH_ECDSA, KX_ECDHE, CBC_AES_256, HASH_SHA384,
          HASH_SHA384, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
    CBC12(SUITE_ECDHE_RSA_AES_128_CBC_SHA256, AUTH_RSA, KX_ECDHE, CBC_AES_128, HASH_SHA256,
          HASH_SHA256, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
    CBC12(SUITE_ECDHE_RSA_AES_256_CBC_SHA384, AUTH_RSA, KX_ECDHE, CBC_AES_256, HASH_SHA384,
          HASH_SHA384, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
    CBC12(SUITE_ECDHE_ECDSA_AES_128_CBC_SHA, AUTH_ECDSA, KX_ECDHE, CBC_AES_128, HASH_SHA1,
          HASH_SHA256, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
    CBC12(SUITE_ECDHE_ECDSA_AES_256_CBC_SHA, AUTH_ECDSA, KX_ECDHE, CBC_AES_256, HASH_SHA1,
          HASH_SHA256, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
    CBC12(SUITE_ECDHE_RSA_AES_128_CBC_SHA, AUTH_RSA, KX_ECDHE, CBC_AES_128, HASH_SHA1, HASH_SHA256,
          "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
    CBC12(SUITE_ECDHE_RSA_AES_256_CBC_SHA, AUTH_RSA, KX_ECDHE, CBC_AES_256, HASH_SHA1, HASH_SHA256,
          "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
    AEAD12(SUITE_DHE_RSA_AES_128_GCM_SHA256, AUTH_RSA, KX_DHE, AEAD_AES_128_GCM, HASH_SHA256,
           "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
    AEAD12(SUITE_DHE_RSA_AES_256_GCM_SHA384, AUTH_RSA, KX_DHE, AEAD_AES_256_GCM, HASH_SHA384,
           "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
    AEAD12(SUITE_RSA_AES_128_GCM_SHA256, AUTH_RSA, KX_RSA, AEAD_AES_128_GCM, HASH_SHA256,
           "TLS_RSA_WITH_AES_128_GCM_SHA256"),
    AEAD12(SUITE_RSA_AES_256_GCM_SHA384, AUTH_RSA, KX_RSA, AEAD_AES_256_GCM, HASH_SHA384,
           "TLS_RSA_WITH_AES_256_GCM_SHA384"),
    CBC12(SUITE_RSA_AES_128_CBC_SHA256, AUTH_RSA, KX_RSA, CBC_AES_128, HASH_SHA256, HASH_SHA256,
          "TLS_RSA_WITH_AES_128_CBC_SHA256"),
    CBC12(SUITE_RSA_AES_256_CBC_SHA256, AUTH_RSA, KX_RSA, CBC_AES_256, HASH_SHA256, HASH_SHA256,
          "TLS_RSA_WITH_AES_256_CBC_SHA256"),
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
    {"x25519", GROUP_X25519},       {"X25519", GROUP_X25519},        {"secp256r1", GROUP_SECP256R1},
    {"P-256", GROUP_SECP256R1},     {"prime256v1", GROUP_SECP256R1}, {"secp384r1", GROUP_SECP384R1},
    {"P-384", GROUP_SECP384R1},     {"ffdhe2048", GROUP_FFDHE2048},  {"ffdhe3072", GROUP_FFDHE3072},
    {"ffdhe4096", GROUP_FFDHE4096},
};

uint16_t group_by_name(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof group_names / sizeof group_names[0]; i++)
        if (strlen(group_names[i].name) == len && strncasecmp(group_names[i].name, name, len) == 0)
            return group_names[i].code;
    return 0;
}

static const uint16_t default_groups[] = {GROUP_X25519, GROUP_SECP256R1, GROUP_SECP384R1};
/* RFC 7919 groups after the curves: TLS 1.2 DHE uses them, and a TLS 1.3 peer
 * that prefers them may too. */
static const uint16_t legacy_groups[] = {GROUP_X25519,    GROUP_SECP256R1, GROUP_SECP384R1,
                                         GROUP_FFDHE2048, GROUP_FFDHE3072, GROUP_FFDHE4096};

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

/* The default suites, then (TLS 1.2 only) ECDHE with CBC, DHE, and the RSA key
 * exchange last: every peer that can do better gets something better. */
static const uint16_t legacy_suites[] = {
    SUITE_TLS_AES_128_GCM_SHA256,       SUITE_TLS_AES_256_GCM_SHA384,
    SUITE_TLS_CHACHA20_POLY1305_SHA256, SUITE_ECDHE_ECDSA_AES_128_GCM_SHA256,
    SUITE_ECDHE_RSA_AES_128_GCM_SHA256, SUITE_ECDHE_ECDSA_AES_256_GCM_SHA384,
    SUITE_ECDHE_RSA_AES_256_GCM_SHA384, SUITE_ECDHE_ECDSA_CHACHA20_POLY1305,
    SUITE_ECDHE_RSA_CHACHA20_POLY1305,  SUITE_ECDHE_ECDSA_AES_128_CBC_SHA256,
    SUITE_ECDHE_RSA_AES_128_CBC_SHA256, SUITE_ECDHE_ECDSA_AES_256_CBC_SHA384,
    SUITE_ECDHE_RSA_AES_256_CBC_SHA384, SUITE_ECDHE_ECDSA_AES_128_CBC_SHA,
    SUITE_ECDHE_RSA_AES_128_CBC_SHA,    SUITE_ECDHE_ECDSA_AES_256_CBC_SHA,
    SUITE_ECDHE_RSA_AES_256_CBC_SHA,    SUITE_DHE_RSA_AES_128_GCM_SHA256,
    SUITE_DHE_RSA_AES_256_GCM_SHA384,   SUITE_RSA_AES_128_GCM_SHA256,
    SUITE_RSA_AES_256_GCM_SHA384,       SUITE_RSA_AES_128_CBC_SHA256,
    SUITE_RSA_AES_256_CBC_SHA256,
};

#define COUNT(a) (sizeof a / sizeof a[0])

typedef struct preset {
    const char *name;
    uint16_t min_version;
    const uint16_t *suites;
    size_t n_suites;
    const uint16_t *groups;
    size_t n_groups;
} preset;

static const preset presets[] = {
    {"default", 0x0303, default_suites, COUNT(default_suites), default_groups,
     COUNT(default_groups)},
    {"tls13", 0x0304, default_suites, COUNT(default_suites), default_groups, COUNT(default_groups)},
    {"legacy", 0x0303, legacy_suites, COUNT(legacy_suites), legacy_groups, COUNT(legacy_groups)},
};

static const preset *preset_find(const char *name)
{
    for (size_t i = 0; name != NULL && i < COUNT(presets); i++)
        if (strcmp(presets[i].name, name) == 0)
            return &presets[i];
    return NULL;
}

bool policy_preset(const char *name, policy *p)
{
    const preset *r = preset_find(name);
    if (r == NULL)
        return false;
    memset(p, 0, sizeof *p);
    p->name = r->name;
    p->min_version = r->min_version;
    p->max_version = 0x0304;
    for (size_t i = 0; i < r->n_suites && p->n_suites < POLICY_MAX_SUITES; i++)
        if (suite_find(r->suites[i])->version >= r->min_version)
            p->suites[p->n_suites++] = r->suites[i];
    for (size_t i = 0; i < r->n_groups && p->n_groups < POLICY_MAX_GROUPS; i++)
        p->groups[p->n_groups++] = r->groups[i];
    memcpy(p->sigalgs, default_sigalgs, sizeof default_sigalgs);
    p->n_sigalgs = COUNT(default_sigalgs);
    return true;
}

bool policy_preset_has_suite(const char *name, uint16_t suite)
{
    const preset *r = preset_find(name);
    for (size_t i = 0; r != NULL && i < r->n_suites; i++)
        if (r->suites[i] == suite)
            return true;
    return false;
}

bool policy_preset_has_group(const char *name, uint16_t group)
{
    const preset *r = preset_find(name);
    for (size_t i = 0; r != NULL && i < r->n_groups; i++)
        if (r->groups[i] == group)
            return true;
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
