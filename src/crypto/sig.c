/* sig.c -- TLS signature schemes: RSA-PSS (rsae), RSA PKCS#1 v1.5, ECDSA, Ed25519. */
#include "crypto/internal.h"

#include <openssl/core_names.h>

#include "base/mem.h"

enum sig_pad { PAD_NONE, PAD_PKCS1, PAD_PSS };

struct sig_info {
    uint16_t scheme;
    key_type key;
    int md_bits; /* 0: the scheme hashes internally (Ed25519) */
    enum sig_pad pad;
};

static const struct sig_info sig_table[] = {
    {SIG_RSA_PSS_RSAE_SHA256, KEY_RSA, 256, PAD_PSS},
    {SIG_RSA_PSS_RSAE_SHA384, KEY_RSA, 384, PAD_PSS},
    {SIG_RSA_PSS_RSAE_SHA512, KEY_RSA, 512, PAD_PSS},
    {SIG_RSA_PKCS1_SHA256, KEY_RSA, 256, PAD_PKCS1},
    {SIG_RSA_PKCS1_SHA384, KEY_RSA, 384, PAD_PKCS1},
    {SIG_RSA_PKCS1_SHA512, KEY_RSA, 512, PAD_PKCS1},
    /* RFC 8446 4.2.3: in TLS 1.3 the ECDSA curve is fixed by the scheme. */
    {SIG_ECDSA_SECP256R1_SHA256, KEY_EC_P256, 256, PAD_NONE},
    {SIG_ECDSA_SECP384R1_SHA384, KEY_EC_P384, 384, PAD_NONE},
    {SIG_ED25519, KEY_ED25519, 0, PAD_NONE},
};

static const struct sig_info *sig_find(uint16_t scheme)
{
    for (size_t i = 0; i < sizeof sig_table / sizeof sig_table[0]; i++)
        if (sig_table[i].scheme == scheme)
            return &sig_table[i];
    return NULL;
}

bool sig_scheme_fits_key(uint16_t scheme, const pkey *k)
{
    const struct sig_info *s = sig_find(scheme);
    return s != NULL && k != NULL && s->key == k->type;
}

static const EVP_MD *sig_md(const crypto_algs *a, int bits)
{
    switch (bits) {
    case 256: return a->sha256;
    case 384: return a->sha384;
    case 512: return a->sha512;
    default: return NULL;
    }
}

/* Starts a one-shot sign or verify: the digest by its fetched name and, for RSA,
 * the padding. RFC 8446 4.2.3: PSS salt length equals the digest length and MGF1
 * uses the same digest. */
static bool sig_start(EVP_MD_CTX *mctx, const struct sig_info *s, const pkey *k, bool sign)
{
    const crypto_algs *a = crypto_get();
    if (a == NULL)
        return false;
    const EVP_MD *md = sig_md(a, s->md_bits);
    const char *md_name = md ? EVP_MD_get0_name(md) : NULL;
    OSSL_PARAM pss[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_PAD_MODE,
                                         (char *)OSSL_PKEY_RSA_PAD_MODE_PSS, 0),
        OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_MGF1_DIGEST, (char *)md_name, 0),
        OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_PSS_SALTLEN,
                                         (char *)OSSL_PKEY_RSA_PSS_SALT_LEN_DIGEST, 0),
        OSSL_PARAM_construct_end(),
    };
    OSSL_PARAM pkcs1[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_PAD_MODE,
                                         (char *)OSSL_PKEY_RSA_PAD_MODE_PKCSV15, 0),
        OSSL_PARAM_construct_end(),
    };
    const OSSL_PARAM *params = s->pad == PAD_PSS ? pss : s->pad == PAD_PKCS1 ? pkcs1 : NULL;
    EVP_PKEY_CTX *pctx = NULL;
    int ok = sign ? EVP_DigestSignInit_ex(mctx, &pctx, md_name, NULL, NULL, k->evp, NULL)
                  : EVP_DigestVerifyInit_ex(mctx, &pctx, md_name, NULL, NULL, k->evp, NULL);
    return ok == 1 && (params == NULL || EVP_PKEY_CTX_set_params(pctx, params) == 1);
}

int sig_sign(const pkey *k, uint16_t scheme, const uint8_t *msg, size_t msg_len, uint8_t *sig,
             size_t cap, size_t *sig_len)
{
    ENSURE(k != NULL && sig != NULL && sig_len != NULL && (msg != NULL || msg_len == 0),
           WARD_E_INVALID_ARGUMENT);
    *sig_len = 0;
    const struct sig_info *s = sig_find(scheme);
    ENSURE(s != NULL && s->key == k->type, WARD_E_INVALID_ARGUMENT);
    int max = EVP_PKEY_get_size(k->evp);
    ENSURE(max > 0 && (size_t)max <= cap, WARD_E_INVALID_ARGUMENT);

    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    size_t n = cap;
    int ok = mctx != NULL && sig_start(mctx, s, k, true) &&
             EVP_DigestSign(mctx, sig, &n, msg, msg_len) == 1;
    EVP_MD_CTX_free(mctx);
    if (!ok) {
        mem_wipe(sig, cap);
        return crypto_fail(WARD_E_CRYPTO);
    }
    *sig_len = n;
    return WARD_OK;
}

int sig_verify(const pkey *k, uint16_t scheme, const uint8_t *msg, size_t msg_len,
               const uint8_t *sig, size_t sig_len)
{
    ENSURE(k != NULL && (msg != NULL || msg_len == 0), WARD_E_INVALID_ARGUMENT);
    const struct sig_info *s = sig_find(scheme);
    /* The peer named a scheme its key cannot have made. */
    ENSURE(s != NULL && s->key == k->type, WARD_E_ILLEGAL_PARAMETER);
    ENSURE(sig != NULL && sig_len > 0, WARD_E_BAD_SIGNATURE);

    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    if (mctx == NULL || !sig_start(mctx, s, k, false)) {
        EVP_MD_CTX_free(mctx);
        return crypto_fail(WARD_E_CRYPTO);
    }
    /* 0 is a bad signature, < 0 a malformed one: both are the peer's fault. */
    int ok = EVP_DigestVerify(mctx, sig, sig_len, msg, msg_len);
    EVP_MD_CTX_free(mctx);
    return ok == 1 ? WARD_OK : crypto_fail(WARD_E_BAD_SIGNATURE);
}
