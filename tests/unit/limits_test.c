/* limits_test.c -- each resource limit against a hostile peer has a test:
 * handshake message size, certificate chain length, empty records, KeyUpdates,
 * warning alerts, renegotiations per connection. (Refused 0-RTT data has its
 * limit in the hostile-input catalogue, tests/unit/hostile_test.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conn.h"
#include "pair.h"

static test_pki pki;

static int setup(void **state)
{
    (void)state;
    test_pki_make(&pki, KEY_RSA);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    test_pki_free(&pki);
    return 0;
}

static void test_api_bounds(void **state)
{
    (void)state;
    ward_config *cfg = ward_config_new(WARD_CLIENT);
    assert_int_equal(ward_config_set_limits(cfg, 1023, 4), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(ward_config_set_limits(cfg, 4096, 0), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(ward_config_set_limits(cfg, 4096, 17), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(ward_config_set_limits(cfg, 4096, 16), WARD_OK);
    ward_config_free(cfg);
}

static void test_handshake_message_limit(void **state)
{
    (void)state;
    /* The server's RSA certificate chain is well over 1 KiB in one message. */
    ward_config *ccfg = test_client_config(&pki), *scfg = test_server_config(&pki);
    assert_int_equal(ward_config_set_limits(ccfg, 1024, 16), WARD_OK);
    ward_conn *c = ward_conn_new(ccfg), *s = ward_conn_new(scfg);
    assert_int_equal(ward_conn_set_server_name(c, "localhost"), WARD_OK);
    int src;
    assert_int_equal(test_handshake(c, s, &src), WARD_E_MESSAGE_TOO_LARGE);
    assert_int_equal(src, WARD_E_PEER_ALERT);
    assert_int_equal(ward_conn_peer_alert(s), ALERT_ILLEGAL_PARAMETER);
    ward_conn_free(c);
    ward_conn_free(s);
    ward_config_free(ccfg);
    ward_config_free(scfg);
}

static void test_chain_length_limit(void **state)
{
    (void)state;
    /* The demo chain is leaf + CA: two certificates, over a limit of one. */
    ward_config *ccfg = test_client_config(&pki), *scfg = test_server_config(&pki);
    assert_int_equal(ward_config_set_limits(ccfg, 65536, 1), WARD_OK);
    ward_conn *c = ward_conn_new(ccfg), *s = ward_conn_new(scfg);
    assert_int_equal(ward_conn_set_server_name(c, "localhost"), WARD_OK);
    int src;
    assert_int_equal(test_handshake(c, s, &src), WARD_E_BAD_CERTIFICATE);
    assert_int_equal(ward_conn_peer_alert(s), ALERT_BAD_CERTIFICATE);
    ward_conn_free(c);
    ward_conn_free(s);
    ward_config_free(ccfg);
    ward_config_free(scfg);
}

/* A connected pair of the version (0: whatever they negotiate). */
static void connected_version(uint16_t version, ward_config **ccfg, ward_config **scfg,
                              ward_conn **c, ward_conn **s)
{
    *ccfg = test_client_config(&pki);
    *scfg = test_server_config(&pki);
    if (version)
        assert_int_equal(ward_config_set_versions(*ccfg, version, version), WARD_OK);
    *c = ward_conn_new(*ccfg);
    *s = ward_conn_new(*scfg);
    assert_int_equal(ward_conn_set_server_name(*c, "localhost"), WARD_OK);
    assert_int_equal(test_handshake(*c, *s, NULL), WARD_OK);
    if (version)
        assert_int_equal(ward_conn_version(*c), version);
}

static void connected(ward_config **ccfg, ward_config **scfg, ward_conn **c, ward_conn **s)
{
    connected_version(0, ccfg, scfg, c, s);
}

static void test_empty_record_flood(void **state)
{
    (void)state;
    ward_config *ccfg, *scfg;
    ward_conn *c, *s;
    connected(&ccfg, &scfg, &c, &s);
    /* Empty application_data records cost the receiver work and deliver
     * nothing: a run of them is cut off. */
    for (int i = 0; i <= CONN_MAX_EMPTY_RECORDS; i++)
        assert_int_equal(conn_seal_record(c, CT_APPLICATION_DATA, NULL, 0), WARD_OK);
    test_pump(c, s);
    uint8_t b[8];
    size_t got;
    assert_int_equal(ward_conn_read(s, b, sizeof b, &got), WARD_E_TOO_MANY_EMPTY);
    ward_conn_free(c);
    ward_conn_free(s);
    ward_config_free(ccfg);
    ward_config_free(scfg);
}

