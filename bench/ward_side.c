/* ward_side.c -- the scenarios of bench.h driven through ward's public sans-I/O
 * API. Bytes travel through the same wire queues as OpenSSL's: what a side
 * leaves pending is copied into its outgoing queue, and what waits in its
 * incoming queue is fed to it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ward.h>

#include "bench.h"

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        fprintf(stderr, "ward: " __VA_ARGS__);                                                     \
        fputc('\n', stderr);                                                                       \
        return -1;                                                                                 \
    } while (0)

static ward_config *config_new(const scenario *sc, ward_role role)
{
    ward_config *cfg = ward_config_new(role);
    if (!cfg || ward_config_set_versions(cfg, sc->version, sc->version) != WARD_OK ||
        ward_config_set_groups(cfg, "x25519,secp256r1") != WARD_OK ||
        ward_config_set_suites(cfg, sc->suite) != WARD_OK) {
        fprintf(stderr, "ward: configuration failed\n");
        ward_config_free(cfg);
        return NULL;
    }
    int rc;
    if (role == WARD_CLIENT) {
        /* Sessions are offered explicitly (ward_conn_set_session), as OpenSSL's
         * SSL_set_session; the config's own store stays out of the way. */
        ward_config_set_session_store(cfg, 0);
        rc = ward_config_set_ca_pem(cfg, g_pki.ca_pem, strlen(g_pki.ca_pem));
    } else {
        const bench_leaf *l = &g_pki.leaf[sc->key];
        rc = ward_config_add_cert_chain_pem(cfg, l->cert_pem, strlen(l->cert_pem), l->key_pem,
                                            strlen(l->key_pem));
        /* Each resumption row leaves the server one way to resume. */
        if (sc->resume == RESUME_ID)
            ward_config_set_tickets(cfg, 0, 0); /* the session-ID cache (on by default) */
        else if (sc->resume == RESUME_TICKET && rc == WARD_OK)
            rc = ward_config_set_session_cache(cfg, 0, 7200); /* tickets (on by default) */
    }
    if (rc != WARD_OK) {
        fprintf(stderr, "ward: configuration failed: %s\n", ward_error_string(rc));
        ward_config_free(cfg);
        return NULL;
    }
    return cfg;
}

/* Copies everything c has pending into q. */
static void flush(ward_conn *c, pipe_q *q)
{
    const uint8_t *p;
    size_t n;
    while ((n = ward_conn_pending(c, &p)) > 0) {
        q_push(q, p, n);
        ward_conn_sent(c, n);
    }
}

/* Feeds everything waiting in q to c. */
static int feed_all(ward_conn *c, pipe_q *q)
{
    size_t n = q_len(q);
    if (n == 0)
        return WARD_OK;
    int rc = ward_conn_feed(c, q_data(q), n);
    q_pop(q, n);
    return rc;
}

static ward_conn *client_new(ward_config *cfg, const ward_session *sess)
{
    ward_conn *c = ward_conn_new(cfg);
    if (!c || ward_conn_set_server_name(c, "localhost") != WARD_OK ||
        (sess && ward_conn_set_session(c, sess) != WARD_OK)) {
        ward_conn_free(c);
        return NULL;
    }
    return c;
}

/* Both handshakes to completion, then the client's first read (which takes
 * the server's TLS 1.3 tickets). Each side's CPU time goes to t. */
static int drive(ward_conn *c, ward_conn *s, wire *w, side_times *t)
{
    int crc = WARD_WANT_READ, src = WARD_WANT_READ;
    for (int round = 0; round < 16 && (crc != WARD_OK || src != WARD_OK); round++) {
        double t0 = CPU_START(t);
        if (crc == WARD_WANT_READ) {
            crc = feed_all(c, &w->s2c);
            if (crc == WARD_OK)
                crc = ward_conn_handshake(c);
            flush(c, &w->c2s);
        }
        cpu_lap(t ? &t->client : NULL, t0);
        t0 = CPU_START(t);
        if (src == WARD_WANT_READ) {
            src = feed_all(s, &w->c2s);
            if (src == WARD_OK)
                src = ward_conn_handshake(s);
            flush(s, &w->s2c);
        }
        cpu_lap(t ? &t->server : NULL, t0);
        if (crc < 0 || src < 0)
            break;
    }
    if (crc != WARD_OK || src != WARD_OK)
        FAIL("handshake failed: client %s (%s), server %s (%s)", ward_error_string(crc),
             ward_conn_error_detail(c), ward_error_string(src), ward_conn_error_detail(s));
    double t0 = CPU_START(t);
    uint8_t buf[64];
    size_t got = 0;
    int rc = feed_all(c, &w->s2c);
    if (rc == WARD_OK)
        rc = ward_conn_read(c, buf, sizeof buf, &got);
    cpu_lap(t ? &t->client : NULL, t0);
    if (rc != WARD_WANT_READ)
        FAIL("client's first read: %s (%s)", ward_error_string(rc), ward_conn_error_detail(c));
    if (!ward_conn_peer_verified(c))
        FAIL("the client did not verify the server");
    if (!ward_conn_resumed(c) && ward_conn_group(c) != 0x001d)
        FAIL("negotiated group is not X25519");
    return 0;
}

