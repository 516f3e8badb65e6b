/* cbc_ref.h -- TLS 1.2 CBC records built and opened straight from RFC 5246
 * 6.2.3.1-2 and RFC 7366 with libcrypto's EVP and HMAC calls, independently of
 * ward's record layer: the reference for the CBC record tests. Every failure of
 * a libcrypto call fails the running cmocka test. */
#ifndef WARD_TEST_CBC_REF_H
#define WARD_TEST_CBC_REF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"

#define CBC_REF_MAX_RECORD (5 + 16384 + 2048 + 1024)

typedef struct cbc_ref {
    cbc_cipher cipher;
    hash_alg mac;
    bool etm;
    const uint8_t *mac_key; /* cbc_mac_size(mac) bytes */
    const uint8_t *enc_key; /* cbc_key_size(cipher) bytes */
} cbc_ref;

/* How to build one record. pad_len is the padding_length value (pad_len + 1
 * padding bytes; -1: minimal). The last three fields each spoil one thing, the
 * rest of the record being right (with encrypt-then-MAC the MAC still covers the
 * spoilt ciphertext, so only the padding is wrong). */
typedef struct cbc_ref_rec {
    uint64_t seq;
    uint8_t type;
    uint16_t version;
    const uint8_t *pt;
    size_t n;
    uint8_t iv[16];
    int pad_len;
    int bad_pad_at; /* >= 0: this padding byte (0 = first) is flipped */
    int last_byte;  /* >= 0: the final (padding_length) byte holds this instead */
    bool bad_mac;   /* one bit of the MAC flipped */
} cbc_ref_rec;

/* A record description with minimal padding and nothing spoilt. */
cbc_ref_rec cbc_ref_rec_of(uint64_t seq, uint8_t type, const uint8_t *pt, size_t n);

/* Appends the whole record (header included) to out; returns its length. */
size_t cbc_ref_seal(const cbc_ref *k, const cbc_ref_rec *r, uint8_t *out);

/* Opens a whole record sealed by anyone under k at sequence number seq: decrypts,
 * checks the padding and the MAC. Returns the plaintext length, or -1 when
 * anything is wrong; the plaintext is written to pt. */
long cbc_ref_open(const cbc_ref *k, uint64_t seq, const uint8_t *rec, size_t rec_len, uint8_t *pt);

/* HMAC over hdr || data with libcrypto's one-shot HMAC (out: the MAC size). */
void cbc_ref_hmac(hash_alg mac, const uint8_t *key, const uint8_t *hdr, size_t hdr_len,
                  const uint8_t *data, size_t len, uint8_t *out);

#endif
