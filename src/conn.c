/* conn.c -- the sans-I/O connection engine: buffers, records, dispatch.
 *
 * Bytes from the network are appended to `in`; complete records are opened in
 * place and dispatched by content type. Handshake bytes are reassembled in
 * `hs_in` and handed, one whole message at a time, to the state machine of the
 * role (src/hs/). Everything to send is sealed into `out`.
 */
#include "conn.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

ward_conn *ward_conn_new(ward_config *cfg)
{
    if (cfg == NULL)
        return NULL;
    ward_conn *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    atomic_fetch_add(&cfg->refs, 1);
    c->cfg = cfg;
    c->role = cfg->role;
    c->fd = -1;
    c->peer_alert = -1;
    c->state = c->role == WARD_CLIENT ? HS_START : HS_S_WAIT_CH;
    writer_init_dynamic(&c->in, 0);
    writer_init_dynamic(&c->out, 0);
    writer_init_dynamic(&c->hs_in, 0);
    writer_init_dynamic(&c->hs_out, 0);
    writer_init_dynamic(&c->hs_log, 0);
    transcript_init(&c->ts);
    return c;
}

/* Drops everything only the handshake needs. */
static void conn_free_handshake(ward_conn *c)
{
    kx_free(c->kx);
    c->kx = NULL;
    transcript_free(&c->ts);
    transcript_init(&c->ts);
    mem_free_secret(c->cookie, c->cookie_len);
    c->cookie = NULL;
    c->cookie_len = 0;
    cert_chain_free(c->peer_chain);
    c->peer_chain = NULL;
    pkey_free(c->peer_key);
    c->peer_key = NULL;
    writer_free(&c->hs_out);
    writer_init_dynamic(&c->hs_out, 0);
    writer_free(&c->hs_log);
    writer_init_dynamic(&c->hs_log, 0);
    c->log_messages = false;
    mem_wipe(c->pms, sizeof c->pms);
    mem_wipe(&c->kb, sizeof c->kb);
    record_dir_clear(&c->next_rd);
    conn_session_drop(&c->offer);
    conn_session_drop(&c->fresh);
}

session *conn_session(session **slot)
{
    if (*slot == NULL)
        *slot = calloc(1, sizeof **slot);
    return *slot;
}

void conn_session_drop(session **slot)
{
    if (*slot)
        mem_free_secret(*slot, sizeof **slot);
    *slot = NULL;
}

void conn_handshake_done(ward_conn *c)
{
    c->hs_done = true;
    c->state = HS_CONNECTED;
    conn_free_handshake(c);
    /* Only the application traffic secrets are needed from now on. */
    mem_wipe(c->ks.secret, sizeof c->ks.secret);
    mem_wipe(c->ks.client_hs, sizeof c->ks.client_hs);
    mem_wipe(c->ks.server_hs, sizeof c->ks.server_hs);
}

void ward_conn_free(ward_conn *c)
{
    if (c == NULL)
        return;
    conn_free_handshake(c);
    transcript_free(&c->ts);
    record_dir_clear(&c->rd);
    record_dir_clear(&c->wr);
    record_dir_clear(&c->next_rd);
    ks_wipe(&c->ks);
    mem_wipe(c->master, sizeof c->master);
    mem_free_secret(c->fresh_enc, c->fresh_enc_len);
    writer_free(&c->hs_log);
    writer_free(&c->in);
    writer_free(&c->out);
    writer_free(&c->hs_in);
    writer_free(&c->hs_out);
    ward_config_free(c->cfg);
    mem_wipe(c, sizeof *c);
    free(c);
}

int ward_conn_set_server_name(ward_conn *c, const char *name)
{
    ENSURE(c && name, WARD_E_INVALID_ARGUMENT);
    size_t n = strlen(name);
    ENSURE(n > 0 && n <= CONN_MAX_SERVER_NAME, WARD_E_INVALID_ARGUMENT);
    ENSURE(c->role == WARD_CLIENT && c->state == HS_START, WARD_E_API_STATE);
    memcpy(c->server_name, name, n + 1);
    return WARD_OK;
}

