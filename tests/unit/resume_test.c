/* resume_test.c -- resumption in memory: TLS 1.3 PSK tickets, TLS 1.2 tickets
 * and session IDs, export/import, key rotation windows, and tampered tickets and
 * binders that must never resume (and never crash). Every "resumed" case checks
 * that the handshake really was abbreviated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conn.h"
#include "pair.h"

static test_pki pki;
static uint64_t fake_now = 1700000000;

static uint64_t test_clock(void *arg)
{
    (void)arg;
    return fake_now;
}

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

typedef struct env {
    ward_config *ccfg, *scfg;
} env;

static void env_new(env *e, uint16_t max_version)
{
    e->ccfg = test_client_config(&pki);
    e->scfg = test_server_config(&pki);
    ward_config_set_clock(e->ccfg, test_clock, NULL);
    ward_config_set_clock(e->scfg, test_clock, NULL);
    assert_int_equal(ward_config_set_versions(e->ccfg, 0x0303, max_version), WARD_OK);
}

static void env_free(env *e)
{
    ward_config_free(e->ccfg);
    ward_config_free(e->scfg);
}

/* Counts the Certificate messages a connection sends (none when resumed). */
static int certs_sent;
static void count_certs(void *arg, int dir, ward_trace_kind kind, const uint8_t *b, size_t n)
{
    (void)arg;
    if (dir == WARD_TRACE_OUT && kind == WARD_TRACE_HANDSHAKE && n > 0 && b[0] == HS_CERTIFICATE)
        certs_sent++;
}

/* One connection: handshake, a little data both ways (which also delivers
 * TLS 1.3 tickets), close. Returns whether it resumed; *client_session gets
 * the client's session afterwards when asked for. */
static bool connect_once(env *e, const ward_session *offer, ward_session **client_session)
{
    ward_conn *c = ward_conn_new(e->ccfg), *s = ward_conn_new(e->scfg);
    assert_int_equal(ward_conn_set_server_name(c, "localhost"), WARD_OK);
    if (offer)
        assert_int_equal(ward_conn_set_session(c, offer), WARD_OK);
    certs_sent = 0;
    ward_config_set_trace(e->scfg, count_certs, NULL);
    int src;
    int crc = test_handshake(c, s, &src);
    if (crc != WARD_OK || src != WARD_OK)
        print_error("client: %s\nserver: %s\n", ward_conn_error_detail(c),
                    ward_conn_error_detail(s));
    assert_int_equal(crc, WARD_OK);
    assert_int_equal(src, WARD_OK);
    uint8_t buf[8];
    assert_int_equal(ward_conn_write(s, (const uint8_t *)"pong", 4), WARD_OK);
    assert_int_equal(test_read_all(c, s, buf, 4), WARD_OK);
    assert_int_equal(ward_conn_write(c, (const uint8_t *)"ping", 4), WARD_OK);
    assert_int_equal(test_read_all(s, c, buf, 4), WARD_OK);
    bool resumed = ward_conn_resumed(c);
    assert_int_equal(resumed, ward_conn_resumed(s));
    /* Abbreviated for real: the server sent no certificate. */
    assert_int_equal(certs_sent, resumed ? 0 : 1);
    assert_true(ward_conn_peer_verified(c)); /* carried over from the original */
    if (client_session)
        *client_session = ward_conn_session(c);
    ward_config_set_trace(e->scfg, NULL, NULL);
    ward_conn_free(c);
    ward_conn_free(s);
    return resumed;
}

static void test_tls13_ticket_resumes(void **state)
{
    (void)state;
    env e;
    env_new(&e, 0x0304);
    assert_false(connect_once(&e, NULL, NULL));
    /* The client's store offers the ticket it got. */
    assert_true(connect_once(&e, NULL, NULL));
    assert_true(connect_once(&e, NULL, NULL));
    env_free(&e);
}

static void test_tls13_ticket_used_once(void **state)
{
    (void)state;
    env e;
    env_new(&e, 0x0304);
    assert_false(connect_once(&e, NULL, NULL));
    /* A connection takes the stored ticket when it sends its ClientHello... */
    ward_conn *c2 = ward_conn_new(e.ccfg);
    assert_int_equal(ward_conn_set_server_name(c2, "localhost"), WARD_OK);
    assert_int_equal(ward_conn_handshake(c2), WARD_WANT_READ);
    assert_true(c2->offered);
    /* ...so a second one at the same time does not offer it again (RFC 8446
     * C.4: tickets are not reused). */
    assert_false(connect_once(&e, NULL, NULL));
    ward_conn_free(c2);
    env_free(&e);
}

static void test_tls12_ticket_and_id(void **state)
{
    (void)state;
    env e;
    env_new(&e, 0x0303);
    assert_false(connect_once(&e, NULL, NULL));
    assert_true(connect_once(&e, NULL, NULL)); /* by ticket */
    env_free(&e);

    /* Tickets off: the server's session-ID cache. */
    env_new(&e, 0x0303);
    ward_config_set_tickets(e.scfg, 0, 0);
    assert_false(connect_once(&e, NULL, NULL));
    assert_true(connect_once(&e, NULL, NULL));
    assert_true(connect_once(&e, NULL, NULL));
    env_free(&e);

    /* Neither: always a full handshake. */
    env_new(&e, 0x0303);
    ward_config_set_tickets(e.scfg, 0, 0);
    assert_int_equal(ward_config_set_session_cache(e.scfg, 0, 100), WARD_OK);
    assert_false(connect_once(&e, NULL, NULL));
    assert_false(connect_once(&e, NULL, NULL));
    env_free(&e);
}

