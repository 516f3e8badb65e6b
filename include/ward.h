/*
 * ward.h -- the whole public API of libward, a TLS library built on libcrypto.
 *
 * This header is the manual. Every function states its contract here.
 *
 * Shape of the API
 *   ward_config   immutable-after-setup settings shared by many connections and
 *                 threads (certificates, trust store, policy, ALPN, ...).
 *   ward_conn     one TLS connection. The engine is sans-I/O: it consumes bytes
 *                 received from the network (ward_conn_feed) and produces bytes to
 *                 send (ward_conn_pending / ward_conn_sent). The fd adapter
 *                 (ward_conn_set_fd, ward_handshake, ward_read, ward_write,
 *                 ward_close) drives the same engine over a socket.
 *
 * Results
 *   Functions returning int return WARD_OK (0) or a positive WARD_WANT_* / WARD_CLOSED
 *   status, or a negative ward_error. Once a connection has failed, the error is
 *   sticky: every later call returns the same error.
 */
#ifndef WARD_H
#define WARD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define WARD_MUST_CHECK __attribute__((warn_unused_result))
/* The library is built with hidden visibility; exactly what this header
 * declares is exported. */
#pragma GCC visibility push(default)
#else
#define WARD_MUST_CHECK
#endif

/* ---- results ------------------------------------------------------------ */

enum {
    WARD_OK = 0,
    WARD_WANT_READ = 1,  /* the engine needs more bytes from the peer */
    WARD_WANT_WRITE = 2, /* bytes are waiting to be sent (or the socket is full) */
    WARD_CLOSED = 3,     /* the peer sent close_notify: a clean end of data */
};

/*
 * Errors. Each one names a violation; ward_error_alert() gives the TLS alert that
 * ward sends for it. Values are stable.
 */
typedef enum ward_error {
    WARD_E_INTERNAL = -1,         /* internal_error: a bug or impossible state */
    WARD_E_NOMEM = -2,            /* internal_error: allocation failed */
    WARD_E_INVALID_ARGUMENT = -3, /* API misuse; no alert */
    WARD_E_API_STATE = -4,        /* API call not valid now; no alert */
    WARD_E_CRYPTO = -5,           /* internal_error: libcrypto call failed */
    WARD_E_IO = -6,               /* socket error (errno is kept); no alert */
    WARD_E_CONFIG = -7,           /* unusable configuration; no alert */

    WARD_E_DECODE = -20,                  /* decode_error: malformed message */
    WARD_E_TRAILING_BYTES = -21,          /* decode_error: bytes after a complete structure */
    WARD_E_RECORD_OVERFLOW = -22,         /* record_overflow: record longer than allowed */
    WARD_E_BAD_RECORD_TYPE = -23,         /* unexpected_message: unknown content type */
    WARD_E_BAD_RECORD_MAC = -24,          /* bad_record_mac: record failed authentication */
    WARD_E_EMPTY_RECORD = -25,            /* unexpected_message: empty where forbidden */
    WARD_E_BAD_RECORD_VERSION = -26,      /* protocol_version: record header version */
    WARD_E_UNEXPECTED_MESSAGE = -27,      /* unexpected_message: wrong message now */
    WARD_E_UNEXPECTED_CCS = -28,          /* unexpected_message: CCS not allowed now */
    WARD_E_MESSAGE_TOO_LARGE = -29,       /* illegal_parameter: over the size limit */
    WARD_E_DUPLICATE_EXTENSION = -30,     /* illegal_parameter */
    WARD_E_EXTENSION_NOT_ALLOWED = -31,   /* illegal_parameter: wrong message */
    WARD_E_UNSOLICITED_EXTENSION = -32,   /* unsupported_extension: not offered */
    WARD_E_MISSING_EXTENSION = -33,       /* missing_extension */
    WARD_E_ILLEGAL_PARAMETER = -34,       /* illegal_parameter */
    WARD_E_BAD_KEY_SHARE = -35,           /* illegal_parameter: invalid public value */
    WARD_E_NO_SHARED_VERSION = -36,       /* protocol_version */
    WARD_E_NO_SHARED_CIPHER = -37,        /* handshake_failure */
    WARD_E_NO_SHARED_GROUP = -38,         /* handshake_failure */
    WARD_E_NO_SHARED_SIGALG = -39,        /* handshake_failure */
    WARD_E_NO_APPLICATION_PROTOCOL = -40, /* no_application_protocol */
    WARD_E_BAD_SIGNATURE = -41,           /* decrypt_error: CertificateVerify */
    WARD_E_BAD_FINISHED = -42,            /* decrypt_error: Finished mismatch */
    WARD_E_DOWNGRADE = -43,               /* illegal_parameter: downgrade sentinel */
    WARD_E_BAD_CERTIFICATE = -44,         /* bad_certificate: unparsable / unusable */
    WARD_E_CERT_HOSTNAME = -45,           /* bad_certificate: name does not match */
    WARD_E_UNKNOWN_CA = -46,              /* unknown_ca: chain not trusted */
    WARD_E_CERT_EXPIRED = -47,            /* certificate_expired (or not yet valid) */
    WARD_E_UNSUPPORTED_CERT = -48,        /* unsupported_certificate: key type */
    WARD_E_CERT_REQUIRED = -49,           /* certificate_required */
    WARD_E_HRR_INVALID = -50,             /* illegal_parameter: bad HelloRetryRequest */
    WARD_E_TOO_MANY_EMPTY = -51,          /* unexpected_message: empty record flood */
    WARD_E_TOO_MANY_WARNINGS = -52,       /* unexpected_message: warning alert flood */
    WARD_E_TOO_MANY_KEY_UPDATES = -53,    /* unexpected_message: KeyUpdate flood */
    WARD_E_SEQUENCE_OVERFLOW = -54,       /* internal_error: 2^64 records */
    WARD_E_INAPPROPRIATE_FALLBACK = -55,  /* inappropriate_fallback */
    WARD_E_NO_RENEGOTIATION = -56,        /* no_renegotiation */
    WARD_E_BAD_RENEGOTIATION_INFO = -57,  /* handshake_failure: RFC 5746 check failed */
    WARD_E_CERT_MISSING = -58,            /* handshake_failure: TLS 1.2 client sent none */
    WARD_E_BAD_BINDER = -59,              /* decrypt_error: PSK binder does not verify */
    WARD_E_EMS_REQUIRED = -60,            /* handshake_failure: resumption without EMS */
    WARD_E_INSUFFICIENT_SECURITY = -61,   /* insufficient_security: DHE group not RFC 7919 */

    WARD_E_PEER_ALERT = -70, /* the peer sent a fatal alert; none is sent back */
    WARD_E_TRUNCATED = -71,  /* transport closed without close_notify */
    WARD_E_CLOSED = -72,     /* the connection was closed; no more I/O */
} ward_error;

