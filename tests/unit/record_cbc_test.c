/* record_cbc_test.c -- TLS 1.2 CBC record protection (src/record/record_cbc.c):
 * MAC-then-encrypt (RFC 5246 6.2.3.1-2) and encrypt-then-MAC (RFC 7366), for
 * AES-128/256-CBC with HMAC-SHA1/SHA256/SHA384.
 *
 * The reference records come from tests/support/cbc_ref.c, which builds and
 * opens them with libcrypto's EVP cipher and one-shot HMAC calls straight from
 * the RFC text, independently of ward's record layer; the known answers are
 * records of a real OpenSSL peer pair (see test_known_answer_openssl). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cbc_ref.h"
#include "record/record.h"

static const uint8_t MAC_KEY[48] = {
    0x4d, 0x41, 0x43, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
    0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
    0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d};
static const uint8_t ENC_KEY[32] = {
    0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
    0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff};

/* The twelve combinations: cipher x MAC x {MAC-then-encrypt, encrypt-then-MAC}. */
#define N_SUITES 12
static cbc_ref suite(size_t i)
{
    static const hash_alg macs[] = {HASH_SHA1, HASH_SHA256, HASH_SHA384};
    cbc_ref k = {i % 2 ? CBC_AES_256 : CBC_AES_128, macs[(i / 2) % 3], i >= 6, MAC_KEY, ENC_KEY};
    return k;
}

typedef struct pair {
    record_dir w, r;
} pair;

static void pair_init(pair *p, const cbc_ref *k)
{
    memset(p, 0, sizeof *p);
    assert_int_equal(
        record_dir_set_tls12_cbc(&p->w, k->cipher, k->mac, MAC_KEY, ENC_KEY, k->etm, true),
        WARD_OK);
    assert_int_equal(
        record_dir_set_tls12_cbc(&p->r, k->cipher, k->mac, MAC_KEY, ENC_KEY, k->etm, false),
        WARD_OK);
    assert_true(record_dir_protected(&p->w));
    assert_true(record_dir_protected(&p->r));
    assert_int_equal(p->r.framing, RECORD_FRAMING_TLS12_CBC);
}

static void pair_free(pair *p)
{
    record_dir_clear(&p->w);
    record_dir_clear(&p->r);
}

static size_t round16(size_t x)
{
    return (x + 15) / 16 * 16;
}

static size_t sealed_frag_len(const cbc_ref *k, size_t n)
{
    size_t mac = cbc_mac_size(k->mac);
    return k->etm ? 16 + round16(n + 1) + mac : 16 + round16(n + mac + 1);
}

static uint8_t *pattern(size_t n)
{
    uint8_t *p = malloc(n + 1);
    assert_non_null(p);
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(i * 7 + 3);
    return p;
}

/* record_open on a copy of rec (the original stays for reuse). */
static int open_copy(record_dir *d, const uint8_t *rec, size_t len, uint8_t *type, size_t *pt_len,
                     uint8_t *pt_out)
{
    uint8_t *buf = malloc(len + 1);
    assert_non_null(buf);
    memcpy(buf, rec, len);
    uint8_t *pt = NULL;
    int rc = record_open(d, buf, len, type, &pt, pt_len);
    if (rc == WARD_OK && pt_out != NULL && *pt_len)
        memcpy(pt_out, pt, *pt_len);
    free(buf);
    return rc;
}

/* Opens rec (a reference record) at d's sequence number and expects rc. */
static void expect_open(record_dir *d, const uint8_t *rec, size_t len, int rc)
{
    uint8_t type;
    size_t n;
    uint64_t seq = d->seq;
    assert_int_equal(open_copy(d, rec, len, &type, &n, NULL), rc);
    assert_int_equal(d->seq, rc == WARD_OK ? seq + 1 : seq);
}

/* ---- sizes and installing keys ---- */

static void test_sizes(void **state)
{
    (void)state;
    assert_int_equal(cbc_key_size(CBC_AES_128), 16);
    assert_int_equal(cbc_key_size(CBC_AES_256), 32);
    assert_int_equal(cbc_key_size((cbc_cipher)0), 0);
    assert_int_equal(cbc_mac_size(HASH_SHA1), 20);
    assert_int_equal(cbc_mac_size(HASH_SHA256), 32);
    assert_int_equal(cbc_mac_size(HASH_SHA384), 48);
    assert_int_equal(cbc_mac_size((hash_alg)0), 0);
}

