/* limits_test.c -- each resource limit against a hostile peer has a test:
 * handshake message size, certificate chain length, empty records, KeyUpdates. */
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

static void connected(ward_config **ccfg, ward_config **scfg, ward_conn **c, ward_conn **s)
{
    *ccfg = test_client_config(&pki);
    *scfg = test_server_config(&pki);
    *c = ward_conn_new(*ccfg);
    *s = ward_conn_new(*scfg);
    assert_int_equal(ward_conn_set_server_name(*c, "localhost"), WARD_OK);
    assert_int_equal(test_handshake(*c, *s, NULL), WARD_OK);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_bounds),         cmocka_unit_test(test_handshake_message_limit),
        cmocka_unit_test(test_chain_length_limit), cmocka_unit_test(test_empty_record_flood),
        cmocka_unit_test(test_key_update_flood),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
