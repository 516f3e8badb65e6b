/* fuzz_server_engine.c -- a ward server fed the input as the client's bytes.
 * First byte below 0x80 (replay mode): the configuration variant
 * (fuzz_support.c); the rest: the client's byte stream. With the seeds'
 * deterministic client stream the handshake completes, so application data,
 * KeyUpdate, renegotiation, heartbeat and close_notify are reached as well
 * (records use the null cipher, see fuzz_support.h). First byte with 0x80 set
 * (established mode, fuzz_established.h): the server completes a real
 * handshake with a real ward client, then the input is records that client
 * seals and actions of either end. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_established.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* WARD_FUZZ_DEBUG=1: print how each input ended (for reproducing). */
static bool debug;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_engine_init();
    debug = getenv("WARD_FUZZ_DEBUG") != NULL;
    return 0;
}

static void drain(ward_conn *c)
{
    const uint8_t *p;
    size_t n = ward_conn_pending(c, &p);
    ward_conn_sent(c, n);
}

/* Reads until the engine wants more, fails or is closed; echoes data back. */
static int read_all(ward_conn *c)
{
    uint8_t buf[4096];
    int rc = WARD_OK;
    for (int i = 0; i < 64; i++) {
        size_t got = 0;
        rc = ward_conn_read(c, buf, sizeof buf, &got);
        if (rc != WARD_OK)
            break;
        if (ward_conn_write(c, buf, got) != WARD_OK)
            break;
        drain(c);
    }
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (data[0] & FUZZ_ESTABLISHED) {
        fuzz_established_run(WARD_SERVER, data, size, debug);
        return 0;
    }
    fuzz_engine_fresh(data[0]);
    fuzz_rng_reset(FUZZ_RNG_SERVER);
    ward_conn *s = ward_conn_new(fuzz_server_config(data[0]));
    if (s == NULL)
        abort();
    int rc = ward_conn_feed(s, data + 1, size - 1);
    if (rc == WARD_OK)
        rc = ward_conn_handshake(s);
    drain(s);
    if (rc == WARD_OK) {
        (void)ward_conn_alpn(s);
        (void)ward_conn_server_name(s);
        rc = read_all(s);
        if (rc == WARD_WANT_READ) {
            ward_conn_feed_eof(s);
            rc = read_all(s);
        }
        if (rc == WARD_CLOSED && ward_conn_close(s) == WARD_OK)
            drain(s);
    }
    const char *detail = ward_conn_error_detail(s);
    if (debug)
        fprintf(stderr, "variant %s: %s, handshake %s; heartbeat %d, renegotiations %d; %s\n",
                fuzz_variant_name(data[0]), ward_error_string(rc),
                ward_conn_version(s) ? "negotiated" : "not negotiated",
                ward_conn_heartbeat_status(s), ward_conn_renegotiations(s), detail);
    ward_conn_free(s);
    return 0;
}
