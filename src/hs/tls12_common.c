/* tls12_common.c -- TLS 1.2 secrets, ChangeCipherSpec, Finished and
 * CertificateVerify, shared by both roles (RFC 5246 7.4, 8; RFC 7627). */
#include "hs/tls12.h"

#include <string.h>

#include "base/mem.h"
#include "hs/prf.h"

const uint8_t TLS12_DOWNGRADE_SENTINEL[8] = {0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01};

int tls12_make_master(ward_conn *c)
{
    uint8_t session_hash[CRYPTO_MAX_HASH];
    size_t hlen = hash_size(c->si->hash);
    TRY(transcript_hash(&c->ts, session_hash));
    int rc = prf12_master_secret(c->si->hash, c->pms, c->pms_len, c->ems, session_hash, hlen,
                                 c->client_random, c->server_random, c->master);
    mem_wipe(c->pms, sizeof c->pms);
    c->pms_len = 0;
    TRY(rc);
    config_keylog(c->cfg, "CLIENT_RANDOM", c->client_random, c->master, sizeof c->master);
    return WARD_OK;
}

/* AEAD suites: the key block's keys and fixed IVs (RFC 5246 6.3), derived for
 * the first of the two sides of a handshake and wiped after the second. */
static int tls12_install_aead(ward_conn *c, record_dir *d, bool client_side, bool encrypt)
{
    int rc = WARD_OK;
    if (c->kb.installed == 0)
        rc = prf12_key_block(c->si->hash, c->si->aead, c->master, c->client_random,
                             c->server_random, c->kb.ck, c->kb.sk, c->kb.civ, c->kb.siv);
    if (rc == WARD_OK) {
        record_dir_clear(d);
        rc = record_dir_set_tls12(d, c->si->aead, client_side ? c->kb.ck : c->kb.sk,
                                  client_side ? c->kb.civ : c->kb.siv, encrypt);
    }
    if (rc != WARD_OK || ++c->kb.installed == 2)
        mem_wipe(&c->kb, sizeof c->kb);
    return rc;
}

/* CBC suites: MAC keys and encryption keys (RFC 5246 6.3), with or without
 * encrypt-then-MAC as negotiated (RFC 7366). */
static int tls12_install_cbc(ward_conn *c, record_dir *d, bool client_side, bool encrypt)
{
    const suite_info *si = c->si;
    size_t mac_len = cbc_mac_size(si->mac), key_len = cbc_key_size(si->cbc);
    uint8_t cm[PRF12_MASTER_LEN], sm[PRF12_MASTER_LEN], ck[CRYPTO_MAX_KEY], sk[CRYPTO_MAX_KEY];
    int rc = prf12_key_block_cbc(si->hash, mac_len, key_len, c->master, c->client_random,
                                 c->server_random, cm, sm, ck, sk);
    if (rc == WARD_OK) {
        record_dir_clear(d);
        rc = record_dir_set_tls12_cbc(d, si->cbc, si->mac, client_side ? cm : sm,
                                      client_side ? ck : sk, c->etm, encrypt);
    }
    mem_wipe(cm, sizeof cm);
    mem_wipe(sm, sizeof sm);
    mem_wipe(ck, sizeof ck);
    mem_wipe(sk, sizeof sk);
    return rc;
}

/* Derives the key block and installs one side's keys into d. */
static int tls12_install(ward_conn *c, record_dir *d, bool client_side, bool encrypt)
{
    if (suite_is_cbc(c->si))
        return tls12_install_cbc(c, d, client_side, encrypt);
    return tls12_install_aead(c, d, client_side, encrypt);
}

int tls12_prepare_read_keys(ward_conn *c)
{
    return tls12_install(c, &c->next_rd, c->role == WARD_SERVER, false);
}

int tls12_recv_ccs(ward_conn *c)
{
    ENSURE(record_dir_protected(&c->next_rd), WARD_E_UNEXPECTED_CCS);
    /* RFC 5077 3.3: a promised NewSessionTicket comes before the CCS. */
    ENSURE(!c->expect_nst, WARD_E_UNEXPECTED_CCS);
    record_dir_clear(&c->rd);
    c->rd = c->next_rd;
    memset(&c->next_rd, 0, sizeof c->next_rd);
    c->read_key_changed = true;
    c->state = c->role == WARD_CLIENT ? HS_C12_WAIT_FINISHED : HS_S12_WAIT_FINISHED;
    return WARD_OK;
}