/* A short constant string naming an error or status, never NULL. */
const char *ward_error_string(int code);

/* The alert description ward sends for an error, or -1 when it sends none. */
int ward_error_alert(int code);

/* The name of a TLS alert description ("handshake_failure"), or "unknown". */
const char *ward_alert_name(int description);

/* ---- configuration -------------------------------------------------------- */

typedef enum ward_role { WARD_CLIENT = 0, WARD_SERVER = 1 } ward_role;

typedef struct ward_config ward_config;
typedef struct ward_conn ward_conn;

/* A new configuration for the given role with the "default" policy, the system
 * trust store, peer verification on (clients) / off (servers). NULL on no memory. */
ward_config *ward_config_new(ward_role role);

/* Releases a configuration. Connections hold a reference, so this may be called
 * while connections made from it are still alive. NULL is accepted. */
void ward_config_free(ward_config *cfg);

/* Policy presets: "default" (TLS 1.3 and TLS 1.2 with AEAD and ECDHE only),
 * "tls13" (TLS 1.3 only) and "legacy" (default, plus for TLS 1.2: ECDHE with
 * AES-CBC and HMAC-SHA256/384/SHA1 with encrypt-then-MAC whenever the peer
 * offers it, DHE_RSA with AES-GCM over the RFC 7919 groups ffdhe2048/3072/4096
 * only, and the RSA key exchange with AES-GCM / AES-CBC, which is not forward
 * secret: see ward_conn_forward_secret). Suites and groups set later
 * (ward_config_set_suites / _groups) must be ones the policy has. Unknown
 * names fail with WARD_E_INVALID_ARGUMENT. */
WARD_MUST_CHECK int ward_config_set_policy(ward_config *cfg, const char *name);

/* Limits the protocol versions (0x0303 = TLS 1.2, 0x0304 = TLS 1.3), within
 * what the policy allows; min > max or anything outside 1.2..1.3 is
 * WARD_E_INVALID_ARGUMENT. */
WARD_MUST_CHECK int ward_config_set_versions(ward_config *cfg, uint16_t min, uint16_t max);

