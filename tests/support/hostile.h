/* hostile.h -- the runner of the hostile-input catalogue (tests/unit/hostile_test.c).
 *
 * A real ward client and server run the handshake in memory, TLS 1.2 or 1.3.
 * At one point (the case's stage) a flight is intercepted, split into records
 * and handshake messages (TLS 1.3 protected records opened with the sender's
 * keys), altered by the case's mutation, re-framed one message per record,
 * sealed again and fed to the other side: the victim. Every case names the
 * victim's exact error and the exact alert it sends. The runner checks that
 * the alert is in the victim's output and that a real ward peer fed that output
 * reports WARD_E_PEER_ALERT with that description, and that the victim stays
 * dead: every later call returns the same error. Run under ASan or valgrind,
 * nothing may leak. WARD_HOSTILE_VERBOSE=1 prints each victim's error detail. */
#ifndef WARD_TEST_HOSTILE_H
#define WARD_TEST_HOSTILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flight.h"
#include "hello_edit.h"
#include "pair.h"

/* Where the bad bytes are delivered, and so who the victim is. */
typedef enum stage {
    AT_CLIENT_HELLO,    /* client -> server: ClientHello */
    AT_HRR,             /* TLS 1.3, O_HRR: server -> client: HelloRetryRequest */
    AT_CLIENT_HELLO2,   /* TLS 1.3, O_HRR: client -> server: the second ClientHello */
    AT_SERVER_FLIGHT,   /* server -> client: ServerHello .. ServerHelloDone / Finished */
    AT_CLIENT_FLIGHT,   /* client -> server: [Cert] (CKE [CV] CCS | [CV]) Finished */
    AT_SERVER_FINISHED, /* server -> client: TLS 1.2 CCS Finished; TLS 1.3 NewSessionTickets */
    AT_DATA_TO_CLIENT,  /* server -> client: application data */
    AT_DATA_TO_SERVER,  /* client -> server: application data */
} stage;

enum {
    O_RSA = 1 << 0,             /* RSA certificates (default: ECDSA P-256) */
    O_MTLS_REQUEST = 1 << 1,    /* the server asks for a client certificate */
    O_MTLS_REQUIRE = 1 << 2,    /* the server requires one */
    O_CLIENT_CERT = 1 << 3,     /* the client has one */
    O_GROUPS_NO_P384 = 1 << 4,  /* the client offers x25519 and secp256r1 */
    O_GROUP_P256 = 1 << 5,      /* the client offers secp256r1 only */
    O_CLIENT_ALPN = 1 << 6,     /* the client offers "h2" */
    O_NARROW_SUITES = 1 << 7,   /* the client offers one suite per version */
    O_NO_PKCS1_SHA512 = 1 << 8, /* the client does not offer rsa_pkcs1_sha512 */
    O_EOF = 1 << 9,             /* the transport ends after the bad bytes */
    O_ACCEPT_ONLY = 1 << 10,    /* control: the victim accepts; the rest is not run */
    O_HRR = 1 << 11,            /* TLS 1.3: the server asks for a secp256r1 share */
    O_SERVER_ALPN = 1 << 12,    /* the server speaks "h2" only */
    O_HEARTBEAT = 1 << 13,      /* both sides negotiate heartbeat (TLS 1.2) */
    O_SURVIVES = 1 << 14,       /* the victim ignores the input: sends nothing, carries on */
};

typedef struct hctx hctx;

typedef struct hcase {
    const char *name;
    uint16_t version; /* 0x0303 or 0x0304: the version the victim speaks */
    ward_role victim; /* checked against the stage */
    stage at;
    unsigned opts;
    void (*mutate)(hctx *x, flight *f);
    int rc;                  /* the victim's result */
    int alert;               /* the alert it sends; -1: none */
    void (*tamper)(hctx *x); /* between the two parts of a split delivery */
} hcase;

struct hctx {
    const hcase *k;
    const test_pki *pki, *other_pki; /* ours; one that the peer does not trust */
    ward_config *ccfg, *scfg;
    ward_conn *c, *s;
    ward_conn *victim, *peer;
    uint8_t server_random[32];
    uint8_t ch[1024]; /* the client's last ClientHello body, as sent */
    size_t ch_len;
    uint8_t hrr[512]; /* TLS 1.3: the HelloRetryRequest body */
    size_t hrr_len;
    uint8_t cert[8192]; /* the server's Certificate body */
    size_t cert_len;
    /* TLS 1.3, set by a tamper step when the peer cannot follow the victim
     * (the mutation changed what they agreed on): the secret the victim's
     * alert is sealed with, so that the runner can open it instead. */
    const suite_info *alert_si;
    uint8_t alert_secret[CRYPTO_MAX_HASH];
    size_t split;     /* nonzero: deliver items [0, split), tamper, then the rest */
    unsigned variant; /* which variant of a sweeping mutation this run is */
    bool more;        /* the mutation has a next variant */
};

/* The test PKIs, made once by hostile_setup. */
extern test_pki hostile_pki_ec, hostile_pki_rsa;
int hostile_setup(void **state);
int hostile_teardown(void **state);

/* A cmocka test function: runs the hcase in *state (every variant of it). */
void hostile_run(void **state);

#endif
