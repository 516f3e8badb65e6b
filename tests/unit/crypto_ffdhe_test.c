/* crypto_ffdhe_test.c -- the RFC 7919 groups ffdhe2048/3072/4096: their
 * parameters, recognising them (and nothing else) from p and g, key exchange
 * both ways, and the public values that must be refused (RFC 7919 5.1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"

static const uint16_t groups[] = {GROUP_FFDHE2048, GROUP_FFDHE3072, GROUP_FFDHE4096};

static void test_groups(void **state)
{
    (void)state;
    for (size_t i = 0; i < 3; i++) {
        assert_true(kx_group_supported(groups[i]));
        assert_true(kx_group_is_ffdhe(groups[i]));
        assert_int_equal(kx_public_size(groups[i]), 256 + 128 * i);
    }
    assert_true(kx_group_is_ffdhe(0x0103)); /* ffdhe6144: in the range, not supported */
    assert_false(kx_group_supported(0x0103));
    assert_true(kx_group_is_ffdhe(0x01ff));
    assert_false(kx_group_is_ffdhe(0x0200));
    assert_false(kx_group_is_ffdhe(GROUP_X25519));
}

/* RFC 7919 A.1: p begins FFFFFFFF FFFFFFFF ADF85458 A2BB4A9A and ends with 64
 * one bits; g = 2. */
static void test_params(void **state)
{
    (void)state;
    static const uint8_t head[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                   0xad, 0xf8, 0x54, 0x58, 0xa2, 0xbb, 0x4a, 0x9a};
    for (size_t i = 0; i < 3; i++) {
        uint8_t p[CRYPTO_MAX_PUB], g[CRYPTO_MAX_PUB];
        size_t p_len, g_len;
        assert_int_equal(kx_ffdhe_params(groups[i], p, sizeof p, &p_len, g, sizeof g, &g_len),
                         WARD_OK);
        assert_int_equal(p_len, kx_public_size(groups[i]));
        assert_memory_equal(p, head, sizeof head);
        for (size_t j = p_len - 8; j < p_len; j++)
            assert_int_equal(p[j], 0xff);
        assert_int_equal(g_len, 1);
        assert_int_equal(g[0], 2);
    }
    uint8_t p[CRYPTO_MAX_PUB], g[4];
    size_t p_len, g_len;
    assert_int_equal(kx_ffdhe_params(GROUP_X25519, p, sizeof p, &p_len, g, sizeof g, &g_len),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(kx_ffdhe_params(GROUP_FFDHE4096, p, 300, &p_len, g, sizeof g, &g_len),
                     WARD_E_INVALID_ARGUMENT);
}

static void test_group_of(void **state)
{
    (void)state;
    uint8_t p[CRYPTO_MAX_PUB + 1], g[4];
    size_t p_len, g_len;
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(
            kx_ffdhe_params(groups[i], p + 1, CRYPTO_MAX_PUB, &p_len, g + 1, 3, &g_len), WARD_OK);
        assert_int_equal(kx_ffdhe_group_of(p + 1, p_len, g + 1, g_len), groups[i]);
        /* Leading zero bytes do not change the numbers. */
        p[0] = 0;
        g[0] = 0;
        assert_int_equal(kx_ffdhe_group_of(p, p_len + 1, g, g_len + 1), groups[i]);
        /* Another generator, a truncated prime (a 1024-bit "group"), one bit off. */
        g[1] = 5;
        assert_int_equal(kx_ffdhe_group_of(p + 1, p_len, g + 1, g_len), 0);
        g[1] = 2;
        assert_int_equal(kx_ffdhe_group_of(p + 1, 128, g + 1, g_len), 0);
        p[100] ^= 0x01;
        assert_int_equal(kx_ffdhe_group_of(p + 1, p_len, g + 1, g_len), 0);
    }
    assert_int_equal(kx_ffdhe_group_of(NULL, 0, g, 1), 0);
}

