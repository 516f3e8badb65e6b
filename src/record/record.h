/* record.h -- the record layer: framing and protection of one direction.
 *
 * A record_dir holds the keys of one direction (read or write). Before keys are
 * installed it passes plaintext records through. Keys come with a framing:
 *
 * TLS 1.3 (RFC 8446 5.2): the nonce is the static IV XOR the 64-bit sequence
 * number, the additional data is the 5-byte record header, and the inner
 * plaintext carries the real content type followed by zero padding; the outer
 * type is always application_data.
 *
 * TLS 1.2 AEAD (RFC 5246 6.2.3.3): the outer type is the real type, there is no
 * inner type or padding, and the additional data is seq_num(8) || type(1) ||
 * version(2) || plaintext length(2). AES-GCM (RFC 5288 3): nonce = 4-byte salt ||
 * 8-byte explicit nonce, carried at the start of the fragment (ward sends its
 * sequence number; a receiver takes whatever the peer sent). ChaCha20-Poly1305
 * (RFC 7905 2): nonce = 12-byte IV XOR the sequence number, nothing explicit.
 *
 * TLS 1.2 CBC (legacy suites, record_cbc.c): the outer type is the real type;
 * the fragment is a fresh random IV (RFC 5246 6.2.3.2) then AES-CBC of
 * plaintext || HMAC || padding (MAC-then-encrypt, the MAC over seq_num(8) ||
 * type(1) || version(2) || plaintext length(2) || plaintext, RFC 5246 6.2.3.1),
 * or, with encrypt-then-MAC (RFC 7366), AES-CBC of plaintext || padding followed
 * by an HMAC over seq_num || type || version || length of IV and ciphertext ||
 * IV || ciphertext.
 */
#ifndef WARD_RECORD_H
#define WARD_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/codec.h"
#include "crypto/crypto.h"

enum {
    CT_CHANGE_CIPHER_SPEC = 20,
    CT_ALERT = 21,
    CT_HANDSHAKE = 22,
    CT_APPLICATION_DATA = 23,
    CT_HEARTBEAT = 24,
};

#define RECORD_HEADER_LEN 5
#define RECORD_MAX_PLAINTEXT 16384u               /* 2^14 */
#define RECORD_MAX_CIPHERTEXT_13 (16384u + 256u)  /* RFC 8446 5.2 */
#define RECORD_MAX_CIPHERTEXT_12 (16384u + 2048u) /* RFC 5246 6.2.3 */
#define RECORD_GCM_SALT_LEN 4                     /* RFC 5288 3: fixed part of the nonce */
#define RECORD_GCM_EXPLICIT_LEN 8                 /* RFC 5288 3: nonce_explicit */

/* record_dir.framing: which record protection the installed keys use. */
enum {
    RECORD_FRAMING_NONE = 0,
    RECORD_FRAMING_TLS12 = 0x0303,
    RECORD_FRAMING_TLS13 = 0x0304,
    RECORD_FRAMING_TLS12_CBC = 0x1303, /* not a version: TLS 1.2 CBC + HMAC */
};

typedef struct record_header {
    uint8_t type;
    uint16_t version;
    uint16_t length; /* of the fragment that follows the header */
} record_header;

typedef struct record_dir {
    aead_ctx *aead; /* NULL: no AEAD protection */
    aead_alg alg;
    uint8_t iv[CRYPTO_AEAD_IV]; /* TLS 1.2 AES-GCM: the 4-byte salt, then zeros */
    uint64_t seq;
    uint16_t framing; /* RECORD_FRAMING_*: NONE while aead and cbc are NULL */
    cbc_ctx *cbc;     /* TLS 1.2 CBC keys (framing TLS12_CBC), else NULL */
    bool etm;         /* with cbc: encrypt-then-MAC (RFC 7366) */
} record_dir;

/* Parses the 5-byte header at the start of buf. Returns WARD_WANT_READ when fewer
 * than 5 bytes are there; WARD_E_BAD_RECORD_TYPE for an unknown content type;
 * WARD_E_RECORD_OVERFLOW when the length exceeds max_fragment; WARD_E_DECODE
 * when the version's major byte is not 3. */
MUST_CHECK int record_header_parse(const uint8_t *buf, size_t len, size_t max_fragment,
                                   record_header *h);

/* Installs TLS 1.3 traffic keys (key of aead_key_size(alg) bytes, 12-byte iv),
 * resetting the sequence number. encrypt: true for the write direction. */
MUST_CHECK int record_dir_set_tls13(record_dir *d, aead_alg alg, const uint8_t *key,
                                    const uint8_t *iv, bool encrypt);
/* Installs TLS 1.2 AEAD keys (RFC 5246 6.3 key block), resetting the sequence
 * number (RFC 5246 6.1: it is zero after each ChangeCipherSpec). key has
 * aead_key_size(alg) bytes; iv is the client/server_write_IV: 4 bytes (the
 * implicit salt) for AES-GCM, 12 bytes for ChaCha20-Poly1305 (prf12_iv_size).
 * encrypt: true for the write direction. On failure d is unchanged. */
MUST_CHECK int record_dir_set_tls12(record_dir *d, aead_alg alg, const uint8_t *key,
                                    const uint8_t *iv, bool encrypt);
