/* heartbeat.c -- the TLS heartbeat protocol (RFC 6520), TLS 1.2 only, with the
 * length check whose absence was Heartbleed: a message is answered only when
 * its payload, plus the minimum padding, lies within the bytes that arrived. */
#include <string.h>

#include "base/mem.h"
#include "conn.h"

enum { HB_REQUEST = 1, HB_RESPONSE = 2, HB_PAYLOAD = 16, HB_MIN_PADDING = 16 };

/* type || payload_length || payload || padding, sealed as one record. */
static int heartbeat_send(ward_conn *c, uint8_t type, const uint8_t *payload, size_t len)
{
    uint8_t buf[3 + RECORD_MAX_PLAINTEXT];
    writer w;
    writer_init_fixed(&w, buf, sizeof buf);
    writer_u8(&w, type);
    writer_u16(&w, (uint16_t)len);
    writer_bytes(&w, payload, len);
    uint8_t *pad = writer_space(&w, HB_MIN_PADDING);
    TRY(writer_finish(&w));
    /* RFC 6520 4: the padding is random. */
    TRY(crypto_random(pad, HB_MIN_PADDING));
    /* RFC 6520 4: a HeartbeatMessage never exceeds 2^14 bytes. */
    ENSURE(w.len <= RECORD_MAX_PLAINTEXT, WARD_E_INTERNAL);
    return conn_seal_record(c, CT_HEARTBEAT, buf, w.len);
}

int heartbeat_recv(ward_conn *c, const uint8_t *p, size_t n)
{
    /* RFC 6520 2: heartbeats only where both hellos carried the extension. */
    ENSURE(c->version == VERSION_TLS12 && c->hb_negotiated, WARD_E_UNEXPECTED_MESSAGE);
    /* RFC 6520 3: a heartbeat arriving during a handshake is discarded. */
    if (c->state != HS_CONNECTED)
        return WARD_OK;
    reader r = reader_of(p, n);
    uint8_t type;
    uint16_t claimed;
    reader payload;
    if (reader_u8(&r, &type) != WARD_OK || reader_u16(&r, &claimed) != WARD_OK)
        return WARD_OK;
    /* RFC 6520 4: a payload_length too large for what arrived (with at least 16
     * bytes of padding) is discarded silently -- never read past the record. */
    if ((size_t)claimed + HB_MIN_PADDING > reader_left(&r)) {
        conn_note(c, "heartbeat claiming %u payload bytes in a %zu-byte message: discarded",
                  (unsigned)claimed, n);
        return WARD_OK;
    }
    TRY(reader_sub(&r, claimed, &payload));
    switch (type) {
    case HB_REQUEST: return heartbeat_send(c, HB_RESPONSE, reader_ptr(&payload), claimed);
    case HB_RESPONSE:
        /* RFC 6520 4: a response without the expected payload is discarded. */
        if (c->hb_status == 1 && claimed == HB_PAYLOAD &&
            mem_ct_equal(reader_ptr(&payload), c->hb_payload, HB_PAYLOAD))
            c->hb_status = 2;
        return WARD_OK;
    default: /* RFC 6520 3: unknown types are discarded */ return WARD_OK;
    }
}

int ward_conn_heartbeat(ward_conn *c)
{
    ENSURE(c, WARD_E_INVALID_ARGUMENT);
    if (c->error)
        return c->error;
    /* RFC 6520 2/3: only when the peer allows it, never during a handshake,
     * and one request at a time. */
    ENSURE(c->version == VERSION_TLS12 && c->state == HS_CONNECTED && c->hb_negotiated &&
               c->hb_we_may_send && c->hb_status != 1 && !c->close_sent,
           WARD_E_API_STATE);
    int rc = crypto_random(c->hb_payload, sizeof c->hb_payload);
    if (rc == WARD_OK)
        rc = heartbeat_send(c, HB_REQUEST, c->hb_payload, sizeof c->hb_payload);
    if (rc < 0)
        return conn_fail(c, rc, NULL);
    c->hb_status = 1;
    return WARD_OK;
}

int ward_conn_heartbeat_status(const ward_conn *c)
{
    return c ? c->hb_status : 0;
}
