/* tls12_client.c -- the TLS 1.2 client state machine (RFC 5246 7.3, RFC 8422).
 *
 *   ServerHello -> WAIT_CERT -> WAIT_SKE -> WAIT_CR_SHD -> [WAIT_SHD]
 *     -> send [Certificate], ClientKeyExchange, [CertificateVerify],
 *        ChangeCipherSpec, Finished
 *     -> WAIT_CCS ([NewSessionTicket]) -> WAIT_FINISHED -> CONNECTED
 */
#include <string.h>

#include "base/mem.h"
#include "hs/tls12.h"

static bool in_list(const uint16_t *list, size_t n, uint16_t v)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == v)
            return true;
    return false;
}

/* RFC 5746 3.4 / 3.5: renegotiation_info in the ServerHello. */
static int check_reneg_info(ward_conn *c, const server_hello *sh)
{
    if (c->renegotiating) {
        uint8_t want[24];
        memcpy(want, c->client_verify, 12);
        memcpy(want + 12, c->server_verify, 12);
        reader got = sh->reneg_info;
        ENSURE(sh->has_reneg_info && reader_left(&got) == sizeof want &&
                   mem_ct_equal(reader_ptr(&got), want, sizeof want),
               WARD_E_BAD_RENEGOTIATION_INFO);
        return WARD_OK;
    }
    if (sh->has_reneg_info) {
        ENSURE(reader_empty(&sh->reneg_info), WARD_E_BAD_RENEGOTIATION_INFO);
        c->secure_reneg = true;
    }
    return WARD_OK;
}

/* RFC 7366 2, 3: encrypt_then_mac only as the answer to ours, and never with
 * an AEAD suite; 3.1: a renegotiation that had it keeps it. */
static int check_etm(ward_conn *c, const server_hello *sh)
{
    const suite_info *si = suite_find(sh->suite);
    if (sh->has_etm) {
        ENSURE(c->etm_offered, WARD_E_UNSOLICITED_EXTENSION);
        ENSURE(suite_is_cbc(si), WARD_E_ILLEGAL_PARAMETER);
    }
    if (c->renegotiating && c->etm && suite_is_cbc(si))
        ENSURE(sh->has_etm, WARD_E_ILLEGAL_PARAMETER);
    c->etm = sh->has_etm;
    return WARD_OK;
}

static int check_sh_extensions(ward_conn *c, const server_hello *sh)
{
    if (sh->has_alpn) {
        /* RFC 7301 3.1: only one of the offered protocols. */
        ENSURE(c->cfg->alpn_len > 0, WARD_E_UNSOLICITED_EXTENSION);
        reader offered = reader_of(c->cfg->alpn, c->cfg->alpn_len);
        size_t n = reader_left(&sh->alpn);
        ENSURE(alpn_list_contains(offered, reader_ptr(&sh->alpn), n), WARD_E_ILLEGAL_PARAMETER);
        memcpy(c->alpn, reader_ptr(&sh->alpn), n);
        c->alpn[n] = '\0';
        c->has_alpn = true;
    }
    ENSURE(!sh->has_server_name || c->sni_sent, WARD_E_UNSOLICITED_EXTENSION);
    TRY(check_etm(c, sh));
    /* RFC 8422 5.2: ward only handles uncompressed points. */
    if (sh->has_point_formats) {
        reader pf = sh->point_formats;
        bool uncompressed = false;
        uint8_t f;
        while (reader_u8(&pf, &f) == WARD_OK)
            uncompressed |= f == 0;
        ENSURE(uncompressed, WARD_E_ILLEGAL_PARAMETER);
    }
    return check_reneg_info(c, sh);
}

/* Abbreviated handshake: the offered session's master secret; the server's
 * ChangeCipherSpec and Finished come next. */