static void test_set_and_clear(void **state)
{
    (void)state;
    static const uint8_t key[32], iv[12];
    record_dir d;
    memset(&d, 0, sizeof d);
    assert_int_equal(record_dir_set_tls12(&d, AEAD_AES_128_GCM, key, iv, false), WARD_OK);
    d.seq = 5;
    /* bad arguments leave the direction as it was */
    assert_int_equal(
        record_dir_set_tls12_cbc(&d, (cbc_cipher)3, HASH_SHA1, MAC_KEY, ENC_KEY, false, false),
        WARD_E_INVALID_ARGUMENT);
    assert_int_equal(
        record_dir_set_tls12_cbc(&d, CBC_AES_128, (hash_alg)0, MAC_KEY, ENC_KEY, false, false),
        WARD_E_INVALID_ARGUMENT);
    assert_int_equal(
        record_dir_set_tls12_cbc(&d, CBC_AES_128, HASH_SHA1, NULL, ENC_KEY, false, false),
        WARD_E_INVALID_ARGUMENT);
    assert_int_equal(
        record_dir_set_tls12_cbc(&d, CBC_AES_128, HASH_SHA1, MAC_KEY, NULL, false, false),
        WARD_E_INVALID_ARGUMENT);
    assert_int_equal(d.framing, RECORD_FRAMING_TLS12);
    assert_int_equal(d.seq, 5);
    assert_non_null(d.aead);
    /* installing CBC keys replaces the AEAD and resets the sequence number */
    assert_int_equal(
        record_dir_set_tls12_cbc(&d, CBC_AES_256, HASH_SHA384, MAC_KEY, ENC_KEY, true, false),
        WARD_OK);
    assert_int_equal(d.framing, RECORD_FRAMING_TLS12_CBC);
    assert_int_equal(d.seq, 0);
    assert_null(d.aead);
    assert_true(d.etm);
    assert_true(record_dir_protected(&d));
    /* and AEAD keys replace CBC ones */
    assert_int_equal(record_dir_set_tls12(&d, AEAD_AES_128_GCM, key, iv, false), WARD_OK);
    assert_null(d.cbc);
    assert_false(d.etm);
    record_dir_clear(&d);
    assert_false(record_dir_protected(&d));
    assert_int_equal(d.framing, RECORD_FRAMING_NONE);
    record_dir_clear(&d); /* twice is fine */
}

/* ---- round trips ---- */

static void roundtrip_one(const cbc_ref *k, uint8_t type, const uint8_t *msg, size_t n)
{
    pair p;
    pair_init(&p, k);
    writer w;
    writer_init_dynamic(&w, 0);
    for (uint64_t i = 0; i < 3; i++) {
        w.len = 0;
        assert_int_equal(record_seal(&p.w, type, 0x0303, msg, n, &w), WARD_OK);
        assert_int_equal(w.len, 5 + sealed_frag_len(k, n));
        assert_int_equal(w.p[0], type);
        assert_int_equal(w.p[3] << 8 | w.p[4], sealed_frag_len(k, n));
        /* the reference opens what ward sealed */
        uint8_t *ref_pt = malloc(n + 1);
        assert_int_equal(cbc_ref_open(k, i, w.p, w.len, ref_pt), (long)n);
        assert_memory_equal(ref_pt, msg, n);
        free(ref_pt);
        /* and so does ward */
        uint8_t got_type, *pt;
        size_t got_n;
        assert_int_equal(record_open(&p.r, w.p, w.len, &got_type, &pt, &got_n), WARD_OK);
        assert_int_equal(got_type, type);
        assert_int_equal(got_n, n);
        assert_ptr_equal(pt, w.p + 5 + 16);
        if (n)
            assert_memory_equal(pt, msg, n);
        assert_int_equal(p.w.seq, i + 1);
        assert_int_equal(p.r.seq, i + 1);
    }
    writer_free(&w);
    pair_free(&p);
}

static void test_roundtrip_each_suite(void **state)
{
    (void)state;
    static const size_t sizes[] = {1, 2, 11, 12, 15, 16, 17, 31, 32, 33, 47, 100, 255, 256, 1000};
    uint8_t *msg = pattern(16384);
    for (size_t s = 0; s < N_SUITES; s++) {
        cbc_ref k = suite(s);
        roundtrip_one(&k, CT_APPLICATION_DATA, msg, 0);
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
            roundtrip_one(&k, CT_APPLICATION_DATA, msg, sizes[i]);
        roundtrip_one(&k, CT_APPLICATION_DATA, msg, 16383);
        roundtrip_one(&k, CT_APPLICATION_DATA, msg, 16384);
        roundtrip_one(&k, CT_HANDSHAKE, msg, 4);
        roundtrip_one(&k, CT_ALERT, msg, 2);
        roundtrip_one(&k, CT_CHANGE_CIPHER_SPEC, msg, 1);
    }
    free(msg);
}

/* RFC 5246 6.2.3.2: each record gets its own unpredictable IV. */
static void test_iv_fresh_per_record(void **state)
{
    (void)state;
    cbc_ref k = suite(0);
    pair a, b;
    pair_init(&a, &k);
    pair_init(&b, &k);
    writer wa, wb;
    writer_init_dynamic(&wa, 0);
    writer_init_dynamic(&wb, 0);
    const uint8_t msg[] = "same plaintext, same keys, same sequence number";
    assert_int_equal(record_seal(&a.w, CT_APPLICATION_DATA, 0x0303, msg, sizeof msg, &wa), WARD_OK);
    assert_int_equal(record_seal(&b.w, CT_APPLICATION_DATA, 0x0303, msg, sizeof msg, &wb), WARD_OK);
    assert_int_equal(wa.len, wb.len);
    assert_memory_not_equal(wa.p + 5, wb.p + 5, 16);
    assert_memory_not_equal(wa.p + 21, wb.p + 21, wa.len - 21);
    writer_free(&wa);
    writer_free(&wb);
    pair_free(&a);
    pair_free(&b);
}

