/* record12_test.c -- TLS 1.2 AEAD record protection (src/record/record.c):
 * AES-GCM (RFC 5288), ChaCha20-Poly1305 (RFC 7905), RFC 5246 6.2.3.3 framing.
 *
 * The known-answer records at the bottom were captured at authoring time from a
 * real OpenSSL 3.0.19 peer pair: `openssl s_server -tls1_2 -rev` and
 * `openssl s_client -tls1_2 -keylogfile` on 127.0.0.1, through a logging TCP
 * proxy, one connection per suite (ECDHE-ECDSA-AES128-GCM-SHA256,
 * -AES256-GCM-SHA384, -CHACHA20-POLY1305). The client sent "hello ward\n" and the
 * server answered "draw olleh\n". *_CR / *_MS come from the keylog line, *_SR
 * from the captured ServerHello. *_CHASH / *_SHASH are the handshake hashes of
 * the captured plaintext handshake messages (computed with Python's hashlib),
 * and *_CFIN_PT / *_SFIN_PT the Finished messages computed from them with
 * `openssl kdf ... TLS1-PRF` -- all independent of ward.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hs/prf.h"
#include "record/record.h"

static const aead_alg ALGS[] = {AEAD_AES_128_GCM, AEAD_AES_256_GCM, AEAD_CHACHA20_POLY1305};
#define N_ALGS (sizeof ALGS / sizeof ALGS[0])

static const uint8_t KEY[32] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
                                0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
                                0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20};
/* GCM uses the first 4 bytes (the salt), ChaCha20-Poly1305 all 12. */
static const uint8_t IV[12] = {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5,
                               0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab};

static bool is_gcm(aead_alg alg)
{
    return alg != AEAD_CHACHA20_POLY1305;
}
static size_t explicit_len(aead_alg alg)
{
    return is_gcm(alg) ? 8 : 0;
}

typedef struct pair {
    record_dir w, r;
} pair;

static void pair_init(pair *p, aead_alg alg)
{
    memset(p, 0, sizeof *p);
    assert_int_equal(record_dir_set_tls12(&p->w, alg, KEY, IV, true), WARD_OK);
    assert_int_equal(record_dir_set_tls12(&p->r, alg, KEY, IV, false), WARD_OK);
    assert_true(record_dir_protected(&p->w));
    assert_int_equal(p->w.framing, RECORD_FRAMING_TLS12);
    assert_int_equal(p->r.framing, RECORD_FRAMING_TLS12);
}

static void pair_free(pair *p)
{
    record_dir_clear(&p->w);
    record_dir_clear(&p->r);
}

static void put64(uint8_t *out, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        out[i] = (uint8_t)v;
        v >>= 8;
    }
}

/* Builds a TLS 1.2 record with a direct AEAD call, following RFC 5246 6.2.3.3
 * and RFC 5288 / 7905 literally: aad_seq goes into the additional data, and for
 * GCM the explicit nonce is `explicit` (ward sends the same number as aad_seq;
 * OpenSSL does not). Returns the record length. */
static size_t raw12_keyed(aead_alg alg, const uint8_t *key, const uint8_t *iv, uint64_t aad_seq,
                          uint64_t explicit, uint8_t type, uint16_t version, const uint8_t *pt,
                          size_t n, uint8_t *out)
{
    aead_ctx *a = NULL;
    assert_int_equal(aead_new(alg, key, true, &a), WARD_OK);
    size_t ex = explicit_len(alg);
    size_t frag_len = ex + n + 16;
    out[0] = type;
    out[1] = (uint8_t)(version >> 8);
    out[2] = (uint8_t)version;
    out[3] = (uint8_t)(frag_len >> 8);
    out[4] = (uint8_t)frag_len;
    uint8_t nonce[12];
    if (is_gcm(alg)) {
        memcpy(nonce, iv, 4);
        put64(nonce + 4, explicit);
        memcpy(out + 5, nonce + 4, 8);
    } else {
        memcpy(nonce, iv, 12);
        for (int i = 0; i < 8; i++)
            nonce[11 - i] ^= (uint8_t)(aad_seq >> (8 * i));
    }
    uint8_t aad[13];
    put64(aad, aad_seq);
    aad[8] = type;
    aad[9] = (uint8_t)(version >> 8);
    aad[10] = (uint8_t)version;
    aad[11] = (uint8_t)(n >> 8);
    aad[12] = (uint8_t)n;
    if (n)
        memcpy(out + 5 + ex, pt, n);
    assert_int_equal(aead_seal(a, nonce, aad, 13, out + 5 + ex, n, out + 5 + ex), WARD_OK);
    aead_free(a);
    return 5 + frag_len;
}

