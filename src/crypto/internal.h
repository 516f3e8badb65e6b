/* internal.h -- what the files of src/crypto/ share: the algorithms fetched once
 * by crypto_init, helpers, and the layouts of pkey, cert_chain and trust_store.
 * Never included outside src/crypto/. */
#ifndef WARD_CRYPTO_INTERNAL_H
#define WARD_CRYPTO_INTERNAL_H

#include <stdatomic.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto/crypto.h"

/* Everything fetched once per process. Read-only after crypto_init, so shared by
 * every thread without locks. */
typedef struct crypto_algs {
    EVP_MD *sha256;
    EVP_MD *sha384;
    EVP_MD *sha512;
    EVP_CIPHER *aes_128_gcm;
    EVP_CIPHER *aes_256_gcm;
    EVP_CIPHER *chacha20_poly1305;
    EVP_CIPHER *aes_128_cbc; /* TLS 1.2 CBC suites (cbc.c) */
    EVP_CIPHER *aes_256_cbc;
    EVP_MAC *hmac;
    /* HMAC contexts with the digest already set; duplicated per use so that no
     * call looks the digest up by name again. */
    EVP_MAC_CTX *hmac_sha256;
    EVP_MAC_CTX *hmac_sha384;
} crypto_algs;

/* The fetched algorithms, running crypto_init first if needed; NULL when it
 * failed. */
const crypto_algs *crypto_get(void);

/* The fetched EVP_MD for a hash_alg, or NULL (also when init failed). */
const EVP_MD *crypto_md(hash_alg alg);

/* A fresh HMAC context for alg keyed with key (duplicated from the cached
 * template), or NULL. Shared by crypto_hmac and HKDF. */
EVP_MAC_CTX *crypto_hmac_new(hash_alg alg, const uint8_t *key, size_t key_len);

/* Drops whatever libcrypto queued on this thread's error stack and returns err.
 * Used on every failure path so a stale error never leaks into a later call. */
int crypto_fail(int err);

/* A fresh key pair: alg is a libcrypto key type ("EC", "X25519", "ED25519",
 * "RSA"); group names the curve for "EC"; rsa_bits is used for "RSA". */
MUST_CHECK int crypto_keygen(const char *alg, const char *group, unsigned rsa_bits, EVP_PKEY **out);

struct pkey {
    EVP_PKEY *evp;
    key_type type;
    atomic_int refs;
};

/* Wraps an EVP_PKEY (taking over the caller's reference). */
MUST_CHECK int pkey_wrap(EVP_PKEY *evp, pkey **out);

/* Computes a certificate's cached extension data now, so that threads sharing it
 * later only read. false when its extensions are malformed. */
bool crypto_x509_warm(X509 *x);
/* Parses one DER certificate (refusing trailing bytes) and warms it. */
X509 *crypto_x509_parse(const uint8_t *der, size_t len);
/* The same through the cache (c may be NULL): a new reference either way. */
X509 *x509_cache_parse(x509_cache *c, const uint8_t *der, size_t len);

/* Every CERTIFICATE block of pem, or NULL when there is none or one is damaged.
 * Shared by cert chains and trust stores. */
STACK_OF(X509) * crypto_read_pem_certs(const char *pem, size_t len);

/* A parsed chain, leaf first: the DER exactly as received plus the X509 made
 * from it. */
struct cert_chain {
    size_t n;
    X509 **x509;
    uint8_t **der;
    size_t *der_len;
};

struct trust_store {
    X509_STORE *store;
};

#endif
