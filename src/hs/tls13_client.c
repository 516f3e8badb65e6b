/* tls13_client.c -- the TLS 1.3 client state machine (RFC 8446 2, 4).
 *
 *   START -> send ClientHello -> WAIT_SH
 *   WAIT_SH --HelloRetryRequest--> send ClientHello2 -> WAIT_SH
 *   WAIT_SH --ServerHello--> WAIT_EE -> WAIT_CERT_CR -> [WAIT_CERT] -> WAIT_CV
 *     -> WAIT_FINISHED -> send [Certificate, CertificateVerify], Finished -> CONNECTED
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "hs/tls13.h"

static bool is_ip_literal(const char *name)
{
    uint8_t buf[16];
    return inet_pton(AF_INET, name, buf) == 1 || inet_pton(AF_INET6, name, buf) == 1;
}

/* A random GREASE value 0x?A?A (RFC 8701). */
static uint16_t grease_pick(uint8_t r)
{
    uint8_t b = (uint8_t)((r & 0xf0) | 0x0a);
    return (uint16_t)((b << 8) | b);
}

static int client_pick_grease(ward_conn *c)
{
    uint8_t r[5];
    TRY(crypto_random(r, sizeof r));
    for (size_t i = 0; i < 5; i++)
        c->grease[i] = grease_pick(r[i]);
    /* The two GREASE extensions must differ, or our own hello repeats a type. */
    if (c->grease[3] == c->grease[4])
        c->grease[4] ^= 0x1010;
    return WARD_OK;
}

static bool lists_suite_of(const policy *p, uint16_t version)
{
    for (size_t i = 0; i < p->n_suites; i++)
        if (suite_find(p->suites[i])->version == version)
            return true;
    return false;
}

/* The versions this hello offers: TLS 1.3 unless renegotiating (TLS 1.2 only)
 * or limited by policy or by suites (only TLS 1.2 suites set: TLS 1.2 only),
 * and TLS 1.2 when the policy allows it. */
static bool offers_tls13(const ward_conn *c)
{
    const policy *p = &c->cfg->pol;
    return p->max_version >= VERSION_TLS13 && !c->renegotiating && lists_suite_of(p, VERSION_TLS13);
}

static bool offers_tls12(const ward_conn *c)
{
    return c->cfg->pol.min_version <= VERSION_TLS12;
}

static bool offers_cbc(const ward_conn *c)
{
    const policy *p = &c->cfg->pol;
    for (size_t i = 0; i < p->n_suites; i++)
        if (suite_is_cbc(suite_find(p->suites[i])))
            return true;
    return false;
}

