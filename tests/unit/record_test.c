/* record_test.c -- record framing and TLS 1.3 protection (src/record/record.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "record/record.h"

static const aead_alg ALGS[] = {AEAD_AES_128_GCM, AEAD_AES_256_GCM, AEAD_CHACHA20_POLY1305};
#define N_ALGS (sizeof ALGS / sizeof ALGS[0])

static const uint8_t KEY[32] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
                                0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
                                0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20};
static const uint8_t IV[12] = {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5,
                               0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab};

/* A write and a read direction sharing one key. */
typedef struct pair {
    record_dir w, r;
} pair;

static void pair_init(pair *p, aead_alg alg)
{
    memset(p, 0, sizeof *p);
    assert_int_equal(record_dir_set_tls13(&p->w, alg, KEY, IV, true), WARD_OK);
    assert_int_equal(record_dir_set_tls13(&p->r, alg, KEY, IV, false), WARD_OK);
    assert_true(record_dir_protected(&p->w));
    assert_true(record_dir_protected(&p->r));
}

static void pair_free(pair *p)
{
    record_dir_clear(&p->w);
    record_dir_clear(&p->r);
}

/* Builds a protected record around an arbitrary TLSInnerPlaintext with a direct
 * AEAD call, bypassing record_seal's checks. Returns the record length. */
static size_t raw_record(aead_alg alg, uint64_t seq, const uint8_t *inner, size_t inner_len,
                         uint8_t *out)
{
    aead_ctx *a = NULL;
    assert_int_equal(aead_new(alg, KEY, true, &a), WARD_OK);
    size_t ct_len = inner_len + CRYPTO_AEAD_TAG;
    out[0] = CT_APPLICATION_DATA;
    out[1] = 0x03;
    out[2] = 0x03;
    out[3] = (uint8_t)(ct_len >> 8);
    out[4] = (uint8_t)ct_len;
    uint8_t nonce[12];
    memcpy(nonce, IV, 12);
    for (int i = 0; i < 8; i++)
        nonce[11 - i] ^= (uint8_t)(seq >> (8 * i));
    if (inner_len)
        memcpy(out + 5, inner, inner_len);
    assert_int_equal(aead_seal(a, nonce, out, 5, out + 5, inner_len, out + 5), WARD_OK);
    aead_free(a);
    return 5 + ct_len;
}

/* ---- header parsing ---- */

static void test_header_valid(void **state)
{
    (void)state;
    const uint8_t buf[] = {22, 0x03, 0x01, 0x00, 0xc4, 0xff};
    record_header h;
    assert_int_equal(record_header_parse(buf, sizeof buf, RECORD_MAX_PLAINTEXT, &h), WARD_OK);
    assert_int_equal(h.type, 22);
    assert_int_equal(h.version, 0x0301); /* legal in a first ClientHello */
    assert_int_equal(h.length, 0xc4);
    for (uint8_t t = 20; t <= 24; t++) {
        const uint8_t b[] = {t, 0x03, 0x03, 0x00, 0x01};
        assert_int_equal(record_header_parse(b, 5, RECORD_MAX_PLAINTEXT, &h), WARD_OK);
        assert_int_equal(h.type, t);
    }
    /* the minor version is not checked */
    const uint8_t v30[] = {23, 0x03, 0x00, 0x00, 0x00};
    assert_int_equal(record_header_parse(v30, 5, RECORD_MAX_PLAINTEXT, &h), WARD_OK);
    const uint8_t v34[] = {23, 0x03, 0x04, 0x00, 0x00};
    assert_int_equal(record_header_parse(v34, 5, RECORD_MAX_PLAINTEXT, &h), WARD_OK);
}

static void test_header_truncated(void **state)
{
    (void)state;
    const uint8_t buf[] = {22, 0x03, 0x03, 0x00, 0x10};
    record_header h = {0};
    for (size_t n = 0; n < 5; n++)
        assert_int_equal(record_header_parse(buf, n, RECORD_MAX_PLAINTEXT, &h), WARD_WANT_READ);
    assert_int_equal(record_header_parse(NULL, 0, RECORD_MAX_PLAINTEXT, &h), WARD_WANT_READ);
}