static void test_seal_all(void **state)
{
    (void)state;
    cbc_ref k = suite(7);
    pair p;
    pair_init(&p, &k);
    uint8_t *msg = pattern(40000);
    writer w;
    writer_init_dynamic(&w, 0);
    assert_int_equal(record_seal_all(&p.w, CT_APPLICATION_DATA, 0x0303, msg, 40000, &w), WARD_OK);
    size_t off = 0, got = 0;
    for (int i = 0; i < 3; i++) {
        size_t len = 5 + (size_t)(w.p[off + 3] << 8 | w.p[off + 4]);
        uint8_t type, *pt;
        size_t n;
        assert_int_equal(record_open(&p.r, w.p + off, len, &type, &pt, &n), WARD_OK);
        assert_memory_equal(pt, msg + got, n);
        got += n;
        off += len;
    }
    assert_int_equal(got, 40000);
    assert_int_equal(off, w.len);
    free(msg);
    writer_free(&w);
    pair_free(&p);
}

/* ---- known answers: records built by the reference ---- */

/* Every legal padding length, not just the minimal one ward sends. */
static void test_reference_records_every_padding(void **state)
{
    (void)state;
    uint8_t *msg = pattern(300);
    static const size_t sizes[] = {0, 1, 13, 64, 300};
    for (size_t s = 0; s < N_SUITES; s++) {
        cbc_ref k = suite(s);
        pair p;
        pair_init(&p, &k);
        uint8_t *rec = calloc(1, CBC_REF_MAX_RECORD);
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            size_t inner = sizes[i] + (k.etm ? 0 : cbc_mac_size(k.mac));
            for (size_t pad = 15 - inner % 16; pad < 256; pad += 16) {
                cbc_ref_rec r = cbc_ref_rec_of(p.r.seq, CT_APPLICATION_DATA, msg, sizes[i]);
                r.pad_len = (int)pad;
                size_t len = cbc_ref_seal(&k, &r, rec);
                uint8_t type, *pt;
                size_t n;
                assert_int_equal(record_open(&p.r, rec, len, &type, &pt, &n), WARD_OK);
                assert_int_equal(n, sizes[i]);
                assert_memory_equal(pt, msg, n);
            }
        }
        free(rec);
        pair_free(&p);
    }
    free(msg);
}

/* ---- known answers: records of a real OpenSSL peer pair ----
 *
 * Captured at authoring time from OpenSSL 3.0.19 on 127.0.0.1 through a logging
 * TCP proxy: `openssl s_server -tls1_2 -rev` and `openssl s_client -tls1_2
 * -keylogfile`, ECDHE-RSA-AES128-SHA with -no_etm on both sides (MTE_*) and
 * ECDHE-RSA-AES256-SHA384 with encrypt-then-MAC negotiated (ETM_*). The client
 * sent "hello ward\n", the server answered "draw olleh\n". The keys are the key
 * block (RFC 5246 6.3: client MAC key, server MAC key, client key, server key)
 * computed with Python's hmac/hashlib from the keylog's master secret and the
 * captured randoms, independently of ward. *_FIN is each side's first protected
 * record (Finished, sequence number 0), *_APP the next one (sequence number 1).
 */
static const uint8_t MTE_CM[20] = {0x36, 0x11, 0x6b, 0x0c, 0xef, 0xb3, 0x8e, 0x4c, 0x79, 0xb8,
                                   0x3b, 0xfb, 0x0e, 0xe4, 0x92, 0x27, 0xd8, 0xbd, 0xf6, 0x8c};
static const uint8_t MTE_CK[16] = {0x1a, 0xf5, 0x17, 0x94, 0x48, 0x74, 0x31, 0xb2,
                                   0xb1, 0x60, 0xb0, 0x29, 0xb0, 0x8b, 0x4a, 0x03};
static const uint8_t MTE_SM[20] = {0x3d, 0xe0, 0x7f, 0xcb, 0x68, 0x86, 0x46, 0x16, 0x45, 0xed,
                                   0xd1, 0x56, 0x0a, 0x00, 0x4f, 0x08, 0xaa, 0x68, 0x0a, 0xca};
static const uint8_t MTE_SK[16] = {0xcd, 0xd8, 0x2c, 0x49, 0x72, 0xb9, 0x7d, 0x4e,
                                   0x42, 0x39, 0x44, 0x2d, 0x9a, 0x4d, 0x34, 0xa9};
static const uint8_t MTE_C_FIN[69] = {
    0x16, 0x03, 0x03, 0x00, 0x40, 0x23, 0xdf, 0x8c, 0xe5, 0x70, 0x55, 0xcc, 0xfd, 0x5f,
    0x62, 0xfa, 0x22, 0xe7, 0x73, 0x91, 0x32, 0xd5, 0xc3, 0x46, 0x8d, 0xad, 0x17, 0x57,
    0x2f, 0xa9, 0x6c, 0xb6, 0xb2, 0x72, 0x45, 0xa2, 0x12, 0x6f, 0x7a, 0x2b, 0xc9, 0x10,
    0xad, 0x7e, 0x36, 0x99, 0x99, 0x39, 0x47, 0xa9, 0x28, 0x61, 0x58, 0x4e, 0x65, 0xf7,
    0xf9, 0x04, 0x08, 0xcb, 0x34, 0x82, 0x02, 0xba, 0x94, 0x45, 0xbc, 0x26, 0x45};
