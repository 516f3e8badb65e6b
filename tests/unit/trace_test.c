/* trace_test.c -- the trace printer: what it prints for hand-made messages,
 * and that no input, however broken, makes it crash or read out of bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/codec.h"
#include "crypto/crypto.h"
#include "msg/msg.h"
#include "ward.h"

/* Runs one trace event into a temporary file and returns what was printed. */
static char *trace_to_string(int dir, ward_trace_kind kind, const uint8_t *p, size_t n)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    ward_trace_print(f, dir, kind, p, n);
    long len = ftell(f);
    assert_true(len >= 0);
    char *s = calloc(1, (size_t)len + 1);
    assert_non_null(s);
    rewind(f);
    assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    return s;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (strstr(hay, needle) == NULL)
        fail_msg("expected \"%s\" in:\n%s", needle, hay);
}

static size_t ext_begin(writer *w, uint16_t type)
{
    writer_u16(w, type);
    return writer_open(w, 2);
}

/* A ClientHello as a browser or ward would send it. */
static void build_client_hello(writer *w)
{
    size_t m = msg_begin(w, HS_CLIENT_HELLO);
    writer_u16(w, 0x0303);
    for (int i = 0; i < 32; i++)
        writer_u8(w, (uint8_t)i);
    size_t v = writer_open(w, 1);
    writer_zeros(w, 32);
    writer_close(w, v);
    v = writer_open(w, 2);
    writer_u16(w, 0x7a7a);
    writer_u16(w, 0x1301);
    writer_u16(w, 0x1302);
    writer_u16(w, 0xc02f);
    writer_close(w, v);
    writer_u8(w, 1);
    writer_u8(w, 0);
    size_t exts = writer_open(w, 2);

    size_t e = ext_begin(w, EXT_SERVER_NAME);
    size_t list = writer_open(w, 2);
    writer_u8(w, 0);
    size_t name = writer_open(w, 2);
    writer_bytes(w, "localhost", 9);
    writer_close(w, name);
    writer_close(w, list);
    writer_close(w, e);

    e = ext_begin(w, EXT_SUPPORTED_GROUPS);
    list = writer_open(w, 2);
    writer_u16(w, 0x001d);
    writer_u16(w, 0x0017);
    writer_u16(w, 0x0018);
    writer_close(w, list);
    writer_close(w, e);

    e = ext_begin(w, EXT_KEY_SHARE);
    list = writer_open(w, 2);
    writer_u16(w, 0x001d);
    size_t key = writer_open(w, 2);
    writer_zeros(w, 32);
    writer_close(w, key);
    writer_close(w, list);
    writer_close(w, e);

    e = ext_begin(w, EXT_SUPPORTED_VERSIONS);
    list = writer_open(w, 1);
    writer_u16(w, 0x0304);
    writer_u16(w, 0x0303);
    writer_close(w, list);
    writer_close(w, e);

    e = ext_begin(w, EXT_ALPN);
    list = writer_open(w, 2);
    writer_u8(w, 2);
    writer_bytes(w, "h2", 2);
    writer_u8(w, 8);
    writer_bytes(w, "http/1.1", 8);
    writer_close(w, list);
    writer_close(w, e);

    e = ext_begin(w, EXT_SIGNATURE_ALGORITHMS);
    list = writer_open(w, 2);
    static const uint16_t schemes[] = {0x0403, 0x0503, 0x0804, 0x0805, 0x0806,
                                       0x0807, 0x0401, 0x0501, 0x0601};
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        writer_u16(w, schemes[i]);
    writer_close(w, list);
    writer_close(w, e);

    e = ext_begin(w, 0x0a0a); /* an empty GREASE extension */
    writer_close(w, e);
    writer_close(w, exts);
    msg_end(w, m);
}

