/* conn.h -- the connection engine's state, shared by conn*.c and src/hs/. */
#ifndef WARD_CONN_H
#define WARD_CONN_H

#include <stdbool.h>
#include <stdint.h>

#include "base/codec.h"
#include "config.h"
#include "crypto/crypto.h"
#include "hs/key_schedule.h"
#include "hs/transcript.h"
#include "msg/msg.h"
#include "record/record.h"

/* Handshake states. Each has exactly one handler; a message not expected in a
 * state is unexpected_message. */
typedef enum hs_state {
    HS_START = 0,
    /* client */
    HS_C_WAIT_SH,
    HS_C_WAIT_EE,
    HS_C_WAIT_CERT_CR,
    HS_C_WAIT_CERT,
    HS_C_WAIT_CV,
    HS_C_WAIT_FINISHED,
    /* server */
    HS_S_WAIT_CH,
    HS_S_WAIT_CH2, /* after HelloRetryRequest */
    HS_S_WAIT_CLIENT_CERT,
    HS_S_WAIT_CLIENT_CV,
    HS_S_WAIT_CLIENT_FINISHED,
    /* TLS 1.2 client */
    HS_C12_WAIT_CERT,
    HS_C12_WAIT_SKE,
    HS_C12_WAIT_CR_SHD,
    HS_C12_WAIT_SHD,
    HS_C12_WAIT_CCS, /* NewSessionTicket may come first */
    HS_C12_WAIT_FINISHED,
    /* TLS 1.2 server */
    HS_S12_WAIT_CERT,
    HS_S12_WAIT_CKE,
    HS_S12_WAIT_CV,
    HS_S12_WAIT_CCS,
    HS_S12_WAIT_FINISHED,
    /* both */
    HS_CONNECTED,
} hs_state;

#define CONN_MAX_PEER_SIGALGS 32
#define CONN_MAX_EMPTY_RECORDS 32
#define CONN_MAX_WARNINGS 8
#define CONN_MAX_KEY_UPDATES 32
#define CONN_MAX_SERVER_NAME 255
#define CONN_MAX_EARLY_SKIP (64 * 1024)

struct ward_conn {
    ward_config *cfg;
    ward_role role;
    int fd;
    hs_state state;
    int error; /* sticky: the first fatal error */
    char detail[192];
    int peer_alert;
    bool close_sent, close_received, eof, hs_done;

    /* Transport buffers: ciphertext received (consumed from in_off) and to send
     * (sent up to out_off). */
    writer in;
    size_t in_off;
    writer out;
    size_t out_off;
    /* Handshake bytes received (reassembled across records) and queued to send
     * under the current write keys. */
    writer hs_in;
    size_t hs_in_off;
    writer hs_out;
    /* Decrypted application data not yet read: app_len bytes at in.p + app_at,
     * left in place where the record was opened. Records after it wait. */
    size_t app_at, app_len;

    record_dir rd, wr;
    bool read_key_changed; /* a handler switched read keys during this message */
    bool plain_alert_ok;   /* server: the client may still send plaintext alerts */
    unsigned empty_records, warnings, key_updates;
    bool skip_early;      /* server: 0-RTT was offered and is being refused */
    size_t early_skipped; /* bytes of refused 0-RTT data dropped so far */

    /* Negotiated. */
    uint16_t version, suite, group;
    const struct suite_info *si;
    transcript ts;
    key_schedule ks;
    uint8_t client_random[32];
    uint8_t session_id[32];
    size_t session_id_len;
    char server_name[CONN_MAX_SERVER_NAME + 1];
    char alpn[256];
    bool has_alpn, had_hrr, ccs_sent, peer_verified, sni_sent;

    /* Handshake-only state, freed when the handshake completes. */
    kx_key *kx;         /* our ephemeral key */
    uint16_t hrr_group; /* server: group asked for in the HRR */
    uint8_t *cookie;    /* client: cookie from the HRR */
    size_t cookie_len;
    cert_chain *peer_chain;
    pkey *peer_key;
    const config_cert *my_cert; /* certificate we authenticate with */
    uint16_t my_sigalg;
    bool cert_requested; /* client: server sent CertificateRequest */
    uint16_t peer_sigalgs[CONN_MAX_PEER_SIGALGS];
    size_t n_peer_sigalgs;
    uint16_t grease[5];

