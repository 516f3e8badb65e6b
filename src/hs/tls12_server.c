/* tls12_server.c -- the TLS 1.2 server state machine (RFC 5246 7.3, RFC 8422).
 *
 *   ClientHello -> send ServerHello, Certificate, ServerKeyExchange,
 *       [CertificateRequest], ServerHelloDone
 *     -> [WAIT_CERT] -> WAIT_CKE -> [WAIT_CV] -> WAIT_CCS -> WAIT_FINISHED
 *     -> send ChangeCipherSpec, Finished -> CONNECTED
 */
#include <string.h>

#include "base/mem.h"
#include "hs/tls12.h"

static bool u8_list_has(reader list, uint8_t v)
{
    uint8_t x;
    while (reader_u8(&list, &x) == WARD_OK)
        if (x == v)
            return true;
    return false;
}

/* RFC 5746 3.6 / 3.7: the client's renegotiation_info or SCSV. */
static int server_check_reneg(ward_conn *c, const client_hello *ch)
{
    bool scsv = u16_list_contains(ch->suites, SUITE_EMPTY_RENEGOTIATION_INFO_SCSV);
    if (c->renegotiating) {
        reader got = ch->reneg_info;
        ENSURE(!scsv && ch->has_reneg_info && reader_left(&got) == 12 &&
                   mem_ct_equal(reader_ptr(&got), c->client_verify, 12),
               WARD_E_BAD_RENEGOTIATION_INFO);
        return WARD_OK;
    }
    if (ch->has_reneg_info)
        ENSURE(reader_empty(&ch->reneg_info), WARD_E_BAD_RENEGOTIATION_INFO);
    c->secure_reneg = scsv || ch->has_reneg_info;
    return WARD_OK;
}

static uint16_t server_pick_ec_group(const ward_conn *c, const client_hello *ch)
{
    const policy *p = &c->cfg->pol;
    for (size_t i = 0; i < p->n_groups; i++) {
        if (kx_group_is_ffdhe(p->groups[i]))
            continue;
        /* RFC 8422 4: without supported_groups, secp256r1 is assumed. */
        bool offered = ch->has_groups ? u16_list_contains(ch->groups, p->groups[i])
                                      : p->groups[i] == GROUP_SECP256R1;
        if (offered)
            return p->groups[i];
    }
    return 0;
}

/* RFC 7919 4: a client that lists FFDHE groups gets one of them or no DHE
 * suite at all; one that lists none gets our first (ffdhe2048 by default). */
static uint16_t server_pick_ffdhe(const ward_conn *c, const client_hello *ch)
{
    const policy *p = &c->cfg->pol;
    bool client_lists = false;
    reader list = ch->groups;
    uint16_t g;
    while (ch->has_groups && u16_list_next(&list, &g))
        client_lists |= kx_group_is_ffdhe(g);
    for (size_t i = 0; i < p->n_groups; i++)
        if (kx_group_is_ffdhe(p->groups[i]) &&
            (!client_lists || u16_list_contains(ch->groups, p->groups[i])))
            return p->groups[i];
    return 0;
}

/* RFC 8422 5.1: an ECDSA certificate's curve must be one the client listed
 * in supported_groups (when it sent the extension). */
static bool cert_curve_offered(const config_cert *cc, const client_hello *ch)
{
    if (!ch->has_groups)
        return true;
    switch (cc->type) {
    case KEY_EC_P256: return u16_list_contains(ch->groups, GROUP_SECP256R1);
    case KEY_EC_P384: return u16_list_contains(ch->groups, GROUP_SECP384R1);
    default: return true;
    }
}

/* RFC 7366 3.1: encrypt-then-MAC, once in use, is not given up on a
 * renegotiation: a client that stops offering it gets no CBC suite. */
static bool etm_downgrade(const ward_conn *c, const client_hello *ch, const suite_info *si)
{
    return c->renegotiating && c->etm && suite_is_cbc(si) && (!ch->has_etm || c->cfg->no_etm);
}

/* A certificate of ours for the suite: signing ones need a scheme the client
 * accepts; the RSA key exchange needs keyEncipherment (RFC 5246 7.4.2). */
static bool server_take_cert(ward_conn *c, const client_hello *ch, const suite_info *si,
                             const config_cert *cc)
{
    if (!suite_auth_fits_key(si->auth, cc->type) || !cert_curve_offered(cc, ch))
        return false;
    uint16_t s = tls12_pick_sigalg(c, cc);
    if (si->kx == KX_RSA ? !cert_chain_leaf_allows_encipherment(cc->chain) : s == 0)
        return false;
    c->my_cert = cc;
    c->my_sigalg = s;
    return true;
}

