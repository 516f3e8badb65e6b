/* msg_misc_test.c -- EncryptedExtensions, CertificateVerify, CertificateRequest,
 * Finished, KeyUpdate and NewSessionTicket (src/msg/encrypted_extensions.c,
 * certificate_verify.c, certificate_request.c, finished.c, key_update.c,
 * new_session_ticket.c). */
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

/* RFC 8448 section 3 messages. */
static const char RFC8448_EE[] =
    "08 00 00 24 00 22 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03"
    "01 04 00 1c 00 02 40 01 00 00 00 00";
static const char RFC8448_CV[] =
    "0f 00 00 84 08 04 00 80 5a 74 7c 5d 88 fa 9b d2 e5 5a b0 85 a6 10 15 b7 21 1f 82 4c"
    "d4 84 14 5a b3 ff 52 f1 fd a8 47 7b 0b 7a bc 90 db 78 e2 d3 3a 5c 14 1a 07 86 53 fa"
    "6b ef 78 0c 5e a2 48 ee aa a7 85 c4 f3 94 ca b6 d3 0b be 8d 48 59 ee 51 1f 60 29 57"
    "b1 54 11 ac 02 76 71 45 9e 46 44 5c 9e a5 8c 18 1e 81 8e 95 b8 c3 fb 0b f3 27 84 09"
    "d3 be 15 2a 3d a5 04 3e 06 3d da 65 cd f5 ae a2 0d 53 df ac d4 2f 74 f3";
static const char RFC8448_SERVER_FINISHED[] =
    "14 00 00 20 9b 9b 14 1d 90 63 37 fb d2 cb dc e7 1d f4 de da 4a b4 2c 30 95 72 cb 7f"
    "ff ee 54 54 b7 8f 07 18";
static const char RFC8448_NST[] =
    "04 00 00 c9 00 00 00 1e fa d6 aa c5 02 00 00 00 b2 2c 03 5d 82 93 59 ee 5f f7 af 4e"
    "c9 00 00 00 00 26 2a 64 94 dc 48 6d 2c 8a 34 cb 33 fa 90 bf 1b 00 70 ad 3c 49 88 83"
    "c9 36 7c 09 a2 be 78 5a bc 55 cd 22 60 97 a3 a9 82 11 72 83 f8 2a 03 a1 43 ef d3 ff"
    "5d d3 6d 64 e8 61 be 7f d6 1d 28 27 db 27 9c ce 14 50 77 d4 54 a3 66 4d 4e 6d a4 d2"
    "9e e0 37 25 a6 a4 da fc d0 fc 67 d2 ae a7 05 29 51 3e 3d a2 67 7f a5 90 6c 5b 3f 7d"
    "8f 92 f2 28 bd a4 0d da 72 14 70 f9 fb f2 97 b5 ae a6 17 64 6f ac 5c 03 27 2e 97 07"
    "27 c6 21 a7 91 41 ef 5f 7d e6 50 5e 5b fb c3 88 e9 33 43 69 40 93 93 4a e4 d3 57 00"
    "08 00 2a 00 04 00 00 04 00";

static uint8_t g_msg[4096];
static size_t g_msg_len;

/* Splits the whole message in g_msg, checks its type, returns the body. */
static reader split(uint8_t want_type)
{
    reader r = reader_of(g_msg, g_msg_len), body;
    uint8_t type;
    assert_int_equal(msg_split(&r, &type, &body), WARD_OK);
    assert_int_equal(type, want_type);
    assert_true(reader_empty(&r));
    return body;
}

static reader from_hex(const char *hex, uint8_t want_type)
{
    g_msg_len = unhex(hex, g_msg, sizeof g_msg);
    return split(want_type);
}

/* A body from hex, without a handshake header. */
static reader body_hex(const char *hex)
{
    g_msg_len = unhex(hex, g_msg, sizeof g_msg);
    return reader_of(g_msg, g_msg_len);
}

static writer g_w;

static void begin_write(void)
{
    writer_init_fixed(&g_w, g_msg, sizeof g_msg);
}

static reader end_write(int rc, uint8_t type)
{
    assert_int_equal(rc, WARD_OK);
    g_msg_len = g_w.len;
    return split(type);
}

/* Checks that every proper prefix of body fails with `err` and one more byte
 * gives trailing bytes. parse is any of the (body, out) parsers. */
