/* msg_certificate_test.c -- the TLS 1.3 Certificate message (src/msg/certificate.c). */
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

static uint8_t g_msg[200000];
static size_t g_msg_len;

/* Writes a Certificate and returns its body. */
static reader write_cert(const uint8_t *ctx, size_t ctx_len, const uint8_t *const *der,
                         const size_t *der_len, size_t n)
{
    writer w;
    writer_init_fixed(&w, g_msg, sizeof g_msg);
    assert_int_equal(certificate13_write(&w, ctx, ctx_len, der, der_len, n), WARD_OK);
    g_msg_len = w.len;
    reader r = reader_of(g_msg, g_msg_len), body;
    uint8_t type;
    assert_int_equal(msg_split(&r, &type, &body), WARD_OK);
    assert_int_equal(type, HS_CERTIFICATE);
    assert_true(reader_empty(&r));
    return body;
}

static const uint8_t k_leaf[] = {0x30, 0x82, 0x01, 0x02, 0xaa};
static const uint8_t k_inter[] = {0x30, 0x03, 0x01, 0x01, 0xff};
static const uint8_t k_root[] = {0x30};

static void test_round_trip(void **state)
{
    (void)state;
    const uint8_t *der[] = {k_leaf, k_inter, k_root};
    const size_t len[] = {sizeof k_leaf, sizeof k_inter, sizeof k_root};
    static const uint8_t ctx[] = {7, 8, 9};
    certificate_msg cm;
    assert_int_equal(certificate13_parse(write_cert(ctx, 3, der, len, 3), &cm), WARD_OK);
    assert_int_equal(reader_left(&cm.context), 3);
    assert_memory_equal(reader_ptr(&cm.context), ctx, 3);
    assert_int_equal(cm.n, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(cm.der_len[i], len[i]);
        assert_memory_equal(cm.der[i], der[i], len[i]);
    }
    /* an empty chain is valid syntax (the handshake decides what it means) */
    assert_int_equal(certificate13_parse(write_cert(NULL, 0, NULL, NULL, 0), &cm), WARD_OK);
    assert_int_equal(cm.n, 0);
    assert_int_equal(reader_left(&cm.context), 0);
}

static void test_large_entry(void **state)
{
    (void)state;
    static uint8_t big[100000];
    memset(big, 0x42, sizeof big);
    const uint8_t *der[] = {big};
    const size_t len[] = {sizeof big};
    certificate_msg cm;
    assert_int_equal(certificate13_parse(write_cert(NULL, 0, der, len, 1), &cm), WARD_OK);
    assert_int_equal(cm.n, 1);
    assert_int_equal(cm.der_len[0], sizeof big);
}

static void test_chain_limit(void **state)
{
    (void)state;
    const uint8_t *der[CERT_MAX_CHAIN + 1];
    size_t len[CERT_MAX_CHAIN + 1];
    for (size_t i = 0; i <= CERT_MAX_CHAIN; i++)
        der[i] = k_inter, len[i] = sizeof k_inter;
    certificate_msg cm;
    assert_int_equal(certificate13_parse(write_cert(NULL, 0, der, len, CERT_MAX_CHAIN), &cm),
                     WARD_OK);
    assert_int_equal(cm.n, CERT_MAX_CHAIN);
    assert_int_equal(certificate13_parse(write_cert(NULL, 0, der, len, CERT_MAX_CHAIN + 1), &cm),
                     WARD_E_BAD_CERTIFICATE);
}

/* A hostile chain of 200000 one-byte certificates: rejected, and cheaply
 * (per-entry extension checks must not cost more than the entry's bytes). */
static void test_many_tiny_entries(void **state)
{
    (void)state;
    enum { N = 200000 };
    writer w;
    writer_init_dynamic(&w, 0);
    writer_u8(&w, 0);
    size_t list = writer_open(&w, 3);
    for (size_t i = 0; i < N; i++) {
        writer_u24(&w, 1);
        writer_u8(&w, 0x30);
        writer_u16(&w, 0);
    }
    writer_close(&w, list);
    assert_int_equal(writer_finish(&w), WARD_OK);
    certificate_msg cm;
    assert_int_equal(certificate13_parse(reader_of(w.p, w.len), &cm), WARD_E_BAD_CERTIFICATE);
    writer_free(&w);
}