int conn_fd(const ward_conn *c)
{
    return c->fd;
}

int conn_set_fd_internal(ward_conn *c, int fd)
{
    ENSURE(c && fd >= 0, WARD_E_INVALID_ARGUMENT);
    c->fd = fd;
    return WARD_OK;
}

/* ---- tracing ---- */

static void conn_trace(ward_conn *c, int dir, ward_trace_kind kind, const uint8_t *p, size_t n)
{
    if (c->cfg->trace)
        c->cfg->trace(c->cfg->trace_arg, dir, kind, p, n);
}

void conn_note(ward_conn *c, const char *fmt, ...)
{
    if (c->cfg->trace == NULL)
        return;
    char text[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t len = (size_t)n < sizeof text ? (size_t)n : sizeof text - 1;
    conn_trace(c, WARD_TRACE_OUT, WARD_TRACE_NOTE, (const uint8_t *)text, len);
}

/* ---- output ---- */

static uint16_t conn_record_version(const ward_conn *c, uint8_t type)
{
    /* RFC 8446 5.1: 0x0303 everywhere except an initial ClientHello, where
     * 0x0301 is allowed for compatibility (and is what browsers send). */
    if (c->role == WARD_CLIENT && type == CT_HANDSHAKE && c->state == HS_START && !c->had_hrr &&
        !c->renegotiating)
        return 0x0301;
    return 0x0303;
}

/* Seals n bytes of one content type into `out`, tracing each record header. */
static int conn_seal(ward_conn *c, uint8_t type, const uint8_t *p, size_t n)
{
    size_t off = 0;
    do {
        size_t chunk = n - off < RECORD_MAX_PLAINTEXT ? n - off : RECORD_MAX_PLAINTEXT;
        size_t start = c->out.len;
        TRY(record_seal(&c->wr, type, conn_record_version(c, type), p + off, chunk, &c->out));
        conn_trace(c, WARD_TRACE_OUT, WARD_TRACE_RECORD, c->out.p + start, RECORD_HEADER_LEN);
        off += chunk;
    } while (off < n);
    return WARD_OK;
}

int conn_seal_record(ward_conn *c, uint8_t type, const uint8_t *p, size_t n)
{
    TRY(conn_seal(c, type, p, n));
    return writer_finish(&c->out);
}

int conn_hs_sent(ward_conn *c, size_t start)
{
    TRY(writer_finish(&c->hs_out));
    const uint8_t *msg = c->hs_out.p + start;
    size_t len = c->hs_out.len - start;
    if (c->log_messages) {
        writer_bytes(&c->hs_log, msg, len);
        TRY(writer_finish(&c->hs_log));
    }
    return transcript_add(&c->ts, msg, len);
}

int conn_hs_received(ward_conn *c, const uint8_t *msg, size_t len)
{
    if (c->log_messages) {
        writer_bytes(&c->hs_log, msg, len);
        TRY(writer_finish(&c->hs_log));
    }
    return transcript_add(&c->ts, msg, len);
}

/* Traces each whole message of a flight, after the records that carry it, in
 * the order a capture shows them. */
static void conn_trace_flight(ward_conn *c, const uint8_t *p, size_t n)
{
    if (c->cfg->trace == NULL)
        return;
    reader r = reader_of(p, n);
    while (!reader_empty(&r)) {
        const uint8_t *msg = reader_ptr(&r);
        uint8_t type;
        reader body;
        if (msg_split(&r, &type, &body) != WARD_OK)
            return;
        conn_trace(c, WARD_TRACE_OUT, WARD_TRACE_HANDSHAKE, msg,
                   HS_HEADER_LEN + reader_left(&body));
    }
}

int conn_flush_hs(ward_conn *c)
{
    if (c->hs_out.len == 0)
        return WARD_OK;
    TRY(conn_seal(c, CT_HANDSHAKE, c->hs_out.p, c->hs_out.len));
    conn_trace_flight(c, c->hs_out.p, c->hs_out.len);
    mem_wipe(c->hs_out.p, c->hs_out.len);
    c->hs_out.len = 0;
    return writer_finish(&c->out);
}

int conn_send_ccs(ward_conn *c)
{
    static const uint8_t one = 1;
    TRY(conn_flush_hs(c));
    TRY(conn_seal(c, CT_CHANGE_CIPHER_SPEC, &one, 1));
    conn_trace(c, WARD_TRACE_OUT, WARD_TRACE_CCS, &one, 1);
    c->ccs_sent = true;
    return writer_finish(&c->out);
}

static int conn_set_secret(ward_conn *c, record_dir *d, const uint8_t *secret, bool encrypt)
{
    uint8_t key[CRYPTO_MAX_KEY], iv[CRYPTO_AEAD_IV];
    int rc = ks_traffic_keys(c->si->hash, c->si->aead, secret, key, iv);
    if (rc == WARD_OK) {
        record_dir_clear(d);
        rc = record_dir_set_tls13(d, c->si->aead, key, iv, encrypt);
    }
    mem_wipe(key, sizeof key);
    mem_wipe(iv, sizeof iv);
    return rc;
}

int conn_set_read_secret(ward_conn *c, const uint8_t *secret)
{
    c->read_key_changed = true;
    return conn_set_secret(c, &c->rd, secret, false);
}

int conn_set_write_secret(ward_conn *c, const uint8_t *secret)
{
    TRY(conn_flush_hs(c));
    return conn_set_secret(c, &c->wr, secret, true);
}

void conn_send_alert(ward_conn *c, uint8_t level, uint8_t desc)
{
    uint8_t alert[2] = {level, desc};
    if (conn_seal(c, CT_ALERT, alert, 2) == WARD_OK)
        conn_trace(c, WARD_TRACE_OUT, WARD_TRACE_ALERT, alert, 2);
}

int conn_fail(ward_conn *c, int err, const char *fmt, ...)
{
    if (c->error)
        return c->error;
    if (err >= 0)
        err = WARD_E_INTERNAL;
    c->error = err;
    char extra[128] = "";
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(extra, sizeof extra, fmt, ap);
        va_end(ap);
    }
    int alert = ward_error_alert(err);
    char tail[64] = "";
    if (err == WARD_E_PEER_ALERT)
        snprintf(tail, sizeof tail, " (received alert %s)", ward_alert_name(c->peer_alert));
    else if (alert >= 0)
        snprintf(tail, sizeof tail, " (sent alert %s)", ward_alert_name(alert));
    snprintf(c->detail, sizeof c->detail, "%s%s%s%s", ward_error_string(err), *extra ? ": " : "",
             extra, tail);
    /* A flight that was being built is never sent; the alert goes out under the
     * current write keys. */
    c->hs_out.len = 0;
    if (alert >= 0)
        conn_send_alert(c, ALERT_LEVEL_FATAL, (uint8_t)alert);
    conn_note(c, "fatal: %s", c->detail);
    conn_free_handshake(c);
    ks_wipe(&c->ks);
    record_dir_clear(&c->rd);
    return err;
}