static void test_key_update_flood(void **state)
{
    (void)state;
    ward_config *ccfg, *scfg;
    ward_conn *c, *s;
    connected(&ccfg, &scfg, &c, &s);
    /* KeyUpdates without application data in between are bounded. */
    for (int i = 0; i <= CONN_MAX_KEY_UPDATES; i++)
        assert_int_equal(ward_conn_key_update(c, 0), WARD_OK);
    test_pump(c, s);
    uint8_t b[8];
    size_t got;
    assert_int_equal(ward_conn_read(s, b, sizeof b, &got), WARD_E_TOO_MANY_KEY_UPDATES);
    ward_conn_free(c);
    ward_conn_free(s);
    ward_config_free(ccfg);
    ward_config_free(scfg);
}

/* Seals count warning alerts (user_canceled, which TLS 1.3 also accepts as a
 * warning) from `from`, and lets `to` read them. */
static int send_warnings(ward_conn *from, ward_conn *to, int count)
{
    static const uint8_t warning[] = {ALERT_LEVEL_WARNING, ALERT_USER_CANCELED};
    for (int i = 0; i < count; i++)
        assert_int_equal(conn_seal_record(from, CT_ALERT, warning, sizeof warning), WARD_OK);
    test_pump(from, to);
    uint8_t b[8];
    size_t got;
    return ward_conn_read(to, b, sizeof b, &got);
}

static void warning_flood(uint16_t version)
{
    ward_config *ccfg, *scfg;
    ward_conn *c, *s;
    connected_version(version, &ccfg, &scfg, &c, &s);
    /* Warnings cost the receiver work and mean nothing: at most
     * CONN_MAX_WARNINGS in the life of a connection, application data or not. */
    assert_int_equal(send_warnings(c, s, CONN_MAX_WARNINGS - 1), WARD_WANT_READ);
    assert_int_equal(ward_conn_write(c, (const uint8_t *)"x", 1), WARD_OK);
    uint8_t x;
    assert_int_equal(test_read_all(s, c, &x, 1), WARD_OK);
    assert_int_equal(send_warnings(c, s, 1), WARD_WANT_READ);
    assert_int_equal(send_warnings(c, s, 1), WARD_E_TOO_MANY_WARNINGS);
    /* The alert reaches the peer. */
    uint8_t b[8];
    size_t got;
    test_pump(s, c);
    assert_int_equal(ward_conn_read(c, b, sizeof b, &got), WARD_E_PEER_ALERT);
    assert_int_equal(ward_conn_peer_alert(c), ALERT_UNEXPECTED_MESSAGE);
    assert_int_equal(ward_conn_read(s, b, sizeof b, &got), WARD_E_TOO_MANY_WARNINGS);
    ward_conn_free(c);
    ward_conn_free(s);
    ward_config_free(ccfg);
    ward_config_free(scfg);
}

static void test_warning_alert_flood(void **state)
{
    (void)state;
    warning_flood(0x0303);
    warning_flood(0x0304);
}

/* Both sides read until the server's renegotiation request is answered (or
 * a side fails); returns the client's last result. */
static int run_renegotiation(ward_conn *c, ward_conn *s, int *server_rc)
{
    int crc = WARD_WANT_READ, src = WARD_WANT_READ;
    uint8_t b[8];
    size_t got;
    for (int i = 0; i < 8 && crc == WARD_WANT_READ && src == WARD_WANT_READ; i++) {
        test_pump(s, c);
        crc = ward_conn_read(c, b, sizeof b, &got);
        test_pump(c, s);
        src = ward_conn_read(s, b, sizeof b, &got);
    }
    /* The client sees what the server sent last (an alert, say). */
    test_pump(s, c);
    if (crc == WARD_WANT_READ)
        crc = ward_conn_read(c, b, sizeof b, &got);
    *server_rc = src;
    return crc;
}

