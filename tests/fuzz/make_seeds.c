/* make_seeds.c -- writes the seed corpora of tests/fuzz/corpus/ from real ward
 * handshakes run in memory, one per engine variant (EC, RSA, Ed25519, HRR,
 * mTLS, ALPN, other suites and groups, TLS 1.2 with renegotiation and
 * heartbeat).
 *
 * Every handshake message and record each side sends is captured through the
 * trace callback and filed by type: message bodies for the parser targets,
 * extension blocks (with their context byte) for fuzz_extensions, record
 * headers for fuzz_record_header, every trace event for fuzz_trace, whole
 * records for fuzz_record_aead. The engine targets get the whole byte stream
 * one side sent, after the variant byte (their replay mode), and inputs of
 * their established mode (fuzz_established.h): heartbeat requests, Heartbleed
 * requests, responses without a request, application data, alerts, KeyUpdate,
 * renegotiation, each run and checked for what it is meant to reach before it
 * is written. Uses the same deterministic randomness, fixed time and null
 * record cipher as the engine targets, so those streams replay exactly.
 *
 * The replay seeds hold what ward sent: after a change to what it sends in a
 * handshake they stop completing one (WARD_FUZZ_DEBUG=1 shows how each input
 * ends) and are regenerated: remove the engine corpora, run make_seeds.
 *
 * Usage: make_seeds CORPUS_DIR. Files are named by a hash of their content;
 * files named regress-* (hand-made regression inputs) are never touched. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_established.h"
#include "fuzz_support.h"
#include "msg/msg.h"
#include "record/record.h"

static const char *corpus_root;
static bool tls12; /* the variant being run negotiates TLS 1.2 */
static size_t total_bytes, total_files;

typedef struct buf {
    uint8_t *p;
    size_t len;
} buf;

static void die(const char *what)
{
    fprintf(stderr, "make_seeds: %s\n", what);
    exit(1);
}

static void buf_add(buf *b, const uint8_t *p, size_t n)
{
    uint8_t *q = realloc(b->p, b->len + n + 1);
    if (q == NULL)
        die("out of memory");
    b->p = q;
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
}

/* ---- seed files ---- */

static uint64_t fnv64(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3u;
    return h;
}

/* Writes prefix (0 or 1 byte) + data as one seed of target. */
static void seed_write(const char *target, int prefix, const uint8_t *data, size_t len)
{
    buf b = {0};
    if (prefix >= 0) {
        uint8_t pb = (uint8_t)prefix;
        buf_add(&b, &pb, 1);
    }
    buf_add(&b, data, len);
    char path[512];
    snprintf(path, sizeof path, "%s/%s", corpus_root, target);
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        die("mkdir");
    snprintf(path, sizeof path, "%s/%s/%016llx", corpus_root, target,
             (unsigned long long)fnv64(b.p, b.len));
    struct stat st;
    if (stat(path, &st) != 0) { /* new content */
        FILE *f = fopen(path, "wb");
        if (f == NULL || fwrite(b.p, 1, b.len, f) != b.len || fclose(f) != 0)
            die("cannot write a seed");
        total_bytes += b.len;
        total_files++;
    }
    free(b.p);
}

/* ---- filing captured messages ---- */

/* The extension block of a message body, for fuzz_extensions (first byte: the
 * ext_context). Skips the fixed fields the way the parsers read them. */
static void seed_extensions(uint8_t type, reader body)
{
    reader r = body, skip;
    int ctx = -1;
    switch (type) {
    case HS_CLIENT_HELLO:
        if (reader_skip(&r, 34) == WARD_OK && reader_u8_prefixed(&r, &skip) == WARD_OK &&
            reader_u16_prefixed(&r, &skip) == WARD_OK && reader_u8_prefixed(&r, &skip) == WARD_OK)
            ctx = EXT_CTX_CLIENT_HELLO;
        break;
    case HS_SERVER_HELLO:
        if (reader_left(&r) >= 34 && memcmp(reader_ptr(&r) + 2, HRR_RANDOM, 32) == 0)
            ctx = EXT_CTX_HELLO_RETRY;
        else
            ctx = EXT_CTX_SERVER_HELLO;
        if (reader_skip(&r, 34) != WARD_OK || reader_u8_prefixed(&r, &skip) != WARD_OK ||
            reader_skip(&r, 3) != WARD_OK)
            ctx = -1;
        break;
    case HS_ENCRYPTED_EXTENSIONS: ctx = EXT_CTX_ENCRYPTED_EXTENSIONS; break;
    case HS_CERTIFICATE_REQUEST:
        if (reader_u8_prefixed(&r, &skip) == WARD_OK)
            ctx = EXT_CTX_CERTIFICATE_REQUEST;
        break;
    case HS_NEW_SESSION_TICKET:
        if (reader_skip(&r, 8) == WARD_OK && reader_u8_prefixed(&r, &skip) == WARD_OK &&
            reader_u16_prefixed(&r, &skip) == WARD_OK)
            ctx = EXT_CTX_NEW_SESSION_TICKET;
        break;
    default: break;
    }
    if (ctx >= 0)
        seed_write("extensions", ctx, reader_ptr(&r), reader_left(&r));
    if (ctx == EXT_CTX_SERVER_HELLO) /* the same block read as a TLS 1.2 ServerHello's */
        seed_write("extensions", EXT_CTX_SERVER_HELLO_12, reader_ptr(&r), reader_left(&r));
}

