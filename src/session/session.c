/* session.c -- the resumable session and its versioned byte form.
 *
 * Format version 1 (all integers big-endian, every variable field with an
 * explicit length, nothing optional):
 *
 *   "WS" u8(1)
 *   u16 version, u16 suite, u8 flags (bit 0 ems, bit 1 peer_verified, bit 2 etm)
 *   u8 secret_len  (<= 48)   secret
 *   u64 created, u32 lifetime, u32 age_add
 *   u8 name_len    (<= 255)  server_name, no NUL
 *   u8 alpn_len    (<= 255)  alpn, no NUL
 *   u8 id_len      (<= 32)   id
 *   u16 ticket_len (<= SESSION_MAX_TICKET) ticket
 *
 * The same bytes are the plaintext of a ticket, so decode trusts nothing:
 * every length is bounded by its field, unknown flag bits and trailing bytes
 * are rejected, and a failed decode leaves *s zeroed, never half-filled.
 *
 * The etm bit came later, in format version 1 still: older sessions have it
 * clear (which is what they meant), and a decoder from before it rejects a
 * session with it set, as it rejects any unknown bit (a ticket that does not
 * open only means a full handshake, RFC 5077 3.4). */
#include "session/session.h"

#include <string.h>

#include "base/codec.h"
#include "base/mem.h"

#define SESSION_FLAG_EMS 0x01
#define SESSION_FLAG_PEER_VERIFIED 0x02
#define SESSION_FLAG_ETM 0x04
#define SESSION_FLAGS_KNOWN (SESSION_FLAG_EMS | SESSION_FLAG_PEER_VERIFIED | SESSION_FLAG_ETM)

/* A peer's clock, or ours, may run a little ahead of the other. */
#define SESSION_CLOCK_SKEW 60

void session_wipe(session *s)
{
    if (s != NULL)
        mem_wipe(s, sizeof *s);
}

bool session_alive(const session *s, uint64_t now)
{
    if (s->created > now) /* made "in the future": tolerate only small skew */
        return s->created - now <= SESSION_CLOCK_SKEW && s->lifetime > 0;
    return now - s->created < s->lifetime;
}

/* Length of a NUL-terminated name held in a buffer of max + 1 bytes, or
 * max + 1 when it is not terminated within the buffer. */
static size_t name_len(const char *name, size_t max)
{
    return strnlen(name, max + 1);
}

size_t session_encoded_size(const session *s)
{
    return 3 + 2 + 2 + 1 + 1 + s->secret_len + 8 + 4 + 4 + 1 +
           name_len(s->server_name, SESSION_MAX_NAME) + 1 + name_len(s->alpn, SESSION_MAX_ALPN) +
           1 + s->id_len + 2 + s->ticket_len;
}

int session_encode(const session *s, uint8_t *out, size_t cap, size_t *len)
{
    ENSURE(s != NULL && len != NULL, WARD_E_INVALID_ARGUMENT);
    *len = 0;
    size_t sni_len = name_len(s->server_name, SESSION_MAX_NAME);
    size_t alpn_len = name_len(s->alpn, SESSION_MAX_ALPN);
    ENSURE(s->secret_len <= SESSION_MAX_SECRET && s->id_len <= SESSION_MAX_ID &&
               s->ticket_len <= SESSION_MAX_TICKET && sni_len <= SESSION_MAX_NAME &&
               alpn_len <= SESSION_MAX_ALPN,
           WARD_E_INVALID_ARGUMENT);
    ENSURE(out != NULL && cap >= session_encoded_size(s), WARD_E_INVALID_ARGUMENT);

    uint8_t flags = 0;
    if (s->ems)
        flags |= SESSION_FLAG_EMS;
    if (s->peer_verified)
        flags |= SESSION_FLAG_PEER_VERIFIED;
    if (s->etm)
        flags |= SESSION_FLAG_ETM;

    writer w;
    writer_init_fixed(&w, out, cap);
    writer_bytes(&w, SESSION_MAGIC, 2);
    writer_u8(&w, SESSION_FORMAT_VERSION);
    writer_u16(&w, s->version);
    writer_u16(&w, s->suite);
    writer_u8(&w, flags);
    writer_u8(&w, (uint8_t)s->secret_len);
    writer_bytes(&w, s->secret, s->secret_len);
    writer_u64(&w, s->created);
    writer_u32(&w, s->lifetime);
    writer_u32(&w, s->age_add);
    writer_u8(&w, (uint8_t)sni_len);
    writer_bytes(&w, s->server_name, sni_len);
    writer_u8(&w, (uint8_t)alpn_len);
    writer_bytes(&w, s->alpn, alpn_len);
    writer_u8(&w, (uint8_t)s->id_len);
    writer_bytes(&w, s->id, s->id_len);
    writer_u16(&w, (uint16_t)s->ticket_len);
    writer_bytes(&w, s->ticket, s->ticket_len);
    int rc = writer_finish(&w);
    if (rc != WARD_OK) {
        mem_wipe(out, cap); /* may hold part of the secret */
        return rc;
    }
    *len = w.len;
    return WARD_OK;
}

