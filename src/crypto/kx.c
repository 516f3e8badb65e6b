/* kx.c -- ephemeral (EC)DHE: X25519, P-256, P-384, and the RFC 7919
 * finite-field groups ffdhe2048/3072/4096 (ffdhe.c). */
#include "crypto/internal.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/dh.h>

#include "base/mem.h"
#include "crypto/ffdhe.h"

struct kx_key {
    EVP_PKEY *evp;
    uint16_t group;
    size_t pub_len;
    uint8_t pub[CRYPTO_MAX_PUB];
};

struct kx_group_info {
    uint16_t group;
    const char *key_type; /* libcrypto key type */
    const char *curve;    /* group name; NULL for X25519 */
    size_t pub_size;      /* FFDHE: the size of p, to which values are padded */
};

static const struct kx_group_info kx_groups[] = {
    {GROUP_X25519, "X25519", NULL, 32},        {GROUP_SECP256R1, "EC", "P-256", 65},
    {GROUP_SECP384R1, "EC", "P-384", 97},      {GROUP_FFDHE2048, "DH", "ffdhe2048", 256},
    {GROUP_FFDHE3072, "DH", "ffdhe3072", 384}, {GROUP_FFDHE4096, "DH", "ffdhe4096", 512},
};

static const struct kx_group_info *kx_info(uint16_t group)
{
    for (size_t i = 0; i < sizeof kx_groups / sizeof kx_groups[0]; i++)
        if (kx_groups[i].group == group)
            return &kx_groups[i];
    return NULL;
}

bool kx_group_supported(uint16_t group)
{
    return kx_info(group) != NULL;
}

size_t kx_public_size(uint16_t group)
{
    const struct kx_group_info *g = kx_info(group);
    return g ? g->pub_size : 0;
}

/* Wraps a key pair (taking over evp) and caches its encoded public value. */
static int kx_wrap(const struct kx_group_info *g, EVP_PKEY *evp, kx_key **out)
{
    kx_key *k = calloc(1, sizeof *k);
    if (k == NULL) {
        EVP_PKEY_free(evp);
        return WARD_E_NOMEM;
    }
    k->group = g->group;
    k->evp = evp;
    /* X25519's encoded key is the raw 32 bytes; EC's is the uncompressed point,
     * which is the default point format; DH's is Y left-padded to the size of p. */
    if (EVP_PKEY_get_octet_string_param(evp, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, k->pub,
                                        sizeof k->pub, &k->pub_len) != 1 ||
        k->pub_len != g->pub_size) {
        kx_free(k);
        return crypto_fail(WARD_E_CRYPTO);
    }
    *out = k;
    return WARD_OK;
}

int kx_generate(uint16_t group, kx_key **out)
{
    ENSURE(out != NULL, WARD_E_INVALID_ARGUMENT);
    *out = NULL;
    const struct kx_group_info *g = kx_info(group);
    ENSURE(g != NULL, WARD_E_INVALID_ARGUMENT);
    EVP_PKEY *evp;
    TRY(crypto_keygen(g->key_type, g->curve, 0, &evp));
    return kx_wrap(g, evp, out);
}

int kx_from_private(uint16_t group, const uint8_t *priv, size_t len, kx_key **out)
{
    ENSURE(out != NULL, WARD_E_INVALID_ARGUMENT);
    *out = NULL;
    const struct kx_group_info *g = kx_info(group);
    ENSURE(g != NULL && g->curve == NULL && priv != NULL && len == g->pub_size,
           WARD_E_INVALID_ARGUMENT);
    TRY(crypto_init());
    EVP_PKEY *evp = EVP_PKEY_new_raw_private_key_ex(NULL, g->key_type, NULL, priv, len);
    if (evp == NULL)
        return crypto_fail(WARD_E_CRYPTO);
    return kx_wrap(g, evp, out);
}

void kx_free(kx_key *k)
{
    if (k == NULL)
        return;
    EVP_PKEY_free(k->evp); /* cleanses the private scalar */
    mem_free_secret(k, sizeof *k);
}

uint16_t kx_group(const kx_key *k)
{
    return k ? k->group : 0;
}