/* Restricts the key-exchange groups offered / accepted to the named list, in
 * preference order, comma-separated: "x25519,secp256r1,secp384r1" (the
 * "legacy" policy also knows "ffdhe2048,ffdhe3072,ffdhe4096"). */
WARD_MUST_CHECK int ward_config_set_groups(ward_config *cfg, const char *list);

/* Restricts the cipher suites (TLS 1.3 and TLS 1.2), in preference order, by
 * IANA name, comma-separated: "TLS_AES_128_GCM_SHA256,
 * TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256". */
WARD_MUST_CHECK int ward_config_set_suites(ward_config *cfg, const char *list);

/* Adds a certificate chain (leaf first, PEM) with its private key (PEM). A server
 * needs at least one; a client uses it when the server asks for one. The key must
 * match the leaf. May be called more than once (different key types). */
WARD_MUST_CHECK int ward_config_add_cert_chain_file(ward_config *cfg, const char *chain_pem_path,
                                                    const char *key_pem_path);
/* The same from PEM text in memory. */
WARD_MUST_CHECK int ward_config_add_cert_chain_pem(ward_config *cfg, const char *chain_pem,
                                                   size_t chain_len, const char *key_pem,
                                                   size_t key_len);

/* Trust anchors for verifying the peer: a PEM file, a hashed directory, or both.
 * Replaces the system default store. */
WARD_MUST_CHECK int ward_config_set_ca(ward_config *cfg, const char *ca_file, const char *ca_dir);
/* The same from PEM text in memory. */
WARD_MUST_CHECK int ward_config_set_ca_pem(ward_config *cfg, const char *pem, size_t len);

/* Peer verification. Clients verify by default (chain, validity, server name);
 * turning it off is for tests only. Servers: mode 1 requests a client certificate,
 * mode 2 requires one. */
enum { WARD_VERIFY_NONE = 0, WARD_VERIFY_REQUEST = 1, WARD_VERIFY_REQUIRE = 2 };
WARD_MUST_CHECK int ward_config_set_verify(ward_config *cfg, int mode);

/* ALPN protocols in preference order, comma-separated ("h2,http/1.1"). A server
 * with ALPN set and no overlap with an offering client sends
 * no_application_protocol. */
WARD_MUST_CHECK int ward_config_set_alpn(ward_config *cfg, const char *list);

/* Writes TLS 1.3 secrets to this file in the NSS key log format (SSLKEYLOGFILE).
 * NULL turns it off. */
WARD_MUST_CHECK int ward_config_set_keylog_file(ward_config *cfg, const char *path);

/* Resource limits against a hostile peer: the largest handshake message
 * accepted (default 65536 bytes; 1024 at least) and the longest certificate
 * chain (default and maximum 16). Over the first: illegal_parameter; over the
 * second: bad_certificate. */
WARD_MUST_CHECK int ward_config_set_limits(ward_config *cfg, size_t max_handshake_message,
                                           size_t max_chain);

/* Whether the client sends GREASE values (RFC 8701). On by default. */
void ward_config_set_grease(ward_config *cfg, int on);

/* TLS 1.2 CBC suites ("legacy" policy): whether encrypt-then-MAC (RFC 7366)
 * is offered (client) and accepted (server). On by default; off makes the CBC
 * records MAC-then-encrypt, as with a peer that does not know RFC 7366. For
 * tests. */
void ward_config_set_encrypt_then_mac(ward_config *cfg, int on);

/* Client: adds TLS_FALLBACK_SCSV (RFC 7507) to the ClientHello, as a client
 * does when it retries with a lower version. For tests. Off by default. */
void ward_config_set_fallback_scsv(ward_config *cfg, int on);

/* TLS 1.2 renegotiation, only ever in the secure form (RFC 5746).
 * WARD_RENEG_NEVER (default): a client answers HelloRequest with a
 * no_renegotiation warning; a server refuses client-initiated renegotiation the
 * same way. WARD_RENEG_SECURE: a client renegotiates when the server asks; a
 * server accepts a client-initiated renegotiation. A peer without
 * renegotiation_info is never renegotiated with. TLS 1.3 has no renegotiation
 * (KeyUpdate replaces it). */
enum { WARD_RENEG_NEVER = 0, WARD_RENEG_SECURE = 1 };
void ward_config_set_renegotiation(ward_config *cfg, int mode);

/* ---- heartbeat (RFC 6520) ----------------------------------------------- */

