/* msg_server_hello_test.c -- ServerHello and HelloRetryRequest parse and write
 * (src/msg/server_hello.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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

/* RFC 8448 3: the server's ServerHello, 90 octets. */
static const char RFC8448_SH[] =
    "02 00 00 56 03 03 a6 af 06 a4 12 18 60 dc 5e 6e 60 24 9c d3 4c 95 93 0c 8a c5 cb 14"
    "34 da c1 55 77 2e d3 e2 69 28 00 13 01 00 00 2e 00 33 00 24 00 1d 00 20 c9 82 88 76"
    "11 20 95 fe 66 76 2b db f7 c6 72 e1 56 d6 cc 25 3b 83 3d f1 dd 69 b1 b0 4e 75 1f 0f"
    "00 2b 00 02 03 04";

#define SH_FIXED_LEN (2 + 32 + 1 + 2 + 1)

static uint8_t g_msg[2048];
static size_t g_msg_len;

static reader rfc8448_body(void)
{
    g_msg_len = unhex(RFC8448_SH, g_msg, sizeof g_msg);
    assert_int_equal(g_msg_len, 90);
    reader r = reader_of(g_msg, g_msg_len), body;
    uint8_t type;
    assert_int_equal(msg_split(&r, &type, &body), WARD_OK);
    assert_int_equal(type, HS_SERVER_HELLO);
    return body;
}

static void test_hrr_random_constant(void **state)
{
    (void)state;
    /* SHA-256("HelloRetryRequest") */
    uint8_t want[32];
    unhex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C", want, 32);
    assert_memory_equal(HRR_RANDOM, want, 32);
}

static void test_rfc8448_server_hello(void **state)
{
    (void)state;
    server_hello sh;
    assert_int_equal(server_hello_parse(rfc8448_body(), &sh), WARD_OK);
    assert_int_equal(sh.legacy_version, 0x0303);
    assert_int_equal(sh.random[0], 0xa6);
    assert_false(sh.is_hrr);
    assert_int_equal(sh.session_id_len, 0);
    assert_int_equal(sh.suite, 0x1301);
    assert_int_equal(sh.compression, 0);
    assert_true(sh.has_versions);
    assert_int_equal(sh.selected_version, 0x0304);
    assert_true(sh.has_key_share);
    assert_int_equal(sh.share_group, 0x001d);
    assert_int_equal(sh.share_key_len, 32);
    assert_int_equal(sh.share_key[0], 0xc9);
    assert_int_equal(sh.share_key[31], 0x0f);
    assert_false(sh.has_psk || sh.has_cookie || sh.has_alpn || sh.has_ems);
}

static void test_rfc8448_truncations_and_trailing(void **state)
{
    (void)state;
    reader body = rfc8448_body();
    size_t len = reader_left(&body);
    server_hello sh;
    for (size_t n = 0; n < len; n++) {
        int rc = server_hello_parse(reader_of(reader_ptr(&body), n), &sh);
        /* ending right after compression is a TLS 1.2 ServerHello without extensions */
        assert_int_equal(rc, n == SH_FIXED_LEN ? WARD_OK : WARD_E_DECODE);
    }
    uint8_t buf[128];
    memcpy(buf, reader_ptr(&body), len);
    buf[len] = 0;
    assert_int_equal(server_hello_parse(reader_of(buf, len + 1), &sh), WARD_E_TRAILING_BYTES);
}

/* ---- round trips ---- */

static int write_parse(const server_hello_params *p, server_hello *sh)
{
    writer w;
    writer_init_fixed(&w, g_msg, sizeof g_msg);
    int rc = server_hello_write(&w, p);
    if (rc != WARD_OK)
        return rc;
    g_msg_len = w.len;
    reader r = reader_of(g_msg, g_msg_len), body;
    uint8_t type;
    assert_int_equal(msg_split(&r, &type, &body), WARD_OK);
    assert_int_equal(type, HS_SERVER_HELLO);
    assert_true(reader_empty(&r));
    return server_hello_parse(body, sh);
}

