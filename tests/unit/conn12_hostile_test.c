/* conn12_hostile_test.c -- bad TLS 1.2 input to both roles.
 *
 * A real ward client and server run the handshake in memory; at one point a
 * flight is intercepted, split into records and handshake messages, altered
 * (dropped, reordered, duplicated, truncated, re-signed, ...), re-framed one
 * message per record and fed to the other side. Every case names the exact
 * error of the victim and the exact alert it sends: read from the plaintext
 * record while it has no write keys, and in every case from the peer, a real
 * ward connection fed the victim's output, which must report WARD_E_PEER_ALERT
 * with that description. The victim must then stay dead: every later call
 * returns the same error. Run under ASan, nothing may leak. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conn.h"
#include "hs/tls12.h"
#include "pair.h"

#define OK(x) assert_int_equal((x), WARD_OK)

static test_pki pki_ec, pki_rsa;

/* ---- flights: records <-> handshake messages ---------------------------- */

#define FLIGHT_MAX 16

typedef struct item {
    uint8_t ct;           /* record content type */
    uint16_t rec_version; /* record header version */
    bool raw;             /* data is a whole record fragment, written as is */
    uint8_t hs;           /* handshake type (when !raw) */
    uint8_t *data;        /* message body (when !raw) or record fragment */
    size_t len;
    bool len_forced; /* write len_field instead of len in the message header */
    uint32_t len_field;
} item;

typedef struct flight {
    item it[FLIGHT_MAX];
    size_t n;
} flight;

static void item_set(item *it, const uint8_t *data, size_t len)
{
    free(it->data);
    it->data = malloc(len ? len : 1);
    assert_non_null(it->data);
    if (len)
        memcpy(it->data, data, len);
    it->len = len;
}

static void flight_insert(flight *f, size_t at, uint8_t ct, bool raw, uint8_t hs,
                          const uint8_t *data, size_t len)
{
    assert_true(f->n < FLIGHT_MAX && at <= f->n);
    memmove(&f->it[at + 1], &f->it[at], (f->n - at) * sizeof f->it[0]);
    f->n++;
    f->it[at] = (item){.ct = ct, .rec_version = 0x0303, .raw = raw, .hs = hs};
    item_set(&f->it[at], data, len);
}

static void flight_remove(flight *f, size_t at)
{
    assert_true(at < f->n);
    free(f->it[at].data);
    memmove(&f->it[at], &f->it[at + 1], (f->n - at - 1) * sizeof f->it[0]);
    f->n--;
}

static void flight_free(flight *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->it[i].data);
    f->n = 0;
}

/* Index of the first handshake message of the type (fails the test if none). */
static size_t flight_find(const flight *f, uint8_t hs)
{
    for (size_t i = 0; i < f->n; i++)
        if (!f->it[i].raw && f->it[i].hs == hs)
            return i;
    fail_msg("no handshake message of type %u in the flight", hs);
    return 0;
}

/* Index of the first raw record of the content type. */
static size_t flight_find_ct(const flight *f, uint8_t ct)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->it[i].raw && f->it[i].ct == ct)
            return i;
    fail_msg("no record of content type %u in the flight", ct);
    return 0;
}

/* Splits reassembled plaintext handshake bytes into messages. */
static void flight_add_messages(flight *f, writer *hs, uint16_t rec_version)
{
    reader r = reader_of(hs->p, hs->len);
    while (!reader_empty(&r)) {
        uint8_t type;
        reader body;
        OK(msg_split(&r, &type, &body));
        flight_insert(f, f->n, CT_HANDSHAKE, false, type, reader_ptr(&body), reader_left(&body));
        f->it[f->n - 1].rec_version = rec_version;
    }
    hs->len = 0;
}

/* Parses what a connection sent: plaintext handshake records become messages;
 * everything else, and every record after a ChangeCipherSpec (or every record
 * when `protected_` is set), stays a raw record. */
static void flight_parse(const uint8_t *p, size_t n, bool protected_, flight *f)
{
    memset(f, 0, sizeof *f);
    writer hs;
    writer_init_dynamic(&hs, 0);
    uint16_t hs_version = 0x0303;
    reader r = reader_of(p, n);
    while (!reader_empty(&r)) {
        uint8_t ct;
        uint16_t version;
        reader frag;
        OK(reader_u8(&r, &ct));
        OK(reader_u16(&r, &version));
        OK(reader_u16_prefixed(&r, &frag));
        if (ct == CT_HANDSHAKE && !protected_) {
            writer_bytes(&hs, reader_ptr(&frag), reader_left(&frag));
            OK(writer_finish(&hs));
            hs_version = version;
            continue;
        }
        flight_add_messages(f, &hs, hs_version);
        flight_insert(f, f->n, ct, true, 0, reader_ptr(&frag), reader_left(&frag));
        f->it[f->n - 1].rec_version = version;
        if (ct == CT_CHANGE_CIPHER_SPEC)
            protected_ = true;
    }
    flight_add_messages(f, &hs, hs_version);
    writer_free(&hs);
}

/* Writes items [from, to) as records, one handshake message per record. */
static void flight_write(const flight *f, size_t from, size_t to, writer *w)
{
    for (size_t i = from; i < to; i++) {
        const item *it = &f->it[i];
        writer_u8(w, it->ct);
        writer_u16(w, it->rec_version);
        size_t rec = writer_open(w, 2);
        if (!it->raw) {
            writer_u8(w, it->hs);
            writer_u24(w, it->len_forced ? it->len_field : (uint32_t)it->len);
        }
        writer_bytes(w, it->data, it->len);
        writer_close(w, rec);
    }
    OK(writer_finish(w));
}

/* ---- hellos: fixed fields and an editable extension list ----------------- */

#define HELLO_MAX_EXTS 32

typedef struct ext {
    uint16_t type;
    uint8_t data[512];
    size_t len;
} ext;

typedef struct hello {
    bool client;
    uint16_t version;
    uint8_t random[32];
    uint8_t sid[32];
    size_t sid_len;
    uint16_t suite;      /* ServerHello */
    uint8_t compression; /* ServerHello */
    uint8_t suites[512]; /* ClientHello: the u16 list's contents */
    size_t suites_len;
    uint8_t comps[255]; /* ClientHello: the u8 list's contents */
    size_t comps_len;
    bool has_exts;
    ext exts[HELLO_MAX_EXTS];
    size_t n_exts;
    bool trailing; /* append a byte after the extensions */
} hello;

static void copy_view(reader v, uint8_t *out, size_t cap, size_t *len)
{
    assert_true(reader_left(&v) <= cap);
    *len = reader_left(&v);
    memcpy(out, reader_ptr(&v), *len);
}

static void hello_parse(const item *it, hello *h)
{
    memset(h, 0, sizeof *h);
    h->client = it->hs == HS_CLIENT_HELLO;
    reader r = reader_of(it->data, it->len), v;
    OK(reader_u16(&r, &h->version));
    OK(reader_copy(&r, h->random, 32));
    OK(reader_u8_prefixed(&r, &v));
    copy_view(v, h->sid, sizeof h->sid, &h->sid_len);
    if (h->client) {
        OK(reader_u16_prefixed(&r, &v));
        copy_view(v, h->suites, sizeof h->suites, &h->suites_len);
        OK(reader_u8_prefixed(&r, &v));
        copy_view(v, h->comps, sizeof h->comps, &h->comps_len);
    } else {
        OK(reader_u16(&r, &h->suite));
        OK(reader_u8(&r, &h->compression));
    }
    h->has_exts = !reader_empty(&r);
    if (h->has_exts) {
        reader list;
        OK(reader_u16_prefixed(&r, &list));
        while (!reader_empty(&list)) {
            assert_true(h->n_exts < HELLO_MAX_EXTS);
            ext *e = &h->exts[h->n_exts++];
            OK(reader_u16(&list, &e->type));
            OK(reader_u16_prefixed(&list, &v));
            copy_view(v, e->data, sizeof e->data, &e->len);
        }
    }
    assert_true(reader_empty(&r));
}

