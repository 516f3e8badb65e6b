/* bench.h -- ward vs OpenSSL libssl, one process, one in-memory transport.
 *
 * main.c picks rows and prints them; ward_side.c and ossl_side.c implement the
 * same scenarios (full handshakes, resumption, bulk data, memory) for each stack
 * behind one table of function pointers; transport.c is the byte pipe both use;
 * runner.c holds the timed loops; pki.c makes the certificates;
 * crypto_limits.c measures the raw primitives; alloc_count.c counts heap bytes. */
#ifndef WARD_BENCH_H
#define WARD_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

/* ---- certificates (pki.c) ---- */

enum { KEY_ECDSA = 0, KEY_RSA = 1 };

typedef struct bench_leaf {
    X509 *cert;
    EVP_PKEY *key;
    char *cert_pem, *key_pem;
} bench_leaf;

typedef struct bench_pki {
    X509 *ca;
    char *ca_pem;
    bench_leaf leaf[2]; /* KEY_ECDSA, KEY_RSA */
} bench_pki;

/* A throwaway P-256 CA and two "localhost" leaves it signed: ECDSA P-256 and
 * RSA-2048. Exits on failure. */
void pki_make(bench_pki *pki);
void pki_free(bench_pki *pki);

extern bench_pki g_pki;

/* ---- the in-memory transport (transport.c) ---- */

/* One direction of a connection: a byte queue. */
typedef struct pipe_q {
    uint8_t *buf;
    size_t cap, head, tail;
} pipe_q;

void q_init(pipe_q *q, size_t cap);
void q_free(pipe_q *q);
void q_push(pipe_q *q, const uint8_t *p, size_t n);
static inline size_t q_len(const pipe_q *q)
{
    return q->tail - q->head;
}
static inline const uint8_t *q_data(const pipe_q *q)
{
    return q->buf + q->head;
}
void q_pop(pipe_q *q, size_t n);
/* Length of the first whole TLS record in q, or 0 when none is complete. */
size_t q_record(const pipe_q *q);

/* Both directions of one connection. */
typedef struct wire {
    pipe_q c2s, s2c;
} wire;

void wire_init(wire *w, size_t cap);
void wire_free(wire *w);

/* An OpenSSL BIO over a wire: the client's reads s2c and writes c2s, the
 * server's the other way round. Reading an empty queue is a retry, never EOF.
 * The wire must outlive the BIO. */
BIO *wire_bio_new(wire *w, int server);
void wire_bio_cleanup(void);

/* ---- what a row asks a stack to do ---- */

enum { RESUME_NONE = 0, RESUME_ID, RESUME_TICKET };

typedef struct scenario {
    uint16_t version;    /* 0x0303 or 0x0304 */
    int key;             /* KEY_ECDSA or KEY_RSA */
    int resume;          /* RESUME_*; TLS 1.3 resumption uses RESUME_TICKET */
    const char *suite;   /* IANA name */
    int release_buffers; /* OpenSSL: SSL_MODE_RELEASE_BUFFERS (ward: no such knob) */
} scenario;

/* CPU time spent in each side's calls, accumulated (seconds). */
typedef struct side_times {
    double client, server;
} side_times;

typedef struct stack {
    const char *name;
    /* Configurations for a scenario; for resumption also a first full handshake
     * whose session the measured handshakes start from. NULL on failure. */
    void *(*hs_new)(const scenario *sc);
    /* One connection: new, handshake with verification, the client's first read
     * (which takes TLS 1.3 tickets), free. For resumption, offers the previous
     * connection's session, fails unless both sides resumed, and keeps the new
     * session. t != NULL: add each side's CPU time. 0 on success. */
    int (*hs_once)(void *h, side_times *t);
    void (*hs_free)(void *h);
    /* An established pair for bulk data (client -> server). */
    void *(*pair_new)(const scenario *sc);
    /* `writes` writes of `size` bytes each: seal and send into the transport,
     * then receive and open all of it. CPU seconds of each phase are added to
     * *send_s and *recv_s. 0 on success. */
    int (*bulk)(void *p, size_t size, int writes, double *send_s, double *recv_s);
    void (*pair_free)(void *p);
    /* n pairs: handshake, a 1 KiB request read by the server, a 1 KiB response
     * written by the server (in flight: measured = established), read by the
     * client (nothing pending: measured = idle). Bytes per client+server pair.
     * 0 on success. */
    int (*mem)(const scenario *sc, int n, double *established, double *idle);
} stack;

extern const stack ward_stack, ossl_stack;

/* ---- timing (main.c) ---- */

/* Rates are per second of the bench thread's CPU time, which is wall time on an
 * idle machine and much less disturbed by other load on a busy one. */
double cpu_now_s(void); /* CLOCK_THREAD_CPUTIME_ID */
/* Cost of one cpu_now_s() call, subtracted from every measured segment. */
extern double g_cpu_clock_cost;

/* Adds the CPU time since *start to *acc (if acc), minus the clock's own cost. */
static inline void cpu_lap(double *acc, double start)
{
    if (acc) {
        double d = cpu_now_s() - start - g_cpu_clock_cost;
        *acc += d > 0 ? d : 0;
    }
}
#define CPU_START(t) ((t) ? cpu_now_s() : 0.0)

/* CPU seconds since start, minus the clock's own cost. */
static inline double cpu_since(double start)
{
    double d = cpu_now_s() - start - g_cpu_clock_cost;
    return d > 0 ? d : 0;
}

/* Calls op(arg) until `seconds` of this thread's CPU time have passed (at least
 * once), reading the clock only every few milliseconds; adds the calls to *n
 * and the CPU seconds to *secs. -1 when op fails (returns 0), else 0. */
int run_for(int (*op)(void *), void *arg, double seconds, long *n, double *secs);

/* ---- measurements (runner.c) ---- */

typedef enum { M_HS, M_SPLIT, M_BULK, M_MEM, M_LIMIT } kind;

typedef struct meas {
    kind k;
    const char *name;
    scenario sc;
    size_t size;             /* M_BULK: bytes per write */
    double (*limit)(double); /* M_LIMIT */
    const char *unit;        /* M_LIMIT */
} meas;

/* One repetition of a handshake, CPU-split or bulk measurement for both
 * stacks, alternating between them in short slices (`first` goes first) so
 * that a disturbance hits both alike. Stacks with ok[i] == 0 are skipped; a
 * failing stack gets ok[i] = 0. out[i][] gets one value per row. */
void measure(const meas *m, int first, double seconds, double out[2][3], int ok[2]);

/* ---- heap counting (alloc_count.c) ---- */

/* Bytes currently allocated (process-wide), and how they are counted. */
long long alloc_live_bytes(void);
const char *alloc_method(void);

/* ---- raw primitives (crypto_limits.c) ---- */

double limit_aes128gcm_mbps(double seconds);
double limit_x25519_ops(double seconds);
double limit_ecdsa_p256_sign_ops(double seconds);
double limit_rsa2048_sign_ops(double seconds);

void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
