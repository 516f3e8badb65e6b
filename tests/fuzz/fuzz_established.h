/* fuzz_established.h -- the engine targets' established mode: the fuzzed
 * connection (the victim) first completes a real in-memory handshake with a
 * real ward peer, then the input drives what the peer sends it.
 *
 * Input: the mode byte, then operations until the input ends.
 *   mode byte: FUZZ_ESTABLISHED set; FUZZ_REAL_CIPHER: real AEAD record
 *     protection instead of the null cipher; the low six bits, modulo
 *     FUZZ_VARIANTS, the configuration variant (fuzz_support.h).
 *   operation: one byte, kind = byte % FUZZ_OPS, then
 *     FUZZ_OP_RAW .. FUZZ_OP_CCS: a big-endian u16 length (cut to what is
 *       left) and that many bytes. RAW feeds the bytes to the victim as they
 *       are; the others are sealed by the peer as one record of that content
 *       type under the peer's current write keys (conn_seal_record; split at
 *       2^14 like any record, sent as a plaintext record where the peer's
 *       record layer refuses it: empty handshake / alert, a TLS 1.3 CCS);
 *     FUZZ_OP_PEER, FUZZ_OP_VICTIM: one argument byte, action = (arg & 0x0f)
 *       % FUZZ_ACTIONS, done by that side through the public API, after
 *       which both sides exchange what they have to send until neither has
 *       more.
 * After each operation the victim reads everything it was given. The input
 * ends at a fatal error or close_notify on the victim, or with a transport EOF.
 *
 * The handshake draws from the client and server randomness streams as the
 * replay mode does, so a given mode byte always gives the same keys and
 * transcript: captured peer messages (a renegotiation ClientHello, for
 * instance) replay as seeds. */
#ifndef WARD_FUZZ_ESTABLISHED_H
#define WARD_FUZZ_ESTABLISHED_H

#include <stddef.h>
#include <stdint.h>

#include "ward.h"

enum { FUZZ_ESTABLISHED = 0x80, FUZZ_REAL_CIPHER = 0x40 };

enum {
    FUZZ_OP_RAW = 0,
    FUZZ_OP_HANDSHAKE = 1,
    FUZZ_OP_APPDATA = 2,
    FUZZ_OP_ALERT = 3,
    FUZZ_OP_HEARTBEAT = 4,
    FUZZ_OP_CCS = 5,
    FUZZ_OP_PEER = 6,
    FUZZ_OP_VICTIM = 7,
    FUZZ_OPS = 8,
};

/* Actions ((argument & 0x0f) % FUZZ_ACTIONS); bit 4 of the argument is
 * KeyUpdate's request_update. Actions the API refuses in the current state do
 * nothing. */
enum {
    FUZZ_ACT_WRITE = 0,       /* a few bytes of application data */
    FUZZ_ACT_HEARTBEAT = 1,   /* ward_conn_heartbeat */
    FUZZ_ACT_KEY_UPDATE = 2,  /* ward_conn_key_update */
    FUZZ_ACT_RENEGOTIATE = 3, /* ward_conn_renegotiate (servers) */
    FUZZ_ACT_CLOSE = 4,       /* ward_conn_close */
    FUZZ_ACT_EXCHANGE = 5,    /* nothing, just the exchange */
    FUZZ_ACTIONS = 6,
};
#define FUZZ_ACT_REQUEST_UPDATE 0x10

/* A victim and its peer. */
typedef struct fuzz_pair {
    ward_conn *victim, *peer;
    int victim_rng, peer_rng; /* their randomness streams */
    int stopped;              /* the victim failed or was closed */
} fuzz_pair;

/* Creates both ends for the mode byte and completes their handshake; aborts
 * when it does not complete (that is a harness or engine bug, not input). */
void fuzz_pair_start(fuzz_pair *p, ward_role victim_role, uint8_t mode);
/* Runs one operation from *data (advancing it); 0 once the input is used up
 * or the victim stopped. */
int fuzz_pair_step(fuzz_pair *p, const uint8_t **data, size_t *size);
/* Ends the input with a transport EOF and frees both ends. */
void fuzz_pair_finish(fuzz_pair *p);

/* The whole established mode for one input (data[0] is the mode byte);
 * debug: print how it ended. */
void fuzz_established_run(ward_role victim_role, const uint8_t *data, size_t size, int debug);

#endif