typedef int (*parse_fn)(reader body, void *out);
static void check_cuts(reader body, parse_fn parse, void *out, int err)
{
    static uint8_t buf[4096];
    size_t n = reader_left(&body);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(parse(reader_of(reader_ptr(&body), i), out), err);
    memcpy(buf, reader_ptr(&body), n);
    buf[n] = 0;
    assert_int_equal(parse(reader_of(buf, n + 1), out), WARD_E_TRAILING_BYTES);
}

/* ---- EncryptedExtensions ---- */

static int ee_parse(reader body, void *out)
{
    return encrypted_extensions_parse(body, out);
}

static void test_ee_rfc8448(void **state)
{
    (void)state;
    encrypted_extensions ee;
    reader body = from_hex(RFC8448_EE, HS_ENCRYPTED_EXTENSIONS);
    assert_int_equal(encrypted_extensions_parse(body, &ee), WARD_OK);
    assert_true(ee.has_groups && ee.has_server_name);
    assert_false(ee.has_alpn || ee.has_early_data);
    check_cuts(body, ee_parse, &ee, WARD_E_DECODE);
}

static void test_ee_round_trip(void **state)
{
    (void)state;
    encrypted_extensions ee;
    begin_write();
    reader body = end_write(encrypted_extensions_write(&g_w, (const uint8_t *)"h2", 2, true),
                            HS_ENCRYPTED_EXTENSIONS);
    assert_int_equal(encrypted_extensions_parse(body, &ee), WARD_OK);
    assert_true(ee.has_alpn && ee.has_server_name);
    assert_false(ee.has_early_data || ee.has_groups);
    assert_int_equal(reader_left(&ee.alpn), 2);
    assert_memory_equal(reader_ptr(&ee.alpn), "h2", 2);

    begin_write();
    body = end_write(encrypted_extensions_write(&g_w, NULL, 0, false), HS_ENCRYPTED_EXTENSIONS);
    assert_int_equal(reader_left(&body), 2);
    assert_int_equal(encrypted_extensions_parse(body, &ee), WARD_OK);
    assert_false(ee.has_alpn || ee.has_server_name);

    begin_write();
    assert_int_equal(encrypted_extensions_write(&g_w, (const uint8_t *)"", 0, false),
                     WARD_E_INVALID_ARGUMENT);
}

static void test_ee_errors(void **state)
{
    (void)state;
    encrypted_extensions ee;
    /* ALPN: two names, an empty name, an empty list */
    assert_int_equal(encrypted_extensions_parse(body_hex("000c 0010 0008 0006 026832 026833"), &ee),
                     WARD_E_TRAILING_BYTES);
    assert_int_equal(encrypted_extensions_parse(body_hex("0007 0010 0003 0001 00"), &ee),
                     WARD_E_DECODE);
    assert_int_equal(encrypted_extensions_parse(body_hex("0006 0010 0002 0000"), &ee),
                     WARD_E_DECODE);
    /* server_name and early_data acknowledgements are empty */
    assert_int_equal(encrypted_extensions_parse(body_hex("0005 0000 0001 00"), &ee),
                     WARD_E_TRAILING_BYTES);
    assert_int_equal(encrypted_extensions_parse(body_hex("0004 002a 0000"), &ee), WARD_OK);
    assert_true(ee.has_early_data);
    /* supported_groups must be a valid list */
    assert_int_equal(encrypted_extensions_parse(body_hex("0006 000a 0002 0000"), &ee),
                     WARD_E_DECODE);
    /* ServerHello / ClientHello-only extensions, unknown ones, duplicates */
    assert_int_equal(encrypted_extensions_parse(body_hex("0006 002b 0002 0304"), &ee),
                     WARD_E_EXTENSION_NOT_ALLOWED);
    assert_int_equal(encrypted_extensions_parse(body_hex("0004 000d 0000"), &ee),
                     WARD_E_EXTENSION_NOT_ALLOWED);
    assert_int_equal(encrypted_extensions_parse(body_hex("0004 0017 0000"), &ee),
                     WARD_E_EXTENSION_NOT_ALLOWED);
    assert_int_equal(encrypted_extensions_parse(body_hex("0004 4a4a 0000"), &ee),
                     WARD_E_UNSOLICITED_EXTENSION);
    assert_int_equal(encrypted_extensions_parse(body_hex("0008 0000 0000 0000 0000"), &ee),
                     WARD_E_DUPLICATE_EXTENSION);
    assert_int_equal(encrypted_extensions_parse(body_hex(""), &ee), WARD_E_DECODE);
}

