/* session_codec_test.c -- the session byte form (src/session/session.c):
 * round trips, every truncation, trailing bytes, each length field overlong,
 * bad magic / format version / flags, names with NUL, and session_alive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/codec.h"
#include "session/session.h"

/* A session with every field set, each variable field at length n (clamped to
 * its limit), so round trips show every byte of every field. */
static void make_session(session *s, size_t n)
{
    memset(s, 0, sizeof *s);
    s->version = 0x0303;
    s->suite = 0xc02f;
    s->ems = true;
    s->secret_len = n < SESSION_MAX_SECRET ? n : SESSION_MAX_SECRET;
    for (size_t i = 0; i < s->secret_len; i++)
        s->secret[i] = (uint8_t)(0xa0 + i);
    s->created = 0x0102030405060708ull;
    s->lifetime = 0x11223344;
    s->age_add = 0xdeadbeef;
    size_t name = n < SESSION_MAX_NAME ? n : SESSION_MAX_NAME;
    for (size_t i = 0; i < name; i++)
        s->server_name[i] = (char)('a' + i % 26);
    size_t alpn = n < SESSION_MAX_ALPN ? n : SESSION_MAX_ALPN;
    for (size_t i = 0; i < alpn; i++)
        s->alpn[i] = (char)('A' + i % 26);
    s->peer_verified = true;
    s->id_len = n < SESSION_MAX_ID ? n : SESSION_MAX_ID;
    for (size_t i = 0; i < s->id_len; i++)
        s->id[i] = (uint8_t)(0x10 + i);
    s->ticket_len = n < SESSION_MAX_TICKET ? n : SESSION_MAX_TICKET;
    for (size_t i = 0; i < s->ticket_len; i++)
        s->ticket[i] = (uint8_t)(i * 7);
}

static void assert_session_equal(const session *a, const session *b)
{
    assert_int_equal(a->version, b->version);
    assert_int_equal(a->suite, b->suite);
    assert_int_equal(a->ems, b->ems);
    assert_int_equal(a->secret_len, b->secret_len);
    assert_memory_equal(a->secret, b->secret, a->secret_len);
    assert_true(a->created == b->created);
    assert_int_equal(a->lifetime, b->lifetime);
    assert_int_equal(a->age_add, b->age_add);
    assert_string_equal(a->server_name, b->server_name);
    assert_string_equal(a->alpn, b->alpn);
    assert_int_equal(a->peer_verified, b->peer_verified);
    assert_int_equal(a->etm, b->etm);
    assert_int_equal(a->id_len, b->id_len);
    assert_memory_equal(a->id, b->id, a->id_len);
    assert_int_equal(a->ticket_len, b->ticket_len);
    assert_memory_equal(a->ticket, b->ticket, a->ticket_len);
}

static bool all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

static uint8_t buf[SESSION_MAX_ENCODED + 16];
static session in_s, out_s;

static size_t encode(const session *s)
{
    size_t len = 0;
    assert_int_equal(session_encode(s, buf, sizeof buf, &len), WARD_OK);
    assert_int_equal(len, session_encoded_size(s));
    return len;
}

/* ---- round trips ---- */

static void test_round_trip_sizes(void **state)
{
    (void)state;
    const size_t sizes[] = {0, 1, 5, 32, 48, 200, 255, 256, 1000, SESSION_MAX_TICKET};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        make_session(&in_s, sizes[i]);
        size_t len = encode(&in_s);
        assert_int_equal(session_decode(buf, len, &out_s), WARD_OK);
        assert_session_equal(&in_s, &out_s);
    }
    /* Every field at its limit is the largest encoding there is. */
    make_session(&in_s, SESSION_MAX_TICKET);
    assert_int_equal(encode(&in_s), SESSION_MAX_ENCODED);
}

