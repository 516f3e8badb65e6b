/* transcript_test.c -- the running handshake hash (src/hs/transcript.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hs/transcript.h"

/* A handshake message of type with a body of n bytes of fill. */
static size_t make_msg(uint8_t type, size_t n, uint8_t fill, uint8_t *out)
{
    out[0] = type;
    out[1] = (uint8_t)(n >> 16);
    out[2] = (uint8_t)(n >> 8);
    out[3] = (uint8_t)n;
    memset(out + 4, fill, n);
    return n + 4;
}

/* Hash of the concatenation of up to three buffers. */
static void hash3(hash_alg alg, const uint8_t *a, size_t an, const uint8_t *b, size_t bn,
                  const uint8_t *c, size_t cn, uint8_t *out)
{
    uint8_t *all = malloc(an + bn + cn + 1);
    assert_non_null(all);
    memcpy(all, a, an);
    if (bn)
        memcpy(all + an, b, bn);
    if (cn)
        memcpy(all + an + bn, c, cn);
    assert_int_equal(hash_oneshot(alg, all, an + bn + cn, out), WARD_OK);
    free(all);
}

static void test_buffered_then_hashed(void **state)
{
    (void)state;
    uint8_t ch[300], sh[100], ee[50], want[48], got[48], again[48];
    size_t chn = make_msg(1, 296, 0x11, ch);
    size_t shn = make_msg(2, 90, 0x22, sh);
    size_t een = make_msg(8, 10, 0x33, ee);

    transcript t;
    transcript_init(&t);
    assert_int_equal(transcript_hash(&t, got), WARD_E_API_STATE); /* no hash yet */
    assert_int_equal(transcript_add(&t, ch, chn), WARD_OK);
    assert_int_equal(transcript_add(&t, sh, shn), WARD_OK);
    assert_int_equal(transcript_set_hash(&t, HASH_SHA256), WARD_OK);
    assert_int_equal(t.alg, HASH_SHA256);
    assert_int_equal(t.pending.len, 0); /* the buffer is dropped */
    hash3(HASH_SHA256, ch, chn, sh, shn, NULL, 0, want);
    assert_int_equal(transcript_hash(&t, got), WARD_OK);
    assert_memory_equal(got, want, 32);
    /* reading does not end the hash */
    assert_int_equal(transcript_hash(&t, again), WARD_OK);
    assert_memory_equal(again, want, 32);

    assert_int_equal(transcript_add(&t, ee, een), WARD_OK);
    hash3(HASH_SHA256, ch, chn, sh, shn, ee, een, want);
    assert_int_equal(transcript_hash(&t, got), WARD_OK);
    assert_memory_equal(got, want, 32);

    /* the hash is chosen once */
    assert_int_equal(transcript_set_hash(&t, HASH_SHA384), WARD_E_API_STATE);
    transcript_free(&t);
    transcript_free(&t); /* twice is harmless */
}

