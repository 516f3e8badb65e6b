/* msg_extensions_test.c -- the extension table and walker (src/msg/extensions.c),
 * message framing (src/msg/msg_frame.c) and list helpers (src/msg/lists.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "msg/msg.h"

/* Decodes hex (whitespace ignored) into out; returns the byte count. */
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

#define CH EXT_CTX_CLIENT_HELLO
#define SH EXT_CTX_SERVER_HELLO
#define HRR EXT_CTX_HELLO_RETRY
#define EE EXT_CTX_ENCRYPTED_EXTENSIONS
#define CT EXT_CTX_CERTIFICATE
#define CR EXT_CTX_CERTIFICATE_REQUEST
#define NST EXT_CTX_NEW_SESSION_TICKET
#define SH12 EXT_CTX_SERVER_HELLO_12

/* One row of RFC 8446 4.2 (plus the TLS 1.2 ServerHello set): the contexts in
 * which the type is allowed, as a bit mask. */
struct row {
    uint16_t type;
    unsigned allowed;
};
#define B(c) (1u << (c))

static void test_table(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {EXT_SERVER_NAME, B(CH) | B(EE) | B(SH12)},
        {EXT_MAX_FRAGMENT_LENGTH, B(CH) | B(EE) | B(SH12)},
        {EXT_STATUS_REQUEST, B(CH) | B(CR) | B(CT) | B(SH12)},
        {EXT_SUPPORTED_GROUPS, B(CH) | B(EE)},
        {EXT_SIGNATURE_ALGORITHMS, B(CH) | B(CR)},
        {EXT_USE_SRTP, B(CH) | B(EE)},
        {EXT_HEARTBEAT, B(CH) | B(EE) | B(SH12)},
        {EXT_ALPN, B(CH) | B(EE) | B(SH12)},
        {EXT_SCT, B(CH) | B(CR) | B(CT) | B(SH12)},
        {19, B(CH) | B(EE)}, /* client_certificate_type */
        {20, B(CH) | B(EE)}, /* server_certificate_type */
        {EXT_PADDING, B(CH)},
        {EXT_PRE_SHARED_KEY, B(CH) | B(SH)},
        {EXT_EARLY_DATA, B(CH) | B(EE) | B(NST)},
        {EXT_PSK_KEY_EXCHANGE_MODES, B(CH)},
        {EXT_COOKIE, B(CH) | B(HRR)},
        {EXT_SUPPORTED_VERSIONS, B(CH) | B(SH) | B(HRR)},
        {EXT_CERTIFICATE_AUTHORITIES, B(CH) | B(CR)},
        {48, B(CR)}, /* oid_filters */
        {EXT_POST_HANDSHAKE_AUTH, B(CH)},
        {EXT_SIGNATURE_ALGORITHMS_CERT, B(CH) | B(CR)},
        {EXT_KEY_SHARE, B(CH) | B(SH) | B(HRR)},
        {EXT_EC_POINT_FORMATS, B(CH) | B(SH12)},
        {EXT_EXTENDED_MASTER_SECRET, B(CH) | B(SH12)},
        {EXT_SESSION_TICKET, B(CH) | B(SH12)},
        {EXT_RENEGOTIATION_INFO, B(CH) | B(SH12)},
        {EXT_ENCRYPT_THEN_MAC, B(CH) | B(SH12)},
        {EXT_RECORD_SIZE_LIMIT, B(CH) | B(EE) | B(SH12)},
        {EXT_COMPRESS_CERTIFICATE, B(CH) | B(CR)},
        /* unknown and GREASE types: ignored where the RFC says to ignore them */
        {0x1234, B(CH) | B(CR) | B(NST)},
        {0x0a0a, B(CH) | B(CR) | B(NST)},
        {0xffff, B(CH) | B(CR) | B(NST)},
    };
    static const ext_context ctxs[] = {CH, SH, HRR, EE, CT, CR, NST, SH12};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        for (size_t j = 0; j < sizeof ctxs / sizeof ctxs[0]; j++) {
            bool want = (rows[i].allowed & B(ctxs[j])) != 0;
            if (ext_allowed(rows[i].type, ctxs[j]) != want)
                fail_msg("type %u ctx %d: want %d", rows[i].type, ctxs[j], want);
        }
}