static void test_export_import(void **state)
{
    (void)state;
    for (uint16_t v = 0x0303; v <= 0x0304; v++) {
        env e;
        env_new(&e, v);
        ward_session *ws = NULL;
        assert_false(connect_once(&e, NULL, &ws));
        assert_non_null(ws);
        uint8_t buf[4096];
        size_t n;
        assert_int_equal(ward_session_export(ws, buf, sizeof buf, &n), WARD_OK);
        ward_session_free(ws);
        /* A fresh client config, as in another process. */
        ward_config_free(e.ccfg);
        e.ccfg = test_client_config(&pki);
        ward_config_set_clock(e.ccfg, test_clock, NULL);
        assert_int_equal(ward_config_set_versions(e.ccfg, 0x0303, v), WARD_OK);
        ward_session *back = NULL;
        assert_int_equal(ward_session_import(buf, n, &back), WARD_OK);
        assert_true(connect_once(&e, back, NULL));
        ward_session_free(back);
        /* Corrupt bytes never import. */
        assert_int_not_equal(ward_session_import(buf, n - 1, &back), WARD_OK);
        env_free(&e);
    }
}

static void test_tampered_ticket_falls_back(void **state)
{
    (void)state;
    for (uint16_t v = 0x0303; v <= 0x0304; v++) {
        env e;
        env_new(&e, v);
        ward_session *ws = NULL;
        assert_false(connect_once(&e, NULL, &ws));
        session *s = (session *)ws; /* ward_session wraps a session */
        assert_true(s->ticket_len > 20);
        s->ticket[s->ticket_len / 2] ^= 0x40;
        /* RFC 5077 3.4: an undecryptable ticket means a full handshake. */
        assert_false(connect_once(&e, ws, NULL));
        ward_session_free(ws);
        env_free(&e);
    }
}

static void test_tampered_binder_refused(void **state)
{
    (void)state;
    env e;
    env_new(&e, 0x0304);
    ward_session *ws = NULL;
    assert_false(connect_once(&e, NULL, &ws));
    session *s = (session *)ws;
    s->secret[0] ^= 1; /* the binder is made with the wrong PSK */
    ward_conn *c = ward_conn_new(e.ccfg), *srv = ward_conn_new(e.scfg);
    assert_int_equal(ward_conn_set_server_name(c, "localhost"), WARD_OK);
    assert_int_equal(ward_conn_set_session(c, ws), WARD_OK);
    int src;
    assert_int_equal(test_handshake(c, srv, &src), WARD_E_PEER_ALERT);
    /* RFC 8446 4.2.11: a binder that does not verify aborts the handshake. */
    assert_int_equal(src, WARD_E_BAD_BINDER);
    assert_int_equal(ward_conn_peer_alert(c), ALERT_DECRYPT_ERROR);
    ward_conn_free(c);
    ward_conn_free(srv);
    ward_session_free(ws);
    env_free(&e);
}

static void test_ticket_key_rotation_window(void **state)
{
    (void)state;
    for (uint16_t v = 0x0303; v <= 0x0304; v++) {
        env e;
        env_new(&e, v);
        assert_int_equal(ward_config_set_ticket_rotation(e.scfg, 100, 100), WARD_OK);
        ward_session *old = NULL;
        uint64_t start = fake_now;
        assert_false(connect_once(&e, NULL, &old));
        /* Rotated once (at +100); the previous key opens until +200. */
        fake_now = start + 150;
        ward_config_set_session_store(e.ccfg, 0);
        assert_true(connect_once(&e, old, NULL));
        /* Rotated again at +200: the first key is gone: a full handshake, no error. */
        fake_now = start + 250;
        assert_false(connect_once(&e, old, NULL));
        fake_now = start;
        ward_session_free(old);
        env_free(&e);
    }
}

static void test_expired_session_not_offered(void **state)
{
    (void)state;
    env e;
    env_new(&e, 0x0304);
    assert_false(connect_once(&e, NULL, NULL));
    uint64_t start = fake_now;
    fake_now = start + 8000; /* past the 7200 s lifetime */
    assert_false(connect_once(&e, NULL, NULL));
    fake_now = start;
    env_free(&e);
}

static void test_other_name_not_resumed(void **state)
{
    (void)state;
    env e;
    env_new(&e, 0x0304);
    ward_session *ws = NULL;
    assert_false(connect_once(&e, NULL, &ws));
    /* A session for "localhost" is not offered to "127.0.0.1". */
    ward_conn *c = ward_conn_new(e.ccfg), *s = ward_conn_new(e.scfg);
    assert_int_equal(ward_conn_set_server_name(c, "127.0.0.1"), WARD_OK);
    assert_int_equal(ward_conn_set_session(c, ws), WARD_OK);
    assert_int_equal(test_handshake(c, s, NULL), WARD_OK);
    assert_false(ward_conn_resumed(c));
    assert_false(ward_conn_resumed(s));
    ward_conn_free(c);
    ward_conn_free(s);
    ward_session_free(ws);
    env_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tls13_ticket_resumes),
        cmocka_unit_test(test_tls13_ticket_used_once),
        cmocka_unit_test(test_tls12_ticket_and_id),
        cmocka_unit_test(test_export_import),
        cmocka_unit_test(test_tampered_ticket_falls_back),
        cmocka_unit_test(test_tampered_binder_refused),
        cmocka_unit_test(test_ticket_key_rotation_window),
        cmocka_unit_test(test_expired_session_not_offered),
        cmocka_unit_test(test_other_name_not_resumed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
