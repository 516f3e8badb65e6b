/* ext.h -- helpers shared by the message files of src/msg/ (not public).
 *
 * Extension body parsers take the extension_data of one extension (already
 * split off by ext_walk) and must consume it exactly. Writers append one whole
 * extension (type, length and body) unless named *_body.
 */
#ifndef WARD_MSG_EXT_H
#define WARD_MSG_EXT_H

#include "msg/msg.h"

/* Code points ward knows but does not name in msg.h (RFC 7250, RFC 8446). */
enum {
    EXT_CLIENT_CERTIFICATE_TYPE = 19,
    EXT_SERVER_CERTIFICATE_TYPE = 20,
    EXT_OID_FILTERS = 48,
};

/* ---- extensions.c ---- */

/* Linear-time duplicate detection for u16 values (extension types, groups).
 * The first DUP_SMALL values are compared in a short array; past that the
 * checker moves to a 65536-bit map. Small blocks (nearly all, and every
 * CertificateEntry) thus never pay for clearing 8 KiB, and large hostile ones
 * cost O(1) per value. */
#define DUP_SMALL 64
typedef struct dup_check {
    size_t n;
    uint16_t small[DUP_SMALL];
    uint64_t bits[65536 / 64]; /* valid once n >= DUP_SMALL */
} dup_check;

void dup_check_init(dup_check *d);
/* Adds v; false when v was already present. */
bool dup_check_add(dup_check *d, uint16_t v);

/* Whether ward knows the extension type (has a row for it in the 4.2 table). */
bool ext_known(uint16_t type);

/* Finds the first extension of the given type in an extension list (the
 * contents of the u16-prefixed block). Fails with WARD_E_DECODE on bad framing;
 * *found tells whether it was there. Does no duplicate or context checks. */
MUST_CHECK int ext_find(reader list, uint16_t type, bool *found, reader *data);

/* Starts an extension of the given type; ext_end closes its length. */
size_t ext_begin(writer *w, uint16_t type);
void ext_end(writer *w, size_t mark);
/* An extension with an empty body. */
void ext_write_empty(writer *w, uint16_t type);

/* ---- lists.c ---- */

/* A u16 vector with a u16 length prefix of min_bytes..max_bytes bytes (even),
 * which must fill data exactly. *list gets the elements. */
MUST_CHECK int u16_vector_parse(reader data, size_t min_bytes, size_t max_bytes, reader *list);
/* Writes a u16-prefixed u16 vector, with first (if nonzero) before the list. */
void u16_vector_write(writer *w, uint16_t first, const uint16_t *v, size_t n);
/* Validates a ProtocolNameList's contents: one or more non-empty u8 names. */
MUST_CHECK int alpn_names_validate(reader names);

/* ---- ext_server_name.c ---- */

/* ClientHello: exactly one host_name of 1..255 bytes without NUL. */
MUST_CHECK int ext_server_name_parse_ch(reader data, const uint8_t **name, size_t *len);
MUST_CHECK int ext_server_name_write_ch(writer *w, const char *name);

/* ---- ext_key_share.c ---- */

MUST_CHECK int ext_key_share_parse_ch(reader data, key_share_entry *out, size_t max, size_t *n);
MUST_CHECK int ext_key_share_parse_sh(reader data, uint16_t *group, const uint8_t **key,
                                      size_t *len);
MUST_CHECK int ext_key_share_parse_hrr(reader data, uint16_t *group);
/* grease_group nonzero: a GREASE share with a 1-byte key goes first. */
MUST_CHECK int ext_key_share_write_ch(writer *w, uint16_t grease_group,
                                      const key_share_entry *shares, size_t n);
MUST_CHECK int ext_key_share_write_sh(writer *w, uint16_t group, const uint8_t *key, size_t len);
void ext_key_share_write_hrr(writer *w, uint16_t group);

/* ---- ext_supported_versions.c ---- */

MUST_CHECK int ext_supported_versions_parse_ch(reader data, reader *versions);
MUST_CHECK int ext_supported_versions_parse_sh(reader data, uint16_t *version);
void ext_supported_versions_write_ch(writer *w, uint16_t grease, const uint16_t *v, size_t n);
void ext_supported_versions_write_sh(writer *w, uint16_t version);

/* ---- ext_alpn.c ---- */

/* ClientHello: *names gets the ProtocolNameList contents (validated). */
MUST_CHECK int ext_alpn_parse_list(reader data, reader *names);
/* ServerHello / EncryptedExtensions: exactly one non-empty name. */
MUST_CHECK int ext_alpn_parse_one(reader data, reader *name);
/* names: encoded ProtocolNameList contents (without the u16 prefix). */
MUST_CHECK int ext_alpn_write_list(writer *w, const uint8_t *names, size_t len);
MUST_CHECK int ext_alpn_write_one(writer *w, const uint8_t *name, size_t len);

/* ---- ext_psk.c ---- */

/* ClientHello pre_shared_key: identities and binders (validated, same count). */
MUST_CHECK int ext_psk_parse_ch(reader data, reader *identities, reader *binders);
MUST_CHECK int ext_psk_parse_sh(reader data, uint16_t *selected);
MUST_CHECK int ext_psk_modes_parse(reader data, reader *modes);
void ext_psk_modes_write(writer *w, const uint8_t *modes, size_t n);
/* NewSessionTicket early_data: max_early_data_size. */
MUST_CHECK int ext_early_data_parse_nst(reader data, uint32_t *max);

/* ---- ext_cookie.c ---- */

MUST_CHECK int ext_cookie_parse(reader data, reader *cookie);
MUST_CHECK int ext_cookie_write(writer *w, const uint8_t *cookie, size_t len);

/* ---- ext_tls12.c ---- */

MUST_CHECK int ext_reneg_info_parse(reader data, reader *renegotiated_connection);
MUST_CHECK int ext_point_formats_parse(reader data, reader *formats);
MUST_CHECK int ext_heartbeat_parse(reader data, uint8_t *mode);
MUST_CHECK int ext_empty_parse(reader data);
/* renegotiation_info with renegotiated_connection (0..255 bytes, else the
 * writer fails). */
void ext_reneg_info_write(writer *w, const uint8_t *data, size_t len);
/* ec_point_formats = [uncompressed]. */
void ext_point_formats_write(writer *w);
void ext_heartbeat_write(writer *w, uint8_t mode);
/* Whether mode is a heartbeat mode RFC 6520 defines. */
bool ext_heartbeat_mode_valid(uint8_t mode);
/* ems, renegotiation_info (reneg: the client's verify_data on a renegotiation,
 * empty on the first handshake), ec_point_formats [uncompressed], empty
 * session_ticket: the TLS 1.2 block of a ClientHello. */
void ext_tls12_write_ch(writer *w, const uint8_t *reneg, size_t reneg_len, const uint8_t *ticket,
                        size_t ticket_len);

/* pre_shared_key with one identity and a zeroed binder (RFC 8446 4.2.11). */
void ext_psk_write_ch(writer *w, const uint8_t *identity, size_t len, uint32_t age,
                      size_t binder_len);
void ext_psk_write_sh(writer *w, uint16_t selected);

#endif