static int client_send_hello(ward_conn *c)
{
    const policy *p = &c->cfg->pol;
    uint16_t versions[2], suites[POLICY_MAX_SUITES + 1];
    size_t n_versions = 0, n_suites = 0;
    c->tls13_offered = offers_tls13(c);
    if (c->tls13_offered)
        versions[n_versions++] = VERSION_TLS13;
    if (offers_tls12(c))
        versions[n_versions++] = VERSION_TLS12;
    for (size_t i = 0; i < p->n_suites; i++) {
        const suite_info *si = suite_find(p->suites[i]);
        if (si && (si->version == VERSION_TLS12 ? offers_tls12(c) : offers_tls13(c)))
            suites[n_suites++] = p->suites[i];
    }
    /* RFC 7507: a client retrying with a lower version says so. */
    if (c->cfg->fallback_scsv)
        suites[n_suites++] = SUITE_FALLBACK_SCSV;
    uint8_t pub[CRYPTO_MAX_PUB];
    size_t pub_len = 0;
    if (c->kx)
        TRY(kx_public(c->kx, pub, sizeof pub, &pub_len));
    uint8_t reneg[12];
    memcpy(reneg, c->client_verify, sizeof reneg);

    client_hello_params ch = {0};
    ch.legacy_version = VERSION_TLS12;
    memcpy(ch.random, c->client_random, 32);
    memcpy(ch.session_id, c->session_id, c->session_id_len);
    ch.session_id_len = c->session_id_len;
    ch.suites = suites;
    ch.n_suites = n_suites;
    ch.versions = versions;
    ch.n_versions = n_versions;
    ch.groups = p->groups;
    ch.n_groups = p->n_groups;
    ch.sigalgs = p->sigalgs;
    ch.n_sigalgs = p->n_sigalgs;
    if (c->kx) {
        ch.shares[0] = (key_share_entry){kx_group(c->kx), pub, pub_len};
        ch.n_shares = 1;
    }
    /* RFC 5746 3.5: renegotiation_info carries the previous client Finished. */
    ch.tls12_extensions = offers_tls12(c);
    /* RFC 7366 2: encrypt-then-MAC is asked for whenever a CBC suite is offered. */
    c->etm_offered = offers_tls12(c) && offers_cbc(c) && !c->cfg->no_etm;
    ch.etm = c->etm_offered;
    ch.heartbeat = c->cfg->heartbeat && offers_tls12(c);
    ch.heartbeat_mode = 1; /* peer_allowed_to_send */
    ch.reneg_data = c->renegotiating ? reneg : NULL;
    ch.reneg_len = c->renegotiating ? sizeof reneg : 0;
    /* Resumption: a TLS 1.2 ticket, or a TLS 1.3 PSK identity (RFC 8446 4.2.11). */
    ch.psk_dhe_ke = offers_tls13(c);
    bool psk13 = c->offered && c->offer->version == VERSION_TLS13 && offers_tls13(c);
    if (c->offered && c->offer->version == VERSION_TLS12 && c->offer->ticket_len) {
        ch.session_ticket = c->offer->ticket;
        ch.session_ticket_len = c->offer->ticket_len;
    }
    if (psk13) {
        uint64_t age_ms = (config_now(c->cfg) - c->offer->created) * 1000;
        ch.psk_identity = c->offer->ticket;
        ch.psk_identity_len = c->offer->ticket_len;
        ch.psk_obfuscated_age = (uint32_t)age_ms + c->offer->age_add;
        ch.psk_binder_len = hash_size(suite_find(c->offer->suite)->hash);
    }
    /* RFC 6066 3: literal IP addresses are not permitted in server_name. */
    c->sni_sent = c->server_name[0] && !is_ip_literal(c->server_name);
    ch.server_name = c->sni_sent ? c->server_name : NULL;
    ch.alpn = c->cfg->alpn_len ? c->cfg->alpn : NULL;
    ch.alpn_len = c->cfg->alpn_len;
    ch.cookie = c->cookie;
    ch.cookie_len = c->cookie_len;
    if (c->cfg->grease) {
        ch.grease_suite = c->grease[0];
        ch.grease_group = c->grease[1];
        ch.grease_version = c->grease[2];
        ch.grease_ext1 = c->grease[3];
        ch.grease_ext2 = c->grease[4];
        ch.no_grease_share = c->had_hrr;
    }
    size_t start = c->hs_out.len;
    TRY(client_hello_write(&c->hs_out, &ch));
    if (psk13)
        TRY(resume_client_binder(c, start));
    TRY(conn_hs_sent(c, start));
    return conn_flush_hs(c);
}

int tls13_client_start(ward_conn *c)
{
    const policy *p = &c->cfg->pol;
    ENSURE(p->n_suites > 0 && p->n_groups > 0, WARD_E_CONFIG);
    /* A TLS 1.2 CertificateVerify signs the raw messages, ClientHello first. */
    c->log_messages = offers_tls12(c);
    /* Verifying a certificate without a name to check it against proves
     * nothing about whom we talk to. */
    if (c->cfg->verify_mode != WARD_VERIFY_NONE && c->server_name[0] == '\0')
        return conn_fail(c, WARD_E_CONFIG, "no server name set to verify the certificate against");
    TRY(crypto_random(c->client_random, 32));
    /* RFC 8446 D.4: a non-empty legacy_session_id puts the peer in middlebox
     * compatibility mode. */
    c->session_id_len = 32;
    TRY(crypto_random(c->session_id, 32));
    TRY(client_pick_grease(c));
    mem_free_secret(c->fresh_enc, c->fresh_enc_len);
    c->fresh_enc = NULL;
    c->fresh_enc_len = 0;
    resume_client_pick(c);
    /* One key share, for the most preferred group; the server may ask for
     * another with a HelloRetryRequest. */
    if (offers_tls13(c))
        TRY(kx_generate(p->groups[0], &c->kx));
    TRY(client_send_hello(c));
    c->state = HS_C_WAIT_SH;
    return WARD_OK;
}

