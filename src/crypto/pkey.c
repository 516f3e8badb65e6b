/* pkey.c -- reference-counted keys shared read-only by many connections. */
#include "crypto/internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/ec.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

/* Which curve an EC key is on; NIST and SEC names both occur in the wild. */
static key_type pkey_ec_type(const EVP_PKEY *evp)
{
    char name[64];
    size_t len = 0;
    if (EVP_PKEY_get_group_name(evp, name, sizeof name, &len) != 1)
        return 0; /* explicit curve parameters: not supported */
    int nid = OBJ_txt2nid(name);
    if (nid == NID_undef)
        nid = EC_curve_nist2nid(name);
    switch (nid) {
    case NID_X9_62_prime256v1: return KEY_EC_P256;
    case NID_secp384r1: return KEY_EC_P384;
    default: return 0;
    }
}

static key_type pkey_classify(const EVP_PKEY *evp)
{
    /* "RSA" excludes RSASSA-PSS-only keys (id-RSASSA-PSS), which ward does not use. */
    if (EVP_PKEY_is_a(evp, "RSA"))
        return KEY_RSA;
    if (EVP_PKEY_is_a(evp, "ED25519"))
        return KEY_ED25519;
    if (EVP_PKEY_is_a(evp, "EC"))
        return pkey_ec_type(evp);
    return 0;
}

int pkey_wrap(EVP_PKEY *evp, pkey **out)
{
    *out = NULL;
    pkey *k = calloc(1, sizeof *k);
    if (k == NULL) {
        EVP_PKEY_free(evp);
        return WARD_E_NOMEM;
    }
    k->evp = evp;
    k->type = pkey_classify(evp);
    atomic_init(&k->refs, 1);
    *out = k;
    return WARD_OK;
}

/* Encrypted keys are not supported; without this callback libcrypto would
 * prompt on the terminal for a pass phrase. */
static int pkey_no_password(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag, (void)u;
    return 0;
}

int pkey_from_pem(const char *pem, size_t len, pkey **out)
{
    ENSURE(out != NULL, WARD_E_INVALID_ARGUMENT);
    *out = NULL;
    ENSURE(pem != NULL && len > 0 && len <= INT_MAX, WARD_E_INVALID_ARGUMENT);
    TRY(crypto_init());
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    if (bio == NULL)
        return crypto_fail(WARD_E_NOMEM);
    EVP_PKEY *evp = PEM_read_bio_PrivateKey_ex(bio, NULL, pkey_no_password, NULL, NULL, NULL);
    BIO_free(bio);
    if (evp == NULL)
        return crypto_fail(WARD_E_CONFIG);
    if (pkey_classify(evp) == 0) {
        EVP_PKEY_free(evp);
        return WARD_E_CONFIG;
    }
    return pkey_wrap(evp, out);
}

pkey *pkey_ref(pkey *k)
{
    if (k != NULL)
        atomic_fetch_add_explicit(&k->refs, 1, memory_order_relaxed);
    return k;
}

void pkey_free(pkey *k)
{
    if (k == NULL)
        return;
    /* acq_rel: the last owner must see every other owner's use as finished. */
    if (atomic_fetch_sub_explicit(&k->refs, 1, memory_order_acq_rel) != 1)
        return;
    EVP_PKEY_free(k->evp); /* cleanses private key material */
    free(k);
}

key_type pkey_type(const pkey *k)
{
    return k ? k->type : 0;
}

size_t pkey_bits(const pkey *k)
{
    if (k == NULL)
        return 0;
    int bits = EVP_PKEY_get_bits(k->evp);
    return bits > 0 ? (size_t)bits : 0;
}