static void seed_message(const uint8_t *msg, size_t len)
{
    reader r = reader_of(msg, len), body;
    uint8_t type;
    if (msg_split(&r, &type, &body) != WARD_OK)
        die("traced a malformed handshake message");
    const uint8_t *b = reader_ptr(&body);
    size_t n = reader_left(&body);
    if (tls12) { /* fuzz_tls12_messages: the first byte picks the parser */
        switch (type) {
        case HS_CERTIFICATE: seed_write("tls12_messages", 0, b, n); return;
        case HS_SERVER_KEY_EXCHANGE: seed_write("tls12_messages", 1, b, n); return;
        case HS_CLIENT_KEY_EXCHANGE: seed_write("tls12_messages", 2, b, n); return;
        case HS_CERTIFICATE_REQUEST: seed_write("tls12_messages", 3, b, n); return;
        case HS_NEW_SESSION_TICKET: seed_write("tls12_messages", 4, b, n); return;
        case HS_SERVER_HELLO_DONE: seed_write("tls12_messages", 5 | 8, b, n); return;
        case HS_FINISHED: seed_write("misc", 4, b, n); return;
        default: break; /* hellos and CertificateVerify have one form */
        }
    }
    switch (type) {
    case HS_CLIENT_HELLO: seed_write("client_hello", -1, b, n); break;
    case HS_SERVER_HELLO: seed_write("server_hello", -1, b, n); break;
    case HS_ENCRYPTED_EXTENSIONS: seed_write("encrypted_extensions", -1, b, n); break;
    case HS_CERTIFICATE: seed_write("certificate", -1, b, n); break;
    case HS_CERTIFICATE_REQUEST: seed_write("certificate_request", -1, b, n); break;
    case HS_CERTIFICATE_VERIFY: seed_write("certificate_verify", -1, b, n); break;
    case HS_NEW_SESSION_TICKET: seed_write("new_session_ticket", -1, b, n); break;
    /* fuzz_misc: bit 0 picks key_update, bits 1-2 the Finished length. */
    case HS_FINISHED: seed_write("misc", n == 48 ? 2 : 0, b, n); break;
    case HS_KEY_UPDATE: seed_write("misc", 1, b, n); break;
    default: break;
    }
    seed_extensions(type, body);
}

static void trace_capture(void *arg, int direction, ward_trace_kind kind, const uint8_t *bytes,
                          size_t len)
{
    (void)arg;
    /* fuzz_trace: kind, direction, bytes. Both directions are printed the same
     * way, so one copy of each event is enough. */
    if (direction != WARD_TRACE_OUT)
        return;
    buf b = {0};
    uint8_t hdr[1] = {(uint8_t)direction};
    buf_add(&b, hdr, 1);
    buf_add(&b, bytes, len);
    seed_write("trace", (int)kind, b.p, b.len);
    free(b.p);
    if (kind == WARD_TRACE_HANDSHAKE)
        seed_message(bytes, len);
    if (kind == WARD_TRACE_RECORD) {
        seed_write("record_header", 0, bytes, len);
        seed_write("record_header", 1, bytes, len);
    }
}

/* ---- one handshake per variant ---- */

typedef struct session {
    ward_conn *c, *s;
    buf c2s, s2c; /* every byte each side sent */
} session;

static void pump(ward_conn *from, ward_conn *to, buf *cap)
{
    const uint8_t *p;
    size_t n = ward_conn_pending(from, &p);
    if (n == 0)
        return;
    buf_add(cap, p, n);
    int rc = ward_conn_feed(to, p, n);
    (void)rc; /* a failed peer keeps its sticky error, checked below */
    ward_conn_sent(from, n);
}

static void pump_both(session *ss)
{
    fuzz_rng_select(FUZZ_RNG_CLIENT);
    pump(ss->c, ss->s, &ss->c2s);
    fuzz_rng_select(FUZZ_RNG_SERVER);
    pump(ss->s, ss->c, &ss->s2c);
}

static void handshake(session *ss)
{
    int crc = WARD_WANT_READ, src = WARD_WANT_READ;
    for (int round = 0; round < 16 && (crc == WARD_WANT_READ || src == WARD_WANT_READ); round++) {
        fuzz_rng_select(FUZZ_RNG_CLIENT);
        if (crc == WARD_WANT_READ)
            crc = ward_conn_handshake(ss->c);
        pump(ss->c, ss->s, &ss->c2s);
        fuzz_rng_select(FUZZ_RNG_SERVER);
        if (src == WARD_WANT_READ)
            src = ward_conn_handshake(ss->s);
        pump(ss->s, ss->c, &ss->s2c);
    }
    if (crc != WARD_OK || src != WARD_OK) {
        fprintf(stderr, "client: %s\nserver: %s\n", ward_conn_error_detail(ss->c),
                ward_conn_error_detail(ss->s));
        die("handshake failed");
    }
}

