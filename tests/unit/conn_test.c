/* conn_test.c -- the engine end to end in memory: a ward client and a ward
 * server, every suite, group and key type, HRR, mTLS, ALPN, KeyUpdate,
 * fragmentation, close_notify and truncation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pair.h"

typedef struct pair {
    test_pki pki;
    ward_config *ccfg, *scfg;
    ward_conn *c, *s;
} pair;

static void pair_setup(pair *p, key_type kind)
{
    memset(p, 0, sizeof *p);
    test_pki_make(&p->pki, kind);
    p->ccfg = test_client_config(&p->pki);
    p->scfg = test_server_config(&p->pki);
}

static void pair_conns(pair *p)
{
    p->c = ward_conn_new(p->ccfg);
    p->s = ward_conn_new(p->scfg);
    assert_non_null(p->c);
    assert_non_null(p->s);
    assert_int_equal(ward_conn_set_server_name(p->c, "localhost"), WARD_OK);
}

static void pair_free(pair *p)
{
    ward_conn_free(p->c);
    ward_conn_free(p->s);
    ward_config_free(p->ccfg);
    ward_config_free(p->scfg);
    test_pki_free(&p->pki);
}

static void exchange_data(pair *p)
{
    static const char ping[] = "GET / HTTP/1.1\r\n\r\n";
    uint8_t buf[64];
    assert_int_equal(ward_conn_write(p->c, (const uint8_t *)ping, sizeof ping), WARD_OK);
    assert_int_equal(test_read_all(p->s, p->c, buf, sizeof ping), WARD_OK);
    assert_memory_equal(buf, ping, sizeof ping);
    assert_int_equal(ward_conn_write(p->s, buf, sizeof ping), WARD_OK);
    assert_int_equal(test_read_all(p->c, p->s, buf, sizeof ping), WARD_OK);
    assert_memory_equal(buf, ping, sizeof ping);
}

static void run_combo(key_type kind, const char *suite, const char *group)
{
    pair p;
    pair_setup(&p, kind);
    assert_int_equal(ward_config_set_suites(p.ccfg, suite), WARD_OK);
    assert_int_equal(ward_config_set_groups(p.ccfg, group), WARD_OK);
    pair_conns(&p);
    int src;
    assert_int_equal(test_handshake(p.c, p.s, &src), WARD_OK);
    assert_int_equal(src, WARD_OK);
    assert_int_equal(ward_conn_version(p.c), 0x0304);
    assert_string_equal(ward_suite_name(ward_conn_cipher_suite(p.c)), suite);
    assert_string_equal(ward_suite_name(ward_conn_cipher_suite(p.s)), suite);
    assert_string_equal(ward_group_name(ward_conn_group(p.c)), group);
    assert_true(ward_conn_peer_verified(p.c));
    assert_false(ward_conn_had_hrr(p.c));
    assert_string_equal(ward_conn_server_name(p.s), "localhost");
    exchange_data(&p);
    pair_free(&p);
}

static void test_every_suite_group_key(void **state)
{
    (void)state;
    static const char *suites[] = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                                   "TLS_CHACHA20_POLY1305_SHA256"};
    static const char *groups[] = {"x25519", "secp256r1", "secp384r1"};
    static const key_type kinds[] = {KEY_EC_P256, KEY_RSA, KEY_ED25519};
    for (size_t k = 0; k < 3; k++)
        for (size_t s = 0; s < 3; s++)
            for (size_t g = 0; g < 3; g++)
                run_combo(kinds[k], suites[s], groups[g]);
}

static void test_hello_retry_request(void **state)
{
    (void)state;
    pair p;
    pair_setup(&p, KEY_EC_P256);
    assert_int_equal(ward_config_set_groups(p.scfg, "secp384r1"), WARD_OK);
    pair_conns(&p);
    int src;
    int crc = test_handshake(p.c, p.s, &src);
    if (crc != WARD_OK || src != WARD_OK)
        print_error("client: %s\nserver: %s\n", ward_conn_error_detail(p.c),
                    ward_conn_error_detail(p.s));
    assert_int_equal(crc, WARD_OK);
    assert_int_equal(src, WARD_OK);
    assert_true(ward_conn_had_hrr(p.c));
    assert_true(ward_conn_had_hrr(p.s));
    assert_int_equal(ward_conn_group(p.c), GROUP_SECP384R1);
    exchange_data(&p);
    pair_free(&p);
}

static void test_no_shared_group(void **state)
{
    (void)state;
    pair p;
    pair_setup(&p, KEY_EC_P256);
    assert_int_equal(ward_config_set_groups(p.scfg, "secp384r1"), WARD_OK);
    assert_int_equal(ward_config_set_groups(p.ccfg, "x25519"), WARD_OK);
    pair_conns(&p);
    int src;
    assert_int_equal(test_handshake(p.c, p.s, &src), WARD_E_PEER_ALERT);
    assert_int_equal(src, WARD_E_NO_SHARED_GROUP);
    assert_int_equal(ward_conn_peer_alert(p.c), 40); /* handshake_failure */
    pair_free(&p);
}

