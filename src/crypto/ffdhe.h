/* ffdhe.h -- the RFC 7919 finite-field groups, as kx.c uses them. Never
 * included outside src/crypto/. */
#ifndef WARD_CRYPTO_FFDHE_H
#define WARD_CRYPTO_FFDHE_H

#include <openssl/evp.h>

#include "crypto/crypto.h"

/* libcrypto's name of an RFC 7919 group ("ffdhe2048"), or NULL. */
const char *ffdhe_name(uint16_t group);

/* The peer's public value of a group whose prime is p_len bytes long: exactly
 * p_len bytes (left-padded, RFC 7919 / RFC 8446 4.2.8.1) and 1 < Y < p - 1
 * (RFC 7919 5.1), else WARD_E_BAD_KEY_SHARE. The key is made from the group
 * name, so it carries the group's own p, q and g. */
MUST_CHECK int ffdhe_peer_key(uint16_t group, const uint8_t *peer, size_t peer_len, EVP_PKEY **out);

#endif
