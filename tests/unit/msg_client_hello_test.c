/* msg_client_hello_test.c -- ClientHello parse and write (src/msg/client_hello.c
 * and the extension bodies it uses). */
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

/* RFC 8448 3 (Simple 1-RTT Handshake): the client's ClientHello, 196 octets. */
static const char RFC8448_CH[] =
    "01 00 00 c0 03 03 cb 34 ec b1 e7 81 63 ba 1c 38 c6 da cb 19 6a 6d ff a2 1a 8d 99 12"
    "ec 18 a2 ef 62 83 02 4d ec e7 00 00 06 13 01 13 03 13 02 01 00 00 91 00 00 00 0b 00"
    "09 00 00 06 73 65 72 76 65 72 ff 01 00 01 00 00 0a 00 14 00 12 00 1d 00 17 00 18 00"
    "19 01 00 01 01 01 02 01 03 01 04 00 23 00 00 00 33 00 26 00 24 00 1d 00 20 99 38 1d"
    "e5 60 e4 bd 43 d2 3d 8e 43 5a 7d ba fe b3 c0 6e 51 c1 3c ae 4d 54 13 69 1e 52 9a af"
    "2c 00 2b 00 03 02 03 04 00 0d 00 20 00 1e 04 03 05 03 06 03 02 03 08 04 08 05 08 06"
    "04 01 05 01 06 01 02 01 04 02 05 02 06 02 02 02 00 2d 00 02 01 01 00 1c 00 02 40 01";

/* Length of the RFC 8448 ClientHello body up to the end of compression methods. */
#define RFC8448_CH_FIXED_LEN (2 + 32 + 1 + 2 + 6 + 2)

static uint8_t g_msg[1024];
static size_t g_msg_len;

static reader rfc8448_body(void)
{
    g_msg_len = unhex(RFC8448_CH, g_msg, sizeof g_msg);
    assert_int_equal(g_msg_len, 196);
    reader r = reader_of(g_msg, g_msg_len), body;
    uint8_t type;
    assert_int_equal(msg_split(&r, &type, &body), WARD_OK);
    assert_int_equal(type, HS_CLIENT_HELLO);
    assert_true(reader_empty(&r));
    return body;
}

static bool list_equals(reader list, const uint16_t *v, size_t n)
{
    uint16_t x;
    for (size_t i = 0; i < n; i++)
        if (!u16_list_next(&list, &x) || x != v[i])
            return false;
    return reader_empty(&list);
}

static void test_rfc8448_client_hello(void **state)
{
    (void)state;
    client_hello ch;
    assert_int_equal(client_hello_parse(rfc8448_body(), &ch), WARD_OK);
    assert_int_equal(ch.legacy_version, 0x0303);
    assert_int_equal(ch.random[0], 0xcb);
    assert_int_equal(ch.random[31], 0xe7);
    assert_int_equal(ch.session_id_len, 0);
    static const uint16_t suites[] = {0x1301, 0x1303, 0x1302};
    assert_true(list_equals(ch.suites, suites, 3));
    assert_int_equal(reader_left(&ch.compressions), 1);
    assert_true(ch.has_server_name);
    assert_int_equal(ch.server_name_len, 6);
    assert_memory_equal(ch.server_name, "server", 6);
    static const uint16_t groups[] = {0x001d, 0x0017, 0x0018, 0x0019, 0x0100,
                                      0x0101, 0x0102, 0x0103, 0x0104};
    assert_true(ch.has_groups);
    assert_true(list_equals(ch.groups, groups, 9));
    assert_true(ch.has_key_share);
    assert_int_equal(ch.n_key_shares, 1);
    assert_int_equal(ch.key_shares[0].group, 0x001d);
    assert_int_equal(ch.key_shares[0].key_len, 32);
    assert_int_equal(ch.key_shares[0].key[0], 0x99);
    assert_int_equal(ch.key_shares[0].key[31], 0x2c);
    static const uint16_t versions[] = {0x0304};
    assert_true(ch.has_versions);
    assert_true(list_equals(ch.versions, versions, 1));
    assert_true(ch.has_sigalgs);
    assert_int_equal(reader_left(&ch.sigalgs), 30);
    assert_true(u16_list_contains(ch.sigalgs, 0x0804));
    assert_false(u16_list_contains(ch.sigalgs, 0x0807));
    assert_true(ch.has_psk_modes);
    assert_int_equal(reader_left(&ch.psk_modes), 1);
    assert_true(ch.has_reneg_info);
    assert_int_equal(reader_left(&ch.reneg_info), 0);
    assert_true(ch.has_session_ticket);
    assert_int_equal(reader_left(&ch.session_ticket), 0);
    assert_false(ch.has_psk || ch.has_alpn || ch.has_cookie || ch.has_early_data);
    assert_false(ch.has_ems || ch.has_point_formats || ch.has_sigalgs_cert);
}

