/* fuzz_heartbeat.c -- heartbeat_recv (RFC 6520) on one heartbeat message, the
 * plaintext of a record, given as a heap copy of exactly its length: reading
 * past it (Heartbleed) is an ASan report. In the engines the message lies
 * inside the receive buffer, where such a read would go unnoticed; here it
 * cannot. The connection is made established by hand (TLS 1.2, heartbeat
 * negotiated, no record keys), so an answer is a plaintext record and is
 * checked byte for byte: a response exactly when a request's payload_length
 * plus 16 bytes of padding fits in the message, echoing exactly that payload;
 * nothing else sent; an in-flight request completed only by its own payload.
 * First byte: flags (F_*); the rest: the message, at most 2^14 bytes as the
 * record layer guarantees. */
#include "conn.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum {
    F_NOT_NEGOTIATED = 1, /* the hellos did not both carry the extension */
    F_HANDSHAKING = 2,    /* a (re)handshake is under way */
    F_TLS13 = 4,          /* TLS 1.3 was negotiated */
    F_IN_FLIGHT = 8,      /* we sent a request: its payload is the message's */
    F_WRONG_PAYLOAD = 16, /* ... but one bit differs */
};
enum { HB_HEADER = 3, HB_PADDING = 16, HB_OUR_PAYLOAD = 16 };

static ward_config *cfg;

static ward_conn *conn_make(uint8_t flags, const uint8_t *m, size_t n)
{
    if (cfg == NULL) {
        cfg = ward_config_new(WARD_SERVER);
        FUZZ_CHECK(cfg != NULL);
        ward_config_set_heartbeat(cfg, 1);
    }
    ward_conn *c = ward_conn_new(cfg);
    FUZZ_CHECK(c != NULL);
    c->version = (flags & F_TLS13) ? VERSION_TLS13 : VERSION_TLS12;
    c->hb_negotiated = !(flags & F_NOT_NEGOTIATED);
    c->hb_we_may_send = true;
    c->state = (flags & F_HANDSHAKING) ? HS_S12_WAIT_CKE : HS_CONNECTED;
    c->hs_done = true;
    if (flags & F_IN_FLIGHT) {
        c->hb_status = 1;
        if (n >= HB_HEADER + HB_OUR_PAYLOAD)
            memcpy(c->hb_payload, m + HB_HEADER, HB_OUR_PAYLOAD);
        if (flags & F_WRONG_PAYLOAD)
            c->hb_payload[0] ^= 1;
    }
    return c;
}

/* What was sent must be one heartbeat_response record echoing the request. */
static void check_response(ward_conn *c, const uint8_t *m, size_t claimed)
{
    const uint8_t *out;
    size_t len = HB_HEADER + claimed + HB_PADDING;
    FUZZ_CHECK(len <= RECORD_MAX_PLAINTEXT);
    FUZZ_CHECK(ward_conn_pending(c, &out) == RECORD_HEADER_LEN + len);
    FUZZ_CHECK(out[0] == CT_HEARTBEAT && out[1] == 3 && out[2] == 3);
    FUZZ_CHECK((size_t)(out[3] << 8 | out[4]) == len);
    const uint8_t *body = out + RECORD_HEADER_LEN;
    FUZZ_CHECK(body[0] == 2 && body[1] == m[1] && body[2] == m[2]);
    FUZZ_CHECK(claimed == 0 || memcmp(body + HB_HEADER, m + HB_HEADER, claimed) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t flags = data[0];
    size_t n = size - 1 < RECORD_MAX_PLAINTEXT ? size - 1 : RECORD_MAX_PLAINTEXT;
    uint8_t *m = malloc(n ? n : 1);
    FUZZ_CHECK(m != NULL);
    memcpy(m, data + 1, n);
    ward_conn *c = conn_make(flags, m, n);
    int was = c->hb_status;
    int rc = heartbeat_recv(c, m, n);

    const uint8_t *out;
    if (c->version != VERSION_TLS12 || !c->hb_negotiated) {
        /* RFC 6520 2: not negotiated, so not expected. */
        FUZZ_CHECK(rc == WARD_E_UNEXPECTED_MESSAGE && ward_conn_pending(c, &out) == 0);
        FUZZ_CHECK(c->hb_status == was);
    } else {
        FUZZ_CHECK(rc == WARD_OK && c->error == 0);
        size_t claimed = n >= HB_HEADER ? (size_t)(m[1] << 8 | m[2]) : 0;
        bool fits =
            c->state == HS_CONNECTED && n >= HB_HEADER && claimed + HB_PADDING <= n - HB_HEADER;
        if (fits && m[0] == 1)
            check_response(c, m, claimed);
        else
            FUZZ_CHECK(ward_conn_pending(c, &out) == 0);
        bool answered = was == 1 && fits && m[0] == 2 && claimed == HB_OUR_PAYLOAD &&
                        !(flags & F_WRONG_PAYLOAD);
        FUZZ_CHECK(c->hb_status == (answered ? 2 : was));
    }
    ward_conn_free(c);
    free(m);
    return 0;
}