static void build_server_hello(writer *w, bool hrr)
{
    static const uint8_t hrr_random[32] = {0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11,
                                           0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
                                           0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e,
                                           0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};
    size_t m = msg_begin(w, HS_SERVER_HELLO);
    writer_u16(w, 0x0303);
    if (hrr)
        writer_bytes(w, hrr_random, 32);
    else
        writer_zeros(w, 32);
    writer_u8(w, 0);
    writer_u16(w, 0x1301);
    writer_u8(w, 0);
    size_t exts = writer_open(w, 2);
    size_t e = ext_begin(w, EXT_SUPPORTED_VERSIONS);
    writer_u16(w, 0x0304);
    writer_close(w, e);
    e = ext_begin(w, EXT_KEY_SHARE);
    writer_u16(w, hrr ? 0x0017 : 0x001d);
    if (!hrr) {
        size_t key = writer_open(w, 2);
        for (int i = 0; i < 32; i++)
            writer_u8(w, 0xab);
        writer_close(w, key);
    }
    writer_close(w, e);
    writer_close(w, exts);
    msg_end(w, m);
}

static void test_client_hello(void **state)
{
    (void)state;
    writer w;
    writer_init_dynamic(&w, 0);
    build_client_hello(&w);
    assert_int_equal(writer_finish(&w), WARD_OK);
    char *s = trace_to_string(WARD_TRACE_OUT, WARD_TRACE_HANDSHAKE, w.p, w.len);
    assert_contains(s, "-> Handshake Protocol: Client Hello\n");
    assert_contains(s, "Handshake Type: Client Hello (1)");
    assert_contains(s, "Version: TLS 1.2 (0x0303)");
    assert_contains(s, "Random: 000102030405060708090a0b0c0d0e0f1011121314151617...");
    assert_contains(s, "Session ID Length: 32");
    assert_contains(s, "Cipher Suites (4 suites)");
    assert_contains(s, "Cipher Suite: Reserved (GREASE) (0x7a7a)");
    assert_contains(s, "Cipher Suite: TLS_AES_128_GCM_SHA256 (0x1301)");
    assert_contains(s, "Cipher Suite: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f)");
    assert_contains(s, "Compression Method: null (0)");
    assert_contains(s, "Extension: server_name (len=14)  Server Name: localhost");
    assert_contains(s, "Extension: supported_groups (len=8)  x25519, secp256r1, secp384r1");
    assert_contains(s, "Extension: key_share (len=38)  x25519, 32 bytes");
    assert_contains(s, "Extension: supported_versions (len=5)  TLS 1.3, TLS 1.2");
    assert_contains(s, "application_layer_protocol_negotiation (len=14)  h2, http/1.1");
    assert_contains(s, "ecdsa_secp256r1_sha256");
    assert_contains(s, "Extension: Reserved (GREASE) (len=0)");
    assert_null(strstr(s, "[malformed]"));
    /* Long lists wrap instead of running past the width. */
    for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n"))
        assert_true(strlen(line) <= 100);
    free(s);
    writer_free(&w);
}

static void test_server_hello_and_hrr(void **state)
{
    (void)state;
    writer w;
    writer_init_dynamic(&w, 0);
    build_server_hello(&w, false);
    char *s = trace_to_string(WARD_TRACE_IN, WARD_TRACE_HANDSHAKE, w.p, w.len);
    assert_contains(s, "<- Handshake Protocol: Server Hello\n");
    assert_contains(s, "Cipher Suite: TLS_AES_128_GCM_SHA256 (0x1301)");
    assert_contains(s, "Supported Version: TLS 1.3 (0x0304)");
    assert_contains(s, "Extension: key_share (len=36)  x25519, 32 bytes: abababab");
    assert_null(strstr(s, "[malformed]"));
    free(s);
    writer_free(&w);

    writer_init_dynamic(&w, 0);
    build_server_hello(&w, true);
    s = trace_to_string(WARD_TRACE_IN, WARD_TRACE_HANDSHAKE, w.p, w.len);
    assert_contains(s, "<- Handshake Protocol: Hello Retry Request\n");
    assert_contains(s, "Selected Group: secp256r1 (0x0017)");
    assert_null(strstr(s, "[malformed]"));
    free(s);
    writer_free(&w);
}

