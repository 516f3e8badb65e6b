/* tls13_common.c -- authentication messages and secrets shared by both roles. */
#include "hs/tls13.h"

#include <string.h>

#include "base/mem.h"

void tls13_keylog_handshake(ward_conn *c)
{
    size_t n = c->ks.hash_len;
    config_keylog(c->cfg, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", c->client_random, c->ks.client_hs, n);
    config_keylog(c->cfg, "SERVER_HANDSHAKE_TRAFFIC_SECRET", c->client_random, c->ks.server_hs, n);
}

void tls13_keylog_application(ward_conn *c)
{
    size_t n = c->ks.hash_len;
    config_keylog(c->cfg, "CLIENT_TRAFFIC_SECRET_0", c->client_random, c->ks.client_ap, n);
    config_keylog(c->cfg, "SERVER_TRAFFIC_SECRET_0", c->client_random, c->ks.server_ap, n);
    config_keylog(c->cfg, "EXPORTER_SECRET", c->client_random, c->ks.exporter, n);
}

int tls13_send_compat_ccs(ward_conn *c)
{
    return c->ccs_sent ? WARD_OK : conn_send_ccs(c);
}

int tls13_derive_handshake(ward_conn *c, const uint8_t *shared, size_t shared_len)
{
    uint8_t th[CRYPTO_MAX_HASH];
    TRY(transcript_hash(&c->ts, th));
    TRY(ks_init(&c->ks, c->si->hash, c->psk_len ? c->psk : NULL, c->psk_len));
    TRY(ks_derive_handshake(&c->ks, shared, shared_len, th));
    tls13_keylog_handshake(c);
    return WARD_OK;
}

int tls13_derive_application(ward_conn *c)
{
    uint8_t th[CRYPTO_MAX_HASH];
    TRY(transcript_hash(&c->ts, th));
    TRY(ks_derive_application(&c->ks, th));
    tls13_keylog_application(c);
    return WARD_OK;
}

int hs_my_chain(const ward_conn *c, const uint8_t **der, size_t *len, size_t *n)
{
    *n = 0;
    if (c->my_cert == NULL)
        return WARD_OK;
    *n = cert_chain_count(c->my_cert->chain);
    ENSURE(*n <= CERT_MAX_CHAIN, WARD_E_CONFIG);
    for (size_t i = 0; i < *n; i++)
        der[i] = cert_chain_der(c->my_cert->chain, i, &len[i]);
    return WARD_OK;
}

int tls13_send_certificate(ward_conn *c, const uint8_t *context, size_t context_len)
{
    const uint8_t *der[CERT_MAX_CHAIN];
    size_t len[CERT_MAX_CHAIN];
    size_t n;
    TRY(hs_my_chain(c, der, len, &n));
    size_t start = c->hs_out.len;
    TRY(certificate13_write(&c->hs_out, context, context_len, der, len, n));
    return conn_hs_sent(c, start);
}

int tls13_send_certificate_verify(ward_conn *c)
{
    uint8_t th[CRYPTO_MAX_HASH];
    uint8_t content[64 + 34 + CRYPTO_MAX_HASH];
    size_t content_len;
    uint8_t sig[CRYPTO_MAX_SIG];
    size_t sig_len;
    TRY(transcript_hash(&c->ts, th));
    certificate_verify_content(c->role == WARD_SERVER, th, c->ks.hash_len, content, &content_len);
    TRY(sig_sign(c->my_cert->key, c->my_sigalg, content, content_len, sig, sizeof sig, &sig_len));
    size_t start = c->hs_out.len;
    TRY(certificate_verify_write(&c->hs_out, c->my_sigalg, sig, sig_len));
    return conn_hs_sent(c, start);
}

int tls13_send_finished(ward_conn *c, const uint8_t *base_secret)
{
    uint8_t th[CRYPTO_MAX_HASH], verify[CRYPTO_MAX_HASH];
    TRY(transcript_hash(&c->ts, th));
    TRY(ks_finished(c->si->hash, base_secret, th, verify));
    size_t start = c->hs_out.len;
    int rc = finished_write(&c->hs_out, verify, c->ks.hash_len);
    mem_wipe(verify, sizeof verify);
    TRY(rc);
    return conn_hs_sent(c, start);
}

int hs_accept_peer_chain(ward_conn *c, const certificate_msg *cm)
{
    /* A bounded chain: longer ones cost verification time for nothing. */
    if (cm->n > c->cfg->max_chain)
        return conn_fail(c, WARD_E_BAD_CERTIFICATE, "chain of %zu certificates (limit %zu)", cm->n,
                         c->cfg->max_chain);
    cert_chain_free(c->peer_chain);
    c->peer_chain = NULL;
    TRY(cert_chain_from_der(cm->der, cm->der_len, cm->n, c->cfg->peer_certs, &c->peer_chain));
    bool verify = c->cfg->verify_mode != WARD_VERIFY_NONE;
    if (verify) {
        trust_store *trust;
        TRY(config_trust(c->cfg, &trust));
        /* A client checks the name it connected to; a server checks no name. */
        const char *name = c->role == WARD_CLIENT ? c->server_name : NULL;
        char why[128] = "";
        int rc = cert_chain_verify(c->peer_chain, trust, name, c->role == WARD_CLIENT, 0, why,
                                   sizeof why);
        if (rc < 0)
            return conn_fail(c, rc, "%s", why);
        c->peer_verified = true;
    }
    pkey_free(c->peer_key);
    c->peer_key = NULL;
    TRY(cert_chain_leaf_key(c->peer_chain, &c->peer_key));
    ENSURE(pkey_type(c->peer_key) != 0, WARD_E_UNSUPPORTED_CERT);
    conn_note(c, "peer certificate chain of %zu, %s", cm->n,
              verify ? "verified" : "NOT verified (verification off)");
    return WARD_OK;
}

int tls13_recv_certificate(ward_conn *c, reader body, bool *empty)
{
    certificate_msg cm;
    TRY(certificate13_parse(body, &cm));
    /* RFC 8446 4.4.2: the context is empty except in answer to a request. */
    ENSURE(reader_empty(&cm.context), WARD_E_ILLEGAL_PARAMETER);
    *empty = cm.n == 0;
    if (cm.n == 0)
        return WARD_OK;
    return hs_accept_peer_chain(c, &cm);
}

bool hs_sigalg_offered(const ward_conn *c, uint16_t scheme)
{
    for (size_t i = 0; i < c->cfg->pol.n_sigalgs; i++)
        if (c->cfg->pol.sigalgs[i] == scheme)
            return true;
    return false;
}

int tls13_recv_certificate_verify(ward_conn *c, reader body)
{
    certificate_verify cv;
    TRY(certificate_verify_parse(body, &cv));
    /* RFC 8446 4.4.3: the scheme must have been offered, must suit the key, and
     * RSA must be PSS. */
    ENSURE(hs_sigalg_offered(c, cv.scheme) && sigalg_allowed_in_tls13_cv(cv.scheme),
           WARD_E_ILLEGAL_PARAMETER);
    ENSURE(sig_scheme_fits_key(cv.scheme, c->peer_key), WARD_E_ILLEGAL_PARAMETER);
    uint8_t th[CRYPTO_MAX_HASH];
    uint8_t content[64 + 34 + CRYPTO_MAX_HASH];
    size_t content_len;
    /* The transcript excludes this CertificateVerify: it is added after. */
    TRY(transcript_hash(&c->ts, th));
    certificate_verify_content(c->role == WARD_CLIENT, th, c->ks.hash_len, content, &content_len);
    return sig_verify(c->peer_key, cv.scheme, content, content_len, cv.sig, cv.sig_len);
}

int tls13_recv_finished(ward_conn *c, reader body, const uint8_t *base_secret)
{
    const uint8_t *got;
    uint8_t th[CRYPTO_MAX_HASH], want[CRYPTO_MAX_HASH];
    TRY(finished_parse(body, c->ks.hash_len, &got));
    TRY(transcript_hash(&c->ts, th));
    TRY(ks_finished(c->si->hash, base_secret, th, want));
    /* RFC 8446 4.4.4: a wrong verify_data is decrypt_error; compared in
     * constant time. */
    int same = mem_ct_equal(got, want, c->ks.hash_len);
    mem_wipe(want, sizeof want);
    ENSURE(same, WARD_E_BAD_FINISHED);
    return WARD_OK;
}

uint16_t tls13_pick_sigalg(const ward_conn *c, const config_cert *cc, const uint16_t *peer,
                           size_t n_peer)
{
    const policy *p = &c->cfg->pol;
    for (size_t i = 0; i < p->n_sigalgs; i++) {
        uint16_t s = p->sigalgs[i];
        if (!sigalg_allowed_in_tls13_cv(s) || !sig_scheme_fits_key(s, cc->key))
            continue;
        for (size_t j = 0; j < n_peer; j++)
            if (peer[j] == s)
                return s;
    }
    return 0;
}

void tls13_store_peer_sigalgs(ward_conn *c, reader list)
{
    uint16_t v;
    c->n_peer_sigalgs = 0;
    while (c->n_peer_sigalgs < CONN_MAX_PEER_SIGALGS && u16_list_next(&list, &v))
        c->peer_sigalgs[c->n_peer_sigalgs++] = v;
}