static const uint8_t MTE_C_APP[53] = {
    0x17, 0x03, 0x03, 0x00, 0x30, 0xda, 0xa7, 0xdf, 0xa1, 0x46, 0x8d, 0xe8, 0xcf, 0xa8,
    0xe6, 0xc0, 0xd0, 0x15, 0x95, 0x20, 0xc2, 0x1f, 0xfb, 0xb3, 0x08, 0x04, 0x32, 0xaa,
    0x65, 0xda, 0x82, 0x89, 0xf6, 0x33, 0x55, 0x50, 0x53, 0xe8, 0x9b, 0x9b, 0xfe, 0x86,
    0x97, 0x1e, 0xfb, 0x95, 0xcd, 0x05, 0xc4, 0x35, 0x43, 0x89, 0x8a};
static const uint8_t MTE_S_FIN[69] = {
    0x16, 0x03, 0x03, 0x00, 0x40, 0x7f, 0xae, 0x5a, 0x35, 0xfc, 0x03, 0xf5, 0xa8, 0x3d,
    0x7d, 0xca, 0x94, 0x69, 0x5e, 0x3e, 0x95, 0x80, 0x6e, 0x25, 0xf9, 0xdd, 0xc1, 0x7b,
    0x01, 0x25, 0x87, 0x50, 0x19, 0x8e, 0x32, 0x6d, 0x72, 0xe3, 0x10, 0xd9, 0x90, 0xbe,
    0xc5, 0x50, 0x68, 0x35, 0x57, 0x03, 0xe8, 0xfb, 0xbe, 0x86, 0x4b, 0xba, 0x96, 0xda,
    0x48, 0x37, 0x44, 0x37, 0xf5, 0xd7, 0xf0, 0x45, 0x13, 0x02, 0xeb, 0x69, 0xe1};
static const uint8_t MTE_S_APP[53] = {
    0x17, 0x03, 0x03, 0x00, 0x30, 0x3e, 0x39, 0x3a, 0xd8, 0x80, 0xdc, 0x86, 0x59, 0xa2,
    0xb0, 0x4e, 0x04, 0x65, 0xdf, 0xfa, 0x22, 0x14, 0xf9, 0x8f, 0x1f, 0xde, 0x1c, 0x57,
    0x5a, 0xab, 0x76, 0x03, 0x96, 0xe5, 0xd4, 0x8b, 0x44, 0x9d, 0x7d, 0xb8, 0xdd, 0xcf,
    0x17, 0x39, 0xaa, 0x09, 0xe8, 0x1d, 0xd3, 0x7e, 0xcf, 0x8e, 0x69};
static const uint8_t ETM_CM[48] = {
    0x43, 0x6b, 0x3c, 0x68, 0x7a, 0x1a, 0x52, 0x6b, 0x9f, 0x47, 0xd2, 0x38, 0x3d, 0x2d, 0x35, 0xde,
    0x0d, 0x92, 0x9d, 0xc3, 0xff, 0x24, 0x19, 0x34, 0x2e, 0xde, 0xd8, 0x6c, 0xdb, 0xf7, 0xb5, 0x64,
    0x3f, 0xe6, 0x6d, 0x52, 0x51, 0x8c, 0xc8, 0x79, 0x1f, 0xa7, 0x1f, 0x82, 0x1c, 0x28, 0x28, 0x6e};
static const uint8_t ETM_CK[32] = {0x5d, 0x12, 0xa3, 0x38, 0x30, 0x3f, 0x03, 0x14, 0x91, 0x15, 0x94,
                                   0xfd, 0x28, 0x87, 0xaf, 0x34, 0xce, 0xbb, 0x04, 0x4d, 0x0a, 0x41,
                                   0x39, 0x0f, 0x9e, 0x51, 0x4b, 0x37, 0xed, 0xdd, 0x49, 0xea};
static const uint8_t ETM_SM[48] = {
    0xa8, 0xae, 0xf8, 0x2e, 0xb9, 0x26, 0x00, 0x1f, 0x0e, 0xb2, 0x12, 0xb7, 0x0d, 0xec, 0xb0, 0x57,
    0x7b, 0x00, 0x27, 0x86, 0xc9, 0x22, 0xfa, 0x6f, 0x8f, 0x17, 0xbc, 0xe6, 0x17, 0x25, 0x68, 0xba,
    0x68, 0x37, 0x85, 0x51, 0xab, 0xfa, 0x06, 0xc8, 0xd6, 0xc2, 0x92, 0xa7, 0x67, 0x40, 0x74, 0x35};
static const uint8_t ETM_SK[32] = {0xec, 0xa5, 0x34, 0xa7, 0xbe, 0x1a, 0x98, 0x0c, 0xa6, 0x9e, 0x09,
                                   0x08, 0x31, 0xc0, 0xe4, 0xa5, 0xbf, 0xd0, 0xa9, 0x32, 0x51, 0x0a,
                                   0xde, 0x28, 0x69, 0x5f, 0xf6, 0xe9, 0xaf, 0x85, 0x9f, 0xd9};