static void test_small_events(void **state)
{
    (void)state;
    static const uint8_t rec[5] = {22, 3, 1, 2, 0};
    char *s = trace_to_string(WARD_TRACE_OUT, WARD_TRACE_RECORD, rec, 5);
    assert_string_equal(
        s, "-> Record Layer: Handshake (22)  Version: TLS 1.0 (0x0301)  Length: 512\n");
    free(s);

    static const uint8_t enc[5] = {23, 3, 3, 0, 53};
    s = trace_to_string(WARD_TRACE_IN, WARD_TRACE_RECORD, enc, 5);
    assert_contains(s, "<- Record Layer: Application Data (23)  Version: TLS 1.2 (0x0303)  "
                       "Length: 53  (encrypted)");
    free(s);

    static const uint8_t enc_alert[5] = {21, 3, 3, 0, 26};
    s = trace_to_string(WARD_TRACE_IN, WARD_TRACE_RECORD, enc_alert, 5);
    assert_contains(s, "Alert (21)  Version: TLS 1.2 (0x0303)  Length: 26  (encrypted)");
    free(s);
    static const uint8_t plain_alert[5] = {21, 3, 3, 0, 2};
    s = trace_to_string(WARD_TRACE_IN, WARD_TRACE_RECORD, plain_alert, 5);
    assert_null(strstr(s, "encrypted"));
    free(s);

    static const uint8_t alert[2] = {2, 40};
    s = trace_to_string(WARD_TRACE_IN, WARD_TRACE_ALERT, alert, 2);
    assert_string_equal(s, "<- Alert (Level: Fatal, Description: Handshake Failure)\n");
    free(s);

    static const uint8_t ccs[1] = {1};
    s = trace_to_string(WARD_TRACE_OUT, WARD_TRACE_CCS, ccs, 1);
    assert_string_equal(s, "-> Change Cipher Spec Protocol: Change Cipher Spec\n");
    free(s);

    s = trace_to_string(WARD_TRACE_OUT, WARD_TRACE_APPDATA, NULL, 77);
    assert_contains(s, "77 bytes");
    free(s);

    static const char note[] = "server chose x25519\n";
    s = trace_to_string(WARD_TRACE_OUT, WARD_TRACE_NOTE, (const uint8_t *)note, strlen(note));
    assert_string_equal(s, "   [ward] server chose x25519\n");
    free(s);
}

static void test_post_handshake_messages(void **state)
{
    (void)state;
    static const uint8_t fin[] = {20, 0, 0, 4, 0xde, 0xad, 0xbe, 0xef};
    char *s = trace_to_string(WARD_TRACE_IN, WARD_TRACE_HANDSHAKE, fin, sizeof fin);
    assert_contains(s, "Verify Data: deadbeef");
    free(s);

    static const uint8_t ku[] = {24, 0, 0, 1, 1};
    s = trace_to_string(WARD_TRACE_OUT, WARD_TRACE_HANDSHAKE, ku, sizeof ku);
    assert_contains(s, "-> Handshake Protocol: Key Update");
    assert_contains(s, "KeyUpdateRequest: update_requested (1)");
    free(s);

    static const uint8_t cv[] = {15, 0, 0, 8, 0x04, 0x03, 0, 4, 1, 2, 3, 4};
    s = trace_to_string(WARD_TRACE_IN, WARD_TRACE_HANDSHAKE, cv, sizeof cv);
    assert_contains(s, "Signature Algorithm: ecdsa_secp256r1_sha256 (0x0403)");
    assert_null(strstr(s, "[malformed]"));
    free(s);

    /* TLS 1.3 NewSessionTicket: lifetime 7200, age_add, nonce, ticket, no exts. */
    static const uint8_t nst[] = {4, 0, 0, 18, 0, 0, 0x1c, 0x20, 1, 2, 3,
                                  4, 1, 0, 0,  4, 9, 9,    9,    9, 0, 0};
    s = trace_to_string(WARD_TRACE_IN, WARD_TRACE_HANDSHAKE, nst, sizeof nst);
    assert_contains(s, "Session Ticket Lifetime: 7200 seconds");
    assert_contains(s, "Session Ticket Length: 4");
    assert_null(strstr(s, "[malformed]"));
    free(s);

    /* An EncryptedExtensions with ALPN "h2". */
    static const uint8_t ee[] = {8, 0, 0, 11, 0, 9, 0, 16, 0, 5, 0, 3, 2, 'h', '2'};
    s = trace_to_string(WARD_TRACE_IN, WARD_TRACE_HANDSHAKE, ee, sizeof ee);
    assert_contains(s, "Extension: application_layer_protocol_negotiation (len=5)  h2");
    assert_null(strstr(s, "[malformed]"));
    free(s);

    /* A Certificate whose entry is not DER: described as such, not a crash. */
    static const uint8_t cert[] = {11, 0, 0, 13, 0, 0, 0, 9, 0, 0, 4, 0x30, 0x02, 0x05, 0x00, 0, 0};
    s = trace_to_string(WARD_TRACE_IN, WARD_TRACE_HANDSHAKE, cert, sizeof cert);
    assert_contains(s, "Certificate [1]: 4 bytes");
    assert_null(strstr(s, "[malformed]"));
    free(s);
}

