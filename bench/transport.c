/* transport.c -- the in-memory network both stacks talk over: one byte queue
 * per direction. ward's bytes are moved in by the bench (pending -> queue ->
 * feed); OpenSSL's go through a minimal BIO over the same queues, so each
 * stack pays one copy into the queue and one out of it. */
#include <stdlib.h>
#include <string.h>

#include "bench.h"

void q_init(pipe_q *q, size_t cap)
{
    q->buf = malloc(cap);
    if (!q->buf)
        die("transport: out of memory");
    q->cap = cap;
    q->head = q->tail = 0;
}

void q_free(pipe_q *q)
{
    free(q->buf);
    memset(q, 0, sizeof *q);
}

void q_push(pipe_q *q, const uint8_t *p, size_t n)
{
    if (q->cap - q->tail < n && q->head > 0) {
        memmove(q->buf, q->buf + q->head, q->tail - q->head);
        q->tail -= q->head;
        q->head = 0;
    }
    if (q->cap - q->tail < n) {
        size_t cap = q->cap ? q->cap : 4096;
        while (cap - q->tail < n)
            cap *= 2;
        uint8_t *b = realloc(q->buf, cap);
        if (!b)
            die("transport: out of memory");
        q->buf = b;
        q->cap = cap;
    }
    memcpy(q->buf + q->tail, p, n);
    q->tail += n;
}

void q_pop(pipe_q *q, size_t n)
{
    q->head += n;
    if (q->head == q->tail)
        q->head = q->tail = 0;
}

size_t q_record(const pipe_q *q)
{
    size_t n = q_len(q);
    if (n < 5)
        return 0;
    const uint8_t *p = q_data(q);
    size_t rec = 5 + ((size_t)p[3] << 8 | p[4]);
    return rec <= n ? rec : 0;
}

void wire_init(wire *w, size_t cap)
{
    q_init(&w->c2s, cap);
    q_init(&w->s2c, cap);
}

void wire_free(wire *w)
{
    q_free(&w->c2s);
    q_free(&w->s2c);
}

/* ---- the BIO ---- */

static BIO_METHOD *methods[2]; /* client, server */
static int server_type;

static int is_server(BIO *b)
{
    return BIO_method_type(b) == server_type;
}

static pipe_q *bio_in(BIO *b)
{
    wire *w = BIO_get_data(b);
    return is_server(b) ? &w->c2s : &w->s2c;
}

static pipe_q *bio_out(BIO *b)
{
    wire *w = BIO_get_data(b);
    return is_server(b) ? &w->s2c : &w->c2s;
}

static int wire_read(BIO *b, char *buf, int len)
{
    pipe_q *q = bio_in(b);
    BIO_clear_retry_flags(b);
    size_t n = q_len(q);
    if (n == 0) {
        BIO_set_retry_read(b);
        return -1;
    }
    if (n > (size_t)len)
        n = (size_t)len;
    memcpy(buf, q_data(q), n);
    q_pop(q, n);
    return (int)n;
}

static int wire_write(BIO *b, const char *buf, int len)
{
    BIO_clear_retry_flags(b);
    q_push(bio_out(b), (const uint8_t *)buf, (size_t)len);
    return len;
}

static long wire_ctrl(BIO *b, int cmd, long num, void *ptr)
{
    (void)num;
    (void)ptr;
    switch (cmd) {
    case BIO_CTRL_FLUSH: return 1;
    case BIO_CTRL_PENDING: return (long)q_len(bio_in(b));
    case BIO_CTRL_WPENDING: return 0;
    default: return 0;
    }
}

static int wire_create(BIO *b)
{
    BIO_set_init(b, 1);
    return 1;
}

BIO *wire_bio_new(wire *w, int server)
{
    server = server ? 1 : 0;
    if (!methods[server]) {
        int type = BIO_get_new_index() | BIO_TYPE_SOURCE_SINK;
        BIO_METHOD *m = BIO_meth_new(type, server ? "wire server" : "wire client");
        if (!m || !BIO_meth_set_read(m, wire_read) || !BIO_meth_set_write(m, wire_write) ||
            !BIO_meth_set_ctrl(m, wire_ctrl) || !BIO_meth_set_create(m, wire_create))
            die("transport: BIO method");
        methods[server] = m;
        if (server)
            server_type = type;
    }
    BIO *b = BIO_new(methods[server]);
    if (!b)
        die("transport: BIO_new");
    BIO_set_data(b, w);
    return b;
}

void wire_bio_cleanup(void)
{
    for (int i = 0; i < 2; i++) {
        BIO_meth_free(methods[i]);
        methods[i] = NULL;
    }
}
