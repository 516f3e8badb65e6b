/* resume.c -- session resumption for both versions: what a client offers and
 * remembers, what a server accepts (RFC 5077, RFC 5246 7.3, RFC 7627 5.3,
 * RFC 8446 4.2.11, 4.6.1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "hs/tls13.h"

/* ---- client ---- */

static bool client_may_offer(const ward_conn *c, const session *s)
{
    const policy *p = &c->cfg->pol;
    const suite_info *si = suite_find(s->suite);
    if (si == NULL || si->version != s->version)
        return false;
    if (s->version < p->min_version || s->version > p->max_version)
        return false;
    bool listed = false;
    for (size_t i = 0; i < p->n_suites; i++)
        listed |= p->suites[i] == s->suite;
    /* RFC 7627 5.3: a TLS 1.2 session without EMS is never resumed. */
    if (!listed || (s->version == VERSION_TLS12 && !s->ems))
        return false;
    if (s->version == VERSION_TLS13 && s->ticket_len == 0)
        return false;
    /* Sessions belong to the name they were made for. */
    return strcmp(s->server_name, c->server_name) == 0 && session_alive(s, config_now(c->cfg));
}

void resume_client_pick(ward_conn *c)
{
    c->offered = false;
    if (c->renegotiating)
        return;
    if (!c->session_set) {
        if (c->cfg->store == NULL || c->server_name[0] == '\0')
            return;
        /* Taken out of the store: a TLS 1.3 ticket is used once (RFC 8446
         * C.4); a TLS 1.2 session goes back when the handshake completes. */
        session *s = conn_session(&c->offer);
        if (!s || !session_store_get(c->cfg->store, c->server_name, config_now(c->cfg), true, s))
            return;
    }
    c->offered = c->offer && client_may_offer(c, c->offer);
    if (c->offered && c->offer->version == VERSION_TLS12 && c->offer->ticket_len == 0) {
        /* RFC 5246 7.4.1.2: resuming by ID sends the session's ID. */
        memcpy(c->session_id, c->offer->id, c->offer->id_len);
        c->session_id_len = c->offer->id_len;
    }
}

int resume_client_binder(ward_conn *c, size_t start)
{
    hash_alg alg = suite_find(c->offer->suite)->hash;
    size_t blen = hash_size(alg);
    size_t msg_len = c->hs_out.len - start;
    ENSURE(msg_len > 3 + blen, WARD_E_INTERNAL);
    uint8_t th[CRYPTO_MAX_HASH], binder_key[CRYPTO_MAX_HASH];
    key_schedule early;
    /* RFC 8446 4.2.11.2: HMAC over the transcript up to the binders list. */
    int rc = transcript_hash_with(&c->ts, alg, c->hs_out.p + start, msg_len - 3 - blen, th);
    if (rc == WARD_OK)
        rc = ks_init(&early, alg, c->offer->secret, c->offer->secret_len);
    if (rc == WARD_OK)
        rc = ks_binder_key(&early, false, binder_key);
    if (rc == WARD_OK)
        rc = ks_finished(alg, binder_key, th, c->hs_out.p + c->hs_out.len - blen);
    ks_wipe(&early);
    mem_wipe(binder_key, sizeof binder_key);
    return rc;
}

void resume_client_remember(ward_conn *c, session *s)
{
    snprintf(s->server_name, sizeof s->server_name, "%s", c->server_name);
    snprintf(s->alpn, sizeof s->alpn, "%s", c->has_alpn ? c->alpn : "");
    s->peer_verified = c->peer_verified;
    if (c->cfg->store && c->server_name[0])
        session_store_put(c->cfg->store, c->server_name, s);
    /* Kept encoded: a few hundred bytes instead of a whole session struct. */
    size_t n = session_encoded_size(s);
    uint8_t *enc = malloc(n);
    if (enc && session_encode(s, enc, n, &n) != WARD_OK) {
        free(enc);
        enc = NULL;
    }
    mem_free_secret(c->fresh_enc, c->fresh_enc_len);
    c->fresh_enc = enc;
    c->fresh_enc_len = enc ? n : 0;
}

/* ---- server, TLS 1.3 ---- */

/* The first PskIdentity and the first binder of a validated pre_shared_key. */
static int first_psk(const client_hello *ch, reader *identity, uint32_t *age, reader *binder)
{
    reader ids = ch->psk_identities, binders = ch->psk_binders;
    TRY(reader_u16_prefixed(&ids, identity));
    TRY(reader_u32(&ids, age));
    return reader_u8_prefixed(&binders, binder);
}

