/* rsa_kx.c -- the RSA key exchange of TLS 1.2 (RFC 5246 7.4.7.1): the client
 * encrypts the premaster secret with PKCS#1 v1.5 to the server's certificate
 * key; the server decrypts it without ever revealing whether the padding, the
 * length or the version was wrong (Bleichenbacher 1998, ROBOT 2017).
 *
 * The server side uses libcrypto's RSA_PKCS1_WITH_TLS_PADDING mode: the
 * provider checks the padding, the 48-byte length and the client_version in
 * constant time and returns either the real premaster secret or one it drew at
 * random, with the same success either way. Only failures that depend on
 * public data alone (a ciphertext of the wrong size, a value not below the
 * modulus) can make the call fail; those also continue with a random secret. */
#include "crypto/internal.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/rsa.h>

#include "base/mem.h"

static size_t rsa_size(const pkey *k)
{
    int n = EVP_PKEY_get_size(k->evp);
    return n > 0 ? (size_t)n : 0;
}

static int rsa_crypt(const pkey *k, int padding, const uint8_t *in, size_t in_len, uint8_t *out,
                     size_t cap, size_t *out_len)
{
    ENSURE(k != NULL && k->type == KEY_RSA && in != NULL && out != NULL && out_len != NULL,
           WARD_E_INVALID_ARGUMENT);
    size_t n = rsa_size(k);
    ENSURE(n > 0 && cap >= n, WARD_E_INVALID_ARGUMENT);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->evp, NULL);
    *out_len = cap;
    int ok = ctx != NULL && EVP_PKEY_encrypt_init(ctx) == 1 &&
             EVP_PKEY_CTX_set_rsa_padding(ctx, padding) == 1 &&
             EVP_PKEY_encrypt(ctx, out, out_len, in, in_len) == 1 && *out_len == n;
    EVP_PKEY_CTX_free(ctx);
    if (!ok) {
        *out_len = 0;
        return crypto_fail(WARD_E_CRYPTO);
    }
    return WARD_OK;
}

int rsa_kx_encrypt(const pkey *server_key, const uint8_t pms[RSA_KX_PMS_LEN], uint8_t *out,
                   size_t cap, size_t *len)
{
    ENSURE(pms != NULL, WARD_E_INVALID_ARGUMENT);
    return rsa_crypt(server_key, RSA_PKCS1_PADDING, pms, RSA_KX_PMS_LEN, out, cap, len);
}

int rsa_kx_encrypt_raw(const pkey *k, const uint8_t *block, size_t len, uint8_t *out, size_t cap,
                       size_t *out_len)
{
    ENSURE(k != NULL && len == rsa_size(k), WARD_E_INVALID_ARGUMENT);
    return rsa_crypt(k, RSA_NO_PADDING, block, len, out, cap, out_len);
}

/* The provider's answer: 1 with 48 bytes in out (the real secret or its own
 * random one), 0 when the call failed for a public reason. */
static int rsa_tls_decrypt(const pkey *k, uint16_t client_version, const uint8_t *ct, size_t ct_len,
                           uint8_t out[RSA_KX_PMS_LEN])
{
    unsigned int version = client_version;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_uint(OSSL_ASYM_CIPHER_PARAM_TLS_CLIENT_VERSION, &version),
        OSSL_PARAM_construct_end(),
    };
    size_t out_len = RSA_KX_PMS_LEN;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->evp, NULL);
    int ok = ctx != NULL && EVP_PKEY_decrypt_init(ctx) == 1 &&
             EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_WITH_TLS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_params(ctx, params) == 1 &&
             EVP_PKEY_decrypt(ctx, out, &out_len, ct, ct_len) == 1 && out_len == RSA_KX_PMS_LEN;
    EVP_PKEY_CTX_free(ctx);
    (void)crypto_fail(WARD_OK); /* leave no queued error behind either way */
    return ok;
}

int rsa_kx_decrypt(const pkey *key, uint16_t client_version, const uint8_t *ct, size_t ct_len,
                   uint8_t pms[RSA_KX_PMS_LEN])
{
    ENSURE(key != NULL && key->type == KEY_RSA && pms != NULL, WARD_E_INVALID_ARGUMENT);
    ENSURE(ct != NULL || ct_len == 0, WARD_E_INVALID_ARGUMENT);
    /* RFC 5246 7.4.7.1: "Generate a string R of 48 random bytes" first, and
     * use it when the padding or the length is wrong. The provider also treats
     * a wrong client_version that way; each ends at the Finished alike. */
    uint8_t fallback[RSA_KX_PMS_LEN], got[RSA_KX_PMS_LEN];
    TRY(crypto_random(fallback, sizeof fallback));
    memset(got, 0, sizeof got);
    /* The size is public: the ciphertext is exactly as long as the modulus. */
    unsigned ok = 0;
    if (ct_len == rsa_size(key))
        ok = (unsigned)rsa_tls_decrypt(key, client_version, ct, ct_len, got);
    /* Select without a branch on the result, as the provider does inside. */
    uint8_t mask = (uint8_t)(0u - (ok & 1u));
    for (size_t i = 0; i < RSA_KX_PMS_LEN; i++)
        pms[i] = (uint8_t)((got[i] & mask) | (fallback[i] & (uint8_t)~mask));
    mem_wipe(got, sizeof got);
    mem_wipe(fallback, sizeof fallback);
    return WARD_OK;
}
