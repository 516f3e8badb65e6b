/* conn12_test.c -- TLS 1.2 in memory: every suite, group and key type, mTLS,
 * ALPN, EMS, downgrade defences, secure renegotiation with data in flight. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conn.h"
#include "hs/tls12.h"
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

static void handshake_ok(pair *p)
{
    int src;
    int crc = test_handshake(p->c, p->s, &src);
    if (crc != WARD_OK || src != WARD_OK)
        print_error("client: %s\nserver: %s\n", ward_conn_error_detail(p->c),
                    ward_conn_error_detail(p->s));
    assert_int_equal(crc, WARD_OK);
    assert_int_equal(src, WARD_OK);
}

static void exchange(pair *p, size_t n)
{
    uint8_t *a = malloc(n), *b = malloc(n);
    for (size_t i = 0; i < n; i++)
        a[i] = (uint8_t)(i * 13 + 1);
    assert_int_equal(ward_conn_write(p->c, a, n), WARD_OK);
    assert_int_equal(test_read_all(p->s, p->c, b, n), WARD_OK);
    assert_memory_equal(a, b, n);
    assert_int_equal(ward_conn_write(p->s, b, n), WARD_OK);
    assert_int_equal(test_read_all(p->c, p->s, a, n), WARD_OK);
    assert_memory_equal(a, b, n);
    free(a);
    free(b);
}

static void run12(key_type kind, const char *suite, const char *group)
{
    pair p;
    pair_setup(&p, kind);
    assert_int_equal(ward_config_set_versions(p.ccfg, 0x0303, 0x0303), WARD_OK);
    assert_int_equal(ward_config_set_suites(p.ccfg, suite), WARD_OK);
    /* RFC 8422 5.1: the client must also list the ECDSA certificate's curve;
     * the server's own list then decides the key exchange group. */
    char groups[64];
    snprintf(groups, sizeof groups, "%s%s", group,
             strcmp(group, "secp256r1") == 0 ? "" : ",secp256r1");
    assert_int_equal(ward_config_set_groups(p.ccfg, groups), WARD_OK);
    assert_int_equal(ward_config_set_groups(p.scfg, group), WARD_OK);
    pair_conns(&p);
    handshake_ok(&p);
    assert_int_equal(ward_conn_version(p.c), 0x0303);
    assert_int_equal(ward_conn_version(p.s), 0x0303);
    assert_string_equal(ward_suite_name(ward_conn_cipher_suite(p.c)), suite);
    assert_string_equal(ward_group_name(ward_conn_group(p.c)), group);
    assert_true(ward_conn_ems(p.c));
    assert_true(ward_conn_ems(p.s));
    assert_true(ward_conn_secure_renegotiation(p.c));
    assert_true(ward_conn_peer_verified(p.c));
    exchange(&p, 40000);
    pair_free(&p);
}

static void test_tls12_every_suite_group_key(void **state)
{
    (void)state;
    static const char *ecdsa[] = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                                  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                                  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"};
    static const char *rsa[] = {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};
    static const char *groups[] = {"x25519", "secp256r1", "secp384r1"};
    for (size_t s = 0; s < 3; s++)
        for (size_t g = 0; g < 3; g++) {
            run12(KEY_EC_P256, ecdsa[s], groups[g]);
            run12(KEY_RSA, rsa[s], groups[g]);
        }
    run12(KEY_ED25519, ecdsa[0], groups[0]);
}

static void test_version_choice(void **state)
{
    (void)state;
    /* Both allow both: TLS 1.3. A server limited to 1.2: TLS 1.2, and the
     * client, which offered 1.3, accepts it (no sentinel from a 1.2-only server). */
    pair p;
    pair_setup(&p, KEY_EC_P256);
    pair_conns(&p);
    handshake_ok(&p);
    assert_int_equal(ward_conn_version(p.c), 0x0304);
    pair_free(&p);

    pair_setup(&p, KEY_EC_P256);
    assert_int_equal(ward_config_set_versions(p.scfg, 0x0303, 0x0303), WARD_OK);
    pair_conns(&p);
    handshake_ok(&p);
    assert_int_equal(ward_conn_version(p.c), 0x0303);
    exchange(&p, 100);
    pair_free(&p);

    /* A 1.3-only client and a 1.2-only server share nothing. */
    pair_setup(&p, KEY_EC_P256);
    assert_int_equal(ward_config_set_versions(p.scfg, 0x0303, 0x0303), WARD_OK);
    assert_int_equal(ward_config_set_policy(p.ccfg, "tls13"), WARD_OK);
    pair_conns(&p);
    int src;
    assert_int_equal(test_handshake(p.c, p.s, &src), WARD_E_PEER_ALERT);
    assert_int_equal(src, WARD_E_NO_SHARED_VERSION);
    assert_int_equal(ward_conn_peer_alert(p.c), ALERT_PROTOCOL_VERSION);
    pair_free(&p);
}