/* A TLS 1.2 pair after sixteen renegotiations, with ECDSA keys (cheaper than
 * the RSA ones of the other tests: 17 handshakes). */
static void renegotiated_pair(const test_pki *ec, ward_config **ccfg, ward_config **scfg,
                              ward_conn **c, ward_conn **s)
{
    *ccfg = test_client_config(ec);
    *scfg = test_server_config(ec);
    assert_int_equal(ward_config_set_versions(*ccfg, 0x0303, 0x0303), WARD_OK);
    ward_config_set_renegotiation(*ccfg, WARD_RENEG_SECURE);
    *c = ward_conn_new(*ccfg);
    *s = ward_conn_new(*scfg);
    assert_int_equal(ward_conn_set_server_name(*c, "localhost"), WARD_OK);
    assert_int_equal(test_handshake(*c, *s, NULL), WARD_OK);
    int src;
    /* RENEG_MAX_PER_CONN (src/hs/tls12_reneg.c) renegotiations succeed. */
    for (int i = 1; i <= 16; i++) {
        assert_int_equal(ward_conn_renegotiate(*s), WARD_OK);
        assert_int_equal(run_renegotiation(*c, *s, &src), WARD_WANT_READ);
        assert_int_equal(src, WARD_WANT_READ);
        assert_int_equal(ward_conn_renegotiations(*c), i);
        assert_int_equal(ward_conn_renegotiations(*s), i);
    }
}

static void free_pair(ward_config *ccfg, ward_config *scfg, ward_conn *c, ward_conn *s)
{
    ward_conn_free(c);
    ward_conn_free(s);
    ward_config_free(ccfg);
    ward_config_free(scfg);
}

static void test_renegotiation_limit_client(void **state)
{
    (void)state;
    ward_config *ccfg, *scfg;
    ward_conn *c, *s;
    test_pki ec;
    test_pki_make(&ec, KEY_EC_P256);
    renegotiated_pair(&ec, &ccfg, &scfg, &c, &s);
    /* The 17th HelloRequest: the client refuses with a fatal no_renegotiation
     * (a decline would be a warning; past the limit the connection ends). */
    int src;
    assert_int_equal(ward_conn_renegotiate(s), WARD_OK);
    assert_int_equal(run_renegotiation(c, s, &src), WARD_E_NO_RENEGOTIATION);
    assert_int_equal(src, WARD_E_PEER_ALERT);
    assert_int_equal(ward_conn_peer_alert(s), ALERT_NO_RENEGOTIATION);
    assert_int_equal(ward_conn_renegotiations(c), 16);
    free_pair(ccfg, scfg, c, s);
    test_pki_free(&ec);
}

static void test_renegotiation_limit_server(void **state)
{
    (void)state;
    ward_config *ccfg, *scfg;
    ward_conn *c, *s;
    test_pki ec;
    test_pki_make(&ec, KEY_EC_P256);
    renegotiated_pair(&ec, &ccfg, &scfg, &c, &s);
    /* A client that keeps going (its count reset by the test): the server
     * refuses the 17th ClientHello the same way. */
    c->renegotiations = 0;
    int src;
    assert_int_equal(ward_conn_renegotiate(s), WARD_OK);
    assert_int_equal(run_renegotiation(c, s, &src), WARD_E_PEER_ALERT);
    assert_int_equal(ward_conn_peer_alert(c), ALERT_NO_RENEGOTIATION);
    assert_int_equal(src, WARD_E_NO_RENEGOTIATION);
    assert_int_equal(ward_conn_renegotiations(s), 16);
    free_pair(ccfg, scfg, c, s);
    test_pki_free(&ec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_bounds),
        cmocka_unit_test(test_handshake_message_limit),
        cmocka_unit_test(test_chain_length_limit),
        cmocka_unit_test(test_empty_record_flood),
        cmocka_unit_test(test_key_update_flood),
        cmocka_unit_test(test_warning_alert_flood),
        cmocka_unit_test(test_renegotiation_limit_client),
        cmocka_unit_test(test_renegotiation_limit_server),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
