/* heartbeat_test.c -- RFC 6520 heartbeat over TLS 1.2, and Heartbleed: a
 * request claiming more payload than it carries is discarded, never answered
 * with bytes from beyond the record. */
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
    test_pki_make(&pki, KEY_EC_P256);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    test_pki_free(&pki);
    return 0;
}

typedef struct pair {
    ward_config *ccfg, *scfg;
    ward_conn *c, *s;
} pair;

static void pair_new(pair *p, bool client_hb, bool server_hb, uint16_t max_version)
{
    p->ccfg = test_client_config(&pki);
    p->scfg = test_server_config(&pki);
    ward_config_set_heartbeat(p->ccfg, client_hb);
    ward_config_set_heartbeat(p->scfg, server_hb);
    assert_int_equal(ward_config_set_versions(p->ccfg, 0x0303, max_version), WARD_OK);
    p->c = ward_conn_new(p->ccfg);
    p->s = ward_conn_new(p->scfg);
    assert_int_equal(ward_conn_set_server_name(p->c, "localhost"), WARD_OK);
    assert_int_equal(test_handshake(p->c, p->s, NULL), WARD_OK);
}

static void pair_free(pair *p)
{
    ward_conn_free(p->c);
    ward_conn_free(p->s);
    ward_config_free(p->ccfg);
    ward_config_free(p->scfg);
}

/* Lets conn process what its peer sent; no application data is expected. */
static int poll_read(ward_conn *conn, ward_conn *peer)
{
    uint8_t b[64];
    size_t got;
    test_pump(peer, conn);
    return ward_conn_read(conn, b, sizeof b, &got);
}

static void test_request_answered_both_ways(void **state)
{
    (void)state;
    pair p;
    pair_new(&p, true, true, 0x0303);
    assert_int_equal(ward_conn_heartbeat_status(p.c), 0);
    assert_int_equal(ward_conn_heartbeat(p.c), WARD_OK);
    assert_int_equal(ward_conn_heartbeat_status(p.c), 1);
    assert_int_equal(ward_conn_heartbeat(p.c), WARD_E_API_STATE); /* one in flight */
    assert_int_equal(poll_read(p.s, p.c), WARD_WANT_READ);
    assert_int_equal(poll_read(p.c, p.s), WARD_WANT_READ);
    assert_int_equal(ward_conn_heartbeat_status(p.c), 2);
    /* The server may probe too, and the connection still carries data. */
    assert_int_equal(ward_conn_heartbeat(p.s), WARD_OK);
    assert_int_equal(poll_read(p.c, p.s), WARD_WANT_READ);
    assert_int_equal(poll_read(p.s, p.c), WARD_WANT_READ);
    assert_int_equal(ward_conn_heartbeat_status(p.s), 2);
    uint8_t b[4];
    assert_int_equal(ward_conn_write(p.c, (const uint8_t *)"data", 4), WARD_OK);
    assert_int_equal(test_read_all(p.s, p.c, b, 4), WARD_OK);
    pair_free(&p);
}

/* A heartbeat record the client seals by hand. */
static void send_raw(ward_conn *c, const uint8_t *msg, size_t n)
{
    assert_int_equal(conn_seal_record(c, CT_HEARTBEAT, msg, n), WARD_OK);
}

static void test_heartbleed_request_discarded(void **state)
{
    (void)state;
    pair p;
    pair_new(&p, true, true, 0x0303);
    /* Claims 16384 bytes of payload, carries 1 byte and the 16 bytes of padding. */
    uint8_t msg[3 + 1 + 16] = {1, 0x40, 0x00, 'A'};
    send_raw(p.c, msg, sizeof msg);
    assert_int_equal(poll_read(p.s, p.c), WARD_WANT_READ);
    const uint8_t *out;
    assert_int_equal(ward_conn_pending(p.s, &out), 0); /* no answer at all */
    /* Claims exactly what it carries but leaves no room for padding: discarded. */
    uint8_t tight[3 + 20] = {1, 0, 20};
    send_raw(p.c, tight, sizeof tight);
    assert_int_equal(poll_read(p.s, p.c), WARD_WANT_READ);
    assert_int_equal(ward_conn_pending(p.s, &out), 0);
    /* Too short to hold a header: discarded. */
    uint8_t stub[2] = {1, 0};
    send_raw(p.c, stub, sizeof stub);
    assert_int_equal(poll_read(p.s, p.c), WARD_WANT_READ);
    assert_int_equal(ward_conn_pending(p.s, &out), 0);
    /* The connection is unharmed. */
    assert_int_equal(ward_conn_error(p.s), 0);
    assert_int_equal(ward_conn_heartbeat(p.c), WARD_OK);
    assert_int_equal(poll_read(p.s, p.c), WARD_WANT_READ);
    assert_int_equal(poll_read(p.c, p.s), WARD_WANT_READ);
    assert_int_equal(ward_conn_heartbeat_status(p.c), 2);
    pair_free(&p);
}

static void test_wrong_response_ignored(void **state)
{
    (void)state;
    pair p;
    pair_new(&p, true, true, 0x0303);
    assert_int_equal(ward_conn_heartbeat(p.c), WARD_OK);
    /* A response with another payload (the server's real answer is dropped). */
    const uint8_t *out;
    size_t n = ward_conn_pending(p.c, &out);
    ward_conn_sent(p.c, n);
    uint8_t fake[3 + 16 + 16] = {2, 0, 16};
    assert_int_equal(conn_seal_record(p.s, CT_HEARTBEAT, fake, sizeof fake), WARD_OK);
    assert_int_equal(poll_read(p.c, p.s), WARD_WANT_READ);
    assert_int_equal(ward_conn_heartbeat_status(p.c), 1);
    pair_free(&p);
}

static void test_not_negotiated(void **state)
{
    (void)state;
    /* The server has it off: no extension in its hello, no heartbeats. */
    pair p;
    pair_new(&p, true, false, 0x0303);
    assert_int_equal(ward_conn_heartbeat(p.c), WARD_E_API_STATE);
    uint8_t msg[3 + 16 + 16] = {1, 0, 16};
    send_raw(p.c, msg, sizeof msg);
    /* RFC 6520 2: a heartbeat that was not negotiated is unexpected_message. */
    assert_int_equal(poll_read(p.s, p.c), WARD_E_UNEXPECTED_MESSAGE);
    assert_int_equal(poll_read(p.c, p.s), WARD_E_PEER_ALERT);
    assert_int_equal(ward_conn_peer_alert(p.c), ALERT_UNEXPECTED_MESSAGE);
    pair_free(&p);

    /* TLS 1.3 has no heartbeat. */
    pair_new(&p, true, true, 0x0304);
    assert_int_equal(ward_conn_version(p.c), 0x0304);
    assert_int_equal(ward_conn_heartbeat(p.c), WARD_E_API_STATE);
    pair_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_answered_both_ways),
        cmocka_unit_test(test_heartbleed_request_discarded),
        cmocka_unit_test(test_wrong_response_ignored),
        cmocka_unit_test(test_not_negotiated),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