/* A real chain: subject, issuer and signature algorithm of each certificate. */
static void test_certificate_chain(void **state)
{
    (void)state;
    char *ca, *chain_pem, *key;
    cert_chain *chain;
    assert_int_equal(demo_pki_make(KEY_EC_P256, "localhost", &ca, &chain_pem, &key), WARD_OK);
    assert_int_equal(cert_chain_from_pem(chain_pem, strlen(chain_pem), &chain), WARD_OK);
    writer w;
    writer_init_dynamic(&w, 0);
    size_t m = msg_begin(&w, HS_CERTIFICATE);
    writer_u8(&w, 0);
    size_t list = writer_open(&w, 3);
    for (size_t i = 0; i < cert_chain_count(chain); i++) {
        size_t len;
        const uint8_t *der = cert_chain_der(chain, i, &len);
        size_t entry = writer_open(&w, 3);
        writer_bytes(&w, der, len);
        writer_close(&w, entry);
        writer_u16(&w, 0);
    }
    writer_close(&w, list);
    msg_end(&w, m);
    assert_int_equal(writer_finish(&w), WARD_OK);
    char *s = trace_to_string(WARD_TRACE_IN, WARD_TRACE_HANDSHAKE, w.p, w.len);
    assert_contains(s, "<- Handshake Protocol: Certificate\n");
    assert_contains(s, "Certificate Request Context Length: 0");
    assert_contains(s, "Certificate [1]: ");
    assert_contains(s, "Subject: CN=localhost");
    assert_contains(s, "Certificate [2]: ");
    assert_contains(s, "ecdsa-with-SHA256");
    assert_null(strstr(s, "[malformed]"));
    assert_null(strstr(s, "does not parse"));
    free(s);
    writer_free(&w);
    cert_chain_free(chain);
    free(ca);
    free(chain_pem);
    free(key);
}

/* The TLS 1.2 key exchange as the notes' captures show it. */
static void test_tls12_key_exchange(void **state)
{
    (void)state;
    writer w;
    writer_init_dynamic(&w, 0);
    size_t m = msg_begin(&w, HS_SERVER_KEY_EXCHANGE);
    writer_u8(&w, 3);
    writer_u16(&w, 0x001d);
    writer_u8(&w, 32);
    writer_zeros(&w, 32);
    writer_u16(&w, 0x0804);
    writer_u16(&w, 4);
    writer_bytes(&w, "\x8f\xc1\x07\xfd", 4);
    msg_end(&w, m);
    m = msg_begin(&w, HS_CLIENT_KEY_EXCHANGE);
    writer_u8(&w, 32);
    writer_zeros(&w, 32);
    msg_end(&w, m);
    m = msg_begin(&w, HS_SERVER_HELLO_DONE);
    msg_end(&w, m);
    assert_int_equal(writer_finish(&w), WARD_OK);
    char *s = trace_to_string(WARD_TRACE_IN, WARD_TRACE_HANDSHAKE, w.p, w.len);
    assert_contains(s, "<- Handshake Protocol: Server Key Exchange\n");
    assert_contains(s, "EC Diffie-Hellman Server Params");
    assert_contains(s, "Curve Type: named_curve (0x03)");
    assert_contains(s, "Named Curve: x25519 (0x001d)");
    assert_contains(s, "Pubkey Length: 32");
    assert_contains(s, "Signature Algorithm: rsa_pss_rsae_sha256 (0x0804)");
    assert_contains(s, "Signature: 8fc107fd");
    assert_contains(s, "<- Handshake Protocol: Client Key Exchange\n");
    assert_contains(s, "EC Diffie-Hellman Client Params");
    assert_contains(s, "<- Handshake Protocol: Server Hello Done\n");
    assert_null(strstr(s, "[malformed]"));
    free(s);
    writer_free(&w);
}