/* ---- ext_walk ---- */

struct seen {
    size_t n;
    uint16_t types[16];
    size_t lens[16];
    int fail_on; /* type whose visit fails, or -1 */
};

static int record_visit(void *arg, uint16_t type, reader data)
{
    struct seen *s = arg;
    if ((int)type == s->fail_on)
        return WARD_E_BAD_KEY_SHARE;
    if (s->n < 16) {
        s->types[s->n] = type;
        s->lens[s->n] = reader_left(&data);
    }
    s->n++;
    return WARD_OK;
}

static uint8_t g_buf[300000];

/* Walks hex (the block including its u16 length); checks the reader was left
 * at the first byte after the block. */
static int walk(const char *hex, ext_context ctx, struct seen *s)
{
    size_t n = unhex(hex, g_buf, sizeof g_buf);
    reader r = reader_of(g_buf, n);
    memset(s, 0, sizeof *s);
    s->fail_on = -1;
    int rc = ext_walk(&r, ctx, record_visit, s);
    if (rc == WARD_OK)
        assert_int_equal(reader_left(&r), n - 2 - (size_t)(g_buf[0] << 8 | g_buf[1]));
    return rc;
}

static void test_walk_visits_in_order(void **state)
{
    (void)state;
    struct seen s;
    assert_int_equal(walk("000e  0000 0000  0017 0000  1234 0002 abcd  ffee", CH, &s), WARD_OK);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.types[0], 0);
    assert_int_equal(s.types[1], 23);
    assert_int_equal(s.types[2], 0x1234);
    assert_int_equal(s.lens[2], 2);
    assert_int_equal(walk("0000", EE, &s), WARD_OK);
    assert_int_equal(s.n, 0);
}

static void test_walk_framing(void **state)
{
    (void)state;
    struct seen s;
    assert_int_equal(walk("", CH, &s), WARD_E_DECODE);                     /* no block */
    assert_int_equal(walk("00", CH, &s), WARD_E_DECODE);                   /* half a length */
    assert_int_equal(walk("0005 0017 0000", CH, &s), WARD_E_DECODE);       /* block overruns */
    assert_int_equal(walk("0003 0017 00", CH, &s), WARD_E_DECODE);         /* cut header */
    assert_int_equal(walk("0001 00", CH, &s), WARD_E_DECODE);              /* cut type */
    assert_int_equal(walk("0005 0017 0002 00", CH, &s), WARD_E_DECODE);    /* body overruns */
    assert_int_equal(walk("0006 0017 0001 00 00", CH, &s), WARD_E_DECODE); /* stray byte */
}

static void test_walk_duplicates(void **state)
{
    (void)state;
    struct seen s;
    assert_int_equal(walk("0008 0017 0000 0017 0000", CH, &s), WARD_E_DUPLICATE_EXTENSION);
    assert_int_equal(walk("0008 ffff 0000 ffff 0000", CH, &s), WARD_E_DUPLICATE_EXTENSION);
    assert_int_equal(walk("000c 0000 0000 ffff 0000 0000 0000", CH, &s),
                     WARD_E_DUPLICATE_EXTENSION);
    assert_int_equal(walk("0008 0001 0000 0000 0000", CH, &s), WARD_OK);
    assert_int_equal(walk("0008 0100 0000 0001 0000", CH, &s), WARD_OK);
    assert_int_equal(walk("0008 002a 0000 002a 0004 00000000", NST, &s), WARD_E_DECODE);
    assert_int_equal(walk("000c 002a 0000 002a 0004 00000000", NST, &s),
                     WARD_E_DUPLICATE_EXTENSION);
}

/* The largest possible block: 16383 distinct empty extensions, and the same
 * block with its last type repeated. Linear time keeps this instant. */
static void test_walk_many(void **state)
{
    (void)state;
    static uint8_t block[65537];
    writer w;
    writer_init_fixed(&w, block, sizeof block);
    size_t mark = writer_open(&w, 2);
    for (uint16_t t = 0; t < 16383; t++) {
        writer_u16(&w, (uint16_t)(t * 4 + 2)); /* whole type space; 41 (psk) and 48 excluded */
        writer_u16(&w, 0);
    }
    writer_close(&w, mark);
    assert_int_equal(writer_finish(&w), WARD_OK);
    reader r = reader_of(block, w.len);
    assert_int_equal(ext_walk(&r, CH, NULL, NULL), WARD_OK);
    /* replace the last type by the first */
    block[w.len - 4] = 0;
    block[w.len - 3] = 2;
    r = reader_of(block, w.len);
    assert_int_equal(ext_walk(&r, CH, NULL, NULL), WARD_E_DUPLICATE_EXTENSION);
}