static void test_header_unknown_type(void **state)
{
    (void)state;
    const uint8_t types[] = {0, 1, 19, 25, 0x80, 0xff};
    record_header h;
    for (size_t i = 0; i < sizeof types; i++) {
        const uint8_t b[] = {types[i], 0x03, 0x03, 0x00, 0x01};
        assert_int_equal(record_header_parse(b, 5, RECORD_MAX_PLAINTEXT, &h),
                         WARD_E_BAD_RECORD_TYPE);
    }
}

static void test_header_overflow(void **state)
{
    (void)state;
    record_header h;
    const uint8_t at_max[] = {23, 0x03, 0x03, 0x41, 0x00}; /* 16640 = 2^14 + 256 */
    assert_int_equal(record_header_parse(at_max, 5, RECORD_MAX_CIPHERTEXT_13, &h), WARD_OK);
    const uint8_t over[] = {23, 0x03, 0x03, 0x41, 0x01};
    assert_int_equal(record_header_parse(over, 5, RECORD_MAX_CIPHERTEXT_13, &h),
                     WARD_E_RECORD_OVERFLOW);
    const uint8_t plain_over[] = {22, 0x03, 0x03, 0x40, 0x01}; /* 2^14 + 1 */
    assert_int_equal(record_header_parse(plain_over, 5, RECORD_MAX_PLAINTEXT, &h),
                     WARD_E_RECORD_OVERFLOW);
    const uint8_t huge[] = {22, 0x03, 0x03, 0xff, 0xff};
    assert_int_equal(record_header_parse(huge, 5, RECORD_MAX_PLAINTEXT, &h),
                     WARD_E_RECORD_OVERFLOW);
}

static void test_header_bad_major(void **state)
{
    (void)state;
    record_header h;
    const uint8_t majors[] = {0x00, 0x02, 0x04, 0xfe, 0x16};
    for (size_t i = 0; i < sizeof majors; i++) {
        const uint8_t b[] = {22, majors[i], 0x03, 0x00, 0x01};
        assert_int_equal(record_header_parse(b, 5, RECORD_MAX_PLAINTEXT, &h), WARD_E_DECODE);
    }
    /* an HTTP request sent to a TLS port: "GET /" */
    const uint8_t http[] = {'G', 'E', 'T', ' ', '/'};
    assert_int_equal(record_header_parse(http, 5, RECORD_MAX_PLAINTEXT, &h),
                     WARD_E_BAD_RECORD_TYPE);
}

/* ---- unprotected records ---- */