/* TLS 1.2 heartbeat: off by default. On: the hello carries the heartbeat
 * extension (peer_allowed_to_send), ward answers the peer's HeartbeatRequests
 * and may send its own when the peer allows it. TLS 1.3 has no heartbeat. */
void ward_config_set_heartbeat(ward_config *cfg, int on);

/* Sends one HeartbeatRequest (16 random payload bytes) on an established
 * TLS 1.2 connection where the peer allows it; at most one is in flight.
 * WARD_E_API_STATE otherwise. The answer is processed by ward_conn_read. */
WARD_MUST_CHECK int ward_conn_heartbeat(ward_conn *c);

/* 0: no request sent; 1: a request is in flight; 2: the last one was answered
 * with the right payload. */
int ward_conn_heartbeat_status(const ward_conn *c);

/* ---- resumption ---------------------------------------------------------- */

/* Server: the TLS 1.2 session-ID cache, bounded to max_entries sessions (least
 * recently used evicted), each resumable for lifetime_secs. On by default
 * (10240 entries, 7200 s); max_entries 0 turns it off. */
WARD_MUST_CHECK int ward_config_set_session_cache(ward_config *cfg, size_t max_entries,
                                                  uint32_t lifetime_secs);

/* Server: an external session cache shared by many processes. get copies the
 * encoded session for id into buf (returning its length, or 0 when unknown);
 * put stores one; del forgets one. Called from the handshake, possibly from
 * many threads at once. Replaces the internal cache. */
typedef struct ward_session_cache_ops {
    size_t (*get)(void *arg, const uint8_t *id, size_t id_len, uint8_t *buf, size_t cap);
    void (*put)(void *arg, const uint8_t *id, size_t id_len, const uint8_t *data, size_t len,
                uint32_t lifetime_secs);
    void (*del)(void *arg, const uint8_t *id, size_t id_len);
    void *arg;
} ward_session_cache_ops;
void ward_config_set_session_cache_ops(ward_config *cfg, const ward_session_cache_ops *ops);

/* Server: session tickets (RFC 5077 for TLS 1.2; NewSessionTicket for TLS
 * 1.3, tls13_count of them after each handshake). On by default (2 tickets). */
void ward_config_set_tickets(ward_config *cfg, int on, unsigned tls13_count);

/* Server: ticket keys. By default a random key rotated every rotate_secs
 * (3600), the previous one still accepted for window_secs (3600) after a
 * rotation. ward_config_set_ticket_keys installs n keys of 48 bytes each
 * (16-byte name, 32-byte AES-256-GCM key), the first one current; automatic
 * rotation then stops. */
WARD_MUST_CHECK int ward_config_set_ticket_rotation(ward_config *cfg, uint32_t rotate_secs,
                                                    uint32_t window_secs);
WARD_MUST_CHECK int ward_config_set_ticket_keys(ward_config *cfg, const uint8_t *keys, size_t n);

/* Client: whether the config remembers the latest session per server name and
 * offers it on the next connection to that name. On by default. A TLS 1.3
 * ticket is offered once, then forgotten. */
void ward_config_set_session_store(ward_config *cfg, int on);

/* The clock used for session lifetimes and ticket ages, in seconds since the
 * epoch; time(NULL) when not set. */
void ward_config_set_clock(ward_config *cfg, uint64_t (*now)(void *arg), void *arg);

/* A resumable session, as a client keeps it. */
typedef struct ward_session ward_session;

/* Client, after the handshake: a copy of the session this connection can be
 * resumed with (for TLS 1.3 once a NewSessionTicket arrived). NULL when none. */
ward_session *ward_conn_session(const ward_conn *c);
/* Client, before the handshake: offer this session (overrides the store). */
WARD_MUST_CHECK int ward_conn_set_session(ward_conn *c, const ward_session *s);
/* Serialises a session (it holds a secret: store it as such). */
WARD_MUST_CHECK int ward_session_export(const ward_session *s, uint8_t *buf, size_t cap,
                                        size_t *len);
WARD_MUST_CHECK int ward_session_import(const uint8_t *buf, size_t len, ward_session **out);
void ward_session_free(ward_session *s);

/* Whether this handshake resumed a session (abbreviated / PSK handshake). */
int ward_conn_resumed(const ward_conn *c);

/* ---- tracing -------------------------------------------------------------- */

/* Direction of traced bytes. */
enum { WARD_TRACE_IN = 0, WARD_TRACE_OUT = 1 };

