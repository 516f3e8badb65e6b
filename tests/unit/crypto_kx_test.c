/* crypto_kx_test.c -- X25519 (RFC 7748), P-256 and P-384 key exchange, and the
 * peer values that must be refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"

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

static void test_groups(void **state)
{
    (void)state;
    assert_true(kx_group_supported(GROUP_X25519));
    assert_true(kx_group_supported(GROUP_SECP256R1));
    assert_true(kx_group_supported(GROUP_SECP384R1));
    assert_false(kx_group_supported(0x0019)); /* secp521r1: not offered */
    assert_false(kx_group_supported(0x0103)); /* ffdhe6144 */
    assert_int_equal(kx_public_size(GROUP_X25519), 32);
    assert_int_equal(kx_public_size(GROUP_SECP256R1), 65);
    assert_int_equal(kx_public_size(GROUP_SECP384R1), 97);
    assert_int_equal(kx_public_size(0x0019), 0);
    kx_key *k = (kx_key *)1;
    assert_int_equal(kx_generate(0x0019, &k), WARD_E_INVALID_ARGUMENT);
    assert_null(k);
}

/* RFC 7748 6.1: Alice and Bob. */
static void test_x25519_rfc7748(void **state)
{
    (void)state;
    uint8_t a_priv[32], b_priv[32], a_pub[32], b_pub[32], want[32], got[64];
    unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", a_priv, 32);
    unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", a_pub, 32);
    unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", b_priv, 32);
    unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", b_pub, 32);
    unhex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", want, 32);

    kx_key *a, *b;
    assert_int_equal(kx_from_private(GROUP_X25519, a_priv, 32, &a), WARD_OK);
    assert_int_equal(kx_from_private(GROUP_X25519, b_priv, 32, &b), WARD_OK);
    size_t len;
    assert_int_equal(kx_public(a, got, sizeof got, &len), WARD_OK);
    assert_int_equal(len, 32);
    assert_memory_equal(got, a_pub, 32);
    assert_int_equal(kx_public(b, got, sizeof got, &len), WARD_OK);
    assert_memory_equal(got, b_pub, 32);
    assert_int_equal(kx_public(b, got, 31, &len), WARD_E_INVALID_ARGUMENT);

    assert_int_equal(kx_derive(a, b_pub, 32, got, sizeof got, &len), WARD_OK);
    assert_int_equal(len, 32);
    assert_memory_equal(got, want, 32);
    assert_int_equal(kx_derive(b, a_pub, 32, got, sizeof got, &len), WARD_OK);
    assert_memory_equal(got, want, 32);
    assert_int_equal(kx_derive(a, b_pub, 32, got, 31, &len), WARD_E_INVALID_ARGUMENT);
    kx_free(a);
    kx_free(b);

    assert_int_equal(kx_from_private(GROUP_SECP256R1, a_priv, 32, &a), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(kx_from_private(GROUP_X25519, a_priv, 31, &a), WARD_E_INVALID_ARGUMENT);
}

/* Both sides of each group agree, and the secret has the field's size. */
static void test_round_trip(void **state)
{
    (void)state;
    static const uint16_t groups[] = {GROUP_X25519, GROUP_SECP256R1, GROUP_SECP384R1};
    static const size_t secret_size[] = {32, 32, 48};
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
        assert_memory_not_equal(pa, pb, la);
        if (groups[i] != GROUP_X25519)
            assert_int_equal(pa[0], 0x04);
        assert_int_equal(kx_derive(a, pb, lb, sa, sizeof sa, &na), WARD_OK);
        assert_int_equal(kx_derive(b, pa, la, sb, sizeof sb, &nb), WARD_OK);
        assert_int_equal(na, secret_size[i]);
        assert_int_equal(nb, na);
        assert_memory_equal(sa, sb, na);
        kx_free(a);
        kx_free(b);
    }
    kx_free(NULL);
}

static void expect_bad_share(const kx_key *k, const uint8_t *peer, size_t len)
{
    uint8_t out[CRYPTO_MAX_SHARED];
    size_t n = 99;
    assert_int_equal(kx_derive(k, peer, len, out, sizeof out, &n), WARD_E_BAD_KEY_SHARE);
    assert_int_equal(n, 0);
}

