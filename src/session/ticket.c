/* ticket.c -- RFC 5077 4 ticket keys: sealing sessions into tickets, and the
 * current/previous key rotation.
 *
 * A ticket is key_name(16) || nonce(12) || AES-256-GCM(session_encode(s)),
 * with the key name as additional data so a ticket cannot be moved to another
 * key. Nonces are random: a key seals for at most rotate_secs, far below the
 * 2^32 messages NIST SP 800-38D allows for random 96-bit GCM nonces.
 *
 * Each key keeps one sealing and one opening AEAD context, keyed once when the
 * key is made; the raw key bytes are wiped right after. A config (and so its
 * ticket_keys) is shared by every connection and thread, and a cipher context
 * is mutable state, so one mutex covers the keys and both contexts. Sealing a
 * ticket is a few microseconds of AES-GCM, once per handshake. */
#include "session/session.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

typedef struct ticket_key {
    bool present;
    uint8_t name[TICKET_KEY_NAME];
    aead_ctx *seal;
    aead_ctx *open;
    uint64_t since;   /* current key: when it became current */
    uint64_t retired; /* previous key: when it stopped sealing */
    bool no_expiry;   /* caller-given previous key: opens until replaced */
} ticket_key;

struct ticket_keys {
    pthread_mutex_t lock;
    ticket_key current;
    ticket_key previous;
    uint32_t rotate_secs;
    uint32_t window_secs;
    bool started; /* current.since is known (the first call with a time) */
    bool manual;  /* keys were given by the caller: no automatic rotation */
};

static void key_clear(ticket_key *t)
{
    aead_free(t->seal);
    aead_free(t->open);
    mem_wipe(t, sizeof *t);
}

/* Makes a key from name || key bytes (TICKET_KEY_NAME + TICKET_KEY_LEN). */
static int key_make(const uint8_t *material, ticket_key *out)
{
    memset(out, 0, sizeof *out);
    memcpy(out->name, material, TICKET_KEY_NAME);
    const uint8_t *key = material + TICKET_KEY_NAME;
    int rc = aead_new(AEAD_AES_256_GCM, key, true, &out->seal);
    if (rc == WARD_OK)
        rc = aead_new(AEAD_AES_256_GCM, key, false, &out->open);
    if (rc != WARD_OK) {
        key_clear(out);
        return rc;
    }
    out->present = true;
    return WARD_OK;
}

static int key_random(ticket_key *out)
{
    uint8_t material[TICKET_KEY_NAME + TICKET_KEY_LEN];
    int rc = crypto_random(material, sizeof material);
    if (rc == WARD_OK)
        rc = key_make(material, out);
    mem_wipe(material, sizeof material);
    return rc;
}

int ticket_keys_new(uint32_t rotate_secs, uint32_t window_secs, ticket_keys **out)
{
    ENSURE(out != NULL, WARD_E_INVALID_ARGUMENT);
    *out = NULL;
    ticket_keys *k = calloc(1, sizeof *k);
    ENSURE(k != NULL, WARD_E_NOMEM);
    if (pthread_mutex_init(&k->lock, NULL) != 0) {
        free(k);
        return WARD_E_INTERNAL;
    }
    k->rotate_secs = rotate_secs;
    k->window_secs = window_secs;
    int rc = key_random(&k->current);
    if (rc != WARD_OK) {
        ticket_keys_free(k);
        return rc;
    }
    *out = k;
    return WARD_OK;
}

void ticket_keys_free(ticket_keys *k)
{
    if (k == NULL)
        return;
    key_clear(&k->current);
    key_clear(&k->previous);
    pthread_mutex_destroy(&k->lock);
    mem_free_secret(k, sizeof *k);
}

/* Whether the previous key may still open tickets at now. */
static bool previous_usable(const ticket_keys *k, uint64_t now)
{
    const ticket_key *p = &k->previous;
    if (!p->present)
        return false;
    if (p->no_expiry || now < p->retired)
        return true;
    return now - p->retired < k->window_secs;
}

/* Makes a fresh current key; the old one becomes previous, retired at
 * retired_at. On failure nothing changes (a later call retries). */
static void rotate_locked(ticket_keys *k, uint64_t now, uint64_t retired_at)
{
    ticket_key fresh;
    if (key_random(&fresh) != WARD_OK)
        return;
    key_clear(&k->previous);
    k->previous = k->current;
    k->previous.retired = retired_at;
    k->previous.no_expiry = false;
    k->current = fresh;
    k->current.since = now;
    mem_wipe(&fresh, sizeof fresh);
}

/* Rotates when due, and drops a previous key whose window has passed. */
static void maintain_locked(ticket_keys *k, uint64_t now, bool force)
{
    if (!k->started) {
        k->started = true;
        k->current.since = now;
    }
    if (force) {
        rotate_locked(k, now, now);
    } else if (!k->manual && k->rotate_secs != 0 && now >= k->current.since &&
               now - k->current.since >= k->rotate_secs) {
        /* Every seal runs this first, so no ticket was sealed under the key
         * after its scheduled end: the window counts from there, even when
         * the key outlived it because no handshake came along. */
        rotate_locked(k, now, k->current.since + k->rotate_secs);
    }
    if (k->previous.present && !previous_usable(k, now))
        key_clear(&k->previous);
}

