/* codec.c -- bounded reader and writer. */
#include "base/codec.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

static int reader_take(reader *r, size_t n, const uint8_t **out)
{
    if (n > r->len)
        return WARD_E_DECODE;
    *out = r->p;
    if (n) { /* NULL + 0 is undefined: an empty reader may have p == NULL */
        r->p += n;
        r->len -= n;
    }
    return WARD_OK;
}

int reader_u8(reader *r, uint8_t *out)
{
    const uint8_t *b;
    TRY(reader_take(r, 1, &b));
    *out = b[0];
    return WARD_OK;
}

int reader_u16(reader *r, uint16_t *out)
{
    const uint8_t *b;
    TRY(reader_take(r, 2, &b));
    *out = (uint16_t)((b[0] << 8) | b[1]);
    return WARD_OK;
}

int reader_u24(reader *r, uint32_t *out)
{
    const uint8_t *b;
    TRY(reader_take(r, 3, &b));
    *out = ((uint32_t)b[0] << 16) | ((uint32_t)b[1] << 8) | b[2];
    return WARD_OK;
}

int reader_u32(reader *r, uint32_t *out)
{
    const uint8_t *b;
    TRY(reader_take(r, 4, &b));
    *out = ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
    return WARD_OK;
}

int reader_u64(reader *r, uint64_t *out)
{
    const uint8_t *b;
    TRY(reader_take(r, 8, &b));
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | b[i];
    *out = v;
    return WARD_OK;
}

int reader_bytes(reader *r, size_t n, const uint8_t **out)
{
    return reader_take(r, n, out);
}

int reader_copy(reader *r, uint8_t *out, size_t n)
{
    const uint8_t *b;
    TRY(reader_take(r, n, &b));
    if (n)
        memcpy(out, b, n);
    return WARD_OK;
}

int reader_skip(reader *r, size_t n)
{
    const uint8_t *b;
    return reader_take(r, n, &b);
}

int reader_sub(reader *r, size_t n, reader *child)
{
    const uint8_t *b;
    TRY(reader_take(r, n, &b));
    *child = reader_of(b, n);
    return WARD_OK;
}

static int reader_prefixed(reader *r, int width, bool nonempty, reader *child)
{
    reader save = *r;
    uint32_t n = 0;
    int rc;
    if (width == 1) {
        uint8_t v;
        rc = reader_u8(r, &v);
        n = v;
    } else if (width == 2) {
        uint16_t v;
        rc = reader_u16(r, &v);
        n = v;
    } else {
        rc = reader_u24(r, &n);
    }
    if (rc == WARD_OK && nonempty && n == 0)
        rc = WARD_E_DECODE;
    if (rc == WARD_OK)
        rc = reader_sub(r, n, child);
    if (rc != WARD_OK)
        *r = save; /* a failed read consumes nothing */
    return rc;
}

int reader_u8_prefixed(reader *r, reader *child)
{
    return reader_prefixed(r, 1, false, child);
}
int reader_u16_prefixed(reader *r, reader *child)
{
    return reader_prefixed(r, 2, false, child);
}
int reader_u24_prefixed(reader *r, reader *child)
{
    return reader_prefixed(r, 3, false, child);
}
int reader_u8_prefixed_nonempty(reader *r, reader *child)
{
    return reader_prefixed(r, 1, true, child);
}
int reader_u16_prefixed_nonempty(reader *r, reader *child)
{
    return reader_prefixed(r, 2, true, child);
}

int reader_expect_empty(const reader *r)
{
    return r->len == 0 ? WARD_OK : WARD_E_TRAILING_BYTES;
}

/* ---- writer ---- */

void writer_init_fixed(writer *w, uint8_t *buf, size_t cap)
{
    w->p = buf;
    w->len = 0;
    w->cap = cap;
    w->err = WARD_OK;
    w->dynamic = false;
}