/* Installs TLS 1.2 CBC keys (RFC 5246 6.3 key block: MAC key, encryption key;
 * no IV from the key block -- TLS 1.2 CBC uses an explicit random IV per record,
 * RFC 5246 6.2.3.2). mac_key has cbc_mac_size(mac) bytes (mac: HASH_SHA1,
 * HASH_SHA256 or HASH_SHA384), enc_key cbc_key_size(c). etm: RFC 7366
 * encrypt-then-MAC was negotiated. Resets the sequence number. encrypt: true for
 * the write direction. On failure d is unchanged. (record_cbc.c) */
MUST_CHECK int record_dir_set_tls12_cbc(record_dir *d, cbc_cipher c, hash_alg mac,
                                        const uint8_t *mac_key, const uint8_t *enc_key, bool etm,
                                        bool encrypt);
/* Frees the keys and wipes the IV; the direction is unprotected again. */
void record_dir_clear(record_dir *d);
static inline bool record_dir_protected(const record_dir *d)
{
    return d->aead != NULL || d->cbc != NULL;
}

/* Opens one whole record (header + fragment, rec_len = 5 + header length) in
 * place. Unprotected: returns the fragment as is. TLS 1.2 protected: see below.
 * TLS 1.3 protected: the outer
 * type must be application_data (else WARD_E_UNEXPECTED_MESSAGE), the tag is
 * checked (WARD_E_BAD_RECORD_MAC), padding is stripped, an all-zero inner
 * plaintext is WARD_E_UNEXPECTED_MESSAGE, an inner plaintext over 2^14 is
 * WARD_E_RECORD_OVERFLOW. *type receives the (inner) content type, *pt and *pt_len
 * the plaintext inside rec. The sequence number advances on success.
 * Also: WARD_E_DECODE when rec_len disagrees with the header; a protected
 * fragment shorter than tag + 1 is WARD_E_BAD_RECORD_MAC and one over 2^14+256
 * WARD_E_RECORD_OVERFLOW; a protected inner change_cipher_spec is
 * WARD_E_UNEXPECTED_CCS, an unknown inner type WARD_E_BAD_RECORD_TYPE; an empty
 * handshake or alert record (either kind) is WARD_E_EMPTY_RECORD (RFC 8446
 * 5.1, 5.4); an unprotected fragment over 2^14 is WARD_E_RECORD_OVERFLOW;
 * WARD_E_SEQUENCE_OVERFLOW once the sequence number reached 2^64-1.
 *
 * TLS 1.2 protected: *type is the outer type (any known type, change_cipher_spec
 * included: a renegotiation's CCS travels under the current keys); a fragment
 * over 2^14 + 2048 is WARD_E_RECORD_OVERFLOW; one too short for the explicit
 * nonce (AES-GCM) and the tag, or failing authentication, is
 * WARD_E_BAD_RECORD_MAC; an authentic plaintext over 2^14 is
 * WARD_E_RECORD_OVERFLOW; an empty handshake or alert record is
 * WARD_E_EMPTY_RECORD (empty application_data is returned: the caller limits
 * how many it accepts). *pt points past the explicit nonce.
 *
 * TLS 1.2 CBC: as TLS 1.2 above, and a fragment whose length no record of these
 * keys can have (not IV + whole blocks [+ MAC], shorter than IV + the smallest
 * padded body), a bad MAC and bad padding are all WARD_E_BAD_RECORD_MAC: the
 * padding and the MAC-then-encrypt MAC are checked in constant time and give one
 * verdict (RFC 5246 6.2.3.2, Lucky Thirteen). *pt points past the IV. */
MUST_CHECK int record_open(record_dir *d, uint8_t *rec, size_t rec_len, uint8_t *type, uint8_t **pt,
                           size_t *pt_len);

/* Appends one record carrying n <= 2^14 bytes of type to w, protected when keys
 * are installed. TLS 1.3 keys: outer type application_data, version 0x0303, no
 * padding added. TLS 1.2 keys: outer type `type`, version `version`, fragment =
 * [explicit nonce = sequence number (AES-GCM)] || ciphertext || tag; TLS 1.2 CBC
 * keys: random IV || ciphertext [|| MAC with encrypt-then-MAC], minimal
 * padding. Unprotected records carry `version` (0x0301 for a first ClientHello,
 * else 0x0303). pt must
 * not point into w's buffer. WARD_E_INVALID_ARGUMENT for n > 2^14, an unknown
 * type, an empty handshake or alert record, or change_cipher_spec on a TLS 1.3
 * protected direction (TLS 1.3 sends CCS unprotected: use a zeroed record_dir
 * for it; TLS 1.2 protects it). On failure nothing is appended (a writer error
 * stays sticky in w). */
MUST_CHECK int record_seal(record_dir *d, uint8_t type, uint16_t version, const uint8_t *pt,
                           size_t n, writer *w);

/* Appends as many records as needed to carry n bytes (fragments of 2^14). */
MUST_CHECK int record_seal_all(record_dir *d, uint8_t type, uint16_t version, const uint8_t *pt,
                               size_t n, writer *w);

#endif
