/* legacy_test.c -- the "legacy" policy in memory: every legacy TLS 1.2 suite
 * end to end (CBC suites with and without encrypt-then-MAC), what the default
 * policy still refuses, encrypt-then-MAC negotiation, resumption and
 * renegotiation (RFC 7366), RFC 7919 group choice, forward secrecy marking.
 * Hostile peers are in legacy_hostile_test.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hs_flight.h"
#include "legacy_pair.h"
#include "msg/msg.h"
#include "policy.h"

/* The suites "legacy" adds, in its order of preference. */
static const char *const legacy12[] = {
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",     "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_128_GCM_SHA256",         "TLS_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_128_CBC_SHA256",         "TLS_RSA_WITH_AES_256_CBC_SHA256",
};
#define N_LEGACY12 (sizeof legacy12 / sizeof legacy12[0])

static uint16_t code_of(const char *name)
{
    uint16_t c = suite_by_name(name, strlen(name));
    assert_int_not_equal(c, 0);
    return c;
}

static int teardown(void **state)
{
    (void)state;
    lpki_free();
    return 0;
}

/* ---- what each policy allows ---- */

static void test_policy_api(void **state)
{
    (void)state;
    ward_config *cfg = ward_config_new(WARD_CLIENT);
    assert_int_equal(ward_config_set_policy(cfg, "legacy"), WARD_OK);
    assert_int_equal(ward_config_set_suites(cfg, "TLS_RSA_WITH_AES_128_GCM_SHA256"), WARD_OK);
    assert_int_equal(ward_config_set_groups(cfg, "ffdhe3072,x25519"), WARD_OK);
    /* The default and tls13 policies do not reach the legacy suites or groups. */
    for (int i = 0; i < 2; i++) {
        assert_int_equal(ward_config_set_policy(cfg, i ? "tls13" : "default"), WARD_OK);
        for (size_t k = 0; k < N_LEGACY12; k++)
            assert_int_equal(ward_config_set_suites(cfg, legacy12[k]), WARD_E_INVALID_ARGUMENT);
        assert_int_equal(ward_config_set_groups(cfg, "ffdhe2048"), WARD_E_INVALID_ARGUMENT);
        assert_int_equal(ward_config_set_groups(cfg, "x25519"), WARD_OK);
    }
    assert_int_equal(ward_config_set_policy(cfg, "Legacy"), WARD_E_INVALID_ARGUMENT);
    ward_config_free(cfg);
}

/* The client's first ClientHello, parsed (the flight stays in f). */
static void first_hello(ward_config *cfg, hs_flight *f, client_hello *ch)
{
    ward_conn *c = ward_conn_new(cfg);
    assert_int_equal(ward_conn_set_server_name(c, "localhost"), WARD_OK);
    assert_int_equal(ward_conn_handshake(c), WARD_WANT_READ);
    hs_flight_take(c, f);
    uint8_t *body;
    size_t len;
    assert_true(hs_flight_body(f, HS_CLIENT_HELLO, &body, &len));
    assert_int_equal(client_hello_parse(reader_of(body, len), ch), WARD_OK);
    ward_conn_free(c);
}

static size_t list_legacy(const client_hello *ch, bool *in_order)
{
    size_t found = 0, last = 0;
    *in_order = true;
    for (size_t k = 0; k < N_LEGACY12; k++) {
        reader list = ch->suites;
        uint16_t v;
        for (size_t pos = 0; u16_list_next(&list, &v); pos++)
            if (v == code_of(legacy12[k])) {
                *in_order &= pos > last;
                last = pos;
                found++;
            }
    }
    return found;
}

static bool lists_ffdhe(const client_hello *ch)
{
    reader list = ch->groups;
    uint16_t g;
    while (u16_list_next(&list, &g))
        if (kx_group_is_ffdhe(g))
            return true;
    return false;
}

/* The default policy's ClientHello has no legacy suite, no RFC 7919 group and
 * no encrypt_then_mac; the legacy one has all of them, the AEAD suites first. */