static bool offered_u16(const uint16_t *list, size_t n, uint16_t v)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == v)
            return true;
    return false;
}

static int client_recv_hrr(ward_conn *c, const server_hello *sh, const uint8_t *msg, size_t len)
{
    const policy *p = &c->cfg->pol;
    /* RFC 8446 4.1.4: a second HelloRetryRequest is unexpected_message. */
    ENSURE(!c->had_hrr, WARD_E_UNEXPECTED_MESSAGE);
    /* RFC 8446 4.1.4: an HRR that would not change the ClientHello, or that asks
     * for a group not offered or already shared, is illegal_parameter. */
    ENSURE(sh->has_key_share || sh->has_cookie, WARD_E_HRR_INVALID);
    if (sh->has_key_share)
        ENSURE(offered_u16(p->groups, p->n_groups, sh->share_group) &&
                   sh->share_group != kx_group(c->kx),
               WARD_E_HRR_INVALID);
    c->had_hrr = true;
    TRY(transcript_set_hash(&c->ts, c->si->hash));
    TRY(transcript_hrr_rewrite(&c->ts));
    TRY(transcript_add(&c->ts, msg, len));
    if (sh->has_cookie) {
        c->cookie_len = reader_left(&sh->cookie);
        c->cookie = malloc(c->cookie_len ? c->cookie_len : 1);
        ENSURE(c->cookie, WARD_E_NOMEM);
        reader ck = sh->cookie;
        TRY(reader_copy(&ck, c->cookie, c->cookie_len));
    }
    if (sh->has_key_share) {
        kx_free(c->kx);
        c->kx = NULL;
        TRY(kx_generate(sh->share_group, &c->kx));
    }
    conn_note(c, "HelloRetryRequest: server asks for a %s key share",
              ward_group_name(kx_group(c->kx)));
    TRY(tls13_send_compat_ccs(c));
    return client_send_hello(c);
}

