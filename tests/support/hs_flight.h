/* hs_flight.h -- one side's plaintext handshake flight, taken apart so that a
 * test can replace a message and hand the result to the peer: the handshake
 * records at the front of a connection's pending output are joined into one
 * stream of messages; whatever follows them (ChangeCipherSpec, protected
 * records) is kept verbatim. */
#ifndef WARD_TEST_HS_FLIGHT_H
#define WARD_TEST_HS_FLIGHT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ward.h"

typedef struct hs_flight {
    uint8_t *hs; /* the handshake messages, headers included */
    size_t hs_len;
    uint8_t *rest; /* the records after them */
    size_t rest_len;
    uint16_t version; /* of the first handshake record */
} hs_flight;

/* Takes (and marks as sent) everything c has pending. */
void hs_flight_take(ward_conn *c, hs_flight *f);
/* The body of the first message of this type: true with *body / *len set. */
bool hs_flight_body(const hs_flight *f, uint8_t type, uint8_t **body, size_t *len);
/* Replaces the body of the first message of this type (which must exist). */
void hs_flight_replace(hs_flight *f, uint8_t type, const uint8_t *body, size_t len);
/* Inserts a whole message (header included) before the first message of
 * before_type (which must exist). */
void hs_flight_insert(hs_flight *f, uint8_t before_type, const uint8_t *msg, size_t len);
/* Feeds the hs_flight to a connection: the messages in records of at most 2^14
 * bytes, then the rest. Returns ward_conn_feed's result. */
int hs_flight_feed(const hs_flight *f, ward_conn *to);
void hs_flight_free(hs_flight *f);

#endif
