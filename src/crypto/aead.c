/* aead.c -- AES-GCM and ChaCha20-Poly1305 with one keyed context per direction.
 *
 * The key schedule is computed once in aead_new; each record only sets the
 * nonce, so the record path does no lookups and no allocation. */
#include "crypto/internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

struct aead_ctx {
    EVP_CIPHER_CTX *cipher;
    aead_alg alg;
    bool encrypt;
};

size_t aead_key_size(aead_alg alg)
{
    switch (alg) {
    case AEAD_AES_128_GCM: return 16;
    case AEAD_AES_256_GCM: return 32;
    case AEAD_CHACHA20_POLY1305: return 32;
    default: return 0;
    }
}

static const EVP_CIPHER *aead_cipher(const crypto_algs *a, aead_alg alg)
{
    switch (alg) {
    case AEAD_AES_128_GCM: return a->aes_128_gcm;
    case AEAD_AES_256_GCM: return a->aes_256_gcm;
    case AEAD_CHACHA20_POLY1305: return a->chacha20_poly1305;
    default: return NULL;
    }
}

int aead_new(aead_alg alg, const uint8_t *key, bool encrypt, aead_ctx **out)
{
    ENSURE(out != NULL, WARD_E_INVALID_ARGUMENT);
    *out = NULL;
    ENSURE(key != NULL, WARD_E_INVALID_ARGUMENT);
    const crypto_algs *a = crypto_get();
    ENSURE(a != NULL, WARD_E_CRYPTO);
    const EVP_CIPHER *cipher = aead_cipher(a, alg);
    ENSURE(cipher != NULL, WARD_E_INVALID_ARGUMENT);

    aead_ctx *c = calloc(1, sizeof *c);
    ENSURE(c != NULL, WARD_E_NOMEM);
    c->alg = alg;
    c->encrypt = encrypt;
    c->cipher = EVP_CIPHER_CTX_new();
    /* Every AEAD here defaults to a 96-bit nonce and 128-bit tag (RFC 8446 5.3). */
    if (c->cipher == NULL ||
        EVP_CipherInit_ex2(c->cipher, cipher, key, NULL, encrypt ? 1 : 0, NULL) != 1 ||
        EVP_CIPHER_CTX_get_iv_length(c->cipher) != CRYPTO_AEAD_IV) {
        aead_free(c);
        return crypto_fail(WARD_E_CRYPTO);
    }
    *out = c;
    return WARD_OK;
}

void aead_free(aead_ctx *a)
{
    if (a == NULL)
        return;
    /* Frees the provider context, which cleanses the key schedule. */
    EVP_CIPHER_CTX_free(a->cipher);
    mem_free_secret(a, sizeof *a);
}

/* Sets the nonce (enc = -1 keeps the direction) and feeds the AAD. */
static bool aead_start(aead_ctx *a, const uint8_t *nonce, const uint8_t *aad, size_t aad_len)
{
    int outl = 0;
    if (EVP_CipherInit_ex2(a->cipher, NULL, NULL, nonce, -1, NULL) != 1)
        return false;
    return aad_len == 0 || EVP_CipherUpdate(a->cipher, NULL, &outl, aad, (int)aad_len) == 1;
}

static bool aead_args_ok(const aead_ctx *a, const uint8_t *nonce, const uint8_t *aad,
                         size_t aad_len, const uint8_t *in, size_t in_len, const uint8_t *out)
{
    return a != NULL && nonce != NULL && (aad != NULL || aad_len == 0) &&
           (in != NULL || in_len == 0) && out != NULL && aad_len <= INT_MAX &&
           in_len <= INT_MAX - CRYPTO_AEAD_TAG;
}

int aead_seal(aead_ctx *a, const uint8_t nonce[CRYPTO_AEAD_IV], const uint8_t *aad, size_t aad_len,
              const uint8_t *in, size_t in_len, uint8_t *out)
{
    return aead_seal_tail(a, nonce, aad, aad_len, in, in_len, NULL, 0, out);
}

int aead_seal_tail(aead_ctx *a, const uint8_t nonce[CRYPTO_AEAD_IV], const uint8_t *aad,
                   size_t aad_len, const uint8_t *in, size_t in_len, const uint8_t *tail,
                   size_t tail_len, uint8_t *out)
{
    ENSURE(aead_args_ok(a, nonce, aad, aad_len, in, in_len, out), WARD_E_INVALID_ARGUMENT);
    ENSURE((tail != NULL || tail_len == 0) && tail_len <= INT_MAX - CRYPTO_AEAD_TAG - in_len,
           WARD_E_INVALID_ARGUMENT);
    ENSURE(a->encrypt, WARD_E_INVALID_ARGUMENT);
    size_t total = in_len + tail_len;
    int len = 0, len2 = 0, fin = 0;
    bool ok =
        aead_start(a, nonce, aad, aad_len) &&
        (in_len == 0 || EVP_CipherUpdate(a->cipher, out, &len, in, (int)in_len) == 1) &&
        (tail_len == 0 ||
         EVP_CipherUpdate(a->cipher, out + in_len, &len2, tail, (int)tail_len) == 1) &&
        (size_t)len + (size_t)len2 == total &&
        EVP_CipherFinal_ex(a->cipher, out + total, &fin) == 1 && fin == 0 &&
        EVP_CIPHER_CTX_ctrl(a->cipher, EVP_CTRL_AEAD_GET_TAG, CRYPTO_AEAD_TAG, out + total) == 1;
    if (!ok) {
        mem_wipe(out, total + CRYPTO_AEAD_TAG);
        return crypto_fail(WARD_E_CRYPTO);
    }
    return WARD_OK;
}

int aead_open(aead_ctx *a, const uint8_t nonce[CRYPTO_AEAD_IV], const uint8_t *aad, size_t aad_len,
              const uint8_t *in, size_t in_len, uint8_t *out)
{
    ENSURE(aead_args_ok(a, nonce, aad, aad_len, in, in_len, out), WARD_E_INVALID_ARGUMENT);
    ENSURE(!a->encrypt, WARD_E_INVALID_ARGUMENT);
    ENSURE(in_len >= CRYPTO_AEAD_TAG, WARD_E_BAD_RECORD_MAC);
    size_t ct_len = in_len - CRYPTO_AEAD_TAG;
    /* Copied first: with in == out the tag would sit just past the plaintext,
     * and the ctrl wants a writable pointer. */
    uint8_t tag[CRYPTO_AEAD_TAG];
    memcpy(tag, in + ct_len, sizeof tag);
    if (!aead_start(a, nonce, aad, aad_len) ||
        EVP_CIPHER_CTX_ctrl(a->cipher, EVP_CTRL_AEAD_SET_TAG, CRYPTO_AEAD_TAG, tag) != 1)
        return crypto_fail(WARD_E_CRYPTO);
    int len = 0, fin = 0;
    if (ct_len != 0 &&
        (EVP_CipherUpdate(a->cipher, out, &len, in, (int)ct_len) != 1 || (size_t)len != ct_len)) {
        mem_wipe(out, ct_len);
        return crypto_fail(WARD_E_CRYPTO);
    }
    /* The tag is checked here; until then out holds unauthenticated plaintext,
     * which must never reach the caller. */
    if (EVP_CipherFinal_ex(a->cipher, out + ct_len, &fin) != 1 || fin != 0) {
        mem_wipe(out, ct_len);
        return crypto_fail(WARD_E_BAD_RECORD_MAC);
    }
    return WARD_OK;
}
