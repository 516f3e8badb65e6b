/* pair.h -- an in-memory client and server for engine tests. */
#ifndef WARD_TEST_PAIR_H
#define WARD_TEST_PAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"
#include "ward.h"

typedef struct test_pki {
    char *ca_pem, *chain_pem, *key_pem;
} test_pki;

/* A throw-away CA and a leaf for "localhost" of the given key type. */
void test_pki_make(test_pki *pki, key_type kind);
void test_pki_free(test_pki *pki);

/* Configs trusting/serving pki. */
ward_config *test_client_config(const test_pki *pki);
ward_config *test_server_config(const test_pki *pki);

/* Moves every pending byte from one connection to the other; returns the count. */
size_t test_pump(ward_conn *from, ward_conn *to);

/* Drives both handshakes to completion or failure. Returns the client's result;
 * *server_rc receives the server's. */
int test_handshake(ward_conn *client, ward_conn *server, int *server_rc);

/* Reads exactly n bytes of application data (pumping from peer as needed). */
int test_read_all(ward_conn *reader_conn, ward_conn *peer, uint8_t *buf, size_t n);

/* The pending output of c, as one buffer (borrowed; valid until the next call). */
size_t test_pending(ward_conn *c, const uint8_t **p);

/* Whether c's pending output ends with an alert record. Unprotected alerts can be
 * read directly; protected ones only by type (outer application_data). */
bool test_plain_alert(ward_conn *c, uint8_t *level, uint8_t *desc);

#endif