/* Every proper prefix fails with decode_error, except the one that ends right
 * after the compression methods: a ClientHello without extensions. */
static void test_rfc8448_truncations(void **state)
{
    (void)state;
    reader body = rfc8448_body();
    client_hello ch;
    for (size_t n = 0; n < reader_left(&body); n++) {
        int rc = client_hello_parse(reader_of(reader_ptr(&body), n), &ch);
        if (n == RFC8448_CH_FIXED_LEN)
            assert_int_equal(rc, WARD_OK);
        else
            assert_int_equal(rc, WARD_E_DECODE);
    }
}

static void test_rfc8448_trailing(void **state)
{
    (void)state;
    reader body = rfc8448_body();
    uint8_t buf[300];
    size_t n = reader_left(&body);
    memcpy(buf, reader_ptr(&body), n);
    buf[n] = 0;
    client_hello ch;
    assert_int_equal(client_hello_parse(reader_of(buf, n + 1), &ch), WARD_E_TRAILING_BYTES);
}

/* ---- round trips ---- */

static const uint16_t k_suites[] = {0x1301, 0x1302, 0x1303};
static const uint16_t k_versions[] = {0x0304, 0x0303};
static const uint16_t k_groups[] = {0x001d, 0x0017};
static const uint16_t k_sigalgs[] = {0x0403, 0x0804, 0x0401};
static const uint8_t k_alpn[] = {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
static const uint8_t k_cookie[] = {0xc0, 0x0c, 0x1e};
static uint8_t k_x25519[32], k_p256[65];

static client_hello_params full_params(void)
{
    client_hello_params p;
    memset(&p, 0, sizeof p);
    p.legacy_version = 0x0303;
    for (int i = 0; i < 32; i++) {
        p.random[i] = (uint8_t)i;
        p.session_id[i] = (uint8_t)(0xa0 + i);
        k_x25519[i] = (uint8_t)(0x40 + i);
    }
    memset(k_p256, 0x04, sizeof k_p256);
    p.session_id_len = 32;
    p.suites = k_suites, p.n_suites = 3;
    p.versions = k_versions, p.n_versions = 2;
    p.groups = k_groups, p.n_groups = 2;
    p.sigalgs = k_sigalgs, p.n_sigalgs = 3;
    p.shares[0] = (key_share_entry){0x001d, k_x25519, sizeof k_x25519};
    p.shares[1] = (key_share_entry){0x0017, k_p256, sizeof k_p256};
    p.n_shares = 2;
    p.server_name = "example.com";
    p.alpn = k_alpn, p.alpn_len = sizeof k_alpn;
    p.cookie = k_cookie, p.cookie_len = sizeof k_cookie;
    p.psk_dhe_ke = true;
    p.tls12_extensions = true;
    p.grease_suite = 0x0a0a, p.grease_group = 0x1a1a, p.grease_version = 0x2a2a;
    p.grease_ext1 = 0x3a3a, p.grease_ext2 = 0x4a4a;
    return p;
}

/* Writes p and parses it back; the message stays in g_msg. */
static int write_parse(const client_hello_params *p, client_hello *ch)
{
    writer w;
    writer_init_fixed(&w, g_msg, sizeof g_msg);
    int rc = client_hello_write(&w, p);
    if (rc != WARD_OK)
        return rc;
    g_msg_len = w.len;
    reader r = reader_of(g_msg, g_msg_len), body;
    uint8_t type;
    assert_int_equal(msg_split(&r, &type, &body), WARD_OK);
    assert_int_equal(type, HS_CLIENT_HELLO);
    assert_true(reader_empty(&r));
    return client_hello_parse(body, ch);
}

static void test_round_trip_full(void **state)
{
    (void)state;
    client_hello_params p = full_params();
    client_hello ch;
    assert_int_equal(write_parse(&p, &ch), WARD_OK);
    assert_int_equal(ch.legacy_version, 0x0303);
    assert_memory_equal(ch.random, p.random, 32);
    assert_int_equal(ch.session_id_len, 32);
    assert_memory_equal(ch.session_id, p.session_id, 32);
    static const uint16_t suites[] = {0x0a0a, 0x1301, 0x1302, 0x1303};
    assert_true(list_equals(ch.suites, suites, 4));
    assert_int_equal(reader_left(&ch.compressions), 1);
    assert_int_equal(reader_ptr(&ch.compressions)[0], 0);
    assert_true(ch.has_server_name);
    assert_int_equal(ch.server_name_len, 11);
    assert_memory_equal(ch.server_name, "example.com", 11);
    static const uint16_t groups[] = {0x1a1a, 0x001d, 0x0017};
    assert_true(ch.has_groups && list_equals(ch.groups, groups, 3));
    assert_true(ch.has_sigalgs && list_equals(ch.sigalgs, k_sigalgs, 3));
    static const uint16_t versions[] = {0x2a2a, 0x0304, 0x0303};
    assert_true(ch.has_versions && list_equals(ch.versions, versions, 3));
    assert_true(ch.has_alpn);
    assert_int_equal(reader_left(&ch.alpn), sizeof k_alpn);
    assert_memory_equal(reader_ptr(&ch.alpn), k_alpn, sizeof k_alpn);
    assert_true(alpn_list_contains(ch.alpn, (const uint8_t *)"h2", 2));
    assert_true(alpn_list_contains(ch.alpn, (const uint8_t *)"http/1.1", 8));
    assert_false(alpn_list_contains(ch.alpn, (const uint8_t *)"http/1", 6));
    assert_true(ch.has_psk_modes);
    assert_int_equal(reader_left(&ch.psk_modes), 1);
    assert_int_equal(reader_ptr(&ch.psk_modes)[0], 1);
    assert_true(ch.has_key_share);
    assert_int_equal(ch.n_key_shares, 3);
    assert_int_equal(ch.key_shares[0].group, 0x1a1a);
    assert_int_equal(ch.key_shares[0].key_len, 1);
    assert_int_equal(ch.key_shares[0].key[0], 0);
    assert_int_equal(ch.key_shares[1].group, 0x001d);
    assert_int_equal(ch.key_shares[1].key_len, 32);
    assert_memory_equal(ch.key_shares[1].key, k_x25519, 32);
    assert_int_equal(ch.key_shares[2].group, 0x0017);
    assert_int_equal(ch.key_shares[2].key_len, 65);
    assert_memory_equal(ch.key_shares[2].key, k_p256, 65);
    assert_true(ch.has_cookie);
    assert_int_equal(reader_left(&ch.cookie), 3);
    assert_memory_equal(reader_ptr(&ch.cookie), k_cookie, 3);
    assert_true(ch.has_ems && ch.has_reneg_info && ch.has_point_formats && ch.has_session_ticket);
    assert_int_equal(reader_left(&ch.reneg_info), 0);
    assert_int_equal(reader_left(&ch.point_formats), 1);
    assert_int_equal(reader_left(&ch.session_ticket), 0);
    assert_false(ch.has_psk || ch.has_early_data || ch.has_heartbeat || ch.has_etm);
    assert_false(ch.has_sigalgs_cert || ch.has_post_handshake_auth);
}

/* The extension order is the browser-like layout the writer promises. */
static void test_write_layout(void **state)
{
    (void)state;
    client_hello_params p = full_params();
    client_hello ch;
    assert_int_equal(write_parse(&p, &ch), WARD_OK);
    /* header 4, version 2, random 32, sid 1+32, suites 2+8, compression 2 */
    reader r = reader_of(g_msg + 4 + 2 + 32 + 33 + 10 + 2, g_msg_len - 83), list;
    assert_int_equal(reader_u16_prefixed(&r, &list), WARD_OK);
    assert_true(reader_empty(&r));
    static const uint16_t order[] = {0x3a3a,
                                     EXT_SERVER_NAME,
                                     EXT_EXTENDED_MASTER_SECRET,
                                     EXT_RENEGOTIATION_INFO,
                                     EXT_EC_POINT_FORMATS,
                                     EXT_SESSION_TICKET,
                                     EXT_SUPPORTED_GROUPS,
                                     EXT_SIGNATURE_ALGORITHMS,
                                     EXT_ALPN,
                                     EXT_SUPPORTED_VERSIONS,
                                     EXT_PSK_KEY_EXCHANGE_MODES,
                                     EXT_KEY_SHARE,
                                     EXT_COOKIE,
                                     0x4a4a};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        uint16_t type;
        reader data;
        assert_int_equal(reader_u16(&list, &type), WARD_OK);
        assert_int_equal(type, order[i]);
        assert_int_equal(reader_u16_prefixed(&list, &data), WARD_OK);
        if (type == 0x3a3a)
            assert_int_equal(reader_left(&data), 0);
        if (type == 0x4a4a)
            assert_int_equal(reader_left(&data), 1);
    }
    assert_true(reader_empty(&list));
}