static int client_resume12(ward_conn *c, const server_hello *sh)
{
    /* RFC 5246 7.4.1.3: the resumed session's suite; RFC 7627 5.3: EMS again. */
    ENSURE(sh->suite == c->offer->suite, WARD_E_ILLEGAL_PARAMETER);
    ENSURE(sh->has_ems, WARD_E_EMS_REQUIRED);
    /* RFC 7366 3.1: the session's encrypt-then-MAC state carries over. */
    ENSURE(c->etm == c->offer->etm, WARD_E_ILLEGAL_PARAMETER);
    memcpy(c->master, c->offer->secret, sizeof c->master);
    c->resumed = true;
    c->peer_verified = c->offer->peer_verified;
    *c->fresh = *c->offer;
    TRY(tls12_prepare_read_keys(c));
    conn_note(c, "server resumes the session (abbreviated handshake)");
    c->state = HS_C12_WAIT_CCS;
    return WARD_OK;
}

int tls12_client_recv_sh(ward_conn *c, const server_hello *sh, const uint8_t *msg, size_t len)
{
    const policy *p = &c->cfg->pol;
    ENSURE(!c->had_hrr, WARD_E_ILLEGAL_PARAMETER);
    ENSURE(sh->legacy_version == VERSION_TLS12, WARD_E_NO_SHARED_VERSION);
    /* RFC 8446 4.1.3: a client that offered TLS 1.3 MUST check the sentinel. */
    if (c->tls13_offered)
        ENSURE(memcmp(sh->random + 24, TLS12_DOWNGRADE_SENTINEL, 8) != 0, WARD_E_DOWNGRADE);
    const suite_info *si = suite_find(sh->suite);
    ENSURE(si && si->version == VERSION_TLS12 && in_list(p->suites, p->n_suites, sh->suite),
           WARD_E_ILLEGAL_PARAMETER);
    /* RFC 5246 7.4.1.3: null compression only, the only one offered. */
    ENSURE(sh->compression == 0, WARD_E_ILLEGAL_PARAMETER);
    TRY(check_sh_extensions(c, sh));
    c->ems = sh->has_ems;
    c->expect_nst = sh->has_session_ticket;
    /* RFC 6520 2: only an answer to our own heartbeat extension. */
    ENSURE(!sh->has_heartbeat || c->cfg->heartbeat, WARD_E_UNSOLICITED_EXTENSION);
    c->hb_negotiated = sh->has_heartbeat;
    c->hb_we_may_send = sh->has_heartbeat && sh->heartbeat_mode == 1;
    c->suite = sh->suite;
    c->si = si;
    c->version = VERSION_TLS12;
    memcpy(c->server_random, sh->random, 32);
    TRY(transcript_set_hash(&c->ts, si->hash));
    TRY(conn_hs_received(c, msg, len));
    kx_free(c->kx); /* the TLS 1.3 key share is not used */
    c->kx = NULL;
    /* RFC 5246 7.4.1.3 / RFC 5077 3.4: the echo of our session ID means the
     * server resumes. */
    bool resume = c->offered && c->offer->version == VERSION_TLS12 && sh->session_id_len > 0 &&
                  sh->session_id_len == c->session_id_len &&
                  memcmp(sh->session_id, c->session_id, c->session_id_len) == 0;
    session *fresh = conn_session(&c->fresh);
    ENSURE(fresh, WARD_E_NOMEM);
    memset(fresh, 0, sizeof *fresh);
    memcpy(fresh->id, sh->session_id, sh->session_id_len);
    fresh->id_len = sh->session_id_len;
    if (resume)
        return client_resume12(c, sh);
    conn_note(c, "TLS 1.2 negotiated: %s%s%s%s", si->name,
              c->ems ? ", extended master secret" : ", NO extended master secret",
              !suite_is_cbc(si) ? ""
              : c->etm          ? ", encrypt-then-MAC"
                                : ", MAC-then-encrypt (no RFC 7366)",
              suite_forward_secret(si) ? "" : ", RSA key exchange: NOT forward secret");
    c->state = HS_C12_WAIT_CERT;
    return WARD_OK;
}