static void test_round_trip_each_field(void **state)
{
    (void)state;
    /* Flip each scalar field alone, so a swapped or dropped field shows. */
    for (int field = 0; field < 9; field++) {
        make_session(&in_s, 3);
        switch (field) {
        case 0: in_s.version = 0x0304; break;
        case 1: in_s.suite = 0x1302; break;
        case 2: in_s.ems = false; break;
        case 3: in_s.peer_verified = false; break;
        case 4: in_s.created = UINT64_MAX; break;
        case 5: in_s.lifetime = UINT32_MAX; break;
        case 6: in_s.age_add = 0; break;
        case 7: in_s.etm = true; break; /* the flag bit 2 (RFC 7366 sessions) */
        default: in_s.server_name[0] = '\0'; break;
        }
        size_t len = encode(&in_s);
        assert_int_equal(session_decode(buf, len, &out_s), WARD_OK);
        assert_session_equal(&in_s, &out_s);
    }
}

static void test_known_bytes(void **state)
{
    (void)state;
    session s;
    memset(&s, 0, sizeof s);
    s.version = 0x0304;
    s.suite = 0x1301;
    s.peer_verified = true;
    s.secret_len = 2;
    s.secret[0] = 0xaa;
    s.secret[1] = 0xbb;
    s.created = 0x10;
    s.lifetime = 0x20;
    s.age_add = 0x30;
    strcpy(s.server_name, "a");
    strcpy(s.alpn, "h2");
    s.id_len = 1;
    s.id[0] = 0x77;
    s.ticket_len = 1;
    s.ticket[0] = 0x99;
    const uint8_t want[] = {'W',  'S', 1,   0x03, 0x04, 0x13, 0x01, 0x02, 0x02, 0xaa, 0xbb, 0, 0,
                            0,    0,   0,   0,    0,    0x10, 0,    0,    0,    0x20, 0,    0, 0,
                            0x30, 1,   'a', 2,    'h',  '2',  1,    0x77, 0x00, 0x01, 0x99};
    size_t len = encode(&s);
    assert_int_equal(len, sizeof want);
    assert_memory_equal(buf, want, sizeof want);
}

/* ---- hostile input ---- */

static void test_every_truncation(void **state)
{
    (void)state;
    make_session(&in_s, 40);
    size_t len = encode(&in_s);
    for (size_t n = 0; n < len; n++) {
        /* A copy of exactly n bytes on the heap, so ASan sees any over-read. */
        uint8_t *cut = malloc(n ? n : 1);
        assert_non_null(cut);
        memcpy(cut, buf, n);
        memset(&out_s, 0x5a, sizeof out_s);
        assert_int_equal(session_decode(cut, n, &out_s), WARD_E_DECODE);
        assert_true(all_zero(&out_s, sizeof out_s));
        free(cut);
    }
    assert_int_equal(session_decode(NULL, 0, &out_s), WARD_E_DECODE);
}

static void test_trailing_bytes(void **state)
{
    (void)state;
    make_session(&in_s, 10);
    size_t len = encode(&in_s);
    buf[len] = 0;
    assert_int_equal(session_decode(buf, len + 1, &out_s), WARD_E_TRAILING_BYTES);
    assert_true(all_zero(&out_s, sizeof out_s));
    assert_int_equal(session_decode(buf, len + 16, &out_s), WARD_E_TRAILING_BYTES);
}

/* Lengths of a hand-built encoding: claimed is what the length field says,
 * actual how many bytes follow it. */
typedef struct raw_fields {
    size_t secret_claimed, secret_actual;
    size_t name_claimed, name_actual;
    size_t alpn_claimed, alpn_actual;
    size_t id_claimed, id_actual;
    size_t ticket_claimed, ticket_actual;
} raw_fields;

static size_t build_raw(const raw_fields *f, uint8_t *out, size_t cap)
{
    writer w;
    writer_init_fixed(&w, out, cap);
    writer_bytes(&w, "WS", 2);
    writer_u8(&w, 1);
    writer_u16(&w, 0x0303);
    writer_u16(&w, 0xc02f);
    writer_u8(&w, 0);
    writer_u8(&w, (uint8_t)f->secret_claimed);
    writer_zeros(&w, f->secret_actual);
    writer_u64(&w, 1);
    writer_u32(&w, 2);
    writer_u32(&w, 3);
    writer_u8(&w, (uint8_t)f->name_claimed);
    for (size_t i = 0; i < f->name_actual; i++)
        writer_u8(&w, 'n');
    writer_u8(&w, (uint8_t)f->alpn_claimed);
    for (size_t i = 0; i < f->alpn_actual; i++)
        writer_u8(&w, 'p');
    writer_u8(&w, (uint8_t)f->id_claimed);
    writer_zeros(&w, f->id_actual);
    writer_u16(&w, (uint16_t)f->ticket_claimed);
    writer_zeros(&w, f->ticket_actual);
    assert_int_equal(writer_finish(&w), WARD_OK);
    return w.len;
}