static void hello_write(const hello *h, item *it)
{
    writer w;
    writer_init_dynamic(&w, 256);
    writer_u16(&w, h->version);
    writer_bytes(&w, h->random, 32);
    writer_u8(&w, (uint8_t)h->sid_len);
    writer_bytes(&w, h->sid, h->sid_len);
    if (h->client) {
        writer_u16(&w, (uint16_t)h->suites_len);
        writer_bytes(&w, h->suites, h->suites_len);
        writer_u8(&w, (uint8_t)h->comps_len);
        writer_bytes(&w, h->comps, h->comps_len);
    } else {
        writer_u16(&w, h->suite);
        writer_u8(&w, h->compression);
    }
    if (h->has_exts) {
        size_t list = writer_open(&w, 2);
        for (size_t i = 0; i < h->n_exts; i++) {
            writer_u16(&w, h->exts[i].type);
            writer_u16(&w, (uint16_t)h->exts[i].len);
            writer_bytes(&w, h->exts[i].data, h->exts[i].len);
        }
        writer_close(&w, list);
    }
    if (h->trailing)
        writer_u8(&w, 0);
    OK(writer_finish(&w));
    item_set(it, w.p, w.len);
    writer_free(&w);
}

static ext *hello_ext(hello *h, uint16_t type)
{
    for (size_t i = 0; i < h->n_exts; i++)
        if (h->exts[i].type == type)
            return &h->exts[i];
    return NULL;
}

/* Replaces the extension's body, or appends the extension. */
static void hello_ext_put(hello *h, uint16_t type, const void *data, size_t len)
{
    ext *e = hello_ext(h, type);
    if (e == NULL) {
        assert_true(h->n_exts < HELLO_MAX_EXTS);
        e = &h->exts[h->n_exts++];
        e->type = type;
    }
    assert_true(len <= sizeof e->data);
    memcpy(e->data, data, len);
    e->len = len;
    h->has_exts = true;
}

static void hello_ext_del(hello *h, uint16_t type)
{
    ext *e = hello_ext(h, type);
    assert_non_null(e);
    size_t i = (size_t)(e - h->exts);
    memmove(&h->exts[i], &h->exts[i + 1], (h->n_exts - i - 1) * sizeof h->exts[0]);
    h->n_exts--;
}

/* ---- one case ------------------------------------------------------------ */

/* Where the bad bytes are delivered, and so who the victim is. */
typedef enum stage {
    AT_CLIENT_HELLO,    /* client -> server: ClientHello */
    AT_SERVER_FLIGHT,   /* server -> client: ServerHello .. ServerHelloDone */
    AT_CLIENT_FLIGHT,   /* client -> server: [Cert] CKE [CV] CCS Finished */
    AT_SERVER_FINISHED, /* server -> client: CCS Finished */
    AT_DATA_TO_CLIENT,  /* server -> client: application data */
    AT_DATA_TO_SERVER,  /* client -> server: application data */
} stage;

enum {
    O_RSA = 1 << 0,             /* RSA certificates (default: ECDSA P-256) */
    O_MTLS_REQUEST = 1 << 1,    /* the server asks for a client certificate */
    O_MTLS_REQUIRE = 1 << 2,    /* the server requires one */
    O_CLIENT_CERT = 1 << 3,     /* the client has one */
    O_GROUPS_NO_P384 = 1 << 4,  /* the client offers x25519 and secp256r1 */
    O_GROUP_P256 = 1 << 5,      /* the client offers secp256r1 only */
    O_CLIENT_ALPN = 1 << 6,     /* the client offers "h2" */
    O_NARROW_SUITES = 1 << 7,   /* the client offers one TLS 1.2 suite */
    O_NO_PKCS1_SHA512 = 1 << 8, /* the client does not offer rsa_pkcs1_sha512 */
    O_EOF = 1 << 9,             /* the transport ends after the bad bytes */
    O_ACCEPT_ONLY = 1 << 10     /* control: the victim accepts; the rest is not run */
};

typedef struct hctx {
    const test_pki *pki;
    ward_config *ccfg, *scfg;
    ward_conn *c, *s;
    uint8_t server_random[32];
    uint8_t ch[1024]; /* the client's ClientHello body, as sent */
    size_t ch_len;
    uint8_t cert[8192]; /* the server's Certificate body */
    size_t cert_len;
    size_t split; /* nonzero: deliver items [0, split), tamper, then the rest */
} hctx;

typedef struct hcase {
    const char *name;
    stage at;
    unsigned opts;
    void (*mutate)(hctx *x, flight *f);
    void (*tamper)(hctx *x); /* between the two parts of a split delivery */
    int rc;                  /* the victim's result */
    int alert;               /* the alert it sends; -1: none */
    const char *bug;         /* non-NULL: ward misbehaves here (why); the case is skipped */
} hcase;

