/* pki.c -- the certificates every row uses, made once at start with libcrypto:
 * a throwaway P-256 CA, and an ECDSA P-256 and an RSA-2048 leaf for
 * "localhost" signed by it (SHA-256). Both stacks get the same objects: ward as
 * PEM text, OpenSSL as the parsed X509 / EVP_PKEY. */
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "bench.h"

bench_pki g_pki;

static void add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (!ext || !X509_add_ext(cert, ext, -1))
        die("pki: extension %d", nid);
    X509_EXTENSION_free(ext);
}

static X509 *make_cert(EVP_PKEY *key, const char *cn, X509 *issuer, EVP_PKEY *issuer_key,
                       long serial, int is_ca)
{
    X509 *cert = X509_new();
    if (!cert || !X509_set_version(cert, 2) ||
        !ASN1_INTEGER_set(X509_get_serialNumber(cert), serial) ||
        !X509_gmtime_adj(X509_getm_notBefore(cert), -86400) ||
        !X509_gmtime_adj(X509_getm_notAfter(cert), 30L * 86400) || !X509_set_pubkey(cert, key))
        die("pki: certificate fields");
    X509_NAME *name = X509_get_subject_name(cert);
    if (!X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0))
        die("pki: name");
    if (!X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer) : name))
        die("pki: issuer");
    X509 *iss = issuer ? issuer : cert;
    add_ext(cert, iss, NID_subject_key_identifier, "hash");
    if (is_ca) {
        add_ext(cert, iss, NID_basic_constraints, "critical,CA:TRUE");
        add_ext(cert, iss, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_ext(cert, iss, NID_authority_key_identifier, "keyid:always");
        add_ext(cert, iss, NID_basic_constraints, "critical,CA:FALSE");
        add_ext(cert, iss, NID_key_usage,
                EVP_PKEY_is_a(key, "RSA") ? "critical,digitalSignature,keyEncipherment"
                                          : "critical,digitalSignature");
        add_ext(cert, iss, NID_ext_key_usage, "serverAuth");
        add_ext(cert, iss, NID_subject_alt_name, "DNS:localhost");
    }
    if (!X509_sign(cert, issuer_key, EVP_sha256()))
        die("pki: signing");
    return cert;
}

/* The PEM text of whatever `write` puts in a memory BIO, NUL-terminated. */
static char *to_pem(int (*write)(BIO *, const void *), const void *obj)
{
    BIO *b = BIO_new(BIO_s_mem());
    if (!b || !write(b, obj))
        die("pki: PEM");
    char *data;
    long n = BIO_get_mem_data(b, &data);
    char *out = malloc((size_t)n + 1);
    if (!out)
        die("pki: out of memory");
    memcpy(out, data, (size_t)n);
    out[n] = 0;
    BIO_free(b);
    return out;
}

static int write_cert(BIO *b, const void *x)
{
    return PEM_write_bio_X509(b, (X509 *)x);
}

static int write_key(BIO *b, const void *k)
{
    return PEM_write_bio_PrivateKey(b, (EVP_PKEY *)k, NULL, NULL, 0, NULL, NULL);
}

void pki_make(bench_pki *pki)
{
    memset(pki, 0, sizeof *pki);
    EVP_PKEY *ca_key = EVP_EC_gen("P-256");
    if (!ca_key)
        die("pki: CA key");
    pki->ca = make_cert(ca_key, "ward bench CA", NULL, ca_key, 1, 1);
    pki->ca_pem = to_pem(write_cert, pki->ca);

    EVP_PKEY *keys[2] = {EVP_EC_gen("P-256"), EVP_RSA_gen(2048)};
    for (int i = 0; i < 2; i++) {
        if (!keys[i])
            die("pki: leaf key");
        bench_leaf *l = &pki->leaf[i];
        l->key = keys[i];
        l->cert = make_cert(keys[i], "localhost", pki->ca, ca_key, 2 + i, 0);
        l->cert_pem = to_pem(write_cert, l->cert);
        l->key_pem = to_pem(write_key, l->key);
    }
    EVP_PKEY_free(ca_key);
}

void pki_free(bench_pki *pki)
{
    X509_free(pki->ca);
    free(pki->ca_pem);
    for (int i = 0; i < 2; i++) {
        X509_free(pki->leaf[i].cert);
        EVP_PKEY_free(pki->leaf[i].key);
        free(pki->leaf[i].cert_pem);
        free(pki->leaf[i].key_pem);
    }
    memset(pki, 0, sizeof *pki);
}
