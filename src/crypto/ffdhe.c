/* ffdhe.c -- the RFC 7919 finite-field Diffie-Hellman groups ffdhe2048,
 * ffdhe3072 and ffdhe4096: their parameters (taken from libcrypto's named
 * groups, never typed in here), recognising them in a ServerDHParams, and the
 * peer's public value. */
#include "crypto/ffdhe.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include "crypto/internal.h"

static const struct {
    uint16_t group;
    const char *name;
} ffdhe_groups[] = {
    {GROUP_FFDHE2048, "ffdhe2048"},
    {GROUP_FFDHE3072, "ffdhe3072"},
    {GROUP_FFDHE4096, "ffdhe4096"},
};

const char *ffdhe_name(uint16_t group)
{
    for (size_t i = 0; i < sizeof ffdhe_groups / sizeof ffdhe_groups[0]; i++)
        if (ffdhe_groups[i].group == group)
            return ffdhe_groups[i].name;
    return NULL;
}

bool kx_group_is_ffdhe(uint16_t group)
{
    /* RFC 7919 2: the range 256..511 is finite-field groups. */
    return group >= 0x0100 && group <= 0x01ff;
}

/* A parameters-only key for the named group. */
static int ffdhe_params_key(uint16_t group, EVP_PKEY **out)
{
    *out = NULL;
    const char *name = ffdhe_name(group);
    ENSURE(name != NULL, WARD_E_INVALID_ARGUMENT);
    TRY(crypto_init());
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
    if (ctx == NULL)
        return crypto_fail(WARD_E_CRYPTO);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)name, 0),
        OSSL_PARAM_construct_end(),
    };
    int ok = EVP_PKEY_fromdata_init(ctx) == 1 &&
             EVP_PKEY_fromdata(ctx, out, EVP_PKEY_KEY_PARAMETERS, params) == 1;
    EVP_PKEY_CTX_free(ctx);
    return ok ? WARD_OK : crypto_fail(WARD_E_CRYPTO);
}

/* Writes bn big-endian without leading zeros. */
static int bn_out(const BIGNUM *bn, uint8_t *out, size_t cap, size_t *len)
{
    size_t n = (size_t)BN_num_bytes(bn);
    ENSURE(n > 0 && n <= cap, WARD_E_INVALID_ARGUMENT);
    *len = (size_t)BN_bn2bin(bn, out);
    return *len == n ? WARD_OK : WARD_E_CRYPTO;
}

int kx_ffdhe_params(uint16_t group, uint8_t *p, size_t p_cap, size_t *p_len, uint8_t *g,
                    size_t g_cap, size_t *g_len)
{
    ENSURE(p && p_len && g && g_len, WARD_E_INVALID_ARGUMENT);
    EVP_PKEY *params;
    TRY(ffdhe_params_key(group, &params));
    BIGNUM *bp = NULL, *bg = NULL;
    int rc = WARD_E_CRYPTO;
    if (EVP_PKEY_get_bn_param(params, OSSL_PKEY_PARAM_FFC_P, &bp) == 1 &&
        EVP_PKEY_get_bn_param(params, OSSL_PKEY_PARAM_FFC_G, &bg) == 1) {
        rc = bn_out(bp, p, p_cap, p_len);
        if (rc == WARD_OK)
            rc = bn_out(bg, g, g_cap, g_len);
    }
    BN_free(bp);
    BN_free(bg);
    EVP_PKEY_free(params);
    return rc == WARD_OK ? WARD_OK : crypto_fail(rc);
}

/* Skips leading zero bytes of a big-endian number. */
static void strip_zeros(const uint8_t **v, size_t *n)
{
    while (*n > 0 && **v == 0) {
        (*v)++;
        (*n)--;
    }
}

uint16_t kx_ffdhe_group_of(const uint8_t *p, size_t p_len, const uint8_t *g, size_t g_len)
{
    if (p == NULL || g == NULL)
        return 0;
    strip_zeros(&p, &p_len);
    strip_zeros(&g, &g_len);
    for (size_t i = 0; i < sizeof ffdhe_groups / sizeof ffdhe_groups[0]; i++) {
        uint8_t gp[CRYPTO_MAX_PUB], gg[CRYPTO_MAX_PUB];
        size_t gp_len, gg_len;
        if (kx_ffdhe_params(ffdhe_groups[i].group, gp, sizeof gp, &gp_len, gg, sizeof gg,
                            &gg_len) != WARD_OK)
            return 0;
        /* Public values: an ordinary comparison is fine. */
        if (gp_len == p_len && gg_len == g_len && memcmp(gp, p, p_len) == 0 &&
            memcmp(gg, g, g_len) == 0)
            return ffdhe_groups[i].group;
    }
    return 0;
}

/* RFC 7919 5.1: the peer's value must satisfy 1 < Y < p - 1. */
static bool ffdhe_in_range(const EVP_PKEY *params, const BIGNUM *y)
{
    BIGNUM *p = NULL, *p_minus_1 = BN_new();
    bool ok = p_minus_1 != NULL && EVP_PKEY_get_bn_param(params, OSSL_PKEY_PARAM_FFC_P, &p) == 1 &&
              BN_copy(p_minus_1, p) != NULL && BN_sub_word(p_minus_1, 1) == 1 &&
              BN_cmp(y, BN_value_one()) > 0 && BN_cmp(y, p_minus_1) < 0;
    BN_free(p);
    BN_free(p_minus_1);
    return ok;
}

static int ffdhe_fromdata(const char *name, const BIGNUM *y, EVP_PKEY **out)
{
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
    int ok = bld != NULL && ctx != NULL &&
             OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, name, 0) == 1 &&
             OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, y) == 1 &&
             (params = OSSL_PARAM_BLD_to_param(bld)) != NULL && EVP_PKEY_fromdata_init(ctx) == 1 &&
             EVP_PKEY_fromdata(ctx, out, EVP_PKEY_PUBLIC_KEY, params) == 1;
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    EVP_PKEY_CTX_free(ctx);
    return ok ? WARD_OK : crypto_fail(WARD_E_CRYPTO);
}

int ffdhe_peer_key(uint16_t group, const uint8_t *peer, size_t peer_len, EVP_PKEY **out)
{
    *out = NULL;
    EVP_PKEY *params;
    TRY(ffdhe_params_key(group, &params));
    int rc = WARD_E_BAD_KEY_SHARE;
    BIGNUM *y = NULL;
    if (peer != NULL && peer_len == (size_t)EVP_PKEY_get_size(params) &&
        (y = BN_bin2bn(peer, (int)peer_len, NULL)) != NULL && ffdhe_in_range(params, y))
        rc = ffdhe_fromdata(ffdhe_name(group), y, out);
    BN_free(y);
    EVP_PKEY_free(params);
    return rc == WARD_OK ? WARD_OK : crypto_fail(rc);
}
