/* key_schedule_test.c -- HKDF-Expand-Label, Derive-Secret and the TLS 1.3 key
 * schedule (src/hs/key_schedule.c). SHA-256 is checked byte for byte against
 * RFC 8448 in tests/vectors/rfc8448_test.c; here SHA-384 is checked against an
 * independent computation (Python hmac/hashlib, RFC 8446 7.1 written out) over
 * the inputs below, and the argument checks are exercised. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/mem.h"
#include "hs/key_schedule.h"

/* Inputs: psk = 01 02 .. 20, shared = 48 x 0x42, th1/th2/th3 = SHA-384 of
 * "hello1"/"hello2"/"hello3". Exporter: label "EXPORTER-test", context
 * "context", 20 bytes. EARLY0 is the early secret without a PSK. */
static const char EARLY[] = "5edee8b89af5f342dc8780c2f42e359c87376082209cf37e4941d163b7655b7d329d47"
                            "8519b6ebedf482df110e933867";
static const char BINDER_RES[] = "2fd25bb38415ccd3e5f92b60ff860a973f20869103c670398dba34186c65043d0"
                                 "ba26041e63f78d86e7d786ef445076c";
static const char BINDER_EXT[] = "6dfd075ac020398cca1ec609de8dc82449664af5a156cffa963213c412f71d3b7"
                                 "2560807b97265df1884757a1af403d1";
static const char HS[] = "6951fdff61fb7e1ff24623c0425e1d1460e84c671a0ee5948e02ad19620e04d02b2d91b8e"
                         "3d78973459c4935fda96c8c";
static const char CHS[] = "18cba79e828c7f1acd3d20173ee74207a0d38e9e9929778751d8b60b3a04338bb5629bea"
                          "058d9a5c67f1e5082f91375c";
static const char SHS[] = "63bd097b7db2861c4529ac81f3fbc86a736935b519bd85ebbdac7283c3c7d4aa497723e5"
                          "78cc6d5c48d6ff8d7e998d03";
static const char MS[] = "67d377a70d65027e61a67276b1a091c828c269f47bfa180c3a8668ab2104e23a1a934c6a5"
                         "0320eb96c0c0c12d3a1f0bd";
static const char CAP[] = "45adfd1441803b605d46d476738e091e0fa1825ffad2d5c5d9d2cfb547a7d82d3a9363ca"
                          "6361aaa628807d8bce6f65c7";
static const char SAP[] = "7a7a6379256fc15cac95999048e6827ef0767683b74ae4f0bbea29d7b80a3ead525a4e6e"
                          "00cc134409af582dd321dd9b";
static const char EXM[] = "6f5c2b35adde327eeb8beb0030f1d30a6d2be864ca8bf6838b4bf9a4abbe8011e2bf79d5"
                          "32ec8a3b6de6dcfb3f529885";
static const char RES[] = "2b6fb3b055e382cccb366442003cfb6fa4ba9e23f5dcbdab3ad2964864c2c62c33246937"
                          "5b10799f71c57039f73424ba";
static const char SAP_KEY[] = "7d4b58ce66e0c87ea8670cdfa2ed29723095dfdc08fdeaee56769f78e3a92849";
static const char SAP_IV[] = "0806796483cc3434d2591d6b";
static const char CFIN[] = "8c949d8888d0485b7d2133a59c2829f7ad1a8a63833b0eb97ffd8b8d808a687404a4769"
                           "a21a21aed7050e7a4f583b7d8";
static const char CAP_UPD[] = "e64d36449883909fd33381069a922a454a294a9fa197d04ef5e044eb0220d5959e37"
                              "0c7263b260e464d951f6d736e7c5";
static const char EXPORT[] = "308798c65e2c839deff6dac305afbbcab049c324";
static const char EARLY0[] = "7ee8206f5570023e6dc7519eb1073bc4e791ad37b5c382aa10ba18e2357e716971f93"
                             "62f2c2fe2a76bfd78dfec4ea9b5";

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;
    for (; *s; s++) {
        int v;
        if (*s >= '0' && *s <= '9')
            v = *s - '0';
        else if (*s >= 'a' && *s <= 'f')
            v = *s - 'a' + 10;
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
    return n;
}

static void assert_hex(const uint8_t *got, size_t n, const char *want_hex)
{
    uint8_t want[128];
    assert_int_equal(unhex(want_hex, want, sizeof want), n);
    assert_memory_equal(got, want, n);
}

static void th_of(const char *s, uint8_t *out)
{
    assert_int_equal(hash_oneshot(HASH_SHA384, s, strlen(s), out), WARD_OK);
}