static void test_round_trip_minimal(void **state)
{
    (void)state;
    client_hello_params p = full_params();
    p.server_name = NULL, p.alpn = NULL, p.cookie = NULL;
    p.psk_dhe_ke = p.tls12_extensions = false;
    p.grease_suite = p.grease_group = p.grease_version = p.grease_ext1 = p.grease_ext2 = 0;
    p.session_id_len = 0;
    p.n_shares = 0; /* an empty key_share asks for a HelloRetryRequest */
    client_hello ch;
    assert_int_equal(write_parse(&p, &ch), WARD_OK);
    assert_int_equal(ch.session_id_len, 0);
    assert_true(list_equals(ch.suites, k_suites, 3));
    assert_true(list_equals(ch.groups, k_groups, 2));
    assert_true(list_equals(ch.versions, k_versions, 2));
    assert_true(ch.has_key_share);
    assert_int_equal(ch.n_key_shares, 0);
    assert_false(ch.has_server_name || ch.has_alpn || ch.has_cookie || ch.has_psk_modes);
    assert_false(ch.has_ems || ch.has_reneg_info || ch.has_point_formats);
    assert_false(ch.has_session_ticket);
}

/* A TLS 1.2-only hello: no supported_versions, so no key_share either. */
static void test_round_trip_tls12_only(void **state)
{
    (void)state;
    client_hello_params p = full_params();
    static const uint16_t v12[] = {0x0303};
    p.versions = v12, p.n_versions = 1;
    p.grease_version = 0;
    client_hello ch;
    assert_int_equal(write_parse(&p, &ch), WARD_OK);
    assert_false(ch.has_key_share);
    assert_true(ch.has_versions && list_equals(ch.versions, v12, 1));
}