/* ---- handshakes ---- */

typedef struct whs {
    scenario sc;
    ward_config *ccfg, *scfg;
    ward_session *sess; /* resumption: the previous connection's session */
    wire w;
} whs;

static int w_hs_once(void *hp, side_times *t)
{
    whs *h = hp;
    double t0 = CPU_START(t);
    ward_conn *c = client_new(h->ccfg, h->sess);
    cpu_lap(t ? &t->client : NULL, t0);
    t0 = CPU_START(t);
    ward_conn *s = ward_conn_new(h->scfg);
    cpu_lap(t ? &t->server : NULL, t0);
    int rc = -1;
    if (!c || !s) {
        fprintf(stderr, "ward: ward_conn_new failed\n");
        goto out;
    }
    if (drive(c, s, &h->w, t) != 0)
        goto out;
    if (h->sc.resume != RESUME_NONE) {
        if (h->sess && !(ward_conn_resumed(c) && ward_conn_resumed(s))) {
            fprintf(stderr, "ward: handshake did not resume (client %d, server %d)\n",
                    ward_conn_resumed(c), ward_conn_resumed(s));
            goto out;
        }
        t0 = CPU_START(t);
        ward_session *next = ward_conn_session(c);
        ward_session_free(h->sess);
        h->sess = next;
        cpu_lap(t ? &t->client : NULL, t0);
        if (!next) {
            fprintf(stderr, "ward: no session to resume after the handshake\n");
            goto out;
        }
    }
    rc = 0;
out:
    t0 = CPU_START(t);
    ward_conn_free(c);
    cpu_lap(t ? &t->client : NULL, t0);
    t0 = CPU_START(t);
    ward_conn_free(s);
    cpu_lap(t ? &t->server : NULL, t0);
    q_pop(&h->w.c2s, q_len(&h->w.c2s));
    q_pop(&h->w.s2c, q_len(&h->w.s2c));
    return rc;
}

static void w_hs_free(void *hp)
{
    whs *h = hp;
    if (!h)
        return;
    ward_session_free(h->sess);
    ward_config_free(h->ccfg);
    ward_config_free(h->scfg);
    wire_free(&h->w);
    free(h);
}

static void *w_hs_new(const scenario *sc)
{
    whs *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->sc = *sc;
    wire_init(&h->w, 1 << 16);
    h->ccfg = config_new(sc, WARD_CLIENT);
    h->scfg = config_new(sc, WARD_SERVER);
    /* Resumption starts from the session of one full handshake. */
    if (!h->ccfg || !h->scfg || (sc->resume != RESUME_NONE && w_hs_once(h, NULL) != 0)) {
        w_hs_free(h);
        return NULL;
    }
    return h;
}

/* ---- bulk data ---- */

typedef struct wpair {
    ward_config *ccfg, *scfg;
    ward_conn *c, *s;
    wire w;
} wpair;

static void w_pair_free(void *pp)
{
    wpair *p = pp;
    if (!p)
        return;
    ward_conn_free(p->c);
    ward_conn_free(p->s);
    ward_config_free(p->ccfg);
    ward_config_free(p->scfg);
    wire_free(&p->w);
    free(p);
}

static void *w_pair_new(const scenario *sc)
{
    wpair *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    wire_init(&p->w, 1 << 20);
    p->ccfg = config_new(sc, WARD_CLIENT);
    p->scfg = config_new(sc, WARD_SERVER);
    if (p->ccfg && p->scfg) {
        p->c = client_new(p->ccfg, NULL);
        p->s = ward_conn_new(p->scfg);
    }
    if (!p->c || !p->s || drive(p->c, p->s, &p->w, NULL) != 0) {
        w_pair_free(p);
        return NULL;
    }
    return p;
}

static uint8_t wbuf[16384], rbuf[16384];

