/* codec_test.c -- the bounded reader and writer (src/base/codec.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/codec.h"

static const uint8_t BYTES[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a};

/* A failed read leaves the reader exactly as it was. */
#define ASSERT_UNCHANGED(r, p0, len0)                                                              \
    do {                                                                                           \
        assert_ptr_equal((r).p, (p0));                                                             \
        assert_int_equal((r).len, (len0));                                                         \
    } while (0)

/* ---- fixed-width integers ---- */

static void test_ints_exact(void **state)
{
    (void)state;
    reader r;
    uint8_t v8;
    uint16_t v16;
    uint32_t v32;
    uint64_t v64;

    r = reader_of(BYTES, 1);
    assert_int_equal(reader_u8(&r, &v8), WARD_OK);
    assert_int_equal(v8, 0x01);
    assert_true(reader_empty(&r));

    r = reader_of(BYTES, 2);
    assert_int_equal(reader_u16(&r, &v16), WARD_OK);
    assert_int_equal(v16, 0x0102);
    assert_true(reader_empty(&r));

    r = reader_of(BYTES, 3);
    assert_int_equal(reader_u24(&r, &v32), WARD_OK);
    assert_int_equal(v32, 0x010203);
    assert_true(reader_empty(&r));

    r = reader_of(BYTES, 4);
    assert_int_equal(reader_u32(&r, &v32), WARD_OK);
    assert_int_equal(v32, 0x01020304);
    assert_true(reader_empty(&r));

    r = reader_of(BYTES, 8);
    assert_int_equal(reader_u64(&r, &v64), WARD_OK);
    assert_true(v64 == 0x0102030405060708ull);
    assert_true(reader_empty(&r));

    /* high bits are not sign-extended */
    const uint8_t ff[8] = {0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa, 0xf9, 0xf8};
    r = reader_of(ff, 8);
    assert_int_equal(reader_u16(&r, &v16), WARD_OK);
    assert_int_equal(v16, 0xfffe);
    assert_int_equal(reader_u24(&r, &v32), WARD_OK);
    assert_int_equal(v32, 0xfdfcfb);
    assert_int_equal(reader_left(&r), 3);
    r = reader_of(ff, 8);
    assert_int_equal(reader_u32(&r, &v32), WARD_OK);
    assert_true(v32 == 0xfffefdfcu);
    r = reader_of(ff, 8);
    assert_int_equal(reader_u64(&r, &v64), WARD_OK);
    assert_true(v64 == 0xfffefdfcfbfaf9f8ull);

    /* sequential reads advance */
    r = reader_of(BYTES, sizeof BYTES);
    assert_int_equal(reader_u8(&r, &v8), WARD_OK);
    assert_int_equal(reader_u16(&r, &v16), WARD_OK);
    assert_int_equal(v16, 0x0203);
    assert_int_equal(reader_u24(&r, &v32), WARD_OK);
    assert_int_equal(v32, 0x040506);
    assert_int_equal(reader_u32(&r, &v32), WARD_OK);
    assert_int_equal(v32, 0x0708090a);
    assert_true(reader_empty(&r));
    assert_int_equal(reader_expect_empty(&r), WARD_OK);
}

static void test_ints_truncated(void **state)
{
    (void)state;
    uint8_t v8 = 0xaa;
    uint16_t v16 = 0xaaaa;
    uint32_t v32 = 0xaaaaaaaa;
    uint64_t v64 = 0xaaaaaaaaaaaaaaaaull;
    for (size_t n = 0; n < 8; n++) {
        reader r = reader_of(BYTES, n);
        if (n < 1) {
            assert_int_equal(reader_u8(&r, &v8), WARD_E_DECODE);
            ASSERT_UNCHANGED(r, BYTES, n);
        }
        if (n < 2) {
            assert_int_equal(reader_u16(&r, &v16), WARD_E_DECODE);
            ASSERT_UNCHANGED(r, BYTES, n);
        }
        if (n < 3) {
            assert_int_equal(reader_u24(&r, &v32), WARD_E_DECODE);
            ASSERT_UNCHANGED(r, BYTES, n);
        }
        if (n < 4) {
            assert_int_equal(reader_u32(&r, &v32), WARD_E_DECODE);
            ASSERT_UNCHANGED(r, BYTES, n);
        }
        assert_int_equal(reader_u64(&r, &v64), WARD_E_DECODE);
        ASSERT_UNCHANGED(r, BYTES, n);
    }
    /* outputs are untouched on failure */
    assert_int_equal(v8, 0xaa);
    assert_int_equal(v16, 0xaaaa);
    assert_true(v32 == 0xaaaaaaaau);
    assert_true(v64 == 0xaaaaaaaaaaaaaaaaull);

    /* an empty reader over NULL */
    reader e = reader_of(NULL, 0);
    assert_int_equal(reader_u8(&e, &v8), WARD_E_DECODE);
    assert_true(reader_empty(&e));
    assert_int_equal(reader_expect_empty(&e), WARD_OK);
}