static void test_client_hello_lists(void **state)
{
    (void)state;
    lpair p;
    lpair_configs(&p, "default", "legacy");
    hs_flight f;
    client_hello ch;
    bool in_order;
    first_hello(p.ccfg, &f, &ch);
    assert_int_equal(list_legacy(&ch, &in_order), 0);
    assert_false(ch.has_etm || lists_ffdhe(&ch));
    hs_flight_free(&f);
    assert_int_equal(ward_config_set_policy(p.ccfg, "legacy"), WARD_OK);
    first_hello(p.ccfg, &f, &ch);
    assert_int_equal(list_legacy(&ch, &in_order), N_LEGACY12);
    assert_true(in_order);
    reader list = ch.suites;
    uint16_t first12 = 0, v;
    while (first12 == 0 && u16_list_next(&list, &v))
        first12 = suite_find(v) && suite_find(v)->version == 0x0303 ? v : 0;
    assert_int_equal(first12, SUITE_ECDHE_ECDSA_AES_128_GCM_SHA256);
    assert_true(ch.has_etm && lists_ffdhe(&ch));
    hs_flight_free(&f);
    /* Without a CBC suite there is nothing to ask encrypt-then-MAC for. */
    assert_int_equal(ward_config_set_suites(p.ccfg, "TLS_RSA_WITH_AES_128_GCM_SHA256"), WARD_OK);
    first_hello(p.ccfg, &f, &ch);
    assert_false(ch.has_etm);
    hs_flight_free(&f);
    lpair_free(&p);
}