static size_t raw12(aead_alg alg, uint64_t aad_seq, uint64_t explicit, uint8_t type,
                    uint16_t version, const uint8_t *pt, size_t n, uint8_t *out)
{
    return raw12_keyed(alg, KEY, IV, aad_seq, explicit, type, version, pt, n, out);
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

static int open_rec(record_dir *d, uint8_t *rec, size_t len, uint8_t *type, uint8_t **pt,
                    size_t *pt_len)
{
    return record_open(d, rec, len, type, pt, pt_len);
}

/* ---- round trips ---- */

static void roundtrip_one(aead_alg alg)
{
    pair p;
    pair_init(&p, alg);
    size_t ex = explicit_len(alg);
    writer w;
    writer_init_dynamic(&w, 0);
    uint8_t type;
    uint8_t *pt;
    size_t pt_len;

    const char *msg = "hello, TLS 1.2 record layer";
    size_t n = strlen(msg);
    assert_int_equal(record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, (const uint8_t *)msg, n, &w),
                     WARD_OK);
    /* RFC 5246 6.2.3.3: real type, the version given, explicit || ct || tag */
    assert_int_equal(w.len, 5 + ex + n + 16);
    assert_int_equal(w.p[0], CT_APPLICATION_DATA);
    assert_int_equal(w.p[1], 0x03);
    assert_int_equal(w.p[2], 0x03);
    assert_int_equal((w.p[3] << 8) | w.p[4], ex + n + 16);
    assert_memory_not_equal(w.p + 5 + ex, msg, n);
    assert_int_equal(p.w.seq, 1);
    record_header h;
    assert_int_equal(record_header_parse(w.p, w.len, RECORD_MAX_CIPHERTEXT_12, &h), WARD_OK);
    assert_int_equal(open_rec(&p.r, w.p, w.len, &type, &pt, &pt_len), WARD_OK);
    assert_int_equal(type, CT_APPLICATION_DATA);
    assert_int_equal(pt_len, n);
    assert_memory_equal(pt, msg, n);
    assert_ptr_equal(pt, w.p + 5 + ex); /* in place, past the explicit nonce */
    assert_int_equal(p.r.seq, 1);

    /* handshake and alert keep their type on the outside */
    const uint8_t fin[] = {20, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    w.len = 0;
    assert_int_equal(record_seal(&p.w, CT_HANDSHAKE, 0x0303, fin, sizeof fin, &w), WARD_OK);
    assert_int_equal(w.p[0], CT_HANDSHAKE);
    assert_int_equal(w.len, 5 + ex + sizeof fin + 16);
    assert_int_equal(open_rec(&p.r, w.p, w.len, &type, &pt, &pt_len), WARD_OK);
    assert_int_equal(type, CT_HANDSHAKE);
    assert_int_equal(pt_len, sizeof fin);
    assert_memory_equal(pt, fin, sizeof fin);

    const uint8_t alert[] = {1, 0};
    w.len = 0;
    assert_int_equal(record_seal(&p.w, CT_ALERT, 0x0303, alert, 2, &w), WARD_OK);
    assert_int_equal(w.p[0], CT_ALERT);
    assert_int_equal(open_rec(&p.r, w.p, w.len, &type, &pt, &pt_len), WARD_OK);
    assert_int_equal(type, CT_ALERT);
    assert_memory_equal(pt, alert, 2);

    /* empty application data is legal (the caller limits how many) */
    w.len = 0;
    assert_int_equal(record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, NULL, 0, &w), WARD_OK);
    assert_int_equal(w.len, 5 + ex + 16);
    assert_int_equal(open_rec(&p.r, w.p, w.len, &type, &pt, &pt_len), WARD_OK);
    assert_int_equal(type, CT_APPLICATION_DATA);
    assert_int_equal(pt_len, 0);

    /* the version argument is what goes in the header (and the AAD) */
    w.len = 0;
    assert_int_equal(record_seal(&p.w, CT_APPLICATION_DATA, 0x0302, (const uint8_t *)msg, n, &w),
                     WARD_OK);
    assert_int_equal(w.p[2], 0x02);
    assert_int_equal(open_rec(&p.r, w.p, w.len, &type, &pt, &pt_len), WARD_OK);
    assert_memory_equal(pt, msg, n);

    assert_int_equal(p.w.seq, 5);
    assert_int_equal(p.r.seq, 5);
    writer_free(&w);
    pair_free(&p);
}

static void test_roundtrip_each_aead(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ALGS; i++)
        roundtrip_one(ALGS[i]);
}

/* Sealing matches the RFC construction built by hand, and for GCM the explicit
 * nonce on the wire is the big-endian sequence number. */
static void test_nonce_construction(void **state)
{
    (void)state;
    for (size_t a = 0; a < N_ALGS; a++) {
        pair p;
        pair_init(&p, ALGS[a]);
        writer w;
        writer_init_dynamic(&w, 0);
        const uint8_t data[] = "nonce check";
        const uint64_t seqs[] = {0, 1, 0x0102030405060708ull, UINT64_MAX - 1};
        for (size_t k = 0; k < sizeof seqs / sizeof seqs[0]; k++) {
            p.w.seq = seqs[k];
            w.len = 0;
            assert_int_equal(record_seal(&p.w, CT_HANDSHAKE, 0x0303, data, sizeof data, &w),
                             WARD_OK);
            uint8_t want[128];
            size_t want_len =
                raw12(ALGS[a], seqs[k], seqs[k], CT_HANDSHAKE, 0x0303, data, sizeof data, want);
            assert_int_equal(w.len, want_len);
            assert_memory_equal(w.p, want, want_len);
            if (is_gcm(ALGS[a])) {
                uint8_t be[8];
                put64(be, seqs[k]);
                assert_memory_equal(w.p + 5, be, 8);
            }
        }
        writer_free(&w);
        pair_free(&p);
    }
}

/* RFC 5288 3: the receiver uses the explicit nonce as sent; it need not be the
 * sequence number (the AEAD, with the seq in the AAD, decides). */