int kx_public(const kx_key *k, uint8_t *out, size_t cap, size_t *len)
{
    ENSURE(k != NULL && out != NULL && len != NULL, WARD_E_INVALID_ARGUMENT);
    ENSURE(cap >= k->pub_len, WARD_E_INVALID_ARGUMENT);
    memcpy(out, k->pub, k->pub_len);
    *len = k->pub_len;
    return WARD_OK;
}

/* Builds the peer's public key from its key_share bytes. Only the exact encoding
 * TLS 1.3 allows is accepted (RFC 8446 4.2.8.2: uncompressed points only). */
static int kx_peer_key(const struct kx_group_info *g, const uint8_t *peer, size_t peer_len,
                       EVP_PKEY **out)
{
    *out = NULL;
    ENSURE(peer != NULL && peer_len == g->pub_size, WARD_E_BAD_KEY_SHARE);
    if (kx_group_is_ffdhe(g->group))
        return ffdhe_peer_key(g->group, peer, peer_len, out);
    if (g->curve == NULL) {
        *out = EVP_PKEY_new_raw_public_key_ex(NULL, g->key_type, NULL, peer, peer_len);
        return *out ? WARD_OK : crypto_fail(WARD_E_BAD_KEY_SHARE);
    }
    ENSURE(peer[0] == 0x04, WARD_E_BAD_KEY_SHARE);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, g->key_type, NULL);
    if (ctx == NULL)
        return crypto_fail(WARD_E_CRYPTO);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)g->curve, 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)peer, peer_len),
        OSSL_PARAM_construct_end(),
    };
    /* Decoding the point checks it lies on the curve. */
    int ok = EVP_PKEY_fromdata_init(ctx) == 1 &&
             EVP_PKEY_fromdata(ctx, out, EVP_PKEY_PUBLIC_KEY, params) == 1;
    EVP_PKEY_CTX_free(ctx);
    return ok ? WARD_OK : crypto_fail(WARD_E_BAD_KEY_SHARE);
}

static bool all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

int kx_derive(const kx_key *k, const uint8_t *peer, size_t peer_len, uint8_t *out, size_t cap,
              size_t *len)
{
    ENSURE(k != NULL && out != NULL && len != NULL, WARD_E_INVALID_ARGUMENT);
    *len = 0;
    const struct kx_group_info *g = kx_info(k->group);
    ENSURE(g != NULL, WARD_E_INTERNAL);
    EVP_PKEY *peer_key;
    TRY(kx_peer_key(g, peer, peer_len, &peer_key));

    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->evp, NULL);
    size_t n = 0;
    int rc = WARD_OK;
    if (ctx == NULL || EVP_PKEY_derive_init(ctx) != 1)
        rc = WARD_E_CRYPTO;
    /* FFDHE: Z left-padded to the size of p, as TLS 1.3 uses it (RFC 8446
     * 7.4.1); TLS 1.2 strips the leading zeros itself (RFC 5246 8.1.2). */
    else if (kx_group_is_ffdhe(g->group) && EVP_PKEY_CTX_set_dh_pad(ctx, 1) != 1)
        rc = WARD_E_CRYPTO;
    /* validate_peer = 1: a full public-key check (on the curve, not the point at
     * infinity, in the right subgroup; FFDHE: Y^q = 1 mod p). */
    else if (EVP_PKEY_derive_set_peer_ex(ctx, peer_key, 1) != 1)
        rc = WARD_E_BAD_KEY_SHARE;
    else if (EVP_PKEY_derive(ctx, NULL, &n) != 1 || n > CRYPTO_MAX_SHARED)
        rc = WARD_E_CRYPTO;
    else if (n > cap)
        rc = WARD_E_INVALID_ARGUMENT;
    /* X25519: libcrypto refuses an all-zero result (a small-order peer point),
     * RFC 7748 6.1 / RFC 8446 7.4.2; that failure is the peer's fault. */
    else if (EVP_PKEY_derive(ctx, out, &n) != 1)
        rc = WARD_E_BAD_KEY_SHARE;
    else if (all_zero(out, n))
        rc = WARD_E_BAD_KEY_SHARE;
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(peer_key);
    if (rc != WARD_OK) {
        mem_wipe(out, cap);
        return crypto_fail(rc);
    }
    *len = n;
    return WARD_OK;
}