void ticket_keys_rotate(ticket_keys *k, uint64_t now, bool force)
{
    if (k == NULL)
        return;
    pthread_mutex_lock(&k->lock);
    maintain_locked(k, now, force);
    pthread_mutex_unlock(&k->lock);
}

int ticket_keys_set(ticket_keys *k, const uint8_t *keys, size_t n_keys)
{
    ENSURE(k != NULL && keys != NULL, WARD_E_INVALID_ARGUMENT);
    ENSURE(n_keys == 1 || n_keys == 2, WARD_E_INVALID_ARGUMENT);
    const size_t stride = TICKET_KEY_NAME + TICKET_KEY_LEN;
    /* Two keys with one name would make the previous key unreachable. */
    ENSURE(n_keys == 1 || memcmp(keys, keys + stride, TICKET_KEY_NAME) != 0,
           WARD_E_INVALID_ARGUMENT);

    ticket_key current, previous;
    memset(&previous, 0, sizeof previous);
    TRY(key_make(keys, &current));
    if (n_keys == 2) {
        int rc = key_make(keys + stride, &previous);
        if (rc != WARD_OK) {
            key_clear(&current);
            return rc;
        }
        previous.no_expiry = true;
    }

    pthread_mutex_lock(&k->lock);
    key_clear(&k->current);
    key_clear(&k->previous);
    current.since = k->started ? k->current.since : 0;
    k->current = current;
    k->previous = previous;
    k->manual = true;
    pthread_mutex_unlock(&k->lock);

    mem_wipe(&current, sizeof current);
    mem_wipe(&previous, sizeof previous);
    return WARD_OK;
}

int ticket_seal(ticket_keys *k, uint64_t now, const session *s, uint8_t *out, size_t cap,
                size_t *len)
{
    ENSURE(k != NULL && s != NULL && out != NULL && len != NULL, WARD_E_INVALID_ARGUMENT);
    *len = 0;
    uint8_t plain[SESSION_MAX_ENCODED];
    size_t plain_len;
    TRY(session_encode(s, plain, sizeof plain, &plain_len));
    size_t total = TICKET_OVERHEAD + plain_len;
    if (total > SESSION_MAX_TICKET || total > cap) {
        mem_wipe(plain, plain_len);
        return WARD_E_INVALID_ARGUMENT;
    }

    uint8_t *name = out;
    uint8_t *nonce = out + TICKET_KEY_NAME;
    uint8_t *body = nonce + CRYPTO_AEAD_IV;
    int rc = crypto_random(nonce, CRYPTO_AEAD_IV);
    if (rc == WARD_OK) {
        pthread_mutex_lock(&k->lock);
        maintain_locked(k, now, false);
        memcpy(name, k->current.name, TICKET_KEY_NAME);
        rc = aead_seal(k->current.seal, nonce, name, TICKET_KEY_NAME, plain, plain_len, body);
        pthread_mutex_unlock(&k->lock);
    }
    mem_wipe(plain, plain_len);
    if (rc != WARD_OK) {
        mem_wipe(out, total);
        return rc;
    }
    *len = total;
    return WARD_OK;
}

/* The opening context for a key name, or NULL when no usable key has it. */
static aead_ctx *key_for_name_locked(ticket_keys *k, uint64_t now, const uint8_t *name)
{
    if (mem_ct_equal(name, k->current.name, TICKET_KEY_NAME))
        return k->current.open;
    if (previous_usable(k, now) && mem_ct_equal(name, k->previous.name, TICKET_KEY_NAME))
        return k->previous.open;
    return NULL;
}

int ticket_open(ticket_keys *k, uint64_t now, const uint8_t *ticket, size_t len, session *s)
{
    ENSURE(k != NULL && s != NULL, WARD_E_INVALID_ARGUMENT);
    session_wipe(s);
    /* RFC 5077 3.4: a ticket that does not open means a full handshake. */
    if (ticket == NULL || len < TICKET_OVERHEAD || len > SESSION_MAX_TICKET)
        return 0;
    size_t plain_len = len - TICKET_OVERHEAD;
    if (plain_len > SESSION_MAX_ENCODED)
        return 0;

    const uint8_t *name = ticket;
    const uint8_t *nonce = ticket + TICKET_KEY_NAME;
    const uint8_t *body = nonce + CRYPTO_AEAD_IV;
    uint8_t plain[SESSION_MAX_ENCODED];

    pthread_mutex_lock(&k->lock);
    maintain_locked(k, now, false);
    aead_ctx *ctx = key_for_name_locked(k, now, name);
    int rc = WARD_E_BAD_RECORD_MAC;
    if (ctx != NULL)
        rc = aead_open(ctx, nonce, name, TICKET_KEY_NAME, body,
                       len - TICKET_KEY_NAME - CRYPTO_AEAD_IV, plain);
    pthread_mutex_unlock(&k->lock);

    int result;
    if (rc == WARD_E_BAD_RECORD_MAC)
        result = 0;
    else if (rc != WARD_OK)
        result = rc;
    else if (session_decode(plain, plain_len, s) != WARD_OK || !session_alive(s, now))
        result = 0;
    else
        result = 1;
    mem_wipe(plain, sizeof plain);
    if (result != 1)
        session_wipe(s);
    return result;
}