static void test_malformed_is_reported(void **state)
{
    (void)state;
    /* ClientHello whose cipher suite vector claims more than is there. */
    static const uint8_t bad[] = {1, 0, 0, 40, 3, 3};
    char *s = trace_to_string(WARD_TRACE_IN, WARD_TRACE_HANDSHAKE, bad, sizeof bad);
    assert_contains(s, "[malformed]");
    free(s);
    static const uint8_t alert[3] = {2, 40, 0};
    s = trace_to_string(WARD_TRACE_IN, WARD_TRACE_ALERT, alert, 3);
    assert_contains(s, "[malformed]");
    free(s);
    s = trace_to_string(WARD_TRACE_IN, WARD_TRACE_RECORD, alert, 3);
    assert_contains(s, "[malformed]");
    free(s);
}

/* Every prefix and many one-byte mutations of valid messages, for every
 * handshake type byte: the printer must survive all of them. */
static void survive(const uint8_t *p, size_t n)
{
    FILE *f = fopen("/dev/null", "w");
    assert_non_null(f);
    /* Copy each cut into its own heap block so ASan sees any over-read. */
    for (size_t cut = 0; cut <= n; cut++) {
        uint8_t *copy = malloc(cut ? cut : 1);
        assert_non_null(copy);
        memcpy(copy, p, cut);
        for (int kind = WARD_TRACE_RECORD; kind <= WARD_TRACE_NOTE + 1; kind++)
            ward_trace_print(f, WARD_TRACE_IN, (ward_trace_kind)kind, copy, cut);
        free(copy);
    }
    fclose(f);
}

static void test_garbage_does_not_crash(void **state)
{
    (void)state;
    writer w;
    writer_init_dynamic(&w, 0);
    build_client_hello(&w);
    build_server_hello(&w, false);
    build_server_hello(&w, true);
    assert_int_equal(writer_finish(&w), WARD_OK);
    survive(w.p, w.len);

    uint8_t *m = malloc(w.len);
    assert_non_null(m);
    srand(1);
    for (int round = 0; round < 3000; round++) {
        memcpy(m, w.p, w.len);
        m[0] = (uint8_t)(round % 32); /* every handshake type */
        for (int k = 0; k < 3; k++)
            m[(size_t)rand() % w.len] = (uint8_t)rand();
        FILE *f = fopen("/dev/null", "w");
        ward_trace_print(f, WARD_TRACE_IN, WARD_TRACE_HANDSHAKE, m, w.len);
        fclose(f);
    }
    free(m);
    writer_free(&w);

    uint8_t junk[512];
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)rand() % sizeof junk;
        for (size_t i = 0; i < n; i++)
            junk[i] = (uint8_t)rand();
        if (n > 0)
            junk[0] = (uint8_t)(round % 32);
        survive(junk, n < 40 ? n : 40);
    }
    ward_trace_print(NULL, WARD_TRACE_IN, WARD_TRACE_HANDSHAKE, junk, 10);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(ward_suite_name(0x1301), "TLS_AES_128_GCM_SHA256");
    assert_string_equal(ward_suite_name(0x1303), "TLS_CHACHA20_POLY1305_SHA256");
    assert_string_equal(ward_suite_name(0xc02f), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    assert_string_equal(ward_suite_name(0x4a4a), "unknown");
    assert_string_equal(ward_suite_name(0xfefe), "unknown");
    assert_string_equal(ward_group_name(0x001d), "x25519");
    assert_string_equal(ward_group_name(0x0017), "secp256r1");
    assert_string_equal(ward_group_name(0x0018), "secp384r1");
    assert_string_equal(ward_group_name(0x9999), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_client_hello),
        cmocka_unit_test(test_server_hello_and_hrr),
        cmocka_unit_test(test_small_events),
        cmocka_unit_test(test_post_handshake_messages),
        cmocka_unit_test(test_certificate_chain),
        cmocka_unit_test(test_tls12_key_exchange),
        cmocka_unit_test(test_malformed_is_reported),
        cmocka_unit_test(test_garbage_does_not_crash),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