/* ---- input ---- */

int ward_conn_feed(ward_conn *c, const uint8_t *bytes, size_t n)
{
    ENSURE(c && (bytes || n == 0), WARD_E_INVALID_ARGUMENT);
    if (c->error)
        return c->error;
    /* Reclaim consumed space (keeping unread application data) before growing. */
    size_t keep = c->app_len ? c->app_at : c->in_off;
    if (keep > 0) {
        memmove(c->in.p, c->in.p + keep, c->in.len - keep);
        c->in.len -= keep;
        c->in_off -= keep;
        c->app_at -= c->app_len ? keep : c->app_at;
    }
    writer_bytes(&c->in, bytes, n);
    if (writer_finish(&c->in) != WARD_OK)
        return conn_fail(c, WARD_E_NOMEM, NULL);
    return WARD_OK;
}

void ward_conn_feed_eof(ward_conn *c)
{
    if (c)
        c->eof = true;
}

size_t ward_conn_pending(ward_conn *c, const uint8_t **out)
{
    static const uint8_t nothing[1];
    size_t n = c->out.len - c->out_off;
    *out = n ? c->out.p + c->out_off : nothing;
    return n;
}

void ward_conn_sent(ward_conn *c, size_t n)
{
    size_t left = c->out.len - c->out_off;
    c->out_off += n < left ? n : left;
    if (c->out_off == c->out.len) {
        /* All sent: an idle connection holds no output buffer. Only
         * ciphertext (or plaintext of the first flights) was in it. */
        c->out.len = c->out_off = 0;
        writer_release(&c->out);
    }
}

