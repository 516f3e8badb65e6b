/* extensions.c -- the RFC 8446 4.2 table and the one walker of extension blocks.
 *
 * Every message's extension block goes through ext_walk, so duplicate and
 * out-of-place extensions are rejected in one place for all messages. */
#include <string.h>

#include "msg/ext.h"

#define CH (1u << EXT_CTX_CLIENT_HELLO)
#define SH (1u << EXT_CTX_SERVER_HELLO)
#define HRR (1u << EXT_CTX_HELLO_RETRY)
#define EE (1u << EXT_CTX_ENCRYPTED_EXTENSIONS)
#define CT (1u << EXT_CTX_CERTIFICATE)
#define CR (1u << EXT_CTX_CERTIFICATE_REQUEST)
#define NST (1u << EXT_CTX_NEW_SESSION_TICKET)
#define SH12 (1u << EXT_CTX_SERVER_HELLO_12)

/* The messages each known extension may appear in: RFC 8446 4.2 for TLS 1.3,
 * plus RFC 8449 (record_size_limit), RFC 8879 (compress_certificate) and, for the
 * TLS 1.2 ServerHello, the extensions ward can answer. 0: unknown type. */
static unsigned ext_contexts(uint16_t type)
{
    switch (type) {
    case EXT_SERVER_NAME: return CH | EE | SH12;
    case EXT_MAX_FRAGMENT_LENGTH: return CH | EE | SH12;
    case EXT_STATUS_REQUEST: return CH | CR | CT | SH12;
    case EXT_SUPPORTED_GROUPS: return CH | EE;
    case EXT_EC_POINT_FORMATS: return CH | SH12;
    case EXT_SIGNATURE_ALGORITHMS: return CH | CR;
    case EXT_USE_SRTP: return CH | EE;
    case EXT_HEARTBEAT: return CH | EE | SH12;
    case EXT_ALPN: return CH | EE | SH12;
    case EXT_SCT: return CH | CR | CT | SH12;
    case EXT_CLIENT_CERTIFICATE_TYPE: return CH | EE;
    case EXT_SERVER_CERTIFICATE_TYPE: return CH | EE;
    case EXT_PADDING: return CH;
    case EXT_ENCRYPT_THEN_MAC: return CH | SH12;
    case EXT_EXTENDED_MASTER_SECRET: return CH | SH12;
    case EXT_COMPRESS_CERTIFICATE: return CH | CR;
    case EXT_RECORD_SIZE_LIMIT: return CH | EE | SH12;
    case EXT_SESSION_TICKET: return CH | SH12;
    case EXT_PRE_SHARED_KEY: return CH | SH;
    case EXT_EARLY_DATA: return CH | EE | NST;
    case EXT_SUPPORTED_VERSIONS: return CH | SH | HRR;
    case EXT_COOKIE: return CH | HRR;
    case EXT_PSK_KEY_EXCHANGE_MODES: return CH;
    case EXT_CERTIFICATE_AUTHORITIES: return CH | CR;
    case EXT_OID_FILTERS: return CR;
    case EXT_POST_HANDSHAKE_AUTH: return CH;
    case EXT_SIGNATURE_ALGORITHMS_CERT: return CH | CR;
    case EXT_KEY_SHARE: return CH | SH | HRR;
    case EXT_RENEGOTIATION_INFO: return CH | SH12;
    default: return 0;
    }
}

bool ext_known(uint16_t type)
{
    return ext_contexts(type) != 0;
}

bool ext_allowed(uint16_t type, ext_context ctx)
{
    unsigned set = ext_contexts(type);
    if (set != 0)
        return (set & (1u << ctx)) != 0;
    /* Unknown types: a server ignores them in a ClientHello (RFC 8446 4.1.2), and
     * RFC 8446 4.3.2 / 4.6.1: clients MUST ignore unrecognized extensions in
     * CertificateRequest and NewSessionTicket. Anywhere else the peer answers an
     * extension ward never offered. */
    switch (ctx) {
    case EXT_CTX_CLIENT_HELLO:
    case EXT_CTX_CERTIFICATE_REQUEST:
    case EXT_CTX_NEW_SESSION_TICKET: return true;
    default: return false;
    }
}

void dup_check_init(dup_check *d)
{
    d->n = 0;
}

static bool bit_test_set(uint64_t *bits, uint16_t v)
{
    uint64_t bit = (uint64_t)1 << (v & 63);
    bool was = (bits[v >> 6] & bit) != 0;
    bits[v >> 6] |= bit;
    return was;
}

bool dup_check_add(dup_check *d, uint16_t v)
{
    if (d->n >= DUP_SMALL)
        return !bit_test_set(d->bits, v);
    for (size_t i = 0; i < d->n; i++)
        if (d->small[i] == v)
            return false;
    d->small[d->n++] = v;
    if (d->n == DUP_SMALL) { /* switch to the map, seeded with what was seen */
        memset(d->bits, 0, sizeof d->bits);
        for (size_t i = 0; i < DUP_SMALL; i++)
            (void)bit_test_set(d->bits, d->small[i]);
    }
    return true;
}

/* Reads one Extension header and its body. */
static int ext_next(reader *list, uint16_t *type, reader *data)
{
    TRY(reader_u16(list, type));
    return reader_u16_prefixed(list, data);
}

/* The error for an extension that may not appear in ctx. */
static int ext_refusal(uint16_t type)
{
    /* RFC 8446 4.2: a recognized extension in the wrong message MUST be
     * illegal_parameter; a response nobody asked for MUST be unsupported_extension. */
    return ext_known(type) ? WARD_E_EXTENSION_NOT_ALLOWED : WARD_E_UNSOLICITED_EXTENSION;
}

int ext_walk(reader *msg, ext_context ctx, ext_visit_fn fn, void *arg)
{
    reader list;
    TRY(reader_u16_prefixed(msg, &list));
    /* RFC 8446 4.2: there MUST NOT be more than one extension of the same type. */
    dup_check seen;
    dup_check_init(&seen);
    while (!reader_empty(&list)) {
        uint16_t type;
        reader data;
        TRY(ext_next(&list, &type, &data));
        ENSURE(dup_check_add(&seen, type), WARD_E_DUPLICATE_EXTENSION);
        ENSURE(ext_allowed(type, ctx), ext_refusal(type));
        /* RFC 8446 4.2.11: pre_shared_key MUST be the last extension in the
         * ClientHello; servers MUST check this and fail with illegal_parameter. */
        if (type == EXT_PRE_SHARED_KEY && ctx == EXT_CTX_CLIENT_HELLO)
            ENSURE(reader_empty(&list), WARD_E_ILLEGAL_PARAMETER);
        if (fn)
            TRY(fn(arg, type, data));
    }
    return WARD_OK;
}

int ext_find(reader list, uint16_t type, bool *found, reader *data)
{
    *found = false;
    while (!reader_empty(&list)) {
        uint16_t t;
        reader d;
        TRY(ext_next(&list, &t, &d));
        if (t == type && !*found) {
            *found = true;
            *data = d;
        }
    }
    return WARD_OK;
}

size_t ext_begin(writer *w, uint16_t type)
{
    writer_u16(w, type);
    return writer_open(w, 2);
}

void ext_end(writer *w, size_t mark)
{
    writer_close(w, mark);
}

void ext_write_empty(writer *w, uint16_t type)
{
    writer_u16(w, type);
    writer_u16(w, 0);
}