static bool psk_modes_has(reader modes, uint8_t mode)
{
    uint8_t m;
    while (reader_u8(&modes, &m) == WARD_OK)
        if (m == mode)
            return true;
    return false;
}

/* RFC 8446 4.2.11 / 8.3: the ticket's age as the client states it must be
 * close to what the server computes from the ticket's creation time. */
static bool age_plausible(const session *s, uint32_t obfuscated, uint64_t now)
{
    uint32_t client_ms = obfuscated - s->age_add;
    int64_t server_ms = (int64_t)(now - s->created) * 1000;
    int64_t diff = (int64_t)client_ms - server_ms;
    return diff > -11000 && diff < 11000;
}

int resume_server_psk13(ward_conn *c, const client_hello *ch, const uint8_t *msg)
{
    c->resumed = false;
    c->client_psk_dhe = ch->has_psk_modes && psk_modes_has(ch->psk_modes, 1);
    if (!ch->has_psk)
        return WARD_OK;
    /* RFC 8446 4.2.9: a PSK offer without psk_key_exchange_modes is fatal. */
    ENSURE(ch->has_psk_modes, WARD_E_MISSING_EXTENSION);
    if (!c->client_psk_dhe || !c->cfg->tickets_on || c->cfg->tickets == NULL)
        return WARD_OK;
    reader identity, binder;
    uint32_t age;
    TRY(first_psk(ch, &identity, &age, &binder));
    session s;
    uint64_t now = config_now(c->cfg);
    int rc = ticket_open(c->cfg->tickets, now, reader_ptr(&identity), reader_left(&identity), &s);
    if (rc < 0)
        return rc;
    const suite_info *ssi = rc == 1 ? suite_find(s.suite) : NULL;
    /* RFC 8446 4.2.11: the PSK's hash must be the chosen suite's; a ticket for
     * another name, expired, or of implausible age means a full handshake. */
    bool usable = ssi && s.version == VERSION_TLS13 && ssi->hash == c->si->hash &&
                  strcmp(s.server_name, c->server_name) == 0 && session_alive(&s, now) &&
                  age_plausible(&s, age, now) && s.secret_len == hash_size(c->si->hash);
    if (!usable) {
        session_wipe(&s);
        conn_note(c, "PSK offered but not usable: full handshake");
        return WARD_OK;
    }
    uint8_t th[CRYPTO_MAX_HASH], binder_key[CRYPTO_MAX_HASH], want[CRYPTO_MAX_HASH];
    key_schedule early;
    size_t blen = hash_size(c->si->hash);
    rc = transcript_hash_with(&c->ts, c->si->hash, msg, HS_HEADER_LEN + ch->binders_offset, th);
    if (rc == WARD_OK)
        rc = ks_init(&early, c->si->hash, s.secret, s.secret_len);
    if (rc == WARD_OK)
        rc = ks_binder_key(&early, false, binder_key);
    if (rc == WARD_OK)
        rc = ks_finished(c->si->hash, binder_key, th, want);
    /* RFC 8446 4.2.11: a binder that does not verify aborts the handshake. */
    if (rc == WARD_OK &&
        !(reader_left(&binder) == blen && mem_ct_equal(reader_ptr(&binder), want, blen)))
        rc = WARD_E_BAD_BINDER;
    ks_wipe(&early);
    mem_wipe(binder_key, sizeof binder_key);
    mem_wipe(want, sizeof want);
    if (rc == WARD_OK) {
        memcpy(c->psk, s.secret, s.secret_len);
        c->psk_len = s.secret_len;
        c->resumed = true;
        c->peer_verified = s.peer_verified;
        conn_note(c, "PSK accepted: resuming (ticket of %zu bytes, age %u ms)",
                  reader_left(&identity), (unsigned)(age - s.age_add));
    }
    session_wipe(&s);
    return rc;
}

