/* trace.c -- ward_trace_print: a Wireshark-like view of what the engine sends
 * and receives.
 *
 * Each event stands alone (its own direction arrow), because the engine
 * reports a record header and the messages inside it as separate events, and
 * in an order that depends on the direction. Everything is decoded from the
 * bytes through the bounded codec: the printer sees exactly what a peer sent,
 * hostile or not, and prints "[malformed]" where decoding stops.
 */
#include "trace/trace_internal.h"

#include <string.h>

#include "ward.h"

static const char *arrow(int direction)
{
    return direction == WARD_TRACE_OUT ? "->" : "<-";
}

static void trace_record(FILE *f, const char *dir, const uint8_t *p, size_t len)
{
    reader r = reader_of(p, len);
    uint8_t type;
    uint16_t version, length;
    if (reader_u8(&r, &type) < 0 || reader_u16(&r, &version) < 0 || reader_u16(&r, &length) < 0) {
        tp_line(f, IND_EVENT, "%s Record Layer: [malformed]", dir);
        return;
    }
    /* Application data records are always protected; in TLS 1.3 they also
     * carry the encrypted handshake, shown decrypted by the events after. An
     * alert in the clear is exactly 2 bytes, so a longer one is protected
     * (TLS 1.2). A TLS 1.2 Finished cannot be told apart from its header. */
    bool encrypted = type == 23 || (type == 21 && length != 2);
    tp_line(f, IND_EVENT, "%s Record Layer: %s (%u)  Version: %s (0x%04x)  Length: %u%s", dir,
            name_content_type(type), type, name_version(version), version, length,
            encrypted ? "  (encrypted)" : "");
}

static void trace_alert(FILE *f, const char *dir, const uint8_t *p, size_t len)
{
    reader r = reader_of(p, len);
    uint8_t level, desc;
    if (reader_u8(&r, &level) < 0 || reader_u8(&r, &desc) < 0 || reader_expect_empty(&r) < 0) {
        tp_line(f, IND_EVENT, "%s Alert [malformed]", dir);
        return;
    }
    const char *name = name_alert(desc);
    if (strcmp(name, "Unknown") == 0)
        tp_line(f, IND_EVENT, "%s Alert (Level: %s, Description: Unknown (%u))", dir,
                name_alert_level(level), desc);
    else
        tp_line(f, IND_EVENT, "%s Alert (Level: %s, Description: %s)", dir, name_alert_level(level),
                name);
}

static void trace_ccs(FILE *f, const char *dir, const uint8_t *p, size_t len)
{
    reader r = reader_of(p, len);
    uint8_t v;
    if (reader_u8(&r, &v) < 0 || reader_expect_empty(&r) < 0 || v != 1)
        tp_line(f, IND_EVENT, "%s Change Cipher Spec Protocol: [malformed]", dir);
    else
        tp_line(f, IND_EVENT, "%s Change Cipher Spec Protocol: Change Cipher Spec", dir);
}

static void trace_note(FILE *f, const uint8_t *p, size_t len)
{
    tline l;
    tl_begin(&l, f, 3);
    tl_add(&l, "[ward] ");
    /* Notes come from the engine, but may quote peer bytes: print safely. */
    size_t n = (p != NULL) ? len : 0;
    if (n > 0 && p[n - 1] == '\n')
        n--;
    tl_text(&l, p, n);
    tl_end(&l);
}

static int trace_finished(FILE *f, reader body)
{
    tline l;
    tl_begin(&l, f, IND_FIELD);
    tl_add(&l, "Verify Data: ");
    tl_hex(&l, reader_ptr(&body), reader_left(&body), 64);
    tl_end(&l);
    return reader_empty(&body) ? WARD_E_DECODE : WARD_OK;
}

static int trace_key_update(FILE *f, reader body)
{
    uint8_t req;
    TRY(reader_u8(&body, &req));
    TRY(reader_expect_empty(&body));
    const char *name = req == 0 ? "update_not_requested" : req == 1 ? "update_requested" : "?";
    tp_line(f, IND_FIELD, "KeyUpdateRequest: %s (%u)", name, req);
    return WARD_OK;
}

