/* msg_tls12_test.c -- the TLS 1.2 handshake messages (src/msg/server_key_exchange.c,
 * client_key_exchange.c, certificate12.c, certificate_request12.c,
 * server_hello_done.c, hello_request.c, new_session_ticket12.c), the TLS 1.2
 * ServerHello writer and the TLS 1.2 parts of the hellos (server_hello.c,
 * client_hello.c, ext_tls12.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "msg/msg.h"

/* One full handshake captured on 127.0.0.1 when this test was written:
 *   openssl s_server -tls1_2 -accept 127.0.0.1:44715 -key key.pem -cert cert.pem
 *       -alpn http/1.1
 *   openssl s_client -tls1_2 -connect 127.0.0.1:44715 -servername localhost
 *       -alpn http/1.1 -groups X25519 -msg
 * (OpenSSL 3.0.19, throwaway RSA-2048 key). Each is one whole handshake message,
 * header included, as printed by -msg. */
/* openssl s_client -tls1_2 -servername localhost -alpn http/1.1 -groups X25519 */
static const char CAP_CLIENT_HELLO[] = "01 00 00 cc 03 03 86 8e be d6 15 bc 5d 4b 7c 10"
                                       "9e 89 73 c1 59 41 ff c7 31 03 c5 3a 58 12 dd 7a"
                                       "e8 d1 96 7d 24 ee 00 00 38 c0 2c c0 30 00 9f cc"
                                       "a9 cc a8 cc aa c0 2b c0 2f 00 9e c0 24 c0 28 00"
                                       "6b c0 23 c0 27 00 67 c0 0a c0 14 00 39 c0 09 c0"
                                       "13 00 33 00 9d 00 9c 00 3d 00 3c 00 35 00 2f 00"
                                       "ff 01 00 00 6b 00 00 00 0e 00 0c 00 00 09 6c 6f"
                                       "63 61 6c 68 6f 73 74 00 0b 00 04 03 00 01 02 00"
                                       "0a 00 04 00 02 00 1d 00 23 00 00 00 10 00 0b 00"
                                       "09 08 68 74 74 70 2f 31 2e 31 00 16 00 00 00 17"
                                       "00 00 00 0d 00 2a 00 28 04 03 05 03 06 03 08 07"
                                       "08 08 08 09 08 0a 08 0b 08 04 08 05 08 06 04 01"
                                       "05 01 06 01 03 03 03 01 03 02 04 02 05 02 06 02";
/* openssl s_server -tls1_2 -alpn http/1.1, its answer */
static const char CAP_SERVER_HELLO[] = "02 00 00 4c 03 03 fa 8c 2f 9a 41 db 63 ac e6 05"
                                       "28 28 e2 2f ba ab b6 f5 5e c7 59 c9 56 ab 75 bc"
                                       "60 ca 01 ee f8 52 00 c0 30 00 00 24 ff 01 00 01"
                                       "00 00 0b 00 04 03 00 01 02 00 23 00 00 00 10 00"
                                       "0b 00 09 08 68 74 74 70 2f 31 2e 31 00 17 00 00";
/* the server's self-signed RSA-2048 certificate (CN=localhost) */
static const char CAP_CERTIFICATE[] = "0b 00 03 13 00 03 10 00 03 0d 30 82 03 09 30 82"
                                      "01 f1 a0 03 02 01 02 02 14 0c 09 23 63 8f bb 0b"
                                      "8a 73 aa 87 27 27 e0 33 d8 be 00 30 a3 30 0d 06"
                                      "09 2a 86 48 86 f7 0d 01 01 0b 05 00 30 14 31 12"
                                      "30 10 06 03 55 04 03 0c 09 6c 6f 63 61 6c 68 6f"
                                      "73 74 30 1e 17 0d 32 36 31 31 32 37 32 31 31 33"
                                      "32 31 5a 17 0d 32 36 31 31 32 39 32 31 31 33 32"
                                      "31 5a 30 14 31 12 30 10 06 03 55 04 03 0c 09 6c"
                                      "6f 63 61 6c 68 6f 73 74 30 82 01 22 30 0d 06 09"
                                      "2a 86 48 86 f7 0d 01 01 01 05 00 03 82 01 0f 00"
                                      "30 82 01 0a 02 82 01 01 00 b9 1e 2a 03 7e a1 7d"
                                      "71 25 74 a2 f8 d9 8d 41 27 7f 08 33 a1 53 06 87"
                                      "a4 1e 9e 12 aa 18 80 43 86 1f db 2d eb 5b 93 11"
                                      "95 07 87 c8 a0 83 ed 92 ab d2 f7 57 ac 06 8c 4e"
                                      "33 c3 c6 29 86 f5 7b d3 f5 a0 c1 4e d6 dc 5d a3"
                                      "70 76 e2 76 cf f3 42 ac e0 d3 19 12 bb 1a 7c 2d"
                                      "c1 8d 27 9c 3f a8 2a 26 25 e4 72 4b b8 1e ce 70"
                                      "3f 2d f9 61 da 61 40 ee 2e aa fd 05 f4 16 a7 00"
                                      "8e 6e 00 ce 9f f6 22 64 c4 fa cc 35 17 58 aa 00"
                                      "46 8d 55 18 1b 4f 71 fa 26 f6 8f 24 78 30 df 27"
                                      "33 fc 79 90 73 99 04 5b eb f2 d7 2e 20 97 34 0a"
                                      "d6 f7 cc c2 b0 4b ee 47 92 46 89 71 40 63 73 46"
                                      "fa 8b 6e 71 92 82 68 82 30 09 c6 4b ce 14 8f 31"
                                      "10 76 92 b0 36 09 6e ec 89 1c e6 42 85 15 f2 61"
                                      "13 97 be 77 5f 9b 09 f8 42 86 d3 55 49 98 98 8c"
                                      "47 22 9a 16 15 4c f2 d8 62 78 b6 99 30 0e e5 e6"
                                      "87 d2 ac 21 12 a4 8c 02 41 02 03 01 00 01 a3 53"
                                      "30 51 30 1d 06 03 55 1d 0e 04 16 04 14 12 90 a3"
                                      "eb 5f b8 f2 44 f9 f3 41 06 aa 2c 87 b6 9d b2 04"
                                      "ee 30 1f 06 03 55 1d 23 04 18 30 16 80 14 12 90"
                                      "a3 eb 5f b8 f2 44 f9 f3 41 06 aa 2c 87 b6 9d b2"
                                      "04 ee 30 0f 06 03 55 1d 13 01 01 ff 04 05 30 03"
                                      "01 01 ff 30 0d 06 09 2a 86 48 86 f7 0d 01 01 0b"
                                      "05 00 03 82 01 01 00 3e 17 71 9c 15 03 47 26 1f"
                                      "c3 bb 4b 37 93 e3 98 02 ef fb bb 57 32 5d 0c 9d"
                                      "24 b5 96 ff b9 f5 26 f9 22 ca 0b 85 8e b4 59 f6"
                                      "4c 93 7a 6f 1c b7 ab bc eb 16 cc ba 5c 0c f0 c3"
                                      "fc f2 42 12 d6 2b fe 1a d0 7a 04 cd 9e 1c 39 f3"
                                      "d8 d5 9a 66 94 35 17 99 c3 1a fa fc d0 9c f7 c4"
                                      "87 78 63 bf 18 16 78 a4 cf 11 c3 58 27 31 7f f0"
                                      "9d 12 b5 57 37 0f 9f 26 76 fc 5b 24 37 0e 46 2e"
                                      "a8 27 d7 0f 0d 6c 7e 05 4e 55 71 7d 43 be 8d 42"
                                      "2f da fd c0 af 73 a1 9e ae 95 5e c6 e6 32 01 51"
                                      "e6 68 d8 1a 7f 37 86 75 d4 8f c7 a9 75 3e 26 26"
                                      "fb be 32 6d ff 08 39 16 ba 77 cf 27 3f 33 bf ae"
                                      "42 e2 bd 00 22 63 bc 50 75 e4 15 a6 e9 97 8a 5b"
                                      "21 62 53 69 aa 50 e8 bb a9 01 68 37 c6 27 e4 55"
                                      "9e 4b 49 32 4e 4e 60 d7 01 2c 88 61 f6 90 e3 ec"
                                      "c1 b9 00 2a 86 34 e4 95 b0 d5 c0 1d 6c af 43 11"
                                      "38 95 d1 a6 85 6f 33";
