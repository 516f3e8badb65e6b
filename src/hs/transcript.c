/* transcript.c -- the running hash of handshake messages (RFC 8446 4.4.1). */
#include "hs/transcript.h"

#include "base/mem.h"

#define HS_MESSAGE_HASH_TYPE 254

void transcript_init(transcript *t)
{
    t->alg = 0;
    t->hash = NULL;
    writer_init_dynamic(&t->pending, 0);
}

void transcript_free(transcript *t)
{
    hash_free(t->hash);
    t->hash = NULL;
    t->alg = 0;
    writer_free(&t->pending);
}

/* A whole handshake message: type, u24 length, exactly that many bytes. */
static int check_message(const uint8_t *msg, size_t len)
{
    ENSURE(msg != NULL, WARD_E_INVALID_ARGUMENT);
    reader r = reader_of(msg, len);
    uint8_t type;
    reader body;
    if (reader_u8(&r, &type) != WARD_OK || reader_u24_prefixed(&r, &body) != WARD_OK ||
        reader_expect_empty(&r) != WARD_OK)
        return WARD_E_INVALID_ARGUMENT;
    return WARD_OK;
}

int transcript_add(transcript *t, const uint8_t *msg, size_t len)
{
    TRY(check_message(msg, len));
    if (t->hash != NULL)
        return hash_update(t->hash, msg, len);
    writer_bytes(&t->pending, msg, len);
    return writer_finish(&t->pending);
}

int transcript_set_hash(transcript *t, hash_alg alg)
{
    ENSURE(t->hash == NULL, WARD_E_API_STATE);
    ENSURE(hash_size(alg) != 0, WARD_E_INVALID_ARGUMENT);
    TRY(writer_finish(&t->pending));
    hash_ctx *h = hash_new(alg);
    ENSURE(h != NULL, WARD_E_NOMEM);
    int rc = hash_update(h, t->pending.p, t->pending.len);
    if (rc != WARD_OK) {
        hash_free(h);
        return rc;
    }
    t->hash = h;
    t->alg = alg;
    /* Buffered messages are no longer needed; keep the writer usable (empty). */
    writer_free(&t->pending);
    writer_init_dynamic(&t->pending, 0);
    return WARD_OK;
}

int transcript_hash(const transcript *t, uint8_t *out)
{
    ENSURE(t->hash != NULL, WARD_E_API_STATE);
    return hash_peek(t->hash, out);
}

int transcript_hash_with(const transcript *t, hash_alg alg, const uint8_t *extra, size_t extra_len,
                         uint8_t *out)
{
    ENSURE(extra_len == 0 || extra != NULL, WARD_E_INVALID_ARGUMENT);
    hash_ctx *h;
    if (t->hash != NULL) {
        ENSURE(alg == t->alg, WARD_E_INVALID_ARGUMENT);
        h = hash_dup(t->hash);
        ENSURE(h != NULL, WARD_E_NOMEM);
    } else {
        ENSURE(hash_size(alg) != 0, WARD_E_INVALID_ARGUMENT);
        TRY(writer_finish(&t->pending));
        h = hash_new(alg);
        ENSURE(h != NULL, WARD_E_NOMEM);
        int rc = hash_update(h, t->pending.p, t->pending.len);
        if (rc != WARD_OK) {
            hash_free(h);
            return rc;
        }
    }
    int rc = hash_update(h, extra_len ? (const void *)extra : "", extra_len);
    if (rc == WARD_OK)
        rc = hash_peek(h, out);
    hash_free(h);
    return rc;
}

int transcript_hrr_rewrite(transcript *t)
{
    ENSURE(t->hash != NULL, WARD_E_API_STATE);
    size_t n = hash_size(t->alg);
    uint8_t digest[CRYPTO_MAX_HASH];
    TRY(hash_peek(t->hash, digest));

    /* RFC 8446 4.4.1: Transcript-Hash(ClientHello1, HelloRetryRequest, ...) =
     *   Hash(message_hash || 00 00 Hash.length || Hash(ClientHello1) || HRR || ...) */
    uint8_t synthetic[4 + CRYPTO_MAX_HASH];
    writer w;
    writer_init_fixed(&w, synthetic, sizeof synthetic);
    writer_u8(&w, HS_MESSAGE_HASH_TYPE);
    writer_u24(&w, (uint32_t)n);
    writer_bytes(&w, digest, n);
    int rc = writer_finish(&w);

    hash_ctx *h = NULL;
    if (rc == WARD_OK) {
        h = hash_new(t->alg);
        rc = h != NULL ? WARD_OK : WARD_E_NOMEM;
    }
    if (rc == WARD_OK)
        rc = hash_update(h, synthetic, w.len);
    if (rc == WARD_OK) {
        hash_free(t->hash);
        t->hash = h;
    } else {
        hash_free(h);
    }
    mem_wipe(digest, sizeof digest);
    return rc;
}