static void test_fallback_scsv(void **state)
{
    (void)state;
    /* RFC 7507: a 1.2 retry from a client that could do 1.3, to a 1.3 server. */
    pair p;
    pair_setup(&p, KEY_EC_P256);
    assert_int_equal(ward_config_set_versions(p.ccfg, 0x0303, 0x0303), WARD_OK);
    ward_config_set_fallback_scsv(p.ccfg, 1);
    pair_conns(&p);
    int src;
    assert_int_equal(test_handshake(p.c, p.s, &src), WARD_E_PEER_ALERT);
    assert_int_equal(src, WARD_E_INAPPROPRIATE_FALLBACK);
    assert_int_equal(ward_conn_peer_alert(p.c), ALERT_INAPPROPRIATE_FALLBACK);
    pair_free(&p);

    /* The same hello to a server whose best is 1.2 is fine. */
    pair_setup(&p, KEY_EC_P256);
    assert_int_equal(ward_config_set_versions(p.ccfg, 0x0303, 0x0303), WARD_OK);
    assert_int_equal(ward_config_set_versions(p.scfg, 0x0303, 0x0303), WARD_OK);
    ward_config_set_fallback_scsv(p.ccfg, 1);
    pair_conns(&p);
    handshake_ok(&p);
    pair_free(&p);
}

static void test_downgrade_sentinel(void **state)
{
    (void)state;
    /* A 1.3-capable server forced to 1.2 by the client's hello puts the
     * sentinel in; a client that offered 1.3 must refuse it. Simulate the
     * attacker by letting the server see a 1.2-only hello while the client
     * believes it offered 1.3. */
    pair p;
    pair_setup(&p, KEY_EC_P256);
    assert_int_equal(ward_config_set_versions(p.ccfg, 0x0303, 0x0303), WARD_OK);
    pair_conns(&p);
    assert_int_equal(ward_conn_handshake(p.c), WARD_WANT_READ);
    test_pump(p.c, p.s);
    assert_int_equal(ward_conn_handshake(p.s), WARD_WANT_READ);
    const uint8_t *out;
    size_t n = ward_conn_pending(p.s, &out);
    /* ServerHello.random ends at 5 + 4 + 2 + 32 bytes into the first record. */
    assert_memory_equal(out + 5 + 4 + 2 + 24, TLS12_DOWNGRADE_SENTINEL, 8);
    p.c->tls13_offered = true; /* the client "offered" 1.3 */
    assert_int_equal(ward_conn_feed(p.c, out, n), WARD_OK);
    ward_conn_sent(p.s, n);
    assert_int_equal(ward_conn_handshake(p.c), WARD_E_DOWNGRADE);
    uint8_t level, desc;
    assert_true(test_plain_alert(p.c, &level, &desc));
    assert_int_equal(desc, ALERT_ILLEGAL_PARAMETER);
    pair_free(&p);
}

static void test_tls12_mutual_auth(void **state)
{
    (void)state;
    for (int with_cert = 0; with_cert < 2; with_cert++) {
        pair p;
        pair_setup(&p, KEY_RSA);
        assert_int_equal(ward_config_set_versions(p.ccfg, 0x0303, 0x0303), WARD_OK);
        if (with_cert)
            assert_int_equal(ward_config_add_cert_chain_pem(p.ccfg, p.pki.chain_pem,
                                                            strlen(p.pki.chain_pem), p.pki.key_pem,
                                                            strlen(p.pki.key_pem)),
                             WARD_OK);
        assert_int_equal(ward_config_set_ca_pem(p.scfg, p.pki.ca_pem, strlen(p.pki.ca_pem)),
                         WARD_OK);
        assert_int_equal(ward_config_set_verify(p.scfg, WARD_VERIFY_REQUIRE), WARD_OK);
        pair_conns(&p);
        if (with_cert) {
            handshake_ok(&p);
            assert_true(ward_conn_peer_verified(p.s));
            exchange(&p, 1000);
        } else {
            int src;
            int crc = test_handshake(p.c, p.s, &src);
            assert_int_equal(src, WARD_E_CERT_MISSING);
            assert_int_equal(crc, WARD_E_PEER_ALERT);
            assert_int_equal(ward_conn_peer_alert(p.c), ALERT_HANDSHAKE_FAILURE);
        }
        pair_free(&p);
    }
}

static void test_tls12_alpn_and_sni(void **state)
{
    (void)state;
    pair p;
    pair_setup(&p, KEY_EC_P256);
    assert_int_equal(ward_config_set_versions(p.ccfg, 0x0303, 0x0303), WARD_OK);
    assert_int_equal(ward_config_set_alpn(p.ccfg, "h2,http/1.1"), WARD_OK);
    assert_int_equal(ward_config_set_alpn(p.scfg, "http/1.1"), WARD_OK);
    pair_conns(&p);
    handshake_ok(&p);
    assert_string_equal(ward_conn_alpn(p.c), "http/1.1");
    assert_string_equal(ward_conn_server_name(p.s), "localhost");
    pair_free(&p);
}

/* Reads what is available on c into sink (pumping from peer). */
static size_t drain(ward_conn *c, ward_conn *peer, uint8_t *sink, size_t cap)
{
    size_t have = 0;
    for (int i = 0; i < 50; i++) {
        test_pump(peer, c);
        size_t got = 0;
        int rc = ward_conn_read(c, sink + have, cap - have, &got);
        if (rc == WARD_OK)
            have += got;
        else
            assert_int_equal(rc, WARD_WANT_READ);
        test_pump(c, peer);
    }
    return have;
}