static const uint8_t ETM_C_FIN[101] = {
    0x16, 0x03, 0x03, 0x00, 0x60, 0x43, 0xcc, 0xe7, 0xd3, 0x7d, 0x37, 0x42, 0x54, 0x93, 0xaf,
    0x3d, 0xc1, 0x85, 0x67, 0x59, 0xbd, 0xca, 0x60, 0x9c, 0x93, 0x7e, 0xf2, 0x3c, 0x0d, 0xc0,
    0x1a, 0xc0, 0x2d, 0x8f, 0x57, 0xab, 0x04, 0x2d, 0x36, 0x27, 0x69, 0x29, 0x14, 0x7b, 0x2c,
    0x27, 0xd8, 0x6a, 0x27, 0x08, 0x9b, 0xef, 0x1b, 0xf7, 0xdb, 0x64, 0x24, 0x68, 0xfc, 0xea,
    0x65, 0x02, 0x20, 0x59, 0x87, 0x8e, 0xc9, 0xd3, 0x6a, 0xef, 0xe4, 0x0f, 0x7c, 0xdc, 0x66,
    0xbc, 0xdc, 0x67, 0x8f, 0x99, 0xd8, 0x5f, 0x2d, 0x5c, 0x45, 0x94, 0xea, 0x06, 0x63, 0xf3,
    0xd8, 0xcf, 0x02, 0x4b, 0x69, 0x22, 0x5a, 0x12, 0xd3, 0xb6, 0xb2};
static const uint8_t ETM_C_APP[85] = {
    0x17, 0x03, 0x03, 0x00, 0x50, 0x19, 0x2e, 0x6b, 0x1d, 0x54, 0x55, 0x94, 0x98, 0xa1, 0x4b,
    0x83, 0x38, 0xee, 0x42, 0xc4, 0xd4, 0x19, 0x25, 0x78, 0x33, 0x13, 0x00, 0x92, 0x60, 0xdb,
    0x6b, 0x73, 0xa3, 0xf0, 0xcb, 0xc4, 0xd9, 0xcb, 0xa8, 0xa4, 0x37, 0x3f, 0x9d, 0x8f, 0x18,
    0xa2, 0x41, 0x8d, 0xcb, 0xf0, 0xa7, 0x76, 0xc8, 0x59, 0x9d, 0x73, 0x8b, 0x55, 0x83, 0x44,
    0x88, 0x54, 0x87, 0x5c, 0xaf, 0xb0, 0x0b, 0xb0, 0x9b, 0xf3, 0x5e, 0x5b, 0xce, 0x17, 0xd3,
    0x6f, 0x53, 0xb3, 0x84, 0x78, 0x2e, 0xff, 0xa3, 0xbb, 0xe3};
static const uint8_t ETM_S_FIN[101] = {
    0x16, 0x03, 0x03, 0x00, 0x60, 0xff, 0xc9, 0x2c, 0x65, 0x61, 0x4e, 0x82, 0x78, 0xfb, 0x39,
    0xae, 0x81, 0xb3, 0x5f, 0x55, 0x47, 0x6e, 0xee, 0x00, 0xad, 0xc3, 0xec, 0x49, 0x1f, 0x02,
    0x1f, 0x98, 0xd7, 0xde, 0x10, 0x89, 0x85, 0x5c, 0x2c, 0x21, 0x7f, 0x79, 0xee, 0xdf, 0xf5,
    0x92, 0xc3, 0xf1, 0x25, 0x7c, 0xce, 0x57, 0xb2, 0xf8, 0x6b, 0x00, 0x4f, 0xf2, 0xfd, 0xe9,
    0x1a, 0xa0, 0xfa, 0x26, 0x51, 0x22, 0xef, 0xcc, 0x47, 0xdf, 0xc0, 0x67, 0xa7, 0x28, 0xb1,
    0x36, 0x6c, 0xea, 0x62, 0x74, 0xfe, 0x83, 0x80, 0x4e, 0xba, 0x74, 0x43, 0x09, 0xfa, 0x60,
    0x34, 0x7e, 0x62, 0x56, 0x73, 0xc0, 0x97, 0x58, 0x5d, 0x0b, 0x37};
static const uint8_t ETM_S_APP[85] = {
    0x17, 0x03, 0x03, 0x00, 0x50, 0xc9, 0xc3, 0x2d, 0x93, 0x57, 0xf9, 0x85, 0x76, 0x18, 0x7c,
    0x9f, 0xc6, 0x3f, 0x00, 0x20, 0xce, 0xd8, 0xa0, 0x72, 0x83, 0xc0, 0xf4, 0x26, 0xff, 0x77,
    0xad, 0x34, 0xc3, 0xba, 0xe1, 0x86, 0x23, 0x34, 0x2b, 0x32, 0xe4, 0x47, 0x00, 0xe3, 0xad,
    0x95, 0xa8, 0xdc, 0x4f, 0x8d, 0x83, 0xa7, 0xb5, 0x9b, 0xd9, 0xa7, 0x69, 0x47, 0xd9, 0x98,
    0x95, 0x22, 0x9d, 0x04, 0xe1, 0x6f, 0x36, 0xf4, 0x8f, 0x4e, 0xe4, 0xe8, 0xe8, 0xde, 0x6b,
    0x09, 0x8c, 0x0f, 0x91, 0xdf, 0x95, 0x6e, 0xba, 0x9b, 0x2e};