static void test_round_trip(void **state)
{
    (void)state;
    for (size_t i = 0; i < 3; i++) {
        kx_key *a, *b;
        assert_int_equal(kx_generate(groups[i], &a), WARD_OK);
        assert_int_equal(kx_generate(groups[i], &b), WARD_OK);
        assert_int_equal(kx_group(a), groups[i]);
        uint8_t pa[CRYPTO_MAX_PUB], pb[CRYPTO_MAX_PUB], sa[CRYPTO_MAX_SHARED],
            sb[CRYPTO_MAX_SHARED];
        size_t la, lb, na, nb;
        assert_int_equal(kx_public(a, pa, sizeof pa, &la), WARD_OK);
        assert_int_equal(kx_public(b, pb, sizeof pb, &lb), WARD_OK);
        assert_int_equal(la, kx_public_size(groups[i]));
        assert_int_equal(lb, la);
        assert_int_equal(kx_derive(a, pb, lb, sa, sizeof sa, &na), WARD_OK);
        assert_int_equal(kx_derive(b, pa, la, sb, sizeof sb, &nb), WARD_OK);
        /* Padded to the size of p (RFC 8446 7.4.1). */
        assert_int_equal(na, la);
        assert_int_equal(nb, la);
        assert_memory_equal(sa, sb, na);
        kx_free(a);
        kx_free(b);
    }
}

static void expect_bad(const kx_key *k, const uint8_t *peer, size_t len)
{
    uint8_t out[CRYPTO_MAX_SHARED];
    size_t n = 99;
    assert_int_equal(kx_derive(k, peer, len, out, sizeof out, &n), WARD_E_BAD_KEY_SHARE);
    assert_int_equal(n, 0);
}

/* Sets v (len bytes) to p - d, for the small d used here. */
static void p_minus(uint8_t *v, size_t len, uint8_t d)
{
    uint8_t g[4];
    size_t p_len, g_len;
    assert_int_equal(kx_ffdhe_params(GROUP_FFDHE2048, v, len, &p_len, g, sizeof g, &g_len),
                     WARD_OK);
    assert_int_equal(p_len, len);
    assert_true(v[len - 1] >= d); /* p ends with ones: no borrow */
    v[len - 1] = (uint8_t)(v[len - 1] - d);
}

/* RFC 7919 5.1: 1 < Y < p - 1; and Y must lie in the prime-order subgroup. */
static void test_bad_peers(void **state)
{
    (void)state;
    kx_key *k, *other;
    assert_int_equal(kx_generate(GROUP_FFDHE2048, &k), WARD_OK);
    assert_int_equal(kx_generate(GROUP_FFDHE3072, &other), WARD_OK);
    uint8_t y[CRYPTO_MAX_PUB];
    size_t len;
    memset(y, 0, 256);
    expect_bad(k, y, 256); /* 0 */
    y[255] = 1;
    expect_bad(k, y, 256); /* 1 */
    p_minus(y, 256, 1);
    expect_bad(k, y, 256); /* p - 1 */
    p_minus(y, 256, 0);
    expect_bad(k, y, 256); /* p */
    memset(y, 0xff, 256);
    expect_bad(k, y, 256); /* 2^2048 - 1 > p */
    /* p - 2 = -2 is a quadratic non-residue (p = 7 mod 8): in range, but not in
     * the subgroup of order q. */
    p_minus(y, 256, 2);
    expect_bad(k, y, 256);
    /* Not padded to the size of p; and a value of another group. */
    memset(y, 0, 256);
    y[255] = 2;
    expect_bad(k, y + 1, 255);
    assert_int_equal(kx_public(other, y, sizeof y, &len), WARD_OK);
    expect_bad(k, y, len);
    expect_bad(k, NULL, 256);
    /* 2 (the generator) is a fine public value. */
    uint8_t out[CRYPTO_MAX_SHARED];
    memset(y, 0, 256);
    y[255] = 2;
    assert_int_equal(kx_derive(k, y, 256, out, sizeof out, &len), WARD_OK);
    kx_free(k);
    kx_free(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups),    cmocka_unit_test(test_params),
        cmocka_unit_test(test_group_of),  cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_bad_peers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