static void test_write_rejects_bad_params(void **state)
{
    (void)state;
    client_hello ch;
    client_hello_params p = full_params();
    p.session_id_len = 33;
    assert_int_equal(write_parse(&p, &ch), WARD_E_INVALID_ARGUMENT);
    p = full_params();
    p.n_shares = CH_MAX_KEY_SHARES + 1;
    assert_int_equal(write_parse(&p, &ch), WARD_E_INVALID_ARGUMENT);
    p = full_params();
    p.server_name = "";
    assert_int_equal(write_parse(&p, &ch), WARD_E_INVALID_ARGUMENT);
    p = full_params();
    p.n_suites = 0;
    assert_int_equal(write_parse(&p, &ch), WARD_E_INVALID_ARGUMENT);
    p = full_params();
    static const uint8_t bad_alpn[] = {0};
    p.alpn = bad_alpn, p.alpn_len = 1;
    assert_int_equal(write_parse(&p, &ch), WARD_E_INVALID_ARGUMENT);
    p = full_params();
    p.shares[0].key_len = 0;
    assert_int_equal(write_parse(&p, &ch), WARD_E_INVALID_ARGUMENT);
}

/* ---- hand-built hellos for negative cases ---- */

/* A ClientHello body with a fixed prefix and the given extension list (hex,
 * without the block's u16 length, which is computed). */
