/* msg.h -- handshake messages and extensions: one parse + write pair each.
 *
 * Parsers take a reader over one message body (the 4-byte handshake header
 * already removed) and fill a struct whose readers and pointers borrow from
 * the body: the body must outlive the struct. Every parser checks syntax fully
 * (lengths, non-empty vectors, trailing bytes, duplicate extensions, extensions
 * not allowed in the message); semantic checks (what was offered, what policy
 * allows) belong to the handshake state machines in src/hs/.
 *
 * Writers append one whole message, 4-byte header included, to a writer.
 */
#ifndef WARD_MSG_H
#define WARD_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/codec.h"

/* HandshakeType (RFC 8446 4, RFC 5246 7.4). */
enum {
    HS_HELLO_REQUEST = 0,
    HS_CLIENT_HELLO = 1,
    HS_SERVER_HELLO = 2,
    HS_NEW_SESSION_TICKET = 4,
    HS_END_OF_EARLY_DATA = 5,
    HS_ENCRYPTED_EXTENSIONS = 8,
    HS_CERTIFICATE = 11,
    HS_SERVER_KEY_EXCHANGE = 12,
    HS_CERTIFICATE_REQUEST = 13,
    HS_SERVER_HELLO_DONE = 14,
    HS_CERTIFICATE_VERIFY = 15,
    HS_CLIENT_KEY_EXCHANGE = 16,
    HS_FINISHED = 20,
    HS_KEY_UPDATE = 24,
    HS_MESSAGE_HASH = 254,
};

#define HS_HEADER_LEN 4

/* ExtensionType. */
enum {
    EXT_SERVER_NAME = 0,
    EXT_MAX_FRAGMENT_LENGTH = 1,
    EXT_STATUS_REQUEST = 5,
    EXT_SUPPORTED_GROUPS = 10,
    EXT_EC_POINT_FORMATS = 11,
    EXT_SIGNATURE_ALGORITHMS = 13,
    EXT_USE_SRTP = 14,
    EXT_HEARTBEAT = 15,
    EXT_ALPN = 16,
    EXT_SCT = 18,
    EXT_PADDING = 21,
    EXT_ENCRYPT_THEN_MAC = 22,
    EXT_EXTENDED_MASTER_SECRET = 23,
    EXT_COMPRESS_CERTIFICATE = 27,
    EXT_RECORD_SIZE_LIMIT = 28,
    EXT_SESSION_TICKET = 35,
    EXT_PRE_SHARED_KEY = 41,
    EXT_EARLY_DATA = 42,
    EXT_SUPPORTED_VERSIONS = 43,
    EXT_COOKIE = 44,
    EXT_PSK_KEY_EXCHANGE_MODES = 45,
    EXT_CERTIFICATE_AUTHORITIES = 47,
    EXT_POST_HANDSHAKE_AUTH = 49,
    EXT_SIGNATURE_ALGORITHMS_CERT = 50,
    EXT_KEY_SHARE = 51,
    EXT_RENEGOTIATION_INFO = 0xff01,
};

/* Protocol versions. */
enum {
    VERSION_TLS10 = 0x0301,
    VERSION_TLS11 = 0x0302,
    VERSION_TLS12 = 0x0303,
    VERSION_TLS13 = 0x0304
};