int tls12_send_ccs(ward_conn *c)
{
    TRY(conn_send_ccs(c));
    return tls12_install(c, &c->wr, c->role == WARD_CLIENT, true);
}

int tls12_send_finished(ward_conn *c)
{
    uint8_t th[CRYPTO_MAX_HASH], verify[12];
    bool client = c->role == WARD_CLIENT;
    TRY(transcript_hash(&c->ts, th));
    TRY(prf12_finished(c->si->hash, c->master, client, th, hash_size(c->si->hash), verify));
    memcpy(client ? c->client_verify : c->server_verify, verify, sizeof verify);
    size_t start = c->hs_out.len;
    TRY(finished_write(&c->hs_out, verify, sizeof verify));
    return conn_hs_sent(c, start);
}

int tls12_recv_finished(ward_conn *c, reader body)
{
    const uint8_t *got;
    uint8_t th[CRYPTO_MAX_HASH], want[12];
    bool peer_is_client = c->role == WARD_SERVER;
    TRY(finished_parse(body, sizeof want, &got));
    TRY(transcript_hash(&c->ts, th));
    TRY(prf12_finished(c->si->hash, c->master, peer_is_client, th, hash_size(c->si->hash), want));
    /* RFC 5246 7.4.9: the peer's verify_data must match; constant time. */
    int same = mem_ct_equal(got, want, sizeof want);
    ENSURE(same, WARD_E_BAD_FINISHED);
    memcpy(peer_is_client ? c->client_verify : c->server_verify, want, sizeof want);
    return WARD_OK;
}

int tls12_send_certificate(ward_conn *c)
{
    const uint8_t *der[CERT_MAX_CHAIN];
    size_t len[CERT_MAX_CHAIN];
    size_t n;
    TRY(hs_my_chain(c, der, len, &n));
    size_t start = c->hs_out.len;
    TRY(certificate12_write(&c->hs_out, der, len, n));
    return conn_hs_sent(c, start);
}

int tls12_send_certificate_verify(ward_conn *c)
{
    uint8_t sig[CRYPTO_MAX_SIG];
    size_t sig_len;
    TRY(writer_finish(&c->hs_log));
    TRY(sig_sign(c->my_cert->key, c->my_sigalg, c->hs_log.p, c->hs_log.len, sig, sizeof sig,
                 &sig_len));
    size_t start = c->hs_out.len;
    TRY(certificate_verify_write(&c->hs_out, c->my_sigalg, sig, sig_len));
    return conn_hs_sent(c, start);
}

int tls12_recv_certificate_verify(ward_conn *c, reader body)
{
    certificate_verify cv;
    TRY(certificate_verify_parse(body, &cv));
    /* RFC 5246 7.4.8: a scheme from our CertificateRequest, suiting the key. */
    ENSURE(hs_sigalg_offered(c, cv.scheme) && sigalg_allowed_in_tls12(cv.scheme),
           WARD_E_ILLEGAL_PARAMETER);
    ENSURE(sig_scheme_fits_key(cv.scheme, c->peer_key), WARD_E_ILLEGAL_PARAMETER);
    TRY(writer_finish(&c->hs_log));
    return sig_verify(c->peer_key, cv.scheme, c->hs_log.p, c->hs_log.len, cv.sig, cv.sig_len);
}

uint16_t tls12_pick_sigalg(const ward_conn *c, const config_cert *cc)
{
    const policy *p = &c->cfg->pol;
    for (size_t i = 0; i < p->n_sigalgs; i++) {
        uint16_t s = p->sigalgs[i];
        if (!sigalg_allowed_in_tls12(s) || !sig_scheme_fits_key(s, cc->key))
            continue;
        for (size_t j = 0; j < c->n_peer_sigalgs; j++)
            if (c->peer_sigalgs[j] == s)
                return s;
    }
    return 0;
}
