/* rsa_pms.h -- EncryptedPreMasterSecret values for the RSA key exchange tests:
 * well formed ones and each kind of malformed one a Bleichenbacher attacker
 * sends (RFC 5246 7.4.7.1, RFC 8017 7.2.1 for the EME-PKCS1-v1_5 block). */
#ifndef WARD_TEST_RSA_PMS_H
#define WARD_TEST_RSA_PMS_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"

typedef enum rsa_pms_kind {
    RSA_PMS_GOOD = 0,      /* 00 02 PS 00 || 03 03 || 46 bytes */
    RSA_PMS_BAD_PADDING,   /* block type 01 instead of 02 */
    RSA_PMS_WRONG_LENGTH,  /* a 47-byte secret */
    RSA_PMS_WRONG_VERSION, /* 03 02 in the secret */
    RSA_PMS_WRONG_SIZE,    /* a good ciphertext with its last byte cut off */
    RSA_PMS_KINDS
} rsa_pms_kind;

/* A short name for test output. */
const char *rsa_pms_kind_name(rsa_pms_kind kind);

/* Encrypts to key (an RSA public or private key) the block for kind, around the
 * 48-byte secret pms (whose first two bytes are replaced as the kind says).
 * out holds CRYPTO_MAX_SIG bytes; returns the ciphertext length. Fails the
 * test on any error. */
size_t rsa_pms_make(const pkey *key, rsa_pms_kind kind, const uint8_t pms[RSA_KX_PMS_LEN],
                    uint8_t *out);

#endif