static void read_exact(ward_conn *c, int stream, size_t n)
{
    uint8_t b[256];
    size_t have = 0;
    fuzz_rng_select(stream);
    while (have < n) {
        size_t got = 0;
        int rc = ward_conn_read(c, b, sizeof b, &got);
        if (rc != WARD_OK)
            die("read failed");
        have += got;
    }
}

static void expect_closed(ward_conn *c, int stream)
{
    uint8_t b[16];
    size_t got;
    fuzz_rng_select(stream);
    if (ward_conn_read(c, b, sizeof b, &got) != WARD_CLOSED)
        die("expected close_notify");
}

/* A NewSessionTicket (ward's server sends none yet) in a record of the null
 * cipher: inner plaintext, content type, zero tag. */
static void inject_ticket(session *ss)
{
    static const uint8_t nonce[2] = {0, 1};
    uint8_t ticket[48];
    for (size_t i = 0; i < sizeof ticket; i++)
        ticket[i] = (uint8_t)(i * 7);
    writer w;
    writer_init_dynamic(&w, 0);
    if (new_session_ticket13_write(&w, 7200, 0x01020304, nonce, sizeof nonce, ticket,
                                   sizeof ticket) != WARD_OK)
        die("ticket");
    writer rec;
    writer_init_dynamic(&rec, 0);
    writer_u8(&rec, CT_APPLICATION_DATA);
    writer_u16(&rec, VERSION_TLS12);
    writer_u16(&rec, (uint16_t)(w.len + 1 + 16));
    writer_bytes(&rec, w.p, w.len);
    writer_u8(&rec, CT_HANDSHAKE);
    writer_zeros(&rec, 16);
    if (writer_finish(&rec) != WARD_OK)
        die("ticket record");
    seed_message(w.p, w.len);
    buf_add(&ss->s2c, rec.p, rec.len);
    fuzz_rng_select(FUZZ_RNG_CLIENT);
    if (ward_conn_feed(ss->c, rec.p, rec.len) != WARD_OK)
        die("ticket feed");
    writer_free(&w);
    writer_free(&rec);
}

/* Both ends read (each from its own randomness stream) and send until
 * neither has anything more to say. */
static void settle(session *ss)
{
    uint8_t b[256];
    size_t got;
    for (int round = 0; round < 16; round++) {
        fuzz_rng_select(FUZZ_RNG_CLIENT);
        (void)ward_conn_read(ss->c, b, sizeof b, &got);
        fuzz_rng_select(FUZZ_RNG_SERVER);
        (void)ward_conn_read(ss->s, b, sizeof b, &got);
        const uint8_t *p;
        if (ward_conn_pending(ss->c, &p) == 0 && ward_conn_pending(ss->s, &p) == 0)
            return;
        pump_both(ss);
    }
}