/* x25519, rsa_pss_rsae_sha256 */
static const char CAP_SKE[] = "0c 00 01 28 03 00 1d 20 ac d4 30 df 68 bf ef 51"
                              "0c e8 6c dc 10 4d 6a 4f e1 22 cd 98 dd dd 20 cd"
                              "e0 0f c4 bd 20 41 85 7a 08 04 01 00 3f 80 25 73"
                              "e6 73 cf bd 7d 9b 19 5d 50 e1 f1 8f 85 85 b4 33"
                              "22 7e 79 53 aa 0b ce a7 2b 43 2f df 73 20 c5 49"
                              "7f 99 04 95 1c aa 61 0a 66 40 91 7e 19 d4 51 29"
                              "b3 64 01 7d 7e 1e 57 8d 9a ed 47 8b f6 c0 58 9e"
                              "a4 62 fc 9d e5 2b 48 3b bd 3d 59 c1 df 8c 62 f1"
                              "50 b9 0e 40 a9 86 62 8b e2 69 cf 0f 19 fc 71 57"
                              "00 71 23 f3 24 41 a3 b3 ac ea d2 0a af b9 91 69"
                              "93 d6 5d e5 84 fa 9f cb 0e 7b 17 b1 a0 bf f4 b2"
                              "e4 3c ca 9a c9 1d 4b 36 14 2d fa 2f 04 10 4e 16"
                              "53 bd c7 65 fe 16 61 d1 da dd 5c 38 91 5d 5d 31"
                              "bf db 14 f5 43 5f cf a6 5e f1 ba 0d 23 a7 3c 19"
                              "7a bb 39 ed a3 a1 f4 09 6e 96 fc 2c d9 21 8c e0"
                              "3a c2 d9 ff 61 35 a1 16 31 98 03 82 7e 90 2a a9"
                              "68 ed 09 1d 9c e6 2c bd 68 fe cf af d5 07 ec 1a"
                              "b1 77 3f b4 65 f7 c2 c4 23 85 91 1c 83 60 11 83"
                              "65 83 29 34 b9 8a ac 7d 44 1b 1e d4";
/*  */
static const char CAP_SHD[] = "0e 00 00 00";
/* the client's x25519 share */
static const char CAP_CKE[] = "10 00 00 21 20 b5 51 84 5b 57 d0 6d 52 56 ed 84"
                              "36 a0 4c e7 88 1b de 6a 4d 7c 8a be cc 25 73 08"
                              "96 a6 4b fc 48";
/* lifetime hint 7200 s, 176-byte ticket (decrypted by s_client -msg) */
static const char CAP_NST[] = "04 00 00 b6 00 00 1c 20 00 b0 75 5b a5 b3 2e ee"
                              "89 98 aa 9b ff 5f ff f7 d3 42 8b 8f a3 0c 6d 0e"
                              "3c 14 13 3f 40 d7 e7 58 f3 e0 ad 2a 50 e7 38 40"
                              "29 45 13 d8 50 cf bc b5 a5 e6 af b5 cf b9 68 1d"
                              "22 05 29 00 f3 b6 46 49 65 c8 d1 84 5f 79 df af"
                              "23 73 12 a2 b4 3b b2 da 7c bb 49 be 2c f9 ad 57"
                              "8a f4 08 16 2f 11 34 5b 98 00 6f 6b b8 3b c0 57"
                              "34 72 22 50 8c fe d2 2f 13 e9 9b 8c b6 15 36 13"
                              "e0 10 6a 5d c3 a2 9b 8a e1 e8 cd 22 02 d0 b0 49"
                              "9b c9 af 3a a8 74 cf c2 f3 60 fa db 2d 87 c5 99"
                              "ae 49 ff f1 59 d0 fa 34 7c f3 fc 96 1e 19 02 9c"
                              "03 3e 15 36 3d 6f c6 84 74 59";

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

