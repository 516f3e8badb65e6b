/* tls12_kx.c -- the TLS 1.2 key exchanges, by suite: ECDHE (RFC 8422 5.4,
 * 5.7), DHE with the RFC 7919 groups only (RFC 5246 7.4.3, 7.4.7.2, 8.1.2) and
 * RSA (RFC 5246 7.4.7.1). Each one leaves the premaster secret in c->pms. */
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

const char *tls12_kx_label(const ward_conn *c)
{
    if (c->resumed)
        return "session resumed (no key exchange)";
    if (c->si->kx == KX_RSA)
        return "RSA key exchange: NOT forward secret";
    return ward_group_name(c->group);
}

/* The DH premaster secret from the peer's value, which may come without its
 * leading zeros: padded to the size of p for kx_derive, which checks
 * 1 < Y < p - 1 (RFC 7919 5.1) and the subgroup. RFC 5246 8.1.2: "Leading
 * bytes of Z that contain all zero bits are stripped before it is used as the
 * pre_master_secret." */
static int dhe_premaster(ward_conn *c, const uint8_t *y, size_t y_len)
{
    size_t size = kx_public_size(c->group);
    while (y_len > 0 && y[0] == 0) {
        y++;
        y_len--;
    }
    ENSURE(y_len > 0 && y_len <= size, WARD_E_BAD_KEY_SHARE);
    uint8_t padded[CRYPTO_MAX_PUB] = {0};
    memcpy(padded + size - y_len, y, y_len);
    TRY(kx_derive(c->kx, padded, size, c->pms, sizeof c->pms, &c->pms_len));
    size_t zeros = 0;
    while (zeros < c->pms_len && c->pms[zeros] == 0)
        zeros++;
    memmove(c->pms, c->pms + zeros, c->pms_len - zeros);
    mem_wipe(c->pms + c->pms_len - zeros, zeros);
    c->pms_len -= zeros;
    return WARD_OK;
}

/* ---- server ---- */

int tls12_server_send_ske(ward_conn *c)
{
    uint8_t pub[CRYPTO_MAX_PUB], sig[CRYPTO_MAX_SIG], p[CRYPTO_MAX_PUB], g[8];
    size_t pub_len, sig_len;
    bool dhe = c->si->kx == KX_DHE;
    server_dh_params dh = {.p = p, .g = g, .ys = pub};
    TRY(kx_generate(c->group, &c->kx));
    TRY(kx_public(c->kx, pub, sizeof pub, &pub_len));
    dh.ys_len = pub_len;
    if (dhe)
        TRY(kx_ffdhe_params(c->group, p, sizeof p, &dh.p_len, g, sizeof g, &dh.g_len));
    /* RFC 5246 7.4.3, RFC 8422 5.4: the signature covers both randoms and the
     * params. */
    writer content;
    writer_init_dynamic(&content, 64 + 16 + 2 * pub_len);
    writer_bytes(&content, c->client_random, 32);
    writer_bytes(&content, c->server_random, 32);
    if (dhe)
        ske_dh_params_write(&content, &dh);
    else
        ske_params_write(&content, c->group, pub, pub_len);
    int rc = writer_finish(&content);
    if (rc == WARD_OK)
        rc = sig_sign(c->my_cert->key, c->my_sigalg, content.p, content.len, sig, sizeof sig,
                      &sig_len);
    writer_free(&content);
    TRY(rc);
    size_t start = c->hs_out.len;
    if (dhe)
        TRY(server_key_exchange_dhe_write(&c->hs_out, &dh, c->my_sigalg, sig, sig_len));
    else
        TRY(server_key_exchange_write(&c->hs_out, c->group, pub, pub_len, c->my_sigalg, sig,
                                      sig_len));
    return conn_hs_sent(c, start);
}

int tls12_server_recv_cke(ward_conn *c, reader body)
{
    const uint8_t *v;
    size_t len;
    switch (c->si->kx) {
    case KX_RSA:
        TRY(client_key_exchange_rsa_parse(body, &v, &len));
        /* RFC 5246 7.4.7.1: a malformed premaster secret MUST NOT be told
         * apart; it goes on, at random, to fail at the Finished like a wrong
         * one. rsa_kx_decrypt returns no error for any ciphertext. */
        c->pms_len = RSA_KX_PMS_LEN;
        return rsa_kx_decrypt(c->my_cert->key, c->client_version, v, len, c->pms);
    case KX_DHE:
        TRY(client_key_exchange_dhe_parse(body, &v, &len));
        return dhe_premaster(c, v, len);
    default:
        TRY(client_key_exchange_ecdhe_parse(body, &v, &len));
        return kx_derive(c->kx, v, len, c->pms, sizeof c->pms, &c->pms_len);
    }
}

