/* fuzz_established.c -- the engine targets' established mode: a real
 * handshake between the victim and a real peer, then records the peer seals
 * from the input's plaintext, raw bytes, and actions of either side. See
 * fuzz_established.h for the input format. */
#include "fuzz_established.h"

#include <stdio.h>
#include <stdlib.h>

#include "conn.h"
#include "fuzz_support.h"

/* The content type each data operation seals (0: raw bytes). */
static const uint8_t op_types[FUZZ_OP_PEER] = {
    [FUZZ_OP_RAW] = 0,
    [FUZZ_OP_HANDSHAKE] = CT_HANDSHAKE,
    [FUZZ_OP_APPDATA] = CT_APPLICATION_DATA,
    [FUZZ_OP_ALERT] = CT_ALERT,
    [FUZZ_OP_HEARTBEAT] = CT_HEARTBEAT,
    [FUZZ_OP_CCS] = CT_CHANGE_CIPHER_SPEC,
};

/* Reads until the connection wants more, fails or is closed. */
static int read_all(ward_conn *c, int stream)
{
    uint8_t buf[4096];
    int rc = WARD_OK;
    fuzz_rng_select(stream);
    for (int i = 0; i < 64 && rc == WARD_OK; i++) {
        size_t got = 0;
        rc = ward_conn_read(c, buf, sizeof buf, &got);
    }
    return rc;
}

static void victim_read(fuzz_pair *p)
{
    int rc = read_all(p->victim, p->victim_rng);
    if (rc != WARD_OK && rc != WARD_WANT_READ)
        p->stopped = 1;
}

/* Moves what `from` has to send into `to`; returns the byte count. */
static size_t move(ward_conn *from, ward_conn *to)
{
    const uint8_t *out;
    size_t n = ward_conn_pending(from, &out);
    if (n > 0) {
        (void)ward_conn_feed(to, out, n); /* a failed end keeps its sticky error */
        ward_conn_sent(from, n);
    }
    return n;
}

/* Both ends send each other what they have until neither has more. */
static void exchange(fuzz_pair *p)
{
    for (int round = 0; round < 16 && !p->stopped; round++) {
        size_t to_peer = move(p->victim, p->peer);
        if (to_peer > 0)
            (void)read_all(p->peer, p->peer_rng);
        size_t to_victim = move(p->peer, p->victim);
        if (to_victim > 0)
            victim_read(p);
        if (to_peer == 0 && to_victim == 0)
            break;
    }
}

/* The handshake, each end drawing from its own randomness stream. */
static void handshake(ward_conn *c, ward_conn *s)
{
    int crc = WARD_WANT_READ, src = WARD_WANT_READ;
    for (int round = 0; round < 16 && (crc == WARD_WANT_READ || src == WARD_WANT_READ); round++) {
        fuzz_rng_select(FUZZ_RNG_CLIENT);
        if (crc == WARD_WANT_READ)
            crc = ward_conn_handshake(c);
        move(c, s);
        fuzz_rng_select(FUZZ_RNG_SERVER);
        if (src == WARD_WANT_READ)
            src = ward_conn_handshake(s);
        move(s, c);
    }
    if (crc != WARD_OK || src != WARD_OK) {
        fprintf(stderr, "fuzz: established handshake failed\nclient: %s\nserver: %s\n",
                ward_conn_error_detail(c), ward_conn_error_detail(s));
        abort();
    }
}

void fuzz_pair_start(fuzz_pair *p, ward_role victim_role, uint8_t mode)
{
    unsigned v = (unsigned)(mode & 0x3f) % FUZZ_VARIANTS;
    fuzz_cipher_real(mode & FUZZ_REAL_CIPHER);
    fuzz_engine_fresh(v);
    fuzz_rng_reset(FUZZ_RNG_CLIENT);
    ward_conn *c = ward_conn_new(fuzz_client_config(v));
    fuzz_rng_reset(FUZZ_RNG_SERVER);
    ward_conn *s = ward_conn_new(fuzz_server_config(v));
    if (c == NULL || s == NULL || ward_conn_set_server_name(c, FUZZ_SERVER_NAME) != WARD_OK)
        abort();
    handshake(c, s);
    bool client = victim_role == WARD_CLIENT;
    *p = (fuzz_pair){
        .victim = client ? c : s,
        .peer = client ? s : c,
        .victim_rng = client ? FUZZ_RNG_CLIENT : FUZZ_RNG_SERVER,
        .peer_rng = client ? FUZZ_RNG_SERVER : FUZZ_RNG_CLIENT,
    };
    exchange(p); /* tickets sent after the handshake */
    if (p->stopped)
        abort();
}