/* The server's preferred TLS 1.2 suite for which it has a group, a
 * certificate and (unless the key exchange is RSA) a signature scheme the
 * client accepts. */
static int server_pick_suite(ward_conn *c, const client_hello *ch)
{
    const policy *p = &c->cfg->pol;
    uint16_t ec = server_pick_ec_group(c, ch), ff = server_pick_ffdhe(c, ch);
    bool no_group = false;
    tls13_store_peer_sigalgs(c, ch->sigalgs);
    for (size_t i = 0; i < p->n_suites; i++) {
        const suite_info *si = suite_find(p->suites[i]);
        if (si->version != VERSION_TLS12 || !u16_list_contains(ch->suites, si->code) ||
            etm_downgrade(c, ch, si))
            continue;
        uint16_t group = si->kx == KX_ECDHE ? ec : si->kx == KX_DHE ? ff : 0;
        if (si->kx != KX_RSA && group == 0) {
            no_group = true;
            continue;
        }
        for (size_t k = 0; k < c->cfg->n_certs; k++)
            if (server_take_cert(c, ch, si, &c->cfg->certs[k])) {
                c->suite = si->code;
                c->si = si;
                c->group = group;
                return WARD_OK;
            }
    }
    if (no_group)
        return WARD_E_NO_SHARED_GROUP;
    return c->n_peer_sigalgs ? WARD_E_NO_SHARED_CIPHER : WARD_E_NO_SHARED_SIGALG;
}

static int server_check_hello12(ward_conn *c, const client_hello *ch)
{
    /* RFC 5246 7.4.1.2: null compression must be offered; it is chosen. */
    ENSURE(u8_list_has(ch->compressions, 0), WARD_E_ILLEGAL_PARAMETER);
    TRY(server_check_reneg(c, ch));
    if (ch->has_point_formats)
        ENSURE(u8_list_has(ch->point_formats, 0), WARD_E_ILLEGAL_PARAMETER);
    /* Without signature_algorithms TLS 1.2 means SHA-1, which ward never uses. */
    ENSURE(ch->has_sigalgs, WARD_E_NO_SHARED_SIGALG);
    TRY(server_pick_suite(c, ch));
    /* RFC 7366 3: encrypt-then-MAC only with a CBC suite, when asked for. */
    c->etm = ch->has_etm && suite_is_cbc(c->si) && !c->cfg->no_etm;
    return hs_server_choose_alpn(c, ch);
}

static int server_send_hello12(ward_conn *c, const client_hello *ch)
{
    TRY(crypto_random(c->server_random, 32));
    /* RFC 8446 4.1.3: a TLS 1.3-capable server negotiating TLS 1.2 says so. */
    if (c->cfg->pol.max_version >= VERSION_TLS13)
        memcpy(c->server_random + 24, TLS12_DOWNGRADE_SENTINEL, 8);
    uint8_t reneg[24];
    memcpy(reneg, c->client_verify, 12);
    memcpy(reneg + 12, c->server_verify, 12);
    server_hello_params sh = {0};
    memcpy(sh.random, c->server_random, 32);
    sh.suite = c->suite;
    sh.session_id = c->session_id;
    sh.session_id_len = c->session_id_len;
    sh.session_ticket = c->send_nst12 && !c->resumed;
    sh.heartbeat = c->hb_negotiated;
    sh.heartbeat_mode = 1; /* peer_allowed_to_send */
    sh.tls12 = true;
    sh.ems = c->ems;
    sh.etm = c->etm;
    sh.reneg_info = c->secure_reneg;
    sh.reneg_data = c->renegotiating ? reneg : NULL;
    sh.reneg_len = c->renegotiating ? sizeof reneg : 0;
    sh.point_formats = ch->has_point_formats;
    sh.sni_ack = ch->has_server_name && !c->renegotiating;
    sh.alpn = c->has_alpn ? (const uint8_t *)c->alpn : NULL;
    sh.alpn_len = c->has_alpn ? strlen(c->alpn) : 0;
    size_t start = c->hs_out.len;
    TRY(server_hello_write(&c->hs_out, &sh));
    return conn_hs_sent(c, start);
}

