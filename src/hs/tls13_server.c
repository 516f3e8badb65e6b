/* tls13_server.c -- the TLS 1.3 server state machine (RFC 8446 2, 4).
 *
 *   WAIT_CH --(no usable key share)--> send HelloRetryRequest -> WAIT_CH2
 *   WAIT_CH / WAIT_CH2 --> send ServerHello, EncryptedExtensions,
 *       [CertificateRequest], Certificate, CertificateVerify, Finished
 *     -> [WAIT_CLIENT_CERT -> WAIT_CLIENT_CV] -> WAIT_CLIENT_FINISHED -> CONNECTED
 */
#include <string.h>

#include "base/mem.h"
#include "hs/tls13.h"

/* What the server decided from a ClientHello. */
typedef struct server_choice {
    uint16_t suite;
    const key_share_entry *share; /* NULL: a HelloRetryRequest is needed */
    uint16_t hrr_group;
} server_choice;

static int choose_suite(const ward_conn *c, const client_hello *ch, uint16_t *out)
{
    const policy *p = &c->cfg->pol;
    /* The server's preference order decides. */
    for (size_t i = 0; i < p->n_suites; i++) {
        const suite_info *si = suite_find(p->suites[i]);
        if (si->version == VERSION_TLS13 && u16_list_contains(ch->suites, p->suites[i])) {
            *out = p->suites[i];
            return WARD_OK;
        }
    }
    return WARD_E_NO_SHARED_CIPHER;
}

static int choose_group(const ward_conn *c, const client_hello *ch, server_choice *sc)
{
    const policy *p = &c->cfg->pol;
    /* A group the client already sent a share for avoids a round trip. */
    for (size_t i = 0; i < p->n_groups; i++)
        for (size_t j = 0; j < ch->n_key_shares; j++)
            if (ch->key_shares[j].group == p->groups[i]) {
                sc->share = &ch->key_shares[j];
                return WARD_OK;
            }
    for (size_t i = 0; i < p->n_groups; i++)
        if (u16_list_contains(ch->groups, p->groups[i])) {
            sc->hrr_group = p->groups[i];
            return WARD_OK;
        }
    return WARD_E_NO_SHARED_GROUP;
}

static int choose_cert(ward_conn *c, const client_hello *ch)
{
    tls13_store_peer_sigalgs(c, ch->sigalgs);
    for (size_t i = 0; i < c->cfg->n_certs; i++) {
        uint16_t s = tls13_pick_sigalg(c, &c->cfg->certs[i], c->peer_sigalgs, c->n_peer_sigalgs);
        if (s) {
            c->my_cert = &c->cfg->certs[i];
            c->my_sigalg = s;
            return WARD_OK;
        }
    }
    return c->cfg->n_certs ? WARD_E_NO_SHARED_SIGALG : WARD_E_CONFIG;
}

int hs_server_choose_alpn(ward_conn *c, const client_hello *ch)
{
    if (!ch->has_alpn || c->cfg->alpn_len == 0)
        return WARD_OK;
    reader ours = reader_of(c->cfg->alpn, c->cfg->alpn_len);
    reader name;
    while (reader_u8_prefixed(&ours, &name) == WARD_OK) {
        size_t n = reader_left(&name);
        if (alpn_list_contains(ch->alpn, reader_ptr(&name), n)) {
            memcpy(c->alpn, reader_ptr(&name), n);
            c->alpn[n] = '\0';
            c->has_alpn = true;
            return WARD_OK;
        }
    }
    /* RFC 7301 3.2: no overlap is no_application_protocol. */
    return WARD_E_NO_APPLICATION_PROTOCOL;
}