static int trace_certificate_verify(FILE *f, reader body)
{
    uint16_t scheme;
    reader sig;
    TRY(reader_u16(&body, &scheme));
    tp_line(f, IND_FIELD, "Signature Algorithm: %s (0x%04x)", name_sigscheme(scheme), scheme);
    TRY(reader_u16_prefixed_nonempty(&body, &sig));
    TRY(reader_expect_empty(&body));
    tline l;
    tl_begin(&l, f, IND_FIELD);
    tl_add(&l, "Signature Length: %zu  Signature: ", reader_left(&sig));
    tl_hex(&l, reader_ptr(&sig), reader_left(&sig), TRACE_HEX_MAX);
    tl_end(&l);
    return WARD_OK;
}

static int trace_empty_body(FILE *f, reader body)
{
    (void)f;
    return reader_expect_empty(&body);
}

static int trace_body(FILE *f, uint8_t type, reader body)
{
    switch (type) {
    case HS_CLIENT_HELLO: return trace_client_hello(f, body);
    case HS_SERVER_HELLO: return trace_server_hello(f, body);
    case HS_ENCRYPTED_EXTENSIONS: return trace_extensions(f, &body, EXT_CTX_ENCRYPTED_EXTENSIONS);
    case HS_CERTIFICATE: return trace_certificate(f, body);
    case HS_CERTIFICATE_REQUEST: return trace_certificate_request(f, body);
    case HS_CERTIFICATE_VERIFY: return trace_certificate_verify(f, body);
    case HS_FINISHED: return trace_finished(f, body);
    case HS_KEY_UPDATE: return trace_key_update(f, body);
    case HS_NEW_SESSION_TICKET: return trace_new_session_ticket(f, body);
    case HS_SERVER_KEY_EXCHANGE: return trace_server_key_exchange(f, body);
    case HS_CLIENT_KEY_EXCHANGE: return trace_client_key_exchange(f, body);
    case HS_HELLO_REQUEST:
    case HS_SERVER_HELLO_DONE:
    case HS_END_OF_EARLY_DATA: return trace_empty_body(f, body);
    default: return WARD_OK; /* unknown type: header only */
    }
}

/* One or more whole handshake messages (the engine passes one at a time, but
 * nothing breaks if it passes several). */
static void trace_handshake(FILE *f, const char *dir, const uint8_t *p, size_t len)
{
    reader r = reader_of(p, len);
    do {
        uint8_t type;
        reader body;
        if (reader_u8(&r, &type) < 0 || reader_u24_prefixed(&r, &body) < 0) {
            tp_line(f, IND_EVENT, "%s Handshake Protocol: [malformed]", dir);
            return;
        }
        const char *name = name_handshake(type);
        if (type == HS_SERVER_HELLO && trace_is_hrr(body))
            name = "Hello Retry Request";
        tp_line(f, IND_EVENT, "%s Handshake Protocol: %s", dir, name);
        tp_line(f, IND_FIELD, "Handshake Type: %s (%u)  Length: %zu", name_handshake(type), type,
                reader_left(&body));
        if (trace_body(f, type, body) < 0)
            tp_malformed(f, IND_FIELD);
    } while (!reader_empty(&r));
}

void ward_trace_print(void *file, int direction, ward_trace_kind kind, const uint8_t *bytes,
                      size_t len)
{
    FILE *f = file;
    if (f == NULL)
        return;
    if (bytes == NULL && kind != WARD_TRACE_APPDATA)
        len = 0; /* application data may be reported by length alone */
    const char *dir = arrow(direction);
    /* Client and server may trace into one stream from two threads: keep each
     * event's lines together. */
    flockfile(f);
    switch (kind) {
    case WARD_TRACE_RECORD: trace_record(f, dir, bytes, len); break;
    case WARD_TRACE_HANDSHAKE: trace_handshake(f, dir, bytes, len); break;
    case WARD_TRACE_ALERT: trace_alert(f, dir, bytes, len); break;
    case WARD_TRACE_CCS: trace_ccs(f, dir, bytes, len); break;
    case WARD_TRACE_APPDATA:
        tp_line(f, IND_EVENT, "%s Application Data Protocol: %zu bytes of application data", dir,
                len);
        break;
    case WARD_TRACE_NOTE: trace_note(f, bytes, len); break;
    default: tp_line(f, IND_EVENT, "%s [unknown trace event %d, %zu bytes]", dir, kind, len);
    }
    funlockfile(f);
}