/* Kinds of traced events. */
typedef enum ward_trace_kind {
    WARD_TRACE_RECORD = 1,    /* a record header as on the wire (5 bytes) + length */
    WARD_TRACE_HANDSHAKE = 2, /* one whole handshake message (4-byte header + body) */
    WARD_TRACE_ALERT = 3,     /* alert (2 bytes) */
    WARD_TRACE_CCS = 4,       /* ChangeCipherSpec (1 byte) */
    WARD_TRACE_APPDATA = 5,   /* application data plaintext (length only is typical) */
    WARD_TRACE_NOTE = 6,      /* a human-readable note from the engine (text) */
} ward_trace_kind;

/* Called by the engine for every record, message and note in both directions.
 * bytes is valid only during the call. */
typedef void (*ward_trace_fn)(void *arg, int direction, ward_trace_kind kind, const uint8_t *bytes,
                              size_t len);
void ward_config_set_trace(ward_config *cfg, ward_trace_fn fn, void *arg);

/* A ready-made trace callback that decodes what it is given the way Wireshark shows
 * a handshake (record header, message type and length, hello fields, extensions by
 * name, certificate subject/issuer, ...) and prints it to the FILE* passed as arg. */
void ward_trace_print(void *file, int direction, ward_trace_kind kind, const uint8_t *bytes,
                      size_t len);

/* ---- connections ---------------------------------------------------------- */

/* A new connection using cfg (which it references). NULL on no memory. */
ward_conn *ward_conn_new(ward_config *cfg);

/* Releases a connection, wiping every secret it holds. NULL is accepted. */
void ward_conn_free(ward_conn *c);

/* Client: the server name to send (SNI) and to verify the certificate against.
 * An IP address literal is verified against the certificate's IP addresses and
 * is not sent as SNI. Required when the client verifies the server (the
 * default): the handshake fails with WARD_E_CONFIG without it. */
WARD_MUST_CHECK int ward_conn_set_server_name(ward_conn *c, const char *name);

/* -- sans-I/O interface -- */

/* Gives the engine bytes received from the peer. All n bytes are taken (copied
 * as needed). Returns WARD_OK or the connection's sticky error. */
WARD_MUST_CHECK int ward_conn_feed(ward_conn *c, const uint8_t *bytes, size_t n);

/* Tells the engine the transport reached end of file. A later read returns
 * WARD_CLOSED if close_notify was received first, else WARD_E_TRUNCATED. */
void ward_conn_feed_eof(ward_conn *c);

/* Bytes waiting to be sent: *out points into the connection, valid until the next
 * call on it. Returns the count (0 when nothing is pending). */
size_t ward_conn_pending(ward_conn *c, const uint8_t **out);

/* Marks n of the pending bytes as sent. */
void ward_conn_sent(ward_conn *c, size_t n);

/* Advances the handshake with what has been fed. WARD_OK once the handshake is
 * complete, WARD_WANT_READ when more peer bytes are needed (send what is pending
 * first), or an error (the alert to send is then pending). */
WARD_MUST_CHECK int ward_conn_handshake(ward_conn *c);

/* Reads up to n bytes of application data into buf; *got is set to the count.
 * Returns WARD_OK (*got > 0), WARD_WANT_READ, WARD_CLOSED (close_notify received),
 * or an error (WARD_E_TRUNCATED when the transport ended without close_notify).
 * Drives the handshake first if it is not complete, and handles post-handshake
 * messages (KeyUpdate, NewSessionTicket) on the way. Records are processed in
 * order, up to the one whose data fills buf: records after unread data wait in
 * the input until a later read. If a record processed in this call is fatal,
 * the error is returned and data copied in the same call is discarded. */
WARD_MUST_CHECK int ward_conn_read(ward_conn *c, uint8_t *buf, size_t n, size_t *got);

/* Encrypts n bytes of application data into the pending output, in records of at
 * most 2^14 bytes. Returns WARD_OK or an error (WARD_E_API_STATE before the
 * handshake completes). */
WARD_MUST_CHECK int ward_conn_write(ward_conn *c, const uint8_t *buf, size_t n);

/* Queues close_notify. Further writes fail with WARD_E_CLOSED. */
WARD_MUST_CHECK int ward_conn_close(ward_conn *c);

/* Server, TLS 1.2: asks the client to renegotiate (HelloRequest). The new
 * handshake runs inside ward_conn_read; application data keeps flowing.
 * WARD_E_API_STATE unless connected over TLS 1.2 with a peer that supports
 * secure renegotiation and no renegotiation is under way. */
