/* flight.h -- what one connection sends another, as an editable list of
 * records and handshake messages, for tests that tamper with it.
 *
 * A flight is parsed from a connection's output: plaintext handshake records
 * are reassembled and split into messages; TLS 1.3 protected records are
 * opened with the keys given (their handshake messages become messages too,
 * marked protected); everything else stays a record. Written back, every
 * handshake message gets a record of its own, and protected items are sealed
 * again, in order, with fresh sequence numbers. */
#ifndef WARD_TEST_FLIGHT_H
#define WARD_TEST_FLIGHT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conn.h"

#define FLIGHT_MAX 48

typedef struct item {
    uint8_t ct;           /* content type (the inner type of a protected TLS 1.3 record) */
    uint16_t rec_version; /* record header version */
    bool raw;             /* data is a whole record fragment (no handshake header) */
    bool verbatim;        /* data goes on the wire as is: no record header at all */
    bool prot;            /* sealed under the flight's keys when written */
    uint8_t hs;           /* handshake type (when !raw) */
    uint8_t *data;        /* message body (when !raw) or record fragment */
    size_t len;
    bool len_forced; /* write len_field instead of len in the message header */
    uint32_t len_field;
    size_t pad;     /* TLS 1.3 protected: zero padding after the inner type */
    bool flip_last; /* the record's last byte (of the tag, when sealed) is flipped */
    int seq_offset; /* protected: sealed with this much added to the sequence number */
} item;

typedef struct flight {
    item it[FLIGHT_MAX];
    size_t n;
} flight;

/* TLS 1.3 keys of one direction, from a traffic secret: one copy opens what
 * the sender sealed, the other seals the edited flight. Both start at seq. */
typedef struct flight_keys {
    record_dir open, seal;
} flight_keys;

void flight_keys_init(flight_keys *k, const suite_info *si, const uint8_t *secret, uint64_t seq);
void flight_keys_free(flight_keys *k);

/* Replaces an item's data by a copy of data[0..len). */
void item_set(item *it, const uint8_t *data, size_t len);

/* Inserts an item at index at; returns it (rec_version 0x0303, not protected). */
item *flight_insert(flight *f, size_t at, uint8_t ct, bool raw, uint8_t hs, const uint8_t *data,
                    size_t len);
void flight_remove(flight *f, size_t at);
void flight_free(flight *f);

/* Index of the first handshake message of the type (fails the test if none). */
size_t flight_find(const flight *f, uint8_t hs);
/* Index of the first record of the content type (fails the test if none). */
size_t flight_find_ct(const flight *f, uint8_t ct);
/* Whether the flight has a handshake message of the type. */
bool flight_has(const flight *f, uint8_t hs);

/* Parses n bytes of a connection's output. TLS 1.2 (tls13 false): every
 * record after a ChangeCipherSpec (every record when protected_ is set) stays
 * a raw record. TLS 1.3: a ChangeCipherSpec changes nothing, and with keys the
 * application_data records are opened. */
void flight_parse(const uint8_t *p, size_t n, bool tls13, bool protected_, flight_keys *keys,
                  flight *f);

/* Writes items [from, to) to w. Protected items are sealed with keys (TLS
 * 1.3), or with seal12 (a TLS 1.2 write direction, borrowed). */
void flight_write(const flight *f, size_t from, size_t to, flight_keys *keys, record_dir *seal12,
                  writer *w);

/* Seals an arbitrary TLS 1.3 inner plaintext (content || type || padding) or
 * TLS 1.2 plaintext as one record under d, advancing its sequence number. */
void flight_seal_raw(record_dir *d, uint8_t outer, uint16_t version, const uint8_t *pt, size_t n,
                     writer *w);

#endif
