/* x509.c -- certificate chains as received or configured, and their description
 * for the trace. Verification is in verify.c. */
#include "crypto/internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

static cert_chain *chain_new(size_t n)
{
    cert_chain *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    c->x509 = calloc(n, sizeof *c->x509);
    c->der = calloc(n, sizeof *c->der);
    c->der_len = calloc(n, sizeof *c->der_len);
    if (c->x509 == NULL || c->der == NULL || c->der_len == NULL) {
        cert_chain_free(c);
        return NULL;
    }
    c->n = n;
    return c;
}

void cert_chain_free(cert_chain *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++) {
        X509_free(c->x509 ? c->x509[i] : NULL);
        free(c->der ? c->der[i] : NULL);
    }
    free(c->x509);
    free(c->der);
    free(c->der_len);
    free(c);
}

/* libcrypto computes a certificate's extension cache (key identifiers, key
 * usage, ...) lazily on first use, and OpenSSL 3.0 races when two threads do that
 * at once. Doing it here, while the certificate has one owner, leaves later
 * verifications only reading. It fails for malformed extensions. */
bool crypto_x509_warm(X509 *x)
{
    return X509_check_purpose(x, -1, 0) == 1;
}

X509 *crypto_x509_parse(const uint8_t *der, size_t len)
{
    if (der == NULL || len == 0 || len > LONG_MAX)
        return NULL;
    const unsigned char *p = der;
    X509 *x = d2i_X509(NULL, &p, (long)len);
    if (x != NULL && (p != der + len || !crypto_x509_warm(x))) {
        X509_free(x);
        return NULL;
    }
    return x;
}

int cert_chain_from_der(const uint8_t *const *ders, const size_t *lens, size_t n, x509_cache *cache,
                        cert_chain **out)
{
    ENSURE(out != NULL, WARD_E_INVALID_ARGUMENT);
    *out = NULL;
    ENSURE(n > 0 && ders != NULL && lens != NULL, WARD_E_BAD_CERTIFICATE);
    TRY(crypto_init());
    cert_chain *c = chain_new(n);
    ENSURE(c != NULL, WARD_E_NOMEM);
    for (size_t i = 0; i < n; i++) {
        c->x509[i] = x509_cache_parse(cache, ders[i], lens[i]);
        if (c->x509[i] == NULL) {
            cert_chain_free(c);
            return crypto_fail(WARD_E_BAD_CERTIFICATE);
        }
        /* The bytes as received are kept, not a re-encoding. */
        c->der[i] = malloc(lens[i]);
        if (c->der[i] == NULL) {
            cert_chain_free(c);
            return WARD_E_NOMEM;
        }
        memcpy(c->der[i], ders[i], lens[i]);
        c->der_len[i] = lens[i];
    }
    *out = c;
    return WARD_OK;
}

/* Reads every CERTIFICATE block of pem (other blocks are skipped). NULL when
 * none, or when a block is damaged. */
STACK_OF(X509) * crypto_read_pem_certs(const char *pem, size_t len)
{
    if (pem == NULL || len == 0 || len > INT_MAX)
        return NULL;
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    STACK_OF(X509) *certs = sk_X509_new_null();
    if (bio == NULL || certs == NULL)
        goto fail;
    X509 *x;
    while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
        if (!crypto_x509_warm(x) || sk_X509_push(certs, x) <= 0) {
            X509_free(x);
            goto fail;
        }
    }
    /* The loop ends at the first failure: only "no more PEM blocks" is clean. */
    unsigned long err = ERR_peek_last_error();
    if (sk_X509_num(certs) == 0 || ERR_GET_LIB(err) != ERR_LIB_PEM ||
        ERR_GET_REASON(err) != PEM_R_NO_START_LINE)
        goto fail;
    ERR_clear_error();
    BIO_free(bio);
    return certs;
fail:
    sk_X509_pop_free(certs, X509_free);
    BIO_free(bio);
    crypto_fail(0);
    return NULL;
}

int cert_chain_from_pem(const char *pem, size_t len, cert_chain **out)
{
    ENSURE(out != NULL, WARD_E_INVALID_ARGUMENT);
    *out = NULL;
    TRY(crypto_init());
    STACK_OF(X509) *certs = crypto_read_pem_certs(pem, len);
    ENSURE(certs != NULL, WARD_E_BAD_CERTIFICATE);
    size_t n = (size_t)sk_X509_num(certs);
    cert_chain *c = chain_new(n);
    int rc = c ? WARD_OK : WARD_E_NOMEM;
    for (size_t i = 0; rc == WARD_OK && i < n; i++) {
        c->x509[i] = sk_X509_value(certs, (int)i);
        sk_X509_set(certs, (int)i, NULL); /* now owned by the chain */
        unsigned char *der = NULL;
        int der_len = i2d_X509(c->x509[i], &der);
        if (der_len <= 0) {
            rc = crypto_fail(WARD_E_BAD_CERTIFICATE);
            break;
        }
        /* Moved to a malloc'd copy so cert_chain_free has one way to free. */
        c->der[i] = malloc((size_t)der_len);
        if (c->der[i] != NULL)
            memcpy(c->der[i], der, (size_t)der_len);
        c->der_len[i] = (size_t)der_len;
        OPENSSL_free(der);
        if (c->der[i] == NULL)
            rc = WARD_E_NOMEM;
    }
    sk_X509_pop_free(certs, X509_free);
    if (rc != WARD_OK) {
        cert_chain_free(c);
        return rc;
    }
    *out = c;
    return WARD_OK;
}