/* ---- CertificateVerify ---- */

static int cv_parse(reader body, void *out)
{
    return certificate_verify_parse(body, out);
}

static void test_cv_rfc8448_and_round_trip(void **state)
{
    (void)state;
    certificate_verify cv;
    reader body = from_hex(RFC8448_CV, HS_CERTIFICATE_VERIFY);
    assert_int_equal(certificate_verify_parse(body, &cv), WARD_OK);
    assert_int_equal(cv.scheme, 0x0804);
    assert_int_equal(cv.sig_len, 128);
    assert_int_equal(cv.sig[0], 0x5a);
    assert_int_equal(cv.sig[127], 0xf3);
    check_cuts(body, cv_parse, &cv, WARD_E_DECODE);

    static const uint8_t sig[] = {1, 2, 3, 4, 5};
    begin_write();
    body =
        end_write(certificate_verify_write(&g_w, 0x0403, sig, sizeof sig), HS_CERTIFICATE_VERIFY);
    assert_int_equal(certificate_verify_parse(body, &cv), WARD_OK);
    assert_int_equal(cv.scheme, 0x0403);
    assert_int_equal(cv.sig_len, sizeof sig);
    assert_memory_equal(cv.sig, sig, sizeof sig);
}

static void test_cv_errors(void **state)
{
    (void)state;
    certificate_verify cv;
    assert_int_equal(certificate_verify_parse(body_hex("0804 0000"), &cv), WARD_E_DECODE);
    assert_int_equal(certificate_verify_parse(body_hex("0804 0003 0102"), &cv), WARD_E_DECODE);
    assert_int_equal(certificate_verify_parse(body_hex("0804 0001 01 02"), &cv),
                     WARD_E_TRAILING_BYTES);
    begin_write();
    assert_int_equal(certificate_verify_write(&g_w, 0x0804, (const uint8_t *)"", 0),
                     WARD_E_INVALID_ARGUMENT);
}

static void test_cv_content(void **state)
{
    (void)state;
    uint8_t th[48], out[64 + 34 + 48];
    memset(th, 0xab, sizeof th);
    size_t len = 0;
    certificate_verify_content(true, th, 32, out, &len);
    assert_int_equal(len, 64 + 34 + 32);
    for (int i = 0; i < 64; i++)
        assert_int_equal(out[i], 0x20);
    assert_memory_equal(out + 64, "TLS 1.3, server CertificateVerify", 33);
    assert_int_equal(out[97], 0);
    assert_memory_equal(out + 98, th, 32);
    certificate_verify_content(false, th, 48, out, &len);
    assert_int_equal(len, sizeof out);
    assert_memory_equal(out + 64, "TLS 1.3, client CertificateVerify", 33);
    assert_int_equal(out[97], 0);
    assert_memory_equal(out + 98, th, 48);
}

/* ---- CertificateRequest ---- */

static int cr_parse(reader body, void *out)
{
    return certificate_request13_parse(body, out);
}

static void test_cr_round_trip(void **state)
{
    (void)state;
    static const uint16_t algs[] = {0x0804, 0x0403, 0x0807};
    static const uint8_t ctx[] = {0xc7, 0x11};
    certificate_request cr;
    begin_write();
    reader body = end_write(certificate_request13_write(&g_w, ctx, sizeof ctx, algs, 3),
                            HS_CERTIFICATE_REQUEST);
    assert_int_equal(certificate_request13_parse(body, &cr), WARD_OK);
    assert_int_equal(reader_left(&cr.context), 2);
    assert_memory_equal(reader_ptr(&cr.context), ctx, 2);
    reader list = cr.sigalgs;
    uint16_t v;
    for (size_t i = 0; i < 3; i++)
        assert_true(u16_list_next(&list, &v) && v == algs[i]);
    assert_true(reader_empty(&list));
    assert_false(cr.has_sigalgs_cert);
    check_cuts(body, cr_parse, &cr, WARD_E_DECODE);

    begin_write();
    assert_int_equal(certificate_request13_write(&g_w, NULL, 0, algs, 0), WARD_E_INVALID_ARGUMENT);
}