static int client_recv_sh(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    const policy *p = &c->cfg->pol;
    server_hello sh;
    TRY(server_hello_parse(body, &sh));
    /* RFC 8446 4.2.1: no supported_versions means TLS 1.2 or older. */
    if (!sh.has_versions) {
        ENSURE(offers_tls12(c), WARD_E_NO_SHARED_VERSION);
        return tls12_client_recv_sh(c, &sh, msg, len);
    }
    ENSURE(offers_tls13(c), WARD_E_ILLEGAL_PARAMETER);
    /* RFC 8446 4.2.1: a version not offered is illegal_parameter. */
    ENSURE(sh.selected_version == VERSION_TLS13, WARD_E_ILLEGAL_PARAMETER);
    ENSURE(sh.legacy_version == VERSION_TLS12, WARD_E_ILLEGAL_PARAMETER);
    /* RFC 8446 4.1.3: the session id echo must match what was sent. */
    ENSURE(sh.session_id_len == c->session_id_len &&
               memcmp(sh.session_id, c->session_id, c->session_id_len) == 0,
           WARD_E_ILLEGAL_PARAMETER);
    ENSURE(sh.compression == 0, WARD_E_ILLEGAL_PARAMETER);
    /* RFC 8446 4.1.3: a suite that was not offered is illegal_parameter; after an
     * HRR it must be the HRR's suite (4.1.4). */
    ENSURE(offered_u16(p->suites, p->n_suites, sh.suite), WARD_E_ILLEGAL_PARAMETER);
    ENSURE(!c->had_hrr || sh.suite == c->suite, WARD_E_ILLEGAL_PARAMETER);
    c->suite = sh.suite;
    c->si = suite_find(sh.suite);
    ENSURE(c->si && c->si->version == VERSION_TLS13, WARD_E_ILLEGAL_PARAMETER);
    c->version = VERSION_TLS13;
    if (sh.is_hrr)
        return client_recv_hrr(c, &sh, msg, len);
    if (sh.has_psk) {
        /* RFC 8446 4.2.11: only the one identity offered, for this hash. */
        ENSURE(c->offered && c->offer->version == VERSION_TLS13, WARD_E_UNSOLICITED_EXTENSION);
        ENSURE(sh.psk_identity == 0, WARD_E_ILLEGAL_PARAMETER);
        ENSURE(suite_find(c->offer->suite)->hash == c->si->hash, WARD_E_ILLEGAL_PARAMETER);
        memcpy(c->psk, c->offer->secret, c->offer->secret_len);
        c->psk_len = c->offer->secret_len;
        c->resumed = true;
        c->peer_verified = c->offer->peer_verified;
        conn_note(c, "server accepted the PSK: resuming (no certificate this time)");
    }
    ENSURE(sh.has_key_share, WARD_E_MISSING_EXTENSION);
    ENSURE(sh.share_group == kx_group(c->kx), WARD_E_ILLEGAL_PARAMETER);
    c->group = sh.share_group;
    if (!c->had_hrr)
        TRY(transcript_set_hash(&c->ts, c->si->hash));
    TRY(transcript_add(&c->ts, msg, len));

    uint8_t shared[CRYPTO_MAX_SHARED];
    size_t shared_len;
    TRY(kx_derive(c->kx, sh.share_key, sh.share_key_len, shared, sizeof shared, &shared_len));
    int rc = tls13_derive_handshake(c, shared, shared_len);
    mem_wipe(shared, sizeof shared);
    TRY(rc);
    kx_free(c->kx);
    c->kx = NULL;
    TRY(conn_set_read_secret(c, c->ks.server_hs));
    /* Middlebox compatibility CCS, then handshake write keys at once, so that an
     * alert about the server's flight is protected as the server expects. */
    TRY(tls13_send_compat_ccs(c));
    TRY(conn_set_write_secret(c, c->ks.client_hs));
    /* TLS 1.3 signs transcript hashes: the raw log is not needed. */
    c->log_messages = false;
    writer_free(&c->hs_log);
    writer_init_dynamic(&c->hs_log, 0);
    c->state = HS_C_WAIT_EE;
    return WARD_OK;
}

static int client_recv_ee(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    encrypted_extensions ee;
    TRY(encrypted_extensions_parse(body, &ee));
    if (ee.has_alpn) {
        /* RFC 7301 3.1: the server may only pick one of the offered protocols. */
        ENSURE(c->cfg->alpn_len > 0, WARD_E_UNSOLICITED_EXTENSION);
        reader offered = reader_of(c->cfg->alpn, c->cfg->alpn_len);
        size_t n = reader_left(&ee.alpn);
        ENSURE(alpn_list_contains(offered, reader_ptr(&ee.alpn), n), WARD_E_ILLEGAL_PARAMETER);
        memcpy(c->alpn, reader_ptr(&ee.alpn), n);
        c->alpn[n] = '\0';
        c->has_alpn = true;
    }
    ENSURE(!ee.has_server_name || c->sni_sent, WARD_E_UNSOLICITED_EXTENSION);
    ENSURE(!ee.has_early_data, WARD_E_UNSOLICITED_EXTENSION);
    TRY(transcript_add(&c->ts, msg, len));
    /* RFC 8446 2.2: a PSK handshake has no certificate messages. */
    c->state = c->resumed ? HS_C_WAIT_FINISHED : HS_C_WAIT_CERT_CR;
    return WARD_OK;
}

