/* verify.c -- trust stores and certificate chain verification. */
#include "crypto/internal.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

static int trust_store_new(trust_store **out)
{
    *out = NULL;
    TRY(crypto_init());
    trust_store *s = calloc(1, sizeof *s);
    ENSURE(s != NULL, WARD_E_NOMEM);
    s->store = X509_STORE_new();
    if (s->store == NULL) {
        free(s);
        return crypto_fail(WARD_E_NOMEM);
    }
    *out = s;
    return WARD_OK;
}

void trust_store_free(trust_store *s)
{
    if (s == NULL)
        return;
    X509_STORE_free(s->store);
    free(s);
}

int trust_store_system(trust_store **out)
{
    ENSURE(out != NULL, WARD_E_INVALID_ARGUMENT);
    TRY(trust_store_new(out));
    /* The distribution's CA file and hashed directory (or SSL_CERT_FILE/DIR). */
    if (X509_STORE_set_default_paths((*out)->store) != 1) {
        trust_store_free(*out);
        *out = NULL;
        return crypto_fail(WARD_E_CONFIG);
    }
    return WARD_OK;
}

/* Warms every certificate a file put into the store (see crypto_x509_warm).
 * Certificates found later in a hashed directory are loaded, and warmed, by
 * libcrypto under the store's lock. */
static bool trust_store_warm(X509_STORE *store)
{
    bool ok = true;
    STACK_OF(X509) *certs = X509_STORE_get1_all_certs(store);
    if (certs == NULL)
        return false;
    for (int i = 0; ok && i < sk_X509_num(certs); i++)
        ok = crypto_x509_warm(sk_X509_value(certs, i));
    sk_X509_pop_free(certs, X509_free);
    return ok;
}

int trust_store_load(const char *file, const char *dir, trust_store **out)
{
    ENSURE(out != NULL, WARD_E_INVALID_ARGUMENT);
    *out = NULL;
    ENSURE(file != NULL || dir != NULL, WARD_E_INVALID_ARGUMENT);
    TRY(trust_store_new(out));
    if ((file != NULL &&
         (X509_STORE_load_file((*out)->store, file) != 1 || !trust_store_warm((*out)->store))) ||
        (dir != NULL && X509_STORE_load_path((*out)->store, dir) != 1)) {
        trust_store_free(*out);
        *out = NULL;
        return crypto_fail(WARD_E_CONFIG);
    }
    return WARD_OK;
}

int trust_store_from_pem(const char *pem, size_t len, trust_store **out)
{
    ENSURE(out != NULL, WARD_E_INVALID_ARGUMENT);
    TRY(trust_store_new(out));
    STACK_OF(X509) *certs = crypto_read_pem_certs(pem, len);
    int rc = certs != NULL ? WARD_OK : WARD_E_CONFIG;
    for (int i = 0; rc == WARD_OK && i < sk_X509_num(certs); i++)
        if (X509_STORE_add_cert((*out)->store, sk_X509_value(certs, i)) != 1)
            rc = crypto_fail(WARD_E_CONFIG);
    sk_X509_pop_free(certs, X509_free);
    if (rc != WARD_OK) {
        trust_store_free(*out);
        *out = NULL;
    }
    return rc;
}

/* One error per way a chain fails, as RFC 8446 6.2 names the alerts. */
static int verify_map_error(int err)
{
    switch (err) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_UNTRUSTED: return WARD_E_UNKNOWN_CA;
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CERT_NOT_YET_VALID: return WARD_E_CERT_EXPIRED;
    case X509_V_ERR_CA_MD_TOO_WEAK:
    case X509_V_ERR_CA_KEY_TOO_SMALL:
    case X509_V_ERR_EE_KEY_TOO_SMALL: return WARD_E_BAD_CERTIFICATE;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH: return WARD_E_CERT_HOSTNAME;
    default: return WARD_E_BAD_CERTIFICATE;
    }
}

static bool is_ip_literal(const char *name)
{
    unsigned char buf[16];
    return inet_pton(AF_INET, name, buf) == 1 || inet_pton(AF_INET6, name, buf) == 1;
}

/* Purpose, time and name for this verification. */
static bool verify_setup(X509_STORE_CTX *ctx, const char *name, bool is_server, time_t now)
{
    /* "ssl_server" sets the purpose and trust for a server's certificate, as
     * libssl does; "ssl_client" for a client's. */
    if (X509_STORE_CTX_set_default(ctx, is_server ? "ssl_server" : "ssl_client") != 1)
        return false;
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
    if (now != 0)
        X509_VERIFY_PARAM_set_time(param, now);
    /* Security level 2 (112 bits): no MD5 or SHA-1 certificate signatures
     * (SHAmbles), no RSA or DH keys under 2048 bits, in the whole chain. */
    X509_VERIFY_PARAM_set_auth_level(param, 2);
    if (name == NULL)
        return true;
    if (is_ip_literal(name))
        return X509_VERIFY_PARAM_set1_ip_asc(param, name) == 1;
    /* RFC 6125 6.4.3 lets a client match partial-label wildcards ("w*.example");
     * like browsers, ward accepts only a whole left-most "*" label. */
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    return X509_VERIFY_PARAM_set1_host(param, name, strlen(name)) == 1;
}

int cert_chain_verify(const cert_chain *c, const trust_store *store, const char *name,
                      bool is_server, time_t now, char *detail, size_t detail_cap)
{
    if (detail != NULL && detail_cap > 0)
        detail[0] = '\0';
    ENSURE(c != NULL && store != NULL, WARD_E_INVALID_ARGUMENT);
    ENSURE(c->n > 0, WARD_E_BAD_CERTIFICATE);
    /* An empty name would silently switch the host check off. */
    ENSURE(name == NULL || name[0] != '\0', WARD_E_INVALID_ARGUMENT);
    TRY(crypto_init());

    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    STACK_OF(X509) *untrusted = sk_X509_new_null();
    bool ok = ctx != NULL && untrusted != NULL;
    /* The rest of the chain only helps to build a path; it is not trusted. */
    for (size_t i = 1; ok && i < c->n; i++)
        ok = sk_X509_push(untrusted, c->x509[i]) > 0;
    ok = ok && X509_STORE_CTX_init(ctx, store->store, c->x509[0], untrusted) == 1 &&
         verify_setup(ctx, name, is_server, now);
    int rc = WARD_E_CRYPTO, err = X509_V_OK;
    if (ok) {
        int verified = X509_verify_cert(ctx);
        err = X509_STORE_CTX_get_error(ctx);
        if (verified == 1 && err == X509_V_OK)
            rc = WARD_OK;
        else if (err != X509_V_OK)
            rc = verify_map_error(err);
    }
    if (rc != WARD_OK && detail != NULL && detail_cap > 0)
        snprintf(detail, detail_cap, "certificate verify failed: %s",
                 err != X509_V_OK ? X509_verify_cert_error_string(err) : "internal error");
    X509_STORE_CTX_free(ctx);
    sk_X509_free(untrusted); /* the chain still owns the certificates */
    return rc == WARD_OK ? rc : crypto_fail(rc);
}
