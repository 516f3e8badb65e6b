/* crypto_hash_test.c -- hashes, HMAC (RFC 4231) and HKDF (RFC 5869). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"

/* Decodes hex (whitespace ignored) into out; returns the byte count. */
static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;
    for (; *hex; hex++) {
        int v;
        char ch = *hex;
        if (ch >= '0' && ch <= '9')
            v = ch - '0';
        else if (ch >= 'a' && ch <= 'f')
            v = ch - 'a' + 10;
        else if (ch >= 'A' && ch <= 'F')
            v = ch - 'A' + 10;
        else
            continue;
        if (hi < 0) {
            hi = v;
            continue;
        }
        assert_true(n < cap);
        out[n++] = (uint8_t)(hi << 4 | v);
        hi = -1;
    }
    assert_int_equal(hi, -1);
    return n;
}

static void assert_hex(const uint8_t *got, size_t len, const char *want_hex)
{
    uint8_t want[256];
    size_t n = unhex(want_hex, want, sizeof want);
    assert_int_equal(len, n);
    assert_memory_equal(got, want, n);
}

static void test_sizes(void **state)
{
    (void)state;
    assert_int_equal(crypto_init(), WARD_OK);
    assert_int_equal(crypto_init(), WARD_OK);
    assert_int_equal(hash_size(HASH_SHA256), 32);
    assert_int_equal(hash_size(HASH_SHA384), 48);
    assert_int_equal(hash_size((hash_alg)99), 0);
    assert_null(hash_new((hash_alg)99));
}