static int parse_with_exts(const char *exts_hex, client_hello *ch)
{
    static uint8_t buf[70000];
    static uint8_t exts[65536];
    size_t n = unhex(exts_hex, exts, sizeof exts);
    writer w;
    writer_init_fixed(&w, buf, sizeof buf);
    writer_u16(&w, 0x0303);
    writer_zeros(&w, 32);
    writer_u8(&w, 0);
    writer_u16(&w, 2);
    writer_u16(&w, 0x1301);
    writer_u8(&w, 1);
    writer_u8(&w, 0);
    writer_u16(&w, (uint16_t)n);
    writer_bytes(&w, exts, n);
    assert_int_equal(writer_finish(&w), WARD_OK);
    return client_hello_parse(reader_of(buf, w.len), ch);
}

static void test_fixed_part_errors(void **state)
{
    (void)state;
    client_hello ch;
    uint8_t buf[128];
    /* session_id of 33 bytes */
    memset(buf, 0, sizeof buf);
    buf[0] = 3, buf[1] = 3, buf[34] = 33;
    size_t at = 35 + 33;
    buf[at++] = 0, buf[at++] = 2, buf[at++] = 0x13, buf[at++] = 0x01, buf[at++] = 1, buf[at++] = 0;
    assert_int_equal(client_hello_parse(reader_of(buf, at), &ch), WARD_E_DECODE);

    /* suites: empty, odd */
    static const char *bad[] = {
        "0303 " /* random */ "0000000000000000000000000000000000000000000000000000000000000000"
        "00 0000 0100",
        "0303 0000000000000000000000000000000000000000000000000000000000000000"
        "00 0003 130113 0100",
        /* compression empty */
        "0303 0000000000000000000000000000000000000000000000000000000000000000"
        "00 0002 1301 00",
        /* suites length overruns the message */
        "0303 0000000000000000000000000000000000000000000000000000000000000000"
        "00 00ff 1301 0100",
        /* extension block length overruns the message */
        "0303 0000000000000000000000000000000000000000000000000000000000000000"
        "00 0002 1301 0100 0010 0017 0000",
        /* one stray byte where the extension block would start */
        "0303 0000000000000000000000000000000000000000000000000000000000000000"
        "00 0002 1301 0100 00",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t n = unhex(bad[i], buf, sizeof buf);
        assert_int_equal(client_hello_parse(reader_of(buf, n), &ch), WARD_E_DECODE);
    }
}

static void test_empty_extension_block(void **state)
{
    (void)state;
    client_hello ch;
    assert_int_equal(parse_with_exts("", &ch), WARD_OK);
    assert_false(ch.has_key_share || ch.has_versions);
}

static void test_duplicates(void **state)
{
    (void)state;
    client_hello ch;
    /* known type twice */
    assert_int_equal(parse_with_exts("0017 0000  0017 0000", &ch), WARD_E_DUPLICATE_EXTENSION);
    /* unknown type twice, with other extensions between */
    assert_int_equal(parse_with_exts("1234 0001 aa  0017 0000  1234 0000", &ch),
                     WARD_E_DUPLICATE_EXTENSION);
    /* GREASE twice */
    assert_int_equal(parse_with_exts("0a0a 0000  0a0a 0000", &ch), WARD_E_DUPLICATE_EXTENSION);
    /* distinct unknown types are ignored */
    assert_int_equal(parse_with_exts("1234 0001 aa  4321 0000  0a0a 0000", &ch), WARD_OK);
}

static void test_not_allowed(void **state)
{
    (void)state;
    client_hello ch;
    /* oid_filters belongs to CertificateRequest only */
    assert_int_equal(parse_with_exts("0030 0002 0000", &ch), WARD_E_EXTENSION_NOT_ALLOWED);
}