/* One record of `type` sealed by the peer (raw bytes for type 0), read by the
 * victim. */
static void inject(fuzz_pair *p, uint8_t type, const uint8_t *b, size_t n)
{
    fuzz_rng_select(p->peer_rng);
    if (type == 0) {
        (void)ward_conn_feed(p->victim, b, n);
    } else if (conn_seal_record(p->peer, type, b, n) != WARD_OK) {
        /* What the peer's record layer refuses goes as a plaintext record. */
        uint8_t hdr[RECORD_HEADER_LEN] = {type, 3, 3, (uint8_t)(n >> 8), (uint8_t)n};
        (void)ward_conn_feed(p->victim, hdr, sizeof hdr);
        (void)ward_conn_feed(p->victim, b, n);
    }
    move(p->peer, p->victim);
    victim_read(p);
}

static void act(fuzz_pair *p, ward_conn *c, int stream, uint8_t arg)
{
    static const uint8_t data[] = "ping";
    int rc = WARD_OK;
    fuzz_rng_select(stream);
    switch ((arg & 0x0f) % FUZZ_ACTIONS) {
    case FUZZ_ACT_WRITE: rc = ward_conn_write(c, data, sizeof data - 1); break;
    case FUZZ_ACT_HEARTBEAT: rc = ward_conn_heartbeat(c); break;
    case FUZZ_ACT_KEY_UPDATE:
        rc = ward_conn_key_update(c, (arg & FUZZ_ACT_REQUEST_UPDATE) != 0);
        break;
    case FUZZ_ACT_RENEGOTIATE: rc = ward_conn_renegotiate(c); break;
    case FUZZ_ACT_CLOSE: rc = ward_conn_close(c); break;
    default: break;
    }
    (void)rc; /* refused in this state: nothing was sent */
    exchange(p);
}

int fuzz_pair_step(fuzz_pair *p, const uint8_t **data, size_t *size)
{
    if (p->stopped || *size == 0)
        return 0;
    const uint8_t *d = *data;
    size_t left = *size;
    uint8_t op = (uint8_t)(d[0] % FUZZ_OPS);
    d++, left--;
    if (op == FUZZ_OP_PEER || op == FUZZ_OP_VICTIM) {
        uint8_t arg = left > 0 ? d[0] : 0;
        d += left > 0, left -= left > 0;
        if (op == FUZZ_OP_PEER)
            act(p, p->peer, p->peer_rng, arg);
        else
            act(p, p->victim, p->victim_rng, arg);
    } else {
        size_t n = left >= 2 ? (size_t)(d[0] << 8 | d[1]) : 0;
        d += left >= 2 ? 2 : left, left -= left >= 2 ? 2 : left;
        n = n < left ? n : left;
        inject(p, op_types[op], d, n);
        d += n, left -= n;
    }
    *data = d;
    *size = left;
    return !p->stopped;
}

void fuzz_pair_finish(fuzz_pair *p)
{
    if (!p->stopped) {
        ward_conn_feed_eof(p->victim);
        victim_read(p);
    }
    fuzz_rng_select(p->victim_rng);
    (void)ward_conn_close(p->victim);
    ward_conn_free(p->victim);
    ward_conn_free(p->peer);
    fuzz_cipher_real(0);
}

void fuzz_established_run(ward_role victim_role, const uint8_t *data, size_t size, int debug)
{
    fuzz_pair p;
    fuzz_pair_start(&p, victim_role, data[0]);
    const uint8_t *d = data + 1;
    size_t left = size - 1;
    while (fuzz_pair_step(&p, &d, &left))
        ;
    if (debug)
        fprintf(stderr,
                "established %s%s: victim %s, peer %s; heartbeat victim %d peer %d; "
                "renegotiations %d; %zu bytes unused\n",
                fuzz_variant_name(data[0] & 0x3f), (data[0] & FUZZ_REAL_CIPHER) ? " (AEAD)" : "",
                ward_conn_error_detail(p.victim), ward_conn_error_detail(p.peer),
                ward_conn_heartbeat_status(p.victim), ward_conn_heartbeat_status(p.peer),
                ward_conn_renegotiations(p.victim), left);
    fuzz_pair_finish(&p);
}