static void test_sha_abc(void **state)
{
    (void)state;
    uint8_t out[48];
    assert_int_equal(hash_oneshot(HASH_SHA256, "abc", 3, out), WARD_OK);
    assert_hex(out, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(hash_oneshot(HASH_SHA384, "abc", 3, out), WARD_OK);
    assert_hex(out, 48,
               "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
               "8086072ba1e7cc2358baeca134c825a7");
    assert_int_equal(hash_oneshot(HASH_SHA256, NULL, 0, out), WARD_OK);
    assert_hex(out, 32, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* A transcript is peeked at, duplicated and continued; each view must agree
 * with a one-shot hash of the same bytes. */
static void test_running_hash(void **state)
{
    (void)state;
    uint8_t peek[32], want[32];
    hash_ctx *h = hash_new(HASH_SHA256);
    assert_non_null(h);
    assert_int_equal(hash_update(h, "a", 1), WARD_OK);
    assert_int_equal(hash_peek(h, peek), WARD_OK);
    assert_int_equal(hash_oneshot(HASH_SHA256, "a", 1, want), WARD_OK);
    assert_memory_equal(peek, want, 32);

    hash_ctx *d = hash_dup(h);
    assert_non_null(d);
    assert_int_equal(hash_update(h, "bc", 2), WARD_OK);
    assert_int_equal(hash_peek(h, peek), WARD_OK);
    assert_hex(peek, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* Peeking twice gives the same answer: the running state is untouched. */
    assert_int_equal(hash_peek(h, peek), WARD_OK);
    assert_hex(peek, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* The copy did not see "bc". */
    assert_int_equal(hash_peek(d, peek), WARD_OK);
    assert_memory_equal(peek, want, 32);
    hash_free(d);
    hash_free(h);
    hash_free(NULL);
}

struct hmac_vector {
    const char *key, *data, *sha256, *sha384;
};

/* RFC 4231 test cases 1, 2, 3 and 6. */
static const struct hmac_vector rfc4231[] = {
    {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
     "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
     "faea9ea9076ede7f4af152e8b2fa9cb6"},
    {"4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
     "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
     "8e2240ca5e69e2c78b3239ecfab21649"},
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
     "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
     "dddddddddddddddddddddddddddddddddddd",
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
     "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
     "2a5ab39dc13814b94e3ab6e101a34f27"},
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaa",
     "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a"
     "65204b6579202d2048617368204b6579204669727374",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
     "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
     "0c2ef6ab4030fe8296248df163f44952"},
};

static void test_hmac_rfc4231(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rfc4231 / sizeof rfc4231[0]; i++) {
        uint8_t key[256], data[256], out[48];
        size_t key_len = unhex(rfc4231[i].key, key, sizeof key);
        size_t data_len = unhex(rfc4231[i].data, data, sizeof data);
        assert_int_equal(crypto_hmac(HASH_SHA256, key, key_len, data, data_len, out), WARD_OK);
        assert_hex(out, 32, rfc4231[i].sha256);
        assert_int_equal(crypto_hmac(HASH_SHA384, key, key_len, data, data_len, out), WARD_OK);
        assert_hex(out, 48, rfc4231[i].sha384);
    }
}

static void test_hmac_bad_args(void **state)
{
    (void)state;
    uint8_t out[48];
    assert_int_equal(crypto_hmac((hash_alg)7, (const uint8_t *)"k", 1, NULL, 0, out),
                     WARD_E_INVALID_ARGUMENT);
    /* An empty key is legal HMAC. */
    assert_int_equal(crypto_hmac(HASH_SHA256, NULL, 0, NULL, 0, out), WARD_OK);
    assert_hex(out, 32, "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

/* RFC 5869 A.1 (basic) and A.3 (zero-length salt and info). */
static void test_hkdf_rfc5869(void **state)
{
    (void)state;
    uint8_t ikm[22], salt[13], info[10], prk[32], okm[42];
    memset(ikm, 0x0b, sizeof ikm);
    for (uint8_t i = 0; i < sizeof salt; i++)
        salt[i] = i;
    for (uint8_t i = 0; i < sizeof info; i++)
        info[i] = (uint8_t)(0xf0 + i);

    assert_int_equal(hkdf_extract(HASH_SHA256, salt, sizeof salt, ikm, sizeof ikm, prk), WARD_OK);
    assert_hex(prk, 32, "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
    assert_int_equal(hkdf_expand(HASH_SHA256, prk, 32, info, sizeof info, okm, 42), WARD_OK);
    assert_hex(okm, 42,
               "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
               "34007208d5b887185865");

    /* A.3: a NULL salt means HashLen zeros, which HMAC treats like an empty one. */
    assert_int_equal(hkdf_extract(HASH_SHA256, NULL, 0, ikm, sizeof ikm, prk), WARD_OK);
    assert_hex(prk, 32, "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
    assert_int_equal(hkdf_expand(HASH_SHA256, prk, 32, NULL, 0, okm, 42), WARD_OK);
    assert_hex(okm, 42,
               "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
               "9d201395faa4b61a96c8");
    uint8_t empty_salt[1];
    assert_int_equal(hkdf_extract(HASH_SHA256, empty_salt, 0, ikm, sizeof ikm, prk), WARD_OK);
    assert_hex(prk, 32, "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
}

static void test_hkdf_limits(void **state)
{
    (void)state;
    uint8_t prk[48] = {1}, one[1];
    static uint8_t big[255 * 48 + 1];
    assert_int_equal(hkdf_expand(HASH_SHA384, prk, 48, NULL, 0, big, 255 * 48), WARD_OK);
    assert_int_equal(hkdf_expand(HASH_SHA384, prk, 48, NULL, 0, big, 255 * 48 + 1),
                     WARD_E_INVALID_ARGUMENT);
    /* Shorter outputs are prefixes of longer ones. */
    assert_int_equal(hkdf_expand(HASH_SHA384, prk, 48, NULL, 0, one, 1), WARD_OK);
    assert_int_equal(one[0], big[0]);
    assert_int_equal(hkdf_expand((hash_alg)0, prk, 48, NULL, 0, one, 1), WARD_E_INVALID_ARGUMENT);
}

static void test_random(void **state)
{
    (void)state;
    uint8_t a[32] = {0}, b[32] = {0};
    assert_int_equal(crypto_random(a, sizeof a), WARD_OK);
    assert_int_equal(crypto_random(b, sizeof b), WARD_OK);
    assert_memory_not_equal(a, b, sizeof a);
    assert_int_equal(crypto_random(NULL, 0), WARD_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes),         cmocka_unit_test(test_sha_abc),
        cmocka_unit_test(test_running_hash),  cmocka_unit_test(test_hmac_rfc4231),
        cmocka_unit_test(test_hmac_bad_args), cmocka_unit_test(test_hkdf_rfc5869),
        cmocka_unit_test(test_hkdf_limits),   cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