/* A default server refuses a client that offers only legacy suites. */
static void test_default_server_refuses(void **state)
{
    (void)state;
    lpair p;
    lpair_configs(&p, "legacy", "default");
    assert_int_equal(ward_config_set_versions(p.ccfg, 0x0303, 0x0303), WARD_OK);
    assert_int_equal(ward_config_set_suites(p.ccfg, "TLS_RSA_WITH_AES_128_GCM_SHA256,"
                                                    "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,"
                                                    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
                     WARD_OK);
    lpair_conns(&p);
    int src, crc = test_handshake(p.c, p.s, &src);
    assert_int_equal(src, WARD_E_NO_SHARED_CIPHER);
    assert_int_equal(crc, WARD_E_PEER_ALERT);
    assert_int_equal(ward_conn_peer_alert(p.c), 40); /* handshake_failure */
    lpair_free(&p);
}

/* ---- every legacy suite ---- */

static void check_suite(lpair *p, const suite_info *si, bool etm)
{
    ward_conn *sides[2] = {p->c, p->s};
    for (int i = 0; i < 2; i++) {
        ward_conn *c = sides[i];
        assert_int_equal(ward_conn_version(c), 0x0303);
        assert_int_equal(ward_conn_cipher_suite(c), si->code);
        assert_int_equal(ward_conn_encrypt_then_mac(c), etm);
        assert_int_equal(ward_conn_forward_secret(c), si->kx != KX_RSA);
        uint16_t want = si->kx == KX_RSA ? 0 : si->kx == KX_DHE ? GROUP_FFDHE2048 : GROUP_X25519;
        assert_int_equal(ward_conn_group(c), want);
    }
}

static void run_suite(const char *name, bool etm)
{
    const suite_info *si = suite_find(code_of(name));
    lpair p;
    lpair_configs(&p, "legacy", "legacy");
    assert_int_equal(ward_config_set_suites(p.ccfg, name), WARD_OK);
    if (!etm)
        ward_config_set_encrypt_then_mac(p.ccfg, 0);
    lpair_conns(&p);
    lpair_handshake_ok(&p);
    check_suite(&p, si, etm && suite_is_cbc(si));
    /* Several records each way, partial blocks included. */
    lpair_exchange(&p, 40000 + 7);
    lpair_exchange(&p, 1);
    lpair_free(&p);
}

static void test_every_suite(void **state)
{
    (void)state;
    for (size_t k = 0; k < N_LEGACY12; k++) {
        run_suite(legacy12[k], true);
        if (suite_is_cbc(suite_find(code_of(legacy12[k]))))
            run_suite(legacy12[k], false);
    }
}

/* The server's own --no-etm gives MAC-then-encrypt too. */
static void test_server_declines_etm(void **state)
{
    (void)state;
    lpair p;
    lpair_configs(&p, "legacy", "legacy");
    assert_int_equal(ward_config_set_suites(p.ccfg, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
                     WARD_OK);
    ward_config_set_encrypt_then_mac(p.scfg, 0);
    lpair_conns(&p);
    lpair_handshake_ok(&p);
    check_suite(&p, suite_find(SUITE_ECDHE_RSA_AES_256_CBC_SHA384), false);
    lpair_exchange(&p, 3000);
    lpair_free(&p);
}

/* Two legacy peers with everything on agree on the best: TLS 1.3. */
static void test_best_first(void **state)
{
    (void)state;
    lpair p;
    lpair_configs(&p, "legacy", "legacy");
    lpair_conns(&p);
    lpair_handshake_ok(&p);
    assert_int_equal(ward_conn_version(p.c), 0x0304);
    assert_int_equal(ward_conn_forward_secret(p.c), 1);
    lpair_free_conns(&p);
    assert_int_equal(ward_config_set_versions(p.ccfg, 0x0303, 0x0303), WARD_OK);
    lpair_conns(&p);
    lpair_handshake_ok(&p);
    assert_int_equal(ward_conn_cipher_suite(p.c), SUITE_ECDHE_ECDSA_AES_128_GCM_SHA256);
    assert_int_equal(ward_conn_encrypt_then_mac(p.c), 0); /* RFC 7366 3: not for AEAD */
    lpair_free(&p);
}

/* ---- encrypt-then-MAC in the ServerHello ---- */

typedef struct sh_seen {
    bool seen, has_etm;
    char notes[2048];
} sh_seen;

static void watch(void *arg, int dir, ward_trace_kind kind, const uint8_t *b, size_t len)
{
    sh_seen *w = arg;
    if (kind == WARD_TRACE_NOTE) {
        size_t used = strlen(w->notes);
        snprintf(w->notes + used, sizeof w->notes - used, "%.*s|", (int)len, (const char *)b);
    }
    if (dir != WARD_TRACE_OUT || kind != WARD_TRACE_HANDSHAKE || len < 4 || b[0] != HS_SERVER_HELLO)
        return;
    server_hello sh;
    assert_int_equal(server_hello_parse(reader_of(b + 4, len - 4), &sh), WARD_OK);
    w->seen = true;
    w->has_etm = sh.has_etm;
}

static void test_etm_only_for_cbc(void **state)
{
    (void)state;
    static const struct {
        const char *suites;
        bool etm;
    } cases[] = {
        {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", false},
        {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", true},
        {"TLS_RSA_WITH_AES_256_GCM_SHA384,TLS_RSA_WITH_AES_256_CBC_SHA256", false},
        {"TLS_RSA_WITH_AES_256_CBC_SHA256", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lpair p;
        lpair_configs(&p, "legacy", "legacy");
        sh_seen w = {0};
        ward_config_set_trace(p.scfg, watch, &w);
        assert_int_equal(ward_config_set_suites(p.scfg, cases[i].suites), WARD_OK);
        assert_int_equal(ward_config_set_versions(p.ccfg, 0x0303, 0x0303), WARD_OK);
        lpair_conns(&p);
        lpair_handshake_ok(&p);
        assert_true(w.seen);
        assert_int_equal(w.has_etm, cases[i].etm);
        assert_int_equal(ward_conn_encrypt_then_mac(p.c), cases[i].etm);
        assert_int_equal(ward_conn_encrypt_then_mac(p.s), cases[i].etm);
        lpair_exchange(&p, 100);
        lpair_free(&p);
    }
}

/* ---- forward secrecy ---- */

static void test_forward_secrecy_marked(void **state)
{
    (void)state;
    lpair p;
    lpair_configs(&p, "legacy", "legacy");
    sh_seen cw = {0}, sw = {0};
    ward_config_set_trace(p.ccfg, watch, &cw);
    ward_config_set_trace(p.scfg, watch, &sw);
    assert_int_equal(ward_config_set_suites(p.ccfg, "TLS_RSA_WITH_AES_128_GCM_SHA256"), WARD_OK);
    lpair_conns(&p);
    assert_int_equal(ward_conn_forward_secret(p.c), 0); /* nothing negotiated yet */
    lpair_handshake_ok(&p);
    assert_int_equal(ward_conn_forward_secret(p.c), 0);
    assert_int_equal(ward_conn_forward_secret(p.s), 0);
    assert_non_null(strstr(cw.notes, "NOT forward secret"));
    assert_non_null(strstr(sw.notes, "NOT forward secret"));
    lpair_free(&p);
}

/* The trace printer shows the legacy handshakes: the RFC 7919 group in the
 * ServerDHParams, the RSA-encrypted premaster's size, encrypt_then_mac asked
 * for and granted, and the note that the RSA key exchange is not forward
 * secret. */
static char *traced_handshake(const char *suite)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    lpair p;
    lpair_configs(&p, "legacy", "legacy");
    ward_config_set_trace(p.ccfg, ward_trace_print, f);
    assert_int_equal(ward_config_set_suites(p.ccfg, suite), WARD_OK);
    lpair_conns(&p);
    lpair_handshake_ok(&p);
    lpair_free(&p);
    fclose(f);
    return text;
}

static void test_trace(void **state)
{
    (void)state;
    char *t = traced_handshake("TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");
    assert_non_null(strstr(t, "Diffie-Hellman Server Params"));
    assert_non_null(strstr(t, "p Length: 256  [ffdhe2048 (0x0100), RFC 7919]"));
    assert_non_null(strstr(t, "g Length: 1  g: 02"));
    assert_null(strstr(t, "encrypt_then_mac")); /* no CBC suite offered */
    free(t);
    t = traced_handshake("TLS_RSA_WITH_AES_128_CBC_SHA256");
    assert_non_null(strstr(t, "[256 bytes: the RSA modulus size (2048 bits), or the DH value]"));
    assert_non_null(strstr(t, "encrypt_then_mac (len=0)  [asks for encrypt-then-MAC"));
    assert_non_null(strstr(t, "encrypt_then_mac (len=0)  [CBC records: encrypt-then-MAC]"));
    assert_non_null(strstr(t, "RSA key exchange: NOT forward secret"));
    free(t);
}

/* ---- resumption (RFC 7366 3.1) ---- */

static ward_session *full_handshake(lpair *p)
{
    ward_config_set_session_store(p->ccfg, 0); /* only what offer() sets */
    lpair_conns(p);
    lpair_handshake_ok(p);
    lpair_exchange(p, 10);
    assert_int_equal(ward_conn_resumed(p->c), 0);
    ward_session *ws = ward_conn_session(p->c);
    assert_non_null(ws);
    lpair_free_conns(p);
    return ws;
}

/* A fresh client connection offering ws; returns the handshake's result. */
static int offer(lpair *p, const ward_session *ws)
{
    lpair_conns(p);
    assert_int_equal(ward_conn_set_session(p->c, ws), WARD_OK);
    int src;
    return test_handshake(p->c, p->s, &src);
}

static void test_resumption_keeps_etm(void **state)
{
    (void)state;
    lpair p;
    lpair_configs(&p, "legacy", "legacy");
    assert_int_equal(ward_config_set_suites(p.ccfg, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), WARD_OK);
    ward_session *ws = full_handshake(&p);
    /* The same state again: resumed, with encrypt-then-MAC. */
    assert_int_equal(offer(&p, ws), WARD_OK);
    assert_int_equal(ward_conn_resumed(p.c), 1);
    assert_int_equal(ward_conn_resumed(p.s), 1);
    assert_int_equal(ward_conn_encrypt_then_mac(p.c), 1);
    assert_int_equal(ward_conn_encrypt_then_mac(p.s), 1);
    lpair_exchange(&p, 1000);
    lpair_free_conns(&p);
    /* A client no longer asking for it gets a full handshake, MAC-then-encrypt. */
    ward_config_set_encrypt_then_mac(p.ccfg, 0);
    assert_int_equal(offer(&p, ws), WARD_OK);
    assert_int_equal(ward_conn_resumed(p.c), 0);
    assert_int_equal(ward_conn_encrypt_then_mac(p.c), 0);
    lpair_exchange(&p, 1000);
    lpair_free_conns(&p);
    ward_session_free(ws);
    /* And the other way round: a MAC-then-encrypt session is not resumed with
     * encrypt-then-MAC. */
    ws = full_handshake(&p);
    ward_config_set_encrypt_then_mac(p.ccfg, 1);
    assert_int_equal(offer(&p, ws), WARD_OK);
    assert_int_equal(ward_conn_resumed(p.c), 0);
    assert_int_equal(ward_conn_encrypt_then_mac(p.c), 1);
    lpair_free(&p);
    ward_session_free(ws);
}

/* The client checks too: a server resuming with another state than the one
 * the client's session records is refused. The client's copy is altered
 * (flags byte of the exported form, bit 2). */
static void test_resumption_etm_mismatch(void **state)
{
    (void)state;
    lpair p;
    lpair_configs(&p, "legacy", "legacy");
    assert_int_equal(ward_config_set_suites(p.ccfg, "TLS_RSA_WITH_AES_128_CBC_SHA256"), WARD_OK);
    ward_session *ws = full_handshake(&p);
    uint8_t buf[4096];
    size_t n;
    assert_int_equal(ward_session_export(ws, buf, sizeof buf, &n), WARD_OK);
    assert_int_equal(buf[7] & 0x04, 0x04);
    buf[7] &= (uint8_t)~0x04;
    ward_session *altered;
    assert_int_equal(ward_session_import(buf, n, &altered), WARD_OK);
    assert_int_equal(offer(&p, altered), WARD_E_ILLEGAL_PARAMETER);
    lpair_free(&p);
    ward_session_free(ws);
    ward_session_free(altered);
}

/* An RSA session stays not forward secret when resumed. */
static void test_resumed_rsa_not_forward_secret(void **state)
{
    (void)state;
    lpair p;
    lpair_configs(&p, "legacy", "legacy");
    assert_int_equal(ward_config_set_suites(p.ccfg, "TLS_RSA_WITH_AES_256_GCM_SHA384"), WARD_OK);
    ward_session *ws = full_handshake(&p);
    assert_int_equal(offer(&p, ws), WARD_OK);
    assert_int_equal(ward_conn_resumed(p.s), 1);
    assert_int_equal(ward_conn_forward_secret(p.c), 0);
    assert_int_equal(ward_conn_forward_secret(p.s), 0);
    lpair_free(&p);
    ward_session_free(ws);
}

/* ---- renegotiation (RFC 7366 3.1) ---- */

/* Reads on both sides until neither moves; returns the client's last result. */
static int settle(lpair *p)
{
    uint8_t sink[64];
    size_t got;
    int crc = WARD_WANT_READ;
    for (int i = 0; i < 8; i++) {
        test_pump(p->s, p->c);
        crc = ward_conn_read(p->c, sink, sizeof sink, &got);
        test_pump(p->c, p->s);
        int src = ward_conn_read(p->s, sink, sizeof sink, &got);
        (void)src; /* the server's outcome is checked by the caller */
    }
    return crc;
}

static void test_renegotiation_keeps_etm(void **state)
{
    (void)state;
    lpair p;
    lpair_configs(&p, "legacy", "legacy");
    assert_int_equal(ward_config_set_versions(p.ccfg, 0x0303, 0x0303), WARD_OK);
    assert_int_equal(ward_config_set_suites(p.ccfg, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
                     WARD_OK);
    ward_config_set_renegotiation(p.ccfg, WARD_RENEG_SECURE);
    lpair_conns(&p);
    lpair_handshake_ok(&p);
    assert_int_equal(ward_conn_renegotiate(p.s), WARD_OK);
    assert_int_equal(settle(&p), WARD_WANT_READ);
    assert_int_equal(ward_conn_renegotiations(p.s), 1);
    assert_int_equal(ward_conn_encrypt_then_mac(p.s), 1);
    lpair_exchange(&p, 500);
    /* Now the client stops asking for it: the server will not go back to
     * MAC-then-encrypt, and without another suite that is the end. */
    ward_config_set_encrypt_then_mac(p.ccfg, 0);
    assert_int_equal(ward_conn_renegotiate(p.s), WARD_OK);
    settle(&p);
    assert_int_equal(ward_conn_error(p.s), WARD_E_NO_SHARED_CIPHER);
    assert_int_equal(ward_conn_peer_alert(p.c), 40);
    lpair_free(&p);
}

/* ---- RFC 7919 group choice ---- */

static void run_dhe(const char *client_groups, const char *server_groups, uint16_t want)
{
    lpair p;
    lpair_configs(&p, "legacy", "legacy");
    assert_int_equal(ward_config_set_suites(p.ccfg, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
                     WARD_OK);
    assert_int_equal(ward_config_set_groups(p.ccfg, client_groups), WARD_OK);
    if (server_groups)
        assert_int_equal(ward_config_set_groups(p.scfg, server_groups), WARD_OK);
    lpair_conns(&p);
    int src, crc = test_handshake(p.c, p.s, &src);
    if (want == 0) {
        assert_int_equal(src, WARD_E_NO_SHARED_GROUP);
        assert_int_equal(crc, WARD_E_PEER_ALERT);
    } else {
        assert_int_equal(crc, WARD_OK);
        assert_int_equal(ward_conn_group(p.c), want);
        assert_int_equal(ward_conn_group(p.s), want);
        lpair_exchange(&p, 100);
    }
    lpair_free(&p);
}

static void test_ffdhe_choice(void **state)
{
    (void)state;
    run_dhe("ffdhe3072", NULL, GROUP_FFDHE3072);
    run_dhe("ffdhe4096,ffdhe2048", NULL, GROUP_FFDHE2048); /* the server's preference */
    run_dhe("ffdhe4096,ffdhe2048", "x25519,ffdhe4096,ffdhe3072", GROUP_FFDHE4096);
    /* RFC 7919 4: a client listing no FFDHE group may get the server's first. */
    run_dhe("x25519", NULL, GROUP_FFDHE2048);
    run_dhe("secp256r1", "ffdhe3072,x25519", GROUP_FFDHE3072);
    /* ... but one listing only groups the server lacks gets no DHE suite. */
    run_dhe("ffdhe4096", "x25519,ffdhe2048", 0);
}

/* TLS 1.3 with the RFC 7919 groups (RFC 8446 4.2.7): straight and after a
 * HelloRetryRequest. */
static void test_tls13_ffdhe(void **state)
{
    (void)state;
    lpair p;
    lpair_configs(&p, "legacy", "legacy");
    assert_int_equal(ward_config_set_groups(p.ccfg, "ffdhe2048"), WARD_OK);
    lpair_conns(&p);
    lpair_handshake_ok(&p);
    assert_int_equal(ward_conn_version(p.c), 0x0304);
    assert_int_equal(ward_conn_group(p.c), GROUP_FFDHE2048);
    lpair_exchange(&p, 100);
    lpair_free_conns(&p);
    assert_int_equal(ward_config_set_groups(p.ccfg, "x25519,ffdhe3072"), WARD_OK);
    assert_int_equal(ward_config_set_groups(p.scfg, "ffdhe3072"), WARD_OK);
    lpair_conns(&p);
    lpair_handshake_ok(&p);
    assert_int_equal(ward_conn_had_hrr(p.c), 1);
    assert_int_equal(ward_conn_group(p.s), GROUP_FFDHE3072);
    lpair_exchange(&p, 100);
    lpair_free(&p);
}

/* The RSA key exchange needs an RSA certificate. */
static void test_rsa_kx_needs_rsa_cert(void **state)
{
    (void)state;
    const test_pki *ec = lpki_ec();
    ward_config *s = test_server_config(ec), *c = test_client_config(ec);
    assert_int_equal(ward_config_set_policy(s, "legacy"), WARD_OK);
    assert_int_equal(ward_config_set_policy(c, "legacy"), WARD_OK);
    assert_int_equal(ward_config_set_suites(c, "TLS_RSA_WITH_AES_128_GCM_SHA256"), WARD_OK);
    ward_conn *cc = ward_conn_new(c), *sc = ward_conn_new(s);
    assert_int_equal(ward_conn_set_server_name(cc, "localhost"), WARD_OK);
    int src;
    (void)test_handshake(cc, sc, &src);
    assert_int_equal(src, WARD_E_NO_SHARED_CIPHER);
    ward_conn_free(cc);
    ward_conn_free(sc);
    ward_config_free(c);
    ward_config_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_api),
        cmocka_unit_test(test_client_hello_lists),
        cmocka_unit_test(test_default_server_refuses),
        cmocka_unit_test(test_every_suite),
        cmocka_unit_test(test_server_declines_etm),
        cmocka_unit_test(test_best_first),
        cmocka_unit_test(test_etm_only_for_cbc),
        cmocka_unit_test(test_forward_secrecy_marked),
        cmocka_unit_test(test_trace),
        cmocka_unit_test(test_resumption_keeps_etm),
        cmocka_unit_test(test_resumption_etm_mismatch),
        cmocka_unit_test(test_resumed_rsa_not_forward_secret),
        cmocka_unit_test(test_renegotiation_keeps_etm),
        cmocka_unit_test(test_ffdhe_choice),
        cmocka_unit_test(test_tls13_ffdhe),
        cmocka_unit_test(test_rsa_kx_needs_rsa_cert),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
