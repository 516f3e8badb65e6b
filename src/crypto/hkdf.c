/* hkdf.c -- RFC 5869 HKDF on top of the cached HMAC templates.
 *
 * OpenSSL 3.0's EVP_KDF "HKDF" cannot duplicate a preset context, so using it
 * would look the digest up by name on every call; HKDF is two short loops of
 * HMAC, so it is written here over the fetched HMAC instead. */
#include "crypto/internal.h"

#include <string.h>

#include "base/mem.h"

int hkdf_extract(hash_alg alg, const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                 size_t ikm_len, uint8_t *out)
{
    size_t hlen = hash_size(alg);
    ENSURE(hlen != 0, WARD_E_INVALID_ARGUMENT);
    /* RFC 5869 2.2: if the salt is not provided, it is set to HashLen zeros. */
    static const uint8_t zeros[CRYPTO_MAX_HASH];
    if (salt == NULL) {
        salt = zeros;
        salt_len = hlen;
    }
    /* PRK = HMAC-Hash(salt, IKM) */
    return crypto_hmac(alg, salt, salt_len, ikm, ikm_len, out);
}

int hkdf_expand(hash_alg alg, const uint8_t *prk, size_t prk_len, const uint8_t *info,
                size_t info_len, uint8_t *out, size_t out_len)
{
    size_t hlen = hash_size(alg);
    ENSURE(hlen != 0 && prk != NULL && out != NULL, WARD_E_INVALID_ARGUMENT);
    ENSURE(info != NULL || info_len == 0, WARD_E_INVALID_ARGUMENT);
    /* RFC 5869 2.3: L <= 255*HashLen. */
    ENSURE(out_len <= 255 * hlen, WARD_E_INVALID_ARGUMENT);

    EVP_MAC_CTX *ctx = crypto_hmac_new(alg, prk, prk_len);
    if (ctx == NULL)
        return WARD_E_CRYPTO;
    /* T(i) = HMAC-Hash(PRK, T(i-1) | info | i), T(0) empty. */
    uint8_t t[CRYPTO_MAX_HASH];
    size_t t_len = 0, done = 0;
    int ok = 1;
    for (uint8_t i = 1; ok && done < out_len; i++) {
        size_t len = 0;
        /* A NULL key re-initialises with the key already set. */
        ok = (i == 1 || EVP_MAC_init(ctx, NULL, 0, NULL) == 1) &&
             EVP_MAC_update(ctx, t, t_len) == 1 && EVP_MAC_update(ctx, info, info_len) == 1 &&
             EVP_MAC_update(ctx, &i, 1) == 1 && EVP_MAC_final(ctx, t, &len, sizeof t) == 1 &&
             len == hlen;
        t_len = hlen;
        size_t n = out_len - done < hlen ? out_len - done : hlen;
        if (ok)
            memcpy(out + done, t, n);
        done += n;
    }
    mem_wipe(t, sizeof t);
    EVP_MAC_CTX_free(ctx);
    if (!ok) {
        mem_wipe(out, out_len);
        return crypto_fail(WARD_E_CRYPTO);
    }
    return WARD_OK;
}