static bool state_is_tls12(hs_state s)
{
    return s >= HS_C12_WAIT_CERT && s < HS_CONNECTED;
}

static int conn_dispatch(ward_conn *c, uint8_t type, reader body, const uint8_t *msg, size_t len)
{
    if (c->state == HS_CONNECTED) {
        if (c->version == VERSION_TLS12)
            return tls12_post_handshake(c, type, body, msg, len);
        return tls13_post_handshake(c, type, body);
    }
    if (state_is_tls12(c->state)) {
        if (c->role == WARD_CLIENT)
            return tls12_client_handle(c, type, body, msg, len);
        return tls12_server_handle(c, type, body, msg, len);
    }
    if (c->role == WARD_CLIENT)
        return tls13_client_handle(c, type, body, msg, len);
    return tls13_server_handle(c, type, body, msg, len);
}

/* Appends handshake bytes and runs every complete message through the state
 * machine. */
static int conn_handshake_bytes(ward_conn *c, const uint8_t *p, size_t n)
{
    writer_bytes(&c->hs_in, p, n);
    TRY(writer_finish(&c->hs_in));
    for (;;) {
        reader r = reader_of(c->hs_in.p + c->hs_in_off, c->hs_in.len - c->hs_in_off);
        uint8_t type;
        uint32_t len;
        if (reader_u8(&r, &type) != WARD_OK || reader_u24(&r, &len) != WARD_OK)
            break;
        ENSURE(len <= c->cfg->max_handshake_message, WARD_E_MESSAGE_TOO_LARGE);
        reader body;
        if (reader_sub(&r, len, &body) != WARD_OK)
            break;
        const uint8_t *msg = c->hs_in.p + c->hs_in_off;
        size_t msg_len = HS_HEADER_LEN + len;
        c->hs_in_off += msg_len;
        conn_trace(c, WARD_TRACE_IN, WARD_TRACE_HANDSHAKE, msg, msg_len);
        c->read_key_changed = false;
        TRY(conn_dispatch(c, type, body, msg, msg_len));
        /* RFC 8446 5.1: handshake messages MUST NOT span key changes. */
        ENSURE(!(c->read_key_changed && c->hs_in_off < c->hs_in.len), WARD_E_UNEXPECTED_MESSAGE);
        if (c->error)
            return c->error;
    }
    if (c->hs_in_off == c->hs_in.len) {
        mem_wipe(c->hs_in.p, c->hs_in.len);
        c->hs_in.len = c->hs_in_off = 0;
        if (c->hs_done)
            writer_release(&c->hs_in);
    }
    return WARD_OK;
}

static int conn_alert(ward_conn *c, const uint8_t *p, size_t n)
{
    reader r = reader_of(p, n);
    uint8_t level, desc;
    /* RFC 8446 5.1: alerts are never fragmented: exactly one per record. */
    ENSURE(n == 2, WARD_E_DECODE);
    TRY(reader_u8(&r, &level));
    TRY(reader_u8(&r, &desc));
    conn_trace(c, WARD_TRACE_IN, WARD_TRACE_ALERT, p, n);
    ENSURE(level == ALERT_LEVEL_WARNING || level == ALERT_LEVEL_FATAL, WARD_E_ILLEGAL_PARAMETER);
    if (desc == ALERT_CLOSE_NOTIFY) {
        c->close_received = true;
        return WARD_OK;
    }
    /* TLS 1.2 keeps warning alerts (no_renegotiation is the one that matters);
     * a flood of them is cut off. */
    if (c->version == VERSION_TLS12 && level == ALERT_LEVEL_WARNING) {
        ENSURE(++c->warnings <= CONN_MAX_WARNINGS, WARD_E_TOO_MANY_WARNINGS);
        if (desc == ALERT_NO_RENEGOTIATION)
            c->hello_request_sent = false;
        conn_note(c, "warning alert %s from peer", ward_alert_name(desc));
        return WARD_OK;
    }
    if (desc == ALERT_USER_CANCELED && level == ALERT_LEVEL_WARNING) {
        ENSURE(++c->warnings <= CONN_MAX_WARNINGS, WARD_E_TOO_MANY_WARNINGS);
        return WARD_OK;
    }
    /* RFC 8446 6: every other alert is an error alert, whatever its level. */
    c->peer_alert = desc;
    return WARD_E_PEER_ALERT;
}

