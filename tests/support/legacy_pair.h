/* legacy_pair.h -- an in-memory client and server with the "legacy" policy,
 * the server holding an RSA and an ECDSA certificate, for the legacy suite
 * tests. The PKIs are made once per test program. */
#ifndef WARD_TEST_LEGACY_PAIR_H
#define WARD_TEST_LEGACY_PAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pair.h"

typedef struct lpair {
    ward_config *ccfg, *scfg;
    ward_conn *c, *s;
} lpair;

/* The two PKIs (RSA, ECDSA P-256), made on first use; freed by lpki_free. */
const test_pki *lpki_rsa(void);
const test_pki *lpki_ec(void);
void lpki_free(void);

/* Configs: client trusting both CAs, server with both certificates; each with
 * the given policy ("legacy", "default", ...). */
void lpair_configs(lpair *p, const char *client_policy, const char *server_policy);
/* Fresh connections from the configs (the client names "localhost"). */
void lpair_conns(lpair *p);
/* Frees the connections (and, with configs too, the configs). */
void lpair_free_conns(lpair *p);
void lpair_free(lpair *p);

/* Both handshakes complete, or the test fails showing both sides' details. */
void lpair_handshake_ok(lpair *p);
/* n bytes each way, checked. */
void lpair_exchange(lpair *p, size_t n);

#endif
