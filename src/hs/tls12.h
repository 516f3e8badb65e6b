/* tls12.h -- pieces shared by the TLS 1.2 client and server state machines. */
#ifndef WARD_HS_TLS12_H
#define WARD_HS_TLS12_H

#include "hs/tls13.h"

/* RFC 8446 4.1.3: the last 8 bytes of ServerHello.random when a TLS 1.3-capable
 * server negotiates TLS 1.2. */
extern const uint8_t TLS12_DOWNGRADE_SENTINEL[8];

/* master_secret from the premaster secret (with EMS over the transcript so
 * far, which must end with ClientKeyExchange); logs CLIENT_RANDOM. */
MUST_CHECK int tls12_make_master(ward_conn *c);
/* Installs our side's keys as the pending read keys (next_rd). */
MUST_CHECK int tls12_prepare_read_keys(ward_conn *c);
/* Sends ChangeCipherSpec under the current keys, then switches write keys. */
MUST_CHECK int tls12_send_ccs(ward_conn *c);
/* Sends Finished over the transcript so far and keeps its verify_data. */
MUST_CHECK int tls12_send_finished(ward_conn *c);
/* Checks the peer's Finished (constant time) and keeps its verify_data. */
MUST_CHECK int tls12_recv_finished(ward_conn *c, reader body);

/* Signs / verifies the raw handshake messages logged so far (CertificateVerify). */
MUST_CHECK int tls12_send_certificate_verify(ward_conn *c);
MUST_CHECK int tls12_recv_certificate_verify(ward_conn *c, reader body);

/* Our chain in a TLS 1.2 Certificate message (empty when we have none). */
MUST_CHECK int tls12_send_certificate(ward_conn *c);

/* ---- the key exchange of the suite (tls12_kx.c) ---- */

/* Server: ServerKeyExchange for an ECDHE or DHE suite, in c->group. */
MUST_CHECK int tls12_server_send_ske(ward_conn *c);
/* Server: the premaster secret from the ClientKeyExchange. RSA: never an error
 * for the ciphertext itself (RFC 5246 7.4.7.1). */
MUST_CHECK int tls12_server_recv_cke(ward_conn *c, reader body);
/* Client: checks a ServerKeyExchange (group, signature, the server's value)
 * and makes the premaster secret. A DHE group that is not an RFC 7919 group
 * the client accepts is WARD_E_INSUFFICIENT_SECURITY. */
MUST_CHECK int tls12_client_recv_ske(ward_conn *c, reader body);
/* Client: the ClientKeyExchange (RSA: makes and encrypts the premaster). */
MUST_CHECK int tls12_client_send_cke(ward_conn *c);
/* For trace notes: the group, or what stands in for one. */
const char *tls12_kx_label(const ward_conn *c);

/* The first scheme in our preference order the peer listed that fits the key
 * and may be used in TLS 1.2; 0 when none. */
uint16_t tls12_pick_sigalg(const ward_conn *c, const config_cert *cc);

#endif
