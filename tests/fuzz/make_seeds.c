/* make_seeds.c -- writes the seed corpora of tests/fuzz/corpus/ from real ward
 * handshakes run in memory, one per engine variant (EC, RSA, Ed25519, HRR,
 * mTLS, ALPN, other suites and groups).
 *
 * Every handshake message and record each side sends is captured through the
 * trace callback and filed by type: message bodies for the parser targets,
 * extension blocks (with their context byte) for fuzz_extensions, record
 * headers for fuzz_record_header, every trace event for fuzz_trace. The engine
 * targets get the whole byte stream one side sent, after the variant byte.
 * Uses the same deterministic randomness, fixed time and null record cipher
 * as the engine targets, so those streams replay exactly.
 *
 * Usage: make_seeds CORPUS_DIR. Files are named by a hash of their content;
 * files named regress-* (hand-made regression inputs) are never touched. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static void run_variant(unsigned v)
{
    ward_config *ccfg = fuzz_client_config(v), *scfg = fuzz_server_config(v);
    tls12 = v >= 8;
    ward_config_set_trace(ccfg, trace_capture, NULL);
    ward_config_set_trace(scfg, trace_capture, NULL);
    session ss = {0};
    fuzz_rng_reset(FUZZ_RNG_CLIENT);
    ss.c = ward_conn_new(ccfg);
    fuzz_rng_reset(FUZZ_RNG_SERVER);
    ss.s = ward_conn_new(scfg);
    if (ss.c == NULL || ss.s == NULL)
        die("conn_new");
    if (ward_conn_set_server_name(ss.c, FUZZ_SERVER_NAME) != WARD_OK)
        die("server name");
    handshake(&ss);
    if (v == 0)
        inject_ticket(&ss);

    static const char req[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    static const char resp[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    fuzz_rng_select(FUZZ_RNG_CLIENT);
    if (ward_conn_write(ss.c, (const uint8_t *)req, sizeof req - 1) != WARD_OK)
        die("client write");
    pump_both(&ss);
    read_exact(ss.s, FUZZ_RNG_SERVER, sizeof req - 1);
    fuzz_rng_select(FUZZ_RNG_SERVER);
    if (ward_conn_write(ss.s, (const uint8_t *)resp, sizeof resp - 1) != WARD_OK)
        die("server write");
    pump_both(&ss);
    read_exact(ss.c, FUZZ_RNG_CLIENT, sizeof resp - 1);
    /* KeyUpdate both ways (TLS 1.3): the client asks, the server answers. */
    fuzz_rng_select(FUZZ_RNG_CLIENT);
    if ((!tls12 && ward_conn_key_update(ss.c, 1) != WARD_OK) ||
        ward_conn_write(ss.c, (const uint8_t *)req, sizeof req - 1) != WARD_OK)
        die("key update");
    pump_both(&ss);
    read_exact(ss.s, FUZZ_RNG_SERVER, sizeof req - 1);
    fuzz_rng_select(FUZZ_RNG_SERVER);
    if (ward_conn_write(ss.s, (const uint8_t *)resp, sizeof resp - 1) != WARD_OK ||
        ward_conn_close(ss.s) != WARD_OK)
        die("server close");
    pump_both(&ss);
    read_exact(ss.c, FUZZ_RNG_CLIENT, sizeof resp - 1);
    expect_closed(ss.c, FUZZ_RNG_CLIENT);
    fuzz_rng_select(FUZZ_RNG_CLIENT);
    if (ward_conn_close(ss.c) != WARD_OK)
        die("client close");
    pump_both(&ss);
    expect_closed(ss.s, FUZZ_RNG_SERVER);

    seed_write("server_engine", (int)v, ss.c2s.p, ss.c2s.len);
    seed_write("client_engine", (int)v, ss.s2c.p, ss.s2c.len);
    printf("%-12s client->server %5zu bytes, server->client %5zu bytes\n", fuzz_variant_name(v),
           ss.c2s.len, ss.s2c.len);
    ward_conn_free(ss.c);
    ward_conn_free(ss.s);
    free(ss.c2s.p);
    free(ss.s2c.p);
    ward_config_set_trace(ccfg, NULL, NULL);
    ward_config_set_trace(scfg, NULL, NULL);
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
    printf("%zu new seed files, %zu bytes\n", total_files, total_bytes);
    return 0;
}