int resume_server_send_tickets13(ward_conn *c)
{
    if (!c->cfg->tickets_on || c->cfg->tickets == NULL || !c->client_psk_dhe)
        return WARD_OK;
    uint64_t now = config_now(c->cfg);
    for (unsigned i = 0; i < c->cfg->tickets13; i++) {
        session s = {0};
        uint8_t nonce[1] = {(uint8_t)i};
        uint8_t ticket[SESSION_MAX_TICKET];
        size_t ticket_len;
        s.version = VERSION_TLS13;
        s.suite = c->suite;
        s.created = now;
        s.lifetime = c->cfg->session_lifetime;
        s.secret_len = hash_size(c->si->hash);
        s.peer_verified = c->peer_verified;
        snprintf(s.server_name, sizeof s.server_name, "%s", c->server_name);
        snprintf(s.alpn, sizeof s.alpn, "%s", c->has_alpn ? c->alpn : "");
        int rc = crypto_random(&s.age_add, sizeof s.age_add);
        if (rc == WARD_OK)
            rc = ks_resumption_psk(c->si->hash, c->ks.resumption, nonce, sizeof nonce, s.secret);
        if (rc == WARD_OK)
            rc = ticket_seal(c->cfg->tickets, now, &s, ticket, sizeof ticket, &ticket_len);
        if (rc == WARD_OK)
            rc = new_session_ticket13_write(&c->hs_out, s.lifetime, s.age_add, nonce, sizeof nonce,
                                            ticket, ticket_len);
        session_wipe(&s);
        TRY(rc);
    }
    /* Post-handshake messages: not in the transcript. */
    return conn_flush_hs(c);
}

/* ---- server, TLS 1.2 ---- */

static bool offered_suite(const client_hello *ch, uint16_t suite)
{
    return u16_list_contains(ch->suites, suite);
}

/* RFC 7366 3.1: the resumed session keeps its encrypt-then-MAC state, so the
 * client must ask for exactly that; an AEAD session never has it. */
static bool etm_resumable(const ward_conn *c, const suite_info *si, const session *s,
                          const client_hello *ch)
{
    return suite_is_cbc(si) ? s->etm == (ch->has_etm && !c->cfg->no_etm) : !s->etm;
}

int resume_server_find12(ward_conn *c, const client_hello *ch, session *out)
{
    if (c->renegotiating)
        return 0;
    int found = 0;
    reader ticket = ch->session_ticket;
    if (c->cfg->tickets_on && c->cfg->tickets && ch->has_session_ticket && !reader_empty(&ticket))
        found = ticket_open(c->cfg->tickets, config_now(c->cfg), reader_ptr(&ticket),
                            reader_left(&ticket), out) == 1;
    else if (ch->session_id_len > 0)
        found = config_cache_get(c->cfg, ch->session_id, ch->session_id_len, out);
    if (!found)
        return 0;
    const suite_info *si = suite_find(out->suite);
    const policy *p = &c->cfg->pol;
    bool allowed = false;
    for (size_t i = 0; i < p->n_suites; i++)
        allowed |= p->suites[i] == out->suite;
    char sni[SESSION_MAX_NAME + 1] = "";
    if (ch->has_server_name)
        memcpy(sni, ch->server_name, ch->server_name_len);
    /* RFC 7627 5.3: only EMS sessions, only with a client still sending EMS;
     * RFC 6066 3: only for the same name; RFC 5246: the same suite, offered;
     * RFC 7366 3.1: a CBC session only with the client asking for what the
     * session had (encrypt-then-MAC or not). */
    bool ok = si && out->version == VERSION_TLS12 && allowed && offered_suite(ch, out->suite) &&
              out->ems && ch->has_ems && strcmp(out->server_name, sni) == 0 &&
              etm_resumable(c, si, out, ch) && session_alive(out, config_now(c->cfg));
    if (!ok) {
        session_wipe(out);
        conn_note(c, "session found but not resumable: full handshake");
    }
    return ok;
}

int resume_server_session12(ward_conn *c, session *out)
{
    memset(out, 0, sizeof *out);
    out->version = VERSION_TLS12;
    out->suite = c->suite;
    out->ems = c->ems;
    out->etm = c->etm;
    memcpy(out->secret, c->master, sizeof c->master);
    out->secret_len = sizeof c->master;
    out->created = config_now(c->cfg);
    out->lifetime = c->cfg->session_lifetime;
    out->peer_verified = c->peer_verified;
    memcpy(out->id, c->session_id, c->session_id_len);
    out->id_len = c->session_id_len;
    snprintf(out->server_name, sizeof out->server_name, "%s", c->server_name);
    snprintf(out->alpn, sizeof out->alpn, "%s", c->has_alpn ? c->alpn : "");
    return WARD_OK;
}