/* pre_shared_key: one identity "abc" (age 0), one 32-byte binder. */
#define PSK_EXT                                                                                    \
    "0029 002e  0009 0003 616263 00000000  0021 20"                                                \
    "0000000000000000000000000000000000000000000000000000000000000000"

static void test_psk_last(void **state)
{
    (void)state;
    client_hello ch;
    assert_int_equal(parse_with_exts("002d 0002 0101  " PSK_EXT, &ch), WARD_OK);
    assert_true(ch.has_psk && ch.has_psk_modes);
    assert_int_equal(reader_left(&ch.psk_identities), 9);
    assert_int_equal(reader_left(&ch.psk_binders), 33);
    /* body = fixed 41 + block length 2 + modes ext 6 + psk header 4 + identities 11 */
    assert_int_equal(ch.binders_offset, 41 + 2 + 6 + 4 + 11);
    assert_int_equal(parse_with_exts(PSK_EXT "  002d 0002 0101", &ch), WARD_E_ILLEGAL_PARAMETER);
    /* even an unknown extension after it is fatal */
    assert_int_equal(parse_with_exts(PSK_EXT "  1234 0000", &ch), WARD_E_ILLEGAL_PARAMETER);
}

static void test_psk_malformed(void **state)
{
    (void)state;
    client_hello ch;
    /* two identities, one binder */
    assert_int_equal(
        parse_with_exts("0029 0033  000e 0001 61 00000000 0001 62 00000000  0021 20"
                        "0000000000000000000000000000000000000000000000000000000000000000",
                        &ch),
        WARD_E_ILLEGAL_PARAMETER);
    /* a 31-byte binder */
    assert_int_equal(
        parse_with_exts("0029 002d  0009 0003 616263 00000000  0020 1f"
                        "00000000000000000000000000000000000000000000000000000000000000",
                        &ch),
        WARD_E_DECODE);
    /* empty identity */
    assert_int_equal(
        parse_with_exts("0029 002b  0006 0000 00000000  0021 20"
                        "0000000000000000000000000000000000000000000000000000000000000000",
                        &ch),
        WARD_E_DECODE);
    /* binders missing */
    assert_int_equal(parse_with_exts("0029 000b  0009 0003 616263 00000000", &ch), WARD_E_DECODE);
}

static void test_key_share_errors(void **state)
{
    (void)state;
    client_hello ch;
    /* RFC 8446 4.2.8: two shares for one group */
    assert_int_equal(parse_with_exts("0033 0011 000f 001d 0001 aa 0017 0001 bb 001d 0001 cc", &ch),
                     WARD_E_ILLEGAL_PARAMETER);
    /* empty key_exchange */
    assert_int_equal(parse_with_exts("0033 0006 0004 001d 0000", &ch), WARD_E_DECODE);
    /* entry overruns the list */
    assert_int_equal(parse_with_exts("0033 0007 0005 001d 0002 aa", &ch), WARD_E_DECODE);
    /* byte after the list */
    assert_int_equal(parse_with_exts("0033 0008 0005 001d 0001 aa 00", &ch), WARD_E_TRAILING_BYTES);
    /* an empty list is valid */
    assert_int_equal(parse_with_exts("0033 0002 0000", &ch), WARD_OK);
    assert_true(ch.has_key_share);
    assert_int_equal(ch.n_key_shares, 0);
}

/* Ten distinct shares: all validated, the first CH_MAX_KEY_SHARES kept. */
static void test_key_share_cap(void **state)
{
    (void)state;
    char hex[512] = "0033 0034 0032";
    for (int i = 0; i < 10; i++) {
        char e[32];
        snprintf(e, sizeof e, " %04x 0001 %02x", 0x0100 + i, i);
        strcat(hex, e);
    }
    client_hello ch;
    assert_int_equal(parse_with_exts(hex, &ch), WARD_OK);
    assert_int_equal(ch.n_key_shares, CH_MAX_KEY_SHARES);
    assert_int_equal(ch.key_shares[7].group, 0x0107);
    /* a duplicate beyond the kept ones is still found */
    hex[strlen(hex) - 12] = '0'; /* the tenth group 0x0109 becomes 0x0100 */
    hex[strlen(hex) - 11] = '1';
    hex[strlen(hex) - 10] = '0';
    hex[strlen(hex) - 9] = '0';
    assert_int_equal(parse_with_exts(hex, &ch), WARD_E_ILLEGAL_PARAMETER);
}