static bool conn_ccs_allowed(const ward_conn *c)
{
    /* RFC 8446 5: after the first ClientHello and before the peer's Finished. */
    if (c->role == WARD_CLIENT)
        return c->state >= HS_C_WAIT_SH && c->state <= HS_C_WAIT_FINISHED;
    return c->state == HS_S_WAIT_CH2 || c->state == HS_S_WAIT_CLIENT_CERT ||
           c->state == HS_S_WAIT_CLIENT_CV || c->state == HS_S_WAIT_CLIENT_FINISHED;
}

static int conn_ccs(ward_conn *c, const uint8_t *p, size_t n)
{
    reader r = reader_of(p, n);
    uint8_t v;
    conn_trace(c, WARD_TRACE_IN, WARD_TRACE_CCS, p, n);
    /* RFC 8446 5: a single byte 0x01 is dropped; anything else, or a CCS at
     * another time, is unexpected_message. */
    ENSURE(n == 1 && reader_u8(&r, &v) == WARD_OK && v == 1, WARD_E_UNEXPECTED_CCS);
    ENSURE(c->hs_in.len == c->hs_in_off, WARD_E_UNEXPECTED_CCS);
    /* TLS 1.2: the CCS switches read keys, and only where the handshake expects it. */
    if (c->version == VERSION_TLS12) {
        ENSURE(c->state == HS_C12_WAIT_CCS || c->state == HS_S12_WAIT_CCS, WARD_E_UNEXPECTED_CCS);
        return tls12_recv_ccs(c);
    }
    ENSURE(conn_ccs_allowed(c), WARD_E_UNEXPECTED_CCS);
    ENSURE(++c->empty_records <= CONN_MAX_EMPTY_RECORDS, WARD_E_TOO_MANY_EMPTY);
    return WARD_OK;
}

static int conn_app_data(ward_conn *c, const uint8_t *p, size_t n)
{
    ENSURE(c->hs_done, WARD_E_UNEXPECTED_MESSAGE);
    conn_trace(c, WARD_TRACE_IN, WARD_TRACE_APPDATA, p, n);
    if (n == 0) {
        ENSURE(++c->empty_records <= CONN_MAX_EMPTY_RECORDS, WARD_E_TOO_MANY_EMPTY);
        return WARD_OK;
    }
    c->empty_records = 0;
    c->key_updates = 0;
    /* Read from where it was decrypted; conn_process stops until it is. */
    c->app_at = (size_t)(p - c->in.p);
    c->app_len = n;
    return WARD_OK;
}

/* RFC 8446 4.2.10: a server that refuses 0-RTT skips the early data records:
 * after a HelloRetryRequest every application_data record, otherwise those
 * that fail to decrypt under the handshake key, up to a limit. */
static int conn_skip_early(ward_conn *c, size_t rec_len)
{
    c->early_skipped += rec_len;
    ENSURE(c->early_skipped <= CONN_MAX_EARLY_SKIP, WARD_E_BAD_RECORD_MAC);
    return WARD_OK;
}