WARD_MUST_CHECK int ward_conn_renegotiate(ward_conn *c);

/* TLS 1.3: sends a KeyUpdate; request_peer asks the peer to update too. */
WARD_MUST_CHECK int ward_conn_key_update(ward_conn *c, int request_peer);

/* -- fd adapter -- */

/* Attaches a connected socket. The adapter reads and writes it directly; in
 * non-blocking mode calls return WARD_WANT_READ / WARD_WANT_WRITE when the socket
 * would block, and are repeated when it is ready. */
WARD_MUST_CHECK int ward_conn_set_fd(ward_conn *c, int fd);

/* Runs the handshake over the socket, flushing what the engine produces. */
WARD_MUST_CHECK int ward_handshake(ward_conn *c);

/* Reads application data over the socket, as ward_conn_read: WARD_OK with
 * *got > 0, WARD_CLOSED on close_notify, WARD_WANT_READ / WARD_WANT_WRITE
 * (non-blocking sockets), or an error. */
WARD_MUST_CHECK int ward_read(ward_conn *c, void *buf, size_t n, size_t *got);

/* Writes n bytes of application data and flushes them. Blocking sockets: returns
 * WARD_OK when all are sent. Non-blocking: *done says how many were accepted;
 * WARD_WANT_WRITE means call again with the rest when the socket is writable. */
WARD_MUST_CHECK int ward_write(ward_conn *c, const void *buf, size_t n, size_t *done);

/* Sends close_notify and flushes it. Does not close the socket. */
WARD_MUST_CHECK int ward_close(ward_conn *c);

/* -- state after / during the handshake -- */

/* The connection's sticky error (0 if none). */
int ward_conn_error(const ward_conn *c);

/* A one-line human explanation of the failure: what went wrong, which alert was
 * sent or received. Empty string when there is none. */
const char *ward_conn_error_detail(const ward_conn *c);

/* Alert received from the peer (its description), or -1 when none. */
int ward_conn_peer_alert(const ward_conn *c);

/* Negotiated protocol version (0x0304 for TLS 1.3), 0 before it is known. */
uint16_t ward_conn_version(const ward_conn *c);

/* Negotiated cipher suite code point, 0 before it is known. */
uint16_t ward_conn_cipher_suite(const ward_conn *c);

/* The IANA name of a cipher suite ("TLS_AES_128_GCM_SHA256") or "unknown". */
const char *ward_suite_name(uint16_t suite);

/* Negotiated key-exchange group (IANA code point), 0 before it is known. */
uint16_t ward_conn_group(const ward_conn *c);

/* The name of a group ("x25519") or "unknown". */
const char *ward_group_name(uint16_t group);

/* Negotiated ALPN protocol (NUL-terminated), or NULL when none. */
const char *ward_conn_alpn(const ward_conn *c);

/* The server name the client sent (server side) or set (client side), or NULL. */
const char *ward_conn_server_name(const ward_conn *c);

/* Whether the peer presented a certificate that was verified. */
int ward_conn_peer_verified(const ward_conn *c);

/* Whether a HelloRetryRequest was part of the handshake. */
int ward_conn_had_hrr(const ward_conn *c);

/* TLS 1.2: whether the extended master secret (RFC 7627) was negotiated.
 * Always 1 for TLS 1.3, whose key schedule binds the transcript. */
int ward_conn_ems(const ward_conn *c);

/* TLS 1.2 CBC suites ("legacy" policy): whether records use encrypt-then-MAC
 * (RFC 7366), which ward asks for whenever it offers a CBC suite. 0 for AEAD
 * suites and TLS 1.3, whose records need no such thing. */
int ward_conn_encrypt_then_mac(const ward_conn *c);

/* Whether the connection's keys are forward secret: 0 for the TLS 1.2 RSA key
 * exchange ("legacy" policy), where whoever later obtains the server's private
 * key can decrypt a recording of the connection; 1 for (EC)DHE suites and
 * TLS 1.3. 0 before the suite is known. A resumed session keeps the original
 * key exchange's answer. */
int ward_conn_forward_secret(const ward_conn *c);

/* TLS 1.2: whether the peer supports secure renegotiation (RFC 5746). */
int ward_conn_secure_renegotiation(const ward_conn *c);

/* How many renegotiations completed on this connection. */
int ward_conn_renegotiations(const ward_conn *c);

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif

#endif /* WARD_H */
