/* cbc.c -- AES-CBC and HMAC keyed once per direction, for the TLS 1.2 CBC suites
 * (RFC 5246 6.2.3.2, RFC 7366). The record layer frames, pads and checks; here
 * are only the cipher without padding and the record MAC (record_mac.c). */
#include "crypto/internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "crypto/record_mac.h"

/* IVs drawn per crypto_random call: one call costs about as much for 512
 * bytes as for 16, and several times a small record's whole protection. */
#define CBC_IV_POOL 32

struct cbc_ctx {
    EVP_CIPHER_CTX *cipher;
    record_mac *mac;
    size_t mac_len;
    bool encrypt;
    size_t ivs_left; /* unused IVs at the end of ivs */
    uint8_t ivs[CBC_IV_POOL * CRYPTO_CBC_BLOCK];
};

size_t cbc_key_size(cbc_cipher c)
{
    switch (c) {
    case CBC_AES_128: return 16;
    case CBC_AES_256: return 32;
    default: return 0;
    }
}

size_t cbc_mac_size(hash_alg mac)
{
    switch (mac) {
    case HASH_SHA1: return 20;
    case HASH_SHA256: return 32;
    case HASH_SHA384: return 48;
    default: return 0;
    }
}

static const EVP_CIPHER *cbc_evp(const crypto_algs *a, cbc_cipher c)
{
    switch (c) {
    case CBC_AES_128: return a->aes_128_cbc;
    case CBC_AES_256: return a->aes_256_cbc;
    default: return NULL;
    }
}

/* The key schedule, no IV yet, and no padding: records carry their own. */
static bool cbc_cipher_init(cbc_ctx *x, const EVP_CIPHER *cipher, const uint8_t *key, bool encrypt)
{
    x->cipher = EVP_CIPHER_CTX_new();
    return x->cipher != NULL &&
           EVP_CipherInit_ex2(x->cipher, cipher, key, NULL, encrypt ? 1 : 0, NULL) == 1 &&
           EVP_CIPHER_CTX_set_padding(x->cipher, 0) == 1 &&
           EVP_CIPHER_CTX_get_iv_length(x->cipher) == CRYPTO_CBC_BLOCK &&
           EVP_CIPHER_CTX_get_block_size(x->cipher) == CRYPTO_CBC_BLOCK;
}

int cbc_new(cbc_cipher c, hash_alg mac, const uint8_t *mac_key, const uint8_t *enc_key,
            bool encrypt, cbc_ctx **out)
{
    ENSURE(out != NULL, WARD_E_INVALID_ARGUMENT);
    *out = NULL;
    ENSURE(mac_key != NULL && enc_key != NULL, WARD_E_INVALID_ARGUMENT);
    const crypto_algs *a = crypto_get();
    ENSURE(a != NULL, WARD_E_CRYPTO);
    const EVP_CIPHER *cipher = cbc_evp(a, c);
    size_t mac_len = cbc_mac_size(mac);
    ENSURE(cipher != NULL && mac_len != 0, WARD_E_INVALID_ARGUMENT);

    cbc_ctx *x = calloc(1, sizeof *x);
    ENSURE(x != NULL, WARD_E_NOMEM);
    x->mac_len = mac_len;
    x->encrypt = encrypt;
    int rc = record_mac_new(mac, mac_key, mac_len, &x->mac);
    if (rc == WARD_OK && !cbc_cipher_init(x, cipher, enc_key, encrypt))
        rc = crypto_fail(WARD_E_CRYPTO);
    if (rc != WARD_OK) {
        cbc_free(x);
        return rc;
    }
    *out = x;
    return WARD_OK;
}

void cbc_free(cbc_ctx *c)
{
    if (c == NULL)
        return;
    EVP_CIPHER_CTX_free(c->cipher); /* cleanses the key schedule */
    record_mac_free(c->mac);
    mem_free_secret(c, sizeof *c);
}

size_t cbc_ctx_mac_size(const cbc_ctx *c)
{
    return c != NULL ? c->mac_len : 0;
}

int cbc_next_iv(cbc_ctx *c, uint8_t iv[CRYPTO_CBC_BLOCK])
{
    ENSURE(c != NULL && iv != NULL && c->encrypt, WARD_E_INVALID_ARGUMENT);
    if (c->ivs_left == 0) {
        TRY(crypto_random(c->ivs, sizeof c->ivs));
        c->ivs_left = CBC_IV_POOL;
    }
    uint8_t *next = c->ivs + (CBC_IV_POOL - c->ivs_left) * CRYPTO_CBC_BLOCK;
    memcpy(iv, next, CRYPTO_CBC_BLOCK);
    mem_wipe(next, CRYPTO_CBC_BLOCK); /* each IV is handed out once */
    c->ivs_left--;
    return WARD_OK;
}

static int cbc_run(cbc_ctx *c, bool encrypt, const uint8_t *iv, const uint8_t *in, size_t len,
                   uint8_t *out)
{
    ENSURE(c != NULL && iv != NULL && (len == 0 || (in != NULL && out != NULL)),
           WARD_E_INVALID_ARGUMENT);
    ENSURE(c->encrypt == encrypt && len % CRYPTO_CBC_BLOCK == 0 && len <= INT_MAX,
           WARD_E_INVALID_ARGUMENT);
    if (len == 0)
        return WARD_OK;
    int outl = 0;
    /* enc = -1: a new IV on the same key schedule and direction. */
    if (EVP_CipherInit_ex2(c->cipher, NULL, NULL, iv, -1, NULL) != 1 ||
        EVP_CipherUpdate(c->cipher, out, &outl, in, (int)len) != 1 || (size_t)outl != len) {
        mem_wipe(out, len);
        return crypto_fail(WARD_E_CRYPTO);
    }
    return WARD_OK;
}

int cbc_encrypt(cbc_ctx *c, const uint8_t iv[CRYPTO_CBC_BLOCK], const uint8_t *in, size_t len,
                uint8_t *out)
{
    return cbc_run(c, true, iv, in, len, out);
}

int cbc_decrypt(cbc_ctx *c, const uint8_t iv[CRYPTO_CBC_BLOCK], const uint8_t *in, size_t len,
                uint8_t *out)
{
    return cbc_run(c, false, iv, in, len, out);
}

int cbc_mac(const cbc_ctx *c, const uint8_t *hdr, size_t hdr_len, const uint8_t *data, size_t len,
            uint8_t *out)
{
    ENSURE(c != NULL, WARD_E_INVALID_ARGUMENT);
    return record_mac_plain(c->mac, hdr, hdr_len, data, len, out);
}

int cbc_mac_ct(const cbc_ctx *c, const uint8_t *hdr, size_t hdr_len, const uint8_t *data, size_t n,
               size_t n_min, size_t n_max, uint8_t *out)
{
    ENSURE(c != NULL, WARD_E_INVALID_ARGUMENT);
    return record_mac_ct(c->mac, hdr, hdr_len, data, n, n_min, n_max, out);
}