static void test_plaintext_passthrough(void **state)
{
    (void)state;
    record_dir d;
    memset(&d, 0, sizeof d);
    assert_false(record_dir_protected(&d));
    writer w;
    writer_init_dynamic(&w, 0);
    const uint8_t msg[] = {1, 0, 0, 2, 0xaa, 0xbb};
    assert_int_equal(record_seal(&d, CT_HANDSHAKE, 0x0301, msg, sizeof msg, &w), WARD_OK);
    const uint8_t want[] = {22, 0x03, 0x01, 0x00, 0x06, 1, 0, 0, 2, 0xaa, 0xbb};
    assert_int_equal(w.len, sizeof want);
    assert_memory_equal(w.p, want, sizeof want);

    uint8_t type;
    uint8_t *pt;
    size_t pt_len;
    assert_int_equal(record_open(&d, w.p, w.len, &type, &pt, &pt_len), WARD_OK);
    assert_int_equal(type, CT_HANDSHAKE);
    assert_int_equal(pt_len, sizeof msg);
    assert_memory_equal(pt, msg, sizeof msg);
    assert_int_equal(d.seq, 0); /* unprotected records do not count */

    /* an inconsistent rec_len is a decode error */
    assert_int_equal(record_open(&d, w.p, w.len - 1, &type, &pt, &pt_len), WARD_E_DECODE);
    assert_int_equal(record_open(&d, w.p, 3, &type, &pt, &pt_len), WARD_E_DECODE);

    /* RFC 8446 5.1: empty handshake / alert fragments are refused both ways */
    assert_int_equal(record_seal(&d, CT_HANDSHAKE, 0x0303, NULL, 0, &w), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(record_seal(&d, CT_ALERT, 0x0303, NULL, 0, &w), WARD_E_INVALID_ARGUMENT);
    uint8_t empty_hs[] = {22, 0x03, 0x03, 0x00, 0x00};
    assert_int_equal(record_open(&d, empty_hs, 5, &type, &pt, &pt_len), WARD_E_EMPTY_RECORD);
    uint8_t empty_ad[] = {23, 0x03, 0x03, 0x00, 0x00};
    assert_int_equal(record_open(&d, empty_ad, 5, &type, &pt, &pt_len), WARD_OK);
    assert_int_equal(pt_len, 0);
    writer_free(&w);
}

/* ---- protected records ---- */

static void roundtrip_one(aead_alg alg)
{
    pair p;
    pair_init(&p, alg);
    writer w;
    writer_init_dynamic(&w, 0);
    const char *msg = "hello, record layer";
    size_t n = strlen(msg);
    assert_int_equal(record_seal(&p.w, CT_APPLICATION_DATA, 0x0301, (const uint8_t *)msg, n, &w),
                     WARD_OK);
    /* RFC 8446 5.2: outer type 23, version 0x0303, length = n + 1 + tag */
    assert_int_equal(w.len, 5 + n + 1 + 16);
    assert_int_equal(w.p[0], 23);
    assert_int_equal(w.p[1], 0x03);
    assert_int_equal(w.p[2], 0x03);
    assert_int_equal((w.p[3] << 8) | w.p[4], n + 1 + 16);
    assert_memory_not_equal(w.p + 5, msg, n); /* it is encrypted */
    assert_int_equal(p.w.seq, 1);

    record_header h;
    assert_int_equal(record_header_parse(w.p, w.len, RECORD_MAX_CIPHERTEXT_13, &h), WARD_OK);
    uint8_t type;
    uint8_t *pt;
    size_t pt_len;
    assert_int_equal(record_open(&p.r, w.p, w.len, &type, &pt, &pt_len), WARD_OK);
    assert_int_equal(type, CT_APPLICATION_DATA);
    assert_int_equal(pt_len, n);
    assert_memory_equal(pt, msg, n);
    assert_int_equal(p.r.seq, 1);

    /* a handshake message, inner type carried inside */
    w.len = 0;
    const uint8_t fin[] = {20, 0, 0, 4, 1, 2, 3, 4};
    assert_int_equal(record_seal(&p.w, CT_HANDSHAKE, 0x0303, fin, sizeof fin, &w), WARD_OK);
    assert_int_equal(w.p[0], 23);
    assert_int_equal(record_open(&p.r, w.p, w.len, &type, &pt, &pt_len), WARD_OK);
    assert_int_equal(type, CT_HANDSHAKE);
    assert_int_equal(pt_len, sizeof fin);
    assert_memory_equal(pt, fin, sizeof fin);

    /* empty application data is legal and round-trips */
    w.len = 0;
    assert_int_equal(record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, NULL, 0, &w), WARD_OK);
    assert_int_equal(w.len, 5 + 1 + 16);
    assert_int_equal(record_open(&p.r, w.p, w.len, &type, &pt, &pt_len), WARD_OK);
    assert_int_equal(type, CT_APPLICATION_DATA);
    assert_int_equal(pt_len, 0);
    assert_int_equal(p.w.seq, 3);
    assert_int_equal(p.r.seq, 3);

    writer_free(&w);
    pair_free(&p);
}

static void test_roundtrip_each_aead(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ALGS; i++)
        roundtrip_one(ALGS[i]);
}