static int client_recv_cert(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    certificate_msg cm;
    TRY(certificate12_parse(body, &cm));
    ENSURE(cm.n > 0, WARD_E_DECODE);
    TRY(hs_accept_peer_chain(c, &cm));
    /* The suite names the server's key type (RFC 8422 5.3). */
    ENSURE(suite_auth_fits_key(c->si->auth, pkey_type(c->peer_key)), WARD_E_UNSUPPORTED_CERT);
    /* RFC 5246 7.4.2: for the RSA key exchange the key must allow encryption. */
    if (c->si->kx == KX_RSA)
        ENSURE(cert_chain_leaf_allows_encipherment(c->peer_chain), WARD_E_BAD_CERTIFICATE);
    TRY(conn_hs_received(c, msg, len));
    /* RFC 5246 7.4.3: the RSA key exchange has no ServerKeyExchange. */
    c->state = c->si->kx == KX_RSA ? HS_C12_WAIT_CR_SHD : HS_C12_WAIT_SKE;
    return WARD_OK;
}

static int client_recv_ske(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    TRY(tls12_client_recv_ske(c, body));
    TRY(conn_hs_received(c, msg, len));
    c->state = HS_C12_WAIT_CR_SHD;
    return WARD_OK;
}

/* ClientCertificateType rsa_sign(1) and ecdsa_sign(64) (RFC 5246, RFC 8422). */
static bool cert_type_listed(reader types, key_type k)
{
    uint8_t t;
    uint8_t want = k == KEY_RSA ? 1 : 64;
    while (reader_u8(&types, &t) == WARD_OK)
        if (t == want)
            return true;
    return false;
}

static int client_recv_cr(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    certificate_request12 cr;
    TRY(certificate_request12_parse(body, &cr));
    tls13_store_peer_sigalgs(c, cr.sigalgs);
    c->cert_requested = true;
    c->my_cert = NULL;
    for (size_t i = 0; i < c->cfg->n_certs && c->my_cert == NULL; i++) {
        const config_cert *cc = &c->cfg->certs[i];
        uint16_t s = tls12_pick_sigalg(c, cc);
        if (s && cert_type_listed(cr.cert_types, cc->type)) {
            c->my_cert = cc;
            c->my_sigalg = s;
        }
    }
    conn_note(c, "server requests a client certificate; %s",
              c->my_cert ? "sending ours" : "none suitable, sending an empty Certificate");
    TRY(conn_hs_received(c, msg, len));
    c->state = HS_C12_WAIT_SHD;
    return WARD_OK;
}

/* ServerHelloDone: the client's whole second flight. */
static int client_recv_shd(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    TRY(server_hello_done_parse(body));
    TRY(conn_hs_received(c, msg, len));
    if (c->cert_requested)
        TRY(tls12_send_certificate(c));
    TRY(tls12_client_send_cke(c));
    /* RFC 7627 4: the session hash ends with ClientKeyExchange. */
    TRY(tls12_make_master(c));
    if (c->cert_requested && c->my_cert)
        TRY(tls12_send_certificate_verify(c));
    TRY(tls12_prepare_read_keys(c));
    TRY(tls12_send_ccs(c));
    TRY(tls12_send_finished(c));
    TRY(conn_flush_hs(c));
    c->state = HS_C12_WAIT_CCS;
    return WARD_OK;
}