static void ctx_new(hctx *x, const hcase *k)
{
    memset(x, 0, sizeof *x);
    x->pki = k->opts & O_RSA ? &pki_rsa : &pki_ec;
    x->ccfg = test_client_config(x->pki);
    x->scfg = test_server_config(x->pki);
    /* A client offering TLS 1.3 and 1.2, a server limited to 1.2: no downgrade
     * sentinel, and the client checks for one. */
    OK(ward_config_set_versions(x->scfg, 0x0303, 0x0303));
    if (k->opts & (O_MTLS_REQUEST | O_MTLS_REQUIRE)) {
        OK(ward_config_set_ca_pem(x->scfg, x->pki->ca_pem, strlen(x->pki->ca_pem)));
        OK(ward_config_set_verify(x->scfg, k->opts & O_MTLS_REQUIRE ? WARD_VERIFY_REQUIRE
                                                                    : WARD_VERIFY_REQUEST));
    }
    if (k->opts & O_CLIENT_CERT)
        OK(ward_config_add_cert_chain_pem(x->ccfg, x->pki->chain_pem, strlen(x->pki->chain_pem),
                                          x->pki->key_pem, strlen(x->pki->key_pem)));
    if (k->opts & O_GROUPS_NO_P384)
        OK(ward_config_set_groups(x->ccfg, "x25519,secp256r1"));
    if (k->opts & O_GROUP_P256)
        OK(ward_config_set_groups(x->ccfg, "secp256r1"));
    if (k->opts & O_CLIENT_ALPN)
        OK(ward_config_set_alpn(x->ccfg, "h2"));
    if (k->opts & O_NARROW_SUITES)
        OK(ward_config_set_suites(
            x->ccfg, "TLS_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
    if (k->opts & O_NO_PKCS1_SHA512) {
        /* No public knob for signature schemes: narrow the client's policy. */
        policy *p = &x->ccfg->pol;
        size_t n = 0;
        for (size_t i = 0; i < p->n_sigalgs; i++)
            if (p->sigalgs[i] != SIG_RSA_PKCS1_SHA512)
                p->sigalgs[n++] = p->sigalgs[i];
        assert_int_equal(n + 1, p->n_sigalgs);
        p->n_sigalgs = n;
    }
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

/* Remembers what later mutations need from a flight that passes by. */
static void ctx_observe(hctx *x, const flight *f)
{
    for (size_t i = 0; i < f->n; i++) {
        const item *it = &f->it[i];
        if (it->raw)
            continue;
        if (it->hs == HS_SERVER_HELLO && it->len >= 34)
            memcpy(x->server_random, it->data + 2, 32);
        if (it->hs == HS_CLIENT_HELLO && it->len <= sizeof x->ch) {
            memcpy(x->ch, it->data, it->len);
            x->ch_len = it->len;
        }
        if (it->hs == HS_CERTIFICATE && it->len <= sizeof x->cert && x->cert_len == 0) {
            memcpy(x->cert, it->data, it->len);
            x->cert_len = it->len;
        }
    }
}

/* Moves from's pending output to `to`: parsed, observed, and (when mutate is
 * given) altered and re-framed. Returns to's result. */
static int deliver(hctx *x, const hcase *k, ward_conn *from, ward_conn *to, bool protected_,
                   void (*mutate)(hctx *, flight *))
{
    const uint8_t *p;
    size_t n = ward_conn_pending(from, &p);
    assert_true(n > 0);
    flight f;
    flight_parse(p, n, protected_, &f);
    ward_conn_sent(from, n);
    ctx_observe(x, &f);
    x->split = 0;
    if (mutate)
        mutate(x, &f);
    writer w;
    writer_init_dynamic(&w, 0);
    size_t split = x->split ? x->split : f.n;
    flight_write(&f, 0, split, &w);
    OK(ward_conn_feed(to, w.p, w.len));
    int rc;
    if (split < f.n) {
        rc = step(to);
        assert_true(rc == WARD_WANT_READ || rc == WARD_OK);
        if (k->tamper)
            k->tamper(x);
        w.len = 0;
        flight_write(&f, split, f.n, &w);
        OK(ward_conn_feed(to, w.p, w.len));
    }
    if ((k->opts & O_EOF) && mutate)
        ward_conn_feed_eof(to);
    rc = step(to);
    writer_free(&w);
    flight_free(&f);
    return rc;
}

/* Runs the handshake to the case's stage, delivers the bad bytes there and
 * returns the victim's result; *victim and *peer are set. */
static int drive(hctx *x, const hcase *k, ward_conn **victim, ward_conn **peer)
{
    assert_int_equal(ward_conn_handshake(x->c), WARD_WANT_READ);
    *victim = x->s;
    *peer = x->c;
    if (k->at == AT_CLIENT_HELLO)
        return deliver(x, k, x->c, x->s, false, k->mutate);
    assert_int_equal(deliver(x, k, x->c, x->s, false, NULL), WARD_WANT_READ);

    *victim = x->c;
    *peer = x->s;
    if (k->at == AT_SERVER_FLIGHT)
        return deliver(x, k, x->s, x->c, false, k->mutate);
    assert_int_equal(deliver(x, k, x->s, x->c, false, NULL), WARD_WANT_READ);

    *victim = x->s;
    *peer = x->c;
    if (k->at == AT_CLIENT_FLIGHT)
        return deliver(x, k, x->c, x->s, false, k->mutate);
    assert_int_equal(deliver(x, k, x->c, x->s, false, NULL), WARD_OK);

    *victim = x->c;
    *peer = x->s;
    if (k->at == AT_SERVER_FINISHED)
        return deliver(x, k, x->s, x->c, false, k->mutate);
    assert_int_equal(deliver(x, k, x->s, x->c, false, NULL), WARD_OK);
    assert_int_equal(ward_conn_version(x->c), 0x0303);

    static const uint8_t hello_data[] = "hello over TLS 1.2";
    ward_conn *from = k->at == AT_DATA_TO_CLIENT ? x->s : x->c;
    *victim = k->at == AT_DATA_TO_CLIENT ? x->c : x->s;
    *peer = from;
    OK(ward_conn_write(from, hello_data, sizeof hello_data));
    return deliver(x, k, from, *victim, true, k->mutate);
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
    assert_int_equal(ward_conn_error(v), rc);
}

/* How many alert records (plaintext or protected) c's pending output holds. */
static size_t alert_records(ward_conn *c)
{
    const uint8_t *p;
    reader r = reader_of(p, ward_conn_pending(c, &p));
    size_t alerts = 0;
    while (!reader_empty(&r)) {
        uint8_t ct;
        uint16_t version;
        reader frag;
        OK(reader_u8(&r, &ct));
        OK(reader_u16(&r, &version));
        OK(reader_u16_prefixed(&r, &frag));
        alerts += ct == CT_ALERT;
    }
    return alerts;
}

/* The victim sent exactly the expected alert, and a real peer fed its output
 * agrees. */
static void expect_alert(ward_conn *v, ward_conn *peer, int rc, int alert)
{
    const uint8_t *out;
    size_t pending = ward_conn_pending(v, &out);
    assert_int_equal(ward_error_alert(rc), alert);
    if (alert < 0) {
        assert_int_equal(alert_records(v), 0);
        return;
    }
    assert_int_equal(alert_records(v), 1);
    uint8_t level = 0, desc = 0;
    if (!record_dir_protected(&v->wr)) {
        /* No write keys yet: the alert is the last plaintext record. */
        assert_true(test_plain_alert(v, &level, &desc));
        assert_int_equal(level, ALERT_LEVEL_FATAL);
        assert_int_equal(desc, alert);
    } else {
        assert_true(pending > 0);
        assert_false(test_plain_alert(v, &level, &desc));
    }
    test_pump(v, peer);
    assert_int_equal(step(peer), WARD_E_PEER_ALERT);
    assert_int_equal(ward_conn_peer_alert(peer), alert);
}

static void run_case(void **state)
{
    const hcase *k = *state;
    if (k->bug) {
        print_message("ward bug, case skipped until src/ is fixed: %s\n", k->bug);
        skip();
    }
    hctx x;
    ctx_new(&x, k);
    ward_conn *victim, *peer;
    int rc = drive(&x, k, &victim, &peer);
    if (rc != k->rc)
        print_error("%s: got %s (%s), want %s\n", k->name, ward_error_string(rc),
                    ward_conn_error_detail(victim), ward_error_string(k->rc));
    assert_int_equal(rc, k->rc);
    if (rc >= 0 && !(k->opts & O_ACCEPT_ONLY)) {
        /* A control: the re-framed, unaltered bytes complete the handshake. */
        int src;
        assert_int_equal(test_handshake(x.c, x.s, &src), WARD_OK);
        assert_int_equal(src, WARD_OK);
        assert_int_equal(ward_conn_version(x.c), 0x0303);
    } else if (rc < 0) {
        expect_alert(victim, peer, rc, k->alert);
        expect_dead(victim, rc);
    }
    ctx_free(&x);
}

/* ---- mutations: framing ---------------------------------------------------- */

static void cut_last(flight *f, uint8_t hs, size_t n)
{
    item *it = &f->it[flight_find(f, hs)];
    assert_true(it->len >= n);
    it->len -= n;
}

static void add_byte(flight *f, uint8_t hs)
{
    item *it = &f->it[flight_find(f, hs)];
    uint8_t *p = malloc(it->len + 1);
    assert_non_null(p);
    memcpy(p, it->data, it->len);
    p[it->len] = 0;
    item_set(it, p, it->len + 1);
    free(p);
}

static void move_before(flight *f, uint8_t hs, uint8_t before)
{
    size_t from = flight_find(f, hs);
    item moved = f->it[from];
    memmove(&f->it[from], &f->it[from + 1], (f->n - from - 1) * sizeof f->it[0]);
    f->n--;
    size_t at = flight_find(f, before);
    memmove(&f->it[at + 1], &f->it[at], (f->n - at) * sizeof f->it[0]);
    f->it[at] = moved;
    f->n++;
}

static void identity(hctx *x, flight *f)
{
    (void)x;
    (void)f;
}

static void sh_cut_one(hctx *x, flight *f)
{
    (void)x;
    cut_last(f, HS_SERVER_HELLO, 1);
}

static void sh_cut_in_random(hctx *x, flight *f)
{
    (void)x;
    size_t i = flight_find(f, HS_SERVER_HELLO);
    f->it[i].len = 10;
}

static void cert_cut_one(hctx *x, flight *f)
{
    (void)x;
    cut_last(f, HS_CERTIFICATE, 1);
}

static void ske_cut_one(hctx *x, flight *f)
{
    (void)x;
    cut_last(f, HS_SERVER_KEY_EXCHANGE, 1);
}

/* ServerHelloDone cut inside its 4-byte header: a partial message. */
static void shd_cut_header(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t partial[] = {HS_SERVER_HELLO_DONE, 0, 0};
    size_t i = flight_find(f, HS_SERVER_HELLO_DONE);
    flight_remove(f, i);
    flight_insert(f, i, CT_HANDSHAKE, true, 0, partial, sizeof partial);
}

static void shd_cut_header_then_ccs(hctx *x, flight *f)
{
    static const uint8_t one = 1;
    shd_cut_header(x, f);
    flight_insert(f, f->n, CT_CHANGE_CIPHER_SPEC, true, 0, &one, 1);
}

/* certificate_list<0..2^24-1> claims one byte more than the message holds. */
static void cert_list_overlong(hctx *x, flight *f)
{
    (void)x;
    item *it = &f->it[flight_find(f, HS_CERTIFICATE)];
    assert_true(it->len > 3);
    uint32_t n = (uint32_t)it->data[0] << 16 | (uint32_t)it->data[1] << 8 | it->data[2];
    n++;
    it->data[0] = (uint8_t)(n >> 16);
    it->data[1] = (uint8_t)(n >> 8);
    it->data[2] = (uint8_t)n;
}

/* ECPoint public<1..2^8-1> of the ServerKeyExchange claims one byte more. */
static void ske_point_overlong(hctx *x, flight *f)
{
    (void)x;
    item *it = &f->it[flight_find(f, HS_SERVER_KEY_EXCHANGE)];
    it->data[3]++;
}

static void ske_trailing(hctx *x, flight *f)
{
    (void)x;
    add_byte(f, HS_SERVER_KEY_EXCHANGE);
}

static void shd_with_body(hctx *x, flight *f)
{
    (void)x;
    add_byte(f, HS_SERVER_HELLO_DONE);
}

/* The message header says 0 bytes while the record carries one: the byte is
 * the start of a next message that never completes, then a ChangeCipherSpec. */
static void shd_header_short(hctx *x, flight *f)
{
    (void)x;
    add_byte(f, HS_SERVER_HELLO_DONE);
    item *it = &f->it[flight_find(f, HS_SERVER_HELLO_DONE)];
    it->len_forced = true;
    it->len_field = 0;
}

static void sh_trailing(hctx *x, flight *f)
{
    (void)x;
    add_byte(f, HS_SERVER_HELLO);
}

/* ---- mutations: order ------------------------------------------------------ */

static void shd_before_ske(hctx *x, flight *f)
{
    (void)x;
    move_before(f, HS_SERVER_HELLO_DONE, HS_SERVER_KEY_EXCHANGE);
}

static void drop_cert(hctx *x, flight *f)
{
    (void)x;
    flight_remove(f, flight_find(f, HS_CERTIFICATE));
}

static void ske_twice(hctx *x, flight *f)
{
    (void)x;
    size_t i = flight_find(f, HS_SERVER_KEY_EXCHANGE);
    flight_insert(f, i + 1, CT_HANDSHAKE, false, HS_SERVER_KEY_EXCHANGE, f->it[i].data,
                  f->it[i].len);
}

static const uint8_t cr12_body[] = {2, 1, 64, 0, 2, 0x04, 0x03, 0, 0};

static void cr_after_shd(hctx *x, flight *f)
{
    (void)x;
    flight_insert(f, flight_find(f, HS_SERVER_HELLO_DONE) + 1, CT_HANDSHAKE, false,
                  HS_CERTIFICATE_REQUEST, cr12_body, sizeof cr12_body);
}

static void ee_after_sh(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t empty_exts[] = {0, 0};
    flight_insert(f, flight_find(f, HS_SERVER_HELLO) + 1, CT_HANDSHAKE, false,
                  HS_ENCRYPTED_EXTENSIONS, empty_exts, sizeof empty_exts);
}

static void ccs_before_shd(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t one = 1;
    flight_insert(f, flight_find(f, HS_SERVER_HELLO_DONE), CT_CHANGE_CIPHER_SPEC, true, 0, &one, 1);
}

/* RFC 5246 7.4.1.1: a HelloRequest while a handshake is under way is ignored
 * (and is never part of the transcript). */
static void hello_request_mid_flight(hctx *x, flight *f)
{
    (void)x;
    flight_insert(f, flight_find(f, HS_SERVER_KEY_EXCHANGE), CT_HANDSHAKE, false, HS_HELLO_REQUEST,
                  NULL, 0);
}

static void empty_handshake_record(hctx *x, flight *f)
{
    (void)x;
    flight_insert(f, flight_find(f, HS_SERVER_HELLO_DONE), CT_HANDSHAKE, true, 0, NULL, 0);
}

/* Nine warning alerts (no_renegotiation) in the middle of the flight. */
static void warning_flood(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t warning[] = {ALERT_LEVEL_WARNING, ALERT_NO_RENEGOTIATION};
    for (int i = 0; i < CONN_MAX_WARNINGS + 1; i++)
        flight_insert(f, flight_find(f, HS_SERVER_HELLO_DONE), CT_ALERT, true, 0, warning,
                      sizeof warning);
}

/* A chain that does not lead to the peer's trust anchor (pki_rsa's CA signs
 * it), as a TLS 1.2 Certificate body. */
static void foreign_chain_body(item *it)
{
    cert_chain *chain;
    OK(cert_chain_from_pem(pki_rsa.chain_pem, strlen(pki_rsa.chain_pem), &chain));
    const uint8_t *der[CERT_MAX_CHAIN];
    size_t len[CERT_MAX_CHAIN], n = cert_chain_count(chain);
    for (size_t i = 0; i < n; i++)
        der[i] = cert_chain_der(chain, i, &len[i]);
    writer w;
    writer_init_dynamic(&w, 0);
    OK(certificate12_write(&w, der, len, n));
    item_set(it, w.p + HS_HEADER_LEN, w.len - HS_HEADER_LEN);
    writer_free(&w);
    cert_chain_free(chain);
}

/* Certificate empty, or from a CA the client does not trust. */
static void cert_empty(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t none[] = {0, 0, 0};
    item_set(&f->it[flight_find(f, HS_CERTIFICATE)], none, sizeof none);
}

static void cert_foreign(hctx *x, flight *f)
{
    (void)x;
    foreign_chain_body(&f->it[flight_find(f, HS_CERTIFICATE)]);
}

/* ---- mutations: ServerKeyExchange, re-signed with the server's key ------- */

typedef struct ske_fields {
    uint8_t curve_type;
    uint16_t group;
    uint8_t point[256];
    size_t point_len;
    uint16_t scheme;
} ske_fields;

static void ske_read(const flight *f, ske_fields *s)
{
    const item *it = &f->it[flight_find(f, HS_SERVER_KEY_EXCHANGE)];
    reader r = reader_of(it->data, it->len), v;
    OK(reader_u8(&r, &s->curve_type));
    OK(reader_u16(&r, &s->group));
    OK(reader_u8_prefixed(&r, &v));
    copy_view(v, s->point, sizeof s->point, &s->point_len);
    OK(reader_u16(&r, &s->scheme));
}

/* Writes a ServerKeyExchange with these fields, validly signed over both
 * randoms and the params, so that only the field under test is wrong. */
static void ske_write(hctx *x, flight *f, const ske_fields *s)
{
    writer params, content, body;
    writer_init_dynamic(&params, 0);
    writer_u8(&params, s->curve_type);
    writer_u16(&params, s->group);
    writer_u8(&params, (uint8_t)s->point_len);
    writer_bytes(&params, s->point, s->point_len);
    OK(writer_finish(&params));
    writer_init_dynamic(&content, 0);
    writer_bytes(&content, x->c->client_random, 32);
    writer_bytes(&content, x->server_random, 32);
    writer_bytes(&content, params.p, params.len);
    OK(writer_finish(&content));
    uint8_t sig[CRYPTO_MAX_SIG];
    size_t sig_len;
    OK(sig_sign(x->scfg->certs[0].key, s->scheme, content.p, content.len, sig, sizeof sig,
                &sig_len));
    writer_init_dynamic(&body, 0);
    writer_bytes(&body, params.p, params.len);
    writer_u16(&body, s->scheme);
    writer_u16(&body, (uint16_t)sig_len);
    writer_bytes(&body, sig, sig_len);
    OK(writer_finish(&body));
    item_set(&f->it[flight_find(f, HS_SERVER_KEY_EXCHANGE)], body.p, body.len);
    writer_free(&params);
    writer_free(&content);
    writer_free(&body);
}

static void ske_resigned(hctx *x, flight *f)
{
    ske_fields s;
    ske_read(f, &s);
    ske_write(x, f, &s);
}

static void ske_curve_type_explicit(hctx *x, flight *f)
{
    ske_fields s;
    ske_read(f, &s);
    s.curve_type = 1; /* explicit_prime */
    ske_write(x, f, &s);
}

/* secp384r1 with a valid point, to a client that offered x25519 and P-256. */
static void ske_group_not_offered(hctx *x, flight *f)
{
    ske_fields s;
    ske_read(f, &s);
    kx_key *k;
    OK(kx_generate(GROUP_SECP384R1, &k));
    OK(kx_public(k, s.point, sizeof s.point, &s.point_len));
    kx_free(k);
    s.group = GROUP_SECP384R1;
    ske_write(x, f, &s);
}

static void ske_point_short(hctx *x, flight *f)
{
    ske_fields s;
    ske_read(f, &s);
    assert_int_equal(s.group, GROUP_X25519);
    s.point_len = 31;
    ske_write(x, f, &s);
}

/* 0x04 || x=1 || y=1 is not on P-256. */
static void off_curve_p256(uint8_t *p, size_t *len)
{
    memset(p, 0, 65);
    p[0] = 0x04;
    p[32] = 1;
    p[64] = 1;
    *len = 65;
}

static void ske_point_off_curve(hctx *x, flight *f)
{
    ske_fields s;
    ske_read(f, &s);
    s.group = GROUP_SECP256R1;
    off_curve_p256(s.point, &s.point_len);
    ske_write(x, f, &s);
}

static void ske_bad_signature(hctx *x, flight *f)
{
    (void)x;
    item *it = &f->it[flight_find(f, HS_SERVER_KEY_EXCHANGE)];
    it->data[it->len - 10] ^= 0x01; /* inside the ECDSA s value */
}

/* rsa_pkcs1_sha512 fits the RSA key and TLS 1.2, but this client did not
 * offer it. */
static void ske_scheme_not_offered(hctx *x, flight *f)
{
    ske_fields s;
    ske_read(f, &s);
    s.scheme = SIG_RSA_PKCS1_SHA512;
    ske_write(x, f, &s);
}

/* ---- mutations: ServerHello ------------------------------------------------ */

static void sh_edit(flight *f, void (*edit)(hello *h))
{
    item *it = &f->it[flight_find(f, HS_SERVER_HELLO)];
    hello h;
    hello_parse(it, &h);
    edit(&h);
    hello_write(&h, it);
}

static void edit_none(hello *h)
{
    (void)h;
}
static void edit_suite_not_offered(hello *h)
{
    h->suite = SUITE_ECDHE_ECDSA_AES_256_GCM_SHA384;
}
static void edit_suite_tls13(hello *h)
{
    h->suite = SUITE_TLS_AES_128_GCM_SHA256;
}
static void edit_compression(hello *h)
{
    h->compression = 1;
}
static void edit_reneg_info(hello *h)
{
    uint8_t data[25] = {24};
    memset(data + 1, 0x5a, 24);
    hello_ext_put(h, EXT_RENEGOTIATION_INFO, data, sizeof data);
}
static void edit_alpn_h2(hello *h)
{
    static const uint8_t alpn[] = {0, 3, 2, 'h', '2'};
    hello_ext_put(h, EXT_ALPN, alpn, sizeof alpn);
}
static void edit_alpn_other(hello *h)
{
    static const uint8_t alpn[] = {0, 9, 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    hello_ext_put(h, EXT_ALPN, alpn, sizeof alpn);
}
static void edit_point_formats(hello *h)
{
    static const uint8_t compressed_only[] = {1, 1}; /* ansiX962_compressed_prime */
    hello_ext_put(h, EXT_EC_POINT_FORMATS, compressed_only, sizeof compressed_only);
}
static void edit_version_tls11(hello *h)
{
    h->version = 0x0302;
}
static void edit_sentinel(hello *h)
{
    memcpy(h->random + 24, TLS12_DOWNGRADE_SENTINEL, 8);
}
static void edit_dup_ext(hello *h)
{
    assert_true(h->n_exts > 0 && h->n_exts < HELLO_MAX_EXTS);
    h->exts[h->n_exts] = h->exts[0];
    h->n_exts++;
}
static void edit_ems_with_body(hello *h)
{
    static const uint8_t one = 1;
    hello_ext_put(h, EXT_EXTENDED_MASTER_SECRET, &one, 1);
}
static void edit_suite_ecdsa(hello *h)
{
    h->suite = SUITE_ECDHE_ECDSA_AES_128_GCM_SHA256;
}
static void edit_trailing(hello *h)
{
    h->trailing = true;
}

#define SH_MUTATOR(name, edit)                                                                     \
    static void name(hctx *x, flight *f)                                                           \
    {                                                                                              \
        (void)x;                                                                                   \
        sh_edit(f, edit);                                                                          \
    }

SH_MUTATOR(sh_same, edit_none)
SH_MUTATOR(sh_suite_not_offered, edit_suite_not_offered)
SH_MUTATOR(sh_suite_tls13, edit_suite_tls13)
SH_MUTATOR(sh_compression, edit_compression)
SH_MUTATOR(sh_reneg_info, edit_reneg_info)
SH_MUTATOR(sh_alpn_unsolicited, edit_alpn_h2)
SH_MUTATOR(sh_alpn_not_offered, edit_alpn_other)
SH_MUTATOR(sh_point_formats, edit_point_formats)
SH_MUTATOR(sh_version_tls11, edit_version_tls11)
SH_MUTATOR(sh_sentinel, edit_sentinel)
SH_MUTATOR(sh_dup_ext, edit_dup_ext)
SH_MUTATOR(sh_ems_with_body, edit_ems_with_body)
SH_MUTATOR(sh_suite_ecdsa, edit_suite_ecdsa)

/* ---- mutations: the server's CCS + Finished ------------------------------- */

static void ccs_value_2(hctx *x, flight *f)
{
    (void)x;
    f->it[flight_find_ct(f, CT_CHANGE_CIPHER_SPEC)].data[0] = 2;
}

/* Replaces ChangeCipherSpec and the protected Finished by a plaintext one. */
static void finished_in_clear(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t verify[12] = {0};
    size_t i = flight_find_ct(f, CT_CHANGE_CIPHER_SPEC);
    while (f->n > i)
        flight_remove(f, i);
    flight_insert(f, i, CT_HANDSHAKE, false, HS_FINISHED, verify, sizeof verify);
}

/* The client's master secret is spoiled after its record keys were made from
 * it: the server's Finished decrypts but does not verify. */
static void spoil_client_master(hctx *x, flight *f)
{
    (void)f;
    x->c->master[0] ^= 1;
}

static void flip_last_record(hctx *x, flight *f)
{
    (void)x;
    item *it = &f->it[f->n - 1];
    assert_true(it->raw && it->len > 16);
    it->data[it->len - 1] ^= 0x80; /* last byte of the tag */
}

static void nst_unannounced(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t nst[] = {0, 0, 0x1c, 0x20, 0, 0}; /* lifetime, empty ticket */
    flight_insert(f, 0, CT_HANDSHAKE, false, HS_NEW_SESSION_TICKET, nst, sizeof nst);
}

/* RFC 5077 3.3: a server that sent session_ticket in its ServerHello must send
 * NewSessionTicket (possibly empty) before its ChangeCipherSpec. ward's server
 * never promises one and altering the ServerHello would break the transcript,
 * so the client is told it was promised one, as that extension would. */
static void nst_promised_not_sent(hctx *x, flight *f)
{
    /* ward's server promises and sends a ticket; drop it (the client was told
     * to expect one whether or not the flight still had it). */
    for (size_t i = 0; i < f->n; i++)
        if (!f->it[i].raw && f->it[i].hs == HS_NEW_SESSION_TICKET) {
            flight_remove(f, i);
            break;
        }
    x->c->expect_nst = true;
}

static void ccs_twice(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t one = 1;
    flight_insert(f, flight_find_ct(f, CT_CHANGE_CIPHER_SPEC), CT_CHANGE_CIPHER_SPEC, true, 0, &one,
                  1);
}

/* ---- mutations: the ClientHello -------------------------------------------- */

static void ch_edit(flight *f, void (*edit)(hello *h))
{
    item *it = &f->it[flight_find(f, HS_CLIENT_HELLO)];
    hello h;
    hello_parse(it, &h);
    edit(&h);
    hello_write(&h, it);
}

static void edit_ch_reneg_info(hello *h)
{
    uint8_t data[13] = {12};
    memset(data + 1, 0xa5, 12);
    hello_ext_put(h, EXT_RENEGOTIATION_INFO, data, sizeof data);
}
static void edit_ch_deflate_only(hello *h)
{
    h->comps[0] = 1;
    h->comps_len = 1;
}
static void edit_ch_no_sigalgs(hello *h)
{
    hello_ext_del(h, EXT_SIGNATURE_ALGORITHMS);
}
/* Only suites ward does not implement: ECDHE_ECDSA_WITH_AES_128_CBC_SHA and
 * ECDHE_RSA_WITH_AES_128_CBC_SHA, plus the renegotiation SCSV. */
static void edit_ch_cbc_only(hello *h)
{
    static const uint8_t suites[] = {0xc0, 0x09, 0xc0, 0x13, 0x00, 0xff};
    memcpy(h->suites, suites, sizeof suites);
    h->suites_len = sizeof suites;
}
static void edit_ch_point_formats(hello *h)
{
    static const uint8_t compressed_only[] = {1, 1};
    hello_ext_put(h, EXT_EC_POINT_FORMATS, compressed_only, sizeof compressed_only);
}
static void edit_ch_secp521r1_only(hello *h)
{
    static const uint8_t groups[] = {0, 2, 0, 0x19};
    hello_ext_put(h, EXT_SUPPORTED_GROUPS, groups, sizeof groups);
}
static void edit_ch_tls11(hello *h)
{
    h->version = 0x0302;
    hello_ext_del(h, EXT_SUPPORTED_VERSIONS);
}
/* RFC 8422 5.1.2: the client's suites are ECDSA-only; ward's RSA server has no
 * certificate for them. */
static void edit_ch_ecdsa_only(hello *h)
{
    static const uint8_t suites[] = {0xc0, 0x2b, 0xc0, 0x2c, 0xcc, 0xa9};
    memcpy(h->suites, suites, sizeof suites);
    h->suites_len = sizeof suites;
}

#define CH_MUTATOR(name, edit)                                                                     \
    static void name(hctx *x, flight *f)                                                           \
    {                                                                                              \
        (void)x;                                                                                   \
        ch_edit(f, edit);                                                                          \
    }

CH_MUTATOR(ch_same, edit_none)
CH_MUTATOR(ch_reneg_info, edit_ch_reneg_info)
CH_MUTATOR(ch_deflate_only, edit_ch_deflate_only)
CH_MUTATOR(ch_no_sigalgs, edit_ch_no_sigalgs)
CH_MUTATOR(ch_cbc_only, edit_ch_cbc_only)
CH_MUTATOR(ch_point_formats, edit_ch_point_formats)
CH_MUTATOR(ch_secp521r1_only, edit_ch_secp521r1_only)
CH_MUTATOR(ch_tls11, edit_ch_tls11)
CH_MUTATOR(ch_trailing, edit_trailing)
CH_MUTATOR(ch_ecdsa_only, edit_ch_ecdsa_only)

/* ---- mutations: the client's second flight -------------------------------- */

static void cke_set(flight *f, const uint8_t *body, size_t len)
{
    item_set(&f->it[flight_find(f, HS_CLIENT_KEY_EXCHANGE)], body, len);
}

static void cke_empty(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t empty[] = {0};
    cke_set(f, empty, sizeof empty);
}

/* An all-zero X25519 value: a small-order point, all-zero shared secret. */
static void cke_x25519_zero(hctx *x, flight *f)
{
    (void)x;
    uint8_t body[33] = {32};
    cke_set(f, body, sizeof body);
}

static void cke_off_curve(hctx *x, flight *f)
{
    (void)x;
    uint8_t body[66];
    size_t len;
    off_curve_p256(body + 1, &len);
    body[0] = (uint8_t)len;
    cke_set(f, body, len + 1);
}

static void cke_trailing(hctx *x, flight *f)
{
    (void)x;
    add_byte(f, HS_CLIENT_KEY_EXCHANGE);
}

static void cke_cut_one(hctx *x, flight *f)
{
    (void)x;
    cut_last(f, HS_CLIENT_KEY_EXCHANGE, 1);
}

static void cv_after_cke(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t cv[] = {0x04, 0x03, 0, 4, 0x30, 0x02, 0x02, 0x00};
    flight_insert(f, flight_find(f, HS_CLIENT_KEY_EXCHANGE) + 1, CT_HANDSHAKE, false,
                  HS_CERTIFICATE_VERIFY, cv, sizeof cv);
}

/* The server's own chain, sent back as the client's (never requested). */
static void cert_unrequested(hctx *x, flight *f)
{
    assert_true(x->cert_len > 0);
    flight_insert(f, flight_find(f, HS_CLIENT_KEY_EXCHANGE), CT_HANDSHAKE, false, HS_CERTIFICATE,
                  x->cert, x->cert_len);
}

static void second_client_hello(hctx *x, flight *f)
{
    assert_true(x->ch_len > 0);
    flight_insert(f, flight_find(f, HS_CLIENT_KEY_EXCHANGE), CT_HANDSHAKE, false, HS_CLIENT_HELLO,
                  x->ch, x->ch_len);
}

static void client_cert_foreign(hctx *x, flight *f)
{
    (void)x;
    foreign_chain_body(&f->it[flight_find(f, HS_CERTIFICATE)]);
}

/* The first half of ClientKeyExchange, the ChangeCipherSpec, then the rest:
 * RFC 5246 7.1 puts the CCS between whole messages only. */
static void cke_split_around_ccs(hctx *x, flight *f)
{
    (void)x;
    size_t i = flight_find(f, HS_CLIENT_KEY_EXCHANGE);
    item *it = &f->it[i];
    uint8_t msg[HS_HEADER_LEN + 256];
    assert_true(it->len <= 256);
    msg[0] = HS_CLIENT_KEY_EXCHANGE;
    msg[1] = 0;
    msg[2] = (uint8_t)(it->len >> 8);
    msg[3] = (uint8_t)it->len;
    memcpy(msg + HS_HEADER_LEN, it->data, it->len);
    size_t half = (HS_HEADER_LEN + it->len) / 2, total = HS_HEADER_LEN + it->len;
    flight_remove(f, i);
    flight_insert(f, i, CT_HANDSHAKE, true, 0, msg, half);
    size_t ccs = flight_find_ct(f, CT_CHANGE_CIPHER_SPEC);
    flight_insert(f, ccs + 1, CT_HANDSHAKE, true, 0, msg + half, total - half);
}

static void cv_bad_signature(hctx *x, flight *f)
{
    (void)x;
    item *it = &f->it[flight_find(f, HS_CERTIFICATE_VERIFY)];
    it->data[it->len - 10] ^= 0x01;
}

/* ecdsa_secp521r1_sha512 is not in the server's CertificateRequest. */
static void cv_scheme_not_offered(hctx *x, flight *f)
{
    (void)x;
    item *it = &f->it[flight_find(f, HS_CERTIFICATE_VERIFY)];
    it->data[0] = 0x06;
    it->data[1] = 0x03;
}

static void ccs_before_cke(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t one = 1;
    size_t ccs = flight_find_ct(f, CT_CHANGE_CIPHER_SPEC);
    flight_remove(f, ccs);
    flight_insert(f, flight_find(f, HS_CLIENT_KEY_EXCHANGE), CT_CHANGE_CIPHER_SPEC, true, 0, &one,
                  1);
}

static void drop_cke(hctx *x, flight *f)
{
    (void)x;
    flight_remove(f, flight_find(f, HS_CLIENT_KEY_EXCHANGE));
}

static void drop_cv(hctx *x, flight *f)
{
    (void)x;
    flight_remove(f, flight_find(f, HS_CERTIFICATE_VERIFY));
}

/* Deliver everything up to the client's Finished, then spoil the server's
 * master secret (its read keys already made from it). */
static void split_before_finished(hctx *x, flight *f)
{
    x->split = flight_find_ct(f, CT_CHANGE_CIPHER_SPEC) + 1;
}

static void spoil_server_master(hctx *x)
{
    x->s->master[0] ^= 1;
}

/* ---- the table ------------------------------------------------------------- */

#define UNEXPECTED WARD_E_UNEXPECTED_MESSAGE, ALERT_UNEXPECTED_MESSAGE
#define UNEXPECTED_CCS WARD_E_UNEXPECTED_CCS, ALERT_UNEXPECTED_MESSAGE
#define DECODE WARD_E_DECODE, ALERT_DECODE_ERROR
#define TRAILING WARD_E_TRAILING_BYTES, ALERT_DECODE_ERROR
#define ILLEGAL WARD_E_ILLEGAL_PARAMETER, ALERT_ILLEGAL_PARAMETER
#define BAD_SHARE WARD_E_BAD_KEY_SHARE, ALERT_ILLEGAL_PARAMETER
#define BAD_MAC WARD_E_BAD_RECORD_MAC, ALERT_BAD_RECORD_MAC

static const hcase cases[] = {
    /* Controls: the interception and re-signing machinery changes nothing. */
    {"control: ClientHello re-serialised", AT_CLIENT_HELLO, 0, ch_same, NULL, WARD_WANT_READ, -1,
     NULL},
    {"control: server flight one message per record", AT_SERVER_FLIGHT, 0, identity, NULL,
     WARD_WANT_READ, -1, NULL},
    {"control: ServerHello re-serialised", AT_SERVER_FLIGHT, 0, sh_same, NULL, WARD_WANT_READ, -1,
     NULL},
    /* The client accepts the test's signature; the handshake cannot finish, as
     * the transcripts (and with EMS the keys) now differ. */
    {"control: ServerKeyExchange re-signed by the test", AT_SERVER_FLIGHT, O_ACCEPT_ONLY,
     ske_resigned, NULL, WARD_WANT_READ, -1, NULL},
    {"control: mTLS client flight one message per record", AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, identity, NULL, WARD_OK, -1, NULL},

    /* Client: malformed server messages. */
    {"client: ServerHello one byte short", AT_SERVER_FLIGHT, 0, sh_cut_one, NULL, DECODE, NULL},
    {"client: ServerHello cut inside random", AT_SERVER_FLIGHT, 0, sh_cut_in_random, NULL, DECODE,
     NULL},
    {"client: Certificate one byte short", AT_SERVER_FLIGHT, 0, cert_cut_one, NULL, DECODE, NULL},
    {"client: ServerKeyExchange one byte short", AT_SERVER_FLIGHT, 0, ske_cut_one, NULL, DECODE,
     NULL},
    /* An empty-bodied ServerHelloDone can only be cut inside its header, which
     * is a fragment still to be completed: EOF then is truncation, no alert. */
    {"client: ServerHelloDone header cut, then EOF", AT_SERVER_FLIGHT, O_EOF, shd_cut_header, NULL,
     WARD_E_TRUNCATED, -1, NULL},
    {"client: ServerHelloDone header cut, then ChangeCipherSpec", AT_SERVER_FLIGHT, 0,
     shd_cut_header_then_ccs, NULL, UNEXPECTED_CCS, NULL},
    {"client: ServerHelloDone header length 0 but a byte follows, then EOF", AT_SERVER_FLIGHT,
     O_EOF, shd_header_short, NULL, WARD_E_TRUNCATED, -1, NULL},
    {"client: Certificate list length overlong", AT_SERVER_FLIGHT, 0, cert_list_overlong, NULL,
     DECODE, NULL},
    {"client: ServerKeyExchange point length overlong", AT_SERVER_FLIGHT, 0, ske_point_overlong,
     NULL, DECODE, NULL},
    {"client: ServerKeyExchange trailing byte", AT_SERVER_FLIGHT, 0, ske_trailing, NULL, TRAILING,
     NULL},
    {"client: ServerHelloDone with a body", AT_SERVER_FLIGHT, 0, shd_with_body, NULL, DECODE, NULL},
    {"client: ServerHello trailing byte", AT_SERVER_FLIGHT, 0, sh_trailing, NULL, TRAILING, NULL},
    {"client: ServerHello repeats an extension", AT_SERVER_FLIGHT, 0, sh_dup_ext, NULL,
     WARD_E_DUPLICATE_EXTENSION, ALERT_ILLEGAL_PARAMETER, NULL},
    /* RFC 8446 4.4.2.4 says decode_error for TLS 1.3; ward applies it to 1.2. */
    {"client: empty server Certificate", AT_SERVER_FLIGHT, 0, cert_empty, NULL, DECODE, NULL},
    {"client: extended_master_secret with a body", AT_SERVER_FLIGHT, 0, sh_ems_with_body, NULL,
     TRAILING, NULL},
    {"client: empty handshake record", AT_SERVER_FLIGHT, 0, empty_handshake_record, NULL,
     WARD_E_EMPTY_RECORD, ALERT_UNEXPECTED_MESSAGE, NULL},
    {"client: warning alert flood during the handshake", AT_SERVER_FLIGHT, 0, warning_flood, NULL,
     WARD_E_TOO_MANY_WARNINGS, ALERT_UNEXPECTED_MESSAGE, NULL},

    /* Client: server messages out of order. */
    {"client: ServerHelloDone before ServerKeyExchange", AT_SERVER_FLIGHT, 0, shd_before_ske, NULL,
     UNEXPECTED, NULL},
    /* RFC 5246 7.4.1.1: a HelloRequest received while negotiating is ignored
     * (it is in no transcript, so the handshake goes on). */
    {"client: HelloRequest during the handshake is ignored", AT_SERVER_FLIGHT, 0,
     hello_request_mid_flight, NULL, WARD_WANT_READ, -1, NULL},
    {"client: Certificate missing", AT_SERVER_FLIGHT, 0, drop_cert, NULL, UNEXPECTED, NULL},
    {"client: ServerKeyExchange twice", AT_SERVER_FLIGHT, 0, ske_twice, NULL, UNEXPECTED, NULL},
    {"client: CertificateRequest after ServerHelloDone", AT_SERVER_FLIGHT, 0, cr_after_shd, NULL,
     UNEXPECTED, NULL},
    {"client: EncryptedExtensions in a TLS 1.2 handshake", AT_SERVER_FLIGHT, 0, ee_after_sh, NULL,
     UNEXPECTED, NULL},
    {"client: ChangeCipherSpec before ServerHelloDone", AT_SERVER_FLIGHT, 0, ccs_before_shd, NULL,
     UNEXPECTED_CCS, NULL},

    /* Client: ServerKeyExchange contents (validly re-signed where it matters). */
    {"client: SKE curve_type explicit_prime", AT_SERVER_FLIGHT, 0, ske_curve_type_explicit, NULL,
     ILLEGAL, NULL},
    {"client: SKE group not offered", AT_SERVER_FLIGHT, O_GROUPS_NO_P384, ske_group_not_offered,
     NULL, ILLEGAL, NULL},
    {"client: SKE X25519 point of 31 bytes", AT_SERVER_FLIGHT, 0, ske_point_short, NULL, BAD_SHARE,
     NULL},
    {"client: SKE P-256 point off the curve", AT_SERVER_FLIGHT, 0, ske_point_off_curve, NULL,
     BAD_SHARE, NULL},
    {"client: SKE signature byte flipped", AT_SERVER_FLIGHT, 0, ske_bad_signature, NULL,
     WARD_E_BAD_SIGNATURE, ALERT_DECRYPT_ERROR, NULL},
    {"client: SKE signed with a scheme not offered", AT_SERVER_FLIGHT, O_RSA | O_NO_PKCS1_SHA512,
     ske_scheme_not_offered, NULL, ILLEGAL, NULL},
    {"client: RSA certificate for an ECDSA suite", AT_SERVER_FLIGHT, O_RSA, sh_suite_ecdsa, NULL,
     WARD_E_UNSUPPORTED_CERT, ALERT_UNSUPPORTED_CERTIFICATE, NULL},
    {"client: server certificate from an unknown CA", AT_SERVER_FLIGHT, 0, cert_foreign, NULL,
     WARD_E_UNKNOWN_CA, ALERT_UNKNOWN_CA, NULL},

    /* Client: ServerHello contents. */
    {"client: ServerHello suite not offered", AT_SERVER_FLIGHT, O_NARROW_SUITES,
     sh_suite_not_offered, NULL, ILLEGAL, NULL},
    {"client: ServerHello TLS 1.3 suite in TLS 1.2", AT_SERVER_FLIGHT, 0, sh_suite_tls13, NULL,
     ILLEGAL, NULL},
    {"client: ServerHello compression 1", AT_SERVER_FLIGHT, 0, sh_compression, NULL, ILLEGAL, NULL},
    {"client: ServerHello non-empty renegotiation_info", AT_SERVER_FLIGHT, 0, sh_reneg_info, NULL,
     WARD_E_BAD_RENEGOTIATION_INFO, ALERT_HANDSHAKE_FAILURE, NULL},
    {"client: ServerHello unsolicited ALPN", AT_SERVER_FLIGHT, 0, sh_alpn_unsolicited, NULL,
     WARD_E_UNSOLICITED_EXTENSION, ALERT_UNSUPPORTED_EXTENSION, NULL},
    {"client: ServerHello ALPN protocol not offered", AT_SERVER_FLIGHT, O_CLIENT_ALPN,
     sh_alpn_not_offered, NULL, ILLEGAL, NULL},
    {"client: ServerHello ec_point_formats without uncompressed", AT_SERVER_FLIGHT, 0,
     sh_point_formats, NULL, ILLEGAL, NULL},
    {"client: ServerHello legacy_version 0x0302", AT_SERVER_FLIGHT, 0, sh_version_tls11, NULL,
     WARD_E_NO_SHARED_VERSION, ALERT_PROTOCOL_VERSION, NULL},
    {"client: downgrade sentinel after offering TLS 1.3", AT_SERVER_FLIGHT, 0, sh_sentinel, NULL,
     WARD_E_DOWNGRADE, ALERT_ILLEGAL_PARAMETER, NULL},

    /* Client: the server's ChangeCipherSpec and Finished. */
    {"client: server Finished does not verify", AT_SERVER_FINISHED, 0, spoil_client_master, NULL,
     WARD_E_BAD_FINISHED, ALERT_DECRYPT_ERROR, NULL},
    {"client: server Finished record tampered", AT_SERVER_FINISHED, 0, flip_last_record, NULL,
     BAD_MAC, NULL},
    {"client: server Finished without ChangeCipherSpec", AT_SERVER_FINISHED, 0, finished_in_clear,
     NULL, UNEXPECTED, NULL},
    {"client: ChangeCipherSpec of value 2", AT_SERVER_FINISHED, 0, ccs_value_2, NULL,
     UNEXPECTED_CCS, NULL},
    /* The second (plaintext) CCS arrives under the new read keys. */
    {"client: ChangeCipherSpec twice", AT_SERVER_FINISHED, 0, ccs_twice, NULL, BAD_MAC, NULL},
    /* RFC 5077 3.3: the promised NewSessionTicket precedes the CCS. */
    {"client: promised NewSessionTicket missing", AT_SERVER_FINISHED, 0, nst_promised_not_sent,
     NULL, UNEXPECTED_CCS, NULL},
    {"client: NewSessionTicket not announced", AT_SERVER_FINISHED, 0, nst_unannounced, NULL,
     UNEXPECTED, NULL},
    {"client: record tag tampered after the handshake", AT_DATA_TO_CLIENT, 0, flip_last_record,
     NULL, BAD_MAC, NULL},

    /* Server: ClientHello. */
    {"server: ClientHello non-empty renegotiation_info", AT_CLIENT_HELLO, 0, ch_reneg_info, NULL,
     WARD_E_BAD_RENEGOTIATION_INFO, ALERT_HANDSHAKE_FAILURE, NULL},
    {"server: ClientHello without null compression", AT_CLIENT_HELLO, 0, ch_deflate_only, NULL,
     ILLEGAL, NULL},
    {"server: ClientHello without signature_algorithms", AT_CLIENT_HELLO, 0, ch_no_sigalgs, NULL,
     WARD_E_NO_SHARED_SIGALG, ALERT_HANDSHAKE_FAILURE, NULL},
    {"server: ClientHello with no common TLS 1.2 suite", AT_CLIENT_HELLO, 0, ch_cbc_only, NULL,
     WARD_E_NO_SHARED_CIPHER, ALERT_HANDSHAKE_FAILURE, NULL},
    {"server: ClientHello with only suites for another key type", AT_CLIENT_HELLO, O_RSA,
     ch_ecdsa_only, NULL, WARD_E_NO_SHARED_CIPHER, ALERT_HANDSHAKE_FAILURE, NULL},
    {"server: ClientHello ec_point_formats without uncompressed", AT_CLIENT_HELLO, 0,
     ch_point_formats, NULL, ILLEGAL, NULL},
    {"server: ClientHello with no common group", AT_CLIENT_HELLO, 0, ch_secp521r1_only, NULL,
     WARD_E_NO_SHARED_GROUP, ALERT_HANDSHAKE_FAILURE, NULL},
    {"server: ClientHello legacy_version 0x0302", AT_CLIENT_HELLO, 0, ch_tls11, NULL,
     WARD_E_NO_SHARED_VERSION, ALERT_PROTOCOL_VERSION, NULL},
    {"server: ClientHello trailing byte", AT_CLIENT_HELLO, 0, ch_trailing, NULL, TRAILING, NULL},

    /* Server: ClientKeyExchange. */
    {"server: ClientKeyExchange empty point", AT_CLIENT_FLIGHT, 0, cke_empty, NULL, DECODE, NULL},
    {"server: ClientKeyExchange X25519 zero point", AT_CLIENT_FLIGHT, 0, cke_x25519_zero, NULL,
     BAD_SHARE, NULL},
    {"server: ClientKeyExchange P-256 point off the curve", AT_CLIENT_FLIGHT, O_GROUP_P256,
     cke_off_curve, NULL, BAD_SHARE, NULL},
    {"server: ClientKeyExchange trailing byte", AT_CLIENT_FLIGHT, 0, cke_trailing, NULL, TRAILING,
     NULL},
    {"server: ClientKeyExchange one byte short", AT_CLIENT_FLIGHT, 0, cke_cut_one, NULL, DECODE,
     NULL},

    /* Server: the client's flight out of order. */
    {"server: Finished before ChangeCipherSpec", AT_CLIENT_FLIGHT, 0, finished_in_clear, NULL,
     UNEXPECTED, NULL},
    {"server: CertificateVerify without a certificate", AT_CLIENT_FLIGHT, O_MTLS_REQUEST,
     cv_after_cke, NULL, UNEXPECTED, NULL},
    {"server: client Certificate not requested", AT_CLIENT_FLIGHT, 0, cert_unrequested, NULL,
     UNEXPECTED, NULL},
    {"server: second ClientHello mid-handshake", AT_CLIENT_FLIGHT, 0, second_client_hello, NULL,
     UNEXPECTED, NULL},
    {"server: ChangeCipherSpec of value 2", AT_CLIENT_FLIGHT, 0, ccs_value_2, NULL, UNEXPECTED_CCS,
     NULL},
    {"server: ChangeCipherSpec before ClientKeyExchange", AT_CLIENT_FLIGHT, 0, ccs_before_cke, NULL,
     UNEXPECTED_CCS, NULL},
    {"server: ClientKeyExchange missing", AT_CLIENT_FLIGHT, 0, drop_cke, NULL, UNEXPECTED_CCS,
     NULL},
    {"server: required client Certificate missing", AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, drop_cert, NULL, UNEXPECTED, NULL},
    {"server: CertificateVerify missing", AT_CLIENT_FLIGHT, O_MTLS_REQUIRE | O_CLIENT_CERT, drop_cv,
     NULL, UNEXPECTED_CCS, NULL},
    {"server: client certificate from an unknown CA", AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, client_cert_foreign, NULL, WARD_E_UNKNOWN_CA, ALERT_UNKNOWN_CA,
     NULL},
    {"server: ClientKeyExchange split around ChangeCipherSpec", AT_CLIENT_FLIGHT, 0,
     cke_split_around_ccs, NULL, UNEXPECTED_CCS, NULL},
    {"server: client CertificateVerify signature flipped", AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, cv_bad_signature, NULL, WARD_E_BAD_SIGNATURE,
     ALERT_DECRYPT_ERROR, NULL},
    {"server: client CertificateVerify scheme not offered", AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, cv_scheme_not_offered, NULL, ILLEGAL, NULL},

    /* Server: the client's Finished and records. */
    {"server: client Finished does not verify", AT_CLIENT_FLIGHT, 0, split_before_finished,
     spoil_server_master, WARD_E_BAD_FINISHED, ALERT_DECRYPT_ERROR, NULL},
    {"server: client Finished record tampered", AT_CLIENT_FLIGHT, 0, flip_last_record, NULL,
     BAD_MAC, NULL},
    {"server: record tag tampered after the handshake", AT_DATA_TO_SERVER, 0, flip_last_record,
     NULL, BAD_MAC, NULL},
};

static int group_setup(void **state)
{
    (void)state;
    test_pki_make(&pki_ec, KEY_EC_P256);
    test_pki_make(&pki_rsa, KEY_RSA);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    test_pki_free(&pki_ec);
    test_pki_free(&pki_rsa);
    return 0;
}

int main(void)
{
    enum { N = sizeof cases / sizeof cases[0] };
    struct CMUnitTest tests[N];
    for (size_t i = 0; i < N; i++)
        tests[i] = (struct CMUnitTest){
            .name = cases[i].name, .test_func = run_case, .initial_state = (void *)&cases[i]};
    return cmocka_run_group_tests_name("conn12_hostile", tests, group_setup, group_teardown);
}