static void test_set_hash_with_nothing_buffered(void **state)
{
    (void)state;
    transcript t;
    transcript_init(&t);
    assert_int_equal(transcript_set_hash(&t, (hash_alg)0), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(transcript_set_hash(&t, (hash_alg)5), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(transcript_set_hash(&t, HASH_SHA384), WARD_OK);
    uint8_t got[48], want[48];
    assert_int_equal(transcript_hash(&t, got), WARD_OK);
    assert_int_equal(hash_oneshot(HASH_SHA384, "", 0, want), WARD_OK);
    assert_memory_equal(got, want, 48);
    transcript_free(&t);
}

static void test_large_buffered_message(void **state)
{
    (void)state;
    size_t n = 100000;
    uint8_t *m = malloc(n + 4);
    assert_non_null(m);
    size_t mn = make_msg(11, n, 0x5c, m);
    transcript t;
    transcript_init(&t);
    assert_int_equal(transcript_add(&t, m, mn), WARD_OK);
    assert_int_equal(transcript_add(&t, m, mn), WARD_OK);
    assert_int_equal(transcript_set_hash(&t, HASH_SHA384), WARD_OK);
    uint8_t got[48], want[48];
    hash3(HASH_SHA384, m, mn, m, mn, NULL, 0, want);
    assert_int_equal(transcript_hash(&t, got), WARD_OK);
    assert_memory_equal(got, want, 48);
    transcript_free(&t);
    free(m);
}

/* Only whole handshake messages are accepted; a refused one adds nothing. */
static void test_malformed_messages(void **state)
{
    (void)state;
    transcript t;
    transcript_init(&t);
    const uint8_t short3[] = {1, 0, 0};
    const uint8_t trunc[] = {1, 0, 0, 5, 1, 2, 3, 4};     /* says 5, has 4 */
    const uint8_t trailing[] = {1, 0, 0, 2, 1, 2, 3};     /* says 2, has 3 */
    const uint8_t two[] = {1, 0, 0, 1, 9, 2, 0, 0, 1, 9}; /* two messages at once */
    assert_int_equal(transcript_add(&t, short3, sizeof short3), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(transcript_add(&t, trunc, sizeof trunc), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(transcript_add(&t, trailing, sizeof trailing), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(transcript_add(&t, two, sizeof two), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(transcript_add(&t, NULL, 0), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(t.pending.len, 0);
    const uint8_t empty_body[] = {14, 0, 0, 0}; /* ServerHelloDone: empty is fine */
    assert_int_equal(transcript_add(&t, empty_body, 4), WARD_OK);
    assert_int_equal(transcript_set_hash(&t, HASH_SHA256), WARD_OK);
    assert_int_equal(transcript_add(&t, trunc, sizeof trunc), WARD_E_INVALID_ARGUMENT);
    uint8_t got[32], want[32];
    assert_int_equal(hash_oneshot(HASH_SHA256, empty_body, 4, want), WARD_OK);
    assert_int_equal(transcript_hash(&t, got), WARD_OK);
    assert_memory_equal(got, want, 32);
    transcript_free(&t);
}

/* RFC 8446 4.4.1: after a HelloRetryRequest the transcript is
 * message_hash || 00 00 Hash.length || Hash(ClientHello1) || HRR || ... */
static void hrr_one(hash_alg alg)
{
    size_t hl = hash_size(alg);
    uint8_t ch1[200], hrr[80], ch2[220];
    size_t ch1n = make_msg(1, 196, 0x01, ch1);
    size_t hrrn = make_msg(2, 76, 0x02, hrr);
    size_t ch2n = make_msg(1, 216, 0x03, ch2);

    transcript t;
    transcript_init(&t);
    assert_int_equal(transcript_hrr_rewrite(&t), WARD_E_API_STATE); /* needs the hash */
    assert_int_equal(transcript_add(&t, ch1, ch1n), WARD_OK);
    assert_int_equal(transcript_set_hash(&t, alg), WARD_OK);
    assert_int_equal(transcript_hrr_rewrite(&t), WARD_OK);

    uint8_t synthetic[4 + 48];
    synthetic[0] = 254;
    synthetic[1] = 0;
    synthetic[2] = 0;
    synthetic[3] = (uint8_t)hl;
    assert_int_equal(hash_oneshot(alg, ch1, ch1n, synthetic + 4), WARD_OK);

    uint8_t got[48], want[48];
    assert_int_equal(transcript_hash(&t, got), WARD_OK);
    assert_int_equal(hash_oneshot(alg, synthetic, 4 + hl, want), WARD_OK);
    assert_memory_equal(got, want, hl);

    assert_int_equal(transcript_add(&t, hrr, hrrn), WARD_OK);
    assert_int_equal(transcript_add(&t, ch2, ch2n), WARD_OK);
    hash3(alg, synthetic, 4 + hl, hrr, hrrn, ch2, ch2n, want);
    assert_int_equal(transcript_hash(&t, got), WARD_OK);
    assert_memory_equal(got, want, hl);
    transcript_free(&t);
}

static void test_hrr_rewrite(void **state)
{
    (void)state;
    hrr_one(HASH_SHA256);
    hrr_one(HASH_SHA384);
}

/* A server learns the suite from ClientHello1 and rewrites after it. The
 * rewrite of what was buffered before the hash is set gives the same result. */
static void test_hrr_rewrite_of_buffered(void **state)
{
    (void)state;
    uint8_t ch1[40];
    size_t ch1n = make_msg(1, 36, 0x77, ch1);
    transcript a, b;
    transcript_init(&a);
    transcript_init(&b);
    assert_int_equal(transcript_add(&a, ch1, ch1n), WARD_OK);
    assert_int_equal(transcript_set_hash(&a, HASH_SHA256), WARD_OK);
    assert_int_equal(transcript_set_hash(&b, HASH_SHA256), WARD_OK);
    assert_int_equal(transcript_add(&b, ch1, ch1n), WARD_OK);
    assert_int_equal(transcript_hrr_rewrite(&a), WARD_OK);
    assert_int_equal(transcript_hrr_rewrite(&b), WARD_OK);
    uint8_t ha[32], hb[32];
    assert_int_equal(transcript_hash(&a, ha), WARD_OK);
    assert_int_equal(transcript_hash(&b, hb), WARD_OK);
    assert_memory_equal(ha, hb, 32);
    transcript_free(&a);
    transcript_free(&b);
}

/* transcript_hash_with: the hash of the transcript plus extra bytes, not added. */
static void test_hash_with(void **state)
{
    (void)state;
    uint8_t ch[60], partial[30], want[48], got[48], plain[48];
    size_t chn = make_msg(1, 56, 0x42, ch);
    memset(partial, 0x99, sizeof partial);

    transcript t;
    transcript_init(&t);
    assert_int_equal(transcript_add(&t, ch, chn), WARD_OK);
    /* before the hash is set: the caller names it */
    hash3(HASH_SHA384, ch, chn, partial, sizeof partial, NULL, 0, want);
    assert_int_equal(transcript_hash_with(&t, HASH_SHA384, partial, sizeof partial, got), WARD_OK);
    assert_memory_equal(got, want, 48);
    assert_int_equal(transcript_hash_with(&t, (hash_alg)0, partial, 1, got),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(t.pending.len, chn); /* nothing added */

    assert_int_equal(transcript_set_hash(&t, HASH_SHA256), WARD_OK);
    hash3(HASH_SHA256, ch, chn, partial, sizeof partial, NULL, 0, want);
    assert_int_equal(transcript_hash_with(&t, HASH_SHA256, partial, sizeof partial, got), WARD_OK);
    assert_memory_equal(got, want, 32);
    /* the running hash is untouched */
    assert_int_equal(transcript_hash(&t, plain), WARD_OK);
    assert_int_equal(hash_oneshot(HASH_SHA256, ch, chn, want), WARD_OK);
    assert_memory_equal(plain, want, 32);
    /* empty extra is the plain hash; a different hash is refused */
    assert_int_equal(transcript_hash_with(&t, HASH_SHA256, NULL, 0, got), WARD_OK);
    assert_memory_equal(got, plain, 32);
    assert_int_equal(transcript_hash_with(&t, HASH_SHA384, partial, 1, got),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(transcript_hash_with(&t, HASH_SHA256, NULL, 3, got), WARD_E_INVALID_ARGUMENT);
    transcript_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buffered_then_hashed),
        cmocka_unit_test(test_set_hash_with_nothing_buffered),
        cmocka_unit_test(test_large_buffered_message),
        cmocka_unit_test(test_malformed_messages),
        cmocka_unit_test(test_hrr_rewrite),
        cmocka_unit_test(test_hrr_rewrite_of_buffered),
        cmocka_unit_test(test_hash_with),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