/* Reads a u8-prefixed byte string of at most max bytes into out. */
static int read_bounded(reader *r, uint8_t *out, size_t max, size_t *out_len)
{
    reader field;
    TRY(reader_u8_prefixed(r, &field));
    ENSURE(reader_left(&field) <= max, WARD_E_DECODE);
    *out_len = reader_left(&field);
    return reader_copy(&field, out, *out_len);
}

/* Reads a u8-prefixed name of at most max bytes, without NUL, terminated. */
static int read_name(reader *r, char *out, size_t max)
{
    size_t n;
    TRY(read_bounded(r, (uint8_t *)out, max, &n));
    ENSURE(memchr(out, 0, n) == NULL, WARD_E_DECODE);
    out[n] = '\0';
    return WARD_OK;
}

static int session_parse(reader *r, session *s)
{
    const uint8_t *magic;
    uint8_t format, flags;
    TRY(reader_bytes(r, 2, &magic));
    ENSURE(memcmp(magic, SESSION_MAGIC, 2) == 0, WARD_E_DECODE);
    TRY(reader_u8(r, &format));
    ENSURE(format == SESSION_FORMAT_VERSION, WARD_E_DECODE);

    TRY(reader_u16(r, &s->version));
    TRY(reader_u16(r, &s->suite));
    TRY(reader_u8(r, &flags));
    ENSURE((flags & ~SESSION_FLAGS_KNOWN) == 0, WARD_E_DECODE);
    s->ems = (flags & SESSION_FLAG_EMS) != 0;
    s->peer_verified = (flags & SESSION_FLAG_PEER_VERIFIED) != 0;
    s->etm = (flags & SESSION_FLAG_ETM) != 0;

    TRY(read_bounded(r, s->secret, SESSION_MAX_SECRET, &s->secret_len));
    TRY(reader_u64(r, &s->created));
    TRY(reader_u32(r, &s->lifetime));
    TRY(reader_u32(r, &s->age_add));
    TRY(read_name(r, s->server_name, SESSION_MAX_NAME));
    TRY(read_name(r, s->alpn, SESSION_MAX_ALPN));
    TRY(read_bounded(r, s->id, SESSION_MAX_ID, &s->id_len));

    reader ticket;
    TRY(reader_u16_prefixed(r, &ticket));
    ENSURE(reader_left(&ticket) <= SESSION_MAX_TICKET, WARD_E_DECODE);
    s->ticket_len = reader_left(&ticket);
    TRY(reader_copy(&ticket, s->ticket, s->ticket_len));

    return reader_expect_empty(r);
}

int session_decode(const uint8_t *in, size_t len, session *s)
{
    ENSURE(s != NULL, WARD_E_INVALID_ARGUMENT);
    memset(s, 0, sizeof *s);
    ENSURE(in != NULL || len == 0, WARD_E_INVALID_ARGUMENT);
    reader r = reader_of(in, len);
    int rc = session_parse(&r, s);
    if (rc != WARD_OK)
        session_wipe(s);
    return rc;
}
