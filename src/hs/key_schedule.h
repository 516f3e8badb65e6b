/* key_schedule.h -- the TLS 1.3 key schedule (RFC 8446 7.1) and its helpers. */
#ifndef WARD_HS_KEY_SCHEDULE_H
#define WARD_HS_KEY_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"

/* HKDF-Expand-Label(secret, label, context, length); label without "tls13 ". */
MUST_CHECK int hkdf_expand_label(hash_alg alg, const uint8_t *secret, size_t secret_len,
                                 const char *label, const uint8_t *context, size_t context_len,
                                 uint8_t *out, size_t out_len);

/* Derive-Secret(secret, label, transcript_hash) where transcript_hash is already
 * the hash of the messages (hash_size(alg) bytes). */
MUST_CHECK int derive_secret(hash_alg alg, const uint8_t *secret, const char *label,
                             const uint8_t *transcript_hash, uint8_t *out);

typedef struct key_schedule {
    hash_alg alg;
    size_t hash_len;
    uint8_t secret[CRYPTO_MAX_HASH]; /* the current stage: early, handshake, master */
    uint8_t client_hs[CRYPTO_MAX_HASH];
    uint8_t server_hs[CRYPTO_MAX_HASH];
    uint8_t client_ap[CRYPTO_MAX_HASH];
    uint8_t server_ap[CRYPTO_MAX_HASH];
    uint8_t exporter[CRYPTO_MAX_HASH];
    uint8_t resumption[CRYPTO_MAX_HASH];
} key_schedule;

/* Early Secret = HKDF-Extract(0, psk or 0^hash_len). */
MUST_CHECK int ks_init(key_schedule *ks, hash_alg alg, const uint8_t *psk, size_t psk_len);
/* Handshake Secret from the (EC)DHE shared secret; derives client_hs and server_hs
 * with th = Transcript-Hash(ClientHello..ServerHello). */
MUST_CHECK int ks_derive_handshake(key_schedule *ks, const uint8_t *shared, size_t shared_len,
                                   const uint8_t *th);
/* Master Secret; derives client_ap, server_ap and exporter with
 * th = Transcript-Hash(ClientHello..server Finished). */
MUST_CHECK int ks_derive_application(key_schedule *ks, const uint8_t *th);
/* resumption_master_secret with th = Transcript-Hash(ClientHello..client Finished). */
MUST_CHECK int ks_derive_resumption(key_schedule *ks, const uint8_t *th);
/* Wipes everything. */
void ks_wipe(key_schedule *ks);

/* [sender]_write_key and [sender]_write_iv from a traffic secret. */
MUST_CHECK int ks_traffic_keys(hash_alg alg, aead_alg aead, const uint8_t *secret, uint8_t *key,
                               uint8_t iv[CRYPTO_AEAD_IV]);
/* Finished verify_data = HMAC(finished_key(secret), th). out holds hash_len. */
MUST_CHECK int ks_finished(hash_alg alg, const uint8_t *secret, const uint8_t *th, uint8_t *out);
/* application_traffic_secret_N+1 = HKDF-Expand-Label(N, "traffic upd", "", len), in place. */
MUST_CHECK int ks_next_traffic_secret(hash_alg alg, uint8_t *secret);

/* binder_key = Derive-Secret(Early Secret, "ext binder" | "res binder", "")
 * (RFC 8446 7.1). Call after ks_init with the PSK. out holds hash_len. */
MUST_CHECK int ks_binder_key(const key_schedule *ks, bool external, uint8_t *out);
/* The PSK of a ticket: HKDF-Expand-Label(resumption_master_secret, "resumption",
 * ticket_nonce, Hash.length) (RFC 8446 4.6.1). out holds hash_size(alg). */
MUST_CHECK int ks_resumption_psk(hash_alg alg, const uint8_t *resumption, const uint8_t *nonce,
                                 size_t nonce_len, uint8_t *out);
/* TLS-Exporter(label, context, out_len) from the exporter_master_secret
 * (RFC 8446 7.5). Requires ks_derive_application. */
MUST_CHECK int ks_export(const key_schedule *ks, const char *label, const uint8_t *context,
                         size_t context_len, uint8_t *out, size_t out_len);

#endif