static int server_send_cr12(ward_conn *c)
{
    static const uint8_t types[] = {1, 64}; /* rsa_sign, ecdsa_sign */
    uint16_t sigalgs[POLICY_MAX_SIGALGS];
    size_t n = 0;
    for (size_t i = 0; i < c->cfg->pol.n_sigalgs; i++)
        if (sigalg_allowed_in_tls12(c->cfg->pol.sigalgs[i]))
            sigalgs[n++] = c->cfg->pol.sigalgs[i];
    size_t start = c->hs_out.len;
    TRY(certificate_request12_write(&c->hs_out, types, sizeof types, sigalgs, n, NULL, NULL, 0));
    return conn_hs_sent(c, start);
}

/* Abbreviated handshake (RFC 5246 7.3): ServerHello, ChangeCipherSpec,
 * Finished; the client's CCS and Finished follow. */
static int server_resume12(ward_conn *c, const client_hello *ch, session *s, const uint8_t *msg,
                           size_t len)
{
    ENSURE(u8_list_has(ch->compressions, 0), WARD_E_ILLEGAL_PARAMETER);
    TRY(server_check_reneg(c, ch));
    TRY(hs_server_choose_alpn(c, ch));
    c->suite = s->suite;
    c->si = suite_find(s->suite);
    c->ems = true;
    c->etm = s->etm; /* resume_server_find12 checked the client asks for it */
    c->version = VERSION_TLS12;
    c->resumed = true;
    c->peer_verified = s->peer_verified;
    memcpy(c->master, s->secret, sizeof c->master);
    session_wipe(s);
    memcpy(c->client_random, ch->random, 32);
    /* RFC 5077 3.4: echo the client's session ID to accept its ticket. */
    memcpy(c->session_id, ch->session_id, ch->session_id_len);
    c->session_id_len = ch->session_id_len;
    if (ch->has_server_name) {
        memcpy(c->server_name, ch->server_name, ch->server_name_len);
        c->server_name[ch->server_name_len] = '\0';
    }
    TRY(transcript_set_hash(&c->ts, c->si->hash));
    TRY(conn_hs_received(c, msg, len));
    TRY(server_send_hello12(c, ch));
    TRY(tls12_prepare_read_keys(c));
    TRY(tls12_send_ccs(c));
    TRY(tls12_send_finished(c));
    TRY(conn_flush_hs(c));
    conn_note(c, "resuming session: %s (abbreviated handshake)", c->si->name);
    c->state = HS_S12_WAIT_CCS;
    return WARD_OK;
}

static void server_note_negotiated(ward_conn *c)
{
    conn_note(c, "TLS 1.2 negotiated: %s, %s%s%s", c->si->name, tls12_kx_label(c),
              c->ems ? ", extended master secret" : ", NO extended master secret",
              !suite_is_cbc(c->si) ? ""
              : c->etm             ? ", encrypt-then-MAC"
                                   : ", MAC-then-encrypt (no RFC 7366)");
}

int tls12_server_recv_ch(ward_conn *c, const client_hello *ch, const uint8_t *msg, size_t len)
{
    /* RFC 6520 2: heartbeat when both sides carry the extension. */
    c->hb_negotiated = c->cfg->heartbeat && ch->has_heartbeat;
    c->hb_we_may_send = c->hb_negotiated && ch->heartbeat_mode == 1;
    session s;
    if (resume_server_find12(c, ch, &s))
        return server_resume12(c, ch, &s, msg, len);
    TRY(server_check_hello12(c, ch));
    /* A session ID when sessions are cached; a ticket when the client asks.
     * Renegotiations issue them too: some clients (GnuTLS) expect the ticket
     * their new ClientHello asked for. */
    c->session_id_len = 0;
    if (c->cfg->cache || c->cfg->has_ext_cache) {
        TRY(crypto_random(c->session_id, 32));
        c->session_id_len = 32;
    }
    c->send_nst12 = c->cfg->tickets_on && c->cfg->tickets && ch->has_session_ticket;
    c->version = VERSION_TLS12;
    c->ems = ch->has_ems;
    c->client_version = ch->legacy_version;
    memcpy(c->client_random, ch->random, 32);
    if (ch->has_server_name && !c->renegotiating) {
        memcpy(c->server_name, ch->server_name, ch->server_name_len);
        c->server_name[ch->server_name_len] = '\0';
    }
    bool ask = c->cfg->verify_mode != WARD_VERIFY_NONE;
    c->log_messages = ask; /* the client's CertificateVerify signs the raw messages */
    TRY(transcript_set_hash(&c->ts, c->si->hash));
    TRY(conn_hs_received(c, msg, len));
    TRY(server_send_hello12(c, ch));
    TRY(tls12_send_certificate(c));
    /* RFC 5246 7.4.3: no ServerKeyExchange for the RSA key exchange. */
    if (c->si->kx != KX_RSA)
        TRY(tls12_server_send_ske(c));
    if (ask)
        TRY(server_send_cr12(c));
    size_t start = c->hs_out.len;
    TRY(server_hello_done_write(&c->hs_out));
    TRY(conn_hs_sent(c, start));
    TRY(conn_flush_hs(c));
    server_note_negotiated(c);
    c->state = ask ? HS_S12_WAIT_CERT : HS_S12_WAIT_CKE;
    return WARD_OK;
}