/* RFC 8701: GREASE values are 0x?A?A with both bytes equal. */
static inline bool grease_value(uint16_t v)
{
    return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

/* Which message an extension block belongs to (for the RFC 8446 4.2 table). */
typedef enum ext_context {
    EXT_CTX_CLIENT_HELLO = 1,
    EXT_CTX_SERVER_HELLO = 2, /* TLS 1.3 ServerHello */
    EXT_CTX_HELLO_RETRY = 3,  /* TLS 1.3 HelloRetryRequest */
    EXT_CTX_ENCRYPTED_EXTENSIONS = 4,
    EXT_CTX_CERTIFICATE = 5, /* CertificateEntry extensions */
    EXT_CTX_CERTIFICATE_REQUEST = 6,
    EXT_CTX_NEW_SESSION_TICKET = 7,
    EXT_CTX_SERVER_HELLO_12 = 8, /* TLS 1.2 ServerHello (no 4.2 table) */
} ext_context;

/* Whether an extension type known to ward may appear in the given message
 * (RFC 8446 4.2 table; unknown types: true for ClientHello, CertificateRequest
 * and NewSessionTicket, where RFC 8446 4.1.2 / 4.3.2 / 4.6.1 say to ignore them,
 * false elsewhere since a peer may only answer what was offered). */
bool ext_allowed(uint16_t type, ext_context ctx);

/* Walks an extension block (the u16-prefixed list). For each extension calls
 * fn(arg, type, data). Fails with WARD_E_DUPLICATE_EXTENSION on a repeated type
 * (any type, known or not, found in linear time), WARD_E_EXTENSION_NOT_ALLOWED
 * when ext_allowed() says no to a known type (illegal_parameter),
 * WARD_E_UNSOLICITED_EXTENSION when it says no to an unknown one
 * (unsupported_extension, RFC 8446 4.2), WARD_E_DECODE on malformed framing, and with fn's
 * error. RFC 8446 4.2.11: in a ClientHello, pre_shared_key must be last. */
typedef int (*ext_visit_fn)(void *arg, uint16_t type, reader data);
MUST_CHECK int ext_walk(reader *msg, ext_context ctx, ext_visit_fn fn, void *arg);

/* Begins a handshake message of the given type; returns a mark for msg_end. */
size_t msg_begin(writer *w, uint8_t type);
void msg_end(writer *w, size_t mark);

/* Splits one handshake message off the front of r into type and body (r
 * advances past it; on failure r is unchanged). */
MUST_CHECK int msg_split(reader *r, uint8_t *type, reader *body);

/* ---- ClientHello ---- */

#define CH_MAX_KEY_SHARES 8 /* more entries than this are ignored, after validation */

typedef struct key_share_entry {
    uint16_t group;
    const uint8_t *key;
    size_t key_len;
} key_share_entry;

typedef struct client_hello {
    uint16_t legacy_version;
    const uint8_t *random; /* 32 bytes */
    const uint8_t *session_id;
    size_t session_id_len; /* 0..32 */
    reader suites;         /* u16 list, non-empty, even length */
    reader compressions;   /* u8 list, non-empty */

    /* extensions present, as flags */
    bool has_server_name, has_groups, has_sigalgs, has_sigalgs_cert, has_versions;
    bool has_key_share, has_alpn, has_psk_modes, has_psk, has_early_data, has_cookie;
    bool has_ems, has_reneg_info, has_session_ticket, has_point_formats, has_heartbeat;
    bool has_post_handshake_auth, has_etm;

    const uint8_t *server_name; /* host_name, not NUL-terminated; 1..255 bytes */
    size_t server_name_len;
    reader groups;       /* u16 list (validated) */
    reader sigalgs;      /* u16 list (validated) */
    reader sigalgs_cert; /* u16 list (validated) */
    reader versions;     /* u16 list (validated) */
    key_share_entry key_shares[CH_MAX_KEY_SHARES];
    size_t n_key_shares;   /* KeyShareEntry list, each validated */
    reader alpn;           /* ProtocolNameList (validated: non-empty names) */
    reader psk_modes;      /* u8 list */
    reader psk_identities; /* raw PskIdentity list (validated) */
    reader psk_binders;    /* raw PskBinderEntry list (validated) */
    size_t binders_offset; /* offset in the body of the binders vector's u16 length:
                            * the partial ClientHello for binders is header + body[0..offset) */
    reader cookie;
    reader reneg_info;     /* renegotiated_connection */
    reader session_ticket; /* may be empty */
    reader point_formats;
    uint8_t heartbeat_mode;
} client_hello;

MUST_CHECK int client_hello_parse(reader body, client_hello *ch);

typedef struct client_hello_params {
    uint16_t legacy_version; /* 0x0303 */
    uint8_t random[32];
    uint8_t session_id[32];
    size_t session_id_len;
    const uint16_t *suites;
    size_t n_suites;
    const uint16_t *versions; /* supported_versions, preference order */
    size_t n_versions;
    const uint16_t *groups;
    size_t n_groups;
    const uint16_t *sigalgs;
    size_t n_sigalgs;
    key_share_entry shares[CH_MAX_KEY_SHARES];
    size_t n_shares;
    const char *server_name; /* NULL: no SNI */
    const uint8_t *alpn;     /* encoded ProtocolNameList (without the u16 prefix) */
    size_t alpn_len;
    const uint8_t *cookie; /* echoed from a HelloRetryRequest */
    size_t cookie_len;
    bool psk_dhe_ke;       /* send psk_key_exchange_modes = [psk_dhe_ke] */
    bool tls12_extensions; /* ems, renegotiation_info, ec_point_formats, session_ticket */
    bool etm;              /* with tls12_extensions: encrypt_then_mac (RFC 7366), empty */
    /* RFC 8701: nonzero values are added as a GREASE suite, group (with a 1-byte
     * key share), version, and two GREASE extensions: ext1 first and empty, ext2
     * last with a 1-byte body (as Chrome does). */
    uint16_t grease_suite, grease_group, grease_version, grease_ext1, grease_ext2;
    /* RFC 8446 4.1.2: after a HelloRetryRequest the key_share list holds only
     * the one share asked for, so no GREASE share. */
    bool no_grease_share;
    /* RFC 5746 3.5: the renegotiated_connection of renegotiation_info (written
     * only with tls12_extensions): empty on the first handshake, the client's
     * previous verify_data on a renegotiation. 0..255 bytes. */
    const uint8_t *reneg_data;
    size_t reneg_len;
    /* RFC 6520: heartbeat extension with this mode (1 peer_allowed_to_send,
     * 2 peer_not_allowed_to_send), written only when heartbeat is set. */
    bool heartbeat;
    uint8_t heartbeat_mode;
    /* RFC 5077 3.1: the ticket to resume with, in session_ticket (only with
     * tls12_extensions; NULL sends the empty extension). */
    const uint8_t *session_ticket;
    size_t session_ticket_len;
    /* RFC 8446 4.2.11: one PSK identity (a ticket) with its obfuscated age and
     * a zeroed binder of psk_binder_len bytes, as the last extension. The
     * caller computes the binder over the message minus its last
     * 3 + psk_binder_len bytes and writes it into those last bytes. */
    const uint8_t *psk_identity;
    size_t psk_identity_len;
    uint32_t psk_obfuscated_age;
    size_t psk_binder_len;
} client_hello_params;

MUST_CHECK int client_hello_write(writer *w, const client_hello_params *p);

/* ---- ServerHello / HelloRetryRequest ---- */

/* SHA-256("HelloRetryRequest"), the random of a HelloRetryRequest. */
extern const uint8_t HRR_RANDOM[32];

typedef struct server_hello {
    uint16_t legacy_version;
    const uint8_t *random; /* 32 bytes */
    bool is_hrr;           /* random == HRR_RANDOM */
    const uint8_t *session_id;
    size_t session_id_len;
    uint16_t suite;
    uint8_t compression;

    bool has_versions, has_key_share, has_psk, has_cookie;
    bool has_ems, has_reneg_info, has_session_ticket, has_point_formats, has_alpn;
    bool has_server_name, has_heartbeat, has_etm;
    uint16_t selected_version;
    uint16_t share_group;     /* ServerHello: the server's share; HRR: selected_group */
    const uint8_t *share_key; /* ServerHello only */
    size_t share_key_len;
    uint16_t psk_identity;
    reader cookie;
    reader reneg_info;
    reader alpn; /* exactly one protocol name (validated), without prefixes */
    reader point_formats;
    uint8_t heartbeat_mode;
} server_hello;

/* Parses ServerHello and HelloRetryRequest. When supported_versions selects TLS
 * 1.3 the extensions are checked against the 1.3 ServerHello or HRR column. */
MUST_CHECK int server_hello_parse(reader body, server_hello *sh);

typedef struct server_hello_params {
    uint8_t random[32]; /* ignored when is_hrr */
    bool is_hrr;
    const uint8_t *session_id; /* echo of the client's legacy_session_id */
    size_t session_id_len;
    uint16_t suite;
    uint16_t version; /* selected_version; 0x0304 */
    uint16_t share_group;
    const uint8_t *share_key; /* NULL in an HRR */
    size_t share_key_len;
    const uint8_t *cookie; /* HRR only, may be NULL */
    size_t cookie_len;

    /* TLS 1.2 (RFC 5246 7.4.1.3): with tls12 set, the fields above except
     * random, session_id and suite are ignored (is_hrr must be false), and the
     * extensions below are written, each only when asked for, in this order. */
    bool tls12;
    bool ems;        /* extended_master_secret (RFC 7627), empty */
    bool etm;        /* encrypt_then_mac (RFC 7366), empty: only with a CBC suite */
    bool reneg_info; /* renegotiation_info (RFC 5746) */
    /* renegotiated_connection: client + server verify_data during a
     * renegotiation, empty on the first handshake. 0..255 bytes. */
    const uint8_t *reneg_data;
    size_t reneg_len;
    bool point_formats;  /* ec_point_formats = [uncompressed] (RFC 8422 5.2) */
    bool session_ticket; /* empty session_ticket: a NewSessionTicket will follow */
    bool sni_ack;        /* empty server_name (RFC 6066 3) */
    const uint8_t *alpn; /* the one selected protocol (1..255 bytes), NULL for none */
    size_t alpn_len;
    bool heartbeat; /* heartbeat (RFC 6520) with heartbeat_mode 1 or 2 */
    uint8_t heartbeat_mode;
    /* TLS 1.3: pre_shared_key with the selected identity (RFC 8446 4.2.11). */
    bool psk;
    uint16_t psk_identity;
} server_hello_params;

/* Writes a TLS 1.3 ServerHello or HelloRetryRequest, or with p->tls12 a TLS 1.2
 * ServerHello: legacy_version 0x0303, p->random as given (the caller puts in
 * the RFC 8446 4.1.3 downgrade sentinel), compression 0, and only the TLS 1.2
 * extensions asked for (no extensions block at all when none is). Parameters
 * that cannot be encoded are WARD_E_INVALID_ARGUMENT, before anything is written. */
MUST_CHECK int server_hello_write(writer *w, const server_hello_params *p);

/* ---- EncryptedExtensions ---- */

typedef struct encrypted_extensions {
    bool has_alpn, has_server_name, has_early_data, has_groups;
    reader alpn; /* the one selected protocol name */
} encrypted_extensions;

MUST_CHECK int encrypted_extensions_parse(reader body, encrypted_extensions *ee);
/* alpn: selected protocol (NULL for none); server_name_ack: send empty server_name. */
MUST_CHECK int encrypted_extensions_write(writer *w, const uint8_t *alpn, size_t alpn_len,
                                          bool server_name_ack);

/* ---- Certificate (TLS 1.3) ---- */

#define CERT_MAX_CHAIN 16

typedef struct certificate_msg {
    reader context;
    size_t n;
    const uint8_t *der[CERT_MAX_CHAIN];
    size_t der_len[CERT_MAX_CHAIN];
} certificate_msg;

/* More than CERT_MAX_CHAIN entries is WARD_E_BAD_CERTIFICATE; an empty
 * cert_data is WARD_E_DECODE; an empty list is valid (n = 0). */
MUST_CHECK int certificate13_parse(reader body, certificate_msg *cm);
MUST_CHECK int certificate13_write(writer *w, const uint8_t *context, size_t context_len,
                                   const uint8_t *const *der, const size_t *der_len, size_t n);

/* ---- CertificateVerify ---- */

typedef struct certificate_verify {
    uint16_t scheme;
    const uint8_t *sig;
    size_t sig_len; /* non-empty */
} certificate_verify;

MUST_CHECK int certificate_verify_parse(reader body, certificate_verify *cv);
MUST_CHECK int certificate_verify_write(writer *w, uint16_t scheme, const uint8_t *sig,
                                        size_t sig_len);
/* RFC 8446 4.4.3: 64 spaces || context string || 0 || transcript hash. out must
 * hold 64 + 34 + hash_len bytes; *len is set. */
void certificate_verify_content(bool server, const uint8_t *th, size_t th_len, uint8_t *out,
                                size_t *len);

/* ---- CertificateRequest (TLS 1.3) ---- */

typedef struct certificate_request {
    reader context;
    reader sigalgs;      /* required (missing_extension otherwise) */
    reader sigalgs_cert; /* optional */
    bool has_sigalgs_cert;
} certificate_request;

MUST_CHECK int certificate_request13_parse(reader body, certificate_request *cr);
MUST_CHECK int certificate_request13_write(writer *w, const uint8_t *context, size_t context_len,
                                           const uint16_t *sigalgs, size_t n_sigalgs);

/* ---- Finished ---- */

/* verify_data must be exactly expected_len bytes (WARD_E_DECODE otherwise). */
MUST_CHECK int finished_parse(reader body, size_t expected_len, const uint8_t **verify_data);
MUST_CHECK int finished_write(writer *w, const uint8_t *verify_data, size_t len);

/* ---- KeyUpdate ---- */

/* request_update must be 0 or 1 (WARD_E_ILLEGAL_PARAMETER otherwise). */
MUST_CHECK int key_update_parse(reader body, uint8_t *request_update);
MUST_CHECK int key_update_write(writer *w, uint8_t request_update);

/* ---- NewSessionTicket (TLS 1.3) ---- */

typedef struct new_session_ticket {
    uint32_t lifetime;
    uint32_t age_add;
    reader nonce;
    reader ticket; /* non-empty */
    bool has_early_data;
    uint32_t max_early_data;
} new_session_ticket;

MUST_CHECK int new_session_ticket13_parse(reader body, new_session_ticket *nst);
MUST_CHECK int new_session_ticket13_write(writer *w, uint32_t lifetime, uint32_t age_add,
                                          const uint8_t *nonce, size_t nonce_len,
                                          const uint8_t *ticket, size_t ticket_len);

/* ---- TLS 1.2 messages (RFC 5246 7.4, RFC 8422 5) ---- */

/* HelloRequest and ServerHelloDone have empty bodies: anything else is
 * WARD_E_DECODE. */
MUST_CHECK int hello_request_parse(reader body);
MUST_CHECK int hello_request_write(writer *w);
MUST_CHECK int server_hello_done_parse(reader body);
MUST_CHECK int server_hello_done_write(writer *w);

/* Certificate, TLS 1.2 form: ASN.1Cert certificate_list<0..2^24-1>, each
 * ASN.1Cert<1..2^24-1>. Fills cm with an empty context; otherwise as
 * certificate13_parse (empty list: n = 0; empty cert: WARD_E_DECODE; more than
 * CERT_MAX_CHAIN: WARD_E_BAD_CERTIFICATE). */
MUST_CHECK int certificate12_parse(reader body, certificate_msg *cm);
MUST_CHECK int certificate12_write(writer *w, const uint8_t *const *der, const size_t *der_len,
                                   size_t n);

/* ECCurveType named_curve, the only one RFC 8422 5.4 still allows. */
#define EC_CURVE_TYPE_NAMED_CURVE 3

/* ServerKeyExchange for ECDHE (RFC 8422 5.4): ServerECDHParams then a
 * DigitallySigned (RFC 5246 4.7, 7.4.3). */
typedef struct server_key_exchange {
    uint16_t group;     /* NamedCurve */
    const uint8_t *pub; /* ECPoint public<1..2^8-1>, unchecked as a point */
    size_t pub_len;
    const uint8_t *params; /* the whole ServerECDHParams, the signed part: */
    size_t params_len;     /* client_random || server_random || params */
    uint16_t scheme;       /* SignatureAndHashAlgorithm */
    const uint8_t *sig;
    size_t sig_len; /* non-empty */
} server_key_exchange;

/* curve_type other than named_curve is WARD_E_ILLEGAL_PARAMETER; an empty
 * point or signature is WARD_E_DECODE. */
MUST_CHECK int server_key_exchange_parse(reader body, server_key_exchange *ske);
/* Appends only the ServerECDHParams (no handshake header), so that both sides
 * build the signed content byte for byte alike. pub_len must be 1..255;
 * otherwise the writer fails (sticky WARD_E_INVALID_ARGUMENT). */
void ske_params_write(writer *w, uint16_t group, const uint8_t *pub, size_t pub_len);
/* The whole message; pub_len 1..255 and sig_len 1..65535, else
 * WARD_E_INVALID_ARGUMENT before anything is written. */
MUST_CHECK int server_key_exchange_write(writer *w, uint16_t group, const uint8_t *pub,
                                         size_t pub_len, uint16_t scheme, const uint8_t *sig,
                                         size_t sig_len);

/* ClientKeyExchange for ECDHE (RFC 8422 5.7): ECPoint ecdh_Yc<1..2^8-1>. *pub
 * borrows from body; the point itself is checked by the key exchange. */
MUST_CHECK int client_key_exchange_ecdhe_parse(reader body, const uint8_t **pub, size_t *len);
MUST_CHECK int client_key_exchange_ecdhe_write(writer *w, const uint8_t *pub, size_t len);

/* ClientKeyExchange with a 2-byte length. DHE: dh_Yc<1..2^16-1> (RFC 5246
 * 7.4.7.2; empty is WARD_E_DECODE). RSA: the EncryptedPreMasterSecret (RFC
 * 5246 7.4.7.1: "preceded by two length bytes"), of any length, even 0: its
 * size is for the key exchange to judge, as one more way to be malformed that
 * must look like all the others. A length that disagrees with the message is
 * WARD_E_DECODE. The writer takes 1..65535 bytes. */
MUST_CHECK int client_key_exchange_dhe_parse(reader body, const uint8_t **yc, size_t *len);
MUST_CHECK int client_key_exchange_rsa_parse(reader body, const uint8_t **ct, size_t *len);
MUST_CHECK int client_key_exchange_u16_write(writer *w, const uint8_t *value, size_t len);

/* ServerKeyExchange for DHE (RFC 5246 7.4.3): ServerDHParams (dh_p, dh_g,
 * dh_Ys, each <1..2^16-1>) then a DigitallySigned. The numbers are borrowed as
 * sent (big-endian, possibly with leading zeros); which group they make is the
 * handshake's business. */
typedef struct server_dh_params {
    const uint8_t *p, *g, *ys;
    size_t p_len, g_len, ys_len;
} server_dh_params;

/* params/params_len, scheme and sig of ske are filled as for ECDHE; group,
 * pub and pub_len stay zero. An empty number or signature is WARD_E_DECODE. */
MUST_CHECK int server_key_exchange_dhe_parse(reader body, server_dh_params *dh,
                                             server_key_exchange *ske);
/* Appends only the ServerDHParams (the signed part); each number 1..65535
 * bytes, else the writer fails (sticky WARD_E_INVALID_ARGUMENT). */
void ske_dh_params_write(writer *w, const server_dh_params *dh);
/* The whole message. */
MUST_CHECK int server_key_exchange_dhe_write(writer *w, const server_dh_params *dh, uint16_t scheme,
                                             const uint8_t *sig, size_t sig_len);

/* CertificateRequest, TLS 1.2 form (RFC 5246 7.4.4). Each list is validated. */
typedef struct certificate_request12 {
    reader cert_types; /* ClientCertificateType certificate_types<1..2^8-1> */
    reader sigalgs;    /* u16 list, supported_signature_algorithms<2..2^16-2> */
    reader cas;        /* certificate_authorities<0..2^16-1> contents: DistinguishedName
                        * entries, each u16-prefixed <1..2^16-1> (DER, not parsed here) */
} certificate_request12;

MUST_CHECK int certificate_request12_parse(reader body, certificate_request12 *cr);
/* n_types 1..255, n_sigalgs 1..32767, each CA name 1..65535 bytes and all of
 * them together (with prefixes) at most 65535, else WARD_E_INVALID_ARGUMENT. */
MUST_CHECK int certificate_request12_write(writer *w, const uint8_t *types, size_t n_types,
                                           const uint16_t *sigalgs, size_t n_sigalgs,
                                           const uint8_t *const *ca_der_names,
                                           const size_t *ca_lens, size_t n_cas);

/* NewSessionTicket, TLS 1.2 form (RFC 5077 3.3): ticket_lifetime_hint and
 * opaque ticket<0..2^16-1>. An empty ticket is valid: the server promised a
 * ticket in its ServerHello and then decided not to issue one. */
typedef struct new_session_ticket12 {
    uint32_t lifetime_hint; /* seconds; 0: unspecified */
    reader ticket;
} new_session_ticket12;

MUST_CHECK int new_session_ticket12_parse(reader body, new_session_ticket12 *nst);
MUST_CHECK int new_session_ticket12_write(writer *w, uint32_t lifetime_hint, const uint8_t *ticket,
                                          size_t ticket_len);

/* CertificateVerify in TLS 1.2 has the TLS 1.3 wire form (certificate_verify_
 * parse/write; the signed content is the transcript itself), and Finished
 * is finished_parse with expected_len 12 (RFC 5246 7.4.9). */

/* ---- list helpers ---- */

/* Whether a validated u16 list contains v. */
bool u16_list_contains(reader list, uint16_t v);
/* Reads the next u16 of a validated list (false at the end). */
bool u16_list_next(reader *list, uint16_t *v);
/* Whether an encoded ProtocolNameList contains the name. */
bool alpn_list_contains(reader list, const uint8_t *name, size_t len);

#endif