typedef struct kat {
    cbc_cipher cipher;
    hash_alg mac;
    bool etm;
    const uint8_t *key[2], *mac_key[2], *fin[2], *app[2];
    size_t fin_len, app_len;
} kat;

static const kat KATS[] = {
    {CBC_AES_128,
     HASH_SHA1,
     false,
     {MTE_CK, MTE_SK},
     {MTE_CM, MTE_SM},
     {MTE_C_FIN, MTE_S_FIN},
     {MTE_C_APP, MTE_S_APP},
     sizeof MTE_C_FIN,
     sizeof MTE_C_APP},
    {CBC_AES_256,
     HASH_SHA384,
     true,
     {ETM_CK, ETM_SK},
     {ETM_CM, ETM_SM},
     {ETM_C_FIN, ETM_S_FIN},
     {ETM_C_APP, ETM_S_APP},
     sizeof ETM_C_FIN,
     sizeof ETM_C_APP},
};

static void kat_direction(const kat *k, int side, const char *want)
{
    record_dir d;
    memset(&d, 0, sizeof d);
    assert_int_equal(record_dir_set_tls12_cbc(&d, k->cipher, k->mac, k->mac_key[side], k->key[side],
                                              k->etm, false),
                     WARD_OK);
    uint8_t type, pt[64];
    size_t n;
    /* Finished: handshake type 20, length 12 (RFC 5246 7.4.9) */
    assert_int_equal(open_copy(&d, k->fin[side], k->fin_len, &type, &n, pt), WARD_OK);
    assert_int_equal(type, CT_HANDSHAKE);
    assert_int_equal(n, 16);
    assert_memory_equal(pt, "\x14\x00\x00\x0c", 4);
    assert_int_equal(open_copy(&d, k->app[side], k->app_len, &type, &n, pt), WARD_OK);
    assert_int_equal(type, CT_APPLICATION_DATA);
    assert_int_equal(n, strlen(want));
    assert_memory_equal(pt, want, n);
    /* the reference reads them the same way */
    cbc_ref ref = {k->cipher, k->mac, k->etm, k->mac_key[side], k->key[side]};
    assert_int_equal(cbc_ref_open(&ref, 1, k->app[side], k->app_len, pt), (long)n);
    assert_memory_equal(pt, want, n);
    /* out of order, or under the other side's keys, nothing opens */
    d.seq = 0;
    assert_int_equal(open_copy(&d, k->app[side], k->app_len, &type, &n, pt), WARD_E_BAD_RECORD_MAC);
    d.seq = 1;
    assert_int_equal(open_copy(&d, k->app[1 - side], k->app_len, &type, &n, pt),
                     WARD_E_BAD_RECORD_MAC);
    record_dir_clear(&d);
}

static void test_known_answer_openssl(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof KATS / sizeof KATS[0]; i++) {
        kat_direction(&KATS[i], 0, "hello ward\n");
        kat_direction(&KATS[i], 1, "draw olleh\n");
    }
}

/* ---- what must fail, and how ---- */

/* One spoilt reference record per case; bad padding and bad MAC must be the
 * same error, and a failed record leaves no plaintext behind. */
static void spoilt_one(const cbc_ref *k, size_t n, int pad_len, int bad_pad_at, int last_byte,
                       bool bad_mac)
{
    pair p;
    pair_init(&p, k);
    uint8_t *msg = pattern(n), *rec = calloc(1, CBC_REF_MAX_RECORD);
    cbc_ref_rec r = cbc_ref_rec_of(0, CT_APPLICATION_DATA, msg, n);
    r.pad_len = pad_len;
    r.bad_pad_at = bad_pad_at;
    r.last_byte = last_byte;
    r.bad_mac = bad_mac;
    size_t len = cbc_ref_seal(k, &r, rec);
    uint8_t type, *pt;
    size_t got;
    assert_int_equal(record_open(&p.r, rec, len, &type, &pt, &got), WARD_E_BAD_RECORD_MAC);
    assert_int_equal(p.r.seq, 0);
    /* MAC-then-encrypt decrypted the record: it is wiped. Encrypt-then-MAC
     * decrypts only after a good MAC, so only a padding failure wiped it. */
    if (!k->etm || !bad_mac)
        for (size_t i = 5; i < len; i++)
            assert_int_equal(rec[i], 0);
    free(rec);
    free(msg);
    pair_free(&p);
}

static void test_bad_padding_and_bad_mac(void **state)
{
    (void)state;
    for (size_t s = 0; s < N_SUITES; s++) {
        cbc_ref k = suite(s);
        size_t inner = 40 + (k.etm ? 0 : cbc_mac_size(k.mac));
        int pad = (int)(15 - inner % 16) + 32;        /* 33 or more padding bytes */
        spoilt_one(&k, 40, -1, -1, -1, true);         /* bad MAC */
        spoilt_one(&k, 40, pad, 0, -1, false);        /* first padding byte wrong */
        spoilt_one(&k, 40, pad, pad / 2, -1, false);  /* a middle one */
        spoilt_one(&k, 40, pad, pad - 1, -1, false);  /* the one before the length */
        spoilt_one(&k, 40, pad, -1, pad + 16, false); /* length too long for the padding */
        spoilt_one(&k, 40, -1, -1, 255, false);       /* longer than the whole record */
        spoilt_one(&k, 40, pad, 0, -1, true);         /* both wrong */
        spoilt_one(&k, 0, -1, -1, 255, false);
    }
}