/* The checks every TLS 1.3 ClientHello must pass, and the server's choices. */
static int server_check_hello(ward_conn *c, const client_hello *ch, server_choice *sc)
{
    uint8_t comp;
    reader cm = ch->compressions;
    /* RFC 8446 4.1.2: exactly one compression method, null. */
    ENSURE(reader_left(&cm) == 1 && reader_u8(&cm, &comp) == WARD_OK && comp == 0,
           WARD_E_ILLEGAL_PARAMETER);
    /* RFC 8446 4.2.3 and 9.2: certificate authentication needs
     * signature_algorithms; supported_groups and key_share come together. */
    ENSURE(ch->has_sigalgs, WARD_E_MISSING_EXTENSION);
    ENSURE(ch->has_groups && ch->has_key_share, WARD_E_MISSING_EXTENSION);
    /* RFC 8446 4.2.8: shares only for groups listed in supported_groups. */
    for (size_t i = 0; i < ch->n_key_shares; i++)
        ENSURE(u16_list_contains(ch->groups, ch->key_shares[i].group), WARD_E_ILLEGAL_PARAMETER);
    TRY(choose_suite(c, ch, &sc->suite));
    TRY(choose_group(c, ch, sc));
    TRY(choose_cert(c, ch));
    return hs_server_choose_alpn(c, ch);
}

static int server_send_hrr(ward_conn *c, const client_hello *ch, uint16_t group, const uint8_t *msg,
                           size_t len)
{
    c->had_hrr = true;
    c->hrr_group = group;
    TRY(transcript_set_hash(&c->ts, c->si->hash));
    TRY(transcript_add(&c->ts, msg, len));
    TRY(transcript_hrr_rewrite(&c->ts));
    server_hello_params sh = {0};
    sh.is_hrr = true;
    sh.session_id = ch->session_id;
    sh.session_id_len = ch->session_id_len;
    sh.suite = c->suite;
    sh.version = VERSION_TLS13;
    sh.share_group = group;
    size_t start = c->hs_out.len;
    TRY(server_hello_write(&c->hs_out, &sh));
    TRY(conn_hs_sent(c, start));
    TRY(conn_flush_hs(c));
    conn_note(c, "no usable key share: HelloRetryRequest for %s", ward_group_name(group));
    /* RFC 8446 D.4: in compatibility mode a CCS follows the first server flight. */
    if (ch->session_id_len > 0)
        TRY(tls13_send_compat_ccs(c));
    c->state = HS_S_WAIT_CH2;
    return WARD_OK;
}

static int server_send_hello(ward_conn *c, const client_hello *ch, const key_share_entry *share,
                             const uint8_t *msg, size_t len)
{
    if (!c->had_hrr)
        TRY(transcript_set_hash(&c->ts, c->si->hash));
    TRY(transcript_add(&c->ts, msg, len));
    c->group = share->group;
    TRY(kx_generate(share->group, &c->kx));
    uint8_t pub[CRYPTO_MAX_PUB], shared[CRYPTO_MAX_SHARED];
    size_t pub_len, shared_len;
    TRY(kx_public(c->kx, pub, sizeof pub, &pub_len));
    TRY(kx_derive(c->kx, share->key, share->key_len, shared, sizeof shared, &shared_len));

    server_hello_params sh = {0};
    int rc = crypto_random(sh.random, sizeof sh.random);
    sh.session_id = ch->session_id;
    sh.session_id_len = ch->session_id_len;
    sh.suite = c->suite;
    sh.version = VERSION_TLS13;
    sh.share_group = share->group;
    sh.share_key = pub;
    sh.share_key_len = pub_len;
    sh.psk = c->resumed;
    sh.psk_identity = 0;
    size_t start = c->hs_out.len;
    if (rc == WARD_OK)
        rc = server_hello_write(&c->hs_out, &sh);
    if (rc == WARD_OK)
        rc = conn_hs_sent(c, start);
    if (rc == WARD_OK)
        rc = tls13_derive_handshake(c, shared, shared_len);
    mem_wipe(shared, sizeof shared);
    TRY(rc);
    kx_free(c->kx);
    c->kx = NULL;
    TRY(conn_flush_hs(c));
    if (ch->session_id_len > 0)
        TRY(tls13_send_compat_ccs(c));
    TRY(conn_set_write_secret(c, c->ks.server_hs));
    TRY(conn_set_read_secret(c, c->ks.client_hs));
    c->plain_alert_ok = true;
    return WARD_OK;
}

