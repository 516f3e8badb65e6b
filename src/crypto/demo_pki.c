/* demo_pki.c -- a throw-away CA and leaf made in memory, for `ward demo` and
 * tests. Nothing here is for production use: the CA key is discarded. */
#include "crypto/internal.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "base/mem.h"

#define DEMO_HOUR 3600L

/* A positive 127-bit random serial (RFC 5280 4.1.2.2: at most 20 octets). */
static bool demo_serial(X509 *x)
{
    uint8_t raw[16];
    if (crypto_random(raw, sizeof raw) != WARD_OK)
        return false;
    raw[0] = (uint8_t)((raw[0] & 0x7f) | 0x40); /* positive, never zero */
    BIGNUM *bn = BN_bin2bn(raw, sizeof raw, NULL);
    bool ok = bn != NULL && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
    BN_free(bn);
    return ok;
}

static bool demo_add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX v3;
    X509V3_set_ctx(&v3, issuer, x, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_nconf_nid(NULL, &v3, nid, value);
    bool ok = ext != NULL && X509_add_ext(x, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

struct demo_ext {
    int nid;
    const char *value;
};

/* A v3 certificate for key named cn, signed by issuer_key (issuer NULL: self-
 * signed). Valid from an hour ago (clock skew) for one day. */
static X509 *demo_cert(EVP_PKEY *key, const char *cn, X509 *issuer, EVP_PKEY *issuer_key,
                       const struct demo_ext *exts, size_t n_exts)
{
    const crypto_algs *a = crypto_get();
    X509 *x = X509_new();
    X509_NAME *name = X509_NAME_new();
    bool ok = a != NULL && x != NULL && name != NULL && X509_set_version(x, X509_VERSION_3) == 1 &&
              demo_serial(x) && X509_gmtime_adj(X509_getm_notBefore(x), -DEMO_HOUR) != NULL &&
              X509_gmtime_adj(X509_getm_notAfter(x), 23 * DEMO_HOUR) != NULL &&
              X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1,
                                         -1, 0) == 1 &&
              X509_set_subject_name(x, name) == 1 &&
              X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name) == 1 &&
              X509_set_pubkey(x, key) == 1;
    for (size_t i = 0; ok && i < n_exts; i++)
        ok = demo_add_ext(x, issuer ? issuer : x, exts[i].nid, exts[i].value);
    /* The CA is always P-256, so the signature is always ecdsa-with-SHA256. */
    ok = ok && X509_sign(x, issuer_key, a->sha256) > 0;
    X509_NAME_free(name);
    if (!ok) {
        X509_free(x);
        return NULL;
    }
    return x;
}

static bool is_ip_literal(const char *name)
{
    unsigned char buf[16];
    return inet_pton(AF_INET, name, buf) == 1 || inet_pton(AF_INET6, name, buf) == 1;
}

/* The name goes into an extension config string, so only hostname characters are
 * allowed (a ',' would add names). */
static bool demo_host_ok(const char *host)
{
    size_t len = strlen(host);
    if (len == 0 || len > 253)
        return false;
    if (is_ip_literal(host))
        return true;
    for (size_t i = 0; i < len; i++) {
        char ch = host[i];
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '-' || ch == '.';
        if (!ok)
            return false;
    }
    return true;
}

static void demo_san(const char *host, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%s:%s", is_ip_literal(host) ? "IP" : "DNS", host);
    size_t used = n > 0 ? (size_t)n : 0;
    if (strcmp(host, "localhost") != 0 && used < cap)
        used += (size_t)snprintf(out + used, cap - used, ",DNS:localhost");
    if (strcmp(host, "127.0.0.1") != 0 && used < cap)
        snprintf(out + used, cap - used, ",IP:127.0.0.1");
}

static int demo_leaf_key(key_type kind, EVP_PKEY **out)
{
    switch (kind) {
    case KEY_EC_P256: return crypto_keygen("EC", "P-256", 0, out);
    case KEY_EC_P384: return crypto_keygen("EC", "P-384", 0, out);
    case KEY_RSA: return crypto_keygen("RSA", NULL, 2048, out);
    case KEY_ED25519: return crypto_keygen("ED25519", NULL, 0, out);
    default: *out = NULL; return WARD_E_INVALID_ARGUMENT;
    }
}

