/* transcript.h -- the running hash of handshake messages.
 *
 * A client does not know the hash until ServerHello arrives, so messages are
 * buffered until transcript_set_hash. After a HelloRetryRequest the first
 * ClientHello is replaced by the synthetic message_hash (RFC 8446 4.4.1). */
#ifndef WARD_HS_TRANSCRIPT_H
#define WARD_HS_TRANSCRIPT_H

#include "base/codec.h"
#include "crypto/crypto.h"

typedef struct transcript {
    hash_alg alg;   /* 0 until set */
    hash_ctx *hash; /* NULL until set */
    writer pending; /* messages seen before the hash is known */
} transcript;

void transcript_init(transcript *t);
void transcript_free(transcript *t);
/* Adds one whole handshake message (4-byte header + body). */
MUST_CHECK int transcript_add(transcript *t, const uint8_t *msg, size_t len);
/* Chooses the hash and hashes what was buffered. */
MUST_CHECK int transcript_set_hash(transcript *t, hash_alg alg);
/* Current Transcript-Hash; out holds hash_size(alg). Requires the hash set. */
MUST_CHECK int transcript_hash(const transcript *t, uint8_t *out);
/* RFC 8446 4.4.1: replaces everything so far (ClientHello1) by
 * message_hash(254) || 00 00 len || Hash(ClientHello1). Requires the hash set. */
MUST_CHECK int transcript_hrr_rewrite(transcript *t);

/* The hash under alg of everything added so far followed by extra, without
 * adding extra (RFC 8446 4.2.11.2: the binders hash a truncated ClientHello).
 * Works before the hash is set (alg picks it) and after (alg must match). */
MUST_CHECK int transcript_hash_with(const transcript *t, hash_alg alg, const uint8_t *extra,
                                    size_t extra_len, uint8_t *out);

#endif