/* ---- byte strings ---- */

static void test_bytes_copy_skip_sub(void **state)
{
    (void)state;
    reader r = reader_of(BYTES, sizeof BYTES);
    const uint8_t *p = NULL;
    assert_int_equal(reader_bytes(&r, 3, &p), WARD_OK);
    assert_ptr_equal(p, BYTES); /* borrowed, not copied */
    assert_int_equal(reader_left(&r), 7);
    assert_ptr_equal(reader_ptr(&r), BYTES + 3);

    uint8_t out[16];
    memset(out, 0xee, sizeof out);
    assert_int_equal(reader_copy(&r, out, 2), WARD_OK);
    assert_int_equal(out[0], 0x04);
    assert_int_equal(out[1], 0x05);
    assert_int_equal(out[2], 0xee);

    assert_int_equal(reader_skip(&r, 1), WARD_OK);
    reader child;
    assert_int_equal(reader_sub(&r, 3, &child), WARD_OK);
    assert_int_equal(reader_left(&child), 3);
    assert_ptr_equal(reader_ptr(&child), BYTES + 6);
    assert_int_equal(reader_left(&r), 1);

    /* zero-length operations succeed and consume nothing */
    assert_int_equal(reader_bytes(&r, 0, &p), WARD_OK);
    assert_int_equal(reader_copy(&r, out, 0), WARD_OK);
    assert_int_equal(reader_skip(&r, 0), WARD_OK);
    assert_int_equal(reader_sub(&r, 0, &child), WARD_OK);
    assert_true(reader_empty(&child));
    assert_int_equal(reader_left(&r), 1);

    /* exact */
    assert_int_equal(reader_copy(&r, out, 1), WARD_OK);
    assert_int_equal(out[0], 0x0a);
    assert_true(reader_empty(&r));

    /* zero-length reads on an empty reader over NULL */
    reader e = reader_of(NULL, 0);
    assert_int_equal(reader_skip(&e, 0), WARD_OK);
    assert_int_equal(reader_sub(&e, 0, &child), WARD_OK);
}

static void test_bytes_truncated(void **state)
{
    (void)state;
    reader r = reader_of(BYTES, 4);
    const uint8_t *p = NULL;
    uint8_t out[8];
    memset(out, 0xee, sizeof out);
    reader child = reader_of(BYTES, 1);
    assert_int_equal(reader_bytes(&r, 5, &p), WARD_E_DECODE);
    ASSERT_UNCHANGED(r, BYTES, 4);
    assert_null(p);
    assert_int_equal(reader_copy(&r, out, 5), WARD_E_DECODE);
    ASSERT_UNCHANGED(r, BYTES, 4);
    assert_int_equal(out[0], 0xee); /* nothing copied */
    assert_int_equal(reader_skip(&r, 5), WARD_E_DECODE);
    ASSERT_UNCHANGED(r, BYTES, 4);
    assert_int_equal(reader_sub(&r, 5, &child), WARD_E_DECODE);
    ASSERT_UNCHANGED(r, BYTES, 4);
    assert_int_equal(reader_skip(&r, SIZE_MAX), WARD_E_DECODE);
    ASSERT_UNCHANGED(r, BYTES, 4);
    assert_int_equal(reader_bytes(&r, SIZE_MAX, &p), WARD_E_DECODE);
    ASSERT_UNCHANGED(r, BYTES, 4);
}

/* ---- length-prefixed vectors ---- */

typedef int (*prefixed_fn)(reader *, reader *);