static void test_x25519_bad_peers(void **state)
{
    (void)state;
    kx_key *k;
    assert_int_equal(kx_generate(GROUP_X25519, &k), WARD_OK);
    uint8_t peer[33] = {0};
    /* All-zero public value: the shared secret would be all zero. */
    expect_bad_share(k, peer, 32);
    /* u = 1 has order 4, and a point of order 8 (RFC 7748 / libsodium's
     * blocklist): all-zero secret again. */
    peer[0] = 1;
    expect_bad_share(k, peer, 32);
    unhex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", peer, 32);
    expect_bad_share(k, peer, 32);
    /* Wrong lengths. */
    assert_int_equal(kx_public(k, peer, sizeof peer, &(size_t){0}), WARD_OK);
    expect_bad_share(k, peer, 31);
    expect_bad_share(k, peer, 33);
    expect_bad_share(k, peer, 0);
    expect_bad_share(k, NULL, 32);
    kx_free(k);
}

static void test_nist_bad_peers(void **state)
{
    (void)state;
    kx_key *k, *other, *p384;
    assert_int_equal(kx_generate(GROUP_SECP256R1, &k), WARD_OK);
    assert_int_equal(kx_generate(GROUP_SECP256R1, &other), WARD_OK);
    assert_int_equal(kx_generate(GROUP_SECP384R1, &p384), WARD_OK);
    uint8_t good[CRYPTO_MAX_PUB], bad[CRYPTO_MAX_PUB + 1];
    size_t len;
    assert_int_equal(kx_public(other, good, sizeof good, &len), WARD_OK);
    assert_int_equal(len, 65);

    /* Compressed form: the right length for X alone, and a 65-byte value with a
     * compressed or hybrid prefix. */
    memcpy(bad, good, 33);
    bad[0] = (uint8_t)(0x02 | (good[64] & 1));
    expect_bad_share(k, bad, 33);
    memcpy(bad, good, 65);
    bad[0] = 0x02;
    expect_bad_share(k, bad, 65);
    bad[0] = 0x06 | (good[64] & 1);
    expect_bad_share(k, bad, 65);
    /* Truncated and overlong. */
    expect_bad_share(k, good, 64);
    memcpy(bad, good, 65);
    bad[65] = 0;
    expect_bad_share(k, bad, 66);
    /* The point at infinity (single zero byte) and an all-zero point. */
    memset(bad, 0, sizeof bad);
    expect_bad_share(k, bad, 1);
    bad[0] = 0x04;
    expect_bad_share(k, bad, 65);
    /* Off the curve: one bit of Y flipped. */
    memcpy(bad, good, 65);
    bad[64] ^= 0x01;
    expect_bad_share(k, bad, 65);
    /* A coordinate >= p (p itself for X). */
    unhex("04ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", bad, 33);
    memcpy(bad + 33, good + 33, 32);
    expect_bad_share(k, bad, 65);
    /* A P-384 value offered to a P-256 key. */
    assert_int_equal(kx_public(p384, bad, sizeof bad, &len), WARD_OK);
    expect_bad_share(k, bad, len);

    /* The genuine value still works. */
    uint8_t secret[CRYPTO_MAX_SHARED];
    assert_int_equal(kx_derive(k, good, 65, secret, sizeof secret, &len), WARD_OK);
    kx_free(k);
    kx_free(other);
    kx_free(p384);
}

static void test_p384_off_curve(void **state)
{
    (void)state;
    kx_key *k, *other;
    assert_int_equal(kx_generate(GROUP_SECP384R1, &k), WARD_OK);
    assert_int_equal(kx_generate(GROUP_SECP384R1, &other), WARD_OK);
    uint8_t pub[CRYPTO_MAX_PUB];
    size_t len;
    assert_int_equal(kx_public(other, pub, sizeof pub, &len), WARD_OK);
    assert_int_equal(len, 97);
    pub[50] ^= 0x10;
    expect_bad_share(k, pub, len);
    kx_free(k);
    kx_free(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups),         cmocka_unit_test(test_x25519_rfc7748),
        cmocka_unit_test(test_round_trip),     cmocka_unit_test(test_x25519_bad_peers),
        cmocka_unit_test(test_nist_bad_peers), cmocka_unit_test(test_p384_off_curve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