/* EncryptedExtensions .. Finished, then the application write keys. */
static int server_send_flight(ward_conn *c, const client_hello *ch)
{
    size_t start = c->hs_out.len;
    const uint8_t *alpn = c->has_alpn ? (const uint8_t *)c->alpn : NULL;
    TRY(encrypted_extensions_write(&c->hs_out, alpn, c->has_alpn ? strlen(c->alpn) : 0,
                                   ch->has_server_name));
    TRY(conn_hs_sent(c, start));
    /* RFC 8446 2.2: a PSK handshake authenticates with the PSK alone. */
    bool ask = c->cfg->verify_mode != WARD_VERIFY_NONE && !c->resumed;
    if (ask) {
        start = c->hs_out.len;
        TRY(certificate_request13_write(&c->hs_out, NULL, 0, c->cfg->pol.sigalgs,
                                        c->cfg->pol.n_sigalgs));
        TRY(conn_hs_sent(c, start));
    }
    if (!c->resumed) {
        TRY(tls13_send_certificate(c, NULL, 0));
        TRY(tls13_send_certificate_verify(c));
    }
    TRY(tls13_send_finished(c, c->ks.server_hs));
    TRY(tls13_derive_application(c));
    TRY(conn_set_write_secret(c, c->ks.server_ap));
    c->state = ask ? HS_S_WAIT_CLIENT_CERT : HS_S_WAIT_CLIENT_FINISHED;
    return WARD_OK;
}

/* RFC 8446 4.2.1 / D.2: TLS 1.3 when both support it, else TLS 1.2; anything
 * older (SSL 3.0 included) is protocol_version. */
static int server_pick_version(const ward_conn *c, const client_hello *ch, uint16_t *out)
{
    const policy *p = &c->cfg->pol;
    uint16_t v = 0;
    if (ch->has_versions) {
        if (p->max_version >= VERSION_TLS13 && !c->renegotiating &&
            u16_list_contains(ch->versions, VERSION_TLS13))
            v = VERSION_TLS13;
        else if (p->min_version <= VERSION_TLS12 && u16_list_contains(ch->versions, VERSION_TLS12))
            v = VERSION_TLS12;
    } else if (ch->legacy_version >= VERSION_TLS12 && p->min_version <= VERSION_TLS12) {
        v = VERSION_TLS12;
    }
    ENSURE(v != 0, WARD_E_NO_SHARED_VERSION);
    /* RFC 7507 3: a fallback hello below our best version is refused. */
    ENSURE(!(u16_list_contains(ch->suites, SUITE_FALLBACK_SCSV) && v < p->max_version),
           WARD_E_INAPPROPRIATE_FALLBACK);
    *out = v;
    return WARD_OK;
}