/* The nonce is the IV XOR the big-endian sequence number (RFC 8446 5.3). */
static void test_nonce_construction(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ALGS; i++) {
        pair p;
        pair_init(&p, ALGS[i]);
        writer w;
        writer_init_dynamic(&w, 0);
        const uint8_t data[] = "nonce check";
        uint8_t inner[sizeof data + 1];
        memcpy(inner, data, sizeof data);
        inner[sizeof data] = CT_APPLICATION_DATA;
        uint64_t seqs[] = {0, 1, 0x0102030405060708ull};
        for (size_t k = 0; k < 3; k++) {
            p.w.seq = seqs[k];
            w.len = 0;
            assert_int_equal(record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, data, sizeof data, &w),
                             WARD_OK);
            uint8_t want[128];
            size_t want_len = raw_record(ALGS[i], seqs[k], inner, sizeof inner, want);
            assert_int_equal(w.len, want_len);
            assert_memory_equal(w.p, want, want_len);
        }
        writer_free(&w);
        pair_free(&p);
    }
}

/* Seals three records; returns them as separate copies. */
static void seal_three(pair *p, uint8_t rec[3][64], size_t len[3])
{
    writer w;
    writer_init_dynamic(&w, 0);
    for (int i = 0; i < 3; i++) {
        uint8_t m[8];
        memset(m, 'a' + i, sizeof m);
        w.len = 0;
        assert_int_equal(record_seal(&p->w, CT_APPLICATION_DATA, 0x0303, m, sizeof m, &w), WARD_OK);
        assert_true(w.len <= 64);
        memcpy(rec[i], w.p, w.len);
        len[i] = w.len;
    }
    writer_free(&w);
}

static void test_sequence_replay_reorder(void **state)
{
    (void)state;
    for (size_t a = 0; a < N_ALGS; a++) {
        uint8_t rec[3][64], copy[64];
        size_t len[3];
        uint8_t type;
        uint8_t *pt;
        size_t pt_len;

        /* in order: each opens, seq advances */
        pair p;
        pair_init(&p, ALGS[a]);
        seal_three(&p, rec, len);
        assert_int_equal(p.w.seq, 3);
        for (int i = 0; i < 3; i++) {
            memcpy(copy, rec[i], len[i]);
            assert_int_equal(record_open(&p.r, copy, len[i], &type, &pt, &pt_len), WARD_OK);
            assert_int_equal(pt[0], 'a' + i);
            assert_int_equal(p.r.seq, (uint64_t)i + 1);
        }
        /* replay of the first record after it was consumed */
        memcpy(copy, rec[0], len[0]);
        assert_int_equal(record_open(&p.r, copy, len[0], &type, &pt, &pt_len),
                         WARD_E_BAD_RECORD_MAC);
        assert_int_equal(p.r.seq, 3); /* a failure does not advance */
        pair_free(&p);

        /* reordered: record 1 before record 0 */
        pair_init(&p, ALGS[a]);
        seal_three(&p, rec, len);
        memcpy(copy, rec[1], len[1]);
        assert_int_equal(record_open(&p.r, copy, len[1], &type, &pt, &pt_len),
                         WARD_E_BAD_RECORD_MAC);
        assert_int_equal(p.r.seq, 0);
        pair_free(&p);

        /* replay of record 0 twice in a row */
        pair_init(&p, ALGS[a]);
        seal_three(&p, rec, len);
        memcpy(copy, rec[0], len[0]);
        assert_int_equal(record_open(&p.r, copy, len[0], &type, &pt, &pt_len), WARD_OK);
        memcpy(copy, rec[0], len[0]);
        assert_int_equal(record_open(&p.r, copy, len[0], &type, &pt, &pt_len),
                         WARD_E_BAD_RECORD_MAC);
        pair_free(&p);
    }
}

