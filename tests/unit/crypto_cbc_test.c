/* crypto_cbc_test.c -- AES-CBC and the record HMAC (src/crypto/cbc.c,
 * src/crypto/record_mac.c): the constant-time MAC against libcrypto's one-shot
 * HMAC for every length in its range, the cipher against known answers, the
 * per-record IVs, and SHA-1 refused everywhere but the record MAC. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cbc_ref.h"
#include "crypto/crypto.h"

static const hash_alg MACS[] = {HASH_SHA1, HASH_SHA256, HASH_SHA384};

static uint8_t *pattern(size_t n, uint8_t salt)
{
    uint8_t *p = malloc(n + 1);
    assert_non_null(p);
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(i * 31 + salt);
    return p;
}

/* cbc_mac_ct over hdr || data[0..n) for every n in [n_min, n_max] equals
 * libcrypto's HMAC and cbc_mac. The 13-byte header carries n, as in a record. */
static void ct_range(cbc_ctx *c, hash_alg mac, const uint8_t *key, const uint8_t *data,
                     size_t n_min, size_t n_max)
{
    size_t mac_len = cbc_mac_size(mac);
    for (size_t n = n_min; n <= n_max; n++) {
        uint8_t hdr[13] = {0, 0, 0, 0, 0, 0, 0, 7, 23, 3, 3, (uint8_t)(n >> 8), (uint8_t)n};
        uint8_t want[48], plain[48], got[48];
        cbc_ref_hmac(mac, key, hdr, sizeof hdr, data, n, want);
        assert_int_equal(cbc_mac(c, hdr, sizeof hdr, data, n, plain), WARD_OK);
        assert_int_equal(cbc_mac_ct(c, hdr, sizeof hdr, data, n, n_min, n_max, got), WARD_OK);
        assert_memory_equal(plain, want, mac_len);
        assert_memory_equal(got, want, mac_len);
    }
}

static void test_mac_ct_matches_hmac(void **state)
{
    (void)state;
    uint8_t *data = pattern(17000, 5), *key = pattern(48, 9);
    static const uint8_t enc_key[32];
    for (size_t i = 0; i < 3; i++) {
        cbc_ctx *c = NULL;
        assert_int_equal(cbc_new(CBC_AES_128, MACS[i], key, enc_key, false, &c), WARD_OK);
        assert_int_equal(cbc_ctx_mac_size(c), cbc_mac_size(MACS[i]));
        /* small records: the range starts at 0 and holds the header's block */
        ct_range(c, MACS[i], key, data, 0, 0);
        ct_range(c, MACS[i], key, data, 0, 300);
        /* ranges of 256 starting at every offset within two blocks */
        for (size_t start = 100; start < 100 + 256; start += 7)
            ct_range(c, MACS[i], key, data, start, start + 255);
        /* a full-size record */
        ct_range(c, MACS[i], key, data, 16384 + 48 - 255, 16384 + 48);
        cbc_free(c);
    }
    free(data);
    free(key);
}