static void test_truncations_and_trailing(void **state)
{
    (void)state;
    const uint8_t *der[] = {k_leaf, k_inter};
    const size_t len[] = {sizeof k_leaf, sizeof k_inter};
    static const uint8_t ctx[] = {1};
    reader body = write_cert(ctx, 1, der, len, 2);
    size_t n = reader_left(&body);
    certificate_msg cm;
    for (size_t i = 0; i < n; i++)
        assert_int_equal(certificate13_parse(reader_of(reader_ptr(&body), i), &cm), WARD_E_DECODE);
    static uint8_t buf[256];
    memcpy(buf, reader_ptr(&body), n);
    buf[n] = 0;
    assert_int_equal(certificate13_parse(reader_of(buf, n + 1), &cm), WARD_E_TRAILING_BYTES);
}

/* Parses a hand-written body. */
static int parse_hex(const char *hex, certificate_msg *cm)
{
    static uint8_t buf[512];
    size_t n = unhex(hex, buf, sizeof buf);
    return certificate13_parse(reader_of(buf, n), cm);
}

static void test_malformed(void **state)
{
    (void)state;
    certificate_msg cm;
    assert_int_equal(parse_hex("00 000006 000001 aa 0000", &cm), WARD_OK);
    /* empty cert_data */
    assert_int_equal(parse_hex("00 000005 000000 0000", &cm), WARD_E_DECODE);
    /* cert_data overruns the list; list overruns the message */
    assert_int_equal(parse_hex("00 000006 000002 aa 0000", &cm), WARD_E_DECODE);
    assert_int_equal(parse_hex("00 000007 000001 aa 0000", &cm), WARD_E_DECODE);
    /* entry without its extensions field */
    assert_int_equal(parse_hex("00 000004 000001 aa", &cm), WARD_E_DECODE);
    /* a stray byte inside the list after an entry */
    assert_int_equal(parse_hex("00 000007 000001 aa 0000 00", &cm), WARD_E_DECODE);
    /* context longer than the message */
    assert_int_equal(parse_hex("05 0102", &cm), WARD_E_DECODE);
    /* no certificate_list */
    assert_int_equal(parse_hex("00", &cm), WARD_E_DECODE);
    assert_int_equal(parse_hex("", &cm), WARD_E_DECODE);
}

static void test_entry_extensions(void **state)
{
    (void)state;
    certificate_msg cm;
    /* status_request and SCT are allowed per entry, and ignored */
    assert_int_equal(parse_hex("00 00000f 000001 aa 0009 0005 0001 ff 0012 0000", &cm), WARD_OK);
    assert_int_equal(cm.n, 1);
    /* duplicate */
    assert_int_equal(parse_hex("00 00000f 000001 aa 0009 0012 0000 0012 0001 ff", &cm),
                     WARD_E_DUPLICATE_EXTENSION);
    /* a ClientHello extension in a CertificateEntry */
    assert_int_equal(parse_hex("00 00000a 000001 aa 0004 0033 0000", &cm),
                     WARD_E_EXTENSION_NOT_ALLOWED);
    /* unknown: the peer answers something never offered */
    assert_int_equal(parse_hex("00 00000a 000001 aa 0004 1234 0000", &cm),
                     WARD_E_UNSOLICITED_EXTENSION);
    /* the extension block overruns the entry list */
    assert_int_equal(parse_hex("00 00000a 000001 aa 0005 0012 0000", &cm), WARD_E_DECODE);
    /* the same type in two different entries is fine */
    assert_int_equal(parse_hex("00 000014 000001 aa 0004 0012 0000 000001 bb 0004 0012 0000", &cm),
                     WARD_OK);
    assert_int_equal(cm.n, 2);
}

static void test_write_rejects_bad_args(void **state)
{
    (void)state;
    uint8_t buf[64];
    writer w;
    writer_init_fixed(&w, buf, sizeof buf);
    const uint8_t *der[] = {k_leaf};
    const size_t zero[] = {0};
    assert_int_equal(certificate13_write(&w, NULL, 0, der, zero, 1), WARD_E_INVALID_ARGUMENT);
    static uint8_t ctx[256];
    const size_t len[] = {sizeof k_leaf};
    assert_int_equal(certificate13_write(&w, ctx, sizeof ctx, der, len, 1),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(w.len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_large_entry),
        cmocka_unit_test(test_chain_limit),
        cmocka_unit_test(test_many_tiny_entries),
        cmocka_unit_test(test_truncations_and_trailing),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_entry_extensions),
        cmocka_unit_test(test_write_rejects_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