static void test_cr_errors(void **state)
{
    (void)state;
    certificate_request cr;
    /* with signature_algorithms_cert, certificate_authorities and an unknown type */
    assert_int_equal(
        certificate_request13_parse(body_hex("00 0018 000d 0004 0002 0804  0032 0004 0002 0401"
                                             "  002f 0000  fafa 0000"),
                                    &cr),
        WARD_OK);
    assert_true(cr.has_sigalgs_cert);
    /* RFC 8446 4.3.2: signature_algorithms is required */
    assert_int_equal(certificate_request13_parse(body_hex("00 0008 0032 0004 0002 0401"), &cr),
                     WARD_E_MISSING_EXTENSION);
    /* extensions<2..2^16-1>: an empty block is malformed */
    assert_int_equal(certificate_request13_parse(body_hex("00 0000"), &cr), WARD_E_DECODE);
    assert_int_equal(certificate_request13_parse(body_hex("00 0006 000d 0002 0000"), &cr),
                     WARD_E_DECODE);
    assert_int_equal(
        certificate_request13_parse(body_hex("00 000c 000d 0004 0002 0804 000d 0000"), &cr),
        WARD_E_DUPLICATE_EXTENSION);
    assert_int_equal(
        certificate_request13_parse(body_hex("00 000c 000d 0004 0002 0804 0033 0000"), &cr),
        WARD_E_EXTENSION_NOT_ALLOWED);
    assert_int_equal(certificate_request13_parse(
                         body_hex("00 000c 000d 0004 0002 0804 fafa 0000 fafa 0000"), &cr),
                     WARD_E_TRAILING_BYTES); /* the block ends before the second extension */
    assert_int_equal(certificate_request13_parse(
                         body_hex("00 0010 000d 0004 0002 0804 fafa 0000 fafa 0000"), &cr),
                     WARD_E_DUPLICATE_EXTENSION);
}

/* ---- Finished ---- */

