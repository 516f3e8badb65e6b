/* codec.h -- the one bounded reader and writer for all wire data.
 *
 * No code outside codec.c does pointer arithmetic on bytes from the network.
 * A reader is a view of [p, p+len). Reading a length-prefixed vector yields a
 * child reader that cannot see past the vector's end. Every read either succeeds
 * completely or fails with WARD_E_DECODE and consumes nothing.
 *
 * A writer appends to a buffer, growing it when it owns it (writer_init_dynamic)
 * or failing when it would overflow a fixed one (writer_init_fixed). Errors are
 * sticky: after the first failure every write is a no-op and writer_finish
 * reports the error, so a message can be written without checking each call.
 */
#ifndef WARD_BASE_CODEC_H
#define WARD_BASE_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

typedef struct reader {
    const uint8_t *p;
    size_t len;
} reader;

static inline reader reader_of(const uint8_t *p, size_t len)
{
    reader r = {p, len};
    return r;
}

static inline size_t reader_left(const reader *r)
{
    return r->len;
}
static inline bool reader_empty(const reader *r)
{
    return r->len == 0;
}
/* The unread bytes (for hashing or copying a whole view). */
static inline const uint8_t *reader_ptr(const reader *r)
{
    return r->p;
}

MUST_CHECK int reader_u8(reader *r, uint8_t *out);
MUST_CHECK int reader_u16(reader *r, uint16_t *out);
MUST_CHECK int reader_u24(reader *r, uint32_t *out);
MUST_CHECK int reader_u32(reader *r, uint32_t *out);
MUST_CHECK int reader_u64(reader *r, uint64_t *out);
/* Borrows the next n bytes: *out points into the reader's buffer. */
MUST_CHECK int reader_bytes(reader *r, size_t n, const uint8_t **out);
/* Copies the next n bytes into out. */
MUST_CHECK int reader_copy(reader *r, uint8_t *out, size_t n);
/* Skips n bytes. */
MUST_CHECK int reader_skip(reader *r, size_t n);
/* Splits off the next n bytes as a child reader. */
MUST_CHECK int reader_sub(reader *r, size_t n, reader *child);
/* Reads a length prefix of 1, 2 or 3 bytes and splits off that many bytes. */
MUST_CHECK int reader_u8_prefixed(reader *r, reader *child);
MUST_CHECK int reader_u16_prefixed(reader *r, reader *child);
MUST_CHECK int reader_u24_prefixed(reader *r, reader *child);
/* As above, but an empty vector is WARD_E_DECODE (for "<1..2^16-1>" vectors). */
MUST_CHECK int reader_u8_prefixed_nonempty(reader *r, reader *child);
MUST_CHECK int reader_u16_prefixed_nonempty(reader *r, reader *child);
/* WARD_E_TRAILING_BYTES unless every byte was read. */
MUST_CHECK int reader_expect_empty(const reader *r);

typedef struct writer {
    uint8_t *p;
    size_t len;
    size_t cap;
    int err;      /* first error, sticky */
    bool dynamic; /* p is owned and may be reallocated */
} writer;

/* A writer over caller memory of cap bytes. */
void writer_init_fixed(writer *w, uint8_t *buf, size_t cap);
/* A growing writer; start with initial_cap bytes (may be 0). */
void writer_init_dynamic(writer *w, size_t initial_cap);
/* Frees a dynamic writer's buffer after wiping it. */
void writer_free(writer *w);
/* Frees an empty dynamic writer's buffer without wiping it (for buffers whose
 * secrets were already wiped, or that only held ciphertext); it grows again on
 * the next write. No-op when bytes are held. */
void writer_release(writer *w);
/* Ensures room for n more bytes (may reallocate a dynamic writer). */
MUST_CHECK int writer_reserve(writer *w, size_t n);

void writer_u8(writer *w, uint8_t v);
void writer_u16(writer *w, uint16_t v);
void writer_u24(writer *w, uint32_t v);
void writer_u32(writer *w, uint32_t v);
void writer_u64(writer *w, uint64_t v);
void writer_bytes(writer *w, const void *p, size_t n);
void writer_zeros(writer *w, size_t n);
/* Reserves n bytes and returns where they start (NULL after an error). The
 * pointer is valid until the next write to a dynamic writer. */
uint8_t *writer_space(writer *w, size_t n);

/* Length-prefixed vectors: open returns a mark, close back-patches the length
 * (1, 2 or 3 bytes) of everything written since, failing if it does not fit. */
size_t writer_open(writer *w, int prefix_bytes);
void writer_close(writer *w, size_t mark);

/* WARD_OK or the first error of the writer. */
MUST_CHECK int writer_finish(const writer *w);

#endif