static void test_mutual_auth(void **state)
{
    (void)state;
    pair p;
    pair_setup(&p, KEY_EC_P256);
    /* The client presents a certificate from the same throw-away CA. */
    assert_int_equal(ward_config_add_cert_chain_pem(p.ccfg, p.pki.chain_pem,
                                                    strlen(p.pki.chain_pem), p.pki.key_pem,
                                                    strlen(p.pki.key_pem)),
                     WARD_OK);
    assert_int_equal(ward_config_set_ca_pem(p.scfg, p.pki.ca_pem, strlen(p.pki.ca_pem)), WARD_OK);
    assert_int_equal(ward_config_set_verify(p.scfg, WARD_VERIFY_REQUIRE), WARD_OK);
    pair_conns(&p);
    int src;
    assert_int_equal(test_handshake(p.c, p.s, &src), WARD_OK);
    assert_int_equal(src, WARD_OK);
    assert_true(ward_conn_peer_verified(p.s));
    exchange_data(&p);
    pair_free(&p);
}

static void test_mutual_auth_missing_cert(void **state)
{
    (void)state;
    pair p;
    pair_setup(&p, KEY_EC_P256);
    assert_int_equal(ward_config_set_ca_pem(p.scfg, p.pki.ca_pem, strlen(p.pki.ca_pem)), WARD_OK);
    assert_int_equal(ward_config_set_verify(p.scfg, WARD_VERIFY_REQUIRE), WARD_OK);
    pair_conns(&p);
    int src;
    int crc = test_handshake(p.c, p.s, &src);
    assert_int_equal(src, WARD_E_CERT_REQUIRED);
    /* The client finished its side; the server's alert arrives with the next read. */
    if (crc == WARD_OK) {
        uint8_t b[8];
        size_t got;
        test_pump(p.s, p.c);
        crc = ward_conn_read(p.c, b, sizeof b, &got);
    }
    assert_int_equal(crc, WARD_E_PEER_ALERT);
    assert_int_equal(ward_conn_peer_alert(p.c), 116); /* certificate_required */
    pair_free(&p);
}

static void test_alpn(void **state)
{
    (void)state;
    pair p;
    pair_setup(&p, KEY_EC_P256);
    assert_int_equal(ward_config_set_alpn(p.ccfg, "h2,http/1.1"), WARD_OK);
    assert_int_equal(ward_config_set_alpn(p.scfg, "http/1.1,h2"), WARD_OK);
    pair_conns(&p);
    assert_int_equal(test_handshake(p.c, p.s, NULL), WARD_OK);
    /* The server's preference decides. */
    assert_string_equal(ward_conn_alpn(p.c), "http/1.1");
    assert_string_equal(ward_conn_alpn(p.s), "http/1.1");
    pair_free(&p);

    pair_setup(&p, KEY_EC_P256);
    assert_int_equal(ward_config_set_alpn(p.ccfg, "h2"), WARD_OK);
    assert_int_equal(ward_config_set_alpn(p.scfg, "http/1.1"), WARD_OK);
    pair_conns(&p);
    int src;
    assert_int_equal(test_handshake(p.c, p.s, &src), WARD_E_PEER_ALERT);
    assert_int_equal(src, WARD_E_NO_APPLICATION_PROTOCOL);
    assert_int_equal(ward_conn_peer_alert(p.c), 120);
    pair_free(&p);
}

static void test_key_update(void **state)
{
    (void)state;
    pair p;
    pair_setup(&p, KEY_EC_P256);
    pair_conns(&p);
    assert_int_equal(test_handshake(p.c, p.s, NULL), WARD_OK);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(ward_conn_key_update(p.c, 1), WARD_OK);
        exchange_data(&p);
        assert_int_equal(ward_conn_key_update(p.s, i & 1), WARD_OK);
        exchange_data(&p);
    }
    pair_free(&p);
}

static void test_large_write_fragmented(void **state)
{
    (void)state;
    pair p;
    pair_setup(&p, KEY_EC_P256);
    pair_conns(&p);
    assert_int_equal(test_handshake(p.c, p.s, NULL), WARD_OK);
    size_t n = 100000;
    uint8_t *data = malloc(n), *back = malloc(n);
    for (size_t i = 0; i < n; i++)
        data[i] = (uint8_t)(i * 7);
    assert_int_equal(ward_conn_write(p.c, data, n), WARD_OK);
    const uint8_t *out;
    size_t pending = ward_conn_pending(p.c, &out);
    /* 7 records of at most 2^14 bytes, each with header, type byte and tag. */
    assert_int_equal(pending, n + 7 * (5 + 1 + 16));
    assert_int_equal(test_read_all(p.s, p.c, back, n), WARD_OK);
    assert_memory_equal(data, back, n);
    free(data);
    free(back);
    pair_free(&p);
}