static int client_recv_cr(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    certificate_request cr;
    TRY(certificate_request13_parse(body, &cr));
    /* RFC 8446 4.3.2: the context is empty during the main handshake. */
    ENSURE(reader_empty(&cr.context), WARD_E_ILLEGAL_PARAMETER);
    tls13_store_peer_sigalgs(c, cr.sigalgs);
    c->cert_requested = true;
    c->my_cert = NULL;
    for (size_t i = 0; i < c->cfg->n_certs && c->my_cert == NULL; i++) {
        uint16_t s = tls13_pick_sigalg(c, &c->cfg->certs[i], c->peer_sigalgs, c->n_peer_sigalgs);
        if (s) {
            c->my_cert = &c->cfg->certs[i];
            c->my_sigalg = s;
        }
    }
    conn_note(c, "server requests a client certificate; %s",
              c->my_cert ? "sending ours" : "none suitable, sending an empty Certificate");
    TRY(transcript_add(&c->ts, msg, len));
    c->state = HS_C_WAIT_CERT;
    return WARD_OK;
}

static int client_recv_cert(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    bool empty;
    TRY(tls13_recv_certificate(c, body, &empty));
    /* RFC 8446 4.4.2.4: an empty server Certificate is decode_error. */
    ENSURE(!empty, WARD_E_DECODE);
    TRY(transcript_add(&c->ts, msg, len));
    c->state = HS_C_WAIT_CV;
    return WARD_OK;
}

static int client_recv_cv(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    TRY(tls13_recv_certificate_verify(c, body));
    TRY(transcript_add(&c->ts, msg, len));
    c->state = HS_C_WAIT_FINISHED;
    return WARD_OK;
}

static int client_recv_finished(ward_conn *c, reader body, const uint8_t *msg, size_t len)
{
    TRY(tls13_recv_finished(c, body, c->ks.server_hs));
    TRY(transcript_add(&c->ts, msg, len));
    TRY(tls13_derive_application(c));
    TRY(conn_set_read_secret(c, c->ks.server_ap));
    if (c->cert_requested) {
        TRY(tls13_send_certificate(c, NULL, 0));
        if (c->my_cert)
            TRY(tls13_send_certificate_verify(c));
    }
    TRY(tls13_send_finished(c, c->ks.client_hs));
    TRY(conn_set_write_secret(c, c->ks.client_ap));
    uint8_t th[CRYPTO_MAX_HASH];
    TRY(transcript_hash(&c->ts, th));
    TRY(ks_derive_resumption(&c->ks, th));
    conn_note(c, "handshake complete: %s, %s", ward_suite_name(c->suite),
              ward_group_name(c->group));
    conn_handshake_done(c);
    return WARD_OK;
}

int tls13_client_handle(ward_conn *c, uint8_t type, reader body, const uint8_t *msg, size_t msg_len)
{
    switch (c->state) {
    case HS_C_WAIT_SH:
        ENSURE(type == HS_SERVER_HELLO, WARD_E_UNEXPECTED_MESSAGE);
        return client_recv_sh(c, body, msg, msg_len);
    case HS_C_WAIT_EE:
        ENSURE(type == HS_ENCRYPTED_EXTENSIONS, WARD_E_UNEXPECTED_MESSAGE);
        return client_recv_ee(c, body, msg, msg_len);
    case HS_C_WAIT_CERT_CR:
        if (type == HS_CERTIFICATE_REQUEST)
            return client_recv_cr(c, body, msg, msg_len);
        ENSURE(type == HS_CERTIFICATE, WARD_E_UNEXPECTED_MESSAGE);
        return client_recv_cert(c, body, msg, msg_len);
    case HS_C_WAIT_CERT:
        ENSURE(type == HS_CERTIFICATE, WARD_E_UNEXPECTED_MESSAGE);
        return client_recv_cert(c, body, msg, msg_len);
    case HS_C_WAIT_CV:
        ENSURE(type == HS_CERTIFICATE_VERIFY, WARD_E_UNEXPECTED_MESSAGE);
        return client_recv_cv(c, body, msg, msg_len);
    case HS_C_WAIT_FINISHED:
        ENSURE(type == HS_FINISHED, WARD_E_UNEXPECTED_MESSAGE);
        return client_recv_finished(c, body, msg, msg_len);
    default: return WARD_E_UNEXPECTED_MESSAGE;
    }
}
