/* hostile.c -- the runner of the hostile-input catalogue: drive a real pair to
 * the case's stage, tamper, check the victim's alert and death. */
#include "hostile.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define OK(x) assert_int_equal((x), WARD_OK)

test_pki hostile_pki_ec, hostile_pki_rsa;

int hostile_setup(void **state)
{
    (void)state;
    test_pki_make(&hostile_pki_ec, KEY_EC_P256);
    test_pki_make(&hostile_pki_rsa, KEY_RSA);
    return 0;
}

int hostile_teardown(void **state)
{
    (void)state;
    test_pki_free(&hostile_pki_ec);
    test_pki_free(&hostile_pki_rsa);
    return 0;
}

/* Drops rsa_pkcs1_sha512 from a policy (there is no public knob for
 * signature schemes). */
static void drop_pkcs1_sha512(policy *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_sigalgs; i++)
        if (p->sigalgs[i] != SIG_RSA_PKCS1_SHA512)
            p->sigalgs[n++] = p->sigalgs[i];
    assert_int_equal(n + 1, p->n_sigalgs);
    p->n_sigalgs = n;
}

/* The options that shape the client's configuration. */
static void client_options(hctx *x, unsigned o)
{
    if (o & O_CLIENT_CERT)
        OK(ward_config_add_cert_chain_pem(x->ccfg, x->pki->chain_pem, strlen(x->pki->chain_pem),
                                          x->pki->key_pem, strlen(x->pki->key_pem)));
    if (o & O_GROUPS_NO_P384)
        OK(ward_config_set_groups(x->ccfg, "x25519,secp256r1"));
    if (o & O_GROUP_P256)
        OK(ward_config_set_groups(x->ccfg, "secp256r1"));
    if (o & O_CLIENT_ALPN)
        OK(ward_config_set_alpn(x->ccfg, "h2"));
    if (o & O_NARROW_SUITES)
        OK(ward_config_set_suites(
            x->ccfg, "TLS_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
    if (o & O_NO_PKCS1_SHA512)
        drop_pkcs1_sha512(&x->ccfg->pol);
    if (o & O_HRR)
        OK(ward_config_set_groups(x->ccfg, "x25519,secp256r1"));
    ward_config_set_heartbeat(x->ccfg, (o & O_HEARTBEAT) != 0);
}

static void server_options(hctx *x, unsigned o)
{
    if (o & (O_MTLS_REQUEST | O_MTLS_REQUIRE)) {
        OK(ward_config_set_ca_pem(x->scfg, x->pki->ca_pem, strlen(x->pki->ca_pem)));
        OK(ward_config_set_verify(x->scfg,
                                  o & O_MTLS_REQUIRE ? WARD_VERIFY_REQUIRE : WARD_VERIFY_REQUEST));
    }
    if (o & O_HRR)
        OK(ward_config_set_groups(x->scfg, "secp256r1"));
    if (o & O_SERVER_ALPN)
        OK(ward_config_set_alpn(x->scfg, "h2"));
    ward_config_set_heartbeat(x->scfg, (o & O_HEARTBEAT) != 0);
}

static void ctx_new(hctx *x, const hcase *k, unsigned variant)
{
    memset(x, 0, sizeof *x);
    x->k = k;
    x->variant = variant;
    bool rsa = (k->opts & O_RSA) != 0;
    x->pki = rsa ? &hostile_pki_rsa : &hostile_pki_ec;
    x->other_pki = rsa ? &hostile_pki_ec : &hostile_pki_rsa;
    x->ccfg = test_client_config(x->pki);
    x->scfg = test_server_config(x->pki);
    /* TLS 1.2 cases: a client offering TLS 1.3 and 1.2, a server limited to
     * 1.2 (no downgrade sentinel, and the client checks for one). TLS 1.3:
     * one ticket, as one record, whatever the re-framing (two would share a
     * record, and one record each would shift the later sequence numbers). */
    if (k->version == VERSION_TLS12)
        OK(ward_config_set_versions(x->scfg, 0x0303, 0x0303));
    else
        ward_config_set_tickets(x->scfg, 1, 1);
    client_options(x, k->opts);
    server_options(x, k->opts);
    x->c = ward_conn_new(x->ccfg);
    x->s = ward_conn_new(x->scfg);
    assert_non_null(x->c);
    assert_non_null(x->s);
    OK(ward_conn_set_server_name(x->c, "localhost"));
}

static void ctx_free(hctx *x)
{
    ward_conn_free(x->c);
    ward_conn_free(x->s);
    ward_config_free(x->ccfg);
    ward_config_free(x->scfg);
}

/* Advances a connection: the handshake, and a read if it was already complete
 * (records after the handshake are only processed by reads). */
static int step(ward_conn *c)
{
    bool was_done = c->hs_done;
    int rc = ward_conn_handshake(c);
    if (rc != WARD_OK || !was_done)
        return rc;
    uint8_t buf[64];
    size_t got;
    return ward_conn_read(c, buf, sizeof buf, &got);
}

static void keep(const item *it, uint8_t *out, size_t cap, size_t *len)
{
    if (it->len <= cap) {
        memcpy(out, it->data, it->len);
        *len = it->len;
    }
}

/* Remembers what later mutations need from a flight that passes by. */
static void ctx_observe(hctx *x, const flight *f)
{
    for (size_t i = 0; i < f->n; i++) {
        const item *it = &f->it[i];
        if (it->raw || it->verbatim)
            continue;
        bool hrr = it->len >= 34 && memcmp(it->data + 2, HRR_RANDOM, 32) == 0;
        if (it->hs == HS_SERVER_HELLO && it->len >= 34 && !hrr)
            memcpy(x->server_random, it->data + 2, 32);
        if (it->hs == HS_SERVER_HELLO && hrr)
            keep(it, x->hrr, sizeof x->hrr, &x->hrr_len);
        if (it->hs == HS_CLIENT_HELLO)
            keep(it, x->ch, sizeof x->ch, &x->ch_len);
        if (it->hs == HS_CERTIFICATE && x->cert_len == 0)
            keep(it, x->cert, sizeof x->cert, &x->cert_len);
    }
}

/* Feeds items [from, to) of f to the victim. */
static void feed(hctx *x, const flight *f, size_t from, size_t to, flight_keys *keys,
                 record_dir *seal12)
{
    writer w;
    writer_init_dynamic(&w, 0);
    flight_write(f, from, to, keys, seal12, &w);
    OK(ward_conn_feed(x->victim, w.p, w.len));
    writer_free(&w);
}

/* Moves the peer's pending output to the victim: parsed, observed, and (in
 * the attack) altered, then re-framed. Returns the victim's result. */
static int deliver(hctx *x, bool protected_, flight_keys *keys, bool attack)
{
    const hcase *k = x->k;
    const uint8_t *p;
    size_t n = ward_conn_pending(x->peer, &p);
    assert_true(n > 0);
    flight f;
    flight_parse(p, n, k->version == VERSION_TLS13, protected_, keys, &f);
    ward_conn_sent(x->peer, n);
    ctx_observe(x, &f);
    x->split = 0;
    if (attack)
        k->mutate(x, &f);
    /* TLS 1.2: records the mutation adds are sealed by the sender's own keys,
     * after everything it sent. */
    record_dir *seal12 = keys == NULL && record_dir_protected(&x->peer->wr) ? &x->peer->wr : NULL;
    size_t split = x->split ? x->split : f.n;
    feed(x, &f, 0, split, keys, seal12);
    if (split < f.n) {
        int rc = step(x->victim);
        assert_true(rc == WARD_WANT_READ || rc == WARD_OK);
        if (k->tamper)
            k->tamper(x);
        feed(x, &f, split, f.n, keys, seal12);
    }
    if (attack && (k->opts & O_EOF))
        ward_conn_feed_eof(x->victim);
    flight_free(&f);
    return step(x->victim);
}

/* One leg of the exchange: the attack when the case is at this stage, else a
 * clean delivery that must give `expect`. secret (TLS 1.3): the sender's
 * traffic secret for its protected records, from sequence number seq. */
static bool leg(hctx *x, stage at, ward_conn *from, ward_conn *to, const uint8_t *secret,
                uint64_t seq, int expect, int *rc)
{
    flight_keys keys;
    if (secret)
        flight_keys_init(&keys, x->s->si, secret, seq);
    bool attack = x->k->at == at;
    x->victim = to;
    x->peer = from;
    *rc = deliver(x, at >= AT_DATA_TO_CLIENT, secret ? &keys : NULL, attack);
    if (secret)
        flight_keys_free(&keys);
    if (!attack && *rc != expect)
        fail_msg("%s: clean delivery gave %s (%s)", x->k->name, ward_error_string(*rc),
                 ward_conn_error_detail(to));
    return attack;
}

/* After the handshake: application data one way, attacked. */
static int data_leg(hctx *x)
{
    static const uint8_t hello_data[] = "hello over TLS";
    bool to_client = x->k->at == AT_DATA_TO_CLIENT;
    assert_true(to_client || x->k->at == AT_DATA_TO_SERVER);
    ward_conn *from = to_client ? x->s : x->c, *to = to_client ? x->c : x->s;
    OK(ward_conn_write(from, hello_data, sizeof hello_data));
    const uint8_t *secret = NULL;
    if (x->k->version == VERSION_TLS13)
        secret = to_client ? to->ks.server_ap : to->ks.client_ap;
    int rc;
    leg(x, x->k->at, from, to, secret, to->rd.seq, 0, &rc);
    return rc;
}

static int drive12(hctx *x)
{
    ward_conn *c = x->c, *s = x->s;
    int rc;
    assert_int_equal(ward_conn_handshake(c), WARD_WANT_READ);
    if (leg(x, AT_CLIENT_HELLO, c, s, NULL, 0, WARD_WANT_READ, &rc) ||
        leg(x, AT_SERVER_FLIGHT, s, c, NULL, 0, WARD_WANT_READ, &rc) ||
        leg(x, AT_CLIENT_FLIGHT, c, s, NULL, 0, WARD_OK, &rc) ||
        leg(x, AT_SERVER_FINISHED, s, c, NULL, 0, WARD_OK, &rc))
        return rc;
    assert_int_equal(ward_conn_version(c), VERSION_TLS12);
    return data_leg(x);
}

static int drive13(hctx *x)
{
    ward_conn *c = x->c, *s = x->s;
    int rc;
    assert_int_equal(ward_conn_handshake(c), WARD_WANT_READ);
    if (leg(x, AT_CLIENT_HELLO, c, s, NULL, 0, WARD_WANT_READ, &rc))
        return rc;
    if ((x->k->opts & O_HRR) && (leg(x, AT_HRR, s, c, NULL, 0, WARD_WANT_READ, &rc) ||
                                 leg(x, AT_CLIENT_HELLO2, c, s, NULL, 0, WARD_WANT_READ, &rc)))
        return rc;
    /* The server's handshake keys, then the client's; the tickets come under
     * the server's application keys. */
    if (leg(x, AT_SERVER_FLIGHT, s, c, s->ks.server_hs, 0, WARD_OK, &rc) ||
        leg(x, AT_CLIENT_FLIGHT, c, s, s->ks.client_hs, 0, WARD_OK, &rc) ||
        leg(x, AT_SERVER_FINISHED, s, c, s->ks.server_ap, c->rd.seq, WARD_WANT_READ, &rc))
        return rc;
    assert_int_equal(ward_conn_version(c), VERSION_TLS13);
    return data_leg(x);
}

/* The victim is dead: the same error from every call. */
static void expect_dead(ward_conn *v, int rc)
{
    static const uint8_t junk[] = {22, 3, 3, 0, 0};
    uint8_t buf[8];
    size_t got = 1;
    assert_int_equal(ward_conn_error(v), rc);
    assert_int_equal(ward_conn_handshake(v), rc);
    assert_int_equal(ward_conn_feed(v, junk, sizeof junk), rc);
    assert_int_equal(ward_conn_read(v, buf, sizeof buf, &got), rc);
    assert_int_equal(got, 0);
    assert_int_equal(ward_conn_write(v, buf, 1), rc);
    assert_int_equal(ward_conn_close(v), rc);
    assert_int_equal(ward_conn_key_update(v, 0), rc);
    assert_int_equal(ward_conn_error(v), rc);
}

/* A TLS 1.3 protected alert: 2 bytes, the inner type, the tag. */
#define ALERT13_FRAGMENT (2 + 1 + CRYPTO_AEAD_TAG)

/* How many alert records c's pending output holds (plaintext, TLS 1.2
 * protected, or of a TLS 1.3 protected alert's size), and whether the last
 * record is one. */
static size_t alert_records(ward_conn *c, bool *last)
{
    const uint8_t *p;
    reader r = reader_of(p, ward_conn_pending(c, &p));
    size_t alerts = 0;
    *last = false;
    while (!reader_empty(&r)) {
        uint8_t ct;
        uint16_t version;
        reader frag;
        OK(reader_u8(&r, &ct));
        OK(reader_u16(&r, &version));
        OK(reader_u16_prefixed(&r, &frag));
        *last = ct == CT_ALERT || (c->version == VERSION_TLS13 && ct == CT_APPLICATION_DATA &&
                                   reader_left(&frag) == ALERT13_FRAGMENT);
        alerts += *last;
    }
    return alerts;
}

/* Opens the last record of v's output, a TLS 1.3 alert, with the secret the
 * test kept: it must be a fatal alert of the description. */
static void open_alert13(hctx *x, ward_conn *v, int alert)
{
    const uint8_t *p;
    size_t n = ward_conn_pending(v, &p);
    assert_true(n >= RECORD_HEADER_LEN + ALERT13_FRAGMENT);
    uint8_t rec[RECORD_HEADER_LEN + ALERT13_FRAGMENT];
    memcpy(rec, p + n - sizeof rec, sizeof rec);
    flight_keys keys;
    flight_keys_init(&keys, x->alert_si, x->alert_secret, v->wr.seq - 1);
    uint8_t type, *pt;
    size_t len;
    OK(record_open(&keys.open, rec, sizeof rec, &type, &pt, &len));
    flight_keys_free(&keys);
    assert_int_equal(type, CT_ALERT);
    assert_int_equal(len, 2);
    assert_int_equal(pt[0], ALERT_LEVEL_FATAL);
    assert_int_equal(pt[1], alert);
}

/* The victim sent exactly the expected alert, last, and a real peer fed its
 * output agrees (or, where the peer cannot follow, the kept secret opens it). */
static void expect_alert(hctx *x, int rc, int alert)
{
    ward_conn *v = x->victim;
    bool last;
    assert_int_equal(ward_error_alert(rc), alert);
    size_t alerts = alert_records(v, &last);
    if (alert < 0) {
        assert_int_equal(alerts, 0);
        return;
    }
    assert_int_equal(alerts, 1);
    assert_true(last);
    uint8_t level = 0, desc = 0;
    if (!record_dir_protected(&v->wr)) {
        /* No write keys: the alert can be read here. */
        assert_true(test_plain_alert(v, &level, &desc));
        assert_int_equal(level, ALERT_LEVEL_FATAL);
        assert_int_equal(desc, alert);
    } else if (x->alert_si) {
        open_alert13(x, v, alert);
        return;
    }
    test_pump(v, x->peer);
    assert_int_equal(step(x->peer), WARD_E_PEER_ALERT);
    assert_int_equal(ward_conn_peer_alert(x->peer), alert);
}

/* Application data both ways: the connection works. */
static void exchange_data(hctx *x)
{
    static const uint8_t ping[] = "ping", pong[] = "pong";
    uint8_t buf[8];
    OK(ward_conn_write(x->c, ping, sizeof ping));
    OK(test_read_all(x->s, x->c, buf, sizeof ping));
    assert_memory_equal(buf, ping, sizeof ping);
    OK(ward_conn_write(x->s, pong, sizeof pong));
    OK(test_read_all(x->c, x->s, buf, sizeof pong));
    assert_memory_equal(buf, pong, sizeof pong);
}

/* A case the victim accepts: a control completes the handshake over the
 * re-framed bytes; a survivor answers nothing and goes on. */
static void expect_alive(hctx *x)
{
    const hcase *k = x->k;
    if (k->opts & O_ACCEPT_ONLY)
        return;
    if (k->opts & O_SURVIVES) {
        const uint8_t *out;
        assert_int_equal(ward_conn_pending(x->victim, &out), 0);
        assert_int_equal(ward_conn_error(x->victim), 0);
    }
    int src;
    assert_int_equal(test_handshake(x->c, x->s, &src), WARD_OK);
    assert_int_equal(src, WARD_OK);
    assert_int_equal(ward_conn_version(x->c), k->version);
    exchange_data(x);
}

static bool run_variant(const hcase *k, unsigned variant)
{
    hctx x;
    ctx_new(&x, k, variant);
    int rc = k->version == VERSION_TLS13 ? drive13(&x) : drive12(&x);
    if (rc != k->rc)
        print_error("%s (variant %u): got %s (%s), want %s\n", k->name, variant,
                    ward_error_string(rc), ward_conn_error_detail(x.victim),
                    ward_error_string(k->rc));
    if (getenv("WARD_HOSTILE_VERBOSE"))
        print_message("%s: %s\n", k->name, ward_conn_error_detail(x.victim));
    assert_int_equal(rc, k->rc);
    assert_int_equal(x.victim->role, k->victim);
    if (rc >= 0) {
        expect_alive(&x);
    } else {
        expect_alert(&x, rc, k->alert);
        expect_dead(x.victim, rc);
    }
    bool more = x.more;
    ctx_free(&x);
    return more;
}

void hostile_run(void **state)
{
    const hcase *k = *state;
    assert_true(k->version == VERSION_TLS12 || k->version == VERSION_TLS13);
    unsigned variant = 0;
    while (run_variant(k, variant))
        variant++;
}
