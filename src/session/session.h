/* session.h -- resumable sessions: what is kept, how it is serialised, the
 * server's session-ID cache and its ticket keys. */
#ifndef WARD_SESSION_H
#define WARD_SESSION_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "crypto/crypto.h"

#define SESSION_MAX_SECRET 48
#define SESSION_MAX_ID 32
#define SESSION_MAX_NAME 255
#define SESSION_MAX_TICKET 2048
#define SESSION_MAX_ALPN 255

/* Everything needed to resume. For TLS 1.2: the master secret; for TLS 1.3: the
 * resumption PSK derived from the ticket nonce. */
typedef struct session {
    uint16_t version; /* 0x0303 or 0x0304 */
    uint16_t suite;
    bool ems; /* TLS 1.2: extended master secret was negotiated */
    bool etm; /* TLS 1.2 CBC suites: encrypt-then-MAC (RFC 7366) was negotiated */
    uint8_t secret[SESSION_MAX_SECRET];
    size_t secret_len;
    uint64_t created;                       /* seconds since the epoch, when the session was made */
    uint32_t lifetime;                      /* seconds it may be resumed for */
    uint32_t age_add;                       /* TLS 1.3 ticket_age_add */
    char server_name[SESSION_MAX_NAME + 1]; /* SNI of the original handshake, "" if none */
    char alpn[SESSION_MAX_ALPN + 1];
    bool peer_verified;
    uint8_t id[SESSION_MAX_ID]; /* TLS 1.2 session ID (client and server) */
    size_t id_len;
    uint8_t ticket[SESSION_MAX_TICKET]; /* client: the ticket / PSK identity to send */
    size_t ticket_len;
} session;

/* Wipes the secret. */
void session_wipe(session *s);

/* Whether now (seconds since the epoch) is within the session's lifetime. */
bool session_alive(const session *s, uint64_t now);

/* A versioned, self-describing byte form (for ward_session export/import and
 * for ticket contents). Parsing goes through the codec and rejects anything
 * malformed or with trailing bytes (WARD_E_DECODE / WARD_E_TRAILING_BYTES). */
MUST_CHECK int session_encode(const session *s, uint8_t *out, size_t cap, size_t *len);
MUST_CHECK int session_decode(const uint8_t *in, size_t len, session *s);

/* Added with the implementation (session.c):
 * session_wipe zeroes the whole struct (secret, ticket, names, everything).
 * session_alive also refuses a session created more than 60 s after now (clock
 * skew allowance); a session created up to 60 s ahead is alive if lifetime > 0.
 * session_encode fails with WARD_E_INVALID_ARGUMENT when a length is over its
 * limit, a name is not NUL-terminated within its buffer, or cap is smaller than
 * session_encoded_size(s); session_decode leaves *s zeroed on any failure. */
#define SESSION_MAGIC "WS"
#define SESSION_FORMAT_VERSION 1
/* The largest encoding: header 3, version/suite/flags 5, secret 1+48,
 * created/lifetime/age_add 16, names 2*(1+255), id 1+32, ticket 2+2048. */
#define SESSION_MAX_ENCODED                                                                        \
    (3 + 5 + 1 + SESSION_MAX_SECRET + 16 + 2 * 1 + SESSION_MAX_NAME + SESSION_MAX_ALPN + 1 +       \
     SESSION_MAX_ID + 2 + SESSION_MAX_TICKET)
/* Bytes session_encode would write for s (lengths are not validated here). */
size_t session_encoded_size(const session *s);

/* ---- server: session-ID cache (TLS 1.2) ---- */

/* Bounded in entries, least-recently-used eviction, entries expire with their
 * session's lifetime. Safe for many threads. */
typedef struct session_cache session_cache;
MUST_CHECK int session_cache_new(size_t max_entries, session_cache **out);
void session_cache_free(session_cache *c);
/* Stores a copy under s->id (replacing an entry with the same id). */
MUST_CHECK int session_cache_put(session_cache *c, const session *s);
/* Copies the entry for id into *out when present and alive at now; WARD_OK or
 * WARD_E_INVALID_ARGUMENT-free "not found" as 0/1: returns 1 found, 0 not. */
int session_cache_get(session_cache *c, const uint8_t *id, size_t id_len, uint64_t now,
                      session *out);
void session_cache_remove(session_cache *c, const uint8_t *id, size_t id_len);
size_t session_cache_count(session_cache *c);
/* Bytes held by the cache (entries and index), for the bound test. */
size_t session_cache_bytes(session_cache *c);

/* ---- server: ticket keys (RFC 5077 4, also used for TLS 1.3 tickets) ---- */

#define TICKET_KEY_NAME 16
#define TICKET_KEY_LEN 32

typedef struct ticket_keys ticket_keys;
/* Keys rotate every rotate_secs; a ticket sealed under the previous key still
 * opens for window_secs after the rotation. A random first key is made. */
MUST_CHECK int ticket_keys_new(uint32_t rotate_secs, uint32_t window_secs, ticket_keys **out);
void ticket_keys_free(ticket_keys *k);
/* Replaces the keys with caller-given ones (name 16 bytes || key 32 bytes each,
 * current first); automatic rotation stops. */
MUST_CHECK int ticket_keys_set(ticket_keys *k, const uint8_t *keys, size_t n_keys);
/* Rotates now if due (or when force is set), at time now. */
void ticket_keys_rotate(ticket_keys *k, uint64_t now, bool force);
/* Seals an encoded session into a ticket: key_name(16) || nonce(12) ||
 * AES-256-GCM(ciphertext || tag), with the key name as additional data. */
MUST_CHECK int ticket_seal(ticket_keys *k, uint64_t now, const session *s, uint8_t *out, size_t cap,
                           size_t *len);
/* Opens a ticket. Returns 1 and fills *s when it opens under a usable key and
 * decodes; 0 when it does not (unknown key, key out of its window, bad tag,
 * malformed) -- never an error that would fail a handshake: RFC 5077 3.4
 * says a bad ticket means a full handshake. Negative only on internal failure. */
int ticket_open(ticket_keys *k, uint64_t now, const uint8_t *ticket, size_t len, session *s);

/* Added with the implementation (ticket.c):
 * key_name(16) || nonce(12) || tag(16) around the encoded session. */
#define TICKET_OVERHEAD (TICKET_KEY_NAME + CRYPTO_AEAD_IV + CRYPTO_AEAD_TAG)
/* ticket_seal: WARD_E_INVALID_ARGUMENT when the ticket would exceed
 * SESSION_MAX_TICKET bytes or cap. ticket_open also returns 0 for a session
 * that is no longer alive at now (session_alive), and leaves *s zeroed
 * whenever it returns anything but 1. rotate_secs == 0 disables automatic
 * rotation; the first key's rotation period starts at the first call that
 * passes a time (seal, open or rotate), since ticket_keys_new has no clock.
 * ticket_keys_set takes 1 (current) or 2 (current, previous) keys with
 * distinct names; a caller-given previous key opens until replaced. */

#endif