static int server_recv_cert(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    certificate_msg cm;
    TRY(certificate12_parse(body, &cm));
    if (cm.n == 0)
        /* RFC 5246 7.4.6: the server decides whether to go on without one. */
        ENSURE(c->cfg->verify_mode != WARD_VERIFY_REQUIRE, WARD_E_CERT_MISSING);
    else
        TRY(hs_accept_peer_chain(c, &cm));
    TRY(conn_hs_received(c, msg, len));
    c->state = HS_S12_WAIT_CKE;
    return WARD_OK;
}

static int server_recv_cke(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    TRY(tls12_server_recv_cke(c, body));
    kx_free(c->kx);
    c->kx = NULL;
    TRY(conn_hs_received(c, msg, len));
    TRY(tls12_make_master(c));
    TRY(tls12_prepare_read_keys(c));
    /* RFC 5246 7.4.8: a client that sent a certificate proves its key next. */
    c->state = c->peer_key ? HS_S12_WAIT_CV : HS_S12_WAIT_CCS;
    return WARD_OK;
}

static int server_recv_cv(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    TRY(tls12_recv_certificate_verify(c, body));
    TRY(conn_hs_received(c, msg, len));
    c->state = HS_S12_WAIT_CCS;
    return WARD_OK;
}

/* RFC 5077 3.3: the ticket goes after the client's Finished, before our CCS. */
static int server_send_nst12(ward_conn *c, const session *s)
{
    uint8_t ticket[SESSION_MAX_TICKET];
    size_t n;
    session t = *s;
    t.id_len = 0; /* a ticket stands alone */
    int rc = ticket_seal(c->cfg->tickets, config_now(c->cfg), &t, ticket, sizeof ticket, &n);
    session_wipe(&t);
    TRY(rc);
    size_t start = c->hs_out.len;
    TRY(new_session_ticket12_write(&c->hs_out, s->lifetime, ticket, n));
    return conn_hs_sent(c, start);
}

static int server_recv_finished(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    TRY(tls12_recv_finished(c, body));
    TRY(conn_hs_received(c, msg, len));
    if (!c->resumed) {
        session s;
        TRY(resume_server_session12(c, &s));
        int rc = c->send_nst12 ? server_send_nst12(c, &s) : WARD_OK;
        if (rc == WARD_OK && c->session_id_len)
            config_cache_put(c->cfg, &s);
        session_wipe(&s);
        TRY(rc);
        TRY(tls12_send_ccs(c));
        TRY(tls12_send_finished(c));
        TRY(conn_flush_hs(c));
    }
    if (c->renegotiating)
        c->renegotiations++;
    c->renegotiating = false;
    c->hello_request_sent = false;
    conn_note(c, "TLS 1.2 handshake complete: %s, %s%s", c->si->name, tls12_kx_label(c),
              c->peer_key ? ", client authenticated" : "");
    conn_handshake_done(c);
    return WARD_OK;
}

int tls12_server_handle(ward_conn *c, uint8_t type, reader body, const uint8_t *msg, size_t msg_len)
{
    switch (c->state) {
    case HS_S12_WAIT_CERT:
        ENSURE(type == HS_CERTIFICATE, WARD_E_UNEXPECTED_MESSAGE);
        return server_recv_cert(c, body, msg, msg_len);
    case HS_S12_WAIT_CKE:
        ENSURE(type == HS_CLIENT_KEY_EXCHANGE, WARD_E_UNEXPECTED_MESSAGE);
        return server_recv_cke(c, body, msg, msg_len);
    case HS_S12_WAIT_CV:
        ENSURE(type == HS_CERTIFICATE_VERIFY, WARD_E_UNEXPECTED_MESSAGE);
        return server_recv_cv(c, body, msg, msg_len);
    case HS_S12_WAIT_FINISHED:
        ENSURE(type == HS_FINISHED, WARD_E_UNEXPECTED_MESSAGE);
        return server_recv_finished(c, body, msg, msg_len);
    case HS_S12_WAIT_CCS: /* only a ChangeCipherSpec may come now */
    default: return WARD_E_UNEXPECTED_MESSAGE;
    }
}