/* n distinct empty extensions 0x1000.., then one more of type `last`. */
static int walk_n(size_t n, uint16_t last)
{
    static uint8_t block[2048];
    writer w;
    writer_init_fixed(&w, block, sizeof block);
    size_t mark = writer_open(&w, 2);
    for (size_t i = 0; i < n; i++) {
        writer_u16(&w, (uint16_t)(0x1000 + i));
        writer_u16(&w, 0);
    }
    writer_u16(&w, last);
    writer_u16(&w, 0);
    writer_close(&w, mark);
    assert_int_equal(writer_finish(&w), WARD_OK);
    reader r = reader_of(block, w.len);
    return ext_walk(&r, CH, NULL, NULL);
}

/* Around the switch from the short array to the bitmap (64 values). */
static void test_walk_dup_boundaries(void **state)
{
    (void)state;
    static const size_t counts[] = {1, 62, 63, 64, 65, 100};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        size_t n = counts[i];
        assert_int_equal(walk_n(n, 0x1000), WARD_E_DUPLICATE_EXTENSION);
        assert_int_equal(walk_n(n, (uint16_t)(0x1000 + n - 1)), WARD_E_DUPLICATE_EXTENSION);
        assert_int_equal(walk_n(n, 0x0fff), WARD_OK);
        assert_int_equal(walk_n(n, (uint16_t)(0x1000 + n)), WARD_OK);
    }
}

static void test_walk_context(void **state)
{
    (void)state;
    struct seen s;
    /* known type in the wrong message: illegal_parameter */
    assert_int_equal(walk("0004 0033 0000", EE, &s), WARD_E_EXTENSION_NOT_ALLOWED);
    assert_int_equal(walk("0004 0030 0000", CH, &s), WARD_E_EXTENSION_NOT_ALLOWED);
    /* unknown type in a response: unsupported_extension */
    assert_int_equal(walk("0004 1234 0000", EE, &s), WARD_E_UNSOLICITED_EXTENSION);
    assert_int_equal(walk("0004 1234 0000", CT, &s), WARD_E_UNSOLICITED_EXTENSION);
    assert_int_equal(walk("0004 1234 0000", CR, &s), WARD_OK);
    /* the visitor is not called for a refused extension, nor after one */
    assert_int_equal(walk("0008 0010 0000 0033 0000", EE, &s), WARD_E_EXTENSION_NOT_ALLOWED);
    assert_int_equal(s.n, 1);
}

static void test_walk_psk_last(void **state)
{
    (void)state;
    struct seen s;
    assert_int_equal(walk("0008 0017 0000 0029 0000", CH, &s), WARD_OK);
    assert_int_equal(walk("0008 0029 0000 0017 0000", CH, &s), WARD_E_ILLEGAL_PARAMETER);
    assert_int_equal(s.n, 0); /* refused before the visitor saw it */
    /* in a ServerHello its place does not matter */
    assert_int_equal(walk("0008 0029 0000 002b 0000", SH, &s), WARD_OK);
}

static void test_walk_visitor_error(void **state)
{
    (void)state;
    struct seen s;
    size_t n = unhex("0008 0017 0000 0033 0000", g_buf, sizeof g_buf);
    reader r = reader_of(g_buf, n);
    memset(&s, 0, sizeof s);
    s.fail_on = EXT_KEY_SHARE;
    assert_int_equal(ext_walk(&r, CH, record_visit, &s), WARD_E_BAD_KEY_SHARE);
    assert_int_equal(s.n, 1);
}

/* ---- framing ---- */