static void test_renegotiation(void **state)
{
    (void)state;
    pair p;
    pair_setup(&p, KEY_EC_P256);
    assert_int_equal(ward_config_set_versions(p.ccfg, 0x0303, 0x0303), WARD_OK);
    ward_config_set_renegotiation(p.ccfg, WARD_RENEG_SECURE);
    pair_conns(&p);
    handshake_ok(&p);
    /* Data written before, during and after the new handshake arrives whole and
     * in order. */
    uint8_t sent[3000], got[3000];
    for (size_t i = 0; i < sizeof sent; i++)
        sent[i] = (uint8_t)i;
    assert_int_equal(ward_conn_write(p.s, sent, 1000), WARD_OK);
    assert_int_equal(ward_conn_renegotiate(p.s), WARD_OK);
    assert_int_equal(ward_conn_renegotiate(p.s), WARD_E_API_STATE); /* one at a time */
    assert_int_equal(ward_conn_write(p.s, sent + 1000, 1000), WARD_OK);
    size_t n = drain(p.c, p.s, got, sizeof got);
    /* The server reads while the client's new handshake flows. */
    uint8_t sink[16];
    assert_int_equal(drain(p.s, p.c, sink, sizeof sink), 0);
    n += drain(p.c, p.s, got + n, sizeof got - n);
    assert_int_equal(ward_conn_write(p.s, sent + 2000, 1000), WARD_OK);
    n += drain(p.c, p.s, got + n, sizeof got - n);
    /* The server takes the client's second flight and answers it. */
    assert_int_equal(drain(p.s, p.c, sink, sizeof sink), 0);
    n += drain(p.c, p.s, got + n, sizeof got - n);
    assert_int_equal(n, sizeof sent);
    assert_memory_equal(sent, got, sizeof sent);
    assert_int_equal(ward_conn_renegotiations(p.c), 1);
    assert_int_equal(ward_conn_renegotiations(p.s), 1);
    exchange(&p, 500);
    pair_free(&p);
}

static void test_renegotiation_refused(void **state)
{
    (void)state;
    /* The client does not allow it: a no_renegotiation warning, and the
     * connection goes on. */
    pair p;
    pair_setup(&p, KEY_EC_P256);
    assert_int_equal(ward_config_set_versions(p.ccfg, 0x0303, 0x0303), WARD_OK);
    pair_conns(&p);
    handshake_ok(&p);
    assert_int_equal(ward_conn_renegotiate(p.s), WARD_OK);
    uint8_t sink[16];
    drain(p.c, p.s, sink, sizeof sink);
    drain(p.s, p.c, sink, sizeof sink);
    assert_int_equal(ward_conn_renegotiations(p.s), 0);
    exchange(&p, 100);
    /* The refusal cleared the request: the server may ask again. */
    assert_int_equal(ward_conn_renegotiate(p.s), WARD_OK);
    pair_free(&p);

    /* A TLS 1.3 connection has no renegotiation. */
    pair_setup(&p, KEY_EC_P256);
    pair_conns(&p);
    handshake_ok(&p);
    assert_int_equal(ward_conn_renegotiate(p.s), WARD_E_API_STATE);
    pair_free(&p);
}

static void test_tls12_bad_finished_and_mac(void **state)
{
    (void)state;
    pair p;
    pair_setup(&p, KEY_EC_P256);
    assert_int_equal(ward_config_set_versions(p.ccfg, 0x0303, 0x0303), WARD_OK);
    pair_conns(&p);
    assert_int_equal(ward_conn_handshake(p.c), WARD_WANT_READ);
    test_pump(p.c, p.s);
    assert_int_equal(ward_conn_handshake(p.s), WARD_WANT_READ);
    test_pump(p.s, p.c);
    assert_int_equal(ward_conn_handshake(p.c), WARD_WANT_READ);
    /* Spoil the client's flight: the last record is its encrypted Finished. */
    const uint8_t *out;
    size_t n = ward_conn_pending(p.c, &out);
    uint8_t *copy = malloc(n);
    memcpy(copy, out, n);
    copy[n - 1] ^= 1;
    ward_conn_sent(p.c, n);
    assert_int_equal(ward_conn_feed(p.s, copy, n), WARD_OK);
    assert_int_equal(ward_conn_handshake(p.s), WARD_E_BAD_RECORD_MAC);
    free(copy);
    pair_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tls12_every_suite_group_key),
        cmocka_unit_test(test_version_choice),
        cmocka_unit_test(test_fallback_scsv),
        cmocka_unit_test(test_downgrade_sentinel),
        cmocka_unit_test(test_tls12_mutual_auth),
        cmocka_unit_test(test_tls12_alpn_and_sni),
        cmocka_unit_test(test_renegotiation),
        cmocka_unit_test(test_renegotiation_refused),
        cmocka_unit_test(test_tls12_bad_finished_and_mac),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
