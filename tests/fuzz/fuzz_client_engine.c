/* fuzz_client_engine.c -- a ward client fed the input as the server's bytes.
 * First byte below 0x80 (replay mode): the configuration variant
 * (fuzz_support.c); the client sends its real ClientHello, then the rest is
 * the server's byte stream. The client draws the same randomness as when the
 * seeds were recorded, so the seeds' server flights complete the handshake
 * (null cipher, see fuzz_support.h). First byte with 0x80 set (established
 * mode, fuzz_established.h): the client completes a real handshake with a
 * real ward server, then the input is records that server seals and actions
 * of either end (heartbeat, renegotiation, KeyUpdate, close). */
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

static int read_all(ward_conn *c)
{
    uint8_t buf[4096];
    int rc = WARD_OK;
    for (int i = 0; i < 64 && rc == WARD_OK; i++) {
        size_t got = 0;
        rc = ward_conn_read(c, buf, sizeof buf, &got);
        drain(c);
    }
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (data[0] & FUZZ_ESTABLISHED) {
        fuzz_established_run(WARD_CLIENT, data, size, debug);
        return 0;
    }
    fuzz_engine_fresh(data[0]);
    fuzz_rng_reset(FUZZ_RNG_CLIENT);
    ward_conn *c = ward_conn_new(fuzz_client_config(data[0]));
    if (c == NULL)
        abort();
    if (ward_conn_set_server_name(c, FUZZ_SERVER_NAME) != WARD_OK ||
        ward_conn_handshake(c) != WARD_WANT_READ)
        abort(); /* the ClientHello must go out */
    drain(c);
    int rc = ward_conn_feed(c, data + 1, size - 1);
    if (rc == WARD_OK)
        rc = ward_conn_handshake(c);
    drain(c);
    if (rc == WARD_OK) {
        static const uint8_t req[] = "GET / HTTP/1.1\r\n\r\n";
        (void)ward_conn_alpn(c);
        if (ward_conn_write(c, req, sizeof req - 1) == WARD_OK)
            drain(c);
        rc = read_all(c);
        if (rc == WARD_WANT_READ) {
            ward_conn_feed_eof(c);
            rc = read_all(c);
        }
        if (rc == WARD_CLOSED && ward_conn_close(c) == WARD_OK)
            drain(c);
    }
    const char *detail = ward_conn_error_detail(c);
    if (debug)
        fprintf(stderr, "variant %s: %s, handshake %s; heartbeat %d, renegotiations %d; %s\n",
                fuzz_variant_name(data[0]), ward_error_string(rc),
                ward_conn_version(c) ? "negotiated" : "not negotiated",
                ward_conn_heartbeat_status(c), ward_conn_renegotiations(c), detail);
    ward_conn_free(c);
    return 0;
}
