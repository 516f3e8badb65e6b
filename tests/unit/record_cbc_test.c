/* record_cbc_test.c -- TLS 1.2 CBC record protection (src/record/record_cbc.c):
 * MAC-then-encrypt (RFC 5246 6.2.3.1-2) and encrypt-then-MAC (RFC 7366), for
 * AES-128/256-CBC with HMAC-SHA1/SHA256/SHA384.
 *
 * The reference records come from tests/support/cbc_ref.c, which builds and
 * opens them with libcrypto's EVP cipher and one-shot HMAC calls straight from
 * the RFC text, independently of ward's record layer. */
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