/* A decrypted record of any type but application data. */
static int conn_control_record(ward_conn *c, uint8_t type, const uint8_t *pt, size_t n,
                               bool tls12_protected)
{
    switch (type) {
    case CT_HANDSHAKE:
        /* RFC 8446 5.1: no zero-length handshake fragments. */
        ENSURE(n > 0, WARD_E_EMPTY_RECORD);
        return conn_handshake_bytes(c, pt, n);
    case CT_ALERT: return conn_alert(c, pt, n);
    case CT_HEARTBEAT: return heartbeat_recv(c, pt, n);
    case CT_CHANGE_CIPHER_SPEC:
        /* RFC 8446 5: never protected in TLS 1.3. */
        ENSURE(tls12_protected, WARD_E_UNEXPECTED_MESSAGE);
        return conn_ccs(c, pt, n);
    default: return WARD_E_UNEXPECTED_MESSAGE;
    }
}

/* Opens one record and hands its content to the right protocol. */
static int conn_record(ward_conn *c, uint8_t *rec, size_t rec_len, const record_header *h)
{
    const uint8_t *frag = rec + RECORD_HEADER_LEN;
    bool tls12_protected = c->version == VERSION_TLS12 && record_dir_protected(&c->rd);
    /* TLS 1.3 never protects CCS; a TLS 1.2 renegotiation does. */
    if (h->type == CT_CHANGE_CIPHER_SPEC && !tls12_protected)
        return conn_ccs(c, frag, h->length);
    /* A client may fail before it has handshake keys and send a plaintext alert
     * while the server already expects protected records. */
    if (h->type == CT_ALERT && c->plain_alert_ok && record_dir_protected(&c->rd))
        return conn_alert(c, frag, h->length);
    bool early = c->skip_early && h->type == CT_APPLICATION_DATA;
    if (early && !record_dir_protected(&c->rd))
        return conn_skip_early(c, rec_len);
    uint8_t type;
    uint8_t *pt;
    size_t n;
    int rc = record_open(&c->rd, rec, rec_len, &type, &pt, &n);
    if (early && rc == WARD_E_BAD_RECORD_MAC)
        return conn_skip_early(c, rec_len);
    TRY(rc);
    if (record_dir_protected(&c->rd)) {
        c->plain_alert_ok = false;
        c->skip_early = false;
    }
    /* RFC 8446 5.1: handshake messages MUST NOT be interleaved with other types. */
    ENSURE(type == CT_HANDSHAKE || c->hs_in.len == c->hs_in_off, WARD_E_UNEXPECTED_MESSAGE);
    if (type == CT_APPLICATION_DATA)
        return conn_app_data(c, pt, n); /* wiped as it is read */
    rc = conn_control_record(c, type, pt, n, tls12_protected);
    /* The input buffer is freed without wiping: no plaintext stays in it. */
    mem_wipe(pt, n);
    return rc;
}

/* Gives back the input buffer once everything in it is consumed. */
static void conn_release_input(ward_conn *c)
{
    if (c->app_len == 0 && c->in_off == c->in.len) {
        c->in.len = c->in_off = c->app_at = 0;
        writer_release(&c->in);
    }
}

/* Processes complete records received so far, up to the first one carrying
 * application data (which stays in `in` until read). */
static int conn_process(ward_conn *c)
{
    while (!c->error && !c->close_received && c->app_len == 0) {
        size_t avail = c->in.len - c->in_off;
        if (avail == 0)
            break; /* (and c->in.p may still be NULL) */
        size_t max = !record_dir_protected(&c->rd) ? RECORD_MAX_PLAINTEXT
                     : c->version == VERSION_TLS12 ? RECORD_MAX_CIPHERTEXT_12
                                                   : RECORD_MAX_CIPHERTEXT_13;
        record_header h;
        int rc = record_header_parse(c->in.p + c->in_off, avail, max, &h);
        if (rc == WARD_WANT_READ)
            break;
        if (rc < 0)
            return conn_fail(c, rc, NULL);
        size_t rec_len = RECORD_HEADER_LEN + (size_t)h.length;
        if (avail < rec_len)
            break;
        uint8_t *rec = c->in.p + c->in_off;
        c->in_off += rec_len;
        conn_trace(c, WARD_TRACE_IN, WARD_TRACE_RECORD, rec, RECORD_HEADER_LEN);
        rc = conn_record(c, rec, rec_len, &h);
        if (rc < 0)
            return conn_fail(c, rc, NULL);
    }
    conn_release_input(c);
    return c->error;
}

