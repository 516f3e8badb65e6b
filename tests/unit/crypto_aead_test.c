/* crypto_aead_test.c -- AES-GCM (GCM spec test cases 4 and 16) and
 * ChaCha20-Poly1305 (RFC 8439 2.8.2), in place and out of place, and every way a
 * record can be tampered with. */
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

struct aead_vector {
    aead_alg alg;
    const char *key, *nonce, *aad, *pt, *ct, *tag;
};

#define GCM_PT                                                                                     \
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"                             \
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
#define GCM_AAD "feedfacedeadbeeffeedfacedeadbeefabaddad2"

static const struct aead_vector vectors[] = {
    /* The Galois/Counter Mode of Operation (McGrew, Viega), test case 4. */
    {AEAD_AES_128_GCM, "feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888", GCM_AAD,
     GCM_PT,
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
     "5bc94fbc3221a5db94fae95ae7121a47"},
    /* Test case 16 (AES-256). */
    {AEAD_AES_256_GCM, "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888", GCM_AAD, GCM_PT,
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
    /* RFC 8439 2.8.2. */
    {AEAD_CHACHA20_POLY1305, "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
     "070000004041424344454647", "50515253c0c1c2c3c4c5c6c7",
     /* "Ladies and Gentlemen of the class of '99: If I could offer you only one
      * tip for the future, sunscreen would be it." */
     "4c616469657320616e642047656e746c656d656e206f662074686520636c6173"
     "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"
     "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"
     "637265656e20776f756c642062652069742e",
     "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
     "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
     "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
     "3ff4def08e4b7a9de576d26586cec64b6116",
     "1ae10b594f09e26a7e902ecbd0600691"},
};

struct decoded {
    uint8_t key[32], nonce[12], aad[64], pt[256], sealed[256 + 16];
    size_t aad_len, pt_len;
};

static void decode(const struct aead_vector *v, struct decoded *d)
{
    assert_int_equal(unhex(v->key, d->key, sizeof d->key), aead_key_size(v->alg));
    assert_int_equal(unhex(v->nonce, d->nonce, sizeof d->nonce), 12);
    d->aad_len = unhex(v->aad, d->aad, sizeof d->aad);
    d->pt_len = unhex(v->pt, d->pt, sizeof d->pt);
    assert_int_equal(unhex(v->ct, d->sealed, sizeof d->sealed), d->pt_len);
    assert_int_equal(unhex(v->tag, d->sealed + d->pt_len, 16), 16);
}

static void test_vectors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        struct decoded d;
        decode(&vectors[i], &d);
        aead_ctx *seal, *open;
        assert_int_equal(aead_new(vectors[i].alg, d.key, true, &seal), WARD_OK);
        assert_int_equal(aead_new(vectors[i].alg, d.key, false, &open), WARD_OK);

        uint8_t buf[256 + 16];
        assert_int_equal(aead_seal(seal, d.nonce, d.aad, d.aad_len, d.pt, d.pt_len, buf), WARD_OK);
        assert_memory_equal(buf, d.sealed, d.pt_len + 16);
        uint8_t plain[256];
        assert_int_equal(aead_open(open, d.nonce, d.aad, d.aad_len, buf, d.pt_len + 16, plain),
                         WARD_OK);
        assert_memory_equal(plain, d.pt, d.pt_len);

        /* In place, twice in a row on the same contexts (only the nonce is reset). */
        for (int round = 0; round < 2; round++) {
            memcpy(buf, d.pt, d.pt_len);
            assert_int_equal(aead_seal(seal, d.nonce, d.aad, d.aad_len, buf, d.pt_len, buf),
                             WARD_OK);
            assert_memory_equal(buf, d.sealed, d.pt_len + 16);
            assert_int_equal(aead_open(open, d.nonce, d.aad, d.aad_len, buf, d.pt_len + 16, buf),
                             WARD_OK);
            assert_memory_equal(buf, d.pt, d.pt_len);
        }
        aead_free(seal);
        aead_free(open);
    }
}

/* Flips one bit at position pos of the sealed record, the aad or the nonce, and
 * checks the record is rejected and no plaintext comes out. */
