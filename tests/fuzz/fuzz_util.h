/* fuzz_util.h -- small helpers for the parser fuzz targets. */
#ifndef WARD_FUZZ_UTIL_H
#define WARD_FUZZ_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/codec.h"
#include "msg/msg.h"

/* A round-trip invariant: a failure is a bug, so crash for libFuzzer. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static inline bool fuzz_reader_eq(reader a, reader b)
{
    return reader_left(&a) == reader_left(&b) &&
           (reader_left(&a) == 0 || memcmp(reader_ptr(&a), reader_ptr(&b), reader_left(&a)) == 0);
}

static inline bool fuzz_bytes_eq(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

/* Splits the one whole message a writer produced: checks its type, that
 * nothing follows it, and returns its body (borrowed from w). */
static inline reader fuzz_written_body(const writer *w, uint8_t want_type)
{
    reader r = reader_of(w->p, w->len), body;
    uint8_t type;
    FUZZ_CHECK(msg_split(&r, &type, &body) == WARD_OK);
    FUZZ_CHECK(type == want_type);
    FUZZ_CHECK(reader_empty(&r));
    return body;
}

#endif
