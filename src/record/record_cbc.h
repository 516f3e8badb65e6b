/* record_cbc.h -- TLS 1.2 CBC record protection (record_cbc.c), called by
 * record.c for a direction whose framing is RECORD_FRAMING_TLS12_CBC. */
#ifndef WARD_RECORD_CBC_H
#define WARD_RECORD_CBC_H

#include "record/record.h"

/* The fragment length of a record carrying n plaintext bytes (minimal padding). */
size_t record_cbc_sealed_len(const record_dir *d, size_t n);

/* Writes the record_cbc_sealed_len(d, n) bytes of the fragment at frag, under
 * sequence number d->seq (the caller advances it). pt may not overlap frag. */
MUST_CHECK int record_cbc_seal(record_dir *d, uint8_t type, uint16_t version, const uint8_t *pt,
                               size_t n, uint8_t *frag);

/* Opens a fragment in place by record_open's TLS 1.2 CBC rules and advances the
 * sequence number. The caller has checked the outer type and that the sequence
 * number can advance. */
MUST_CHECK int record_cbc_open(record_dir *d, uint8_t outer, uint16_t version, uint8_t *frag,
                               size_t frag_len, uint8_t *type, uint8_t **pt, size_t *pt_len);

/* For tests/unit/record_cbc_ct_test.c only, NULL otherwise: record_cbc_secret is
 * called on the decrypted bytes right after decryption, record_cbc_public on each
 * value the check releases afterwards (the verdict, then the plaintext length). */
extern void (*record_cbc_secret)(const void *p, size_t n);
extern void (*record_cbc_public)(const void *p, size_t n);

#endif