static void test_prefixed_exact(void **state)
{
    (void)state;
    reader r, v;
    const uint8_t u8v[] = {0x03, 'a', 'b', 'c'};
    r = reader_of(u8v, sizeof u8v);
    assert_int_equal(reader_u8_prefixed(&r, &v), WARD_OK);
    assert_int_equal(reader_left(&v), 3);
    assert_memory_equal(reader_ptr(&v), "abc", 3);
    assert_int_equal(reader_expect_empty(&r), WARD_OK);

    const uint8_t u16v[] = {0x00, 0x02, 0xbe, 0xef};
    r = reader_of(u16v, sizeof u16v);
    assert_int_equal(reader_u16_prefixed(&r, &v), WARD_OK);
    assert_int_equal(reader_left(&v), 2);
    uint16_t x;
    assert_int_equal(reader_u16(&v, &x), WARD_OK);
    assert_int_equal(x, 0xbeef);
    assert_int_equal(reader_expect_empty(&v), WARD_OK);
    assert_int_equal(reader_expect_empty(&r), WARD_OK);

    const uint8_t u24v[] = {0x00, 0x00, 0x01, 0x7f};
    r = reader_of(u24v, sizeof u24v);
    assert_int_equal(reader_u24_prefixed(&r, &v), WARD_OK);
    assert_int_equal(reader_left(&v), 1);
    assert_int_equal(reader_expect_empty(&r), WARD_OK);

    /* empty vectors are fine for the plain variants */
    const uint8_t empty[] = {0x00, 0x00, 0x00};
    r = reader_of(empty, 1);
    assert_int_equal(reader_u8_prefixed(&r, &v), WARD_OK);
    assert_true(reader_empty(&v));
    r = reader_of(empty, 2);
    assert_int_equal(reader_u16_prefixed(&r, &v), WARD_OK);
    assert_true(reader_empty(&v));
    r = reader_of(empty, 3);
    assert_int_equal(reader_u24_prefixed(&r, &v), WARD_OK);
    assert_true(reader_empty(&v));

    /* nonempty variants */
    r = reader_of(u8v, sizeof u8v);
    assert_int_equal(reader_u8_prefixed_nonempty(&r, &v), WARD_OK);
    assert_int_equal(reader_left(&v), 3);
    r = reader_of(u16v, sizeof u16v);
    assert_int_equal(reader_u16_prefixed_nonempty(&r, &v), WARD_OK);
    assert_int_equal(reader_left(&v), 2);

    /* a large u24 vector */
    size_t n = 70000;
    uint8_t *big = calloc(1, n + 3);
    assert_non_null(big);
    big[0] = (uint8_t)(n >> 16);
    big[1] = (uint8_t)(n >> 8);
    big[2] = (uint8_t)n;
    r = reader_of(big, n + 3);
    assert_int_equal(reader_u24_prefixed(&r, &v), WARD_OK);
    assert_int_equal(reader_left(&v), n);
    assert_true(reader_empty(&r));
    free(big);
}

static void test_prefixed_truncated_length(void **state)
{
    (void)state;
    const uint8_t b[] = {0x00, 0x00, 0x05};
    reader v;
    reader r = reader_of(b, 0);
    assert_int_equal(reader_u8_prefixed(&r, &v), WARD_E_DECODE);
    ASSERT_UNCHANGED(r, b, 0);
    for (size_t n = 0; n < 2; n++) {
        r = reader_of(b, n);
        assert_int_equal(reader_u16_prefixed(&r, &v), WARD_E_DECODE);
        ASSERT_UNCHANGED(r, b, n);
        assert_int_equal(reader_u16_prefixed_nonempty(&r, &v), WARD_E_DECODE);
        ASSERT_UNCHANGED(r, b, n);
    }
    for (size_t n = 0; n < 3; n++) {
        r = reader_of(b, n);
        assert_int_equal(reader_u24_prefixed(&r, &v), WARD_E_DECODE);
        ASSERT_UNCHANGED(r, b, n);
    }
}

/* A length longer than what follows fails, and the prefix is not consumed. */
static void test_prefixed_overlong(void **state)
{
    (void)state;
    reader v;
    const uint8_t u8v[] = {0x04, 'a', 'b', 'c'};
    reader r = reader_of(u8v, sizeof u8v);
    assert_int_equal(reader_u8_prefixed(&r, &v), WARD_E_DECODE);
    ASSERT_UNCHANGED(r, u8v, sizeof u8v);
    assert_int_equal(reader_u8_prefixed_nonempty(&r, &v), WARD_E_DECODE);
    ASSERT_UNCHANGED(r, u8v, sizeof u8v);

    const uint8_t u16v[] = {0x01, 0x00, 'a', 'b'};
    r = reader_of(u16v, sizeof u16v);
    assert_int_equal(reader_u16_prefixed(&r, &v), WARD_E_DECODE);
    ASSERT_UNCHANGED(r, u16v, sizeof u16v);
    assert_int_equal(reader_u16_prefixed_nonempty(&r, &v), WARD_E_DECODE);
    ASSERT_UNCHANGED(r, u16v, sizeof u16v);

    const uint8_t u24v[] = {0xff, 0xff, 0xff, 'a'};
    r = reader_of(u24v, sizeof u24v);
    assert_int_equal(reader_u24_prefixed(&r, &v), WARD_E_DECODE);
    ASSERT_UNCHANGED(r, u24v, sizeof u24v);

    /* one byte too long, inside a parent that has more bytes after the child:
     * the child's bound is the parent's, not the buffer's */
    const uint8_t nested[] = {0x00, 0x03, 0x02, 'x', 'y', 'z'};
    reader outer = reader_of(nested, 4); /* the u16 vector says 3, only 2 left */
    assert_int_equal(reader_u16_prefixed(&outer, &v), WARD_E_DECODE);
    ASSERT_UNCHANGED(outer, nested, 4);
}

