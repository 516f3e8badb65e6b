/* record_mac.h -- HMAC for TLS 1.2 CBC records (src/crypto/ only): a keyed HMAC
 * whose key blocks are hashed once, with an ordinary MAC and one that takes the
 * same time for every message length in a range (record_mac.c says how). */
#ifndef WARD_CRYPTO_RECORD_MAC_H
#define WARD_CRYPTO_RECORD_MAC_H

#include "crypto/crypto.h"

typedef struct record_mac record_mac;

/* alg: HASH_SHA1, HASH_SHA256 or HASH_SHA384; key of cbc_mac_size(alg) bytes. */
MUST_CHECK int record_mac_new(hash_alg alg, const uint8_t *key, size_t key_len, record_mac **out);
void record_mac_free(record_mac *m); /* wipes the keyed states */

/* HMAC(key, hdr || data); out holds cbc_mac_size(alg) bytes. */
MUST_CHECK int record_mac_plain(const record_mac *m, const uint8_t *hdr, size_t hdr_len,
                                const uint8_t *data, size_t len, uint8_t *out);
/* HMAC(key, hdr || data[0..n)) for a secret n in [n_min, n_max]: see cbc_mac_ct. */
MUST_CHECK int record_mac_ct(const record_mac *m, const uint8_t *hdr, size_t hdr_len,
                             const uint8_t *data, size_t n, size_t n_min, size_t n_max,
                             uint8_t *out);

#endif