/* ---- client ---- */

/* The scheme must be one we offered that fits the key; the signature covers
 * client_random || server_random || params. */
static int ske_verify(const ward_conn *c, const server_key_exchange *ske)
{
    ENSURE(hs_sigalg_offered(c, ske->scheme) && sigalg_allowed_in_tls12(ske->scheme) &&
               sig_scheme_fits_key(ske->scheme, c->peer_key),
           WARD_E_ILLEGAL_PARAMETER);
    writer content;
    writer_init_dynamic(&content, 64 + ske->params_len);
    writer_bytes(&content, c->client_random, 32);
    writer_bytes(&content, c->server_random, 32);
    writer_bytes(&content, ske->params, ske->params_len);
    int rc = writer_finish(&content);
    if (rc == WARD_OK)
        rc = sig_verify(c->peer_key, ske->scheme, content.p, content.len, ske->sig, ske->sig_len);
    writer_free(&content);
    return rc;
}

static int client_ske_ecdhe(ward_conn *c, reader body)
{
    const policy *p = &c->cfg->pol;
    server_key_exchange ske;
    TRY(server_key_exchange_parse(body, &ske));
    /* RFC 8422 5.4: a curve the client offered. */
    ENSURE(in_list(p->groups, p->n_groups, ske.group) && !kx_group_is_ffdhe(ske.group),
           WARD_E_ILLEGAL_PARAMETER);
    TRY(ske_verify(c, &ske));
    c->group = ske.group;
    TRY(kx_generate(ske.group, &c->kx));
    return kx_derive(c->kx, ske.pub, ske.pub_len, c->pms, sizeof c->pms, &c->pms_len);
}

/* RFC 7919 3: a client that listed FFDHE groups takes one of those; one that
 * listed none (its groups were narrowed to curves) takes any RFC 7919 group. */
static bool ffdhe_acceptable(const ward_conn *c, uint16_t group)
{
    const policy *p = &c->cfg->pol;
    bool listed_any = false;
    for (size_t i = 0; i < p->n_groups; i++) {
        if (p->groups[i] == group)
            return true;
        listed_any |= kx_group_is_ffdhe(p->groups[i]);
    }
    return !listed_any;
}

static int client_ske_dhe(ward_conn *c, reader body)
{
    server_dh_params dh;
    server_key_exchange ske;
    TRY(server_key_exchange_dhe_parse(body, &dh, &ske));
    /* Logjam: only the RFC 7919 groups, exactly, so never one under 2048 bits
     * nor one the server made up; RFC 7919 3 has the client refuse what its
     * policy does not accept with insufficient_security. */
    uint16_t group = kx_ffdhe_group_of(dh.p, dh.p_len, dh.g, dh.g_len);
    ENSURE(group != 0 && ffdhe_acceptable(c, group), WARD_E_INSUFFICIENT_SECURITY);
    TRY(ske_verify(c, &ske));
    c->group = group;
    TRY(kx_generate(group, &c->kx));
    return dhe_premaster(c, dh.ys, dh.ys_len);
}

int tls12_client_recv_ske(ward_conn *c, reader body)
{
    if (c->si->kx == KX_DHE)
        return client_ske_dhe(c, body);
    return client_ske_ecdhe(c, body);
}

/* RFC 5246 7.4.7.1: client_version (ClientHello.client_version, 0x0303 in
 * every hello ward sends) || 46 random bytes, encrypted to the certificate's
 * key. */
static int client_rsa_premaster(ward_conn *c, uint8_t *ct, size_t cap, size_t *len)
{
    c->pms[0] = VERSION_TLS12 >> 8;
    c->pms[1] = VERSION_TLS12 & 0xff;
    TRY(crypto_random(c->pms + 2, RSA_KX_PMS_LEN - 2));
    c->pms_len = RSA_KX_PMS_LEN;
    return rsa_kx_encrypt(c->peer_key, c->pms, ct, cap, len);
}

int tls12_client_send_cke(ward_conn *c)
{
    uint8_t value[CRYPTO_MAX_SIG];
    size_t len;
    size_t start = c->hs_out.len;
    if (c->si->kx == KX_RSA) {
        TRY(client_rsa_premaster(c, value, sizeof value, &len));
        TRY(client_key_exchange_u16_write(&c->hs_out, value, len));
    } else {
        TRY(kx_public(c->kx, value, sizeof value, &len));
        if (c->si->kx == KX_DHE)
            TRY(client_key_exchange_u16_write(&c->hs_out, value, len));
        else
            TRY(client_key_exchange_ecdhe_write(&c->hs_out, value, len));
    }
    kx_free(c->kx);
    c->kx = NULL;
    return conn_hs_sent(c, start);
}