static void test_tampering(void **state)
{
    (void)state;
    for (size_t a = 0; a < N_ALGS; a++) {
        pair p;
        pair_init(&p, ALGS[a]);
        writer w;
        writer_init_dynamic(&w, 0);
        const uint8_t m[] = "attack at dawn";
        assert_int_equal(record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, m, sizeof m, &w), WARD_OK);
        uint8_t orig[64], rec[64];
        size_t n = w.len;
        memcpy(orig, w.p, n);
        uint8_t type;
        uint8_t *pt;
        size_t pt_len;

        /* every single bit flip in the tag and the ciphertext fails */
        for (size_t i = 5; i < n; i++) {
            memcpy(rec, orig, n);
            rec[i] ^= 0x01;
            assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_BAD_RECORD_MAC);
        }
        /* the header is the additional data: a changed version fails */
        memcpy(rec, orig, n);
        rec[2] = 0x01;
        assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_BAD_RECORD_MAC);
        memcpy(rec, orig, n);
        rec[1] = 0x03;
        rec[2] = 0x04;
        assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_BAD_RECORD_MAC);
        /* a protected record whose outer type is not application_data */
        memcpy(rec, orig, n);
        rec[0] = CT_HANDSHAKE;
        assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_UNEXPECTED_MESSAGE);
        /* a length that disagrees with rec_len */
        memcpy(rec, orig, n);
        rec[4] ^= 0x01;
        assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_DECODE);
        /* truncated by one byte, with a consistent header */
        memcpy(rec, orig, n);
        rec[4] = (uint8_t)(rec[4] - 1);
        assert_int_equal(record_open(&p.r, rec, n - 1, &type, &pt, &pt_len), WARD_E_BAD_RECORD_MAC);
        assert_int_equal(p.r.seq, 0);

        /* the untouched record still opens */
        memcpy(rec, orig, n);
        assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_OK);
        assert_int_equal(pt_len, sizeof m);
        writer_free(&w);
        pair_free(&p);
    }
}

/* Fragments too short for tag + content type are reported as bad_record_mac. */
static void test_too_short(void **state)
{
    (void)state;
    pair p;
    pair_init(&p, AEAD_AES_128_GCM);
    uint8_t rec[5 + 17];
    memset(rec, 0, sizeof rec);
    uint8_t type;
    uint8_t *pt;
    size_t pt_len;
    for (size_t frag = 0; frag <= 16; frag++) {
        rec[0] = 23;
        rec[1] = 3;
        rec[2] = 3;
        rec[3] = 0;
        rec[4] = (uint8_t)frag;
        assert_int_equal(record_open(&p.r, rec, 5 + frag, &type, &pt, &pt_len),
                         WARD_E_BAD_RECORD_MAC);
    }
    /* a tag over an empty inner plaintext (16 bytes) is refused the same way */
    uint8_t raw[64];
    size_t n = raw_record(AEAD_AES_128_GCM, 0, NULL, 0, raw);
    assert_int_equal(n, 21);
    assert_int_equal(record_open(&p.r, raw, n, &type, &pt, &pt_len), WARD_E_BAD_RECORD_MAC);
    pair_free(&p);
}

static void test_padding_stripped(void **state)
{
    (void)state;
    for (size_t a = 0; a < N_ALGS; a++) {
        pair p;
        pair_init(&p, ALGS[a]);
        uint8_t inner[64], rec[128];
        uint8_t type;
        uint8_t *pt;
        size_t pt_len;
        /* "abc" || handshake || 40 zero bytes of padding; zeros inside the
         * content are kept */
        memset(inner, 0, sizeof inner);
        inner[0] = 'a';
        inner[1] = 0;
        inner[2] = 'c';
        inner[3] = CT_HANDSHAKE;
        size_t n = raw_record(ALGS[a], 0, inner, 44, rec);
        assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_OK);
        assert_int_equal(type, CT_HANDSHAKE);
        assert_int_equal(pt_len, 3);
        assert_int_equal(pt[0], 'a');
        assert_int_equal(pt[1], 0);
        assert_int_equal(pt[2], 'c');

        /* padding only, with an application_data type: zero-length content */
        memset(inner, 0, sizeof inner);
        inner[0] = CT_APPLICATION_DATA;
        n = raw_record(ALGS[a], 1, inner, 10, rec);
        assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_OK);
        assert_int_equal(type, CT_APPLICATION_DATA);
        assert_int_equal(pt_len, 0);
        pair_free(&p);
    }
}