/* A good reference record, then one byte of it flipped. */
static void flipped_one(const cbc_ref *k, size_t at)
{
    pair p;
    pair_init(&p, k);
    uint8_t *msg = pattern(50), *rec = calloc(1, CBC_REF_MAX_RECORD);
    cbc_ref_rec r = cbc_ref_rec_of(0, CT_APPLICATION_DATA, msg, 50);
    size_t len = cbc_ref_seal(k, &r, rec);
    expect_open(&p.r, rec, len, WARD_OK);
    p.r.seq = 0;
    rec[at < len ? at : len - 1] ^= 0x80;
    expect_open(&p.r, rec, len, WARD_E_BAD_RECORD_MAC);
    free(rec);
    free(msg);
    pair_free(&p);
}

static void test_flipped_bits(void **state)
{
    (void)state;
    for (size_t s = 0; s < N_SUITES; s++) {
        cbc_ref k = suite(s);
        size_t frag = sealed_frag_len(&k, 50), mac = cbc_mac_size(k.mac);
        flipped_one(&k, 5);                   /* first IV byte */
        flipped_one(&k, 5 + 15);              /* last IV byte */
        flipped_one(&k, 5 + 16);              /* first ciphertext byte */
        flipped_one(&k, 5 + 16 + 40);         /* inside the plaintext */
        flipped_one(&k, 5 + frag - 1);        /* last byte: padding length or MAC */
        flipped_one(&k, 5 + frag - mac - 17); /* a block before the MAC region */
        /* the header is MACed too */
        flipped_one(&k, 1); /* version */
        flipped_one(&k, 2);
    }
}

static void test_wrong_type_sequence_and_mode(void **state)
{
    (void)state;
    uint8_t *msg = pattern(20), *rec = calloc(1, CBC_REF_MAX_RECORD);
    for (size_t s = 0; s < N_SUITES; s++) {
        cbc_ref k = suite(s);
        pair p;
        pair_init(&p, &k);
        cbc_ref_rec r = cbc_ref_rec_of(1, CT_APPLICATION_DATA, msg, 20);
        size_t len = cbc_ref_seal(&k, &r, rec);
        expect_open(&p.r, rec, len, WARD_E_BAD_RECORD_MAC); /* sealed at seq 1, read at 0 */
        p.r.seq = 1;
        rec[0] = CT_HANDSHAKE; /* a known type, but not the MACed one */
        expect_open(&p.r, rec, len, WARD_E_BAD_RECORD_MAC);
        rec[0] = 99;
        expect_open(&p.r, rec, len, WARD_E_BAD_RECORD_TYPE);
        rec[0] = CT_APPLICATION_DATA;
        expect_open(&p.r, rec, len, WARD_OK);
        /* the other mode's reader */
        cbc_ref other = k;
        other.etm = !k.etm;
        pair q;
        pair_init(&q, &other);
        q.r.seq = 1;
        expect_open(&q.r, rec, len, WARD_E_BAD_RECORD_MAC);
        pair_free(&q);
        pair_free(&p);
    }
    free(rec);
    free(msg);
}

/* Sets the header length of rec to frag_len; returns the record length. */
static size_t set_frag_len(uint8_t *rec, size_t frag_len)
{
    rec[3] = (uint8_t)(frag_len >> 8);
    rec[4] = (uint8_t)frag_len;
    return 5 + frag_len;
}

static void test_lengths(void **state)
{
    (void)state;
    uint8_t *msg = pattern(100), *rec = calloc(1, CBC_REF_MAX_RECORD);
    for (size_t s = 0; s < N_SUITES; s++) {
        cbc_ref k = suite(s);
        pair p;
        pair_init(&p, &k);
        cbc_ref_rec r = cbc_ref_rec_of(0, CT_APPLICATION_DATA, msg, 100);
        size_t len = cbc_ref_seal(&k, &r, rec), frag = len - 5;
        size_t mac = cbc_mac_size(k.mac);
        size_t min = k.etm ? 32 + mac : 16 + round16(mac + 1);
        expect_open(&p.r, rec, set_frag_len(rec, frag - 16), WARD_E_BAD_RECORD_MAC); /* truncated */
        expect_open(&p.r, rec, set_frag_len(rec, frag - 1), WARD_E_BAD_RECORD_MAC);  /* unaligned */
        expect_open(&p.r, rec, set_frag_len(rec, frag + 16), WARD_E_BAD_RECORD_MAC); /* trailing */
        expect_open(&p.r, rec, set_frag_len(rec, frag + 1), WARD_E_BAD_RECORD_MAC);
        expect_open(&p.r, rec, set_frag_len(rec, min), WARD_E_BAD_RECORD_MAC);
        expect_open(&p.r, rec, set_frag_len(rec, min - 16), WARD_E_BAD_RECORD_MAC); /* too short */
        expect_open(&p.r, rec, set_frag_len(rec, 16), WARD_E_BAD_RECORD_MAC);
        expect_open(&p.r, rec, set_frag_len(rec, 0), WARD_E_BAD_RECORD_MAC);
        /* the header and the buffer disagree: a framing error, not a MAC one */
        set_frag_len(rec, frag);
        expect_open(&p.r, rec, len - 1, WARD_E_DECODE);
        expect_open(&p.r, rec, len + 1, WARD_E_DECODE);
        /* RFC 5246 6.2.3: over 2^14 + 2048 is record_overflow */
        memset(rec + 5, 0x5a, 16384 + 2048 + 16);
        expect_open(&p.r, rec, set_frag_len(rec, 16384 + 2048 + 16), WARD_E_RECORD_OVERFLOW);
        expect_open(&p.r, rec, set_frag_len(rec, 16384 + 2048 + 1), WARD_E_RECORD_OVERFLOW);
        expect_open(&p.r, rec, set_frag_len(rec, 16384 + 2048), WARD_E_BAD_RECORD_MAC);
        pair_free(&p);
    }
    free(rec);
    free(msg);
}

