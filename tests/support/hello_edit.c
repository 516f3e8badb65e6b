/* hello_edit.c -- editable ClientHello and ServerHello bodies. */
#include "hello_edit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define OK(x) assert_int_equal((x), WARD_OK)

static void copy_view(reader v, uint8_t *out, size_t cap, size_t *len)
{
    assert_true(reader_left(&v) <= cap);
    *len = reader_left(&v);
    memcpy(out, reader_ptr(&v), *len);
}

static void exts_parse(reader *r, hello *h)
{
    reader list, v;
    OK(reader_u16_prefixed(r, &list));
    while (!reader_empty(&list)) {
        assert_true(h->n_exts < HELLO_MAX_EXTS);
        ext *e = &h->exts[h->n_exts++];
        OK(reader_u16(&list, &e->type));
        OK(reader_u16_prefixed(&list, &v));
        copy_view(v, e->data, sizeof e->data, &e->len);
    }
}

void hello_parse(const item *it, hello *h)
{
    memset(h, 0, sizeof *h);
    h->client = it->hs == HS_CLIENT_HELLO;
    reader r = reader_of(it->data, it->len), v;
    OK(reader_u16(&r, &h->version));
    OK(reader_copy(&r, h->random, 32));
    OK(reader_u8_prefixed(&r, &v));
    copy_view(v, h->sid, sizeof h->sid, &h->sid_len);
    if (h->client) {
        OK(reader_u16_prefixed(&r, &v));
        copy_view(v, h->suites, sizeof h->suites, &h->suites_len);
        OK(reader_u8_prefixed(&r, &v));
        copy_view(v, h->comps, sizeof h->comps, &h->comps_len);
    } else {
        OK(reader_u16(&r, &h->suite));
        OK(reader_u8(&r, &h->compression));
    }
    h->has_exts = !reader_empty(&r);
    if (h->has_exts)
        exts_parse(&r, h);
    assert_true(reader_empty(&r));
}

void hello_write(const hello *h, item *it)
{
    writer w;
    writer_init_dynamic(&w, 256);
    writer_u16(&w, h->version);
    writer_bytes(&w, h->random, 32);
    writer_u8(&w, (uint8_t)h->sid_len);
    writer_bytes(&w, h->sid, h->sid_len);
    if (h->client) {
        writer_u16(&w, (uint16_t)h->suites_len);
        writer_bytes(&w, h->suites, h->suites_len);
        writer_u8(&w, (uint8_t)h->comps_len);
        writer_bytes(&w, h->comps, h->comps_len);
    } else {
        writer_u16(&w, h->suite);
        writer_u8(&w, h->compression);
    }
    if (h->has_exts) {
        size_t list = writer_open(&w, 2);
        for (size_t i = 0; i < h->n_exts; i++) {
            writer_u16(&w, h->exts[i].type);
            writer_u16(&w, (uint16_t)h->exts[i].len);
            writer_bytes(&w, h->exts[i].data, h->exts[i].len);
        }
        writer_close(&w, list);
    }
    if (h->trailing)
        writer_u8(&w, 0);
    OK(writer_finish(&w));
    item_set(it, w.p, w.len);
    writer_free(&w);
}

ext *hello_ext(hello *h, uint16_t type)
{
    for (size_t i = 0; i < h->n_exts; i++)
        if (h->exts[i].type == type)
            return &h->exts[i];
    return NULL;
}

void hello_ext_add(hello *h, uint16_t type, const void *data, size_t len)
{
    assert_true(h->n_exts < HELLO_MAX_EXTS);
    ext *e = &h->exts[h->n_exts++];
    e->type = type;
    assert_true(len <= sizeof e->data);
    if (len)
        memcpy(e->data, data, len);
    e->len = len;
    h->has_exts = true;
}

void hello_ext_put(hello *h, uint16_t type, const void *data, size_t len)
{
    ext *e = hello_ext(h, type);
    if (e == NULL) {
        hello_ext_add(h, type, data, len);
        return;
    }
    assert_true(len <= sizeof e->data);
    if (len)
        memcpy(e->data, data, len);
    e->len = len;
}

void hello_ext_del(hello *h, uint16_t type)
{
    ext *e = hello_ext(h, type);
    assert_non_null(e);
    size_t i = (size_t)(e - h->exts);
    memmove(&h->exts[i], &h->exts[i + 1], (h->n_exts - i - 1) * sizeof h->exts[0]);
    h->n_exts--;
}

void hello_set_suites(hello *h, const uint16_t *suites, size_t n)
{
    assert_true(2 * n <= sizeof h->suites);
    for (size_t i = 0; i < n; i++) {
        h->suites[2 * i] = (uint8_t)(suites[i] >> 8);
        h->suites[2 * i + 1] = (uint8_t)suites[i];
    }
    h->suites_len = 2 * n;
}