static void test_all_zero_inner(void **state)
{
    (void)state;
    for (size_t a = 0; a < N_ALGS; a++) {
        pair p;
        pair_init(&p, ALGS[a]);
        uint8_t inner[32] = {0}, rec[64];
        uint8_t type;
        uint8_t *pt;
        size_t pt_len;
        size_t n = raw_record(ALGS[a], 0, inner, sizeof inner, rec);
        assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_UNEXPECTED_MESSAGE);
        n = raw_record(ALGS[a], 0, inner, 1, rec); /* a single zero byte */
        assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_UNEXPECTED_MESSAGE);
        pair_free(&p);
    }
}

static void test_bad_inner_types(void **state)
{
    (void)state;
    pair p;
    pair_init(&p, AEAD_AES_128_GCM);
    uint8_t inner[8], rec[64];
    uint8_t type;
    uint8_t *pt;
    size_t pt_len;
    /* RFC 8446 5: a protected change_cipher_spec */
    inner[0] = 1;
    inner[1] = CT_CHANGE_CIPHER_SPEC;
    size_t n = raw_record(AEAD_AES_128_GCM, 0, inner, 2, rec);
    assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_UNEXPECTED_CCS);
    /* an unknown inner content type */
    inner[1] = 99;
    n = raw_record(AEAD_AES_128_GCM, 0, inner, 2, rec);
    assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_BAD_RECORD_TYPE);
    /* RFC 8446 5.4: empty handshake / alert content */
    inner[0] = CT_HANDSHAKE;
    n = raw_record(AEAD_AES_128_GCM, 0, inner, 1, rec);
    assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_EMPTY_RECORD);
    inner[0] = CT_ALERT;
    inner[1] = 0;
    n = raw_record(AEAD_AES_128_GCM, 0, inner, 2, rec);
    assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_EMPTY_RECORD);
    assert_int_equal(p.r.seq, 0);

    /* and the sealing side refuses a protected CCS or an unknown type */
    writer w;
    writer_init_dynamic(&w, 0);
    const uint8_t one = 1;
    assert_int_equal(record_seal(&p.w, CT_CHANGE_CIPHER_SPEC, 0x0303, &one, 1, &w),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(record_seal(&p.w, 99, 0x0303, &one, 1, &w), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(record_seal(&p.w, CT_HANDSHAKE, 0x0303, NULL, 0, &w), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(w.len, 0);
    assert_int_equal(p.w.seq, 0);
    writer_free(&w);
    pair_free(&p);
}

static void test_inner_overflow(void **state)
{
    (void)state;
    size_t cap = RECORD_MAX_CIPHERTEXT_13 + 64;
    uint8_t *inner = calloc(1, cap);
    uint8_t *rec = calloc(1, cap + 32);
    assert_non_null(inner);
    assert_non_null(rec);
    uint8_t type;
    uint8_t *pt;
    size_t pt_len;
    for (size_t a = 0; a < N_ALGS; a++) {
        pair p;
        pair_init(&p, ALGS[a]);
        /* content of 2^14 + 1 bytes + type */
        memset(inner, 'x', RECORD_MAX_PLAINTEXT + 1);
        inner[RECORD_MAX_PLAINTEXT + 1] = CT_APPLICATION_DATA;
        size_t n = raw_record(ALGS[a], 0, inner, RECORD_MAX_PLAINTEXT + 2, rec);
        assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_RECORD_OVERFLOW);

        /* content of exactly 2^14 + type is the largest legal record */
        memset(inner, 'x', RECORD_MAX_PLAINTEXT);
        inner[RECORD_MAX_PLAINTEXT] = CT_APPLICATION_DATA;
        n = raw_record(ALGS[a], 0, inner, RECORD_MAX_PLAINTEXT + 1, rec);
        assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_OK);
        assert_int_equal(pt_len, RECORD_MAX_PLAINTEXT);

        /* RFC 8446 5.4: padding counts: 100 bytes + type + zeros to 2^14 + 2 */
        memset(inner, 0, cap);
        memset(inner, 'y', 100);
        inner[100] = CT_APPLICATION_DATA;
        n = raw_record(ALGS[a], 1, inner, RECORD_MAX_PLAINTEXT + 2, rec);
        assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_RECORD_OVERFLOW);

        /* over 2^14 + 256 of ciphertext is refused before decryption */
        n = raw_record(ALGS[a], 1, inner, RECORD_MAX_PLAINTEXT + 256 - 16 + 1, rec);
        assert_int_equal(record_open(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_RECORD_OVERFLOW);
        pair_free(&p);
    }
    free(inner);
    free(rec);
}

