/* prf.h -- the TLS 1.2 pseudorandom function and the keys made with it
 * (RFC 5246 5, 6.3, 7.4.9, 8.1; RFC 7627 4).
 *
 * The PRF hash is the suite's: SHA-384 for *_SHA384 suites, SHA-256 for all
 * others (the *_CBC_SHA suites included: RFC 5246 5, SHA-1 is only their MAC).
 * Every function wipes its intermediate values; outputs are the caller's to wipe.
 */
#ifndef WARD_HS_PRF_H
#define WARD_HS_PRF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"

#define PRF12_MASTER_LEN 48
#define PRF12_FINISHED_LEN 12
#define PRF12_RANDOM_LEN 32
#define PRF12_MAX_IV 12 /* ChaCha20-Poly1305; AES-GCM uses 4 (RFC 5288 3) */

/* RFC 5246 5: PRF(secret, label, seed1 || seed2) = P_<alg>(secret, label || seed1
 * || seed2), truncated to out_len bytes. label is an ASCII string without its
 * terminator; either seed may be empty (NULL with length 0). out must not
 * overlap the inputs. WARD_E_INVALID_ARGUMENT for an unknown hash, a NULL label
 * or a NULL seed of non-zero length; WARD_E_NOMEM; WARD_E_CRYPTO. On failure
 * out is wiped. */
MUST_CHECK int prf12(hash_alg alg, const uint8_t *secret, size_t secret_len, const char *label,
                     const uint8_t *seed1, size_t seed1_len, const uint8_t *seed2, size_t seed2_len,
                     uint8_t *out, size_t out_len);

/* The 48-byte master_secret. With the extended master secret (RFC 7627 4,
 * ems = true): PRF(pms, "extended master secret", session_hash), where
 * session_hash is the handshake hash up to and including ClientKeyExchange and
 * the randoms are not used (may be NULL). Without (RFC 5246 8.1):
 * PRF(pms, "master secret", client_random || server_random) and session_hash is
 * not used (may be NULL). */
MUST_CHECK int prf12_master_secret(hash_alg alg, const uint8_t *pms, size_t pms_len, bool ems,
                                   const uint8_t *session_hash, size_t session_hash_len,
                                   const uint8_t client_random[32], const uint8_t server_random[32],
                                   uint8_t out[48]);

/* RFC 5246 6.3: key_block = PRF(master, "key expansion", server_random ||
 * client_random), split in order into client_write_key, server_write_key
 * (aead_key_size(aead) bytes each), client_write_IV, server_write_IV
 * (prf12_iv_size(aead) bytes each). The IVs go to record_dir_set_tls12. */
MUST_CHECK int prf12_key_block(hash_alg alg, aead_alg aead, const uint8_t master[48],
                               const uint8_t client_random[32], const uint8_t server_random[32],
                               uint8_t *client_key, uint8_t *server_key, uint8_t *client_iv,
                               uint8_t *server_iv);

/* RFC 5246 6.3 for a CBC suite: the key block is split into
 * client_write_MAC_key, server_write_MAC_key (mac_len bytes each),
 * client_write_key, server_write_key (key_len bytes each). No IVs: TLS 1.2
 * sends an explicit IV with every record (RFC 5246 6.2.3.2). mac_len is at most
 * 48, key_len at most 32. */
MUST_CHECK int prf12_key_block_cbc(hash_alg alg, size_t mac_len, size_t key_len,
                                   const uint8_t master[48], const uint8_t client_random[32],
                                   const uint8_t server_random[32], uint8_t *client_mac,
                                   uint8_t *server_mac, uint8_t *client_key, uint8_t *server_key);

/* The fixed IV length of a TLS 1.2 AEAD suite: 4 for AES-GCM (the implicit
 * salt, RFC 5288 3), 12 for ChaCha20-Poly1305 (RFC 7905 2); 0 if unknown. */
size_t prf12_iv_size(aead_alg aead);

/* RFC 5246 7.4.9: verify_data = PRF(master, "client finished" or "server
 * finished", handshake_hash)[0..11]; handshake_hash is Hash(handshake_messages)
 * with the suite's hash, up to but not including this Finished. */
MUST_CHECK int prf12_finished(hash_alg alg, const uint8_t master[48], bool client,
                              const uint8_t *handshake_hash, size_t hash_len, uint8_t out[12]);

#endif
