/* trace_hello.c -- ClientHello, ServerHello and HelloRetryRequest, laid out
 * the way Wireshark shows them (the captures in the project's notes). */
#include "trace/trace_internal.h"

#include <string.h>

/* RFC 8446 4.1.3: SHA-256("HelloRetryRequest"). A copy, so that the printer
 * depends on nothing but the codec. */
static const uint8_t hrr_random[32] = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

/* RFC 8446 4.1.3: the last 8 bytes of a downgrading server's random. */
static const uint8_t downgrade_prefix[7] = {0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44};

bool trace_is_hrr(reader body)
{
    uint16_t version;
    const uint8_t *random;
    if (reader_u16(&body, &version) < 0 || reader_bytes(&body, 32, &random) < 0)
        return false;
    return memcmp(random, hrr_random, 32) == 0;
}

static int trace_version_random(FILE *f, reader *body, const uint8_t **random)
{
    uint16_t version;
    TRY(reader_u16(body, &version));
    tp_line(f, IND_FIELD, "Version: %s (0x%04x)", name_version(version), version);
    TRY(reader_bytes(body, 32, random));
    tline l;
    tl_begin(&l, f, IND_FIELD);
    tl_add(&l, "Random: ");
    tl_hex(&l, *random, 32, TRACE_HEX_MAX);
    tl_end(&l);
    return WARD_OK;
}

static int trace_session_id(FILE *f, reader *body)
{
    reader sid;
    TRY(reader_u8_prefixed(body, &sid));
    tline l;
    tl_begin(&l, f, IND_FIELD);
    tl_add(&l, "Session ID Length: %zu", reader_left(&sid));
    if (!reader_empty(&sid)) {
        tl_add(&l, "  Session ID: ");
        tl_hex(&l, reader_ptr(&sid), reader_left(&sid), TRACE_HEX_MAX);
    }
    tl_end(&l);
    ENSURE(reader_left(&sid) <= 32, WARD_E_DECODE);
    return WARD_OK;
}

static int trace_suite_list(FILE *f, reader *body)
{
    reader suites;
    uint16_t s;
    TRY(reader_u16_prefixed(body, &suites));
    tp_line(f, IND_FIELD, "Cipher Suites Length: %zu", reader_left(&suites));
    ENSURE(reader_left(&suites) % 2 == 0, WARD_E_DECODE);
    tp_line(f, IND_FIELD, "Cipher Suites (%zu suites)", reader_left(&suites) / 2);
    while (!reader_empty(&suites)) {
        TRY(reader_u16(&suites, &s));
        tp_line(f, IND_SUB, "Cipher Suite: %s (0x%04x)", name_suite(s), s);
    }
    return WARD_OK;
}

static const char *compression_name(uint8_t m)
{
    return m == 0 ? "null" : m == 1 ? "DEFLATE" : "unknown";
}

static int trace_compressions(FILE *f, reader *body)
{
    reader list;
    uint8_t m;
    TRY(reader_u8_prefixed(body, &list));
    tp_line(f, IND_FIELD, "Compression Methods Length: %zu", reader_left(&list));
    while (!reader_empty(&list)) {
        TRY(reader_u8(&list, &m));
        tp_line(f, IND_SUB, "Compression Method: %s (%u)", compression_name(m), m);
    }
    return WARD_OK;
}

int trace_client_hello(FILE *f, reader body)
{
    const uint8_t *random;
    TRY(trace_version_random(f, &body, &random));
    TRY(trace_session_id(f, &body));
    TRY(trace_suite_list(f, &body));
    TRY(trace_compressions(f, &body));
    if (reader_empty(&body))
        return WARD_OK; /* a pre-extensions ClientHello is syntactically valid */
    return trace_extensions(f, &body, EXT_CTX_CLIENT_HELLO);
}

/* The ServerHello's extensions say whether it is TLS 1.3; look ahead for
 * supported_versions so the right decoders are used. */
static bool selects_tls13(reader exts)
{
    reader block, data;
    uint16_t type, v;
    if (reader_u16_prefixed(&exts, &block) < 0)
        return false;
    while (!reader_empty(&block)) {
        if (reader_u16(&block, &type) < 0 || reader_u16_prefixed(&block, &data) < 0)
            return false;
        if (type == EXT_SUPPORTED_VERSIONS)
            return reader_u16(&data, &v) == WARD_OK && v == VERSION_TLS13;
    }
    return false;
}

static void note_downgrade(FILE *f, const uint8_t *random)
{
    if (memcmp(random + 24, downgrade_prefix, 7) != 0)
        return;
    if (random[31] == 0x01)
        tp_line(f, IND_SUB, "[downgrade sentinel: server supports TLS 1.3 but chose TLS 1.2]");
    else if (random[31] == 0x00)
        tp_line(f, IND_SUB, "[downgrade sentinel: server supports TLS 1.2 but chose TLS 1.1-]");
}

int trace_server_hello(FILE *f, reader body)
{
    const uint8_t *random;
    uint16_t suite;
    uint8_t comp;
    bool hrr = trace_is_hrr(body);
    TRY(trace_version_random(f, &body, &random));
    if (hrr)
        tp_line(f, IND_SUB, "[HelloRetryRequest: the special random of RFC 8446 4.1.3]");
    else
        note_downgrade(f, random);
    TRY(trace_session_id(f, &body));
    TRY(reader_u16(&body, &suite));
    tp_line(f, IND_FIELD, "Cipher Suite: %s (0x%04x)", name_suite(suite), suite);
    TRY(reader_u8(&body, &comp));
    tp_line(f, IND_FIELD, "Compression Method: %s (%u)", compression_name(comp), comp);
    ext_context ctx = hrr                   ? EXT_CTX_HELLO_RETRY
                      : selects_tls13(body) ? EXT_CTX_SERVER_HELLO
                                            : EXT_CTX_SERVER_HELLO_12;
    return trace_extensions(f, &body, ctx);
}
