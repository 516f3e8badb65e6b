/* tls13_post.c -- messages after the handshake: KeyUpdate, NewSessionTicket. */
#include <string.h>

#include "hs/tls13.h"

static uint8_t *own_secret(ward_conn *c)
{
    return c->role == WARD_CLIENT ? c->ks.client_ap : c->ks.server_ap;
}

static uint8_t *peer_secret(ward_conn *c)
{
    return c->role == WARD_CLIENT ? c->ks.server_ap : c->ks.client_ap;
}

int tls13_send_key_update(ward_conn *c, uint8_t request_update)
{
    /* Post-handshake messages are not part of the transcript; conn_flush_hs
     * traces it with the record that carries it. */
    TRY(key_update_write(&c->hs_out, request_update));
    TRY(conn_flush_hs(c));
    /* RFC 8446 4.6.3: the sender switches keys right after sending KeyUpdate. */
    TRY(ks_next_traffic_secret(c->si->hash, own_secret(c)));
    TRY(conn_set_write_secret(c, own_secret(c)));
    conn_note(c, "KeyUpdate sent%s; write keys updated",
              request_update ? " (update requested)" : "");
    return WARD_OK;
}

static int recv_key_update(ward_conn *c, reader body)
{
    uint8_t request;
    TRY(key_update_parse(body, &request));
    ENSURE(++c->key_updates <= CONN_MAX_KEY_UPDATES, WARD_E_TOO_MANY_KEY_UPDATES);
    TRY(ks_next_traffic_secret(c->si->hash, peer_secret(c)));
    TRY(conn_set_read_secret(c, peer_secret(c)));
    conn_note(c, "KeyUpdate received; read keys updated");
    /* RFC 8446 4.6.3: answer update_requested with our own KeyUpdate before the
     * next application data. A close_notify already sent ends our direction. */
    if (request == 1 && !c->close_sent)
        TRY(tls13_send_key_update(c, 0));
    return WARD_OK;
}

static int recv_new_session_ticket(ward_conn *c, reader body)
{
    ENSURE(c->role == WARD_CLIENT, WARD_E_UNEXPECTED_MESSAGE);
    new_session_ticket nst;
    TRY(new_session_ticket13_parse(body, &nst));
    size_t n = reader_left(&nst.ticket);
    if (n > SESSION_MAX_TICKET || nst.lifetime == 0) {
        conn_note(c, "NewSessionTicket of %zu bytes, lifetime %u: not kept", n,
                  (unsigned)nst.lifetime);
        return WARD_OK;
    }
    session fresh, *s = &fresh;
    memset(s, 0, sizeof *s);
    s->version = VERSION_TLS13;
    s->suite = c->suite;
    s->created = config_now(c->cfg);
    /* RFC 8446 4.6.1: never longer than seven days. */
    s->lifetime = nst.lifetime < 604800 ? nst.lifetime : 604800;
    s->age_add = nst.age_add;
    s->secret_len = hash_size(c->si->hash);
    int rc = ks_resumption_psk(c->si->hash, c->ks.resumption, reader_ptr(&nst.nonce),
                               reader_left(&nst.nonce), s->secret);
    if (rc == WARD_OK) {
        memcpy(s->ticket, reader_ptr(&nst.ticket), n);
        s->ticket_len = n;
        resume_client_remember(c, s);
    }
    session_wipe(s);
    TRY(rc);
    conn_note(c, "NewSessionTicket: %zu-byte ticket, lifetime %u s, kept for resumption", n,
              (unsigned)s->lifetime);
    return WARD_OK;
}

int tls13_post_handshake(ward_conn *c, uint8_t type, reader body)
{
    switch (type) {
    case HS_KEY_UPDATE: return recv_key_update(c, body);
    case HS_NEW_SESSION_TICKET: return recv_new_session_ticket(c, body);
    default:
        /* Post-handshake authentication was not offered; nothing else is valid. */
        return WARD_E_UNEXPECTED_MESSAGE;
    }
}