static const char req[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
static const char resp[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

/* A request and its response, the client asking for a KeyUpdate first (TLS
 * 1.3) when key_update is set. */
static void round_trip(session *ss, bool key_update)
{
    fuzz_rng_select(FUZZ_RNG_CLIENT);
    if ((key_update && ward_conn_key_update(ss->c, 1) != WARD_OK) ||
        ward_conn_write(ss->c, (const uint8_t *)req, sizeof req - 1) != WARD_OK)
        die("client write");
    pump_both(ss);
    read_exact(ss->s, FUZZ_RNG_SERVER, sizeof req - 1);
    fuzz_rng_select(FUZZ_RNG_SERVER);
    if (ward_conn_write(ss->s, (const uint8_t *)resp, sizeof resp - 1) != WARD_OK)
        die("server write");
    pump_both(ss);
    read_exact(ss->c, FUZZ_RNG_CLIENT, sizeof resp - 1);
}

/* The server asks for a renegotiation (HelloRequest); it completes. */
static void renegotiate(session *ss)
{
    fuzz_rng_select(FUZZ_RNG_SERVER);
    if (ward_conn_renegotiate(ss->s) != WARD_OK)
        die("renegotiate");
    pump_both(ss);
    settle(ss);
    if (ward_conn_renegotiations(ss->c) != 1 || ward_conn_renegotiations(ss->s) != 1)
        die("renegotiation did not complete");
}

/* A heartbeat request from each end, each answered. Last, so that what the
 * victim of a replay does not do (send a request) changes no later draw. */
static void heartbeats(session *ss)
{
    fuzz_rng_select(FUZZ_RNG_CLIENT);
    if (ward_conn_heartbeat(ss->c) != WARD_OK)
        die("client heartbeat");
    pump_both(ss);
    settle(ss);
    fuzz_rng_select(FUZZ_RNG_SERVER);
    if (ward_conn_heartbeat(ss->s) != WARD_OK)
        die("server heartbeat");
    pump_both(ss);
    settle(ss);
    if (ward_conn_heartbeat_status(ss->c) != 2 || ward_conn_heartbeat_status(ss->s) != 2)
        die("heartbeat not answered");
}

/* The server closes, then the client. */
static void close_both(session *ss)
{
    fuzz_rng_select(FUZZ_RNG_SERVER);
    if (ward_conn_close(ss->s) != WARD_OK)
        die("server close");
    pump_both(ss);
    expect_closed(ss->c, FUZZ_RNG_CLIENT);
    fuzz_rng_select(FUZZ_RNG_CLIENT);
    if (ward_conn_close(ss->c) != WARD_OK)
        die("client close");
    pump_both(ss);
    expect_closed(ss->s, FUZZ_RNG_SERVER);
}

static void session_open(session *ss, unsigned v)
{
    fuzz_engine_fresh(v);
    ward_config *ccfg = fuzz_client_config(v), *scfg = fuzz_server_config(v);
    ward_config_set_trace(ccfg, trace_capture, NULL);
    ward_config_set_trace(scfg, trace_capture, NULL);
    fuzz_rng_reset(FUZZ_RNG_CLIENT);
    ss->c = ward_conn_new(ccfg);
    fuzz_rng_reset(FUZZ_RNG_SERVER);
    ss->s = ward_conn_new(scfg);
    if (ss->c == NULL || ss->s == NULL)
        die("conn_new");
    if (ward_conn_set_server_name(ss->c, FUZZ_SERVER_NAME) != WARD_OK)
        die("server name");
}

/* fuzz_record_aead: each record of a stream (null cipher), with the keys byte
 * it opens under: TLS 1.3 application_data records under TLS 1.3 keys, TLS 1.2
 * records after the first ChangeCipherSpec under the variant's TLS 1.2 keys,
 * the rest unprotected. */
static void seed_records(const buf *stream, unsigned v)
{
    bool v12 = fuzz_variant_tls12(v), after_ccs = false;
    int keys12 = v == 11 ? 3 : 2; /* ChaCha20-Poly1305 / AES-GCM */
    reader r = reader_of(stream->p, stream->len);
    while (reader_left(&r) >= RECORD_HEADER_LEN) {
        const uint8_t *rec = reader_ptr(&r);
        size_t len = RECORD_HEADER_LEN + (size_t)(rec[3] << 8 | rec[4]);
        if (reader_skip(&r, len) != WARD_OK)
            die("a stream that is not whole records");
        int keys = 0;
        if (!v12 && rec[0] == CT_APPLICATION_DATA)
            keys = 1;
        else if (v12 && after_ccs)
            keys = keys12;
        if (rec[0] == CT_CHANGE_CIPHER_SPEC)
            after_ccs = true;
        seed_write("record_aead", keys, rec, len);
    }
}

/* Writes each side's stream as the other engine's replay seed. */
static void session_close(session *ss, unsigned v)
{
    seed_write("server_engine", (int)v, ss->c2s.p, ss->c2s.len);
    seed_write("client_engine", (int)v, ss->s2c.p, ss->s2c.len);
    seed_records(&ss->c2s, v);
    seed_records(&ss->s2c, v);
    printf("%-25s client->server %5zu bytes, server->client %5zu bytes\n", fuzz_variant_name(v),
           ss->c2s.len, ss->s2c.len);
    ward_config_set_trace(fuzz_client_config(v), NULL, NULL);
    ward_config_set_trace(fuzz_server_config(v), NULL, NULL);
    ward_conn_free(ss->c);
    ward_conn_free(ss->s);
    free(ss->c2s.p);
    free(ss->s2c.p);
}

/* One replay seed per engine: handshake, traffic, KeyUpdate (TLS 1.3),
 * renegotiation and heartbeats (where the variant has them), close. */
static void run_variant(unsigned v)
{
    session ss = {0};
    tls12 = fuzz_variant_tls12(v);
    bool hb12 = v == 10 || v == 11; /* heartbeat + renegotiation variants */
    session_open(&ss, v);
    handshake(&ss);
    if (v == 0)
        inject_ticket(&ss);
    round_trip(&ss, false);
    if (hb12)
        renegotiate(&ss);
    round_trip(&ss, !tls12);
    if (hb12)
        heartbeats(&ss);
    close_both(&ss);
    session_close(&ss, v);
}

/* fuzz_heartbeat: flags (see there), then a heartbeat message of `payload`
 * bytes of payload and `padding` of padding claiming `claimed`. */
static void seed_heartbeat(uint8_t flags, uint8_t type, uint16_t claimed, size_t payload,
                           size_t padding)
{
    buf m = {0};
    uint8_t hdr[3] = {type, (uint8_t)(claimed >> 8), (uint8_t)claimed};
    buf_add(&m, hdr, sizeof hdr);
    for (size_t i = 0; i < payload + padding; i++) {
        uint8_t byte = (uint8_t)(i < payload ? 'a' + i % 26 : 0xa5);
        buf_add(&m, &byte, 1);
    }
    seed_write("heartbeat", flags, m.p, m.len);
    free(m.p);
}

static void heartbeat_seeds(void)
{
    seed_heartbeat(0, 1, 16, 16, 16);       /* a request, exactly fitting */
    seed_heartbeat(0, 1, 0, 0, 16);         /* empty payload */
    seed_heartbeat(0, 1, 16361, 16361, 16); /* the largest that fits a record */
    seed_heartbeat(0, 1, 17, 16, 16);       /* one byte short */
    seed_heartbeat(0, 1, 16384, 5, 16);     /* Heartbleed */
    seed_heartbeat(0, 1, 0xffff, 0, 0);     /* Heartbleed, nothing sent */
    seed_heartbeat(0, 1, 0, 0, 0);          /* no padding */
    seed_heartbeat(0, 3, 0, 0, 16);         /* unknown type */
    seed_heartbeat(8, 2, 16, 16, 16);       /* the answer to our request */
    seed_heartbeat(8 | 16, 2, 16, 16, 16);  /* an answer with the wrong payload */
    seed_heartbeat(0, 2, 16, 16, 16);       /* an answer with nothing in flight */
    seed_heartbeat(1, 1, 16, 16, 16);       /* not negotiated */
    seed_heartbeat(2, 1, 16, 16, 16);       /* during a handshake */
    seed_heartbeat(4, 1, 16, 16, 16);       /* TLS 1.3 */
    static const uint8_t two[] = {0x01, 0x00};
    seed_write("heartbeat", 0, two, sizeof two); /* truncated header */
}

/* Messages ward does not send itself, so the parsers see every field used. */
static void extra_seeds(void)
{
    /* NewSessionTicket with early_data (max_early_data_size 16384) and an
     * unknown extension. */
    static const uint8_t nst[] = {0x00, 0x00, 0x1c, 0x20, 0xaa, 0xbb, 0xcc, 0xdd, 0x01, 0x00,
                                  0x00, 0x04, 0x01, 0x02, 0x03, 0x04, 0x00, 0x0c, 0x00, 0x2a,
                                  0x00, 0x04, 0x00, 0x00, 0x40, 0x00, 0xfa, 0xfa, 0x00, 0x00};
    seed_write("new_session_ticket", -1, nst, sizeof nst);
    seed_write("extensions", EXT_CTX_NEW_SESSION_TICKET, nst + 16, sizeof nst - 16);
    /* CertificateRequest with signature_algorithms_cert and certificate_authorities. */
    static const uint8_t cr[] = {0x00, 0x00, 0x16, 0x00, 0x0d, 0x00, 0x04, 0x00, 0x02,
                                 0x04, 0x03, 0x00, 0x32, 0x00, 0x04, 0x00, 0x02, 0x08,
                                 0x04, 0x00, 0x2f, 0x00, 0x02, 0x00, 0x00};
    seed_write("certificate_request", -1, cr, sizeof cr);
    seed_write("extensions", EXT_CTX_CERTIFICATE_REQUEST, cr + 1, sizeof cr - 1);
    /* A TLS 1.2 ServerHello (no supported_versions) with the 1.2 extensions. */
    static const uint8_t sh12[] = {0x03, 0x03, 1,    2,    3,    4,    5,    6,    7,    8,    9,
                                   10,   11,   12,   13,   14,   15,   16,   17,   18,   19,   20,
                                   21,   22,   23,   24,   25,   26,   27,   28,   29,   30,   31,
                                   32,   0x00, 0xc0, 0x2f, 0x00, 0x00, 0x18, 0x00, 0x17, 0x00, 0x00,
                                   0xff, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,
                                   0x00, 0x10, 0x00, 0x05, 0x00, 0x03, 0x02, 0x68, 0x32};
    seed_write("server_hello", -1, sh12, sizeof sh12);
    seed_write("extensions", EXT_CTX_SERVER_HELLO_12, sh12 + 38, sizeof sh12 - 38);
    /* Odd trace events: an alert, a CCS, a note, application data. */
    static const uint8_t alert[] = {0x01, 0x02, 0x28}, ccs[] = {0x00, 0x01};
    static const uint8_t note[] = "\x01peer sent \x01\x02 bytes\n";
    seed_write("trace", WARD_TRACE_ALERT, alert, sizeof alert);
    seed_write("trace", WARD_TRACE_CCS, ccs, sizeof ccs);
    seed_write("trace", WARD_TRACE_NOTE, note, sizeof note - 1);
    seed_write("trace", WARD_TRACE_APPDATA, ccs, sizeof ccs);
    /* TLS 1.2 NewSessionTicket (RFC 5077), also with an empty ticket, and an
     * empty HelloRequest. */
    static const uint8_t nst12[] = {0x00, 0x00, 0x1c, 0x20, 0x00, 0x04, 0xde, 0xad, 0xbe, 0xef};
    seed_write("tls12_messages", 4, nst12, sizeof nst12);
    seed_write("tls12_messages", 4, nst12, 6);
    seed_write("tls12_messages", 5, nst12, 0);
    /* KeyUpdate and a TLS 1.2-sized Finished for fuzz_misc. */
    static const uint8_t ku[] = {0x01}, fin12[12] = {0};
    seed_write("misc", 1, ku, sizeof ku);
    seed_write("misc", 4, fin12, sizeof fin12);
    /* fuzz_misc's msg_split mode: Finished (20), KeyUpdate (24), an empty
     * ServerHelloDone (14), then a Certificate (11) claiming 256 bytes of 2;
     * the empty message alone; a header cut short. */
    static const uint8_t flight[] = {20, 0, 0, 12, 1, 2,  3, 4, 5, 6,  7, 8, 9, 10,   11,  12,
                                     24, 0, 0, 1,  1, 14, 0, 0, 0, 11, 0, 1, 0, 0xaa, 0xbb};
    seed_write("misc", 8, flight, sizeof flight);
    seed_write("misc", 8, flight + 21, 4);
    seed_write("misc", 8, flight + 25, 3);
}

/* ---- established-mode seeds (fuzz_established.h) ---- */

/* What an established seed must have done, checked before it is filed. */
enum { EXPECT_ANY, EXPECT_ALIVE, EXPECT_STOPPED, EXPECT_VICTIM_HB, EXPECT_PEER_HB, EXPECT_RENEG };

static const char *engine_of(ward_role role)
{
    return role == WARD_CLIENT ? "client_engine" : "server_engine";
}

static void op_data(buf *b, uint8_t op, const uint8_t *p, size_t n)
{
    uint8_t hdr[3] = {op, (uint8_t)(n >> 8), (uint8_t)n};
    buf_add(b, hdr, sizeof hdr);
    buf_add(b, p, n);
}

static void op_act(buf *b, uint8_t op, uint8_t arg)
{
    uint8_t a[2] = {op, arg};
    buf_add(b, a, sizeof a);
}

/* A heartbeat message: type, payload_length (claimed), `payload` bytes of
 * payload, `padding` bytes of padding, as one FUZZ_OP_HEARTBEAT record. */
static void op_heartbeat(buf *b, uint8_t type, uint16_t claimed, size_t payload, size_t padding)
{
    buf m = {0};
    uint8_t hdr[3] = {type, (uint8_t)(claimed >> 8), (uint8_t)claimed};
    buf_add(&m, hdr, sizeof hdr);
    for (size_t i = 0; i < payload + padding; i++) {
        uint8_t byte = i < payload ? (uint8_t)('A' + i % 26) : 0x5a;
        buf_add(&m, &byte, 1);
    }
    op_data(b, FUZZ_OP_HEARTBEAT, m.p, m.len);
    free(m.p);
}

static bool expectation_met(const fuzz_pair *p, int expect)
{
    switch (expect) {
    case EXPECT_ALIVE: return !p->stopped;
    case EXPECT_STOPPED: return p->stopped;
    case EXPECT_VICTIM_HB: return ward_conn_heartbeat_status(p->victim) == 2;
    case EXPECT_PEER_HB: return ward_conn_heartbeat_status(p->peer) == 2;
    case EXPECT_RENEG: return !p->stopped && ward_conn_renegotiations(p->victim) >= 1;
    default: return true;
    }
}

/* Runs an established-mode input, checks that it did what it is for, and files
 * it as a seed of the victim's engine target. */
static void est_seed(ward_role role, uint8_t mode, const buf *ops, int expect, const char *what)
{
    fuzz_pair p;
    fuzz_pair_start(&p, role, mode);
    const uint8_t *d = ops->p;
    size_t left = ops->len;
    while (fuzz_pair_step(&p, &d, &left))
        ;
    if (!expectation_met(&p, expect)) {
        fprintf(stderr, "%s, %s, %s: victim: %s\n", what, engine_of(role),
                fuzz_variant_name(mode & 0x3f), ward_conn_error_detail(p.victim));
        die("an established seed did not do what it is for");
    }
    fuzz_pair_finish(&p);
    seed_write(engine_of(role), mode, ops->p, ops->len);
}

/* For both engines, with the null cipher (expect_null) and the real AEAD
 * (expect_real); frees ops. */
static void est_both(unsigned v, buf *ops, int expect_null, int expect_real, const char *what)
{
    for (int r = 0; r < 2; r++) {
        ward_role role = r ? WARD_SERVER : WARD_CLIENT;
        est_seed(role, (uint8_t)(FUZZ_ESTABLISHED | v), ops, expect_null, what);
        est_seed(role, (uint8_t)(FUZZ_ESTABLISHED | FUZZ_REAL_CIPHER | v), ops, expect_real, what);
    }
    free(ops->p);
    *ops = (buf){0};
}

static void est_alerts(unsigned v)
{
    static const uint8_t hello[] = "hello", cancel[] = {1, 90}, noreneg[] = {1, 100},
                         close[] = {1, 0}, fatal[] = {2, 40}, ccs[] = {1};
    buf b = {0};
    op_data(&b, FUZZ_OP_APPDATA, hello, sizeof hello - 1);
    op_data(&b, FUZZ_OP_ALERT, cancel, sizeof cancel);
    op_data(&b, FUZZ_OP_APPDATA, hello, sizeof hello - 1);
    est_both(v, &b, EXPECT_ALIVE, EXPECT_ALIVE, "application data, user_canceled");
    op_data(&b, FUZZ_OP_ALERT, close, sizeof close);
    est_both(v, &b, EXPECT_STOPPED, EXPECT_STOPPED, "close_notify");
    op_data(&b, FUZZ_OP_ALERT, fatal, sizeof fatal);
    est_both(v, &b, EXPECT_STOPPED, EXPECT_STOPPED, "fatal alert");
    op_data(&b, FUZZ_OP_CCS, ccs, sizeof ccs);
    est_both(v, &b, EXPECT_STOPPED, EXPECT_STOPPED, "change_cipher_spec once connected");
    if (fuzz_variant_tls12(v)) {
        op_data(&b, FUZZ_OP_ALERT, noreneg, sizeof noreneg);
        est_both(v, &b, EXPECT_ALIVE, EXPECT_ALIVE, "no_renegotiation warning");
    }
    op_act(&b, FUZZ_OP_PEER, FUZZ_ACT_WRITE);
    op_act(&b, FUZZ_OP_VICTIM, FUZZ_ACT_WRITE);
    op_act(&b, FUZZ_OP_PEER, FUZZ_ACT_CLOSE);
    est_both(v, &b, EXPECT_STOPPED, EXPECT_STOPPED, "data both ways, peer closes");
}

/* Heartbeat messages on a TLS 1.2 variant with heartbeat negotiated. */
static void est_heartbeat(unsigned v)
{
    buf b = {0};
    op_heartbeat(&b, 1, 16, 16, 16);
    est_both(v, &b, EXPECT_ALIVE, EXPECT_ALIVE, "heartbeat request");
    op_heartbeat(&b, 1, 4000, 4000, 16);
    est_both(v, &b, EXPECT_ALIVE, EXPECT_ALIVE, "large heartbeat request");
    op_heartbeat(&b, 1, 16384, 5, 16);
    est_both(v, &b, EXPECT_ALIVE, EXPECT_ALIVE, "Heartbleed request (16384 claimed, 5 sent)");
    op_heartbeat(&b, 1, 0xffff, 0, 0);
    est_both(v, &b, EXPECT_ALIVE, EXPECT_ALIVE, "Heartbleed request (65535 claimed, none sent)");
    op_heartbeat(&b, 1, 17, 16, 16);
    est_both(v, &b, EXPECT_ALIVE, EXPECT_ALIVE, "heartbeat request one byte short");
    op_heartbeat(&b, 2, 16, 16, 16);
    est_both(v, &b, EXPECT_ALIVE, EXPECT_ALIVE, "heartbeat response without a request");
    op_heartbeat(&b, 3, 0, 0, 16);
    est_both(v, &b, EXPECT_ALIVE, EXPECT_ALIVE, "heartbeat of an unknown type");
    op_act(&b, FUZZ_OP_PEER, FUZZ_ACT_HEARTBEAT);
    est_both(v, &b, EXPECT_PEER_HB, EXPECT_PEER_HB, "the peer's heartbeat answered");
    op_act(&b, FUZZ_OP_VICTIM, FUZZ_ACT_HEARTBEAT);
    est_both(v, &b, EXPECT_VICTIM_HB, EXPECT_VICTIM_HB, "the victim's heartbeat answered");
    op_act(&b, FUZZ_OP_VICTIM, FUZZ_ACT_HEARTBEAT);
    op_heartbeat(&b, 2, 16, 16, 16);
    est_both(v, &b, EXPECT_ALIVE, EXPECT_ALIVE, "a response with the wrong payload");
}

/* Renegotiation started by either end through the API, and (client victim) by
 * a HelloRequest the peer seals from the input. */
static void est_renegotiation(unsigned v)
{
    static const uint8_t hello_request[] = {HS_HELLO_REQUEST, 0, 0, 0};
    buf b = {0};
    op_act(&b, FUZZ_OP_PEER, FUZZ_ACT_RENEGOTIATE); /* the server end asks */
    op_act(&b, FUZZ_OP_VICTIM, FUZZ_ACT_RENEGOTIATE);
    op_act(&b, FUZZ_OP_VICTIM, FUZZ_ACT_HEARTBEAT);
    est_both(v, &b, EXPECT_RENEG, EXPECT_RENEG, "renegotiation, then a heartbeat");
    op_data(&b, FUZZ_OP_HANDSHAKE, hello_request, sizeof hello_request);
    op_heartbeat(&b, 1, 16, 16, 16); /* during the handshake: discarded */
    op_act(&b, FUZZ_OP_PEER, FUZZ_ACT_EXCHANGE);
    for (int cipher = 0; cipher < 2; cipher++)
        est_seed(WARD_CLIENT, (uint8_t)(FUZZ_ESTABLISHED | (cipher ? FUZZ_REAL_CIPHER : 0) | v), &b,
                 EXPECT_RENEG, "HelloRequest from the input");
    free(b.p);
}

/* The first outgoing ClientHello, traced. */
static void trace_client_hello(void *arg, int direction, ward_trace_kind kind, const uint8_t *bytes,
                               size_t len)
{
    buf *ch = arg;
    if (direction == WARD_TRACE_OUT && kind == WARD_TRACE_HANDSHAKE && len > 0 &&
        bytes[0] == HS_CLIENT_HELLO && ch->len == 0)
        buf_add(ch, bytes, len);
}

static void read_quiet(ward_conn *c, int stream)
{
    uint8_t b[256];
    size_t got;
    fuzz_rng_select(stream);
    for (int i = 0; i < 64 && ward_conn_read(c, b, sizeof b, &got) == WARD_OK; i++)
        ;
}

/* A renegotiation between an established pair, the server asking: what the
 * client sends, as the renegotiation ClientHello and as raw records. */
static void reneg_capture(unsigned v, buf *ch, buf *raw)
{
    fuzz_pair p;
    fuzz_pair_start(&p, WARD_SERVER, (uint8_t)(FUZZ_ESTABLISHED | v));
    ward_config_set_trace(fuzz_client_config(v), trace_client_hello, ch);
    fuzz_rng_select(p.victim_rng);
    if (ward_conn_renegotiate(p.victim) != WARD_OK)
        die("renegotiate");
    for (int round = 0; round < 16; round++) {
        buf ignored = {0};
        pump(p.victim, p.peer, &ignored);
        free(ignored.p);
        read_quiet(p.peer, p.peer_rng);
        size_t before = raw->len;
        pump(p.peer, p.victim, raw);
        read_quiet(p.victim, p.victim_rng);
        if (raw->len == before)
            break;
    }
    ward_config_set_trace(fuzz_client_config(v), NULL, NULL);
    if (ch->len == 0 || ward_conn_renegotiations(p.victim) != 1)
        die("renegotiation capture");
    fuzz_pair_finish(&p);
}

/* A client-initiated renegotiation against the server engine: its
 * ClientHello sealed by the peer, and the whole flight replayed raw. */
static void est_reneg_client_hello(unsigned v)
{
    buf ch = {0}, raw = {0}, b = {0};
    reneg_capture(v, &ch, &raw);
    op_data(&b, FUZZ_OP_HANDSHAKE, ch.p, ch.len);
    for (int cipher = 0; cipher < 2; cipher++)
        est_seed(WARD_SERVER, (uint8_t)(FUZZ_ESTABLISHED | (cipher ? FUZZ_REAL_CIPHER : 0) | v), &b,
                 EXPECT_ALIVE, "renegotiation ClientHello");
    free(b.p);
    b = (buf){0};
    op_data(&b, FUZZ_OP_RAW, raw.p, raw.len);
    est_seed(WARD_SERVER, (uint8_t)(FUZZ_ESTABLISHED | v), &b, EXPECT_RENEG,
             "client-initiated renegotiation, replayed");
    free(b.p);
    free(ch.p);
    free(raw.p);
}

/* TLS 1.3: KeyUpdate sealed from the input and through the API. */
static void est_key_update(unsigned v)
{
    static const uint8_t ku_req[] = {HS_KEY_UPDATE, 0, 0, 1, 1}, ku[] = {HS_KEY_UPDATE, 0, 0, 1, 0};
    static const uint8_t hello[] = "hello";
    buf b = {0};
    op_data(&b, FUZZ_OP_HANDSHAKE, ku_req, sizeof ku_req);
    op_data(&b, FUZZ_OP_APPDATA, hello, sizeof hello - 1);
    /* Real AEAD: the peer never changed its keys, so the data fails. */
    est_both(v, &b, EXPECT_ALIVE, EXPECT_STOPPED, "KeyUpdate (update_requested) from the input");
    op_data(&b, FUZZ_OP_HANDSHAKE, ku, sizeof ku);
    est_both(v, &b, EXPECT_ALIVE, EXPECT_ALIVE, "KeyUpdate from the input");
    op_act(&b, FUZZ_OP_PEER, FUZZ_ACT_KEY_UPDATE | FUZZ_ACT_REQUEST_UPDATE);
    op_data(&b, FUZZ_OP_APPDATA, hello, sizeof hello - 1);
    op_act(&b, FUZZ_OP_VICTIM, FUZZ_ACT_KEY_UPDATE);
    op_act(&b, FUZZ_OP_PEER, FUZZ_ACT_WRITE);
    est_both(v, &b, EXPECT_ALIVE, EXPECT_ALIVE, "KeyUpdate from either end");
    for (int i = 0; i < 40; i++)
        op_act(&b, FUZZ_OP_PEER, FUZZ_ACT_KEY_UPDATE);
    est_both(v, &b, EXPECT_STOPPED, EXPECT_STOPPED, "a KeyUpdate flood");
}

/* Heartbeat where it was not negotiated (TLS 1.3, or TLS 1.2 without it). */
static void est_heartbeat_refused(unsigned v)
{
    buf b = {0};
    op_heartbeat(&b, 1, 16, 16, 16);
    est_both(v, &b, EXPECT_STOPPED, EXPECT_STOPPED, "heartbeat not negotiated");
    op_act(&b, FUZZ_OP_PEER, FUZZ_ACT_HEARTBEAT);
    op_act(&b, FUZZ_OP_VICTIM, FUZZ_ACT_HEARTBEAT);
    op_act(&b, FUZZ_OP_PEER, FUZZ_ACT_RENEGOTIATE);
    op_act(&b, FUZZ_OP_VICTIM, FUZZ_ACT_RENEGOTIATE);
    est_both(v, &b, EXPECT_ALIVE, EXPECT_ALIVE, "heartbeat / renegotiation refused by the API");
}

static void established_seeds(void)
{
    est_alerts(0);
    est_key_update(0);
    est_key_update(7);
    est_heartbeat_refused(0);
    est_heartbeat_refused(8);
    est_heartbeat_refused(12);
    for (unsigned v = 10; v <= 11; v++) {
        est_alerts(v);
        est_heartbeat(v);
        est_renegotiation(v);
        est_reneg_client_hello(v);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    corpus_root = argv[1];
    if (mkdir(corpus_root, 0755) != 0 && errno != EEXIST)
        die("cannot create the corpus directory");
    fuzz_engine_init();
    for (unsigned v = 0; v < FUZZ_VARIANTS; v++)
        run_variant(v);
    extra_seeds();
    heartbeat_seeds();
    established_seeds();
    printf("%zu new seed files, %zu bytes\n", total_files, total_bytes);
    return 0;
}