static int w_bulk(void *pp, size_t size, int writes, double *send_s, double *recv_s)
{
    wpair *p = pp;
    double t0 = cpu_now_s();
    for (int i = 0; i < writes; i++) {
        int rc = ward_conn_write(p->c, wbuf, size);
        if (rc != WARD_OK)
            FAIL("write: %s", ward_error_string(rc));
        flush(p->c, &p->w.c2s);
    }
    double send = cpu_since(t0);
    double t1 = cpu_now_s();
    /* The transport hands over one whole record at a time. */
    size_t total = 0, rec;
    while ((rec = q_record(&p->w.c2s)) > 0) {
        int rc = ward_conn_feed(p->s, q_data(&p->w.c2s), rec);
        q_pop(&p->w.c2s, rec);
        for (;;) {
            size_t got = 0;
            if (rc == WARD_OK)
                rc = ward_conn_read(p->s, rbuf, sizeof rbuf, &got);
            if (rc == WARD_WANT_READ)
                break;
            if (rc != WARD_OK)
                FAIL("read: %s (%s)", ward_error_string(rc), ward_conn_error_detail(p->s));
            total += got;
        }
    }
    double recv = cpu_since(t1);
    if (total != size * (size_t)writes || q_len(&p->w.c2s) != 0)
        FAIL("bulk: received %zu of %zu bytes", total, size * (size_t)writes);
    *send_s += send;
    *recv_s += recv;
    return 0;
}

/* ---- memory ---- */

/* Reads exactly n bytes on c from q. */
static int read_n(ward_conn *c, pipe_q *q, size_t n)
{
    int rc = feed_all(c, q);
    size_t have = 0;
    while (rc == WARD_OK && have < n) {
        size_t got = 0;
        rc = ward_conn_read(c, rbuf, sizeof rbuf, &got);
        have += got;
    }
    if (have != n)
        FAIL("read %zu of %zu bytes: %s", have, n, ward_error_string(rc));
    return 0;
}

/* Handshake and request: the state measured as "established" (the response
 * has been written and is in flight). */
static int mem_open(ward_config *ccfg, ward_config *scfg, ward_conn **c, ward_conn **s, wire *w)
{
    *c = client_new(ccfg, NULL);
    *s = ward_conn_new(scfg);
    if (!*c || !*s || drive(*c, *s, w, NULL) != 0)
        return -1;
    if (ward_conn_write(*c, wbuf, 1024) != WARD_OK)
        FAIL("request write failed");
    flush(*c, &w->c2s);
    if (read_n(*s, &w->c2s, 1024) != 0 || ward_conn_write(*s, wbuf, 1024) != WARD_OK)
        FAIL("request/response failed");
    flush(*s, &w->s2c);
    return 0;
}

static int w_mem(const scenario *sc, int n, double *established, double *idle)
{
    ward_config *ccfg = config_new(sc, WARD_CLIENT), *scfg = config_new(sc, WARD_SERVER);
    ward_conn **conns = calloc((size_t)n * 2, sizeof *conns);
    wire *wires = calloc((size_t)n + 1, sizeof *wires);
    int rc = -1;
    if (!ccfg || !scfg || !conns || !wires)
        goto out;
    for (int i = 0; i <= n; i++)
        wire_init(&wires[i], 1 << 16);
    /* One connection first, so one-time lazy set-up is not counted. */
    ward_conn *wc = NULL, *ws = NULL;
    int warm = mem_open(ccfg, scfg, &wc, &ws, &wires[n]);
    if (warm == 0)
        warm = read_n(wc, &wires[n].s2c, 1024);
    ward_conn_free(wc);
    ward_conn_free(ws);
    if (warm != 0)
        goto out;

    long long base = alloc_live_bytes();
    for (int i = 0; i < n; i++)
        if (mem_open(ccfg, scfg, &conns[2 * i], &conns[2 * i + 1], &wires[i]) != 0)
            goto out;
    long long est = alloc_live_bytes() - base;
    for (int i = 0; i < n; i++)
        if (read_n(conns[2 * i], &wires[i].s2c, 1024) != 0)
            goto out;
    long long idl = alloc_live_bytes() - base;
    *established = (double)est / n;
    *idle = (double)idl / n;
    rc = 0;
out:
    if (conns)
        for (int i = 0; i < 2 * n; i++)
            ward_conn_free(conns[i]);
    if (wires)
        for (int i = 0; i <= n; i++)
            wire_free(&wires[i]);
    free(conns);
    free(wires);
    ward_config_free(ccfg);
    ward_config_free(scfg);
    return rc;
}

const stack ward_stack = {
    .name = "ward",
    .hs_new = w_hs_new,
    .hs_once = w_hs_once,
    .hs_free = w_hs_free,
    .pair_new = w_pair_new,
    .bulk = w_bulk,
    .pair_free = w_pair_free,
    .mem = w_mem,
};