/* 100 shares (past the short-array stage of the duplicate check), the last
 * repeating an early group or not. */
static void test_key_share_many(void **state)
{
    (void)state;
    for (int dup = 0; dup <= 1; dup++) {
        char hex[2048];
        int at = snprintf(hex, sizeof hex, "0033 %04x %04x", 2 + 100 * 5, 100 * 5);
        for (int i = 0; i < 100; i++)
            at += snprintf(hex + at, sizeof hex - (size_t)at, " %04x 0001 00",
                           dup && i == 99 ? 0x0203 : 0x0200 + i);
        client_hello ch;
        assert_int_equal(parse_with_exts(hex, &ch), dup ? WARD_E_ILLEGAL_PARAMETER : WARD_OK);
    }
}

static void test_server_name_forms(void **state)
{
    (void)state;
    client_hello ch;
    assert_int_equal(parse_with_exts("0000 0006 0004 00 0001 61", &ch), WARD_OK);
    assert_int_equal(ch.server_name_len, 1);
    /* empty list */
    assert_int_equal(parse_with_exts("0000 0002 0000", &ch), WARD_E_DECODE);
    /* empty body */
    assert_int_equal(parse_with_exts("0000 0000", &ch), WARD_E_DECODE);
    /* empty host_name */
    assert_int_equal(parse_with_exts("0000 0005 0003 00 0000", &ch), WARD_E_DECODE);
    /* unknown name_type */
    assert_int_equal(parse_with_exts("0000 0006 0004 01 0001 61", &ch), WARD_E_DECODE);
    /* two host_names */
    assert_int_equal(parse_with_exts("0000 000a 0008 00 0001 61 00 0001 62", &ch),
                     WARD_E_ILLEGAL_PARAMETER);
    /* NUL inside */
    assert_int_equal(parse_with_exts("0000 0008 0006 00 0003 61 00 62", &ch),
                     WARD_E_ILLEGAL_PARAMETER);
    /* list overruns the extension */
    assert_int_equal(parse_with_exts("0000 0006 0005 00 0001 61", &ch), WARD_E_DECODE);
    /* byte after the list */
    assert_int_equal(parse_with_exts("0000 0007 0004 00 0001 61 00", &ch), WARD_E_TRAILING_BYTES);
    /* 256-byte host_name (and 255 is fine) */
    char hex[1200];
    for (int len = 255; len <= 256; len++) {
        int at = snprintf(hex, sizeof hex, "0000 %04x %04x 00 %04x ", len + 5, len + 3, len);
        for (int i = 0; i < len; i++)
            at += snprintf(hex + at, sizeof hex - (size_t)at, "61");
        assert_int_equal(parse_with_exts(hex, &ch), len == 255 ? WARD_OK : WARD_E_DECODE);
    }
}

static void test_list_extensions(void **state)
{
    (void)state;
    client_hello ch;
    /* supported_groups: empty, odd, trailing */
    assert_int_equal(parse_with_exts("000a 0002 0000", &ch), WARD_E_DECODE);
    assert_int_equal(parse_with_exts("000a 0003 0001 1d", &ch), WARD_E_DECODE);
    assert_int_equal(parse_with_exts("000a 0005 0002 001d 00", &ch), WARD_E_TRAILING_BYTES);
    /* signature_algorithms: empty, odd, overlong */
    assert_int_equal(parse_with_exts("000d 0002 0000", &ch), WARD_E_DECODE);
    assert_int_equal(parse_with_exts("000d 0005 0003 040304", &ch), WARD_E_DECODE);
    assert_int_equal(parse_with_exts("000d 0004 0004 0403", &ch), WARD_E_DECODE);
    /* signature_algorithms_cert */
    assert_int_equal(parse_with_exts("0032 0004 0002 0403", &ch), WARD_OK);
    assert_true(ch.has_sigalgs_cert);
    assert_int_equal(parse_with_exts("0032 0002 0000", &ch), WARD_E_DECODE);
    /* supported_versions: empty, odd, u8 length wrong */
    assert_int_equal(parse_with_exts("002b 0001 00", &ch), WARD_E_DECODE);
    assert_int_equal(parse_with_exts("002b 0004 03 030403", &ch), WARD_E_DECODE);
    assert_int_equal(parse_with_exts("002b 0003 04 0304", &ch), WARD_E_DECODE);
    assert_int_equal(parse_with_exts("002b 0004 02 0304 00", &ch), WARD_E_TRAILING_BYTES);
    /* psk_key_exchange_modes: empty */
    assert_int_equal(parse_with_exts("002d 0001 00", &ch), WARD_E_DECODE);
    /* ec_point_formats: empty */
    assert_int_equal(parse_with_exts("000b 0001 00", &ch), WARD_E_DECODE);
    /* cookie: empty */
    assert_int_equal(parse_with_exts("002c 0002 0000", &ch), WARD_E_DECODE);
}