/* An authentic plaintext over 2^14 is record_overflow (RFC 5246 6.2.1). */
static void test_plaintext_overflow(void **state)
{
    (void)state;
    uint8_t *msg = pattern(16385), *rec = calloc(1, CBC_REF_MAX_RECORD);
    for (size_t s = 0; s < N_SUITES; s++) {
        cbc_ref k = suite(s);
        pair p;
        pair_init(&p, &k);
        cbc_ref_rec r = cbc_ref_rec_of(0, CT_APPLICATION_DATA, msg, 16385);
        expect_open(&p.r, rec, cbc_ref_seal(&k, &r, rec), WARD_E_RECORD_OVERFLOW);
        r.n = 16384;
        expect_open(&p.r, rec, cbc_ref_seal(&k, &r, rec), WARD_OK);
        pair_free(&p);
    }
    free(rec);
    free(msg);
}

static void test_empty_records(void **state)
{
    (void)state;
    uint8_t rec[256];
    for (size_t s = 0; s < N_SUITES; s++) {
        cbc_ref k = suite(s);
        pair p;
        pair_init(&p, &k);
        static const uint8_t types[] = {CT_HANDSHAKE, CT_ALERT, CT_CHANGE_CIPHER_SPEC};
        for (size_t i = 0; i < sizeof types; i++) {
            cbc_ref_rec r = cbc_ref_rec_of(0, types[i], NULL, 0);
            expect_open(&p.r, rec, cbc_ref_seal(&k, &r, rec), WARD_E_EMPTY_RECORD);
        }
        cbc_ref_rec r = cbc_ref_rec_of(0, CT_APPLICATION_DATA, NULL, 0);
        expect_open(&p.r, rec, cbc_ref_seal(&k, &r, rec), WARD_OK);
        /* ward does not seal them either */
        writer w;
        writer_init_dynamic(&w, 0);
        assert_int_equal(record_seal(&p.w, CT_HANDSHAKE, 0x0303, NULL, 0, &w),
                         WARD_E_INVALID_ARGUMENT);
        assert_int_equal(record_seal(&p.w, CT_CHANGE_CIPHER_SPEC, 0x0303, NULL, 0, &w),
                         WARD_E_INVALID_ARGUMENT);
        assert_int_equal(w.len, 0);
        writer_free(&w);
        pair_free(&p);
    }
}

static void test_seal_refusals(void **state)
{
    (void)state;
    cbc_ref k = suite(3);
    pair p;
    pair_init(&p, &k);
    uint8_t *msg = pattern(16385);
    writer w;
    writer_init_dynamic(&w, 0);
    assert_int_equal(record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, msg, 16385, &w),
                     WARD_E_INVALID_ARGUMENT);
    /* a read direction cannot seal; nothing is left in the output */
    assert_int_equal(record_seal(&p.r, CT_APPLICATION_DATA, 0x0303, msg, 10, &w),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(w.len, 0);
    assert_int_equal(p.r.seq, 0);
    /* RFC 5246 6.1: the sequence number never wraps */
    p.w.seq = UINT64_MAX;
    assert_int_equal(record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, msg, 10, &w),
                     WARD_E_SEQUENCE_OVERFLOW);
    p.w.seq = UINT64_MAX - 1;
    assert_int_equal(record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, msg, 10, &w), WARD_OK);
    p.r.seq = UINT64_MAX - 1;
    uint8_t type, *pt;
    size_t n;
    assert_int_equal(record_open(&p.r, w.p, w.len, &type, &pt, &n), WARD_OK);
    assert_int_equal(p.r.seq, UINT64_MAX);
    assert_int_equal(record_open(&p.r, w.p, w.len, &type, &pt, &n), WARD_E_SEQUENCE_OVERFLOW);
    writer_free(&w);
    free(msg);
    pair_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_set_and_clear),
        cmocka_unit_test(test_roundtrip_each_suite),
        cmocka_unit_test(test_iv_fresh_per_record),
        cmocka_unit_test(test_seal_all),
        cmocka_unit_test(test_reference_records_every_padding),
        cmocka_unit_test(test_known_answer_openssl),
        cmocka_unit_test(test_bad_padding_and_bad_mac),
        cmocka_unit_test(test_flipped_bits),
        cmocka_unit_test(test_wrong_type_sequence_and_mode),
        cmocka_unit_test(test_lengths),
        cmocka_unit_test(test_plaintext_overflow),
        cmocka_unit_test(test_empty_records),
        cmocka_unit_test(test_seal_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