static void test_mac_ct_bad_arguments(void **state)
{
    (void)state;
    static const uint8_t key[48], hdr[13], data[64];
    uint8_t out[48];
    cbc_ctx *c = NULL;
    assert_int_equal(cbc_new(CBC_AES_256, HASH_SHA256, key, key, true, &c), WARD_OK);
    assert_int_equal(cbc_mac_ct(c, hdr, 13, data, 10, 20, 10, out), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(cbc_mac_ct(c, NULL, 13, data, 10, 0, 10, out), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(cbc_mac_ct(c, hdr, 64, data, 10, 0, 10, out), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(cbc_mac_ct(NULL, hdr, 13, data, 10, 0, 10, out), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(cbc_mac(c, hdr, 13, NULL, 1, out), WARD_E_INVALID_ARGUMENT);
    cbc_free(c);
    cbc_free(NULL);
}

/* NIST SP 800-38A F.2.1 (CBC-AES128.Encrypt), F.2.5 (CBC-AES256.Encrypt), first
 * two blocks. */
static void test_cipher_known_answers(void **state)
{
    (void)state;
    static const uint8_t k128[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                     0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
    static const uint8_t k256[32] = {0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe,
                                     0x2b, 0x73, 0xae, 0xf0, 0x85, 0x7d, 0x77, 0x81,
                                     0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61, 0x08, 0xd7,
                                     0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4};
    static const uint8_t iv[16] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                   0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
    static const uint8_t pt[32] = {0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e,
                                   0x11, 0x73, 0x93, 0x17, 0x2a, 0xae, 0x2d, 0x8a, 0x57, 0x1e, 0x03,
                                   0xac, 0x9c, 0x9e, 0xb7, 0x6f, 0xac, 0x45, 0xaf, 0x8e, 0x51};
    static const uint8_t ct128[32] = {0x76, 0x49, 0xab, 0xac, 0x81, 0x19, 0xb2, 0x46,
                                      0xce, 0xe9, 0x8e, 0x9b, 0x12, 0xe9, 0x19, 0x7d,
                                      0x50, 0x86, 0xcb, 0x9b, 0x50, 0x72, 0x19, 0xee,
                                      0x95, 0xdb, 0x11, 0x3a, 0x91, 0x76, 0x78, 0xb2};
    static const uint8_t ct256[32] = {0xf5, 0x8c, 0x4c, 0x04, 0xd6, 0xe5, 0xf1, 0xba,
                                      0x77, 0x9e, 0xab, 0xfb, 0x5f, 0x7b, 0xfb, 0xd6,
                                      0x9c, 0xfc, 0x4e, 0x96, 0x7e, 0xdb, 0x80, 0x8d,
                                      0x67, 0x9f, 0x77, 0x7b, 0xc6, 0x70, 0x2c, 0x7d};
    static const uint8_t mac_key[20];
    const struct {
        cbc_cipher c;
        const uint8_t *key, *ct;
    } kats[] = {{CBC_AES_128, k128, ct128}, {CBC_AES_256, k256, ct256}};
    for (size_t i = 0; i < 2; i++) {
        cbc_ctx *e = NULL, *d = NULL;
        assert_int_equal(cbc_new(kats[i].c, HASH_SHA1, mac_key, kats[i].key, true, &e), WARD_OK);
        assert_int_equal(cbc_new(kats[i].c, HASH_SHA1, mac_key, kats[i].key, false, &d), WARD_OK);
        uint8_t buf[32];
        assert_int_equal(cbc_encrypt(e, iv, pt, 32, buf), WARD_OK);
        assert_memory_equal(buf, kats[i].ct, 32);
        /* the IV is set per call: the same again */
        assert_int_equal(cbc_encrypt(e, iv, pt, 32, buf), WARD_OK);
        assert_memory_equal(buf, kats[i].ct, 32);
        assert_int_equal(cbc_decrypt(d, iv, buf, 32, buf), WARD_OK); /* in place */
        assert_memory_equal(buf, pt, 32);
        /* whole blocks only, and each context keeps its direction */
        assert_int_equal(cbc_encrypt(e, iv, pt, 31, buf), WARD_E_INVALID_ARGUMENT);
        assert_int_equal(cbc_decrypt(e, iv, pt, 32, buf), WARD_E_INVALID_ARGUMENT);
        assert_int_equal(cbc_encrypt(d, iv, pt, 32, buf), WARD_E_INVALID_ARGUMENT);
        cbc_free(e);
        cbc_free(d);
    }
}

static void test_new_bad_arguments(void **state)
{
    (void)state;
    static const uint8_t key[48];
    cbc_ctx *c = (cbc_ctx *)1;
    assert_int_equal(cbc_new((cbc_cipher)0, HASH_SHA1, key, key, true, &c),
                     WARD_E_INVALID_ARGUMENT);
    assert_null(c);
    assert_int_equal(cbc_new(CBC_AES_128, (hash_alg)9, key, key, true, &c),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(cbc_new(CBC_AES_128, HASH_SHA1, NULL, key, true, &c), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(cbc_new(CBC_AES_128, HASH_SHA1, key, NULL, true, &c), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(cbc_new(CBC_AES_128, HASH_SHA1, key, key, true, NULL),
                     WARD_E_INVALID_ARGUMENT);
}

/* Every IV is new, across refills of the pool; reading contexts have none. */
static void test_next_iv(void **state)
{
    (void)state;
    static const uint8_t key[48];
    cbc_ctx *e = NULL, *d = NULL;
    assert_int_equal(cbc_new(CBC_AES_128, HASH_SHA256, key, key, true, &e), WARD_OK);
    assert_int_equal(cbc_new(CBC_AES_128, HASH_SHA256, key, key, false, &d), WARD_OK);
    enum { N = 100 };
    uint8_t ivs[N][16];
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(cbc_next_iv(e, ivs[i]), WARD_OK);
        for (size_t j = 0; j < i; j++)
            assert_memory_not_equal(ivs[i], ivs[j], 16);
    }
    assert_int_equal(cbc_next_iv(d, ivs[0]), WARD_E_INVALID_ARGUMENT);
    cbc_free(e);
    cbc_free(d);
}

/* SHA-1 is a record MAC and nothing else: no hash, HMAC, HKDF or PRF takes it. */
static void test_sha1_only_for_record_macs(void **state)
{
    (void)state;
    static const uint8_t data[16];
    uint8_t out[64];
    assert_int_equal(hash_size(HASH_SHA1), 0);
    assert_null(hash_new(HASH_SHA1));
    assert_int_not_equal(hash_oneshot(HASH_SHA1, data, sizeof data, out), WARD_OK);
    assert_int_not_equal(crypto_hmac(HASH_SHA1, data, sizeof data, data, sizeof data, out),
                         WARD_OK);
    assert_int_not_equal(hkdf_extract(HASH_SHA1, NULL, 0, data, sizeof data, out), WARD_OK);
    assert_int_not_equal(hkdf_expand(HASH_SHA1, data, sizeof data, data, 4, out, 20), WARD_OK);
    assert_int_equal(cbc_mac_size(HASH_SHA1), 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mac_ct_matches_hmac),
        cmocka_unit_test(test_mac_ct_bad_arguments),
        cmocka_unit_test(test_cipher_known_answers),
        cmocka_unit_test(test_new_bad_arguments),
        cmocka_unit_test(test_next_iv),
        cmocka_unit_test(test_sha1_only_for_record_macs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