static void test_finished(void **state)
{
    (void)state;
    const uint8_t *vd;
    reader body = from_hex(RFC8448_SERVER_FINISHED, HS_FINISHED);
    assert_int_equal(finished_parse(body, 32, &vd), WARD_OK);
    assert_int_equal(vd[0], 0x9b);
    assert_int_equal(vd[31], 0x18);
    assert_int_equal(finished_parse(body, 48, &vd), WARD_E_DECODE);
    assert_int_equal(finished_parse(body, 12, &vd), WARD_E_DECODE);
    assert_int_equal(finished_parse(reader_of(reader_ptr(&body), 31), 32, &vd), WARD_E_DECODE);

    static const uint8_t v12[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    begin_write();
    body = end_write(finished_write(&g_w, v12, sizeof v12), HS_FINISHED);
    assert_int_equal(finished_parse(body, 12, &vd), WARD_OK);
    assert_memory_equal(vd, v12, 12);
}

/* ---- KeyUpdate ---- */

static void test_key_update(void **state)
{
    (void)state;
    uint8_t req = 9;
    for (uint8_t v = 0; v <= 1; v++) {
        begin_write();
        reader body = end_write(key_update_write(&g_w, v), HS_KEY_UPDATE);
        assert_int_equal(key_update_parse(body, &req), WARD_OK);
        assert_int_equal(req, v);
    }
    assert_int_equal(key_update_parse(body_hex("02"), &req), WARD_E_ILLEGAL_PARAMETER);
    assert_int_equal(key_update_parse(body_hex("ff"), &req), WARD_E_ILLEGAL_PARAMETER);
    assert_int_equal(key_update_parse(body_hex(""), &req), WARD_E_DECODE);
    assert_int_equal(key_update_parse(body_hex("0000"), &req), WARD_E_TRAILING_BYTES);
    begin_write();
    assert_int_equal(key_update_write(&g_w, 2), WARD_E_INVALID_ARGUMENT);
}

/* ---- NewSessionTicket ---- */

static int nst_parse(reader body, void *out)
{
    return new_session_ticket13_parse(body, out);
}

static void test_nst_rfc8448(void **state)
{
    (void)state;
    new_session_ticket nst;
    reader body = from_hex(RFC8448_NST, HS_NEW_SESSION_TICKET);
    assert_int_equal(new_session_ticket13_parse(body, &nst), WARD_OK);
    assert_int_equal(nst.lifetime, 30);
    assert_int_equal(nst.age_add, 0xfad6aac5);
    assert_int_equal(reader_left(&nst.nonce), 2);
    assert_int_equal(reader_left(&nst.ticket), 0xb2);
    assert_int_equal(reader_ptr(&nst.ticket)[0], 0x2c);
    assert_true(nst.has_early_data);
    assert_int_equal(nst.max_early_data, 1024);
    check_cuts(body, nst_parse, &nst, WARD_E_DECODE);
}

static void test_nst_round_trip(void **state)
{
    (void)state;
    static const uint8_t nonce[] = {0, 1};
    static const uint8_t ticket[] = {0xde, 0xad, 0xbe, 0xef};
    new_session_ticket nst;
    begin_write();
    reader body = end_write(new_session_ticket13_write(&g_w, 7200, 0x01020304, nonce, sizeof nonce,
                                                       ticket, sizeof ticket),
                            HS_NEW_SESSION_TICKET);
    assert_int_equal(new_session_ticket13_parse(body, &nst), WARD_OK);
    assert_int_equal(nst.lifetime, 7200);
    assert_int_equal(nst.age_add, 0x01020304);
    assert_int_equal(reader_left(&nst.nonce), 2);
    assert_memory_equal(reader_ptr(&nst.nonce), nonce, 2);
    assert_int_equal(reader_left(&nst.ticket), 4);
    assert_memory_equal(reader_ptr(&nst.ticket), ticket, 4);
    assert_false(nst.has_early_data);

    begin_write();
    assert_int_equal(new_session_ticket13_write(&g_w, 1, 2, NULL, 0, ticket, 0),
                     WARD_E_INVALID_ARGUMENT);
}

static void test_nst_errors(void **state)
{
    (void)state;
    new_session_ticket nst;
#define NST_HEAD "0000001e 00000000 00 0001 aa "
    assert_int_equal(new_session_ticket13_parse(body_hex(NST_HEAD "0000"), &nst), WARD_OK);
    /* empty ticket */
    assert_int_equal(new_session_ticket13_parse(body_hex("0000001e 00000000 00 0000 0000"), &nst),
                     WARD_E_DECODE);
    /* early_data: short and long bodies */
    assert_int_equal(new_session_ticket13_parse(body_hex(NST_HEAD "0006 002a 0002 0000"), &nst),
                     WARD_E_DECODE);
    assert_int_equal(
        new_session_ticket13_parse(body_hex(NST_HEAD "0009 002a 0005 0000000000"), &nst),
        WARD_E_TRAILING_BYTES);
    /* unknown extensions are ignored, but not twice; known ones in the wrong place fail */
    assert_int_equal(new_session_ticket13_parse(body_hex(NST_HEAD "0004 1a1a 0000"), &nst),
                     WARD_OK);
    assert_int_equal(
        new_session_ticket13_parse(body_hex(NST_HEAD "0008 1a1a 0000 1a1a 0000"), &nst),
        WARD_E_DUPLICATE_EXTENSION);
    assert_int_equal(new_session_ticket13_parse(body_hex(NST_HEAD "0004 0000 0000"), &nst),
                     WARD_E_EXTENSION_NOT_ALLOWED);
    /* missing extension block */
    assert_int_equal(new_session_ticket13_parse(body_hex(NST_HEAD), &nst), WARD_E_DECODE);
#undef NST_HEAD
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ee_rfc8448),    cmocka_unit_test(test_ee_round_trip),
        cmocka_unit_test(test_ee_errors),     cmocka_unit_test(test_cv_rfc8448_and_round_trip),
        cmocka_unit_test(test_cv_errors),     cmocka_unit_test(test_cv_content),
        cmocka_unit_test(test_cr_round_trip), cmocka_unit_test(test_cr_errors),
        cmocka_unit_test(test_finished),      cmocka_unit_test(test_key_update),
        cmocka_unit_test(test_nst_rfc8448),   cmocka_unit_test(test_nst_round_trip),
        cmocka_unit_test(test_nst_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