static uint8_t raw[70000];

static int decode_raw(const raw_fields *f)
{
    size_t len = build_raw(f, raw, sizeof raw);
    return session_decode(raw, len, &out_s);
}

static void test_builder_baseline(void **state)
{
    (void)state;
    raw_fields f = {48, 48, 255, 255, 255, 255, 32, 32, 2048, 2048};
    assert_int_equal(decode_raw(&f), WARD_OK);
    assert_int_equal(out_s.secret_len, 48);
    assert_int_equal(strlen(out_s.server_name), 255);
    assert_int_equal(strlen(out_s.alpn), 255);
    assert_int_equal(out_s.id_len, 32);
    assert_int_equal(out_s.ticket_len, 2048);
}

static void test_length_over_limit(void **state)
{
    (void)state;
    /* Each field one byte over its limit, with the bytes present. */
    raw_fields base = {48, 48, 10, 10, 10, 10, 32, 32, 100, 100};
    raw_fields f;

    f = base;
    f.secret_claimed = f.secret_actual = 49;
    assert_int_equal(decode_raw(&f), WARD_E_DECODE);
    f.secret_claimed = f.secret_actual = 255;
    assert_int_equal(decode_raw(&f), WARD_E_DECODE);

    f = base;
    f.id_claimed = f.id_actual = 33;
    assert_int_equal(decode_raw(&f), WARD_E_DECODE);

    f = base;
    f.ticket_claimed = f.ticket_actual = SESSION_MAX_TICKET + 1;
    assert_int_equal(decode_raw(&f), WARD_E_DECODE);
    f.ticket_claimed = f.ticket_actual = 0xffff;
    assert_int_equal(decode_raw(&f), WARD_E_DECODE);
    assert_true(all_zero(&out_s, sizeof out_s));
}

static void test_length_past_end(void **state)
{
    (void)state;
    /* Each length field claims more than what follows: the reader must stop
     * at the end of the input, not read the next field or past the buffer. */
    raw_fields base = {8, 8, 3, 3, 2, 2, 4, 4, 5, 5};
    raw_fields f;

    f = base;
    f.ticket_claimed = 6;
    assert_int_equal(decode_raw(&f), WARD_E_DECODE);
    f.ticket_claimed = 0xffff;
    assert_int_equal(decode_raw(&f), WARD_E_DECODE);

    f = base;
    f.secret_claimed = 48; /* swallows the fields after it, then runs short */
    assert_int_equal(decode_raw(&f), WARD_E_DECODE);

    f = base;
    f.name_claimed = 200;
    assert_int_equal(decode_raw(&f), WARD_E_DECODE);

    f = base;
    f.alpn_claimed = 200;
    assert_int_equal(decode_raw(&f), WARD_E_DECODE);

    f = base;
    f.id_claimed = 32;
    assert_int_equal(decode_raw(&f), WARD_E_DECODE);

    /* A field claiming less than follows leaves bytes: trailing or garbage. */
    f = base;
    f.ticket_claimed = 4;
    assert_int_equal(decode_raw(&f), WARD_E_TRAILING_BYTES);
}

static void test_bad_header(void **state)
{
    (void)state;
    make_session(&in_s, 4);
    size_t len = encode(&in_s);
    uint8_t copy[SESSION_MAX_ENCODED];

    const struct {
        size_t at;
        uint8_t value;
    } bad[] = {
        {0, 'X'},  {1, 'X'},  {0, 'w'},  {2, 0}, {2, 2}, {2, 0xff}, /* magic, format version */
        {7, 0x08}, {7, 0x80}, {7, 0xff},                            /* unknown flag bits */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memcpy(copy, buf, len);
        copy[bad[i].at] = bad[i].value;
        assert_int_equal(session_decode(copy, len, &out_s), WARD_E_DECODE);
        assert_true(all_zero(&out_s, sizeof out_s));
    }
}