/* ---- the public engine calls ---- */

int ward_conn_handshake(ward_conn *c)
{
    ENSURE(c, WARD_E_INVALID_ARGUMENT);
    if (c->error)
        return c->error;
    if (c->hs_done)
        return WARD_OK;
    if (c->role == WARD_CLIENT && c->state == HS_START) {
        int rc = tls13_client_start(c);
        if (rc < 0)
            return conn_fail(c, rc, NULL);
    }
    TRY(conn_process(c));
    if (c->hs_done)
        return WARD_OK;
    if (c->close_received) {
        c->peer_alert = ALERT_CLOSE_NOTIFY;
        return conn_fail(c, WARD_E_PEER_ALERT, "peer closed during the handshake");
    }
    if (c->eof)
        return conn_fail(c, WARD_E_TRUNCATED, "transport closed during the handshake");
    return WARD_WANT_READ;
}

int ward_conn_read(ward_conn *c, uint8_t *buf, size_t n, size_t *got)
{
    ENSURE(c && got && (buf || n == 0), WARD_E_INVALID_ARGUMENT);
    *got = 0;
    if (c->error)
        return c->error;
    if (!c->hs_done) {
        int rc = ward_conn_handshake(c);
        if (rc != WARD_OK)
            return rc;
    }
    /* Fills buf from as many records as are here. A fatal error in a later
     * record wins over the data before it, as if all were read at once. */
    int rc = c->app_len == 0 ? conn_process(c) : WARD_OK;
    while (rc == WARD_OK && c->app_len > 0 && *got < n) {
        size_t take = c->app_len < n - *got ? c->app_len : n - *got;
        memcpy(buf + *got, c->in.p + c->app_at, take);
        mem_wipe(c->in.p + c->app_at, take);
        c->app_at += take;
        c->app_len -= take;
        *got += take;
        if (c->app_len == 0 && *got < n)
            rc = conn_process(c);
    }
    if (rc != WARD_OK) {
        mem_wipe(buf, *got);
        *got = 0;
        return rc;
    }
    conn_release_input(c);
    if (*got > 0)
        return WARD_OK;
    if (c->close_received)
        return WARD_CLOSED;
    if (c->eof)
        return conn_fail(c, WARD_E_TRUNCATED, "transport closed without close_notify");
    return WARD_WANT_READ;
}

int ward_conn_write(ward_conn *c, const uint8_t *buf, size_t n)
{
    ENSURE(c && (buf || n == 0), WARD_E_INVALID_ARGUMENT);
    if (c->error)
        return c->error;
    ENSURE(!c->close_sent, WARD_E_CLOSED);
    ENSURE(c->hs_done, WARD_E_API_STATE);
    if (n == 0)
        return WARD_OK;
    int rc = conn_seal(c, CT_APPLICATION_DATA, buf, n);
    if (rc == WARD_OK)
        rc = writer_finish(&c->out);
    if (rc < 0)
        return conn_fail(c, rc, NULL);
    conn_trace(c, WARD_TRACE_OUT, WARD_TRACE_APPDATA, buf, n);
    return WARD_OK;
}

int ward_conn_close(ward_conn *c)
{
    ENSURE(c, WARD_E_INVALID_ARGUMENT);
    if (c->close_sent)
        return WARD_OK;
    if (c->error)
        return c->error;
    conn_send_alert(c, ALERT_LEVEL_WARNING, ALERT_CLOSE_NOTIFY);
    c->close_sent = true;
    return writer_finish(&c->out);
}

int ward_conn_key_update(ward_conn *c, int request_peer)
{
    ENSURE(c, WARD_E_INVALID_ARGUMENT);
    if (c->error)
        return c->error;
    ENSURE(c->hs_done && !c->close_sent && c->version == VERSION_TLS13, WARD_E_API_STATE);
    int rc = tls13_send_key_update(c, request_peer ? 1 : 0);
    return rc < 0 ? conn_fail(c, rc, NULL) : WARD_OK;
}
