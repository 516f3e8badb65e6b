/* runner.c -- the timed loops. Time is the bench thread's CPU time; ward and
 * OpenSSL take turns in short slices within one repetition, so a slow moment
 * of a shared machine lands on both. */
#include <math.h>

#include "bench.h"

#define SLICES 8

int run_for(int (*op)(void *), void *arg, double seconds, long *n_out, double *secs_out)
{
    long n = 0, batch = 1;
    double t0 = cpu_now_s(), el;
    for (;;) {
        for (long i = 0; i < batch; i++)
            if (!op(arg))
                return -1;
        n += batch;
        el = cpu_since(t0);
        if (el >= seconds)
            break;
        /* Next batch: about 5 ms, and no further than the end. */
        double per_op = el / (double)n, left = seconds - el;
        double want = (left < 0.005 ? left : 0.005) / (per_op > 0 ? per_op : 1e-9);
        batch = want < 1 ? 1 : want > 1e6 ? 1000000 : (long)want;
    }
    *n_out += n;
    *secs_out += el;
    return 0;
}

typedef struct runner {
    const meas *m;
    const stack *st;
    void *state;       /* hs_new's or pair_new's */
    long n;            /* handshakes, or bulk batches */
    double secs;       /* M_HS: CPU seconds */
    side_times t;      /* M_SPLIT */
    double send, recv; /* M_BULK: CPU seconds per phase */
    int writes;        /* M_BULK: writes per batch (256 KiB) */
} runner;

static int r_open(runner *r)
{
    int rc = 0;
    if (r->m->k == M_BULK) {
        r->state = r->st->pair_new(&r->m->sc);
        if (!r->state)
            return -1;
        r->writes = (int)((256u << 10) / r->m->size);
        double s = 0, v = 0;
        return r->st->bulk(r->state, r->m->size, r->writes, &s, &v); /* warm-up */
    }
    r->state = r->st->hs_new(&r->m->sc);
    if (!r->state)
        return -1;
    for (int i = 0; i < 3 && rc == 0; i++) /* warm-up */
        rc = r->st->hs_once(r->state, NULL);
    return rc;
}

static int hs_op(void *arg)
{
    runner *r = arg;
    return r->st->hs_once(r->state, NULL) == 0;
}

static int r_slice(runner *r, double seconds)
{
    switch (r->m->k) {
    case M_HS: return run_for(hs_op, r, seconds, &r->n, &r->secs);
    case M_SPLIT: {
        double start = r->t.client + r->t.server;
        do {
            if (r->st->hs_once(r->state, &r->t) != 0)
                return -1;
            r->n++;
        } while (r->t.client + r->t.server - start < seconds);
        return 0;
    }
    case M_BULK: {
        double start = r->send + r->recv;
        do {
            if (r->st->bulk(r->state, r->m->size, r->writes, &r->send, &r->recv) != 0)
                return -1;
            r->n++;
        } while (r->send + r->recv - start < seconds);
        return 0;
    }
    default: return -1;
    }
}

static void r_result(const runner *r, double *out)
{
    double n = (double)r->n;
    switch (r->m->k) {
    case M_HS: out[0] = n / r->secs; break;
    case M_SPLIT:
        out[0] = r->t.client / n * 1e6;
        out[1] = r->t.server / n * 1e6;
        out[2] = out[0] + out[1];
        break;
    case M_BULK: {
        double mb = n * r->writes * (double)r->m->size / 1e6;
        out[0] = mb / (r->send + r->recv);
        out[1] = mb / r->send;
        out[2] = mb / r->recv;
        break;
    }
    default: break;
    }
}

static void r_close(runner *r)
{
    if (!r->state)
        return;
    if (r->m->k == M_BULK)
        r->st->pair_free(r->state);
    else
        r->st->hs_free(r->state);
    r->state = NULL;
}

void measure(const meas *m, int first, double seconds, double out[2][3], int ok[2])
{
    runner r[2] = {{.m = m, .st = &ward_stack}, {.m = m, .st = &ossl_stack}};
    for (int i = 0; i < 2; i++)
        if (ok[i] && r_open(&r[i]) != 0)
            ok[i] = 0;
    for (int k = 0; k < SLICES; k++)
        for (int j = 0; j < 2; j++) {
            int i = (first + k + j) % 2;
            if (ok[i] && r_slice(&r[i], seconds / SLICES) != 0)
                ok[i] = 0;
        }
    for (int i = 0; i < 2; i++) {
        if (ok[i])
            r_result(&r[i], out[i]);
        r_close(&r[i]);
    }
}