static void test_sequence_overflow(void **state)
{
    (void)state;
    pair p;
    pair_init(&p, AEAD_CHACHA20_POLY1305);
    writer w;
    writer_init_dynamic(&w, 0);
    const uint8_t m[] = "last";
    p.w.seq = UINT64_MAX - 1;
    p.r.seq = UINT64_MAX - 1;
    assert_int_equal(record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, m, sizeof m, &w), WARD_OK);
    assert_int_equal(p.w.seq, UINT64_MAX);
    size_t first = w.len;
    assert_int_equal(record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, m, sizeof m, &w),
                     WARD_E_SEQUENCE_OVERFLOW);
    assert_int_equal(w.len, first); /* nothing was appended */

    uint8_t type;
    uint8_t *pt;
    size_t pt_len;
    uint8_t copy[64];
    memcpy(copy, w.p, first);
    assert_int_equal(record_open(&p.r, w.p, first, &type, &pt, &pt_len), WARD_OK);
    assert_int_equal(p.r.seq, UINT64_MAX);
    assert_int_equal(record_open(&p.r, copy, first, &type, &pt, &pt_len), WARD_E_SEQUENCE_OVERFLOW);

    /* new keys reset the sequence number */
    assert_int_equal(record_dir_set_tls13(&p.w, AEAD_AES_128_GCM, KEY, IV, true), WARD_OK);
    assert_int_equal(p.w.seq, 0);
    assert_int_equal(p.w.alg, AEAD_AES_128_GCM);
    writer_free(&w);
    pair_free(&p);
}

static void test_clear(void **state)
{
    (void)state;
    pair p;
    pair_init(&p, AEAD_AES_256_GCM);
    p.w.seq = 7;
    record_dir_clear(&p.w);
    assert_false(record_dir_protected(&p.w));
    assert_int_equal(p.w.seq, 0);
    const uint8_t zero[12] = {0};
    assert_memory_equal(p.w.iv, zero, 12);
    record_dir_clear(&p.w); /* twice is fine */
    /* a bad algorithm leaves the direction as it was */
    assert_true(record_dir_set_tls13(&p.r, (aead_alg)77, KEY, IV, false) < 0);
    assert_true(record_dir_protected(&p.r));
    pair_free(&p);
}

static void test_seal_fixed_writer_too_small(void **state)
{
    (void)state;
    pair p;
    pair_init(&p, AEAD_AES_128_GCM);
    uint8_t buf[30];
    memset(buf, 0xee, sizeof buf);
    writer w;
    writer_init_fixed(&w, buf, sizeof buf);
    const uint8_t secret[] = "do not leak this plaintext";
    assert_true(record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, secret, sizeof secret, &w) < 0);
    assert_int_equal(w.len, 0);
    assert_int_equal(p.w.seq, 0);
    for (size_t i = 0; i < sizeof buf; i++)
        assert_int_equal(buf[i], 0xee);
    /* the writer's error is sticky: later seals fail too */
    assert_true(record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, secret, 1, &w) < 0);
    /* over 2^14 in one record is refused */
    writer d;
    writer_init_dynamic(&d, 0);
    static uint8_t big[RECORD_MAX_PLAINTEXT + 1];
    assert_int_equal(record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, big, sizeof big, &d),
                     WARD_E_INVALID_ARGUMENT);
    writer_free(&d);
    pair_free(&p);
}