size_t cert_chain_count(const cert_chain *c)
{
    return c ? c->n : 0;
}

const uint8_t *cert_chain_der(const cert_chain *c, size_t i, size_t *len)
{
    if (c == NULL || i >= c->n) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = c->der_len[i];
    return c->der[i];
}

int cert_chain_leaf_key(const cert_chain *c, pkey **out)
{
    ENSURE(out != NULL, WARD_E_INVALID_ARGUMENT);
    *out = NULL;
    ENSURE(c != NULL && c->n > 0, WARD_E_INVALID_ARGUMENT);
    EVP_PKEY *evp = X509_get0_pubkey(c->x509[0]);
    if (evp == NULL)
        return crypto_fail(WARD_E_BAD_CERTIFICATE);
    if (EVP_PKEY_up_ref(evp) != 1)
        return crypto_fail(WARD_E_CRYPTO);
    TRY(pkey_wrap(evp, out));
    if ((*out)->type == 0) {
        pkey_free(*out);
        *out = NULL;
        return WARD_E_UNSUPPORTED_CERT;
    }
    return WARD_OK;
}

bool cert_chain_matches_key(const cert_chain *c, const pkey *priv)
{
    if (c == NULL || c->n == 0 || priv == NULL)
        return false;
    const EVP_PKEY *pub = X509_get0_pubkey(c->x509[0]);
    bool eq = pub != NULL && EVP_PKEY_eq(pub, priv->evp) == 1;
    ERR_clear_error(); /* a type mismatch queues an error */
    return eq;
}

bool cert_chain_leaf_allows_encipherment(const cert_chain *c)
{
    if (c == NULL || c->n == 0)
        return false;
    /* Extensions were cached when the chain was made (crypto_x509_warm). */
    X509 *leaf = c->x509[0];
    if ((X509_get_extension_flags(leaf) & EXFLAG_KUSAGE) == 0)
        return true;
    return (X509_get_key_usage(leaf) & KU_KEY_ENCIPHERMENT) != 0;
}

/* Prints a name on one line: RFC 2253 escaping also escapes control and non-ASCII
 * bytes, so a hostile certificate cannot break the trace's lines. */
static bool name_to_string(const X509_NAME *name, char *out, size_t cap)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *data = NULL;
    bool ok = bio != NULL && X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253) >= 0;
    long n = ok ? BIO_get_mem_data(bio, &data) : 0;
    if (ok) {
        size_t len = n > 0 ? (size_t)n : 0;
        if (len >= cap)
            len = cap - 1;
        memcpy(out, data, len);
        out[len] = '\0';
    }
    BIO_free(bio);
    return ok;
}

int cert_describe(const uint8_t *der, size_t len, char *subject, size_t subject_cap, char *issuer,
                  size_t issuer_cap, char *sigalg, size_t sigalg_cap)
{
    ENSURE(subject != NULL && subject_cap > 0 && issuer != NULL && issuer_cap > 0 &&
               sigalg != NULL && sigalg_cap > 0 && sigalg_cap <= INT_MAX,
           WARD_E_INVALID_ARGUMENT);
    subject[0] = issuer[0] = sigalg[0] = '\0';
    TRY(crypto_init());
    X509 *x = crypto_x509_parse(der, len);
    if (x == NULL)
        return crypto_fail(WARD_E_BAD_CERTIFICATE);
    const X509_ALGOR *alg = NULL;
    const ASN1_OBJECT *oid = NULL;
    X509_get0_signature(NULL, &alg, x);
    if (alg != NULL)
        X509_ALGOR_get0(&oid, NULL, NULL, alg);
    /* Long name when known ("ecdsa-with-SHA256"), else the dotted OID. */
    bool ok = name_to_string(X509_get_subject_name(x), subject, subject_cap) &&
              name_to_string(X509_get_issuer_name(x), issuer, issuer_cap) && oid != NULL &&
              OBJ_obj2txt(sigalg, (int)sigalg_cap, oid, 0) > 0;
    X509_free(x);
    return ok ? WARD_OK : crypto_fail(WARD_E_BAD_CERTIFICATE);
}
