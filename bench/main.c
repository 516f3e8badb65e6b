/* main.c -- ward-bench: ward vs OpenSSL libssl, side by side in one process.
 *
 *   ward-bench [--rows a,b,c] [--seconds S] [--reps N] [--conns N] [--json] [--list]
 *
 * Every row is measured for both stacks --reps times (the two stacks taking
 * turns in short slices, see runner.c) and the median is reported, with the
 * ratio ward/openssl. The unit says whether higher or lower is better. Exit
 * status 1 when any row failed for either stack (a failed handshake, a
 * handshake that should have resumed and did not, short bulk data). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "bench.h"

/* ---- timing ---- */

double g_cpu_clock_cost;

static double ts(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

double cpu_now_s(void)
{
    return ts(CLOCK_THREAD_CPUTIME_ID);
}

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("ward-bench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The median of n values (sorted in place); NAN when n == 0. */
static double median(double *v, int n)
{
    if (n == 0)
        return NAN;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void calibrate_cpu_clock(void)
{
    double d[101];
    for (int i = 0; i < 101; i++) {
        double a = cpu_now_s();
        d[i] = cpu_now_s() - a;
    }
    g_cpu_clock_cost = median(d, 101);
}

/* ---- what is measured ---- */

#define T13 0x0304
#define T12 0x0303
#define AES128 "TLS_AES_128_GCM_SHA256"
#define AES256 "TLS_AES_256_GCM_SHA384"
#define CHACHA "TLS_CHACHA20_POLY1305_SHA256"
#define E12_ECDSA "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
#define E12_RSA "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"

#define HS(name, v, key, suite)                                                                    \
    {M_HS, name, {v, key, RESUME_NONE, suite, 0}, 0, NULL, NULL},                                  \
    {                                                                                              \
        M_SPLIT, name, {v, key, RESUME_NONE, suite, 0}, 0, NULL, NULL                              \
    }

static const meas MEAS[] = {
    HS("hs13_ecdsa", T13, KEY_ECDSA, AES128),
    HS("hs13_rsa", T13, KEY_RSA, AES128),
    HS("hs12_ecdsa", T12, KEY_ECDSA, E12_ECDSA),
    HS("hs12_rsa", T12, KEY_RSA, E12_RSA),
    {M_HS, "resume12_id", {T12, KEY_ECDSA, RESUME_ID, E12_ECDSA, 0}, 0, NULL, NULL},
    {M_HS, "resume12_ticket", {T12, KEY_ECDSA, RESUME_TICKET, E12_ECDSA, 0}, 0, NULL, NULL},
    {M_HS, "resume13", {T13, KEY_ECDSA, RESUME_TICKET, AES128, 0}, 0, NULL, NULL},
    {M_BULK, "bulk_aes128gcm_16k", {T13, KEY_ECDSA, RESUME_NONE, AES128, 0}, 16384, NULL, NULL},
    {M_BULK, "bulk_aes256gcm_16k", {T13, KEY_ECDSA, RESUME_NONE, AES256, 0}, 16384, NULL, NULL},
    {M_BULK, "bulk_chacha_16k", {T13, KEY_ECDSA, RESUME_NONE, CHACHA, 0}, 16384, NULL, NULL},
    {M_BULK, "bulk_aes128gcm_1k", {T13, KEY_ECDSA, RESUME_NONE, AES128, 0}, 1024, NULL, NULL},
    {M_BULK, "bulk_aes256gcm_1k", {T13, KEY_ECDSA, RESUME_NONE, AES256, 0}, 1024, NULL, NULL},
    {M_BULK, "bulk_chacha_1k", {T13, KEY_ECDSA, RESUME_NONE, CHACHA, 0}, 1024, NULL, NULL},
    {M_MEM, "", {T13, KEY_ECDSA, RESUME_NONE, AES128, 0}, 0, NULL, NULL},
    {M_MEM, "_relbuf", {T13, KEY_ECDSA, RESUME_NONE, AES128, 1}, 0, NULL, NULL},
    {M_LIMIT, "evp_aes128gcm_16k", {0}, 0, limit_aes128gcm_mbps, "MB/s (raw EVP limit)"},
    {M_LIMIT, "x25519_ops", {0}, 0, limit_x25519_ops, "keygen+derive/s (raw limit)"},
    {M_LIMIT, "ecdsa_p256_sign_ops", {0}, 0, limit_ecdsa_p256_sign_ops, "signs/s (raw limit)"},
    {M_LIMIT, "rsa2048_sign_ops", {0}, 0, limit_rsa2048_sign_ops, "signs/s (raw limit, PSS)"},
};
#define N_MEAS (sizeof MEAS / sizeof MEAS[0])

#define MAX_REPS 64

typedef struct row {
    char name[48];
    const char *unit;
    int meas, sub;
    int selected;
    double v[2][MAX_REPS]; /* [0] ward, [1] openssl */
    int nv[2], failed[2];
} row;

static row rows[64];
static int n_rows;

static void add_row(int m, int sub, const char *suffix, const char *unit)
{
    row *r = &rows[n_rows++];
    memset(r, 0, sizeof *r);
    if (MEAS[m].k == M_MEM)
        snprintf(r->name, sizeof r->name, "mem_%s%s", suffix, MEAS[m].name);
    else
        snprintf(r->name, sizeof r->name, "%s%s", MEAS[m].name, suffix);
    r->unit = unit;
    r->meas = m;
    r->sub = sub;
}

static void build_rows(void)
{
    for (int m = 0; m < (int)N_MEAS; m++) {
        switch (MEAS[m].k) {
        case M_HS: add_row(m, 0, "", "handshakes/s (higher=better)"); break;
        case M_SPLIT:
            add_row(m, 0, "_client_us", "us CPU/handshake (lower=better)");
            add_row(m, 1, "_server_us", "us CPU/handshake (lower=better)");
            add_row(m, 2, "_total_us", "us CPU/handshake (lower=better)");
            break;
        case M_BULK:
            add_row(m, 0, "", "MB/s (higher=better)");
            add_row(m, 1, "_send", "MB/s (higher=better)");
            add_row(m, 2, "_recv", "MB/s (higher=better)");
            break;
        case M_MEM:
            add_row(m, 0, "established", "bytes/conn pair (lower=better)");
            add_row(m, 1, "idle", "bytes/conn pair (lower=better)");
            break;
        case M_LIMIT: add_row(m, 0, "", MEAS[m].unit); break;
        }
    }
}

/* ---- running ---- */

static double opt_seconds = 1.0;
static int opt_reps = 3, opt_conns = 100, opt_json = 0;
static int alloc_ok = 1;

static const char *fmt(char *buf, size_t cap, double v, int failed)
{
    if (failed)
        snprintf(buf, cap, "FAILED");
    else if (isnan(v))
        snprintf(buf, cap, "-");
    else if (fabs(v) >= 1000)
        snprintf(buf, cap, "%.0f", v);
    else if (fabs(v) >= 10)
        snprintf(buf, cap, "%.1f", v);
    else
        snprintf(buf, cap, "%.2f", v);
    return buf;
}

static void finish_row(row *r, double *w, double *o, double *ratio)
{
    *w = r->failed[0] ? NAN : median(r->v[0], r->nv[0]);
    *o = r->failed[1] ? NAN : median(r->v[1], r->nv[1]);
    *ratio = (!isnan(*w) && !isnan(*o) && *o != 0) ? *w / *o : NAN;
}

static void print_table_row(row *r)
{
    double w, o, ratio;
    finish_row(r, &w, &o, &ratio);
    char a[32], b[32], c[32];
    int limit = MEAS[r->meas].k == M_LIMIT;
    printf("%-26s %-32s %12s %12s %7s\n", r->name, r->unit, fmt(a, sizeof a, w, r->failed[0]),
           fmt(b, sizeof b, o, !limit && r->failed[1]), fmt(c, sizeof c, ratio, 0));
    fflush(stdout);
}

static void json_num(double v)
{
    if (isnan(v) || isinf(v))
        printf("null");
    else
        printf("%.6g", v);
}

static void print_json(void)
{
    printf("{\"rows\": [");
    int first = 1;
    for (int i = 0; i < n_rows; i++) {
        row *r = &rows[i];
        if (!r->selected)
            continue;
        double w, o, ratio;
        finish_row(r, &w, &o, &ratio);
        printf("%s\n  {\"name\": \"%s\", \"unit\": \"%s\", \"ward\": ", first ? "" : ",", r->name,
               r->unit);
        json_num(w);
        printf(", \"openssl\": ");
        json_num(o);
        printf(", \"ratio\": ");
        json_num(ratio);
        printf("}");
        first = 0;
    }
    printf("\n]}\n");
}

static void usage(FILE *f)
{
    fprintf(f, "usage: ward-bench [--rows a,b,c] [--seconds S] [--reps N] [--conns N] [--json] "
               "[--list]\n"
               "  --rows     only these rows (see --list); default: all\n"
               "  --seconds  time per row and stack and repetition (default 1.0)\n"
               "  --reps     repetitions; the median is reported (default 3)\n"
               "  --conns    connection pairs held at once for the mem_* rows (default 100)\n"
               "  --json     print one JSON object {\"rows\": [...]} instead of a table\n");
}

static void select_rows(char *list)
{
    for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
        int found = 0;
        for (int i = 0; i < n_rows; i++)
            if (strcmp(rows[i].name, tok) == 0)
                rows[i].selected = found = 1;
        if (!found)
            die("unknown row '%s' (--list shows them)", tok);
    }
}

int main(int argc, char **argv)
{
    build_rows();
    char *row_list = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (strcmp(a, "--rows") == 0 && more)
            row_list = argv[++i];
        else if (strcmp(a, "--seconds") == 0 && more)
            opt_seconds = atof(argv[++i]);
        else if (strcmp(a, "--reps") == 0 && more)
            opt_reps = atoi(argv[++i]);
        else if (strcmp(a, "--conns") == 0 && more)
            opt_conns = atoi(argv[++i]);
        else if (strcmp(a, "--json") == 0)
            opt_json = 1;
        else if (strcmp(a, "--list") == 0) {
            for (int r = 0; r < n_rows; r++)
                printf("%s\n", rows[r].name);
            return 0;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!(opt_seconds >= 0) || opt_reps < 1 || opt_reps > MAX_REPS || opt_conns < 1)
        die("--seconds must be >= 0, --reps 1..%d, --conns >= 1", MAX_REPS);
    if (row_list)
        select_rows(row_list);
    else
        for (int i = 0; i < n_rows; i++)
            rows[i].selected = 1;

    calibrate_cpu_clock();
    pki_make(&g_pki);
    /* The allocation counter must see libcrypto's allocations too. */
    long long before = alloc_live_bytes();
    void *probe = OPENSSL_malloc(10000);
    alloc_ok = probe && alloc_live_bytes() - before >= 10000;
    OPENSSL_free(probe);
    if (!alloc_ok)
        fprintf(stderr, "ward-bench: the allocation counter does not see libcrypto; "
                        "mem_* rows fail\n");

    if (!opt_json) {
        printf("ward-bench: ward vs %s, same process, in-memory transport\n",
               OpenSSL_version(OPENSSL_VERSION));
        printf("  %.2fs per row and stack, median of %d, ratio = ward/openssl; X25519 only; "
               "clients verify the server (P-256 CA, ECDSA P-256 / RSA-2048 leaf)\n",
               opt_seconds, opt_reps);
        printf("  rates per second of the bench thread's CPU time (CLOCK_THREAD_CPUTIME_ID); "
               "*_client_us / *_server_us: the same clock around each side's calls; "
               "clock cost %.2f us per reading subtracted\n",
               g_cpu_clock_cost * 1e6);
        printf("  memory: %s; %d pairs alive at once\n\n", alloc_method(), opt_conns);
        printf("%-26s %-32s %12s %12s %7s\n", "row", "unit", "ward", "openssl", "ratio");
    }

    const stack *stacks[2] = {&ward_stack, &ossl_stack};

    int status = 0;
    for (int m = 0; m < (int)N_MEAS; m++) {
        int any = 0;
        for (int i = 0; i < n_rows; i++)
            any |= rows[i].meas == m && rows[i].selected;
        if (!any)
            continue;
        const meas *me = &MEAS[m];
        for (int rep = 0; rep < opt_reps; rep++) {
            int ok[2] = {1, 1};
            for (int i = 0; i < n_rows; i++)
                for (int si = 0; si < 2; si++)
                    if (rows[i].meas == m && rows[i].failed[si])
                        ok[si] = 0;
            double out[2][3] = {{NAN, NAN, NAN}, {NAN, NAN, NAN}};
            if (me->k == M_LIMIT) {
                out[0][0] = me->limit(opt_seconds);
            } else if (me->k == M_MEM) {
                for (int k = 0; k < 2; k++) {
                    int si = (rep + k) % 2;
                    if (ok[si])
                        ok[si] = alloc_ok &&
                                 stacks[si]->mem(&me->sc, opt_conns, &out[si][0], &out[si][1]) == 0;
                }
            } else {
                measure(me, rep % 2, opt_seconds, out, ok);
            }
            for (int si = 0; si < 2; si++) {
                if (me->k == M_LIMIT && si == 1)
                    continue;
                for (int i = 0; i < n_rows; i++) {
                    row *r = &rows[i];
                    if (r->meas != m || r->failed[si])
                        continue;
                    if (!ok[si]) {
                        r->failed[si] = 1;
                        status = 1;
                        if (r->selected)
                            fprintf(stderr, "ward-bench: %s: %s failed\n", r->name,
                                    stacks[si]->name);
                    } else {
                        r->v[si][r->nv[si]++] = out[si][r->sub];
                    }
                }
            }
        }
        if (!opt_json)
            for (int i = 0; i < n_rows; i++)
                if (rows[i].meas == m && rows[i].selected)
                    print_table_row(&rows[i]);
    }
    if (opt_json)
        print_json();
    pki_free(&g_pki);
    wire_bio_cleanup();
    return status;
}