static void fragment_one(record_dir *wd, record_dir *rd)
{
    enum { TOTAL = 40000 };
    uint8_t *data = malloc(TOTAL);
    assert_non_null(data);
    for (size_t i = 0; i < TOTAL; i++)
        data[i] = (uint8_t)(i * 7 + 3);
    writer w;
    writer_init_dynamic(&w, 0);
    assert_int_equal(record_seal_all(wd, CT_APPLICATION_DATA, 0x0303, data, TOTAL, &w), WARD_OK);

    const size_t want[] = {16384, 16384, 7232};
    size_t off = 0, got = 0, count = 0;
    reader r = reader_of(w.p, w.len);
    while (!reader_empty(&r)) {
        record_header h;
        assert_int_equal(
            record_header_parse(reader_ptr(&r), reader_left(&r), RECORD_MAX_CIPHERTEXT_13, &h),
            WARD_OK);
        assert_true(count < 3);
        size_t rec_len = 5 + (size_t)h.length;
        uint8_t *rec = w.p + off;
        assert_int_equal(reader_skip(&r, rec_len), WARD_OK);
        uint8_t type;
        uint8_t *pt;
        size_t pt_len;
        assert_int_equal(record_open(rd, rec, rec_len, &type, &pt, &pt_len), WARD_OK);
        assert_int_equal(type, CT_APPLICATION_DATA);
        assert_int_equal(pt_len, want[count]);
        assert_memory_equal(pt, data + got, pt_len);
        got += pt_len;
        off += rec_len;
        count++;
    }
    assert_int_equal(count, 3);
    assert_int_equal(got, TOTAL);

    /* n == 0: one empty record */
    w.len = 0;
    assert_int_equal(record_seal_all(wd, CT_APPLICATION_DATA, 0x0303, NULL, 0, &w), WARD_OK);
    record_header h;
    assert_int_equal(record_header_parse(w.p, w.len, RECORD_MAX_CIPHERTEXT_13, &h), WARD_OK);
    assert_int_equal(w.len, 5 + (size_t)h.length);
    uint8_t type;
    uint8_t *pt;
    size_t pt_len;
    assert_int_equal(record_open(rd, w.p, w.len, &type, &pt, &pt_len), WARD_OK);
    assert_int_equal(pt_len, 0);

    /* exactly 2^14: one record */
    w.len = 0;
    assert_int_equal(
        record_seal_all(wd, CT_APPLICATION_DATA, 0x0303, data, RECORD_MAX_PLAINTEXT, &w), WARD_OK);
    assert_int_equal(record_header_parse(w.p, w.len, RECORD_MAX_CIPHERTEXT_13, &h), WARD_OK);
    assert_int_equal(w.len, 5 + (size_t)h.length);
    writer_free(&w);
    free(data);
}

static void test_fragmentation(void **state)
{
    (void)state;
    pair p;
    pair_init(&p, AEAD_AES_128_GCM);
    fragment_one(&p.w, &p.r);
    assert_int_equal(p.w.seq, 5);
    pair_free(&p);

    record_dir plain_w, plain_r;
    memset(&plain_w, 0, sizeof plain_w);
    memset(&plain_r, 0, sizeof plain_r);
    fragment_one(&plain_w, &plain_r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_valid),
        cmocka_unit_test(test_header_truncated),
        cmocka_unit_test(test_header_unknown_type),
        cmocka_unit_test(test_header_overflow),
        cmocka_unit_test(test_header_bad_major),
        cmocka_unit_test(test_plaintext_passthrough),
        cmocka_unit_test(test_roundtrip_each_aead),
        cmocka_unit_test(test_nonce_construction),
        cmocka_unit_test(test_sequence_replay_reorder),
        cmocka_unit_test(test_tampering),
        cmocka_unit_test(test_too_short),
        cmocka_unit_test(test_padding_stripped),
        cmocka_unit_test(test_all_zero_inner),
        cmocka_unit_test(test_bad_inner_types),
        cmocka_unit_test(test_inner_overflow),
        cmocka_unit_test(test_sequence_overflow),
        cmocka_unit_test(test_clear),
        cmocka_unit_test(test_seal_fixed_writer_too_small),
        cmocka_unit_test(test_fragmentation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
