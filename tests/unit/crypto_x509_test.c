/* crypto_x509_test.c -- certificate chains, trust stores, verification and the
 * demo PKI: the good path for each key type, and each way verification fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "crypto/crypto.h"

#define DAY (24 * 3600)

/* A self-signed P-521 certificate (`openssl req -x509 -newkey ec ...`): a key
 * type ward does not support. */
static const char p521_cert_pem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIB+jCCAVygAwIBAgIUZF6qSGPVl9g+CvFP+8qLPU5Bz2wwCgYIKoZIzj0EAwIw\n"
    "DzENMAsGA1UEAwwEcDUyMTAeFw0yNjExMjcyMDU5NDdaFw0zNjExMjQyMDU5NDda\n"
    "MA8xDTALBgNVBAMMBHA1MjEwgZswEAYHKoZIzj0CAQYFK4EEACMDgYYABADmJfrS\n"
    "wJ09uNeoJ6jMu+NiZH4R1ULqPt/oV6RGP/XTeTf7poWb4ahbAWUcPv2FAgXGUzrf\n"
    "pbMaCPuXLTyxsdlv8wCJfiY1LWWcpB9i31Sxr/Q5F5l+US7A3xEkutZvf0otzzkD\n"
    "/n3gYXJSe2LjJuAWaFmxg9eiZj55Ir9nyy+XO04IgaNTMFEwHQYDVR0OBBYEFJ/C\n"
    "Lvfyem5kDBohHLuIwl7GrLviMB8GA1UdIwQYMBaAFJ/CLvfyem5kDBohHLuIwl7G\n"
    "rLviMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDgYsAMIGHAkFCQG2lxkQJ\n"
    "nAKEl4dl4fhEgRbikaxkebjEyDOeUeoZBnp67HuGk2yzlqYPLA+y9+38FWkiFX7Q\n"
    "1ssiT0bH1DbmRwJCAf4GLbnQJ7/YYvp1ofASkptbkpyhkQKnIMRa1V7xn+153z3T\n"
    "ow9usHPH754hYGTYCyoselW1/IMVkJ5bO9NWGinp\n"
    "-----END CERTIFICATE-----\n";

struct pki {
    char *ca, *chain, *key;
    cert_chain *c;
    trust_store *store;
    pkey *k;
};

static void pki_make(struct pki *p, key_type kind, const char *host)
{
    assert_int_equal(demo_pki_make(kind, host, &p->ca, &p->chain, &p->key), WARD_OK);
    assert_non_null(strstr(p->ca, "-----BEGIN CERTIFICATE-----"));
    assert_non_null(strstr(p->key, "PRIVATE KEY-----"));
    assert_int_equal(cert_chain_from_pem(p->chain, strlen(p->chain), &p->c), WARD_OK);
    assert_int_equal(trust_store_from_pem(p->ca, strlen(p->ca), &p->store), WARD_OK);
    assert_int_equal(pkey_from_pem(p->key, strlen(p->key), &p->k), WARD_OK);
}

static void pki_free(struct pki *p)
{
    free(p->ca);
    free(p->chain);
    free(p->key);
    cert_chain_free(p->c);
    trust_store_free(p->store);
    pkey_free(p->k);
}

static int verify(const struct pki *p, const trust_store *store, const char *name, time_t now,
                  char *detail)
{
    return cert_chain_verify(p->c, store ? store : p->store, name, true, now, detail, 256);
}

/* The chain verifies for the host, localhost and 127.0.0.1, for both server and
 * client authentication, and the leaf key signs and verifies. */
static void check_good(key_type kind, uint16_t scheme)
{
    struct pki p = {0};
    pki_make(&p, kind, "example.test");
    assert_int_equal(cert_chain_count(p.c), 2);
    assert_int_equal(pkey_type(p.k), kind);
    assert_true(cert_chain_matches_key(p.c, p.k));

    char detail[256] = "x";
    assert_int_equal(verify(&p, NULL, "example.test", 0, detail), WARD_OK);
    assert_string_equal(detail, "");
    assert_int_equal(verify(&p, NULL, "EXAMPLE.test", 0, detail), WARD_OK);
    assert_int_equal(verify(&p, NULL, "localhost", 0, detail), WARD_OK);
    assert_int_equal(verify(&p, NULL, "127.0.0.1", 0, detail), WARD_OK);
    assert_int_equal(verify(&p, NULL, NULL, 0, detail), WARD_OK);
    assert_int_equal(verify(&p, NULL, "example.test", time(NULL) + 3600, detail), WARD_OK);
    assert_int_equal(cert_chain_verify(p.c, p.store, "example.test", false, 0, NULL, 0), WARD_OK);

    pkey *leaf;
    assert_int_equal(cert_chain_leaf_key(p.c, &leaf), WARD_OK);
    assert_int_equal(pkey_type(leaf), kind);
    uint8_t sig[CRYPTO_MAX_SIG];
    size_t len;
    assert_int_equal(sig_sign(p.k, scheme, (const uint8_t *)"hi", 2, sig, sizeof sig, &len),
                     WARD_OK);
    assert_int_equal(sig_verify(leaf, scheme, (const uint8_t *)"hi", 2, sig, len), WARD_OK);
    pkey_free(leaf);
    pki_free(&p);
}