/* The HkdfLabel encoding: length, "tls13 " || label, context (RFC 8446 7.1). */
static void test_expand_label_encoding(void **state)
{
    (void)state;
    uint8_t secret[48];
    memset(secret, 0x5a, sizeof secret);
    const uint8_t ctx[3] = {0xc0, 0xc1, 0xc2};
    const uint8_t info[] = {0x00, 0x10, 0x0c, 't', 'l', 's',  '1',  '3',  ' ', 'm',
                            'y',  ' ',  'l',  'a', 'b', 0x03, 0xc0, 0xc1, 0xc2};
    uint8_t a[16], b[16];
    assert_int_equal(hkdf_expand_label(HASH_SHA256, secret, 32, "my lab", ctx, 3, a, 16), WARD_OK);
    assert_int_equal(hkdf_expand(HASH_SHA256, secret, 32, info, sizeof info, b, 16), WARD_OK);
    assert_memory_equal(a, b, 16);

    /* empty context, as for "key", "iv" and "finished" */
    const uint8_t info_key[] = {0x00, 0x20, 0x09, 't', 'l', 's', '1',
                                '3',  ' ',  'k',  'e', 'y', 0x00};
    uint8_t c[32], d[32];
    assert_int_equal(hkdf_expand_label(HASH_SHA256, secret, 32, "key", NULL, 0, c, 32), WARD_OK);
    assert_int_equal(hkdf_expand(HASH_SHA256, secret, 32, info_key, sizeof info_key, d, 32),
                     WARD_OK);
    assert_memory_equal(c, d, 32);

    /* Derive-Secret = Expand-Label(secret, label, transcript hash, Hash.length) */
    uint8_t th[48], e[48], f[48];
    th_of("x", th);
    assert_int_equal(derive_secret(HASH_SHA384, secret, "c hs traffic", th, e), WARD_OK);
    assert_int_equal(hkdf_expand_label(HASH_SHA384, secret, 48, "c hs traffic", th, 48, f, 48),
                     WARD_OK);
    assert_memory_equal(e, f, 48);
}