static void test_name_with_nul(void **state)
{
    (void)state;
    raw_fields f = {8, 8, 3, 3, 2, 2, 4, 4, 5, 5};
    size_t len = build_raw(&f, raw, sizeof raw);
    /* server_name starts after header 8, secret 1+8, times 16, its length 1. */
    size_t name_at = 8 + 1 + 8 + 16 + 1;
    assert_int_equal(raw[name_at], 'n');
    raw[name_at + 1] = 0;
    assert_int_equal(session_decode(raw, len, &out_s), WARD_E_DECODE);

    len = build_raw(&f, raw, sizeof raw);
    size_t alpn_at = name_at + 3 + 1;
    assert_int_equal(raw[alpn_at], 'p');
    raw[alpn_at] = 0;
    assert_int_equal(session_decode(raw, len, &out_s), WARD_E_DECODE);
}

static void test_encode_rejects(void **state)
{
    (void)state;
    size_t len = 99;
    make_session(&in_s, 4);
    session s;

    s = in_s;
    s.secret_len = SESSION_MAX_SECRET + 1;
    assert_int_equal(session_encode(&s, buf, sizeof buf, &len), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(len, 0);
    s = in_s;
    s.id_len = SESSION_MAX_ID + 1;
    assert_int_equal(session_encode(&s, buf, sizeof buf, &len), WARD_E_INVALID_ARGUMENT);
    s = in_s;
    s.ticket_len = SESSION_MAX_TICKET + 1;
    assert_int_equal(session_encode(&s, buf, sizeof buf, &len), WARD_E_INVALID_ARGUMENT);
    s = in_s;
    memset(s.server_name, 'x', sizeof s.server_name); /* no terminator */
    assert_int_equal(session_encode(&s, buf, sizeof buf, &len), WARD_E_INVALID_ARGUMENT);
    s = in_s;
    memset(s.alpn, 'x', sizeof s.alpn);
    assert_int_equal(session_encode(&s, buf, sizeof buf, &len), WARD_E_INVALID_ARGUMENT);

    /* Too small a buffer by one byte, and no buffer. */
    size_t need = session_encoded_size(&in_s);
    assert_int_equal(session_encode(&in_s, buf, need - 1, &len), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(session_encode(&in_s, NULL, 0, &len), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(session_encode(&in_s, buf, need, &len), WARD_OK);
    assert_int_equal(len, need);
}

/* ---- lifetime and wiping ---- */

static void test_alive(void **state)
{
    (void)state;
    session s;
    memset(&s, 0, sizeof s);
    s.created = 1000;
    s.lifetime = 100;
    assert_true(session_alive(&s, 1000));
    assert_true(session_alive(&s, 1099));
    assert_false(session_alive(&s, 1100));
    assert_false(session_alive(&s, UINT64_MAX));
    /* Created a little in the future (peer clock skew): alive up to 60 s. */
    assert_true(session_alive(&s, 940));
    assert_false(session_alive(&s, 939));
    assert_false(session_alive(&s, 0));
    s.lifetime = 0;
    assert_false(session_alive(&s, 1000));
    assert_false(session_alive(&s, 990));
    /* No overflow at the ends of the clock. */
    s.created = UINT64_MAX;
    s.lifetime = UINT32_MAX;
    assert_true(session_alive(&s, UINT64_MAX));
    assert_false(session_alive(&s, 0));
    s.created = UINT64_MAX - 10;
    assert_true(session_alive(&s, UINT64_MAX));
}

static void test_wipe(void **state)
{
    (void)state;
    make_session(&in_s, 48);
    session_wipe(&in_s);
    assert_true(all_zero(&in_s, sizeof in_s));
    session_wipe(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_sizes),
        cmocka_unit_test(test_round_trip_each_field),
        cmocka_unit_test(test_known_bytes),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_trailing_bytes),
        cmocka_unit_test(test_builder_baseline),
        cmocka_unit_test(test_length_over_limit),
        cmocka_unit_test(test_length_past_end),
        cmocka_unit_test(test_bad_header),
        cmocka_unit_test(test_name_with_nul),
        cmocka_unit_test(test_encode_rejects),
        cmocka_unit_test(test_alive),
        cmocka_unit_test(test_wipe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
