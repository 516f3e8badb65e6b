/* hash.c -- running hashes (the transcript) and HMAC. */
#include "crypto/internal.h"

#include <stdlib.h>

struct hash_ctx {
    EVP_MD_CTX *md;
    hash_alg alg;
};

size_t hash_size(hash_alg alg)
{
    /* HASH_SHA1 falls to 0 on purpose: it is a record MAC only (cbc_mac_size),
     * so hash_new, hash_oneshot, HMAC and HKDF all refuse it. */
    switch (alg) {
    case HASH_SHA256: return 32;
    case HASH_SHA384: return 48;
    default: return 0;
    }
}

hash_ctx *hash_new(hash_alg alg)
{
    const EVP_MD *md = crypto_md(alg);
    if (md == NULL)
        return NULL;
    hash_ctx *h = calloc(1, sizeof *h);
    if (h == NULL)
        return NULL;
    h->alg = alg;
    h->md = EVP_MD_CTX_new();
    if (h->md == NULL || EVP_DigestInit_ex2(h->md, md, NULL) != 1) {
        hash_free(h);
        crypto_fail(0);
        return NULL;
    }
    return h;
}

void hash_free(hash_ctx *h)
{
    if (h == NULL)
        return;
    EVP_MD_CTX_free(h->md); /* cleanses the digest state */
    free(h);
}

int hash_update(hash_ctx *h, const void *p, size_t n)
{
    ENSURE(h != NULL && (p != NULL || n == 0), WARD_E_INVALID_ARGUMENT);
    if (EVP_DigestUpdate(h->md, p, n) != 1)
        return crypto_fail(WARD_E_CRYPTO);
    return WARD_OK;
}

int hash_peek(const hash_ctx *h, uint8_t *out)
{
    ENSURE(h != NULL && out != NULL, WARD_E_INVALID_ARGUMENT);
    /* Finalising a copy leaves the running hash untouched. */
    EVP_MD_CTX *scratch = EVP_MD_CTX_new();
    unsigned int len = 0;
    int ok = scratch != NULL && EVP_MD_CTX_copy_ex(scratch, h->md) == 1 &&
             EVP_DigestFinal_ex(scratch, out, &len) == 1 && len == hash_size(h->alg);
    EVP_MD_CTX_free(scratch);
    return ok ? WARD_OK : crypto_fail(WARD_E_CRYPTO);
}

hash_ctx *hash_dup(const hash_ctx *h)
{
    if (h == NULL)
        return NULL;
    hash_ctx *d = calloc(1, sizeof *d);
    if (d == NULL)
        return NULL;
    d->alg = h->alg;
    d->md = EVP_MD_CTX_new();
    if (d->md == NULL || EVP_MD_CTX_copy_ex(d->md, h->md) != 1) {
        hash_free(d);
        crypto_fail(0);
        return NULL;
    }
    return d;
}

int hash_oneshot(hash_alg alg, const void *p, size_t n, uint8_t *out)
{
    const EVP_MD *md = crypto_md(alg);
    ENSURE(md != NULL, crypto_init() < 0 ? WARD_E_CRYPTO : WARD_E_INVALID_ARGUMENT);
    ENSURE(out != NULL && (p != NULL || n == 0), WARD_E_INVALID_ARGUMENT);
    unsigned int len = 0;
    if (EVP_Digest(p, n, out, &len, md, NULL) != 1 || len != hash_size(alg))
        return crypto_fail(WARD_E_CRYPTO);
    return WARD_OK;
}

/* A fresh HMAC context keyed with key, from the per-hash template. */
EVP_MAC_CTX *crypto_hmac_new(hash_alg alg, const uint8_t *key, size_t key_len)
{
    const crypto_algs *a = crypto_get();
    if (a == NULL)
        return NULL;
    const EVP_MAC_CTX *tmpl = alg == HASH_SHA256   ? a->hmac_sha256
                              : alg == HASH_SHA384 ? a->hmac_sha384
                                                   : NULL;
    if (tmpl == NULL)
        return NULL;
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(tmpl);
    /* HMAC allows an empty key; libcrypto wants a non-NULL pointer for it. */
    static const uint8_t empty[1];
    if (ctx == NULL || EVP_MAC_init(ctx, key_len ? key : empty, key_len, NULL) != 1) {
        EVP_MAC_CTX_free(ctx);
        crypto_fail(0);
        return NULL;
    }
    return ctx;
}

int crypto_hmac(hash_alg alg, const uint8_t *key, size_t key_len, const uint8_t *data,
                size_t data_len, uint8_t *out)
{
    ENSURE(hash_size(alg) != 0, WARD_E_INVALID_ARGUMENT);
    ENSURE((key != NULL || key_len == 0) && (data != NULL || data_len == 0) && out != NULL,
           WARD_E_INVALID_ARGUMENT);
    EVP_MAC_CTX *ctx = crypto_hmac_new(alg, key, key_len);
    if (ctx == NULL)
        return WARD_E_CRYPTO;
    size_t len = 0;
    int ok = EVP_MAC_update(ctx, data, data_len) == 1 &&
             EVP_MAC_final(ctx, out, &len, hash_size(alg)) == 1 && len == hash_size(alg);
    EVP_MAC_CTX_free(ctx); /* cleanses the keyed state */
    return ok ? WARD_OK : crypto_fail(WARD_E_CRYPTO);
}

/* ---- one HMAC key, several messages ---- */

struct hmac_ctx {
    EVP_MAC_CTX *mac;
    hash_alg alg;
    bool used; /* a message was done: the next one re-initialises */
};

int hmac_new(hash_alg alg, const uint8_t *key, size_t key_len, hmac_ctx **out)
{
    ENSURE(out && hash_size(alg) != 0 && (key != NULL || key_len == 0), WARD_E_INVALID_ARGUMENT);
    hmac_ctx *h = calloc(1, sizeof *h);
    if (h == NULL)
        return WARD_E_NOMEM;
    h->alg = alg;
    h->mac = crypto_hmac_new(alg, key, key_len);
    if (h->mac == NULL) {
        free(h);
        return WARD_E_CRYPTO;
    }
    *out = h;
    return WARD_OK;
}

int hmac_two(hmac_ctx *h, const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
             uint8_t *out)
{
    ENSURE(h && out && (a != NULL || a_len == 0) && (b != NULL || b_len == 0),
           WARD_E_INVALID_ARGUMENT);
    size_t len = 0, hl = hash_size(h->alg);
    /* A NULL key re-initialises with the key already set (the keyed inner and
     * outer states are kept), which is what makes reuse cheaper. */
    bool ok = (!h->used || EVP_MAC_init(h->mac, NULL, 0, NULL) == 1) &&
              EVP_MAC_update(h->mac, a, a_len) == 1 && EVP_MAC_update(h->mac, b, b_len) == 1 &&
              EVP_MAC_final(h->mac, out, &len, hl) == 1 && len == hl;
    h->used = true;
    return ok ? WARD_OK : crypto_fail(WARD_E_CRYPTO);
}

void hmac_free(hmac_ctx *h)
{
    if (h == NULL)
        return;
    EVP_MAC_CTX_free(h->mac); /* cleanses the keyed state */
    free(h);
}