static int client_recv_nst(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    /* RFC 5077 3.3: only after the server said it would send one. */
    ENSURE(c->expect_nst, WARD_E_UNEXPECTED_MESSAGE);
    new_session_ticket12 nst;
    TRY(new_session_ticket12_parse(body, &nst));
    c->expect_nst = false;
    size_t n = reader_left(&nst.ticket);
    if (n > 0 && n <= SESSION_MAX_TICKET) {
        memcpy(c->fresh->ticket, reader_ptr(&nst.ticket), n);
        c->fresh->ticket_len = n;
        c->fresh->lifetime = nst.lifetime_hint ? nst.lifetime_hint : 7200;
    }
    conn_note(c, "NewSessionTicket: %zu-byte ticket, lifetime hint %u s", n,
              (unsigned)nst.lifetime_hint);
    return conn_hs_received(c, msg, len);
}

/* The session this connection can be resumed with: its ID and/or ticket. */
static void client_keep_session12(ward_conn *c)
{
    session *s = c->fresh;
    if (!c->resumed) {
        s->version = VERSION_TLS12;
        s->suite = c->suite;
        s->ems = c->ems;
        s->etm = c->etm;
        memcpy(s->secret, c->master, sizeof c->master);
        s->secret_len = sizeof c->master;
        s->created = config_now(c->cfg);
        if (s->lifetime == 0)
            s->lifetime = 7200;
    }
    /* RFC 7627 5.3: a session without EMS is never resumed. */
    if (c->ems && !c->renegotiating && (s->id_len > 0 || s->ticket_len > 0))
        resume_client_remember(c, s);
}

static int client_recv_finished(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    TRY(tls12_recv_finished(c, body));
    TRY(conn_hs_received(c, msg, len));
    if (c->resumed) {
        /* RFC 5246 7.3: in the abbreviated handshake the client finishes last. */
        TRY(tls12_send_ccs(c));
        TRY(tls12_send_finished(c));
        TRY(conn_flush_hs(c));
    }
    client_keep_session12(c);
    if (c->renegotiating)
        c->renegotiations++;
    c->renegotiating = false;
    conn_note(c, "TLS 1.2 handshake complete: %s, %s", c->si->name, tls12_kx_label(c));
    conn_handshake_done(c);
    return WARD_OK;
}

int tls12_client_handle(ward_conn *c, uint8_t type, reader body, const uint8_t *msg, size_t msg_len)
{
    /* RFC 5246 7.4.1.1: a HelloRequest during a handshake is ignored (and is
     * in no transcript). */
    if (type == HS_HELLO_REQUEST)
        return hello_request_parse(body);
    switch (c->state) {
    case HS_C12_WAIT_CERT:
        ENSURE(type == HS_CERTIFICATE, WARD_E_UNEXPECTED_MESSAGE);
        return client_recv_cert(c, body, msg, msg_len);
    case HS_C12_WAIT_SKE:
        /* RFC 5246 7.4.3: (EC)DHE suites always send ServerKeyExchange. */
        ENSURE(type == HS_SERVER_KEY_EXCHANGE, WARD_E_UNEXPECTED_MESSAGE);
        return client_recv_ske(c, body, msg, msg_len);
    case HS_C12_WAIT_CR_SHD:
        if (type == HS_CERTIFICATE_REQUEST)
            return client_recv_cr(c, body, msg, msg_len);
        ENSURE(type == HS_SERVER_HELLO_DONE, WARD_E_UNEXPECTED_MESSAGE);
        return client_recv_shd(c, body, msg, msg_len);
    case HS_C12_WAIT_SHD:
        ENSURE(type == HS_SERVER_HELLO_DONE, WARD_E_UNEXPECTED_MESSAGE);
        return client_recv_shd(c, body, msg, msg_len);
    case HS_C12_WAIT_CCS:
        ENSURE(type == HS_NEW_SESSION_TICKET, WARD_E_UNEXPECTED_MESSAGE);
        return client_recv_nst(c, body, msg, msg_len);
    case HS_C12_WAIT_FINISHED:
        ENSURE(type == HS_FINISHED, WARD_E_UNEXPECTED_MESSAGE);
        return client_recv_finished(c, body, msg, msg_len);
    default: return WARD_E_UNEXPECTED_MESSAGE;
    }
}
