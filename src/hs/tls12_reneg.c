/* tls12_reneg.c -- an established TLS 1.2 connection: secure renegotiation
 * (RFC 5746) started by the server's HelloRequest, or refused. */
#include "hs/tls12.h"

#define RENEG_MAX_PER_CONN 16

/* Declines with a no_renegotiation warning (RFC 5246 7.2.2); the connection
 * goes on with its current keys. */
static int decline(ward_conn *c, const char *why)
{
    conn_note(c, "renegotiation declined: %s", why);
    conn_send_alert(c, ALERT_LEVEL_WARNING, ALERT_NO_RENEGOTIATION);
    return writer_finish(&c->out);
}

/* A fresh transcript and per-handshake state for the new handshake. */
static int begin_renegotiation(ward_conn *c)
{
    ENSURE(c->renegotiations < RENEG_MAX_PER_CONN, WARD_E_NO_RENEGOTIATION);
    transcript_free(&c->ts);
    transcript_init(&c->ts);
    c->renegotiating = true;
    c->cert_requested = false;
    c->expect_nst = false;
    c->my_cert = NULL;
    return WARD_OK;
}

int tls12_post_handshake(ward_conn *c, uint8_t type, reader body, const uint8_t *msg,
                         size_t msg_len)
{
    if (c->role == WARD_CLIENT) {
        ENSURE(type == HS_HELLO_REQUEST, WARD_E_UNEXPECTED_MESSAGE);
        /* RFC 5246 7.4.1.1: HelloRequest is not part of any transcript. */
        TRY(hello_request_parse(body));
        if (c->cfg->renegotiation != WARD_RENEG_SECURE)
            return decline(c, "not enabled");
        if (!c->secure_reneg)
            return decline(c, "server lacks renegotiation_info (RFC 5746)");
        if (c->close_sent)
            return WARD_OK;
        TRY(begin_renegotiation(c));
        conn_note(c, "server asked for renegotiation (HelloRequest)");
        c->state = HS_START;
        return tls13_client_start(c);
    }
    ENSURE(type == HS_CLIENT_HELLO, WARD_E_UNEXPECTED_MESSAGE);
    if (!c->secure_reneg)
        return decline(c, "client lacks renegotiation_info (RFC 5746)");
    if (!c->hello_request_sent && c->cfg->renegotiation != WARD_RENEG_SECURE)
        return decline(c, "client-initiated renegotiation is not enabled");
    TRY(begin_renegotiation(c));
    conn_note(c, "renegotiation: new ClientHello");
    c->state = HS_S_WAIT_CH;
    return tls13_server_handle(c, type, body, msg, msg_len);
}

int ward_conn_renegotiate(ward_conn *c)
{
    ENSURE(c, WARD_E_INVALID_ARGUMENT);
    if (c->error)
        return c->error;
    ENSURE(c->role == WARD_SERVER && c->state == HS_CONNECTED && c->version == VERSION_TLS12 &&
               c->secure_reneg && !c->close_sent && !c->hello_request_sent,
           WARD_E_API_STATE);
    int rc = hello_request_write(&c->hs_out);
    if (rc == WARD_OK)
        rc = conn_flush_hs(c);
    if (rc < 0)
        return conn_fail(c, rc, NULL);
    c->hello_request_sent = true;
    return WARD_OK;
}