static void test_explicit_nonce_not_seq(void **state)
{
    (void)state;
    const aead_alg gcm[] = {AEAD_AES_128_GCM, AEAD_AES_256_GCM};
    for (size_t a = 0; a < 2; a++) {
        pair p;
        pair_init(&p, gcm[a]);
        uint8_t rec[128];
        uint8_t type;
        uint8_t *pt;
        size_t pt_len;
        const uint8_t m[] = "odd nonce";
        size_t n =
            raw12(gcm[a], 0, 0xdeadbeefcafef00dull, CT_APPLICATION_DATA, 0x0303, m, sizeof m, rec);
        assert_int_equal(open_rec(&p.r, rec, n, &type, &pt, &pt_len), WARD_OK);
        assert_memory_equal(pt, m, sizeof m);
        n = raw12(gcm[a], 1, 77, CT_APPLICATION_DATA, 0x0303, m, sizeof m, rec);
        assert_int_equal(open_rec(&p.r, rec, n, &type, &pt, &pt_len), WARD_OK);
        assert_int_equal(p.r.seq, 2);
        /* the AAD still carries the receiver's seq: a right nonce with the
         * wrong seq fails */
        n = raw12(gcm[a], 5, 2, CT_APPLICATION_DATA, 0x0303, m, sizeof m, rec);
        assert_int_equal(open_rec(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_BAD_RECORD_MAC);
        assert_int_equal(p.r.seq, 2);
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

static void test_replay_reorder(void **state)
{
    (void)state;
    for (size_t a = 0; a < N_ALGS; a++) {
        uint8_t rec[3][64], copy[64];
        size_t len[3];
        uint8_t type;
        uint8_t *pt;
        size_t pt_len;
        pair p;
        pair_init(&p, ALGS[a]);
        seal_three(&p, rec, len);
        for (int i = 0; i < 3; i++) {
            memcpy(copy, rec[i], len[i]);
            assert_int_equal(open_rec(&p.r, copy, len[i], &type, &pt, &pt_len), WARD_OK);
            assert_int_equal(pt[0], 'a' + i);
        }
        /* a replay carries its old explicit nonce, but the AAD has the new seq */
        memcpy(copy, rec[0], len[0]);
        assert_int_equal(open_rec(&p.r, copy, len[0], &type, &pt, &pt_len), WARD_E_BAD_RECORD_MAC);
        memcpy(copy, rec[2], len[2]);
        assert_int_equal(open_rec(&p.r, copy, len[2], &type, &pt, &pt_len), WARD_E_BAD_RECORD_MAC);
        assert_int_equal(p.r.seq, 3);
        pair_free(&p);

        pair_init(&p, ALGS[a]);
        seal_three(&p, rec, len);
        memcpy(copy, rec[1], len[1]);
        assert_int_equal(open_rec(&p.r, copy, len[1], &type, &pt, &pt_len), WARD_E_BAD_RECORD_MAC);
        assert_int_equal(p.r.seq, 0);
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

        /* every bit flip in explicit nonce, ciphertext and tag fails */
        for (size_t i = 5; i < n; i++) {
            for (int bit = 0; bit < 8; bit += 7) {
                memcpy(rec, orig, n);
                rec[i] ^= (uint8_t)(1u << bit);
                assert_int_equal(open_rec(&p.r, rec, n, &type, &pt, &pt_len),
                                 WARD_E_BAD_RECORD_MAC);
            }
        }
        /* the header type and version are in the AAD */
        const uint8_t types[] = {CT_HANDSHAKE, CT_ALERT, CT_CHANGE_CIPHER_SPEC, CT_HEARTBEAT};
        for (size_t t = 0; t < sizeof types; t++) {
            memcpy(rec, orig, n);
            rec[0] = types[t];
            assert_int_equal(open_rec(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_BAD_RECORD_MAC);
        }
        memcpy(rec, orig, n);
        rec[2] = 0x01;
        assert_int_equal(open_rec(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_BAD_RECORD_MAC);
        memcpy(rec, orig, n);
        rec[2] = 0x04;
        assert_int_equal(open_rec(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_BAD_RECORD_MAC);
        /* an unknown outer type */
        memcpy(rec, orig, n);
        rec[0] = 99;
        assert_int_equal(open_rec(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_BAD_RECORD_TYPE);
        /* a length that disagrees with rec_len */
        memcpy(rec, orig, n);
        rec[4] ^= 0x01;
        assert_int_equal(open_rec(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_DECODE);
        /* shortened by one byte with a consistent header: the plaintext length in
         * the AAD changes and the tag moves */
        memcpy(rec, orig, n);
        rec[4] = (uint8_t)(rec[4] - 1);
        assert_int_equal(open_rec(&p.r, rec, n - 1, &type, &pt, &pt_len), WARD_E_BAD_RECORD_MAC);
        /* lengthened by one byte */
        memcpy(rec, orig, n);
        rec[n] = 0;
        rec[4] = (uint8_t)(rec[4] + 1);
        assert_int_equal(open_rec(&p.r, rec, n + 1, &type, &pt, &pt_len), WARD_E_BAD_RECORD_MAC);
        assert_int_equal(p.r.seq, 0);

        memcpy(rec, orig, n);
        assert_int_equal(open_rec(&p.r, rec, n, &type, &pt, &pt_len), WARD_OK);
        assert_int_equal(pt_len, sizeof m);
        writer_free(&w);
        pair_free(&p);
    }
}

/* Shorter than explicit nonce + tag: bad_record_mac, before any decryption. */
static void test_too_short(void **state)
{
    (void)state;
    for (size_t a = 0; a < N_ALGS; a++) {
        pair p;
        pair_init(&p, ALGS[a]);
        size_t min = explicit_len(ALGS[a]) + 16;
        uint8_t rec[64] = {0};
        uint8_t type;
        uint8_t *pt;
        size_t pt_len;
        for (size_t f = 0; f < min; f++) {
            rec[0] = CT_APPLICATION_DATA;
            rec[1] = 0x03;
            rec[2] = 0x03;
            rec[3] = 0;
            rec[4] = (uint8_t)f;
            assert_int_equal(open_rec(&p.r, rec, 5 + f, &type, &pt, &pt_len),
                             WARD_E_BAD_RECORD_MAC);
        }
        /* exactly the minimum: an authentic empty application_data record */
        size_t n = raw12(ALGS[a], 0, 0, CT_APPLICATION_DATA, 0x0303, NULL, 0, rec);
        assert_int_equal(n, 5 + min);
        assert_int_equal(open_rec(&p.r, rec, n, &type, &pt, &pt_len), WARD_OK);
        assert_int_equal(pt_len, 0);
        /* RFC 5246 6.2.1: but not empty handshake, alert or CCS */
        const uint8_t no_empty[] = {CT_HANDSHAKE, CT_ALERT, CT_CHANGE_CIPHER_SPEC};
        for (size_t t = 0; t < sizeof no_empty; t++) {
            n = raw12(ALGS[a], 1, 1, no_empty[t], 0x0303, NULL, 0, rec);
            assert_int_equal(open_rec(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_EMPTY_RECORD);
        }
        writer w;
        writer_init_dynamic(&w, 0);
        for (size_t t = 0; t < sizeof no_empty; t++)
            assert_int_equal(record_seal(&p.w, no_empty[t], 0x0303, NULL, 0, &w),
                             WARD_E_INVALID_ARGUMENT);
        assert_int_equal(w.len, 0);
        writer_free(&w);
        pair_free(&p);
    }
}

static void test_overflow(void **state)
{
    (void)state;
    size_t cap = RECORD_MAX_CIPHERTEXT_12 + 64;
    uint8_t *buf = calloc(1, cap);
    uint8_t *rec = calloc(1, cap + 32);
    assert_non_null(buf);
    assert_non_null(rec);
    uint8_t type;
    uint8_t *pt;
    size_t pt_len;
    for (size_t a = 0; a < N_ALGS; a++) {
        pair p;
        pair_init(&p, ALGS[a]);
        memset(buf, 'x', cap);
        /* 2^14 + 1 bytes of authentic plaintext: record_overflow */
        size_t n =
            raw12(ALGS[a], 0, 0, CT_APPLICATION_DATA, 0x0303, buf, RECORD_MAX_PLAINTEXT + 1, rec);
        assert_int_equal(open_rec(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_RECORD_OVERFLOW);
        /* exactly 2^14 is the largest legal record */
        n = raw12(ALGS[a], 0, 0, CT_APPLICATION_DATA, 0x0303, buf, RECORD_MAX_PLAINTEXT, rec);
        assert_int_equal(open_rec(&p.r, rec, n, &type, &pt, &pt_len), WARD_OK);
        assert_int_equal(pt_len, RECORD_MAX_PLAINTEXT);
        /* RFC 5246 6.2.3: a fragment over 2^14 + 2048 is refused unopened */
        n = raw12(ALGS[a], 1, 1, CT_APPLICATION_DATA, 0x0303, buf,
                  RECORD_MAX_CIPHERTEXT_12 + 1 - 16 - explicit_len(ALGS[a]), rec);
        assert_int_equal(n, 5 + RECORD_MAX_CIPHERTEXT_12 + 1);
        assert_int_equal(open_rec(&p.r, rec, n, &type, &pt, &pt_len), WARD_E_RECORD_OVERFLOW);
        record_header h;
        assert_int_equal(record_header_parse(rec, n, RECORD_MAX_CIPHERTEXT_12, &h),
                         WARD_E_RECORD_OVERFLOW);

        /* the sealing side: 2^14 + 1 is refused, 2^14 fits */
        writer w;
        writer_init_dynamic(&w, 0);
        assert_int_equal(
            record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, buf, RECORD_MAX_PLAINTEXT + 1, &w),
            WARD_E_INVALID_ARGUMENT);
        assert_int_equal(w.len, 0);
        assert_int_equal(
            record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, buf, RECORD_MAX_PLAINTEXT, &w), WARD_OK);
        assert_int_equal(w.len, 5 + explicit_len(ALGS[a]) + RECORD_MAX_PLAINTEXT + 16);
        assert_int_equal(record_header_parse(w.p, w.len, RECORD_MAX_CIPHERTEXT_12, &h), WARD_OK);
        writer_free(&w);
        pair_free(&p);
    }
    free(buf);
    free(rec);
}

/* Under TLS 1.2 a renegotiation's ChangeCipherSpec is protected by the current
 * keys; only TLS 1.3 forbids a protected CCS. */
static void test_protected_ccs(void **state)
{
    (void)state;
    for (size_t a = 0; a < N_ALGS; a++) {
        pair p;
        pair_init(&p, ALGS[a]);
        writer w;
        writer_init_dynamic(&w, 0);
        const uint8_t one = 1;
        assert_int_equal(record_seal(&p.w, CT_CHANGE_CIPHER_SPEC, 0x0303, &one, 1, &w), WARD_OK);
        assert_int_equal(w.p[0], CT_CHANGE_CIPHER_SPEC);
        assert_int_equal(w.len, 5 + explicit_len(ALGS[a]) + 1 + 16);
        uint8_t type;
        uint8_t *pt;
        size_t pt_len;
        assert_int_equal(open_rec(&p.r, w.p, w.len, &type, &pt, &pt_len), WARD_OK);
        assert_int_equal(type, CT_CHANGE_CIPHER_SPEC);
        assert_int_equal(pt_len, 1);
        assert_int_equal(pt[0], 1);
        writer_free(&w);
        pair_free(&p);
    }
    /* the TLS 1.3 direction still refuses it */
    record_dir d13;
    memset(&d13, 0, sizeof d13);
    assert_int_equal(record_dir_set_tls13(&d13, AEAD_AES_128_GCM, KEY, IV, true), WARD_OK);
    assert_int_equal(d13.framing, RECORD_FRAMING_TLS13);
    writer w;
    writer_init_dynamic(&w, 0);
    const uint8_t one = 1;
    assert_int_equal(record_seal(&d13, CT_CHANGE_CIPHER_SPEC, 0x0303, &one, 1, &w),
                     WARD_E_INVALID_ARGUMENT);
    writer_free(&w);
    record_dir_clear(&d13);
}

/* The two framings are not interchangeable under the same key. */
static void test_framings_differ(void **state)
{
    (void)state;
    record_dir w12, r13;
    memset(&w12, 0, sizeof w12);
    memset(&r13, 0, sizeof r13);
    assert_int_equal(record_dir_set_tls12(&w12, AEAD_CHACHA20_POLY1305, KEY, IV, true), WARD_OK);
    assert_int_equal(record_dir_set_tls13(&r13, AEAD_CHACHA20_POLY1305, KEY, IV, false), WARD_OK);
    writer w;
    writer_init_dynamic(&w, 0);
    const uint8_t m[] = "cross";
    assert_int_equal(record_seal(&w12, CT_APPLICATION_DATA, 0x0303, m, sizeof m, &w), WARD_OK);
    uint8_t type;
    uint8_t *pt;
    size_t pt_len;
    uint8_t copy[64];
    assert_true(w.len <= sizeof copy);
    memcpy(copy, w.p, w.len);
    assert_int_equal(open_rec(&r13, copy, w.len, &type, &pt, &pt_len), WARD_E_BAD_RECORD_MAC);
    /* switching a direction from 1.3 to 1.2 keys resets seq and framing */
    r13.seq = 9;
    assert_int_equal(record_dir_set_tls12(&r13, AEAD_CHACHA20_POLY1305, KEY, IV, false), WARD_OK);
    assert_int_equal(r13.seq, 0);
    assert_int_equal(r13.framing, RECORD_FRAMING_TLS12);
    assert_int_equal(open_rec(&r13, w.p, w.len, &type, &pt, &pt_len), WARD_OK);
    assert_memory_equal(pt, m, sizeof m);
    writer_free(&w);
    record_dir_clear(&w12);
    record_dir_clear(&r13);
}

static void test_set_and_clear(void **state)
{
    (void)state;
    record_dir d;
    memset(&d, 0, sizeof d);
    assert_int_equal(record_dir_set_tls12(&d, AEAD_AES_128_GCM, KEY, IV, true), WARD_OK);
    /* only the 4-byte salt is kept for GCM */
    uint8_t want[12] = {0xa0, 0xa1, 0xa2, 0xa3};
    assert_memory_equal(d.iv, want, 12);
    d.seq = 5;
    /* a bad algorithm or missing IV leaves the direction as it was */
    assert_int_equal(record_dir_set_tls12(&d, (aead_alg)77, KEY, IV, true),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(record_dir_set_tls12(&d, AEAD_AES_128_GCM, KEY, NULL, true),
                     WARD_E_INVALID_ARGUMENT);
    assert_true(record_dir_protected(&d));
    assert_int_equal(d.seq, 5);
    assert_int_equal(d.framing, RECORD_FRAMING_TLS12);
    record_dir_clear(&d);
    assert_false(record_dir_protected(&d));
    assert_int_equal(d.framing, RECORD_FRAMING_NONE);
    const uint8_t zero[12] = {0};
    assert_memory_equal(d.iv, zero, 12);
}

static void test_sequence_overflow(void **state)
{
    (void)state;
    for (size_t a = 0; a < N_ALGS; a++) {
        pair p;
        pair_init(&p, ALGS[a]);
        writer w;
        writer_init_dynamic(&w, 0);
        const uint8_t m[] = "last";
        p.w.seq = UINT64_MAX - 1;
        p.r.seq = UINT64_MAX - 1;
        assert_int_equal(record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, m, sizeof m, &w), WARD_OK);
        size_t first = w.len;
        assert_int_equal(record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, m, sizeof m, &w),
                         WARD_E_SEQUENCE_OVERFLOW);
        assert_int_equal(w.len, first);
        uint8_t copy[64];
        memcpy(copy, w.p, first);
        uint8_t type;
        uint8_t *pt;
        size_t pt_len;
        assert_int_equal(open_rec(&p.r, w.p, first, &type, &pt, &pt_len), WARD_OK);
        assert_int_equal(open_rec(&p.r, copy, first, &type, &pt, &pt_len),
                         WARD_E_SEQUENCE_OVERFLOW);
        writer_free(&w);
        pair_free(&p);
    }
}

static void test_fixed_writer_too_small(void **state)
{
    (void)state;
    pair p;
    pair_init(&p, AEAD_AES_256_GCM);
    uint8_t buf[40];
    memset(buf, 0xee, sizeof buf);
    writer w;
    writer_init_fixed(&w, buf, sizeof buf);
    const uint8_t secret[] = "do not leak this plaintext";
    assert_true(record_seal(&p.w, CT_APPLICATION_DATA, 0x0303, secret, sizeof secret, &w) < 0);
    assert_int_equal(w.len, 0);
    assert_int_equal(p.w.seq, 0);
    for (size_t i = 0; i < sizeof buf; i++)
        assert_int_equal(buf[i], 0xee);
    pair_free(&p);
}

static void test_fragmentation(void **state)
{
    (void)state;
    enum { TOTAL = 40000 };
    uint8_t *data = malloc(TOTAL);
    assert_non_null(data);
    for (size_t i = 0; i < TOTAL; i++)
        data[i] = (uint8_t)(i * 7 + 3);
    for (size_t a = 0; a < N_ALGS; a++) {
        pair p;
        pair_init(&p, ALGS[a]);
        writer w;
        writer_init_dynamic(&w, 0);
        assert_int_equal(record_seal_all(&p.w, CT_APPLICATION_DATA, 0x0303, data, TOTAL, &w),
                         WARD_OK);
        const size_t want[] = {16384, 16384, 7232};
        size_t off = 0, got = 0, count = 0;
        while (off < w.len) {
            record_header h;
            assert_int_equal(
                record_header_parse(w.p + off, w.len - off, RECORD_MAX_CIPHERTEXT_12, &h), WARD_OK);
            assert_true(count < 3);
            size_t rec_len = 5 + (size_t)h.length;
            uint8_t type;
            uint8_t *pt;
            size_t pt_len;
            assert_int_equal(open_rec(&p.r, w.p + off, rec_len, &type, &pt, &pt_len), WARD_OK);
            assert_int_equal(pt_len, want[count]);
            assert_memory_equal(pt, data + got, pt_len);
            got += pt_len;
            off += rec_len;
            count++;
        }
        assert_int_equal(count, 3);
        assert_int_equal(got, TOTAL);
        writer_free(&w);
        pair_free(&p);
    }
    free(data);
}

/* ---- known answers: records captured from OpenSSL (see the top) ---- */

/* gcm128: 2 client and 2 server protected records */
static const uint8_t GCM128_CR[32] = {
    0x7d, 0xe3, 0x46, 0xa5, 0x86, 0x75, 0x3d, 0x62, 0x70, 0x57, 0x97, 0xf4, 0xa1, 0xa0, 0x8d, 0xef,
    0xb7, 0xc7, 0x90, 0xbd, 0x20, 0x09, 0xfd, 0x4b, 0x42, 0xdd, 0xd1, 0x39, 0x14, 0xc2, 0xbf, 0x91};
static const uint8_t GCM128_SR[32] = {
    0xbc, 0x97, 0xaf, 0x1c, 0xaa, 0xdf, 0x35, 0x76, 0x74, 0x83, 0x88, 0x19, 0x4c, 0x43, 0x05, 0x3e,
    0xb3, 0x15, 0x99, 0x64, 0xdd, 0xbb, 0x53, 0x9c, 0xb0, 0xf0, 0x38, 0xcb, 0x8a, 0x89, 0xf7, 0x30};
static const uint8_t GCM128_MS[48] = {
    0x68, 0xba, 0xff, 0xa5, 0xda, 0x29, 0x64, 0xe6, 0x75, 0x3d, 0xa1, 0xe5, 0x5a, 0x23, 0x66, 0xa5,
    0xad, 0x09, 0x82, 0x52, 0x10, 0x97, 0x6a, 0x21, 0xdc, 0x62, 0x7c, 0xe7, 0x33, 0x52, 0x96, 0x65,
    0xe3, 0x70, 0xc7, 0x69, 0x96, 0x12, 0xbd, 0xf2, 0x8e, 0xbc, 0xf7, 0x21, 0xc3, 0x7d, 0xde, 0xd0};
static const uint8_t GCM128_CHASH[32] = {
    0x68, 0xad, 0xea, 0x13, 0x31, 0x2f, 0x3e, 0x23, 0x74, 0xfa, 0x0a, 0x4d, 0x23, 0x7b, 0x44, 0x65,
    0x62, 0x41, 0xfd, 0x45, 0x5f, 0x6b, 0x4f, 0x71, 0x55, 0xaa, 0x4c, 0x64, 0x8e, 0x00, 0x89, 0x2d};
static const uint8_t GCM128_SHASH[32] = {
    0xd9, 0x3c, 0xf2, 0xfc, 0x49, 0xd9, 0xee, 0x70, 0xe1, 0x72, 0x94, 0x53, 0x94, 0x63, 0xd6, 0x60,
    0x5c, 0xe0, 0x03, 0x2c, 0x2b, 0x26, 0xd3, 0x95, 0x9c, 0xe6, 0x7e, 0x07, 0x0e, 0xca, 0x86, 0x1f};
static const uint8_t GCM128_CFIN_PT[16] = {0x14, 0x00, 0x00, 0x0c, 0x1b, 0xa4, 0x23, 0xb1,
                                           0x23, 0x7d, 0xcc, 0x7b, 0xbb, 0xee, 0x7c, 0x76};
static const uint8_t GCM128_SFIN_PT[16] = {0x14, 0x00, 0x00, 0x0c, 0x75, 0x6c, 0x11, 0x59,
                                           0xe9, 0x44, 0x45, 0xcd, 0x06, 0x0f, 0xd3, 0xa8};
static const uint8_t GCM128_C0[45] = {
    0x16, 0x03, 0x03, 0x00, 0x28, 0x59, 0xfd, 0x78, 0xe7, 0xf4, 0xad, 0x1f, 0x81, 0x26, 0x52,
    0x04, 0x87, 0x6d, 0x0d, 0xa1, 0x53, 0x61, 0x01, 0x3d, 0x1e, 0x45, 0xb5, 0x8c, 0x6b, 0x72,
    0x83, 0xb1, 0xfc, 0x6f, 0xcd, 0x90, 0x92, 0xa5, 0xed, 0xe0, 0x73, 0x0e, 0x90, 0x40, 0xe4};
static const uint8_t GCM128_C1[40] = {0x17, 0x03, 0x03, 0x00, 0x23, 0x59, 0xfd, 0x78, 0xe7, 0xf4,
                                      0xad, 0x1f, 0x82, 0x2b, 0x77, 0xa8, 0xbd, 0xb0, 0xc3, 0x46,
                                      0xd4, 0x77, 0x23, 0x91, 0x16, 0xbe, 0x8a, 0x53, 0x28, 0x8e,
                                      0x95, 0x24, 0xf8, 0x94, 0x05, 0xfa, 0x77, 0x9f, 0x5e, 0x68};
static const uint8_t GCM128_S0[45] = {
    0x16, 0x03, 0x03, 0x00, 0x28, 0xdc, 0xe9, 0x2f, 0x24, 0x04, 0xed, 0x43, 0xbc, 0x08, 0x50,
    0xee, 0x2e, 0xa8, 0x1b, 0xf8, 0xef, 0x36, 0x87, 0x90, 0xd5, 0x7e, 0xa2, 0xaa, 0xc4, 0xe1,
    0x3c, 0xc7, 0x64, 0xa9, 0xe5, 0x42, 0xff, 0xcb, 0xb8, 0xec, 0xa5, 0x17, 0x23, 0x5e, 0xbc};
static const uint8_t GCM128_S1[40] = {0x17, 0x03, 0x03, 0x00, 0x23, 0xdc, 0xe9, 0x2f, 0x24, 0x04,
                                      0xed, 0x43, 0xbd, 0x93, 0x8f, 0x2a, 0x99, 0x9b, 0x2e, 0xbd,
                                      0xb9, 0x91, 0xb8, 0xaf, 0xa2, 0x5d, 0x24, 0x9b, 0xdf, 0xe2,
                                      0xf4, 0xa9, 0xef, 0xd4, 0xa4, 0x6c, 0x8e, 0x9d, 0x86, 0xa7};
/* gcm256: 2 client and 2 server protected records */
static const uint8_t GCM256_CR[32] = {
    0xad, 0xfc, 0x6b, 0x6a, 0x93, 0x1a, 0x58, 0x33, 0x6a, 0xc3, 0x75, 0xbe, 0x42, 0x91, 0x45, 0xcd,
    0x4e, 0x3d, 0x9f, 0x08, 0x46, 0xa6, 0xc3, 0x49, 0x18, 0x81, 0xf1, 0x43, 0xdf, 0x57, 0x9d, 0x17};
static const uint8_t GCM256_SR[32] = {
    0x5f, 0xbc, 0x54, 0xc9, 0x58, 0xb4, 0x90, 0x98, 0x51, 0xb7, 0x38, 0xb7, 0x93, 0x73, 0xf2, 0xda,
    0xdb, 0x91, 0xcc, 0x48, 0x42, 0x7a, 0xf6, 0xf7, 0x91, 0xde, 0x2e, 0x7c, 0xa3, 0xb9, 0xfe, 0xc5};
static const uint8_t GCM256_MS[48] = {
    0x05, 0x4e, 0x67, 0x9b, 0x41, 0x36, 0x3e, 0xab, 0x12, 0x0c, 0xe5, 0x14, 0xca, 0x4e, 0xdc, 0x82,
    0xb0, 0xbb, 0xcb, 0x72, 0x48, 0xf4, 0x2a, 0x2b, 0xc0, 0xcc, 0xa2, 0x2d, 0x50, 0xac, 0x0c, 0x06,
    0xc6, 0x64, 0x91, 0x14, 0xc6, 0x6b, 0xfd, 0xee, 0xc5, 0x77, 0xb8, 0x07, 0xdd, 0x83, 0xdf, 0xb4};
static const uint8_t GCM256_CHASH[48] = {
    0x39, 0x23, 0x58, 0x58, 0xd1, 0x08, 0xed, 0xfd, 0x52, 0x85, 0x39, 0x27, 0x8a, 0x36, 0xd0, 0xfe,
    0xde, 0x1f, 0x9d, 0x3c, 0xbc, 0xc5, 0x9a, 0x26, 0x6c, 0x6d, 0xe2, 0xa4, 0xe1, 0xe7, 0x4a, 0x98,
    0xbc, 0x47, 0x09, 0xe8, 0xdf, 0xd9, 0xcd, 0x51, 0xa7, 0x21, 0x85, 0x8a, 0x3b, 0xbe, 0x1f, 0x24};
static const uint8_t GCM256_SHASH[48] = {
    0xf4, 0x63, 0x05, 0x41, 0x0b, 0x46, 0x72, 0x7c, 0xa0, 0x49, 0x0d, 0x03, 0x79, 0x40, 0xdd, 0xa5,
    0x45, 0x10, 0x49, 0xa4, 0xe5, 0x5a, 0xe2, 0x24, 0x11, 0xbb, 0xd9, 0x08, 0xd3, 0xfc, 0xf2, 0xe5,
    0xe0, 0x44, 0x6e, 0x98, 0x50, 0xe2, 0xb8, 0xde, 0x88, 0x80, 0x6f, 0xd7, 0xe8, 0x5b, 0x01, 0x08};
static const uint8_t GCM256_CFIN_PT[16] = {0x14, 0x00, 0x00, 0x0c, 0x3f, 0x78, 0x07, 0x34,
                                           0x8f, 0xaa, 0x5e, 0x65, 0x1f, 0x64, 0x91, 0x20};
static const uint8_t GCM256_SFIN_PT[16] = {0x14, 0x00, 0x00, 0x0c, 0x3c, 0x20, 0x43, 0xd9,
                                           0x83, 0x80, 0xaa, 0x1f, 0x72, 0x93, 0x51, 0x64};
static const uint8_t GCM256_C0[45] = {
    0x16, 0x03, 0x03, 0x00, 0x28, 0xf3, 0xe4, 0x4e, 0x50, 0x4a, 0x12, 0x2f, 0x9f, 0x8a, 0x09,
    0x51, 0x4a, 0x96, 0x13, 0x7b, 0xfe, 0x8d, 0x88, 0xc7, 0xb6, 0x03, 0xfe, 0xf9, 0x35, 0x67,
    0x82, 0x70, 0x1a, 0x60, 0xca, 0xbd, 0x75, 0x42, 0x2b, 0x43, 0xe3, 0x34, 0xed, 0xce, 0xd3};
static const uint8_t GCM256_C1[40] = {0x17, 0x03, 0x03, 0x00, 0x23, 0xf3, 0xe4, 0x4e, 0x50, 0x4a,
                                      0x12, 0x2f, 0xa0, 0x8b, 0x0d, 0x62, 0x0d, 0x4a, 0xbf, 0x1d,
                                      0xd3, 0xd0, 0xe8, 0x0c, 0x85, 0x1f, 0xec, 0xdf, 0x93, 0x36,
                                      0xb4, 0x1f, 0x5a, 0xb7, 0x35, 0xb8, 0xd3, 0x57, 0xb8, 0x40};
static const uint8_t GCM256_S0[45] = {
    0x16, 0x03, 0x03, 0x00, 0x28, 0xd0, 0xbf, 0x0c, 0x30, 0x9d, 0x75, 0x24, 0xaf, 0xbb, 0xa8,
    0x81, 0xaa, 0x6f, 0x04, 0x28, 0x9f, 0x90, 0x84, 0xc2, 0x99, 0x83, 0xfd, 0xaf, 0x07, 0xdb,
    0xd2, 0x76, 0x7b, 0x8e, 0x2a, 0x68, 0xeb, 0xa9, 0x9a, 0xec, 0x5f, 0x83, 0xea, 0x7d, 0x23};
static const uint8_t GCM256_S1[40] = {0x17, 0x03, 0x03, 0x00, 0x23, 0xd0, 0xbf, 0x0c, 0x30, 0x9d,
                                      0x75, 0x24, 0xb0, 0x88, 0x01, 0x54, 0x21, 0xd9, 0xbc, 0x04,
                                      0x39, 0x83, 0xc8, 0x25, 0x6c, 0x3b, 0xa4, 0xb7, 0xe0, 0x37,
                                      0xfa, 0xb8, 0x92, 0x5b, 0x50, 0xc9, 0x1b, 0x8f, 0xb8, 0x1c};
/* chacha: 2 client and 2 server protected records */
static const uint8_t CHACHA_CR[32] = {
    0xcd, 0xc0, 0x97, 0x65, 0xfa, 0xfd, 0x4a, 0x41, 0x12, 0x21, 0xdb, 0x28, 0xd2, 0xe1, 0x7b, 0xff,
    0x42, 0x42, 0xee, 0x2f, 0x10, 0xb5, 0xe9, 0xdd, 0x2a, 0xb3, 0x1f, 0xb0, 0x3e, 0xfe, 0xc5, 0xd4};
static const uint8_t CHACHA_SR[32] = {
    0x67, 0xef, 0xb8, 0xcc, 0x3e, 0xf6, 0x95, 0x4e, 0x07, 0x9a, 0x15, 0x01, 0xeb, 0x6c, 0x64, 0xdb,
    0xee, 0xe6, 0xd6, 0x25, 0xa4, 0x8c, 0xf0, 0xd1, 0x40, 0x4e, 0x2c, 0xe7, 0xbb, 0x98, 0xf2, 0xe5};
static const uint8_t CHACHA_MS[48] = {
    0xdd, 0x3e, 0xec, 0x41, 0x95, 0x53, 0x7a, 0xbb, 0x17, 0xb3, 0xba, 0x4f, 0xc0, 0x80, 0x5c, 0x46,
    0xca, 0xa9, 0xde, 0x54, 0x99, 0x61, 0x8d, 0x60, 0x7c, 0xce, 0x60, 0x88, 0x83, 0xd0, 0x74, 0x4a,
    0x17, 0x9a, 0xf8, 0x42, 0x08, 0xa2, 0x43, 0xee, 0xde, 0x78, 0x0c, 0x04, 0x6c, 0xf1, 0xad, 0xf3};
static const uint8_t CHACHA_CHASH[32] = {
    0xfa, 0x09, 0xe6, 0x24, 0x4b, 0x10, 0x15, 0x50, 0x23, 0x8f, 0x42, 0xa5, 0x26, 0x72, 0x14, 0xda,
    0x4e, 0x4f, 0x3f, 0x61, 0x76, 0xfa, 0x09, 0xee, 0x39, 0x43, 0x75, 0x03, 0x45, 0xd1, 0x5d, 0x56};
static const uint8_t CHACHA_SHASH[32] = {
    0xbc, 0xc8, 0x3f, 0xec, 0x33, 0x24, 0x06, 0x9e, 0x64, 0x7c, 0x8d, 0x56, 0xb8, 0xe4, 0xa6, 0xfb,
    0xfa, 0xad, 0xe7, 0x00, 0x03, 0x09, 0x6e, 0x27, 0x20, 0x49, 0xa7, 0x4c, 0xf4, 0xad, 0x60, 0x9c};
static const uint8_t CHACHA_CFIN_PT[16] = {0x14, 0x00, 0x00, 0x0c, 0x8a, 0xaf, 0x91, 0x58,
                                           0x2a, 0x64, 0x11, 0xc9, 0x4d, 0xbb, 0x17, 0x27};
static const uint8_t CHACHA_SFIN_PT[16] = {0x14, 0x00, 0x00, 0x0c, 0x48, 0x4e, 0xc3, 0x41,
                                           0x42, 0x3c, 0xc4, 0xf8, 0xb7, 0x31, 0xeb, 0xda};
static const uint8_t CHACHA_C0[37] = {0x16, 0x03, 0x03, 0x00, 0x20, 0x93, 0x3e, 0x59, 0xb7, 0xb4,
                                      0x3b, 0xd4, 0xa8, 0xcc, 0xfb, 0x7c, 0x19, 0xd8, 0x13, 0x3b,
                                      0x12, 0x36, 0xb8, 0x86, 0x4d, 0xe4, 0x34, 0x31, 0xb3, 0xfd,
                                      0xa8, 0xc2, 0xf2, 0xdc, 0xf0, 0x08, 0x1d};
static const uint8_t CHACHA_C1[32] = {
    0x17, 0x03, 0x03, 0x00, 0x1b, 0xc5, 0x4b, 0x31, 0x50, 0x05, 0x29, 0x63, 0x9f, 0x8c, 0xd7, 0xd4,
    0x49, 0xf2, 0xc4, 0x88, 0xd8, 0x6b, 0x6b, 0xc3, 0x6e, 0x67, 0xf2, 0x7b, 0xac, 0x32, 0x53, 0x7d};
static const uint8_t CHACHA_S0[37] = {0x16, 0x03, 0x03, 0x00, 0x20, 0x1d, 0xdf, 0xf0, 0xfb, 0x01,
                                      0xcb, 0xd8, 0x4c, 0x80, 0x09, 0xb5, 0xdd, 0x80, 0xb0, 0x29,
                                      0x68, 0xc8, 0x8b, 0xfa, 0x9a, 0x85, 0x49, 0x3e, 0x1e, 0x71,
                                      0x37, 0x9a, 0xe0, 0x20, 0x94, 0x64, 0x2c};
static const uint8_t CHACHA_S1[32] = {
    0x17, 0x03, 0x03, 0x00, 0x1b, 0x65, 0x35, 0x80, 0xe3, 0x09, 0x16, 0x37, 0x6d, 0xe1, 0xbf, 0x62,
    0x81, 0x2d, 0xfe, 0xdc, 0xbd, 0x6b, 0xb3, 0x2b, 0x8b, 0x79, 0xd7, 0x21, 0x4f, 0xb3, 0xc3, 0x8e};

typedef struct kat {
    const char *name;
    hash_alg hash;
    aead_alg aead;
    const uint8_t *cr, *sr, *ms, *chash, *shash, *cfin, *sfin;
    const uint8_t *c0, *c1, *s0, *s1; /* Finished, then application data */
    size_t c0_len, c1_len, s0_len, s1_len;
} kat;

#define KAT(P, h, a)                                                                               \
    {                                                                                              \
#P, h, a, P##_CR, P##_SR, P##_MS, P##_CHASH, P##_SHASH, P##_CFIN_PT, P##_SFIN_PT, P##_C0,  \
            P##_C1, P##_S0, P##_S1, sizeof P##_C0, sizeof P##_C1, sizeof P##_S0, sizeof P##_S1     \
    }

static const kat KATS[] = {
    KAT(GCM128, HASH_SHA256, AEAD_AES_128_GCM),
    KAT(GCM256, HASH_SHA384, AEAD_AES_256_GCM),
    KAT(CHACHA, HASH_SHA256, AEAD_CHACHA20_POLY1305),
};

/* Opens the peer's Finished and application record with keys from
 * prf12_key_block and checks the plaintexts; then seals the same plaintexts
 * with ward. ChaCha20-Poly1305 has no free choice: ward's bytes must equal
 * OpenSSL's. With AES-GCM OpenSSL's explicit nonce is not its sequence number
 * (it counts up from a random start), so there: the RFC construction with
 * OpenSSL's explicit nonce must reproduce OpenSSL's bytes, and ward's record
 * must equal the same construction with explicit nonce = sequence number. */
static void kat_direction(const kat *k, const uint8_t *key, const uint8_t *iv, bool client)
{
    const uint8_t *recs[2] = {client ? k->c0 : k->s0, client ? k->c1 : k->s1};
    size_t lens[2] = {client ? k->c0_len : k->s0_len, client ? k->c1_len : k->s1_len};
    const uint8_t *fin = client ? k->cfin : k->sfin;
    const char *app = client ? "hello ward\n" : "draw olleh\n";
    const uint8_t *pts[2] = {fin, (const uint8_t *)app};
    size_t pt_lens[2] = {16, strlen(app)};
    const uint8_t types[2] = {CT_HANDSHAKE, CT_APPLICATION_DATA};

    /* the Finished computed independently agrees with prf12_finished */
    uint8_t vd[12];
    assert_int_equal(prf12_finished(k->hash, k->ms, client, client ? k->chash : k->shash,
                                    hash_size(k->hash), vd),
                     WARD_OK);
    assert_memory_equal(vd, fin + 4, 12);

    record_dir rd, wd;
    memset(&rd, 0, sizeof rd);
    memset(&wd, 0, sizeof wd);
    assert_int_equal(record_dir_set_tls12(&rd, k->aead, key, iv, false), WARD_OK);
    assert_int_equal(record_dir_set_tls12(&wd, k->aead, key, iv, true), WARD_OK);
    writer w;
    writer_init_dynamic(&w, 0);
    for (int i = 0; i < 2; i++) {
        uint8_t buf[64];
        assert_true(lens[i] <= sizeof buf);
        memcpy(buf, recs[i], lens[i]);
        uint64_t explicit = is_gcm(k->aead) ? get64(buf + 5) : (uint64_t)i;
        uint8_t type;
        uint8_t *pt;
        size_t pt_len;
        assert_int_equal(record_open(&rd, buf, lens[i], &type, &pt, &pt_len), WARD_OK);
        assert_int_equal(type, types[i]);
        assert_int_equal(pt_len, pt_lens[i]);
        assert_memory_equal(pt, pts[i], pt_len);

        w.len = 0;
        assert_int_equal(record_seal(&wd, types[i], 0x0303, pts[i], pt_lens[i], &w), WARD_OK);
        assert_int_equal(w.len, lens[i]);
        uint8_t ref[64];
        size_t ref_len = raw12_keyed(k->aead, key, iv, (uint64_t)i, explicit, types[i], 0x0303,
                                     pts[i], pt_lens[i], ref);
        assert_int_equal(ref_len, lens[i]);
        assert_memory_equal(ref, recs[i], lens[i]);
        if (!is_gcm(k->aead)) {
            assert_memory_equal(w.p, recs[i], lens[i]);
        } else {
            ref_len = raw12_keyed(k->aead, key, iv, (uint64_t)i, (uint64_t)i, types[i], 0x0303,
                                  pts[i], pt_lens[i], ref);
            assert_memory_equal(w.p, ref, ref_len);
            /* and a receiver (ward) opens ward's record */
            record_dir rd2;
            memset(&rd2, 0, sizeof rd2);
            assert_int_equal(record_dir_set_tls12(&rd2, k->aead, key, iv, false), WARD_OK);
            rd2.seq = (uint64_t)i;
            assert_int_equal(record_open(&rd2, w.p, w.len, &type, &pt, &pt_len), WARD_OK);
            assert_memory_equal(pt, pts[i], pt_lens[i]);
            record_dir_clear(&rd2);
        }
    }
    writer_free(&w);
    record_dir_clear(&rd);
    record_dir_clear(&wd);
}

static void test_known_answer_openssl(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof KATS / sizeof KATS[0]; i++) {
        const kat *k = &KATS[i];
        uint8_t ck[32], sk[32], civ[12], siv[12];
        assert_int_equal(prf12_key_block(k->hash, k->aead, k->ms, k->cr, k->sr, ck, sk, civ, siv),
                         WARD_OK);
        kat_direction(k, ck, civ, true);
        kat_direction(k, sk, siv, false);
        /* the client's record does not open with the server's keys */
        record_dir rd;
        memset(&rd, 0, sizeof rd);
        assert_int_equal(record_dir_set_tls12(&rd, k->aead, sk, siv, false), WARD_OK);
        uint8_t buf[64];
        memcpy(buf, k->c0, k->c0_len);
        uint8_t type;
        uint8_t *pt;
        size_t pt_len;
        assert_int_equal(record_open(&rd, buf, k->c0_len, &type, &pt, &pt_len),
                         WARD_E_BAD_RECORD_MAC);
        record_dir_clear(&rd);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_each_aead),
        cmocka_unit_test(test_nonce_construction),
        cmocka_unit_test(test_explicit_nonce_not_seq),
        cmocka_unit_test(test_replay_reorder),
        cmocka_unit_test(test_tampering),
        cmocka_unit_test(test_too_short),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_protected_ccs),
        cmocka_unit_test(test_framings_differ),
        cmocka_unit_test(test_set_and_clear),
        cmocka_unit_test(test_sequence_overflow),
        cmocka_unit_test(test_fixed_writer_too_small),
        cmocka_unit_test(test_fragmentation),
        cmocka_unit_test(test_known_answer_openssl),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