static void expect_reject(const struct aead_vector *v, int what, size_t pos)
{
    struct decoded d;
    decode(v, &d);
    aead_ctx *open;
    assert_int_equal(aead_new(v->alg, d.key, false, &open), WARD_OK);
    switch (what) {
    case 0: d.sealed[pos] ^= 0x01; break;
    case 1: d.aad[pos] ^= 0x80; break;
    default: d.nonce[pos] ^= 0x40; break;
    }
    uint8_t out[256];
    memset(out, 0xee, sizeof out);
    assert_int_equal(aead_open(open, d.nonce, d.aad, d.aad_len, d.sealed, d.pt_len + 16, out),
                     WARD_E_BAD_RECORD_MAC);
    /* No unauthenticated plaintext is released. */
    for (size_t i = 0; i < d.pt_len; i++)
        assert_true(out[i] != d.pt[i] || d.pt[i] == 0);
    /* The context still works after a failure. */
    decode(v, &d);
    assert_int_equal(aead_open(open, d.nonce, d.aad, d.aad_len, d.sealed, d.pt_len + 16, out),
                     WARD_OK);
    aead_free(open);
}

static void test_tamper(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        struct decoded d;
        decode(&vectors[i], &d);
        expect_reject(&vectors[i], 0, 0);             /* ciphertext, first byte */
        expect_reject(&vectors[i], 0, d.pt_len - 1);  /* ciphertext, last byte */
        expect_reject(&vectors[i], 0, d.pt_len);      /* tag, first byte */
        expect_reject(&vectors[i], 0, d.pt_len + 15); /* tag, last byte */
        expect_reject(&vectors[i], 1, 0);             /* aad */
        expect_reject(&vectors[i], 1, d.aad_len - 1); /* aad, last byte */
        expect_reject(&vectors[i], 2, 11);            /* nonce */
    }
}

static void test_short_and_wrong_aad_length(void **state)
{
    (void)state;
    uint8_t key[32] = {0}, nonce[12] = {0}, buf[64] = {0}, out[64];
    aead_ctx *seal, *open;
    assert_int_equal(aead_new(AEAD_AES_128_GCM, key, true, &seal), WARD_OK);
    assert_int_equal(aead_new(AEAD_AES_128_GCM, key, false, &open), WARD_OK);
    /* Empty plaintext: only a tag. */
    assert_int_equal(aead_seal(seal, nonce, NULL, 0, NULL, 0, buf), WARD_OK);
    assert_int_equal(aead_open(open, nonce, NULL, 0, buf, 16, out), WARD_OK);
    /* Shorter than a tag. */
    assert_int_equal(aead_open(open, nonce, NULL, 0, buf, 15, out), WARD_E_BAD_RECORD_MAC);
    assert_int_equal(aead_open(open, nonce, NULL, 0, buf, 0, out), WARD_E_BAD_RECORD_MAC);
    /* AAD that is a prefix of the real one. */
    uint8_t aad[5] = {23, 3, 3, 0, 21};
    assert_int_equal(aead_seal(seal, nonce, aad, 5, buf, 5, buf), WARD_OK);
    assert_int_equal(aead_open(open, nonce, aad, 4, buf, 21, out), WARD_E_BAD_RECORD_MAC);
    assert_int_equal(aead_open(open, nonce, aad, 5, buf, 21, out), WARD_OK);
    /* A truncated tag. */
    assert_int_equal(aead_open(open, nonce, aad, 5, buf, 20, out), WARD_E_BAD_RECORD_MAC);
    /* Direction misuse. */
    assert_int_equal(aead_seal(open, nonce, aad, 5, buf, 5, out), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(aead_open(seal, nonce, aad, 5, buf, 21, out), WARD_E_INVALID_ARGUMENT);
    aead_free(seal);
    aead_free(open);
    aead_free(NULL);
}

static void test_bad_alg(void **state)
{
    (void)state;
    uint8_t key[32] = {0};
    aead_ctx *a = (aead_ctx *)1;
    assert_int_equal(aead_new((aead_alg)9, key, true, &a), WARD_E_INVALID_ARGUMENT);
    assert_null(a);
    assert_int_equal(aead_key_size(AEAD_AES_128_GCM), 16);
    assert_int_equal(aead_key_size(AEAD_AES_256_GCM), 32);
    assert_int_equal(aead_key_size(AEAD_CHACHA20_POLY1305), 32);
    assert_int_equal(aead_key_size((aead_alg)0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_tamper),
        cmocka_unit_test(test_short_and_wrong_aad_length),
        cmocka_unit_test(test_bad_alg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