static void test_expand_label_limits(void **state)
{
    (void)state;
    uint8_t secret[32] = {1};
    uint8_t out[64];
    char label[300];
    uint8_t ctx[300] = {0};

    /* "tls13 " + label must fit in 255 bytes: 249 is the longest label */
    memset(label, 'a', sizeof label);
    label[249] = 0;
    assert_int_equal(hkdf_expand_label(HASH_SHA256, secret, 32, label, NULL, 0, out, 32), WARD_OK);
    label[249] = 'a';
    label[250] = 0;
    assert_int_equal(hkdf_expand_label(HASH_SHA256, secret, 32, label, NULL, 0, out, 32),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(hkdf_expand_label(HASH_SHA256, secret, 32, "", NULL, 0, out, 32),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(hkdf_expand_label(HASH_SHA256, secret, 32, NULL, NULL, 0, out, 32),
                     WARD_E_INVALID_ARGUMENT);
    /* context<0..255> */
    assert_int_equal(hkdf_expand_label(HASH_SHA256, secret, 32, "c", ctx, 255, out, 32), WARD_OK);
    assert_int_equal(hkdf_expand_label(HASH_SHA256, secret, 32, "c", ctx, 256, out, 32),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(hkdf_expand_label(HASH_SHA256, secret, 32, "c", NULL, 1, out, 32),
                     WARD_E_INVALID_ARGUMENT);
    /* the u16 length field */
    assert_int_equal(hkdf_expand_label(HASH_SHA256, secret, 32, "c", NULL, 0, out, 65536),
                     WARD_E_INVALID_ARGUMENT);
    /* unknown hash */
    uint8_t th[32] = {0};
    assert_int_equal(derive_secret((hash_alg)9, secret, "c", th, out), WARD_E_INVALID_ARGUMENT);
}

/* A whole SHA-384 schedule with a PSK, against the independent computation. */
static void test_schedule_sha384(void **state)
{
    (void)state;
    uint8_t psk[32], shared[48], th1[48], th2[48], th3[48], out[48];
    for (int i = 0; i < 32; i++)
        psk[i] = (uint8_t)(i + 1);
    memset(shared, 0x42, sizeof shared);
    th_of("hello1", th1);
    th_of("hello2", th2);
    th_of("hello3", th3);

    key_schedule ks;
    assert_int_equal(ks_init(&ks, HASH_SHA384, psk, sizeof psk), WARD_OK);
    assert_int_equal(ks.hash_len, 48);
    assert_hex(ks.secret, 48, EARLY);
    assert_int_equal(ks_binder_key(&ks, false, out), WARD_OK);
    assert_hex(out, 48, BINDER_RES);
    assert_int_equal(ks_binder_key(&ks, true, out), WARD_OK);
    assert_hex(out, 48, BINDER_EXT);

    assert_int_equal(ks_derive_handshake(&ks, shared, sizeof shared, th1), WARD_OK);
    assert_hex(ks.secret, 48, HS);
    assert_hex(ks.client_hs, 48, CHS);
    assert_hex(ks.server_hs, 48, SHS);

    assert_int_equal(ks_derive_application(&ks, th2), WARD_OK);
    assert_hex(ks.secret, 48, MS);
    assert_hex(ks.client_ap, 48, CAP);
    assert_hex(ks.server_ap, 48, SAP);
    assert_hex(ks.exporter, 48, EXM);

    assert_int_equal(ks_derive_resumption(&ks, th3), WARD_OK);
    assert_hex(ks.resumption, 48, RES);

    uint8_t key[CRYPTO_MAX_KEY], iv[CRYPTO_AEAD_IV];
    assert_int_equal(ks_traffic_keys(HASH_SHA384, AEAD_AES_256_GCM, ks.server_ap, key, iv),
                     WARD_OK);
    assert_hex(key, 32, SAP_KEY);
    assert_hex(iv, 12, SAP_IV);

    assert_int_equal(ks_finished(HASH_SHA384, ks.client_hs, th2, out), WARD_OK);
    assert_hex(out, 48, CFIN);
    uint8_t other[48];
    assert_int_equal(ks_finished(HASH_SHA384, ks.server_hs, th2, other), WARD_OK);
    assert_false(mem_ct_equal(out, other, 48));

    /* KeyUpdate: in place */
    uint8_t secret[48];
    memcpy(secret, ks.client_ap, 48);
    assert_int_equal(ks_next_traffic_secret(HASH_SHA384, secret), WARD_OK);
    assert_hex(secret, 48, CAP_UPD);

    uint8_t exported[20];
    assert_int_equal(
        ks_export(&ks, "EXPORTER-test", (const uint8_t *)"context", 7, exported, sizeof exported),
        WARD_OK);
    assert_hex(exported, 20, EXPORT);

    ks_wipe(&ks);
    const uint8_t zero[sizeof ks] = {0};
    assert_memory_equal(&ks, zero, sizeof ks);
}

/* Without a PSK the IKM is Hash.length zeros: the same as a zero PSK. */
static void test_init_without_psk(void **state)
{
    (void)state;
    key_schedule a, b;
    uint8_t zeros[48] = {0};
    assert_int_equal(ks_init(&a, HASH_SHA384, NULL, 0), WARD_OK);
    assert_hex(a.secret, 48, EARLY0);
    assert_int_equal(ks_init(&b, HASH_SHA384, zeros, 48), WARD_OK);
    assert_memory_equal(a.secret, b.secret, 48);
    assert_int_equal(ks_init(&a, HASH_SHA256, NULL, 0), WARD_OK);
    assert_int_equal(a.hash_len, 32);
    /* RFC 8448: early secret 33 ad 0a 1c ... */
    assert_hex(a.secret, 32, "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a");
    ks_wipe(&a);
    ks_wipe(&b);
}

static void test_argument_checks(void **state)
{
    (void)state;
    key_schedule ks;
    uint8_t th[48] = {0}, out[48];
    assert_int_equal(ks_init(&ks, (hash_alg)0, NULL, 0), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(ks_init(&ks, (hash_alg)7, NULL, 0), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(ks_init(&ks, HASH_SHA256, NULL, 5), WARD_E_INVALID_ARGUMENT);

    /* nothing can be derived from a schedule that was never initialised */
    memset(&ks, 0, sizeof ks);
    assert_int_equal(ks_derive_handshake(&ks, th, 32, th), WARD_E_API_STATE);
    assert_int_equal(ks_derive_application(&ks, th), WARD_E_API_STATE);
    assert_int_equal(ks_derive_resumption(&ks, th), WARD_E_API_STATE);
    assert_int_equal(ks_binder_key(&ks, true, out), WARD_E_API_STATE);
    assert_int_equal(ks_export(&ks, "x", NULL, 0, out, 16), WARD_E_API_STATE);

    assert_int_equal(ks_init(&ks, HASH_SHA256, NULL, 0), WARD_OK);
    assert_int_equal(ks_derive_handshake(&ks, NULL, 0, th), WARD_E_INVALID_ARGUMENT);

    uint8_t key[32], iv[12];
    assert_int_equal(ks_traffic_keys(HASH_SHA256, (aead_alg)0, th, key, iv),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(ks_traffic_keys((hash_alg)0, AEAD_AES_128_GCM, th, key, iv),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(ks_finished((hash_alg)0, th, th, out), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(ks_next_traffic_secret((hash_alg)0, out), WARD_E_INVALID_ARGUMENT);

    /* key sizes follow the AEAD */
    uint8_t secret[32] = {3};
    uint8_t k16[32], k32[32];
    memset(k16, 0xee, sizeof k16);
    assert_int_equal(ks_traffic_keys(HASH_SHA256, AEAD_AES_128_GCM, secret, k16, iv), WARD_OK);
    for (int i = 16; i < 32; i++)
        assert_int_equal(k16[i], 0xee); /* only 16 bytes written */
    assert_int_equal(ks_traffic_keys(HASH_SHA256, AEAD_CHACHA20_POLY1305, secret, k32, iv),
                     WARD_OK);
    /* the length is part of HkdfLabel, so a 16-byte key is not a prefix of a 32-byte one */
    assert_memory_not_equal(k16, k32, 16);
    ks_wipe(&ks);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expand_label_encoding), cmocka_unit_test(test_expand_label_limits),
        cmocka_unit_test(test_schedule_sha384),       cmocka_unit_test(test_init_without_psk),
        cmocka_unit_test(test_argument_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