static void test_msg_frame(void **state)
{
    (void)state;
    uint8_t buf[64];
    writer w;
    writer_init_fixed(&w, buf, sizeof buf);
    size_t m = msg_begin(&w, HS_FINISHED);
    writer_bytes(&w, "abc", 3);
    msg_end(&w, m);
    m = msg_begin(&w, HS_KEY_UPDATE);
    msg_end(&w, m);
    assert_int_equal(writer_finish(&w), WARD_OK);
    static const uint8_t want[] = {20, 0, 0, 3, 'a', 'b', 'c', 24, 0, 0, 0};
    assert_int_equal(w.len, sizeof want);
    assert_memory_equal(buf, want, sizeof want);

    reader r = reader_of(buf, w.len), body;
    uint8_t type;
    assert_int_equal(msg_split(&r, &type, &body), WARD_OK);
    assert_int_equal(type, HS_FINISHED);
    assert_int_equal(reader_left(&body), 3);
    assert_int_equal(msg_split(&r, &type, &body), WARD_OK);
    assert_int_equal(type, HS_KEY_UPDATE);
    assert_true(reader_empty(&body) && reader_empty(&r));
    assert_int_equal(msg_split(&r, &type, &body), WARD_E_DECODE);
    /* truncated: header only partly there, or body shorter than its length */
    for (size_t n = 1; n < 7; n++) {
        r = reader_of(buf, n);
        assert_int_equal(msg_split(&r, &type, &body), WARD_E_DECODE);
        assert_int_equal(reader_left(&r), n); /* nothing consumed */
    }
}

/* A 64 KiB message needs the full uint24 length. */
static void test_msg_frame_large(void **state)
{
    (void)state;
    writer w;
    writer_init_dynamic(&w, 0);
    size_t m = msg_begin(&w, HS_CERTIFICATE);
    writer_zeros(&w, 70000);
    msg_end(&w, m);
    assert_int_equal(writer_finish(&w), WARD_OK);
    reader r = reader_of(w.p, w.len), body;
    uint8_t type;
    assert_int_equal(msg_split(&r, &type, &body), WARD_OK);
    assert_int_equal(reader_left(&body), 70000);
    writer_free(&w);
}

/* ---- lists ---- */

static void test_u16_lists(void **state)
{
    (void)state;
    static const uint8_t bytes[] = {0x00, 0x1d, 0x00, 0x17, 0x01, 0x00};
    reader list = reader_of(bytes, sizeof bytes);
    assert_true(u16_list_contains(list, 0x001d));
    assert_true(u16_list_contains(list, 0x0100));
    assert_false(u16_list_contains(list, 0x0018));
    assert_false(u16_list_contains(list, 0x1d00)); /* no match across element boundaries */
    uint16_t v;
    assert_true(u16_list_next(&list, &v) && v == 0x001d);
    assert_true(u16_list_next(&list, &v) && v == 0x0017);
    assert_true(u16_list_next(&list, &v) && v == 0x0100);
    assert_false(u16_list_next(&list, &v));
    assert_false(u16_list_contains(reader_of(NULL, 0), 0));
}

static void test_alpn_list(void **state)
{
    (void)state;
    static const uint8_t names[] = {2,   'h', '2', 3,   'h', '2', 'c', 8,
                                    'h', 't', 't', 'p', '/', '1', '.', '1'};
    reader list = reader_of(names, sizeof names);
    assert_true(alpn_list_contains(list, (const uint8_t *)"h2", 2));
    assert_true(alpn_list_contains(list, (const uint8_t *)"h2c", 3));
    assert_true(alpn_list_contains(list, (const uint8_t *)"http/1.1", 8));
    assert_false(alpn_list_contains(list, (const uint8_t *)"h", 1));
    assert_false(alpn_list_contains(list, (const uint8_t *)"", 0));
    assert_false(alpn_list_contains(list, (const uint8_t *)"http/1.0", 8));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_walk_visits_in_order),
        cmocka_unit_test(test_walk_framing),
        cmocka_unit_test(test_walk_duplicates),
        cmocka_unit_test(test_walk_many),
        cmocka_unit_test(test_walk_dup_boundaries),
        cmocka_unit_test(test_walk_context),
        cmocka_unit_test(test_walk_psk_last),
        cmocka_unit_test(test_walk_visitor_error),
        cmocka_unit_test(test_msg_frame),
        cmocka_unit_test(test_msg_frame_large),
        cmocka_unit_test(test_u16_lists),
        cmocka_unit_test(test_alpn_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