static void test_misc_extensions(void **state)
{
    (void)state;
    client_hello ch;
    /* ALPN: empty list, empty name, name overrunning the list */
    assert_int_equal(parse_with_exts("0010 0002 0000", &ch), WARD_E_DECODE);
    assert_int_equal(parse_with_exts("0010 0006 0004 02 6832 00", &ch), WARD_E_DECODE);
    assert_int_equal(parse_with_exts("0010 0005 0003 03 6832", &ch), WARD_E_DECODE);
    assert_int_equal(parse_with_exts("0010 0005 0003 02 6832", &ch), WARD_OK);
    /* empty-bodied flags with a body */
    assert_int_equal(parse_with_exts("0017 0001 00", &ch), WARD_E_TRAILING_BYTES);
    assert_int_equal(parse_with_exts("002a 0001 00", &ch), WARD_E_TRAILING_BYTES);
    assert_int_equal(parse_with_exts("0031 0001 00", &ch), WARD_E_TRAILING_BYTES);
    assert_int_equal(parse_with_exts("0016 0001 00", &ch), WARD_E_TRAILING_BYTES);
    /* heartbeat: mode 1 and 2 are the only modes */
    assert_int_equal(parse_with_exts("000f 0001 01", &ch), WARD_OK);
    assert_int_equal(ch.heartbeat_mode, 1);
    assert_int_equal(parse_with_exts("000f 0001 03", &ch), WARD_E_ILLEGAL_PARAMETER);
    assert_int_equal(parse_with_exts("000f 0000", &ch), WARD_E_DECODE);
    /* renegotiation_info: length overrun; session_ticket: any content */
    assert_int_equal(parse_with_exts("ff01 0001 01", &ch), WARD_E_DECODE);
    assert_int_equal(parse_with_exts("0023 0003 abcdef", &ch), WARD_OK);
    assert_int_equal(reader_left(&ch.session_ticket), 3);
    /* an extension header cut short inside the block */
    assert_int_equal(parse_with_exts("0017", &ch), WARD_E_DECODE);
    assert_int_equal(parse_with_exts("0017 0001", &ch), WARD_E_DECODE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc8448_client_hello),
        cmocka_unit_test(test_rfc8448_truncations),
        cmocka_unit_test(test_rfc8448_trailing),
        cmocka_unit_test(test_round_trip_full),
        cmocka_unit_test(test_write_layout),
        cmocka_unit_test(test_round_trip_minimal),
        cmocka_unit_test(test_round_trip_tls12_only),
        cmocka_unit_test(test_write_rejects_bad_params),
        cmocka_unit_test(test_fixed_part_errors),
        cmocka_unit_test(test_empty_extension_block),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_not_allowed),
        cmocka_unit_test(test_psk_last),
        cmocka_unit_test(test_psk_malformed),
        cmocka_unit_test(test_key_share_errors),
        cmocka_unit_test(test_key_share_cap),
        cmocka_unit_test(test_key_share_many),
        cmocka_unit_test(test_server_name_forms),
        cmocka_unit_test(test_list_extensions),
        cmocka_unit_test(test_misc_extensions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