static void test_prefixed_trailing(void **state)
{
    (void)state;
    reader v;
    /* trailing bytes after the vector, in the parent */
    const uint8_t b[] = {0x02, 'a', 'b', 'X'};
    reader r = reader_of(b, sizeof b);
    assert_int_equal(reader_u8_prefixed(&r, &v), WARD_OK);
    assert_int_equal(reader_left(&v), 2);
    assert_int_equal(reader_expect_empty(&v), WARD_E_TRAILING_BYTES); /* child not read */
    assert_int_equal(reader_expect_empty(&r), WARD_E_TRAILING_BYTES);

    /* a child not read to its end */
    const uint8_t c[] = {0x00, 0x03, 0x00, 0x01, 0x02};
    r = reader_of(c, sizeof c);
    assert_int_equal(reader_u16_prefixed(&r, &v), WARD_OK);
    uint16_t x;
    assert_int_equal(reader_u16(&v, &x), WARD_OK);
    assert_int_equal(reader_expect_empty(&v), WARD_E_TRAILING_BYTES);
    assert_int_equal(reader_expect_empty(&r), WARD_OK);

    /* a child cannot read past its end even though the buffer goes on */
    const uint8_t d[] = {0x01, 0x11, 0x22, 0x33};
    r = reader_of(d, sizeof d);
    assert_int_equal(reader_u8_prefixed(&r, &v), WARD_OK);
    assert_int_equal(reader_u16(&v, &x), WARD_E_DECODE);
    uint8_t y;
    assert_int_equal(reader_u8(&v, &y), WARD_OK);
    assert_int_equal(y, 0x11);
    assert_int_equal(reader_u8(&v, &y), WARD_E_DECODE);
    assert_int_equal(reader_left(&r), 2);
}

static void test_prefixed_empty_where_nonempty_required(void **state)
{
    (void)state;
    reader v;
    const uint8_t z8[] = {0x00, 0x01};
    reader r = reader_of(z8, sizeof z8);
    assert_int_equal(reader_u8_prefixed_nonempty(&r, &v), WARD_E_DECODE);
    ASSERT_UNCHANGED(r, z8, sizeof z8);
    const uint8_t z16[] = {0x00, 0x00, 0x01};
    r = reader_of(z16, sizeof z16);
    assert_int_equal(reader_u16_prefixed_nonempty(&r, &v), WARD_E_DECODE);
    ASSERT_UNCHANGED(r, z16, sizeof z16);
    /* the plain variant accepts the same bytes */
    assert_int_equal(reader_u16_prefixed(&r, &v), WARD_OK);
    assert_true(reader_empty(&v));
    assert_int_equal(reader_left(&r), 1);
}

/* ---- writer ---- */

static void test_writer_ints(void **state)
{
    (void)state;
    uint8_t buf[32];
    writer w;
    writer_init_fixed(&w, buf, sizeof buf);
    writer_u8(&w, 0x01);
    writer_u16(&w, 0x0203);
    writer_u24(&w, 0x040506);
    writer_u32(&w, 0x0708090a);
    writer_u64(&w, 0x0b0c0d0e0f101112ull);
    writer_bytes(&w, "ab", 2);
    writer_zeros(&w, 3);
    assert_int_equal(writer_finish(&w), WARD_OK);
    const uint8_t want[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
                            0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 'a',  'b',  0,    0,    0};
    assert_int_equal(w.len, sizeof want);
    assert_memory_equal(buf, want, sizeof want);
    /* u24 keeps only the low 24 bits */
    writer_init_fixed(&w, buf, sizeof buf);
    writer_u24(&w, 0xff123456);
    assert_int_equal(w.len, 3);
    assert_int_equal(buf[0], 0x12);
}

