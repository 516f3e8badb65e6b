/* ossl_side.c -- the scenarios of bench.h driven through OpenSSL's libssl, over
 * the same wire queues (a minimal BIO per side, see transport.c), with the same
 * certificates, versions, suite and group, and the client verifying the server
 * (chain to the bench CA and the name "localhost"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "bench.h"

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        fprintf(stderr, "openssl: " __VA_ARGS__);                                                  \
        fputc('\n', stderr);                                                                       \
        ERR_print_errors_fp(stderr);                                                               \
        return -1;                                                                                 \
    } while (0)

/* Groups: X25519 is what is negotiated (checked after every full handshake);
 * P-256 is listed second because a TLS 1.2 client's supported_groups also
 * names the curves it accepts in ECDSA certificates (RFC 8422), and OpenSSL
 * refuses a P-256 server certificate to a client without it. ward gets the
 * same list. */
static SSL_CTX *ctx_new(const scenario *sc, int server)
{
    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    int v = sc->version == 0x0304 ? TLS1_3_VERSION : TLS1_2_VERSION;
    int ok = ctx && SSL_CTX_set_min_proto_version(ctx, v) &&
             SSL_CTX_set_max_proto_version(ctx, v) && SSL_CTX_set1_groups_list(ctx, "X25519:P-256");
    if (ok && v == TLS1_3_VERSION)
        ok = SSL_CTX_set_ciphersuites(ctx, sc->suite);
    else if (ok) {
        const char *name = OPENSSL_cipher_name(sc->suite);
        ok = name && strcmp(name, "(NONE)") != 0 && SSL_CTX_set_cipher_list(ctx, name);
    }
    if (ok && server) {
        const bench_leaf *l = &g_pki.leaf[sc->key];
        ok = SSL_CTX_use_certificate(ctx, l->cert) && SSL_CTX_use_PrivateKey(ctx, l->key) &&
             SSL_CTX_check_private_key(ctx);
    } else if (ok) {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
        ok = X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), g_pki.ca);
    }
    /* Each resumption row leaves the server one way to resume. */
    if (ok && sc->resume == RESUME_ID)
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET); /* session IDs and the server cache */
    else if (ok && sc->resume == RESUME_TICKET && server)
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF); /* tickets only */
    /* SSL_free without SSL_shutdown marks the session bad (not resumable and
     * out of the server's cache); quiet shutdown closes without sending. */
    if (ok)
        SSL_CTX_set_quiet_shutdown(ctx, 1);
    if (ok && sc->release_buffers)
        SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    if (!ok) {
        fprintf(stderr, "openssl: configuration failed\n");
        ERR_print_errors_fp(stderr);
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

static SSL *client_new(SSL_CTX *ctx, wire *w, SSL_SESSION *sess)
{
    SSL *c = SSL_new(ctx);
    if (!c || !SSL_set_tlsext_host_name(c, "localhost") || !SSL_set1_host(c, "localhost") ||
        (sess && !SSL_set_session(c, sess))) {
        SSL_free(c);
        return NULL;
    }
    BIO *b = wire_bio_new(w, 0);
    SSL_set_bio(c, b, b);
    SSL_set_connect_state(c);
    return c;
}

static SSL *server_new(SSL_CTX *ctx, wire *w)
{
    SSL *s = SSL_new(ctx);
    if (!s)
        return NULL;
    BIO *b = wire_bio_new(w, 1);
    SSL_set_bio(s, b, b);
    SSL_set_accept_state(s);
    return s;
}

/* SSL_shutdown (quiet: sends nothing) then SSL_free. */
static void ssl_close(SSL *ssl)
{
    if (ssl) {
        SSL_shutdown(ssl);
        SSL_free(ssl);
    }
}

/* Whether a non-positive result only means "no more bytes yet". */
static int want_read(SSL *ssl, int r)
{
    return r <= 0 && SSL_get_error(ssl, r) == SSL_ERROR_WANT_READ;
}

/* Both handshakes to completion, then the client's first read (which takes
 * the server's TLS 1.3 tickets). Each side's CPU time goes to t. */
static int drive(SSL *c, SSL *s, side_times *t)
{
    int cdone = 0, sdone = 0;
    for (int round = 0; round < 16 && !(cdone && sdone); round++) {
        if (!cdone) {
            double t0 = CPU_START(t);
            int r = SSL_do_handshake(c);
            cpu_lap(t ? &t->client : NULL, t0);
            if (r == 1)
                cdone = 1;
            else if (!want_read(c, r))
                FAIL("client handshake failed");
        }
        if (!sdone) {
            double t0 = CPU_START(t);
            int r = SSL_do_handshake(s);
            cpu_lap(t ? &t->server : NULL, t0);
            if (r == 1)
                sdone = 1;
            else if (!want_read(s, r))
                FAIL("server handshake failed");
        }
    }
    if (!cdone || !sdone)
        FAIL("handshake did not complete");
    uint8_t buf[64];
    double t0 = CPU_START(t);
    int r = SSL_read(c, buf, sizeof buf);
    cpu_lap(t ? &t->client : NULL, t0);
    if (!want_read(c, r))
        FAIL("client's first read");
    if (SSL_get_verify_result(c) != X509_V_OK)
        FAIL("the client did not verify the server");
    if (!SSL_session_reused(c) && SSL_get_negotiated_group(c) != NID_X25519)
        FAIL("negotiated group is not X25519");
    return 0;
}

/* ---- handshakes ---- */

typedef struct ohs {
    scenario sc;
    SSL_CTX *cctx, *sctx;
    SSL_SESSION *sess; /* resumption: the previous connection's session */
    wire w;
} ohs;

static int o_hs_once(void *hp, side_times *t)
{
    ohs *h = hp;
    double t0 = CPU_START(t);
    SSL *c = client_new(h->cctx, &h->w, h->sess);
    cpu_lap(t ? &t->client : NULL, t0);
    t0 = CPU_START(t);
    SSL *s = server_new(h->sctx, &h->w);
    cpu_lap(t ? &t->server : NULL, t0);
    int rc = -1;
    if (!c || !s) {
        fprintf(stderr, "openssl: SSL_new failed\n");
        goto out;
    }
    if (drive(c, s, t) != 0)
        goto out;
    if (h->sc.resume != RESUME_NONE) {
        if (h->sess && !(SSL_session_reused(c) && SSL_session_reused(s))) {
            fprintf(stderr, "openssl: handshake did not resume (client %d, server %d)\n",
                    SSL_session_reused(c), SSL_session_reused(s));
            goto out;
        }
        t0 = CPU_START(t);
        SSL_SESSION *next = SSL_get1_session(c);
        SSL_SESSION_free(h->sess);
        h->sess = next;
        cpu_lap(t ? &t->client : NULL, t0);
        if (!next || !SSL_SESSION_is_resumable(next)) {
            fprintf(stderr, "openssl: no session to resume after the handshake\n");
            goto out;
        }
    }
    rc = 0;
out:
    t0 = CPU_START(t);
    ssl_close(c);
    cpu_lap(t ? &t->client : NULL, t0);
    t0 = CPU_START(t);
    ssl_close(s);
    cpu_lap(t ? &t->server : NULL, t0);
    q_pop(&h->w.c2s, q_len(&h->w.c2s));
    q_pop(&h->w.s2c, q_len(&h->w.s2c));
    ERR_clear_error();
    return rc;
}

static void o_hs_free(void *hp)
{
    ohs *h = hp;
    if (!h)
        return;
    SSL_SESSION_free(h->sess);
    SSL_CTX_free(h->cctx);
    SSL_CTX_free(h->sctx);
    wire_free(&h->w);
    free(h);
}

static void *o_hs_new(const scenario *sc)
{
    ohs *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->sc = *sc;
    wire_init(&h->w, 1 << 16);
    h->cctx = ctx_new(sc, 0);
    h->sctx = ctx_new(sc, 1);
    /* Resumption starts from the session of one full handshake. */
    if (!h->cctx || !h->sctx || (sc->resume != RESUME_NONE && o_hs_once(h, NULL) != 0)) {
        o_hs_free(h);
        return NULL;
    }
    return h;
}

/* ---- bulk data ---- */

typedef struct opair {
    SSL_CTX *cctx, *sctx;
    SSL *c, *s;
    wire w;
} opair;

static void o_pair_free(void *pp)
{
    opair *p = pp;
    if (!p)
        return;
    ssl_close(p->c);
    ssl_close(p->s);
    SSL_CTX_free(p->cctx);
    SSL_CTX_free(p->sctx);
    wire_free(&p->w);
    free(p);
}

static void *o_pair_new(const scenario *sc)
{
    opair *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    wire_init(&p->w, 1 << 20);
    p->cctx = ctx_new(sc, 0);
    p->sctx = ctx_new(sc, 1);
    if (p->cctx && p->sctx) {
        p->c = client_new(p->cctx, &p->w, NULL);
        p->s = server_new(p->sctx, &p->w);
    }
    if (!p->c || !p->s || drive(p->c, p->s, NULL) != 0) {
        o_pair_free(p);
        return NULL;
    }
    return p;
}

static uint8_t wbuf[16384], rbuf[16384];

static int o_bulk(void *pp, size_t size, int writes, double *send_s, double *recv_s)
{
    opair *p = pp;
    double t0 = cpu_now_s();
    for (int i = 0; i < writes; i++)
        if (SSL_write(p->c, wbuf, (int)size) != (int)size)
            FAIL("SSL_write failed");
    double send = cpu_since(t0);
    double t1 = cpu_now_s();
    size_t total = 0;
    for (;;) {
        int r = SSL_read(p->s, rbuf, sizeof rbuf);
        if (r > 0)
            total += (size_t)r;
        else if (want_read(p->s, r))
            break;
        else
            FAIL("SSL_read failed");
    }
    double recv = cpu_since(t1);
    if (total != size * (size_t)writes || q_len(&p->w.c2s) != 0)
        FAIL("bulk: received %zu of %zu bytes", total, size * (size_t)writes);
    *send_s += send;
    *recv_s += recv;
    return 0;
}

/* ---- memory ---- */

static int read_n(SSL *ssl, size_t n)
{
    size_t have = 0;
    while (have < n) {
        int r = SSL_read(ssl, rbuf, sizeof rbuf);
        if (r <= 0)
            FAIL("read %zu of %zu bytes", have, n);
        have += (size_t)r;
    }
    return 0;
}

/* Handshake and request: the state measured as "established" (the response
 * has been written and is in flight). */
static int mem_open(SSL_CTX *cctx, SSL_CTX *sctx, SSL **c, SSL **s, wire *w)
{
    *c = client_new(cctx, w, NULL);
    *s = server_new(sctx, w);
    if (!*c || !*s || drive(*c, *s, NULL) != 0)
        return -1;
    if (SSL_write(*c, wbuf, 1024) != 1024 || read_n(*s, 1024) != 0 ||
        SSL_write(*s, wbuf, 1024) != 1024)
        FAIL("request/response failed");
    return 0;
}

static int o_mem(const scenario *sc, int n, double *established, double *idle)
{
    SSL_CTX *cctx = ctx_new(sc, 0), *sctx = ctx_new(sc, 1);
    SSL **conns = calloc((size_t)n * 2, sizeof *conns);
    wire *wires = calloc((size_t)n + 1, sizeof *wires);
    int rc = -1;
    if (!cctx || !sctx || !conns || !wires)
        goto out;
    for (int i = 0; i <= n; i++)
        wire_init(&wires[i], 1 << 16);
    /* One connection first, so one-time lazy set-up is not counted. */
    SSL *wc = NULL, *ws = NULL;
    int warm = mem_open(cctx, sctx, &wc, &ws, &wires[n]);
    if (warm == 0)
        warm = read_n(wc, 1024);
    ssl_close(wc);
    ssl_close(ws);
    if (warm != 0)
        goto out;

    long long base = alloc_live_bytes();
    for (int i = 0; i < n; i++)
        if (mem_open(cctx, sctx, &conns[2 * i], &conns[2 * i + 1], &wires[i]) != 0)
            goto out;
    long long est = alloc_live_bytes() - base;
    for (int i = 0; i < n; i++)
        if (read_n(conns[2 * i], 1024) != 0)
            goto out;
    long long idl = alloc_live_bytes() - base;
    *established = (double)est / n;
    *idle = (double)idl / n;
    rc = 0;
out:
    if (conns)
        for (int i = 0; i < 2 * n; i++)
            ssl_close(conns[i]);
    if (wires)
        for (int i = 0; i <= n; i++)
            wire_free(&wires[i]);
    free(conns);
    free(wires);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    ERR_clear_error();
    return rc;
}

const stack ossl_stack = {
    .name = "openssl",
    .hs_new = o_hs_new,
    .hs_once = o_hs_once,
    .hs_free = o_hs_free,
    .pair_new = o_pair_new,
    .bulk = o_bulk,
    .pair_free = o_pair_free,
    .mem = o_mem,
};
