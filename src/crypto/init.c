/* init.c -- fetches every algorithm once per process, and randomness.
 *
 * OpenSSL 3's implicit lookups (EVP_sha256(), fetching by name at each use) take
 * locks and walk the provider store. ward fetches each algorithm here, once, and
 * every other file uses only these cached objects. */
#include "crypto/internal.h"

#include <pthread.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/rand.h>

static crypto_algs algs;
static int init_result = WARD_E_CRYPTO;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static EVP_MAC_CTX *hmac_template(EVP_MAC *hmac, const EVP_MD *md)
{
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(hmac);
    if (ctx == NULL)
        return NULL;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)EVP_MD_get0_name(md), 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_MAC_CTX_set_params(ctx, params) != 1) {
        EVP_MAC_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

static bool init_fetch(void)
{
    algs.sha256 = EVP_MD_fetch(NULL, "SHA2-256", NULL);
    algs.sha384 = EVP_MD_fetch(NULL, "SHA2-384", NULL);
    algs.sha512 = EVP_MD_fetch(NULL, "SHA2-512", NULL);
    algs.aes_128_gcm = EVP_CIPHER_fetch(NULL, "AES-128-GCM", NULL);
    algs.aes_256_gcm = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
    algs.chacha20_poly1305 = EVP_CIPHER_fetch(NULL, "ChaCha20-Poly1305", NULL);
    algs.aes_128_cbc = EVP_CIPHER_fetch(NULL, "AES-128-CBC", NULL);
    algs.aes_256_cbc = EVP_CIPHER_fetch(NULL, "AES-256-CBC", NULL);
    algs.hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (algs.sha256 == NULL || algs.sha384 == NULL || algs.sha512 == NULL ||
        algs.aes_128_gcm == NULL || algs.aes_256_gcm == NULL || algs.chacha20_poly1305 == NULL ||
        algs.aes_128_cbc == NULL || algs.aes_256_cbc == NULL || algs.hmac == NULL)
        return false;
    algs.hmac_sha256 = hmac_template(algs.hmac, algs.sha256);
    algs.hmac_sha384 = hmac_template(algs.hmac, algs.sha384);
    return algs.hmac_sha256 != NULL && algs.hmac_sha384 != NULL;
}

static void init_run(void)
{
    /* The objects live for the whole process; on failure they are kept as they
     * are (NULL or not) and every later call reports WARD_E_CRYPTO. */
    init_result = init_fetch() ? WARD_OK : crypto_fail(WARD_E_CRYPTO);
}

int crypto_init(void)
{
    if (pthread_once(&init_once, init_run) != 0)
        return WARD_E_INTERNAL;
    return init_result;
}

const crypto_algs *crypto_get(void)
{
    return crypto_init() == WARD_OK ? &algs : NULL;
}

const EVP_MD *crypto_md(hash_alg alg)
{
    const crypto_algs *a = crypto_get();
    if (a == NULL)
        return NULL;
    switch (alg) {
    case HASH_SHA256: return a->sha256;
    case HASH_SHA384: return a->sha384;
    default: return NULL;
    }
}

int crypto_fail(int err)
{
    ERR_clear_error();
    return err;
}

int crypto_random(void *out, size_t n)
{
    TRY(crypto_init());
    if (n == 0)
        return WARD_OK;
    ENSURE(out != NULL, WARD_E_INVALID_ARGUMENT);
    if (RAND_bytes_ex(NULL, out, n, 0) != 1)
        return crypto_fail(WARD_E_CRYPTO);
    return WARD_OK;
}

int crypto_keygen(const char *alg, const char *group, unsigned rsa_bits, EVP_PKEY **out)
{
    *out = NULL;
    TRY(crypto_init());
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, alg, NULL);
    if (ctx == NULL)
        return crypto_fail(WARD_E_CRYPTO);
    OSSL_PARAM params[2] = {OSSL_PARAM_construct_end(), OSSL_PARAM_construct_end()};
    if (group != NULL)
        params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0);
    else if (rsa_bits != 0)
        params[0] = OSSL_PARAM_construct_uint(OSSL_PKEY_PARAM_RSA_BITS, &rsa_bits);
    int ok = EVP_PKEY_keygen_init(ctx) == 1 && EVP_PKEY_CTX_set_params(ctx, params) == 1 &&
             EVP_PKEY_generate(ctx, out) == 1;
    EVP_PKEY_CTX_free(ctx);
    if (!ok) {
        EVP_PKEY_free(*out);
        *out = NULL;
        return crypto_fail(WARD_E_CRYPTO);
    }
    return WARD_OK;
}