static void test_writer_fixed_overflow_sticky(void **state)
{
    (void)state;
    uint8_t buf[8];
    memset(buf, 0xee, sizeof buf);
    writer w;
    writer_init_fixed(&w, buf, 4);
    writer_u16(&w, 0x0102);
    writer_u16(&w, 0x0304); /* exactly full */
    assert_int_equal(writer_finish(&w), WARD_OK);
    assert_int_equal(w.len, 4);
    assert_int_equal(writer_reserve(&w, 0), WARD_OK);

    writer_u8(&w, 0x05); /* one too many */
    int err = writer_finish(&w);
    assert_true(err < 0);
    assert_int_equal(w.len, 4);
    assert_int_equal(buf[4], 0xee); /* nothing written past cap */

    /* every later write is a no-op and the first error stays */
    writer_u8(&w, 1);
    writer_bytes(&w, "x", 1);
    writer_zeros(&w, 0);
    assert_null(writer_space(&w, 1));
    assert_int_equal(writer_reserve(&w, 0), err);
    size_t mark = writer_open(&w, 2);
    writer_close(&w, mark);
    assert_int_equal(writer_finish(&w), err);
    assert_int_equal(w.len, 4);

    /* a write that does not fit fails as a whole: no partial bytes */
    writer_init_fixed(&w, buf, 3);
    writer_u16(&w, 0xaaaa);
    writer_u16(&w, 0xbbbb);
    assert_true(writer_finish(&w) < 0);
    assert_int_equal(w.len, 2);
    writer_init_fixed(&w, buf, 3);
    writer_bytes(&w, "wxyz", 4);
    assert_true(writer_finish(&w) < 0);
    assert_int_equal(w.len, 0);
    /* huge requests do not wrap */
    writer_init_fixed(&w, buf, 3);
    writer_u8(&w, 1);
    assert_null(writer_space(&w, SIZE_MAX));
    assert_true(writer_finish(&w) < 0);
}

static void test_writer_dynamic_growth(void **state)
{
    (void)state;
    writer w;
    writer_init_dynamic(&w, 0);
    assert_int_equal(writer_finish(&w), WARD_OK);
    for (uint32_t i = 0; i < 100000; i++)
        writer_u32(&w, i);
    assert_int_equal(writer_finish(&w), WARD_OK);
    assert_int_equal(w.len, 400000);
    assert_true(w.cap >= w.len);
    reader r = reader_of(w.p, w.len);
    for (uint32_t i = 0; i < 100000; i++) {
        uint32_t v;
        assert_int_equal(reader_u32(&r, &v), WARD_OK);
        assert_int_equal(v, i);
    }
    assert_true(reader_empty(&r));
    writer_free(&w);
    assert_null(w.p);
    assert_int_equal(w.len, 0);

    /* an initial capacity, then one write much larger than it */
    writer_init_dynamic(&w, 16);
    assert_true(w.cap >= 16);
    uint8_t *space = writer_space(&w, 10000);
    assert_non_null(space);
    memset(space, 0x5a, 10000);
    writer_u8(&w, 0xa5);
    assert_int_equal(writer_finish(&w), WARD_OK);
    assert_int_equal(w.len, 10001);
    assert_int_equal(w.p[9999], 0x5a);
    assert_int_equal(w.p[10000], 0xa5);

    /* an impossible size is an error, not a wrap-around */
    assert_null(writer_space(&w, SIZE_MAX));
    assert_int_equal(writer_finish(&w), WARD_E_NOMEM);
    assert_int_equal(w.len, 10001);
    writer_free(&w);

    /* a size whose capacity doubling would wrap to 0 (used to loop forever) */
    writer_init_dynamic(&w, 0);
    writer_u8(&w, 1);
    assert_null(writer_space(&w, SIZE_MAX / 2 + 1));
    assert_int_equal(writer_finish(&w), WARD_E_NOMEM);
    assert_int_equal(w.len, 1);
    writer_free(&w);

    /* writes of zero bytes on an empty dynamic writer are not errors */
    writer_init_dynamic(&w, 0);
    writer_bytes(&w, NULL, 0);
    writer_zeros(&w, 0);
    assert_int_equal(writer_finish(&w), WARD_OK);
    assert_int_equal(w.len, 0);
    writer_free(&w);
    writer_free(&w); /* twice is harmless */
}