static const uint8_t k_sid[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
                                  17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
static const uint8_t k_key[65] = {4, 0xaa, 0xbb};

static void test_round_trip_server_hello(void **state)
{
    (void)state;
    server_hello_params p;
    memset(&p, 0, sizeof p);
    memset(p.random, 0x5e, sizeof p.random);
    p.session_id = k_sid, p.session_id_len = sizeof k_sid;
    p.suite = 0x1302;
    p.version = 0x0304;
    p.share_group = 0x0017;
    p.share_key = k_key, p.share_key_len = sizeof k_key;
    server_hello sh;
    assert_int_equal(write_parse(&p, &sh), WARD_OK);
    assert_int_equal(sh.legacy_version, 0x0303);
    assert_memory_equal(sh.random, p.random, 32);
    assert_false(sh.is_hrr);
    assert_int_equal(sh.session_id_len, 32);
    assert_memory_equal(sh.session_id, k_sid, 32);
    assert_int_equal(sh.suite, 0x1302);
    assert_int_equal(sh.compression, 0);
    assert_true(sh.has_versions && sh.selected_version == 0x0304);
    assert_true(sh.has_key_share);
    assert_int_equal(sh.share_group, 0x0017);
    assert_int_equal(sh.share_key_len, sizeof k_key);
    assert_memory_equal(sh.share_key, k_key, sizeof k_key);
    assert_false(sh.has_cookie || sh.has_psk);
}

static void test_round_trip_hrr(void **state)
{
    (void)state;
    static const uint8_t cookie[] = {0xc0, 0x01, 0x1e};
    server_hello_params p;
    memset(&p, 0, sizeof p);
    memset(p.random, 0x5e, sizeof p.random); /* ignored for an HRR */
    p.is_hrr = true;
    p.session_id = k_sid, p.session_id_len = 5;
    p.suite = 0x1301;
    p.version = 0x0304;
    p.share_group = 0x0018;
    p.cookie = cookie, p.cookie_len = sizeof cookie;
    server_hello sh;
    assert_int_equal(write_parse(&p, &sh), WARD_OK);
    assert_true(sh.is_hrr);
    assert_memory_equal(sh.random, HRR_RANDOM, 32);
    assert_int_equal(sh.session_id_len, 5);
    assert_memory_equal(sh.session_id, k_sid, 5);
    assert_int_equal(sh.suite, 0x1301);
    assert_true(sh.has_versions && sh.selected_version == 0x0304);
    assert_true(sh.has_key_share);
    assert_int_equal(sh.share_group, 0x0018);
    assert_null(sh.share_key);
    assert_true(sh.has_cookie);
    assert_int_equal(reader_left(&sh.cookie), 3);
    assert_memory_equal(reader_ptr(&sh.cookie), cookie, 3);

    /* an HRR with only a cookie (no group change) */
    p.share_group = 0;
    assert_int_equal(write_parse(&p, &sh), WARD_OK);
    assert_true(sh.is_hrr && sh.has_cookie && !sh.has_key_share);
}

static void test_write_rejects_bad_params(void **state)
{
    (void)state;
    server_hello_params p;
    memset(&p, 0, sizeof p);
    p.version = 0x0304;
    p.session_id = k_sid, p.session_id_len = 33;
    server_hello sh;
    assert_int_equal(write_parse(&p, &sh), WARD_E_INVALID_ARGUMENT);
    p.session_id_len = 0;
    p.share_key = k_key, p.share_key_len = 0;
    assert_int_equal(write_parse(&p, &sh), WARD_E_INVALID_ARGUMENT);
}

/* ---- hand-built hellos ---- */

/* A ServerHello body with the given random (HRR or not) and extension list (hex,
 * block length computed); exts NULL: no extension block at all. */
static int parse_sh(bool hrr, const char *exts_hex, server_hello *sh)
{
    static uint8_t buf[1024], exts[900];
    writer w;
    writer_init_fixed(&w, buf, sizeof buf);
    writer_u16(&w, 0x0303);
    if (hrr)
        writer_bytes(&w, HRR_RANDOM, 32);
    else
        writer_zeros(&w, 32);
    writer_u8(&w, 0);
    writer_u16(&w, 0x1301);
    writer_u8(&w, 0);
    if (exts_hex) {
        size_t n = unhex(exts_hex, exts, sizeof exts);
        writer_u16(&w, (uint16_t)n);
        writer_bytes(&w, exts, n);
    }
    assert_int_equal(writer_finish(&w), WARD_OK);
    return server_hello_parse(reader_of(buf, w.len), sh);
}

#define SV13 "002b 0002 0304 "
#define KS_SH "0033 0006 001d 0002 abcd "
#define KS_HRR "0033 0002 0017 "

static void test_hrr_detection(void **state)
{
    (void)state;
    server_hello sh;
    assert_int_equal(parse_sh(true, SV13 KS_HRR, &sh), WARD_OK);
    assert_true(sh.is_hrr);
    assert_int_equal(sh.share_group, 0x0017);
    /* the HRR key_share form in a ServerHello is too short for a KeyShareEntry */
    assert_int_equal(parse_sh(false, SV13 KS_HRR, &sh), WARD_E_DECODE);
    /* and a ServerHello's KeyShareEntry in an HRR has bytes after selected_group */
    assert_int_equal(parse_sh(true, SV13 KS_SH, &sh), WARD_E_TRAILING_BYTES);
    /* a random differing from HRR_RANDOM in its last byte is a plain ServerHello */
    uint8_t buf[128];
    size_t n = unhex("0303", buf, sizeof buf);
    memcpy(buf + n, HRR_RANDOM, 32);
    buf[n + 31] ^= 1;
    n += 32;
    n += unhex("00 1301 00 0010" SV13 KS_SH, buf + n, sizeof buf - n);
    assert_int_equal(server_hello_parse(reader_of(buf, n), &sh), WARD_OK);
    assert_false(sh.is_hrr);
}

static void test_tls13_columns(void **state)
{
    (void)state;
    server_hello sh;
    assert_int_equal(parse_sh(false, SV13 KS_SH "0029 0002 0000", &sh), WARD_OK);
    assert_true(sh.has_psk && sh.psk_identity == 0);
    /* pre_shared_key is ServerHello-only, cookie HRR-only */
    assert_int_equal(parse_sh(true, SV13 KS_HRR "0029 0002 0000", &sh),
                     WARD_E_EXTENSION_NOT_ALLOWED);
    assert_int_equal(parse_sh(false, SV13 KS_SH "002c 0003 0001 aa", &sh),
                     WARD_E_EXTENSION_NOT_ALLOWED);
    /* EncryptedExtensions material in a 1.3 ServerHello */
    assert_int_equal(parse_sh(false, SV13 KS_SH "0010 0005 0003 02 6832", &sh),
                     WARD_E_EXTENSION_NOT_ALLOWED);
    assert_int_equal(parse_sh(false, SV13 KS_SH "0000 0000", &sh), WARD_E_EXTENSION_NOT_ALLOWED);
    /* TLS 1.2 extensions in a 1.3 ServerHello */
    assert_int_equal(parse_sh(false, SV13 KS_SH "0017 0000", &sh), WARD_E_EXTENSION_NOT_ALLOWED);
    /* an extension ward never offered */
    assert_int_equal(parse_sh(false, SV13 KS_SH "1234 0000", &sh), WARD_E_UNSOLICITED_EXTENSION);
    assert_int_equal(parse_sh(true, SV13 KS_HRR "0a0a 0000", &sh), WARD_E_UNSOLICITED_EXTENSION);
    /* duplicates */
    assert_int_equal(parse_sh(false, SV13 KS_SH KS_SH, &sh), WARD_E_DUPLICATE_EXTENSION);
    assert_int_equal(parse_sh(false, SV13 KS_SH SV13, &sh), WARD_E_DUPLICATE_EXTENSION);
}

static void test_tls12_server_hello(void **state)
{
    (void)state;
    server_hello sh;
    assert_int_equal(parse_sh(false, NULL, &sh), WARD_OK);
    assert_false(sh.has_versions);
    assert_int_equal(parse_sh(false, "", &sh), WARD_OK);
    assert_int_equal(parse_sh(false,
                              "0017 0000  ff01 0001 00  000b 0002 0100  0010 0005 0003 02 6832"
                              "  0023 0000  0000 0000  0016 0000  000f 0001 02  0005 0000",
                              &sh),
                     WARD_OK);
    assert_true(sh.has_ems && sh.has_reneg_info && sh.has_point_formats && sh.has_alpn);
    assert_true(sh.has_session_ticket && sh.has_server_name && sh.has_etm && sh.has_heartbeat);
    assert_int_equal(sh.heartbeat_mode, 2);
    assert_int_equal(reader_left(&sh.alpn), 2);
    assert_memory_equal(reader_ptr(&sh.alpn), "h2", 2);
    assert_int_equal(reader_left(&sh.point_formats), 1);
    /* TLS 1.3 extensions without supported_versions selecting 1.3 */
    assert_int_equal(parse_sh(false, KS_SH, &sh), WARD_E_EXTENSION_NOT_ALLOWED);
    assert_int_equal(parse_sh(false, "002b 0002 0303", &sh), WARD_E_EXTENSION_NOT_ALLOWED);
    assert_int_equal(parse_sh(false, "1234 0000", &sh), WARD_E_UNSOLICITED_EXTENSION);
    /* ALPN must carry exactly one name */
    assert_int_equal(parse_sh(false, "0010 0008 0006 02 6832 02 6833", &sh), WARD_E_TRAILING_BYTES);
    assert_int_equal(parse_sh(false, "0010 0003 0001 00", &sh), WARD_E_DECODE);
    assert_int_equal(parse_sh(false, "0010 0002 0000", &sh), WARD_E_DECODE);
    /* the acknowledgements are empty */
    assert_int_equal(parse_sh(false, "0017 0001 00", &sh), WARD_E_TRAILING_BYTES);
    assert_int_equal(parse_sh(false, "0023 0001 00", &sh), WARD_E_TRAILING_BYTES);
    assert_int_equal(parse_sh(false, "0017 0000 0017 0000", &sh), WARD_E_DUPLICATE_EXTENSION);
}

static void test_malformed_extensions(void **state)
{
    (void)state;
    server_hello sh;
    /* supported_versions: short, long */
    assert_int_equal(parse_sh(false, "002b 0001 03", &sh), WARD_E_EXTENSION_NOT_ALLOWED);
    assert_int_equal(parse_sh(false, "002b 0003 030400 " KS_SH, &sh), WARD_E_TRAILING_BYTES);
    /* key_share: empty key, overrun, trailing */
    assert_int_equal(parse_sh(false, SV13 "0033 0004 001d 0000", &sh), WARD_E_DECODE);
    assert_int_equal(parse_sh(false, SV13 "0033 0005 001d 0002 ab", &sh), WARD_E_DECODE);
    assert_int_equal(parse_sh(false, SV13 "0033 0007 001d 0002 abcd 00", &sh),
                     WARD_E_TRAILING_BYTES);
    assert_int_equal(parse_sh(true, SV13 "0033 0001 00", &sh), WARD_E_DECODE);
    /* pre_shared_key and cookie forms */
    assert_int_equal(parse_sh(false, SV13 "0029 0003 000000", &sh), WARD_E_TRAILING_BYTES);
    assert_int_equal(parse_sh(true, SV13 "002c 0002 0000", &sh), WARD_E_DECODE);
    /* an extension length running past the block */
    assert_int_equal(parse_sh(false, SV13 "0033 00ff 001d", &sh), WARD_E_DECODE);
    /* session_id over 32 bytes */
    uint8_t buf[128];
    memset(buf, 0, sizeof buf);
    buf[0] = 3, buf[1] = 3, buf[34] = 33;
    assert_int_equal(server_hello_parse(reader_of(buf, 35 + 33 + 3), &sh), WARD_E_DECODE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hrr_random_constant),
        cmocka_unit_test(test_rfc8448_server_hello),
        cmocka_unit_test(test_rfc8448_truncations_and_trailing),
        cmocka_unit_test(test_round_trip_server_hello),
        cmocka_unit_test(test_round_trip_hrr),
        cmocka_unit_test(test_write_rejects_bad_params),
        cmocka_unit_test(test_hrr_detection),
        cmocka_unit_test(test_tls13_columns),
        cmocka_unit_test(test_tls12_server_hello),
        cmocka_unit_test(test_malformed_extensions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
