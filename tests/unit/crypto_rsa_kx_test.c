/* crypto_rsa_kx_test.c -- the RSA key exchange primitives: a premaster secret
 * encrypted by the client comes out on the server, and every malformed
 * ciphertext comes out as a fresh random secret with the same success, never
 * an error (RFC 5246 7.4.7.1); keyUsage decides whether a certificate may be
 * used for it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "pair.h"
#include "rsa_pms.h"

typedef struct fixture {
    test_pki pki;
    pkey *priv, *pub;
    cert_chain *chain;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    test_pki_make(&f->pki, KEY_RSA);
    assert_int_equal(pkey_from_pem(f->pki.key_pem, strlen(f->pki.key_pem), &f->priv), WARD_OK);
    assert_int_equal(cert_chain_from_pem(f->pki.chain_pem, strlen(f->pki.chain_pem), &f->chain),
                     WARD_OK);
    assert_int_equal(cert_chain_leaf_key(f->chain, &f->pub), WARD_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    pkey_free(f->priv);
    pkey_free(f->pub);
    cert_chain_free(f->chain);
    test_pki_free(&f->pki);
    free(f);
    return 0;
}

static void fresh_pms(uint8_t pms[RSA_KX_PMS_LEN])
{
    assert_int_equal(crypto_random(pms, RSA_KX_PMS_LEN), WARD_OK);
    pms[0] = 0x03;
    pms[1] = 0x03;
}

static void test_round_trip(void **state)
{
    fixture *f = *state;
    uint8_t pms[RSA_KX_PMS_LEN], ct[CRYPTO_MAX_SIG], got[RSA_KX_PMS_LEN];
    size_t len;
    fresh_pms(pms);
    assert_int_equal(rsa_kx_encrypt(f->pub, pms, ct, sizeof ct, &len), WARD_OK);
    assert_int_equal(len, 256);
    assert_int_equal(rsa_kx_decrypt(f->priv, 0x0303, ct, len, got), WARD_OK);
    assert_memory_equal(got, pms, sizeof pms);
    /* The hand-made well-formed block decrypts just the same. */
    len = rsa_pms_make(f->pub, RSA_PMS_GOOD, pms, ct);
    assert_int_equal(rsa_kx_decrypt(f->priv, 0x0303, ct, len, got), WARD_OK);
    assert_memory_equal(got, pms, sizeof pms);
}

/* Every malformed kind: WARD_OK, a secret unlike the client's, and a different
 * one each time (it is random, not a function of the ciphertext). */
static void test_malformed_all_alike(void **state)
{
    fixture *f = *state;
    for (rsa_pms_kind k = RSA_PMS_BAD_PADDING; k < RSA_PMS_KINDS; k++) {
        uint8_t pms[RSA_KX_PMS_LEN], ct[CRYPTO_MAX_SIG], a[RSA_KX_PMS_LEN], b[RSA_KX_PMS_LEN];
        fresh_pms(pms);
        size_t len = rsa_pms_make(f->pub, k, pms, ct);
        assert_int_equal(rsa_kx_decrypt(f->priv, 0x0303, ct, len, a), WARD_OK);
        assert_int_equal(rsa_kx_decrypt(f->priv, 0x0303, ct, len, b), WARD_OK);
        if (memcmp(a, pms, sizeof pms) == 0 || memcmp(a + 2, pms + 2, 46) == 0 ||
            memcmp(a, b, sizeof a) == 0)
            fail_msg("%s: the secret is not a fresh random one", rsa_pms_kind_name(k));
    }
}

/* A good block checked against another client_version is a wrong version. */
static void test_version_is_the_hellos(void **state)
{
    fixture *f = *state;
    uint8_t pms[RSA_KX_PMS_LEN], ct[CRYPTO_MAX_SIG], got[RSA_KX_PMS_LEN];
    fresh_pms(pms);
    size_t len = rsa_pms_make(f->pub, RSA_PMS_GOOD, pms, ct);
    assert_int_equal(rsa_kx_decrypt(f->priv, 0x0302, ct, len, got), WARD_OK);
    assert_memory_not_equal(got, pms, sizeof pms);
}

/* Sizes around the modulus, and values that are not below it. */
static void test_sizes_and_range(void **state)
{
    fixture *f = *state;
    uint8_t pms[RSA_KX_PMS_LEN], ct[CRYPTO_MAX_SIG + 1], got[RSA_KX_PMS_LEN];
    fresh_pms(pms);
    size_t len;
    assert_int_equal(rsa_kx_encrypt(f->pub, pms, ct, CRYPTO_MAX_SIG, &len), WARD_OK);
    ct[len] = 0;
    assert_int_equal(rsa_kx_decrypt(f->priv, 0x0303, ct, len + 1, got), WARD_OK);
    assert_memory_not_equal(got, pms, sizeof pms);
    assert_int_equal(rsa_kx_decrypt(f->priv, 0x0303, ct, 0, got), WARD_OK);
    assert_int_equal(rsa_kx_decrypt(f->priv, 0x0303, NULL, 0, got), WARD_OK);
    memset(ct, 0xff, len); /* above the modulus */
    assert_int_equal(rsa_kx_decrypt(f->priv, 0x0303, ct, len, got), WARD_OK);
    memset(ct, 0, len);
    assert_int_equal(rsa_kx_decrypt(f->priv, 0x0303, ct, len, got), WARD_OK);
    assert_memory_not_equal(got, pms, sizeof pms);
}

static void test_bad_arguments(void **state)
{
    fixture *f = *state;
    test_pki ec;
    test_pki_make(&ec, KEY_EC_P256);
    pkey *eck;
    assert_int_equal(pkey_from_pem(ec.key_pem, strlen(ec.key_pem), &eck), WARD_OK);
    uint8_t pms[RSA_KX_PMS_LEN] = {3, 3}, ct[CRYPTO_MAX_SIG], got[RSA_KX_PMS_LEN];
    size_t len;
    assert_int_equal(rsa_kx_encrypt(eck, pms, ct, sizeof ct, &len), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(rsa_kx_decrypt(eck, 0x0303, ct, 256, got), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(rsa_kx_encrypt(f->pub, pms, ct, 255, &len), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(rsa_kx_decrypt(NULL, 0x0303, ct, 256, got), WARD_E_INVALID_ARGUMENT);
    pkey_free(eck);
    test_pki_free(&ec);
}

/* RFC 5246 7.4.2: keyEncipherment when keyUsage is present. ward's demo RSA
 * leaf has it; its ECDSA leaf (digitalSignature only) does not. */
static void test_key_usage(void **state)
{
    fixture *f = *state;
    assert_true(cert_chain_leaf_allows_encipherment(f->chain));
    test_pki ec;
    test_pki_make(&ec, KEY_EC_P256);
    cert_chain *c;
    assert_int_equal(cert_chain_from_pem(ec.chain_pem, strlen(ec.chain_pem), &c), WARD_OK);
    assert_false(cert_chain_leaf_allows_encipherment(c));
    assert_false(cert_chain_leaf_allows_encipherment(NULL));
    cert_chain_free(c);
    test_pki_free(&ec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_malformed_all_alike),
        cmocka_unit_test(test_version_is_the_hellos),
        cmocka_unit_test(test_sizes_and_range),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_key_usage),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