static void test_writer_vectors(void **state)
{
    (void)state;
    writer w;
    writer_init_dynamic(&w, 0);
    size_t outer = writer_open(&w, 2);
    size_t a = writer_open(&w, 1);
    writer_bytes(&w, "abc", 3);
    writer_close(&w, a);
    size_t b = writer_open(&w, 3);
    writer_u16(&w, 0x1234);
    writer_close(&w, b);
    size_t empty = writer_open(&w, 1);
    writer_close(&w, empty);
    writer_close(&w, outer);
    assert_int_equal(writer_finish(&w), WARD_OK);
    const uint8_t want[] = {0x00, 0x0a, 0x03, 'a', 'b', 'c', 0x00, 0x00, 0x02, 0x12, 0x34, 0x00};
    assert_int_equal(w.len, sizeof want);
    assert_memory_equal(w.p, want, sizeof want);

    /* and the reader reads it back */
    reader r = reader_of(w.p, w.len), o, v;
    assert_int_equal(reader_u16_prefixed(&r, &o), WARD_OK);
    assert_int_equal(reader_u8_prefixed_nonempty(&o, &v), WARD_OK);
    assert_int_equal(reader_left(&v), 3);
    assert_int_equal(reader_u24_prefixed(&o, &v), WARD_OK);
    assert_int_equal(reader_left(&v), 2);
    assert_int_equal(reader_u8_prefixed(&o, &v), WARD_OK);
    assert_true(reader_empty(&v));
    assert_int_equal(reader_expect_empty(&o), WARD_OK);
    assert_int_equal(reader_expect_empty(&r), WARD_OK);
    writer_free(&w);

    /* largest fits: 255 in u8, 65535 in u16 */
    writer_init_dynamic(&w, 0);
    size_t m = writer_open(&w, 1);
    writer_zeros(&w, 255);
    writer_close(&w, m);
    assert_int_equal(writer_finish(&w), WARD_OK);
    assert_int_equal(w.p[0], 0xff);
    m = writer_open(&w, 2);
    writer_zeros(&w, 65535);
    writer_close(&w, m);
    assert_int_equal(writer_finish(&w), WARD_OK);
    writer_free(&w);
}

static void test_writer_vector_too_long(void **state)
{
    (void)state;
    writer w;
    writer_init_dynamic(&w, 0);
    size_t m = writer_open(&w, 1);
    writer_zeros(&w, 256);
    writer_close(&w, m);
    assert_true(writer_finish(&w) < 0);
    writer_free(&w);

    writer_init_dynamic(&w, 0);
    m = writer_open(&w, 2);
    writer_zeros(&w, 65536);
    writer_close(&w, m);
    assert_true(writer_finish(&w) < 0);
    writer_free(&w);

    writer_init_dynamic(&w, 0);
    m = writer_open(&w, 3);
    writer_zeros(&w, 1u << 24);
    writer_close(&w, m);
    assert_true(writer_finish(&w) < 0);
    writer_free(&w);

    /* an inner vector that is too long poisons the outer one as well */
    writer_init_dynamic(&w, 0);
    size_t outer = writer_open(&w, 3);
    size_t inner = writer_open(&w, 1);
    writer_zeros(&w, 300);
    writer_close(&w, inner);
    writer_close(&w, outer);
    assert_true(writer_finish(&w) < 0);
    writer_free(&w);

    /* a prefix width the codec does not have */
    writer_init_dynamic(&w, 0);
    m = writer_open(&w, 4);
    writer_close(&w, m);
    assert_true(writer_finish(&w) < 0);
    writer_free(&w);

    /* a fixed writer with no room for the prefix */
    uint8_t buf[1];
    writer_init_fixed(&w, buf, sizeof buf);
    m = writer_open(&w, 2);
    writer_close(&w, m);
    assert_true(writer_finish(&w) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ints_exact),
        cmocka_unit_test(test_ints_truncated),
        cmocka_unit_test(test_bytes_copy_skip_sub),
        cmocka_unit_test(test_bytes_truncated),
        cmocka_unit_test(test_prefixed_exact),
        cmocka_unit_test(test_prefixed_truncated_length),
        cmocka_unit_test(test_prefixed_overlong),
        cmocka_unit_test(test_prefixed_trailing),
        cmocka_unit_test(test_prefixed_empty_where_nonempty_required),
        cmocka_unit_test(test_writer_ints),
        cmocka_unit_test(test_writer_fixed_overflow_sticky),
        cmocka_unit_test(test_writer_dynamic_growth),
        cmocka_unit_test(test_writer_vectors),
        cmocka_unit_test(test_writer_vector_too_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
