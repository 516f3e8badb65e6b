/* hs_flight.c -- plaintext handshake flights, taken apart and put back. */
#include "hs_flight.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

enum { CT_HANDSHAKE = 22, HDR = 5, MAX_FRAG = 16384 };

static void append(uint8_t **buf, size_t *len, const uint8_t *p, size_t n)
{
    uint8_t *b = realloc(*buf, *len + n + 1);
    assert_non_null(b);
    memcpy(b + *len, p, n);
    *buf = b;
    *len += n;
}

void hs_flight_take(ward_conn *c, hs_flight *f)
{
    memset(f, 0, sizeof *f);
    const uint8_t *p;
    size_t n = ward_conn_pending(c, &p), off = 0;
    assert_true(n >= HDR && p[0] == CT_HANDSHAKE);
    f->version = (uint16_t)(p[1] << 8 | p[2]);
    while (n - off >= HDR && p[off] == CT_HANDSHAKE) {
        size_t len = (size_t)p[off + 3] << 8 | p[off + 4];
        assert_true(n - off >= HDR + len);
        append(&f->hs, &f->hs_len, p + off + HDR, len);
        off += HDR + len;
    }
    if (off < n)
        append(&f->rest, &f->rest_len, p + off, n - off);
    ward_conn_sent(c, n);
}

/* Offset of the first message of this type, or hs_len. */
static size_t find(const hs_flight *f, uint8_t type, size_t *body_len)
{
    size_t off = 0;
    while (f->hs_len - off >= 4) {
        size_t len = (size_t)f->hs[off + 1] << 16 | (size_t)f->hs[off + 2] << 8 | f->hs[off + 3];
        assert_true(f->hs_len - off - 4 >= len);
        if (f->hs[off] == type) {
            *body_len = len;
            return off;
        }
        off += 4 + len;
    }
    return f->hs_len;
}

bool hs_flight_body(const hs_flight *f, uint8_t type, uint8_t **body, size_t *len)
{
    size_t off = find(f, type, len);
    if (off == f->hs_len)
        return false;
    *body = f->hs + off + 4;
    return true;
}

void hs_flight_replace(hs_flight *f, uint8_t type, const uint8_t *body, size_t len)
{
    size_t old_len, off = find(f, type, &old_len);
    assert_true(off < f->hs_len && len < (1u << 24));
    size_t tail = f->hs_len - off - 4 - old_len;
    uint8_t *hs = malloc(f->hs_len - old_len + len + 1);
    assert_non_null(hs);
    memcpy(hs, f->hs, off + 1);
    hs[off + 1] = (uint8_t)(len >> 16);
    hs[off + 2] = (uint8_t)(len >> 8);
    hs[off + 3] = (uint8_t)len;
    memcpy(hs + off + 4, body, len);
    memcpy(hs + off + 4 + len, f->hs + off + 4 + old_len, tail);
    free(f->hs);
    f->hs = hs;
    f->hs_len = off + 4 + len + tail;
}

void hs_flight_insert(hs_flight *f, uint8_t before_type, const uint8_t *msg, size_t len)
{
    size_t body_len, off = find(f, before_type, &body_len);
    assert_true(off < f->hs_len);
    uint8_t *hs = malloc(f->hs_len + len + 1);
    assert_non_null(hs);
    memcpy(hs, f->hs, off);
    memcpy(hs + off, msg, len);
    memcpy(hs + off + len, f->hs + off, f->hs_len - off);
    free(f->hs);
    f->hs = hs;
    f->hs_len += len;
}

int hs_flight_feed(const hs_flight *f, ward_conn *to)
{
    uint8_t *out = NULL;
    size_t out_len = 0;
    for (size_t off = 0; off < f->hs_len;) {
        size_t n = f->hs_len - off < MAX_FRAG ? f->hs_len - off : MAX_FRAG;
        uint8_t hdr[HDR] = {CT_HANDSHAKE, (uint8_t)(f->version >> 8), (uint8_t)f->version,
                            (uint8_t)(n >> 8), (uint8_t)n};
        append(&out, &out_len, hdr, HDR);
        append(&out, &out_len, f->hs + off, n);
        off += n;
    }
    if (f->rest_len)
        append(&out, &out_len, f->rest, f->rest_len);
    int rc = ward_conn_feed(to, out, out_len);
    free(out);
    return rc;
}

void hs_flight_free(hs_flight *f)
{
    free(f->hs);
    free(f->rest);
    memset(f, 0, sizeof *f);
}