    /* TLS 1.2 */
    uint8_t server_random[32];
    uint8_t master[48];
    uint8_t pms[CRYPTO_MAX_SHARED]; /* premaster secret until the master is made */
    size_t pms_len;
    /* server: ClientHello.client_version, which the RSA premaster repeats */
    uint16_t client_version;
    bool ems;           /* extended master secret negotiated (RFC 7627) */
    bool etm;           /* encrypt-then-MAC (RFC 7366) for this handshake's CBC keys */
    bool etm_offered;   /* client: our last ClientHello carried encrypt_then_mac */
    bool tls13_offered; /* client: our last ClientHello offered TLS 1.3 */
    bool secure_reneg;  /* peer supports RFC 5746 */
    bool expect_nst;    /* client: server acknowledged session_ticket */
    bool log_messages;  /* keep hs_log: a TLS 1.2 CertificateVerify signs raw messages */
    bool renegotiating; /* a handshake over an established connection */
    bool hello_request_sent;
    uint8_t client_verify[12], server_verify[12]; /* for renegotiation_info */
    record_dir next_rd; /* read keys that the peer's ChangeCipherSpec switches to */
    /* The key block (RFC 5246 6.3), derived once for the read and the write
     * side of a handshake; wiped when both are installed. */
    struct {
        uint8_t ck[CRYPTO_MAX_KEY], sk[CRYPTO_MAX_KEY], civ[CRYPTO_AEAD_IV], siv[CRYPTO_AEAD_IV];
        unsigned installed; /* sides installed from it; 0: not derived */
    } kb;
    writer hs_log;
    unsigned renegotiations;

    /* Resumption. */
    session *offer; /* client, handshake only: the session offered in the ClientHello */
    bool offered;
    bool resumed;       /* this handshake resumed a session */
    session *fresh;     /* client, handshake only: the TLS 1.2 session being made */
    uint8_t *fresh_enc; /* client: what this connection can be resumed with (session_encode) */
    size_t fresh_enc_len;
    uint8_t psk[CRYPTO_MAX_HASH]; /* TLS 1.3: the PSK in use */
    size_t psk_len;
    bool client_psk_dhe; /* server: client allows psk_dhe_ke (tickets make sense) */
    bool send_nst12;     /* server: issue a TLS 1.2 ticket before our CCS */
    bool session_set;    /* client: ward_conn_set_session was called */

    /* Heartbeat (RFC 6520), TLS 1.2. */
    bool hb_negotiated;  /* both hellos carried the extension */
    bool hb_we_may_send; /* the peer said peer_allowed_to_send */
    int hb_status;       /* 0 none, 1 in flight, 2 answered */
    uint8_t hb_payload[16];
};

/* ---- used by the handshake state machines ---- */

/* Records the first fatal error with a detail line, queues the alert it maps
 * to, drops handshake state. Returns err, so handlers can `return conn_fail(...)`.*/