/* Copies a memory BIO into a malloc'd NUL-terminated string. */
static char *bio_to_string(BIO *bio)
{
    char *data = NULL;
    long n = BIO_get_mem_data(bio, &data);
    if (n <= 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s != NULL) {
        memcpy(s, data, (size_t)n);
        s[n] = '\0';
    }
    return s;
}

static int demo_write_pem(X509 *ca, X509 *leaf, EVP_PKEY *leaf_key, char **ca_pem, char **chain_pem,
                          char **key_pem)
{
    BIO *b_ca = BIO_new(BIO_s_mem()), *b_chain = BIO_new(BIO_s_mem());
    BIO *b_key = BIO_new(BIO_s_mem());
    bool ok = b_ca != NULL && b_chain != NULL && b_key != NULL &&
              PEM_write_bio_X509(b_ca, ca) == 1 && PEM_write_bio_X509(b_chain, leaf) == 1 &&
              PEM_write_bio_X509(b_chain, ca) == 1 &&
              PEM_write_bio_PrivateKey(b_key, leaf_key, NULL, NULL, 0, NULL, NULL) == 1;
    if (ok) {
        *ca_pem = bio_to_string(b_ca);
        *chain_pem = bio_to_string(b_chain);
        *key_pem = bio_to_string(b_key);
        ok = *ca_pem && *chain_pem && *key_pem;
    }
    BIO_free(b_ca);
    BIO_free(b_chain);
    BIO_free(b_key); /* a memory BIO's buffer is cleansed when freed */
    return ok ? WARD_OK : crypto_fail(WARD_E_CRYPTO);
}

int demo_pki_make(key_type key_kind, const char *host_name, char **ca_pem, char **chain_pem,
                  char **key_pem)
{
    ENSURE(ca_pem != NULL && chain_pem != NULL && key_pem != NULL, WARD_E_INVALID_ARGUMENT);
    *ca_pem = *chain_pem = *key_pem = NULL;
    ENSURE(host_name != NULL && demo_host_ok(host_name), WARD_E_INVALID_ARGUMENT);

    static const struct demo_ext ca_exts[] = {
        {NID_basic_constraints, "critical,CA:TRUE"},
        {NID_key_usage, "critical,keyCertSign,cRLSign"},
        {NID_subject_key_identifier, "hash"},
    };
    char san[600];
    demo_san(host_name, san, sizeof san);
    /* An RSA leaf may also serve the RSA key exchange (RFC 5246 7.4.2). */
    const char *usage = key_kind == KEY_RSA ? "critical,digitalSignature,keyEncipherment"
                                            : "critical,digitalSignature";
    const struct demo_ext leaf_exts[] = {
        {NID_basic_constraints, "critical,CA:FALSE"},
        {NID_key_usage, usage},
        {NID_ext_key_usage, "serverAuth,clientAuth"},
        {NID_subject_alt_name, san},
        {NID_subject_key_identifier, "hash"},
        {NID_authority_key_identifier, "keyid:always"},
    };
    /* CN is limited to 64 characters (RFC 5280 ub-common-name); SAN is what
     * matters for name checks anyway. */
    const char *cn = strlen(host_name) <= 64 ? host_name : "ward demo leaf";

    EVP_PKEY *ca_key = NULL, *leaf_key = NULL;
    X509 *ca = NULL, *leaf = NULL;
    int rc = crypto_keygen("EC", "P-256", 0, &ca_key);
    if (rc == WARD_OK)
        rc = demo_leaf_key(key_kind, &leaf_key);
    if (rc == WARD_OK) {
        ca = demo_cert(ca_key, "ward demo CA", NULL, ca_key, ca_exts, 3);
        leaf = ca ? demo_cert(leaf_key, cn, ca, ca_key, leaf_exts, 6) : NULL;
        rc = leaf ? demo_write_pem(ca, leaf, leaf_key, ca_pem, chain_pem, key_pem)
                  : crypto_fail(WARD_E_CRYPTO);
    }
    X509_free(ca);
    X509_free(leaf);
    EVP_PKEY_free(ca_key);
    EVP_PKEY_free(leaf_key);
    if (rc != WARD_OK) {
        free(*ca_pem);
        free(*chain_pem);
        if (*key_pem != NULL)
            mem_free_secret(*key_pem, strlen(*key_pem));
        *ca_pem = *chain_pem = *key_pem = NULL;
    }
    return rc;
}
