/* tls13.h -- pieces shared by the TLS 1.3 client and server state machines. */
#ifndef WARD_HS_TLS13_H
#define WARD_HS_TLS13_H

#include "conn.h"

/* Writes the key log lines for the handshake / application secrets. */
void tls13_keylog_handshake(ward_conn *c);
void tls13_keylog_application(ward_conn *c);

/* RFC 8446 D.4: the middlebox-compatibility ChangeCipherSpec, sent once per
 * connection, before the first protected record (or after the first flight). */
MUST_CHECK int tls13_send_compat_ccs(ward_conn *c);

/* Derives the handshake secrets once ServerHello is in the transcript. */
MUST_CHECK int tls13_derive_handshake(ward_conn *c, const uint8_t *shared, size_t shared_len);
/* Derives the application secrets once the server Finished is in the transcript. */
MUST_CHECK int tls13_derive_application(ward_conn *c);

/* Our chain's DER certificates (none when we have no certificate to send). */
MUST_CHECK int hs_my_chain(const ward_conn *c, const uint8_t **der, size_t *len, size_t *n);
/* Our certificate chain in a Certificate message. */
MUST_CHECK int tls13_send_certificate(ward_conn *c, const uint8_t *context, size_t context_len);
/* Signs the transcript so far with our key. */
MUST_CHECK int tls13_send_certificate_verify(ward_conn *c);
/* Finished with the finished key of base_secret over the transcript so far. */
MUST_CHECK int tls13_send_finished(ward_conn *c, const uint8_t *base_secret);

/* Server: the first of our ALPN protocols the client offered
 * (no_application_protocol when there is no overlap). */
MUST_CHECK int hs_server_choose_alpn(ward_conn *c, const client_hello *ch);

/* Verifies a received chain (when verification is on) and keeps the leaf key. */
MUST_CHECK int hs_accept_peer_chain(ward_conn *c, const certificate_msg *cm);
/* Whether our policy offers / accepts this signature scheme. */
bool hs_sigalg_offered(const ward_conn *c, uint16_t scheme);

/* Parses the peer's Certificate, verifies the chain (when verification is on)
 * and keeps the leaf key. Empty chains are the caller's business: *empty. */
MUST_CHECK int tls13_recv_certificate(ward_conn *c, reader body, bool *empty);
/* Verifies the peer's CertificateVerify against the transcript so far, with a
 * scheme we offered (our_sigalgs). */
MUST_CHECK int tls13_recv_certificate_verify(ward_conn *c, reader body);
/* Checks the peer's Finished (constant time) against base_secret. */
MUST_CHECK int tls13_recv_finished(ward_conn *c, reader body, const uint8_t *base_secret);

/* The first scheme in our preference order that the peer listed, fits the
 * key and is allowed in a TLS 1.3 CertificateVerify; 0 when none. */
uint16_t tls13_pick_sigalg(const ward_conn *c, const config_cert *cc, const uint16_t *peer,
                           size_t n_peer);
/* Copies a validated u16 list (signature_algorithms) into c->peer_sigalgs. */
void tls13_store_peer_sigalgs(ward_conn *c, reader list);

#endif