/* A whole captured message into g_msg; returns its body. */
static reader msg_hex(const char *hex, uint8_t type)
{
    g_msg_len = unhex(hex, g_msg, sizeof g_msg);
    return split(type);
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

static bool bytes_are(reader r, const char *s)
{
    size_t n = strlen(s);
    return reader_left(&r) == n && memcmp(reader_ptr(&r), s, n) == 0;
}

static const uint8_t k_pub[32] = {0x20, 1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
                                  16,   17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
static uint8_t k_big[70000]; /* zeros, for over-limit arguments */

/* ---- the capture ---- */

static void test_capture_server_hello(void **state)
{
    (void)state;
    static const uint8_t formats[3] = {0, 1, 2};
    reader body = msg_hex(CAP_SERVER_HELLO, HS_SERVER_HELLO);
    server_hello sh;
    assert_int_equal(server_hello_parse(body, &sh), WARD_OK);
    assert_int_equal(sh.legacy_version, VERSION_TLS12);
    assert_int_equal(sh.random[0], 0xfa);
    assert_int_equal(sh.random[31], 0x52);
    assert_false(sh.is_hrr);
    assert_int_equal(sh.session_id_len, 0); /* a ticket follows instead */
    assert_int_equal(sh.suite, 0xc030);     /* ECDHE-RSA-AES256-GCM-SHA384 */
    assert_int_equal(sh.compression, 0);
    assert_true(sh.has_reneg_info);
    assert_int_equal(reader_left(&sh.reneg_info), 0); /* initial handshake */
    assert_true(sh.has_point_formats);
    assert_int_equal(reader_left(&sh.point_formats), 3);
    assert_memory_equal(reader_ptr(&sh.point_formats), formats, 3);
    assert_true(sh.has_session_ticket);
    assert_true(sh.has_alpn && bytes_are(sh.alpn, "http/1.1"));
    assert_true(sh.has_ems);
    assert_false(sh.has_versions || sh.has_key_share || sh.has_server_name || sh.has_heartbeat ||
                 sh.has_etm || sh.has_psk || sh.has_cookie);
}

static void test_capture_client_hello(void **state)
{
    (void)state;
    reader body = msg_hex(CAP_CLIENT_HELLO, HS_CLIENT_HELLO);
    client_hello ch;
    assert_int_equal(client_hello_parse(body, &ch), WARD_OK);
    assert_int_equal(ch.legacy_version, VERSION_TLS12);
    assert_int_equal(reader_left(&ch.suites), 0x38);
    /* RFC 5746 3.4: OpenSSL signals secure renegotiation with the SCSV, which
     * stays in the list. */
    assert_true(u16_list_contains(ch.suites, 0x00ff));
    assert_true(u16_list_contains(ch.suites, 0xc030));
    assert_false(ch.has_reneg_info || ch.has_versions || ch.has_key_share || ch.has_heartbeat);
    assert_true(ch.has_server_name && ch.server_name_len == 9);
    assert_memory_equal(ch.server_name, "localhost", 9);
    assert_true(ch.has_point_formats && reader_left(&ch.point_formats) == 3);
    assert_true(ch.has_groups && u16_list_contains(ch.groups, 0x001d));
    assert_true(ch.has_session_ticket && reader_left(&ch.session_ticket) == 0);
    assert_true(ch.has_alpn && alpn_list_contains(ch.alpn, (const uint8_t *)"http/1.1", 8));
    assert_true(ch.has_etm && ch.has_ems);
    assert_true(ch.has_sigalgs && u16_list_contains(ch.sigalgs, 0x0804));
}

static int ske_parse(reader body, void *out)
{
    return server_key_exchange_parse(body, out);
}

static void test_capture_server_key_exchange(void **state)
{
    (void)state;
    reader body = msg_hex(CAP_SKE, HS_SERVER_KEY_EXCHANGE);
    const uint8_t *start = reader_ptr(&body);
    server_key_exchange ske;
    assert_int_equal(server_key_exchange_parse(body, &ske), WARD_OK);
    assert_int_equal(ske.group, 0x001d); /* x25519 */
    assert_int_equal(ske.pub_len, 32);
    assert_ptr_equal(ske.pub, start + 4);
    assert_int_equal(ske.pub[0], 0xac);
    assert_int_equal(ske.pub[31], 0x7a);
    /* the signed params: curve_type, group, point length, point */
    assert_ptr_equal(ske.params, start);
    assert_int_equal(ske.params_len, 4 + 32);
    assert_int_equal(ske.scheme, 0x0804); /* rsa_pss_rsae_sha256, as in the notes */
    assert_int_equal(ske.sig_len, 256);   /* RSA-2048 */
    assert_ptr_equal(ske.sig, start + 4 + 32 + 4);
    assert_int_equal(ske.sig[0], 0x3f);
    assert_int_equal(ske.sig[255], 0xd4);

    /* ske_params_write rebuilds the signed bytes exactly */
    uint8_t buf[64];
    writer w;
    writer_init_fixed(&w, buf, sizeof buf);
    ske_params_write(&w, ske.group, ske.pub, ske.pub_len);
    assert_int_equal(writer_finish(&w), WARD_OK);
    assert_int_equal(w.len, ske.params_len);
    assert_memory_equal(buf, ske.params, ske.params_len);

    check_cuts(body, ske_parse, &ske, WARD_E_DECODE);
}

static int cert12_parse(reader body, void *out)
{
    return certificate12_parse(body, out);
}

static void test_capture_rest(void **state)
{
    (void)state;
    certificate_msg cm;
    reader body = msg_hex(CAP_CERTIFICATE, HS_CERTIFICATE);
    assert_int_equal(certificate12_parse(body, &cm), WARD_OK);
    assert_int_equal(reader_left(&cm.context), 0);
    assert_int_equal(cm.n, 1);
    assert_int_equal(cm.der_len[0], 0x30d);
    assert_int_equal(cm.der[0][0], 0x30); /* a DER SEQUENCE of 0x309 bytes */
    assert_int_equal(cm.der[0][2], 0x03);
    assert_int_equal(cm.der[0][3], 0x09);
    assert_int_equal(certificate13_parse(body, &cm), WARD_E_DECODE); /* not the 1.3 form */

    body = msg_hex(CAP_SHD, HS_SERVER_HELLO_DONE);
    assert_int_equal(server_hello_done_parse(body), WARD_OK);

    const uint8_t *pub;
    size_t len;
    body = msg_hex(CAP_CKE, HS_CLIENT_KEY_EXCHANGE);
    assert_int_equal(client_key_exchange_ecdhe_parse(body, &pub, &len), WARD_OK);
    assert_int_equal(len, 32);
    assert_ptr_equal(pub, reader_ptr(&body) + 1);
    assert_int_equal(pub[0], 0xb5);
    assert_int_equal(pub[31], 0x48);

    new_session_ticket12 nst;
    body = msg_hex(CAP_NST, HS_NEW_SESSION_TICKET);
    assert_int_equal(new_session_ticket12_parse(body, &nst), WARD_OK);
    assert_int_equal(nst.lifetime_hint, 7200);
    assert_int_equal(reader_left(&nst.ticket), 0xb0);
    assert_int_equal(reader_ptr(&nst.ticket)[0], 0x75);
}

/* ---- ServerKeyExchange ---- */

static void test_ske_round_trip(void **state)
{
    (void)state;
    static const uint8_t sig[3] = {0xde, 0xad, 0x01};
    uint8_t p256[65];
    memset(p256, 0x44, sizeof p256);
    p256[0] = 4;
    begin_write();
    reader body = end_write(
        server_key_exchange_write(&g_w, 0x0017, p256, sizeof p256, 0x0403, sig, sizeof sig),
        HS_SERVER_KEY_EXCHANGE);
    server_key_exchange ske;
    assert_int_equal(server_key_exchange_parse(body, &ske), WARD_OK);
    assert_int_equal(ske.group, 0x0017);
    assert_int_equal(ske.pub_len, 65);
    assert_memory_equal(ske.pub, p256, 65);
    assert_int_equal(ske.params_len, 4 + 65);
    assert_int_equal(ske.params[0], EC_CURVE_TYPE_NAMED_CURVE);
    assert_int_equal(ske.scheme, 0x0403);
    assert_int_equal(ske.sig_len, 3);
    assert_memory_equal(ske.sig, sig, 3);
    check_cuts(body, ske_parse, &ske, WARD_E_DECODE);

    /* the limits: a 255-byte point and a 65535-byte signature */
    static uint8_t big[4 + 4 + 255 + 4 + 0xffff];
    writer w;
    writer_init_fixed(&w, big, sizeof big);
    assert_int_equal(server_key_exchange_write(&w, 0x001e, k_big, 255, 0x0805, k_big, 0xffff),
                     WARD_OK);
    assert_int_equal(w.len, sizeof big);
    assert_int_equal(server_key_exchange_parse(reader_of(big + 4, w.len - 4), &ske), WARD_OK);
    assert_int_equal(ske.pub_len, 255);
    assert_int_equal(ske.sig_len, 0xffff);
}

static void test_ske_errors(void **state)
{
    (void)state;
    server_key_exchange ske;
    /* RFC 8422 5.4: explicit_prime (1), explicit_char2 (2) and unknown types */
    static const char *bad_types[] = {"00", "01", "02", "04", "ff"};
    for (size_t i = 0; i < sizeof bad_types / sizeof *bad_types; i++) {
        char hex[64] = "";
        strcat(hex, bad_types[i]);
        strcat(hex, " 00 1d 01 09 08 04 00 01 aa");
        assert_int_equal(server_key_exchange_parse(body_hex(hex), &ske), WARD_E_ILLEGAL_PARAMETER);
    }
    /* the curve type is refused even when nothing follows it */
    assert_int_equal(server_key_exchange_parse(body_hex("01"), &ske), WARD_E_ILLEGAL_PARAMETER);
    assert_int_equal(server_key_exchange_parse(body_hex(""), &ske), WARD_E_DECODE);
    /* empty signature */
    assert_int_equal(server_key_exchange_parse(body_hex("03 00 1d 01 09 08 04 00 00"), &ske),
                     WARD_E_DECODE);
    /* no signature at all (an anonymous ServerKeyExchange) */
    assert_int_equal(server_key_exchange_parse(body_hex("03 00 1d 01 09"), &ske), WARD_E_DECODE);
    /* empty point */
    assert_int_equal(server_key_exchange_parse(body_hex("03 00 1d 00 08 04 00 01 aa"), &ske),
                     WARD_E_DECODE);
    /* overlong point and signature lengths */
    assert_int_equal(server_key_exchange_parse(body_hex("03 00 1d 09 09 08 04 00 01 aa"), &ske),
                     WARD_E_DECODE);
    assert_int_equal(server_key_exchange_parse(body_hex("03 00 1d 01 09 08 04 00 02 aa"), &ske),
                     WARD_E_DECODE);
    assert_int_equal(server_key_exchange_parse(body_hex("03 00 1d 01 09 08 04 ff ff aa"), &ske),
                     WARD_E_DECODE);
    /* trailing */
    assert_int_equal(server_key_exchange_parse(body_hex("03 00 1d 01 09 08 04 00 01 aa 00"), &ske),
                     WARD_E_TRAILING_BYTES);
    assert_int_equal(server_key_exchange_parse(body_hex("03 00 1d 01 09 08 04 00 01 aa"), &ske),
                     WARD_OK);

    /* the writer refuses what it cannot encode, writing nothing */
    static const uint8_t sig[1] = {1};
    begin_write();
    assert_int_equal(server_key_exchange_write(&g_w, 0x1d, k_pub, 0, 0x0804, sig, 1),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(server_key_exchange_write(&g_w, 0x1d, NULL, 32, 0x0804, sig, 1),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(server_key_exchange_write(&g_w, 0x1d, k_big, 256, 0x0804, sig, 1),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(server_key_exchange_write(&g_w, 0x1d, k_pub, 32, 0x0804, sig, 0),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(server_key_exchange_write(&g_w, 0x1d, k_pub, 32, 0x0804, NULL, 1),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(server_key_exchange_write(&g_w, 0x1d, k_pub, 32, 0x0804, k_big, 0x10000),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(g_w.len, 0);
    assert_int_equal(writer_finish(&g_w), WARD_OK);

    /* ske_params_write: a bad point makes the writer fail, sticky */
    ske_params_write(&g_w, 0x1d, k_pub, 0);
    assert_int_equal(writer_finish(&g_w), WARD_E_INVALID_ARGUMENT);
    begin_write();
    ske_params_write(&g_w, 0x1d, k_big, 256);
    assert_int_equal(writer_finish(&g_w), WARD_E_INVALID_ARGUMENT);
}

/* ---- ClientKeyExchange ---- */

struct cke_out {
    const uint8_t *pub;
    size_t len;
};

static int cke_parse(reader body, void *out)
{
    struct cke_out *o = out;
    return client_key_exchange_ecdhe_parse(body, &o->pub, &o->len);
}

static void test_cke(void **state)
{
    (void)state;
    struct cke_out o;
    begin_write();
    reader body = end_write(client_key_exchange_ecdhe_write(&g_w, k_pub, sizeof k_pub),
                            HS_CLIENT_KEY_EXCHANGE);
    assert_int_equal(cke_parse(body, &o), WARD_OK);
    assert_int_equal(o.len, 32);
    assert_memory_equal(o.pub, k_pub, 32);
    check_cuts(body, cke_parse, &o, WARD_E_DECODE);

    assert_int_equal(cke_parse(body_hex(""), &o), WARD_E_DECODE);
    assert_int_equal(cke_parse(body_hex("00"), &o), WARD_E_DECODE); /* ecdh_Yc<1..> */
    assert_int_equal(cke_parse(body_hex("05 01 02"), &o), WARD_E_DECODE);
    assert_int_equal(cke_parse(body_hex("01 02 03"), &o), WARD_E_TRAILING_BYTES);

    begin_write();
    assert_int_equal(client_key_exchange_ecdhe_write(&g_w, k_pub, 0), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(client_key_exchange_ecdhe_write(&g_w, NULL, 1), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(client_key_exchange_ecdhe_write(&g_w, k_big, 256), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(g_w.len, 0);
    assert_int_equal(client_key_exchange_ecdhe_write(&g_w, k_big, 255), WARD_OK);
}

/* ---- ClientKeyExchange with a 2-byte length (DHE, RSA) ---- */

static int cke_dhe_parse(reader body, void *out)
{
    struct cke_out *o = out;
    return client_key_exchange_dhe_parse(body, &o->pub, &o->len);
}

static int cke_rsa_parse(reader body, void *out)
{
    struct cke_out *o = out;
    return client_key_exchange_rsa_parse(body, &o->pub, &o->len);
}

static void test_cke_u16(void **state)
{
    (void)state;
    struct cke_out o;
    begin_write();
    reader body =
        end_write(client_key_exchange_u16_write(&g_w, k_pub, sizeof k_pub), HS_CLIENT_KEY_EXCHANGE);
    assert_int_equal(reader_left(&body), 2 + 32);
    parse_fn fns[2] = {cke_dhe_parse, cke_rsa_parse};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(fns[i](body, &o), WARD_OK);
        assert_int_equal(o.len, 32);
        assert_memory_equal(o.pub, k_pub, 32);
        check_cuts(body, fns[i], &o, WARD_E_DECODE);
        assert_int_equal(fns[i](body_hex(""), &o), WARD_E_DECODE);
        assert_int_equal(fns[i](body_hex("00"), &o), WARD_E_DECODE);
        assert_int_equal(fns[i](body_hex("00 05 01 02"), &o), WARD_E_DECODE); /* overlong */
        assert_int_equal(fns[i](body_hex("00 01 02 03"), &o), WARD_E_TRAILING_BYTES);
    }
    /* dh_Yc<1..2^16-1>; an empty RSA ciphertext is for the key exchange to judge. */
    assert_int_equal(cke_dhe_parse(body_hex("00 00"), &o), WARD_E_DECODE);
    assert_int_equal(cke_rsa_parse(body_hex("00 00"), &o), WARD_OK);
    assert_int_equal(o.len, 0);

    begin_write();
    assert_int_equal(client_key_exchange_u16_write(&g_w, k_pub, 0), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(client_key_exchange_u16_write(&g_w, k_big, 65536), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(g_w.len, 0);
}

/* ---- ServerKeyExchange for DHE ---- */

struct ske_dhe_out {
    server_dh_params dh;
    server_key_exchange ske;
};

static int ske_dhe_parse(reader body, void *out)
{
    struct ske_dhe_out *o = out;
    return server_key_exchange_dhe_parse(body, &o->dh, &o->ske);
}

static void test_ske_dhe(void **state)
{
    (void)state;
    static const uint8_t p[3] = {0xff, 0xff, 0xfb}, g[1] = {2}, ys[2] = {0x12, 0x34};
    const server_dh_params dh = {.p = p, .g = g, .ys = ys, .p_len = 3, .g_len = 1, .ys_len = 2};
    struct ske_dhe_out o;
    begin_write();
    reader body = end_write(server_key_exchange_dhe_write(&g_w, &dh, 0x0804, k_pub, sizeof k_pub),
                            HS_SERVER_KEY_EXCHANGE);
    assert_int_equal(ske_dhe_parse(body, &o), WARD_OK);
    assert_int_equal(o.dh.p_len, 3);
    assert_memory_equal(o.dh.p, p, 3);
    assert_int_equal(o.dh.g_len, 1);
    assert_int_equal(o.dh.ys_len, 2);
    assert_memory_equal(o.dh.ys, ys, 2);
    assert_int_equal(o.ske.scheme, 0x0804);
    assert_int_equal(o.ske.params_len, 2 + 3 + 2 + 1 + 2 + 2);
    check_cuts(body, ske_dhe_parse, &o, WARD_E_DECODE);

    assert_int_equal(ske_dhe_parse(body_hex(""), &o), WARD_E_DECODE);
    /* An empty dh_p, dh_g or dh_Ys, or an empty signature. */
    assert_int_equal(ske_dhe_parse(body_hex("0000 0001 02 0001 05 0804 0001 aa"), &o),
                     WARD_E_DECODE);
    assert_int_equal(ske_dhe_parse(body_hex("0001 17 0000 0001 05 0804 0001 aa"), &o),
                     WARD_E_DECODE);
    assert_int_equal(ske_dhe_parse(body_hex("0001 17 0001 02 0000 0804 0001 aa"), &o),
                     WARD_E_DECODE);
    assert_int_equal(ske_dhe_parse(body_hex("0001 17 0001 02 0001 05 0804 0000"), &o),
                     WARD_E_DECODE);
    /* dh_p claiming more than the message holds. */
    assert_int_equal(ske_dhe_parse(body_hex("00ff 17 0001 02 0001 05 0804 0001 aa"), &o),
                     WARD_E_DECODE);
    assert_int_equal(ske_dhe_parse(body_hex("0001 17 0001 02 0001 05 0804 0001 aa 00"), &o),
                     WARD_E_TRAILING_BYTES);
}

/* ---- Certificate (TLS 1.2) ---- */

static void test_cert12_round_trip(void **state)
{
    (void)state;
    static const uint8_t c1[3] = {0x30, 0x01, 0x00}, c2[1] = {0x30};
    const uint8_t *der[2] = {c1, c2};
    size_t lens[2] = {sizeof c1, sizeof c2};
    certificate_msg cm;
    begin_write();
    reader body = end_write(certificate12_write(&g_w, der, lens, 2), HS_CERTIFICATE);
    /* 3-byte list length, then a 3-byte length per certificate and nothing else */
    assert_int_equal(reader_left(&body), 3 + 3 + 3 + 3 + 1);
    assert_int_equal(certificate12_parse(body, &cm), WARD_OK);
    assert_int_equal(cm.n, 2);
    assert_int_equal(reader_left(&cm.context), 0);
    assert_int_equal(cm.der_len[0], 3);
    assert_memory_equal(cm.der[0], c1, 3);
    assert_int_equal(cm.der_len[1], 1);
    assert_memory_equal(cm.der[1], c2, 1);
    check_cuts(body, cert12_parse, &cm, WARD_E_DECODE);

    /* the empty list: a client without a certificate (RFC 5246 7.4.6) */
    begin_write();
    body = end_write(certificate12_write(&g_w, NULL, NULL, 0), HS_CERTIFICATE);
    assert_int_equal(reader_left(&body), 3);
    assert_int_equal(certificate12_parse(body, &cm), WARD_OK);
    assert_int_equal(cm.n, 0);
}

static void test_cert12_errors(void **state)
{
    (void)state;
    certificate_msg cm;
    assert_int_equal(certificate12_parse(body_hex(""), &cm), WARD_E_DECODE);
    /* an empty ASN.1Cert */
    assert_int_equal(certificate12_parse(body_hex("00 00 03 00 00 00"), &cm), WARD_E_DECODE);
    assert_int_equal(certificate12_parse(body_hex("00 00 07 00 00 01 30 00 00 00"), &cm),
                     WARD_E_DECODE);
    /* overlong list and entry lengths */
    assert_int_equal(certificate12_parse(body_hex("00 00 05 00 00 01 30"), &cm), WARD_E_DECODE);
    assert_int_equal(certificate12_parse(body_hex("00 00 04 00 00 02 30"), &cm), WARD_E_DECODE);
    assert_int_equal(certificate12_parse(body_hex("ff ff ff"), &cm), WARD_E_DECODE);
    /* a short list length leaves the rest as trailing bytes */
    assert_int_equal(certificate12_parse(body_hex("00 00 00 00 00 01 30"), &cm),
                     WARD_E_TRAILING_BYTES);
    /* a TLS 1.3 Certificate (context byte, entry extensions) is not a 1.2 one:
     * its context and list length read as an empty list, then trailing bytes */
    assert_int_equal(certificate12_parse(body_hex("00 00 00 06 00 00 01 30 00 00"), &cm),
                     WARD_E_TRAILING_BYTES);

    /* too long a chain is bad_certificate, once the whole list parsed */
    uint8_t one[1] = {0x30};
    const uint8_t *der[CERT_MAX_CHAIN + 1];
    size_t lens[CERT_MAX_CHAIN + 1];
    for (size_t i = 0; i <= CERT_MAX_CHAIN; i++)
        der[i] = one, lens[i] = 1;
    begin_write();
    reader body = end_write(certificate12_write(&g_w, der, lens, CERT_MAX_CHAIN), HS_CERTIFICATE);
    assert_int_equal(certificate12_parse(body, &cm), WARD_OK);
    assert_int_equal(cm.n, CERT_MAX_CHAIN);
    begin_write();
    body = end_write(certificate12_write(&g_w, der, lens, CERT_MAX_CHAIN + 1), HS_CERTIFICATE);
    assert_int_equal(certificate12_parse(body, &cm), WARD_E_BAD_CERTIFICATE);
    /* ... but a malformed long list is decode_error */
    assert_int_equal(certificate12_parse(reader_of(reader_ptr(&body), reader_left(&body) - 1), &cm),
                     WARD_E_DECODE);

    begin_write();
    lens[1] = 0;
    assert_int_equal(certificate12_write(&g_w, der, lens, 2), WARD_E_INVALID_ARGUMENT);
    lens[1] = 1, der[1] = NULL;
    assert_int_equal(certificate12_write(&g_w, der, lens, 2), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(g_w.len, 0);
}

/* ---- CertificateRequest (TLS 1.2) ---- */

static int cr12_parse(reader body, void *out)
{
    return certificate_request12_parse(body, out);
}

static void test_cr12_round_trip(void **state)
{
    (void)state;
    static const uint8_t types[2] = {1, 64}; /* rsa_sign, ecdsa_sign */
    static const uint16_t sigalgs[3] = {0x0804, 0x0403, 0x0401};
    static const uint8_t dn1[4] = {0x30, 0x02, 0x31, 0x00}, dn2[2] = {0x30, 0x00};
    const uint8_t *cas[2] = {dn1, dn2};
    size_t ca_lens[2] = {sizeof dn1, sizeof dn2};
    certificate_request12 cr;
    begin_write();
    reader body =
        end_write(certificate_request12_write(&g_w, types, 2, sigalgs, 3, cas, ca_lens, 2),
                  HS_CERTIFICATE_REQUEST);
    assert_int_equal(certificate_request12_parse(body, &cr), WARD_OK);
    assert_int_equal(reader_left(&cr.cert_types), 2);
    assert_memory_equal(reader_ptr(&cr.cert_types), types, 2);
    assert_int_equal(reader_left(&cr.sigalgs), 6);
    reader list = cr.sigalgs;
    uint16_t v;
    for (size_t i = 0; i < 3; i++) {
        assert_true(u16_list_next(&list, &v));
        assert_int_equal(v, sigalgs[i]);
    }
    assert_false(u16_list_next(&list, &v));
    assert_int_equal(reader_left(&cr.cas), 2 + 4 + 2 + 2);
    reader cas_r = cr.cas, name;
    assert_int_equal(reader_u16_prefixed(&cas_r, &name), WARD_OK);
    assert_memory_equal(reader_ptr(&name), dn1, 4);
    assert_int_equal(reader_u16_prefixed(&cas_r, &name), WARD_OK);
    assert_memory_equal(reader_ptr(&name), dn2, 2);
    assert_true(reader_empty(&cas_r));
    check_cuts(body, cr12_parse, &cr, WARD_E_DECODE);

    /* no certificate_authorities: any CA is acceptable */
    begin_write();
    body = end_write(certificate_request12_write(&g_w, types, 1, sigalgs, 1, NULL, NULL, 0),
                     HS_CERTIFICATE_REQUEST);
    assert_int_equal(certificate_request12_parse(body, &cr), WARD_OK);
    assert_int_equal(reader_left(&cr.cert_types), 1);
    assert_int_equal(reader_left(&cr.sigalgs), 2);
    assert_int_equal(reader_left(&cr.cas), 0);
    check_cuts(body, cr12_parse, &cr, WARD_E_DECODE);
}

static void test_cr12_errors(void **state)
{
    (void)state;
    certificate_request12 cr;
    assert_int_equal(certificate_request12_parse(body_hex("01 01 00 02 04 03 00 00"), &cr),
                     WARD_OK);
    /* empty certificate_types<1..> */
    assert_int_equal(certificate_request12_parse(body_hex("00 00 02 04 03 00 00"), &cr),
                     WARD_E_DECODE);
    /* empty and odd supported_signature_algorithms<2..2^16-2> */
    assert_int_equal(certificate_request12_parse(body_hex("01 01 00 00 00 00"), &cr),
                     WARD_E_DECODE);
    assert_int_equal(certificate_request12_parse(body_hex("01 01 00 03 04 03 01 00 00"), &cr),
                     WARD_E_DECODE);
    /* an empty DistinguishedName<1..> */
    assert_int_equal(certificate_request12_parse(body_hex("01 01 00 02 04 03 00 02 00 00"), &cr),
                     WARD_E_DECODE);
    /* a DistinguishedName longer than the list, and a list longer than the body */
    assert_int_equal(certificate_request12_parse(body_hex("01 01 00 02 04 03 00 03 00 02 30"), &cr),
                     WARD_E_DECODE);
    assert_int_equal(certificate_request12_parse(body_hex("01 01 00 02 04 03 00 05 00 01 30"), &cr),
                     WARD_E_DECODE);
    /* overlong certificate_types */
    assert_int_equal(certificate_request12_parse(body_hex("09 01 00 02 04 03 00 00"), &cr),
                     WARD_E_DECODE);
    /* missing certificate_authorities entirely */
    assert_int_equal(certificate_request12_parse(body_hex("01 01 00 02 04 03"), &cr),
                     WARD_E_DECODE);
    /* trailing */
    assert_int_equal(certificate_request12_parse(body_hex("01 01 00 02 04 03 00 00 00"), &cr),
                     WARD_E_TRAILING_BYTES);
    /* the TLS 1.3 form (context, then extensions) does not parse as 1.2 */
    assert_int_equal(certificate_request12_parse(body_hex("00 00 08 00 0d 00 04 00 02 08 04"), &cr),
                     WARD_E_DECODE);

    static const uint8_t types[1] = {1};
    static const uint16_t sigalgs[1] = {0x0804};
    const uint8_t *cas[2] = {k_big, k_big};
    size_t ca_lens[2] = {1, 0};
    begin_write();
    assert_int_equal(certificate_request12_write(&g_w, types, 0, sigalgs, 1, NULL, NULL, 0),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(certificate_request12_write(&g_w, k_big, 256, sigalgs, 1, NULL, NULL, 0),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(certificate_request12_write(&g_w, types, 1, sigalgs, 0, NULL, NULL, 0),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(certificate_request12_write(&g_w, types, 1, sigalgs, 1, cas, ca_lens, 2),
                     WARD_E_INVALID_ARGUMENT); /* an empty name */
    ca_lens[1] = 0x10000;
    assert_int_equal(certificate_request12_write(&g_w, types, 1, sigalgs, 1, cas, ca_lens, 2),
                     WARD_E_INVALID_ARGUMENT); /* a name too long */
    ca_lens[0] = 0x8000, ca_lens[1] = 0x8000;
    assert_int_equal(certificate_request12_write(&g_w, types, 1, sigalgs, 1, cas, ca_lens, 2),
                     WARD_E_INVALID_ARGUMENT); /* names too long together */
    assert_int_equal(g_w.len, 0);
    ca_lens[0] = 0x7ffd, ca_lens[1] = 0x7ffe; /* exactly 0xffff with prefixes */
    static uint8_t big[0x10000 + 64];
    writer w;
    writer_init_fixed(&w, big, sizeof big);
    assert_int_equal(certificate_request12_write(&w, types, 1, sigalgs, 1, cas, ca_lens, 2),
                     WARD_OK);
    assert_int_equal(certificate_request12_parse(reader_of(big + 4, w.len - 4), &cr), WARD_OK);
    assert_int_equal(reader_left(&cr.cas), 0xffff);
}

/* ---- ServerHelloDone, HelloRequest ---- */

static void test_empty_messages(void **state)
{
    (void)state;
    static const uint8_t shd[4] = {14, 0, 0, 0}, hr[4] = {0, 0, 0, 0};
    begin_write();
    reader body = end_write(server_hello_done_write(&g_w), HS_SERVER_HELLO_DONE);
    assert_int_equal(g_msg_len, 4);
    assert_memory_equal(g_msg, shd, 4);
    assert_int_equal(server_hello_done_parse(body), WARD_OK);
    begin_write();
    body = end_write(hello_request_write(&g_w), HS_HELLO_REQUEST);
    assert_int_equal(g_msg_len, 4);
    assert_memory_equal(g_msg, hr, 4);
    assert_int_equal(hello_request_parse(body), WARD_OK);

    assert_int_equal(server_hello_done_parse(body_hex("00")), WARD_E_DECODE);
    assert_int_equal(server_hello_done_parse(body_hex("00 00 00 00")), WARD_E_DECODE);
    assert_int_equal(hello_request_parse(body_hex("00")), WARD_E_DECODE);
    assert_int_equal(hello_request_parse(body_hex("01 02")), WARD_E_DECODE);

    /* a writer with no room reports it */
    uint8_t tiny[3];
    writer w;
    writer_init_fixed(&w, tiny, sizeof tiny);
    assert_int_not_equal(server_hello_done_write(&w), WARD_OK);
}

/* ---- NewSessionTicket (TLS 1.2) ---- */

static int nst12_parse(reader body, void *out)
{
    return new_session_ticket12_parse(body, out);
}

static void test_nst12(void **state)
{
    (void)state;
    static const uint8_t ticket[5] = {9, 8, 7, 6, 5};
    new_session_ticket12 nst;
    begin_write();
    reader body = end_write(new_session_ticket12_write(&g_w, 0x01020304, ticket, sizeof ticket),
                            HS_NEW_SESSION_TICKET);
    assert_int_equal(new_session_ticket12_parse(body, &nst), WARD_OK);
    assert_int_equal(nst.lifetime_hint, 0x01020304);
    assert_int_equal(reader_left(&nst.ticket), 5);
    assert_memory_equal(reader_ptr(&nst.ticket), ticket, 5);
    check_cuts(body, nst12_parse, &nst, WARD_E_DECODE);

    /* RFC 5077 3.3: the empty ticket of a server that changed its mind */
    begin_write();
    body = end_write(new_session_ticket12_write(&g_w, 0, NULL, 0), HS_NEW_SESSION_TICKET);
    assert_int_equal(reader_left(&body), 6);
    assert_int_equal(new_session_ticket12_parse(body, &nst), WARD_OK);
    assert_int_equal(nst.lifetime_hint, 0);
    assert_int_equal(reader_left(&nst.ticket), 0);
    check_cuts(body, nst12_parse, &nst, WARD_E_DECODE);

    assert_int_equal(new_session_ticket12_parse(body_hex("00 00 00 01 00 03 aa bb"), &nst),
                     WARD_E_DECODE);
    /* a TLS 1.3 NewSessionTicket is not a 1.2 one: its age_add reads as an
     * overlong ticket length */
    assert_int_equal(
        new_session_ticket12_parse(body_hex("00 00 00 1e fa d6 aa c5 00 00 01 aa 00 00"), &nst),
        WARD_E_DECODE);

    begin_write();
    assert_int_equal(new_session_ticket12_write(&g_w, 1, k_big, 0x10000), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(new_session_ticket12_write(&g_w, 1, NULL, 1), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(g_w.len, 0);
}

/* ---- CertificateVerify and Finished, reused for TLS 1.2 ---- */

static void test_cv_finished_reuse(void **state)
{
    (void)state;
    static const uint8_t sig[2] = {1, 2};
    static const uint8_t vd[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    certificate_verify cv;
    begin_write();
    reader body = end_write(certificate_verify_write(&g_w, 0x0401, sig, 2), HS_CERTIFICATE_VERIFY);
    assert_int_equal(certificate_verify_parse(body, &cv), WARD_OK);
    assert_int_equal(cv.scheme, 0x0401); /* rsa_pkcs1_sha256, legal in TLS 1.2 */
    const uint8_t *got;
    begin_write();
    body = end_write(finished_write(&g_w, vd, 12), HS_FINISHED);
    assert_int_equal(finished_parse(body, 12, &got), WARD_OK);
    assert_memory_equal(got, vd, 12);
    assert_int_equal(finished_parse(reader_of(vd, 11), 12, &got), WARD_E_DECODE);
}

/* ---- TLS 1.2 ServerHello writer ---- */

static server_hello_params sh12_params(void)
{
    server_hello_params p;
    memset(&p, 0, sizeof p);
    for (size_t i = 0; i < 32; i++)
        p.random[i] = (uint8_t)i;
    /* RFC 8446 4.1.3: the sentinel of a TLS 1.3 server negotiating TLS 1.2 */
    memcpy(p.random + 24, "DOWNGRD\x01", 8);
    p.session_id = k_pub, p.session_id_len = 32;
    p.suite = 0xc02f;
    p.tls12 = true;
    return p;
}

static int sh_write_parse(const server_hello_params *p, server_hello *sh)
{
    begin_write();
    int rc = server_hello_write(&g_w, p);
    if (rc != WARD_OK)
        return rc;
    g_msg_len = g_w.len;
    return server_hello_parse(split(HS_SERVER_HELLO), sh);
}

static void test_sh12_all_extensions(void **state)
{
    (void)state;
    static const uint8_t reneg[24] = {0xc1, 0xc2, 0xc3, [12] = 0x51, [23] = 0x5f};
    server_hello_params p = sh12_params();
    p.ems = p.reneg_info = p.point_formats = p.session_ticket = p.sni_ack = true;
    p.reneg_data = reneg, p.reneg_len = sizeof reneg;
    p.alpn = (const uint8_t *)"h2", p.alpn_len = 2;
    p.heartbeat = true, p.heartbeat_mode = 2;
    /* TLS 1.3 fields are ignored */
    p.version = VERSION_TLS13;
    p.share_group = 0x1d, p.share_key = k_pub, p.share_key_len = 32;
    server_hello sh;
    assert_int_equal(sh_write_parse(&p, &sh), WARD_OK);
    assert_int_equal(sh.legacy_version, VERSION_TLS12);
    assert_memory_equal(sh.random, p.random, 32);
    assert_int_equal(sh.session_id_len, 32);
    assert_memory_equal(sh.session_id, k_pub, 32);
    assert_int_equal(sh.suite, 0xc02f);
    assert_int_equal(sh.compression, 0);
    assert_true(sh.has_reneg_info);
    assert_int_equal(reader_left(&sh.reneg_info), 24);
    assert_memory_equal(reader_ptr(&sh.reneg_info), reneg, 24);
    assert_true(sh.has_server_name && sh.has_session_ticket && sh.has_ems);
    assert_true(sh.has_point_formats && reader_left(&sh.point_formats) == 1);
    assert_int_equal(reader_ptr(&sh.point_formats)[0], 0);
    assert_true(sh.has_alpn && bytes_are(sh.alpn, "h2"));
    assert_true(sh.has_heartbeat && sh.heartbeat_mode == 2);
    assert_false(sh.has_versions || sh.has_key_share || sh.has_etm);

    /* the bytes, in the order of the notes' capture */
    uint8_t want[256];
    size_t n = unhex("ff01 0019 18 c1c2c3 000000000000000000 51 00000000000000000000 5f"
                     "0000 0000"
                     "000b 0002 01 00"
                     "0023 0000"
                     "0010 0005 0003 02 6832"
                     "0017 0000"
                     "000f 0001 02",
                     want, sizeof want);
    size_t fixed = 4 + 2 + 32 + 1 + 32 + 2 + 1;
    assert_int_equal(g_msg_len, fixed + 2 + n);
    assert_int_equal(g_msg[fixed] << 8 | g_msg[fixed + 1], n);
    assert_memory_equal(g_msg + fixed + 2, want, n);
}

static void test_sh12_each_extension(void **state)
{
    (void)state;
    server_hello sh;
    server_hello_params p = sh12_params();

    /* none: the message ends after the compression method */
    assert_int_equal(sh_write_parse(&p, &sh), WARD_OK);
    assert_int_equal(g_msg_len, 4 + 2 + 32 + 1 + 32 + 2 + 1);
    assert_false(sh.has_reneg_info || sh.has_ems || sh.has_point_formats || sh.has_alpn ||
                 sh.has_session_ticket || sh.has_server_name || sh.has_heartbeat);

    p = sh12_params();
    p.reneg_info = true; /* initial handshake: empty renegotiated_connection */
    assert_int_equal(sh_write_parse(&p, &sh), WARD_OK);
    assert_true(sh.has_reneg_info && reader_left(&sh.reneg_info) == 0);
    assert_false(sh.has_ems || sh.has_point_formats);

    p = sh12_params();
    p.ems = true;
    assert_int_equal(sh_write_parse(&p, &sh), WARD_OK);
    assert_true(sh.has_ems && !sh.has_reneg_info);

    p = sh12_params();
    p.point_formats = true;
    assert_int_equal(sh_write_parse(&p, &sh), WARD_OK);
    assert_true(sh.has_point_formats && !sh.has_ems);

    p = sh12_params();
    p.session_ticket = true;
    assert_int_equal(sh_write_parse(&p, &sh), WARD_OK);
    assert_true(sh.has_session_ticket && !sh.has_point_formats);

    p = sh12_params();
    p.sni_ack = true;
    assert_int_equal(sh_write_parse(&p, &sh), WARD_OK);
    assert_true(sh.has_server_name && !sh.has_session_ticket);

    p = sh12_params();
    p.alpn = (const uint8_t *)"http/1.1", p.alpn_len = 8;
    assert_int_equal(sh_write_parse(&p, &sh), WARD_OK);
    assert_true(sh.has_alpn && bytes_are(sh.alpn, "http/1.1") && !sh.has_server_name);

    p = sh12_params();
    p.heartbeat = true, p.heartbeat_mode = 1;
    assert_int_equal(sh_write_parse(&p, &sh), WARD_OK);
    assert_true(sh.has_heartbeat && sh.heartbeat_mode == 1 && !sh.has_alpn);

    /* the longest renegotiated_connection: 255 bytes */
    p = sh12_params();
    p.reneg_info = true, p.reneg_data = k_big, p.reneg_len = 255;
    assert_int_equal(sh_write_parse(&p, &sh), WARD_OK);
    assert_int_equal(reader_left(&sh.reneg_info), 255);
}

static void test_sh12_bad_params(void **state)
{
    (void)state;
    server_hello sh;
    server_hello_params p = sh12_params();
    p.is_hrr = true;
    assert_int_equal(sh_write_parse(&p, &sh), WARD_E_INVALID_ARGUMENT);
    p = sh12_params();
    p.reneg_info = true, p.reneg_data = k_big, p.reneg_len = 256;
    assert_int_equal(sh_write_parse(&p, &sh), WARD_E_INVALID_ARGUMENT);
    p.reneg_data = NULL, p.reneg_len = 12;
    assert_int_equal(sh_write_parse(&p, &sh), WARD_E_INVALID_ARGUMENT);
    p = sh12_params();
    p.alpn = (const uint8_t *)"", p.alpn_len = 0;
    assert_int_equal(sh_write_parse(&p, &sh), WARD_E_INVALID_ARGUMENT);
    p.alpn = k_big, p.alpn_len = 256;
    assert_int_equal(sh_write_parse(&p, &sh), WARD_E_INVALID_ARGUMENT);
    p = sh12_params();
    p.heartbeat = true, p.heartbeat_mode = 0;
    assert_int_equal(sh_write_parse(&p, &sh), WARD_E_INVALID_ARGUMENT);
    p.heartbeat_mode = 3;
    assert_int_equal(sh_write_parse(&p, &sh), WARD_E_INVALID_ARGUMENT);
    p = sh12_params();
    p.session_id_len = 33;
    assert_int_equal(sh_write_parse(&p, &sh), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(g_w.len, 0);
}

/* ---- TLS 1.2 extensions in received hellos ---- */

/* A TLS 1.2 ServerHello body whose extension block holds `exts` (hex). */
static reader sh12_with(const char *exts)
{
    char hex[1024];
    snprintf(hex, sizeof hex,
             "0303 0000000000000000000000000000000000000000000000000000000000000000 00 c02f 00"
             "%04zx %s",
             unhex(exts, g_msg, sizeof g_msg), exts);
    return body_hex(hex);
}

static void test_sh12_parse_errors(void **state)
{
    (void)state;
    server_hello sh;
    assert_int_equal(server_hello_parse(sh12_with("ff01 0001 00"), &sh), WARD_OK);
    assert_int_equal(server_hello_parse(sh12_with("ff01 0003 02 aa bb"), &sh), WARD_OK);
    assert_int_equal(reader_left(&sh.reneg_info), 2);
    assert_int_equal(reader_ptr(&sh.reneg_info)[0], 0xaa);
    /* renegotiation_info: renegotiated_connection<0..255> must fill the body */
    assert_int_equal(server_hello_parse(sh12_with("ff01 0000"), &sh), WARD_E_DECODE);
    assert_int_equal(server_hello_parse(sh12_with("ff01 0002 02 aa"), &sh), WARD_E_DECODE);
    assert_int_equal(server_hello_parse(sh12_with("ff01 0002 00 aa"), &sh), WARD_E_TRAILING_BYTES);
    /* ec_point_formats<1..2^8-1> */
    assert_int_equal(server_hello_parse(sh12_with("000b 0001 00"), &sh), WARD_E_DECODE);
    assert_int_equal(server_hello_parse(sh12_with("000b 0000"), &sh), WARD_E_DECODE);
    assert_int_equal(server_hello_parse(sh12_with("000b 0002 02 00"), &sh), WARD_E_DECODE);
    /* the flags are empty */
    assert_int_equal(server_hello_parse(sh12_with("0017 0001 00"), &sh), WARD_E_TRAILING_BYTES);
    assert_int_equal(server_hello_parse(sh12_with("0023 0001 00"), &sh), WARD_E_TRAILING_BYTES);
    assert_int_equal(server_hello_parse(sh12_with("0000 0001 00"), &sh), WARD_E_TRAILING_BYTES);
    /* heartbeat */
    assert_int_equal(server_hello_parse(sh12_with("000f 0001 03"), &sh), WARD_E_ILLEGAL_PARAMETER);
    assert_int_equal(server_hello_parse(sh12_with("000f 0000"), &sh), WARD_E_DECODE);
    /* no TLS 1.3-only extension in a TLS 1.2 ServerHello */
    assert_int_equal(server_hello_parse(sh12_with("0033 0024 001d 0020 "
                                                  "0000000000000000000000000000000000000000000000"
                                                  "000000000000000000"),
                                        &sh),
                     WARD_E_EXTENSION_NOT_ALLOWED);
    assert_int_equal(server_hello_parse(sh12_with("0017 0000 0017 0000"), &sh),
                     WARD_E_DUPLICATE_EXTENSION);
}

/* A ClientHello body with the SCSVs among its suites and `exts` (hex) as its
 * extension block. */
static reader ch_with(const char *exts)
{
    char hex[1024];
    snprintf(hex, sizeof hex,
             "0303 0000000000000000000000000000000000000000000000000000000000000000 00"
             "0006 c02f 00ff 5600 01 00 %04zx %s",
             unhex(exts, g_msg, sizeof g_msg), exts);
    return body_hex(hex);
}

static void test_ch12_parse(void **state)
{
    (void)state;
    client_hello ch;
    assert_int_equal(client_hello_parse(ch_with("ff01 0001 00 0017 0000 000f 0001 01 "
                                                "000b 0002 01 00 0023 0003 aabbcc"),
                                        &ch),
                     WARD_OK);
    /* RFC 5746 3.3, RFC 7507 3: the signalling suites are the handshake's to see */
    assert_true(u16_list_contains(ch.suites, 0x00ff));
    assert_true(u16_list_contains(ch.suites, 0x5600));
    assert_true(ch.has_reneg_info && reader_left(&ch.reneg_info) == 0);
    assert_true(ch.has_ems);
    assert_true(ch.has_heartbeat && ch.heartbeat_mode == 1);
    assert_true(ch.has_point_formats && reader_left(&ch.point_formats) == 1);
    assert_true(ch.has_session_ticket && reader_left(&ch.session_ticket) == 3);
    assert_int_equal(reader_ptr(&ch.session_ticket)[2], 0xcc);

    /* renegotiated_connection: the inner bytes */
    assert_int_equal(client_hello_parse(ch_with("ff01 0004 03 010203"), &ch), WARD_OK);
    assert_int_equal(reader_left(&ch.reneg_info), 3);
    assert_int_equal(reader_ptr(&ch.reneg_info)[0], 1);
    assert_int_equal(client_hello_parse(ch_with("ff01 0000"), &ch), WARD_E_DECODE);
    assert_int_equal(client_hello_parse(ch_with("ff01 0001 01"), &ch), WARD_E_DECODE);
    assert_int_equal(client_hello_parse(ch_with("ff01 0002 00 00"), &ch), WARD_E_TRAILING_BYTES);
    /* ec_point_formats<1..255> */
    assert_int_equal(client_hello_parse(ch_with("000b 0001 00"), &ch), WARD_E_DECODE);
    assert_int_equal(client_hello_parse(ch_with("000b 0002 05 00"), &ch), WARD_E_DECODE);
    /* session_ticket: any bytes, even none */
    assert_int_equal(client_hello_parse(ch_with("0023 0000"), &ch), WARD_OK);
    assert_true(ch.has_session_ticket && reader_left(&ch.session_ticket) == 0);
    /* RFC 7627 5.1: extended_master_secret is empty */
    assert_int_equal(client_hello_parse(ch_with("0017 0001 00"), &ch), WARD_E_TRAILING_BYTES);
    /* RFC 6520 2: mode 1 or 2, one byte */
    assert_int_equal(client_hello_parse(ch_with("000f 0001 02"), &ch), WARD_OK);
    assert_int_equal(client_hello_parse(ch_with("000f 0001 00"), &ch), WARD_E_ILLEGAL_PARAMETER);
    assert_int_equal(client_hello_parse(ch_with("000f 0001 03"), &ch), WARD_E_ILLEGAL_PARAMETER);
    assert_int_equal(client_hello_parse(ch_with("000f 0000"), &ch), WARD_E_DECODE);
    assert_int_equal(client_hello_parse(ch_with("000f 0002 01 01"), &ch), WARD_E_TRAILING_BYTES);
}

static void test_ch12_write(void **state)
{
    (void)state;
    static const uint16_t suites[3] = {0xc02f, 0x00ff, 0x5600};
    static const uint8_t vd[12] = {0xf0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0xfb};
    client_hello_params p;
    memset(&p, 0, sizeof p);
    p.legacy_version = VERSION_TLS12;
    p.suites = suites, p.n_suites = 3;
    p.tls12_extensions = true;
    client_hello ch;

    /* the first handshake: empty renegotiation_info, no heartbeat */
    begin_write();
    reader body = end_write(client_hello_write(&g_w, &p), HS_CLIENT_HELLO);
    assert_int_equal(client_hello_parse(body, &ch), WARD_OK);
    assert_true(u16_list_contains(ch.suites, 0x00ff) && u16_list_contains(ch.suites, 0x5600));
    assert_true(ch.has_reneg_info && reader_left(&ch.reneg_info) == 0);
    assert_true(ch.has_ems && ch.has_point_formats && ch.has_session_ticket);
    assert_false(ch.has_heartbeat || ch.has_versions || ch.has_key_share);

    /* a renegotiation: the client's verify_data, and heartbeat */
    p.reneg_data = vd, p.reneg_len = sizeof vd;
    p.heartbeat = true, p.heartbeat_mode = 2;
    begin_write();
    body = end_write(client_hello_write(&g_w, &p), HS_CLIENT_HELLO);
    assert_int_equal(client_hello_parse(body, &ch), WARD_OK);
    assert_int_equal(reader_left(&ch.reneg_info), 12);
    assert_memory_equal(reader_ptr(&ch.reneg_info), vd, 12);
    assert_true(ch.has_heartbeat && ch.heartbeat_mode == 2);

    /* reneg_data only goes inside the TLS 1.2 block */
    p.tls12_extensions = false;
    begin_write();
    body = end_write(client_hello_write(&g_w, &p), HS_CLIENT_HELLO);
    assert_int_equal(client_hello_parse(body, &ch), WARD_OK);
    assert_false(ch.has_reneg_info || ch.has_ems);
    assert_true(ch.has_heartbeat);

    p.tls12_extensions = true;
    begin_write();
    p.heartbeat_mode = 0;
    assert_int_equal(client_hello_write(&g_w, &p), WARD_E_INVALID_ARGUMENT);
    p.heartbeat_mode = 1;
    p.reneg_data = k_big, p.reneg_len = 256;
    assert_int_equal(client_hello_write(&g_w, &p), WARD_E_INVALID_ARGUMENT);
    p.reneg_data = NULL, p.reneg_len = 1;
    assert_int_equal(client_hello_write(&g_w, &p), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(g_w.len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capture_server_hello),
        cmocka_unit_test(test_capture_client_hello),
        cmocka_unit_test(test_capture_server_key_exchange),
        cmocka_unit_test(test_capture_rest),
        cmocka_unit_test(test_ske_round_trip),
        cmocka_unit_test(test_ske_errors),
        cmocka_unit_test(test_cke),
        cmocka_unit_test(test_cke_u16),
        cmocka_unit_test(test_ske_dhe),
        cmocka_unit_test(test_cert12_round_trip),
        cmocka_unit_test(test_cert12_errors),
        cmocka_unit_test(test_cr12_round_trip),
        cmocka_unit_test(test_cr12_errors),
        cmocka_unit_test(test_empty_messages),
        cmocka_unit_test(test_nst12),
        cmocka_unit_test(test_cv_finished_reuse),
        cmocka_unit_test(test_sh12_all_extensions),
        cmocka_unit_test(test_sh12_each_extension),
        cmocka_unit_test(test_sh12_bad_params),
        cmocka_unit_test(test_sh12_parse_errors),
        cmocka_unit_test(test_ch12_parse),
        cmocka_unit_test(test_ch12_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