static void test_byte_at_a_time(void **state)
{
    (void)state;
    pair p;
    pair_setup(&p, KEY_RSA);
    pair_conns(&p);
    /* Every record and message split at every byte boundary. */
    int crc = WARD_WANT_READ, src = WARD_WANT_READ;
    for (int round = 0; round < 10 && (crc != WARD_OK || src != WARD_OK); round++) {
        if (crc != WARD_OK)
            crc = ward_conn_handshake(p.c);
        const uint8_t *b;
        size_t n = ward_conn_pending(p.c, &b);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(ward_conn_feed(p.s, b + i, 1), WARD_OK);
            if (src != WARD_OK)
                src = ward_conn_handshake(p.s);
        }
        ward_conn_sent(p.c, n);
        n = ward_conn_pending(p.s, &b);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(ward_conn_feed(p.c, b + i, 1), WARD_OK);
            if (crc != WARD_OK)
                crc = ward_conn_handshake(p.c);
        }
        ward_conn_sent(p.s, n);
        assert_true(crc == WARD_OK || crc == WARD_WANT_READ);
        assert_true(src == WARD_OK || src == WARD_WANT_READ);
    }
    assert_int_equal(crc, WARD_OK);
    assert_int_equal(src, WARD_OK);
    exchange_data(&p);
    pair_free(&p);
}

static void test_close_notify_and_truncation(void **state)
{
    (void)state;
    pair p;
    pair_setup(&p, KEY_EC_P256);
    pair_conns(&p);
    assert_int_equal(test_handshake(p.c, p.s, NULL), WARD_OK);
    uint8_t b[16];
    size_t got;
    assert_int_equal(ward_conn_close(p.c), WARD_OK);
    assert_int_equal(ward_conn_write(p.c, b, 1), WARD_E_CLOSED);
    test_pump(p.c, p.s);
    assert_int_equal(ward_conn_read(p.s, b, sizeof b, &got), WARD_CLOSED);
    assert_int_equal(got, 0);
    pair_free(&p);

    /* The transport ends without close_notify: truncation, never a clean end. */
    pair_setup(&p, KEY_EC_P256);
    pair_conns(&p);
    assert_int_equal(test_handshake(p.c, p.s, NULL), WARD_OK);
    assert_int_equal(ward_conn_write(p.c, (const uint8_t *)"x", 1), WARD_OK);
    test_pump(p.c, p.s);
    ward_conn_feed_eof(p.s);
    assert_int_equal(ward_conn_read(p.s, b, sizeof b, &got), WARD_OK);
    assert_int_equal(got, 1);
    assert_int_equal(ward_conn_read(p.s, b, sizeof b, &got), WARD_E_TRUNCATED);
    assert_int_equal(ward_conn_read(p.s, b, sizeof b, &got), WARD_E_TRUNCATED); /* sticky */
    pair_free(&p);
}

static void test_untrusted_and_wrong_name(void **state)
{
    (void)state;
    pair p;
    pair_setup(&p, KEY_EC_P256);
    test_pki other;
    test_pki_make(&other, KEY_EC_P256);
    assert_int_equal(ward_config_set_ca_pem(p.ccfg, other.ca_pem, strlen(other.ca_pem)), WARD_OK);
    pair_conns(&p);
    int src;
    assert_int_equal(test_handshake(p.c, p.s, &src), WARD_E_UNKNOWN_CA);
    assert_int_equal(src, WARD_E_PEER_ALERT);
    assert_int_equal(ward_conn_peer_alert(p.s), 48); /* unknown_ca */
    assert_non_null(strstr(ward_conn_error_detail(p.c), "unknown_ca"));
    test_pki_free(&other);
    pair_free(&p);

    pair_setup(&p, KEY_EC_P256);
    p.c = ward_conn_new(p.ccfg);
    p.s = ward_conn_new(p.scfg);
    assert_int_equal(ward_conn_set_server_name(p.c, "wrong.example"), WARD_OK);
    assert_int_equal(test_handshake(p.c, p.s, &src), WARD_E_CERT_HOSTNAME);
    assert_int_equal(ward_conn_peer_alert(p.s), 42); /* bad_certificate */
    pair_free(&p);

    /* An IP literal is checked against the certificate's IP addresses. */
    pair_setup(&p, KEY_EC_P256);
    p.c = ward_conn_new(p.ccfg);
    p.s = ward_conn_new(p.scfg);
    assert_int_equal(ward_conn_set_server_name(p.c, "127.0.0.1"), WARD_OK);
    assert_int_equal(test_handshake(p.c, p.s, &src), WARD_OK);
    assert_null(ward_conn_server_name(p.s)); /* no SNI for IP literals */
    pair_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_suite_group_key),
        cmocka_unit_test(test_hello_retry_request),
        cmocka_unit_test(test_no_shared_group),
        cmocka_unit_test(test_mutual_auth),
        cmocka_unit_test(test_mutual_auth_missing_cert),
        cmocka_unit_test(test_alpn),
        cmocka_unit_test(test_key_update),
        cmocka_unit_test(test_large_write_fragmented),
        cmocka_unit_test(test_byte_at_a_time),
        cmocka_unit_test(test_close_notify_and_truncation),
        cmocka_unit_test(test_untrusted_and_wrong_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