void writer_init_dynamic(writer *w, size_t initial_cap)
{
    w->p = NULL;
    w->len = 0;
    w->cap = 0;
    w->err = WARD_OK;
    w->dynamic = true;
    if (initial_cap && writer_reserve(w, initial_cap) != WARD_OK)
        w->err = WARD_E_NOMEM;
}

void writer_free(writer *w)
{
    if (w->dynamic)
        mem_free_secret(w->p, w->cap);
    w->p = NULL;
    w->len = w->cap = 0;
}

void writer_release(writer *w)
{
    if (w->dynamic && w->len == 0) {
        free(w->p);
        w->p = NULL;
        w->cap = 0;
    }
}

int writer_reserve(writer *w, size_t n)
{
    if (w->err != WARD_OK)
        return w->err;
    if (n <= w->cap - w->len)
        return WARD_OK;
    if (!w->dynamic) {
        w->err = WARD_E_INTERNAL;
        return w->err;
    }
    size_t need = w->len + n;
    /* Bounded so that the doubling below cannot wrap around to 0 and spin. */
    if (need < w->len || need > SIZE_MAX / 2) {
        w->err = WARD_E_NOMEM;
        return w->err;
    }
    size_t cap = w->cap ? w->cap : 256;
    while (cap < need)
        cap *= 2;
    /* Copy instead of realloc so an old buffer holding secrets is wiped. */
    uint8_t *p = malloc(cap);
    if (p == NULL) {
        w->err = WARD_E_NOMEM;
        return w->err;
    }
    if (w->len)
        memcpy(p, w->p, w->len);
    mem_free_secret(w->p, w->cap);
    w->p = p;
    w->cap = cap;
    return WARD_OK;
}

uint8_t *writer_space(writer *w, size_t n)
{
    if (writer_reserve(w, n) != WARD_OK)
        return NULL;
    if (w->p == NULL)
        return NULL; /* n == 0 on a writer with no buffer yet: nothing to point at */
    uint8_t *at = w->p + w->len;
    w->len += n;
    return at;
}

void writer_bytes(writer *w, const void *p, size_t n)
{
    uint8_t *at = writer_space(w, n);
    if (at && n)
        memcpy(at, p, n);
}

void writer_zeros(writer *w, size_t n)
{
    uint8_t *at = writer_space(w, n);
    if (at && n)
        memset(at, 0, n);
}

static void writer_be(writer *w, uint64_t v, int n)
{
    uint8_t *at = writer_space(w, (size_t)n);
    if (at == NULL)
        return;
    for (int i = n - 1; i >= 0; i--) {
        at[i] = (uint8_t)v;
        v >>= 8;
    }
}

void writer_u8(writer *w, uint8_t v)
{
    writer_be(w, v, 1);
}
void writer_u16(writer *w, uint16_t v)
{
    writer_be(w, v, 2);
}
void writer_u24(writer *w, uint32_t v)
{
    writer_be(w, v, 3);
}
void writer_u32(writer *w, uint32_t v)
{
    writer_be(w, v, 4);
}
void writer_u64(writer *w, uint64_t v)
{
    writer_be(w, v, 8);
}

/* A mark packs the prefix width into the low two bits and the offset above. */
size_t writer_open(writer *w, int prefix_bytes)
{
    size_t at = w->len;
    writer_zeros(w, (size_t)prefix_bytes);
    return (at << 2) | (size_t)prefix_bytes;
}

void writer_close(writer *w, size_t mark)
{
    if (w->err != WARD_OK)
        return;
    int width = (int)(mark & 3);
    size_t at = mark >> 2;
    size_t n = w->len - at - (size_t)width;
    if (width < 1 || width > 3 || n >> (8 * width)) {
        w->err = WARD_E_INTERNAL;
        return;
    }
    for (int i = width - 1; i >= 0; i--) {
        w->p[at + (size_t)i] = (uint8_t)n;
        n >>= 8;
    }
}

int writer_finish(const writer *w)
{
    return w->err;
}