static void test_demo_ec(void **state)
{
    (void)state;
    check_good(KEY_EC_P256, SIG_ECDSA_SECP256R1_SHA256);
}

static void test_demo_rsa(void **state)
{
    (void)state;
    check_good(KEY_RSA, SIG_RSA_PSS_RSAE_SHA256);
}

static void test_demo_ed25519(void **state)
{
    (void)state;
    check_good(KEY_ED25519, SIG_ED25519);
}

static void test_demo_bad_args(void **state)
{
    (void)state;
    char *a = (char *)1, *b = (char *)1, *c = (char *)1;
    assert_int_equal(demo_pki_make(KEY_EC_P256, "a,DNS:evil.test", &a, &b, &c),
                     WARD_E_INVALID_ARGUMENT);
    assert_null(a);
    assert_null(b);
    assert_null(c);
    assert_int_equal(demo_pki_make(KEY_EC_P256, "", &a, &b, &c), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(demo_pki_make((key_type)0, "x.test", &a, &b, &c), WARD_E_INVALID_ARGUMENT);
}

static void test_failures(void **state)
{
    (void)state;
    struct pki p = {0}, other = {0};
    pki_make(&p, KEY_EC_P256, "example.test");
    pki_make(&other, KEY_EC_P256, "example.test");
    char detail[256];

    /* Another CA. */
    assert_int_equal(verify(&p, other.store, "example.test", 0, detail), WARD_E_UNKNOWN_CA);
    assert_non_null(strstr(detail, "certificate verify failed: "));
    /* Names. */
    assert_int_equal(verify(&p, NULL, "other.test", 0, detail), WARD_E_CERT_HOSTNAME);
    assert_string_equal(detail, "certificate verify failed: hostname mismatch");
    assert_int_equal(verify(&p, NULL, "sub.example.test", 0, detail), WARD_E_CERT_HOSTNAME);
    assert_int_equal(verify(&p, NULL, "127.0.0.2", 0, detail), WARD_E_CERT_HOSTNAME);
    assert_string_equal(detail, "certificate verify failed: IP address mismatch");
    assert_int_equal(verify(&p, NULL, "::1", 0, detail), WARD_E_CERT_HOSTNAME);
    assert_int_equal(verify(&p, NULL, "", 0, detail), WARD_E_INVALID_ARGUMENT);
    /* Time. */
    assert_int_equal(verify(&p, NULL, "example.test", time(NULL) + 2 * DAY, detail),
                     WARD_E_CERT_EXPIRED);
    assert_string_equal(detail, "certificate verify failed: certificate has expired");
    assert_int_equal(verify(&p, NULL, "example.test", time(NULL) - 2 * DAY, detail),
                     WARD_E_CERT_EXPIRED);
    assert_string_equal(detail, "certificate verify failed: certificate is not yet valid");
    /* A chain from another PKI's leaf with this CA: wrong issuer. */
    cert_chain *mixed;
    size_t l0, l1;
    const uint8_t *ders[2] = {cert_chain_der(other.c, 0, &l0), cert_chain_der(p.c, 1, &l1)};
    size_t lens[2] = {l0, l1};
    assert_int_equal(cert_chain_from_der(ders, lens, 2, NULL, &mixed), WARD_OK);
    assert_int_equal(cert_chain_verify(mixed, p.store, NULL, true, 0, NULL, 0), WARD_E_UNKNOWN_CA);
    assert_false(cert_chain_matches_key(mixed, p.k));
    cert_chain_free(mixed);
    /* The CA certificate presented as a server's own: wrong key usage. */
    cert_chain *ca_only;
    assert_int_equal(cert_chain_from_pem(p.ca, strlen(p.ca), &ca_only), WARD_OK);
    assert_int_equal(cert_chain_verify(ca_only, p.store, NULL, true, 0, detail, 256),
                     WARD_E_BAD_CERTIFICATE);
    cert_chain_free(ca_only);
    /* The leaf key does not match another PKI's private key. */
    assert_false(cert_chain_matches_key(p.c, other.k));
    pki_free(&p);
    pki_free(&other);
}

/* A leaf whose signature was damaged. */
static void test_bad_signature_in_chain(void **state)
{
    (void)state;
    struct pki p = {0};
    pki_make(&p, KEY_EC_P256, "example.test");
    size_t l0, l1;
    uint8_t leaf[4096];
    const uint8_t *d0 = cert_chain_der(p.c, 0, &l0);
    assert_true(l0 <= sizeof leaf);
    memcpy(leaf, d0, l0);
    leaf[l0 - 1] ^= 0x01; /* last byte of the ECDSA s value */
    const uint8_t *ders[2] = {leaf, cert_chain_der(p.c, 1, &l1)};
    size_t lens[2] = {l0, l1};
    cert_chain *c;
    assert_int_equal(cert_chain_from_der(ders, lens, 2, NULL, &c), WARD_OK);
    char detail[256];
    assert_int_equal(cert_chain_verify(c, p.store, "example.test", true, 0, detail, sizeof detail),
                     WARD_E_BAD_CERTIFICATE);
    assert_string_equal(detail, "certificate verify failed: certificate signature failure");
    cert_chain_free(c);
    pki_free(&p);
}

/* A chain of only the leaf verifies: the CA is the anchor. */
static void test_leaf_only_and_der(void **state)
{
    (void)state;
    struct pki p = {0};
    pki_make(&p, KEY_EC_P256, "example.test");
    size_t len;
    const uint8_t *der = cert_chain_der(p.c, 0, &len);
    assert_non_null(der);
    assert_null(cert_chain_der(p.c, 2, &len));
    assert_int_equal(len, 0);
    der = cert_chain_der(p.c, 0, &len);
    cert_chain *c;
    assert_int_equal(cert_chain_from_der(&der, &len, 1, NULL, &c), WARD_OK);
    size_t len2;
    assert_memory_equal(cert_chain_der(c, 0, &len2), der, len);
    assert_int_equal(len2, len);
    assert_int_equal(cert_chain_verify(c, p.store, "example.test", true, 0, NULL, 0), WARD_OK);
    cert_chain_free(c);

    /* Truncated, trailing byte, garbage, none. */
    size_t short_len = len - 1;
    assert_int_equal(cert_chain_from_der(&der, &short_len, 1, NULL, &c), WARD_E_BAD_CERTIFICATE);
    assert_null(c);
    uint8_t longer[4096];
    memcpy(longer, der, len);
    longer[len] = 0;
    const uint8_t *lp = longer;
    size_t long_len = len + 1;
    assert_int_equal(cert_chain_from_der(&lp, &long_len, 1, NULL, &c), WARD_E_BAD_CERTIFICATE);
    const uint8_t *junk = (const uint8_t *)"\x30\x03\x02\x01\x01";
    size_t junk_len = 5;
    assert_int_equal(cert_chain_from_der(&junk, &junk_len, 1, NULL, &c), WARD_E_BAD_CERTIFICATE);
    assert_int_equal(cert_chain_from_der(NULL, NULL, 0, NULL, &c), WARD_E_BAD_CERTIFICATE);
    pki_free(&p);
}

static void test_pem_errors(void **state)
{
    (void)state;
    struct pki p = {0};
    pki_make(&p, KEY_EC_P256, "example.test");
    cert_chain *c = (cert_chain *)1;
    assert_int_equal(cert_chain_from_pem("nothing", 7, &c), WARD_E_BAD_CERTIFICATE);
    assert_null(c);
    /* A damaged second certificate fails the whole chain. */
    char *bad = strdup(p.chain);
    char *second = strstr(bad + 1, "-----BEGIN CERTIFICATE-----");
    assert_non_null(second);
    second[40] = '!';
    assert_int_equal(cert_chain_from_pem(bad, strlen(bad), &c), WARD_E_BAD_CERTIFICATE);
    /* Cut off in the middle of the second certificate. */
    assert_int_equal(cert_chain_from_pem(p.chain, (size_t)(second - bad) + 60, &c),
                     WARD_E_BAD_CERTIFICATE);
    free(bad);
    /* Other PEM blocks (a key) next to certificates are skipped. */
    size_t n = strlen(p.key) + strlen(p.chain) + 1;
    char *both = malloc(n);
    snprintf(both, n, "%s%s", p.key, p.chain);
    assert_int_equal(cert_chain_from_pem(both, strlen(both), &c), WARD_OK);
    assert_int_equal(cert_chain_count(c), 2);
    cert_chain_free(c);
    free(both);

    trust_store *s = (trust_store *)1;
    assert_int_equal(trust_store_from_pem("nothing", 7, &s), WARD_E_CONFIG);
    assert_null(s);
    pki_free(&p);
}

static void test_trust_store_files(void **state)
{
    (void)state;
    struct pki p = {0};
    pki_make(&p, KEY_EC_P256, "example.test");
    char path[] = "/tmp/ward_crypto_x509_test_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, p.ca, strlen(p.ca)), (ssize_t)strlen(p.ca));
    close(fd);

    trust_store *s;
    assert_int_equal(trust_store_load(path, NULL, &s), WARD_OK);
    assert_int_equal(cert_chain_verify(p.c, s, "example.test", true, 0, NULL, 0), WARD_OK);
    trust_store_free(s);
    unlink(path);

    assert_int_equal(trust_store_load("/nonexistent/ward-ca.pem", NULL, &s), WARD_E_CONFIG);
    assert_null(s);
    assert_int_equal(trust_store_load(NULL, NULL, &s), WARD_E_INVALID_ARGUMENT);

    /* The system store exists and does not know the demo CA. */
    assert_int_equal(trust_store_system(&s), WARD_OK);
    assert_int_equal(cert_chain_verify(p.c, s, "example.test", true, 0, NULL, 0),
                     WARD_E_UNKNOWN_CA);
    trust_store_free(s);
    pki_free(&p);
}

static void test_describe(void **state)
{
    (void)state;
    struct pki p = {0};
    pki_make(&p, KEY_RSA, "example.test");
    size_t len;
    const uint8_t *der = cert_chain_der(p.c, 0, &len);
    char subject[128], issuer[128], sigalg[64];
    assert_int_equal(cert_describe(der, len, subject, sizeof subject, issuer, sizeof issuer, sigalg,
                                   sizeof sigalg),
                     WARD_OK);
    assert_string_equal(subject, "CN=example.test");
    assert_string_equal(issuer, "CN=ward demo CA");
    assert_string_equal(sigalg, "ecdsa-with-SHA256");
    /* Truncated to the room given, always terminated. */
    assert_int_equal(cert_describe(der, len, subject, 5, issuer, 4, sigalg, 6), WARD_OK);
    assert_string_equal(subject, "CN=e");
    assert_string_equal(issuer, "CN=");
    assert_int_equal(strlen(sigalg), 5);
    assert_int_equal(cert_describe(der, len - 1, subject, sizeof subject, issuer, sizeof issuer,
                                   sigalg, sizeof sigalg),
                     WARD_E_BAD_CERTIFICATE);
    assert_string_equal(subject, "");
    pki_free(&p);
}

static void test_leaf_key_unsupported_and_null(void **state)
{
    (void)state;
    cert_chain *c;
    pkey *k = (pkey *)1;
    assert_int_equal(cert_chain_from_pem(p521_cert_pem, strlen(p521_cert_pem), &c), WARD_OK);
    assert_int_equal(cert_chain_leaf_key(c, &k), WARD_E_UNSUPPORTED_CERT);
    assert_null(k);
    cert_chain_free(c);
    k = (pkey *)1;
    assert_int_equal(cert_chain_leaf_key(NULL, &k), WARD_E_INVALID_ARGUMENT);
    assert_null(k);
    assert_int_equal(cert_chain_count(NULL), 0);
    assert_false(cert_chain_matches_key(NULL, NULL));
    cert_chain_free(NULL);
    trust_store_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_ec),
        cmocka_unit_test(test_demo_rsa),
        cmocka_unit_test(test_demo_ed25519),
        cmocka_unit_test(test_demo_bad_args),
        cmocka_unit_test(test_failures),
        cmocka_unit_test(test_bad_signature_in_chain),
        cmocka_unit_test(test_leaf_only_and_der),
        cmocka_unit_test(test_pem_errors),
        cmocka_unit_test(test_trust_store_files),
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_leaf_key_unsupported_and_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