int conn_fail(ward_conn *c, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* After a handler wrote a message at hs_out[start..]: adds it to the
 * transcript and the trace. */
MUST_CHECK int conn_hs_sent(ward_conn *c, size_t start);
/* Seals queued handshake messages into records under the current write keys. */
MUST_CHECK int conn_flush_hs(ward_conn *c);
/* Sends a ChangeCipherSpec under the current write keys (and notes it). */
MUST_CHECK int conn_send_ccs(ward_conn *c);
/* Installs TLS 1.3 traffic keys from a secret (flushing queued handshake bytes
 * first when changing write keys). */
MUST_CHECK int conn_set_read_secret(ward_conn *c, const uint8_t *secret);
MUST_CHECK int conn_set_write_secret(ward_conn *c, const uint8_t *secret);
/* Seals an alert under the current write keys. */
void conn_send_alert(ward_conn *c, uint8_t level, uint8_t desc);
/* Emits a trace note. */
void conn_note(ward_conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees the handshake-only state once connected. */
void conn_handshake_done(ward_conn *c);
/* The session in *slot, allocated zeroed when there is none (NULL if out of
 * memory); conn_session_drop wipes and frees it. */
session *conn_session(session **slot);
void conn_session_drop(session **slot);

/* fd accessors for the adapter in src/io/. */
int conn_fd(const ward_conn *c);
int conn_set_fd_internal(ward_conn *c, int fd);

/* ---- the TLS 1.3 state machines (src/hs/) ---- */
MUST_CHECK int tls13_client_start(ward_conn *c);
MUST_CHECK int tls13_client_handle(ward_conn *c, uint8_t type, reader body, const uint8_t *msg,
                                   size_t msg_len);
MUST_CHECK int tls13_server_handle(ward_conn *c, uint8_t type, reader body, const uint8_t *msg,
                                   size_t msg_len);
/* ---- the TLS 1.2 state machines (src/hs/tls12_*.c) ---- */
/* Client: continue with TLS 1.2 after a ServerHello that chose it. */
MUST_CHECK int tls12_client_recv_sh(ward_conn *c, const server_hello *sh, const uint8_t *msg,
                                    size_t len);
MUST_CHECK int tls12_client_handle(ward_conn *c, uint8_t type, reader body, const uint8_t *msg,
                                   size_t msg_len);
/* Server: answer a ClientHello for which TLS 1.2 was negotiated. */
MUST_CHECK int tls12_server_recv_ch(ward_conn *c, const client_hello *ch, const uint8_t *msg,
                                    size_t len);
MUST_CHECK int tls12_server_handle(ward_conn *c, uint8_t type, reader body, const uint8_t *msg,
                                   size_t msg_len);
/* A TLS 1.2 ChangeCipherSpec arrived: switch to the pending read keys. */
MUST_CHECK int tls12_recv_ccs(ward_conn *c);
/* Messages on an established TLS 1.2 connection (HelloRequest, ClientHello). */
MUST_CHECK int tls12_post_handshake(ward_conn *c, uint8_t type, reader body, const uint8_t *msg,
                                    size_t msg_len);
/* ---- resumption (src/hs/resume.c) ---- */
/* Client: picks the session to offer (set one, else the store's). */
void resume_client_pick(ward_conn *c);
/* Client: the TLS 1.3 binder, written into the last bytes of the ClientHello
 * at hs_out[start..]. */
MUST_CHECK int resume_client_binder(ward_conn *c, size_t start);
/* Client: remembers s, the session of a finished handshake or a ticket: in
 * the config's store and, encoded, as the connection's resumable session. */
void resume_client_remember(ward_conn *c, session *s);
/* Server, TLS 1.3: accepts the ClientHello's PSK (sets c->resumed and c->psk)
 * or ignores it; fails only on a bad binder. */
MUST_CHECK int resume_server_psk13(ward_conn *c, const client_hello *ch, const uint8_t *msg);
/* Server, TLS 1.3: NewSessionTickets after the handshake. */
MUST_CHECK int resume_server_send_tickets13(ward_conn *c);
/* Server, TLS 1.2: a session from the ticket or the session-ID cache that may
 * be resumed with this ClientHello. 1 found, 0 not. */
int resume_server_find12(ward_conn *c, const client_hello *ch, session *out);
/* Server, TLS 1.2: the session of this connection, as ticket / cache entry. */
MUST_CHECK int resume_server_session12(ward_conn *c, session *out);

/* ---- heartbeat (src/heartbeat.c) ---- */
/* A heartbeat record's plaintext. */
MUST_CHECK int heartbeat_recv(ward_conn *c, const uint8_t *p, size_t n);
/* Seals one record of the given type under the current write keys. */
MUST_CHECK int conn_seal_record(ward_conn *c, uint8_t type, const uint8_t *p, size_t n);

/* Adds an incoming message to the transcript (and the raw log when kept). */
MUST_CHECK int conn_hs_received(ward_conn *c, const uint8_t *msg, size_t len);

/* Post-handshake messages in either role: KeyUpdate, NewSessionTicket. */
MUST_CHECK int tls13_post_handshake(ward_conn *c, uint8_t type, reader body);
/* Sends a KeyUpdate and moves to the next write secret. */
MUST_CHECK int tls13_send_key_update(ward_conn *c, uint8_t request_update);

#endif