static int server_recv_ch(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    client_hello ch;
    server_choice sc = {0};
    uint16_t version;
    TRY(client_hello_parse(body, &ch));
    TRY(server_pick_version(c, &ch, &version));
    if (version == VERSION_TLS12) {
        /* After a HelloRetryRequest only TLS 1.3 can follow. */
        ENSURE(c->state == HS_S_WAIT_CH, WARD_E_ILLEGAL_PARAMETER);
        return tls12_server_recv_ch(c, &ch, msg, len);
    }
    TRY(server_check_hello(c, &ch, &sc));
    if (c->state == HS_S_WAIT_CH2) {
        /* RFC 8446 4.1.2 / 4.1.4: the second ClientHello keeps the suite and
         * carries exactly the one share asked for. */
        ENSURE(sc.suite == c->suite, WARD_E_ILLEGAL_PARAMETER);
        ENSURE(ch.n_key_shares == 1 && ch.key_shares[0].group == c->hrr_group,
               WARD_E_ILLEGAL_PARAMETER);
        ENSURE(memcmp(ch.random, c->client_random, 32) == 0, WARD_E_ILLEGAL_PARAMETER);
        /* RFC 8446 4.2.10: no early_data in the second ClientHello. */
        ENSURE(!ch.has_early_data, WARD_E_ILLEGAL_PARAMETER);
    }
    /* 0-RTT is not accepted: the early data that may follow is skipped. */
    c->skip_early = ch.has_early_data;
    c->suite = sc.suite;
    c->si = suite_find(sc.suite);
    c->version = VERSION_TLS13;
    memcpy(c->client_random, ch.random, 32);
    if (ch.has_server_name) {
        memcpy(c->server_name, ch.server_name, ch.server_name_len);
        c->server_name[ch.server_name_len] = '\0';
    }
    if (sc.share == NULL)
        return server_send_hrr(c, &ch, sc.hrr_group, msg, len);
    TRY(resume_server_psk13(c, &ch, msg));
    TRY(server_send_hello(c, &ch, sc.share, msg, len));
    return server_send_flight(c, &ch);
}

static int server_recv_cert(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    bool empty;
    TRY(tls13_recv_certificate(c, body, &empty));
    /* RFC 8446 4.4.2.4: without a client certificate the server may go on or
     * abort with certificate_required; the verify mode decides. */
    ENSURE(!(empty && c->cfg->verify_mode == WARD_VERIFY_REQUIRE), WARD_E_CERT_REQUIRED);
    TRY(transcript_add(&c->ts, msg, len));
    c->state = empty ? HS_S_WAIT_CLIENT_FINISHED : HS_S_WAIT_CLIENT_CV;
    return WARD_OK;
}

static int server_recv_cv(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    TRY(tls13_recv_certificate_verify(c, body));
    TRY(transcript_add(&c->ts, msg, len));
    c->state = HS_S_WAIT_CLIENT_FINISHED;
    return WARD_OK;
}

static int server_recv_finished(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    TRY(tls13_recv_finished(c, body, c->ks.client_hs));
    TRY(transcript_add(&c->ts, msg, len));
    uint8_t th[CRYPTO_MAX_HASH];
    TRY(transcript_hash(&c->ts, th));
    TRY(ks_derive_resumption(&c->ks, th));
    TRY(conn_set_read_secret(c, c->ks.client_ap));
    conn_note(c, "handshake complete: %s, %s%s", ward_suite_name(c->suite),
              ward_group_name(c->group), c->peer_key ? ", client authenticated" : "");
    TRY(resume_server_send_tickets13(c));
    conn_handshake_done(c);
    return WARD_OK;
}

int tls13_server_handle(ward_conn *c, uint8_t type, reader body, const uint8_t *msg, size_t msg_len)
{
    switch (c->state) {
    case HS_S_WAIT_CH:
    case HS_S_WAIT_CH2:
        ENSURE(type == HS_CLIENT_HELLO, WARD_E_UNEXPECTED_MESSAGE);
        return server_recv_ch(c, body, msg, msg_len);
    case HS_S_WAIT_CLIENT_CERT:
        ENSURE(type == HS_CERTIFICATE, WARD_E_UNEXPECTED_MESSAGE);
        return server_recv_cert(c, body, msg, msg_len);
    case HS_S_WAIT_CLIENT_CV:
        ENSURE(type == HS_CERTIFICATE_VERIFY, WARD_E_UNEXPECTED_MESSAGE);
        return server_recv_cv(c, body, msg, msg_len);
    case HS_S_WAIT_CLIENT_FINISHED:
        ENSURE(type == HS_FINISHED, WARD_E_UNEXPECTED_MESSAGE);
        return server_recv_finished(c, body, msg, msg_len);
    default: return WARD_E_UNEXPECTED_MESSAGE;
    }
}
