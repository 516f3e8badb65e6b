/* ext_tls12.c -- the small TLS 1.2 extensions: renegotiation_info (RFC 5746),
 * ec_point_formats (RFC 8422), heartbeat (RFC 6520) and the empty-bodied flags
 * (extended_master_secret, encrypt_then_mac, session_ticket answers). */
#include "msg/ext.h"

enum { POINT_FORMAT_UNCOMPRESSED = 0, HEARTBEAT_PEER_ALLOWED = 1, HEARTBEAT_PEER_NOT_ALLOWED = 2 };

int ext_reneg_info_parse(reader data, reader *renegotiated_connection)
{
    TRY(reader_u8_prefixed(&data, renegotiated_connection)); /* <0..255> */
    return reader_expect_empty(&data);
}

void ext_reneg_info_write(writer *w, const uint8_t *data, size_t len)
{
    size_t ext = ext_begin(w, EXT_RENEGOTIATION_INFO);
    size_t rc = writer_open(w, 1); /* renegotiated_connection<0..255> */
    writer_bytes(w, data, len);
    writer_close(w, rc);
    ext_end(w, ext);
}

int ext_point_formats_parse(reader data, reader *formats)
{
    TRY(reader_u8_prefixed_nonempty(&data, formats)); /* <1..2^8-1> */
    return reader_expect_empty(&data);
}

void ext_point_formats_write(writer *w)
{
    /* RFC 8422 5.2: uncompressed is the only format left, and it MUST be sent. */
    size_t ext = ext_begin(w, EXT_EC_POINT_FORMATS);
    writer_u8(w, 1);
    writer_u8(w, POINT_FORMAT_UNCOMPRESSED);
    ext_end(w, ext);
}

bool ext_heartbeat_mode_valid(uint8_t mode)
{
    return mode == HEARTBEAT_PEER_ALLOWED || mode == HEARTBEAT_PEER_NOT_ALLOWED;
}

int ext_heartbeat_parse(reader data, uint8_t *mode)
{
    TRY(reader_u8(&data, mode));
    TRY(reader_expect_empty(&data));
    /* RFC 6520 2: on an unknown mode, an illegal_parameter alert MUST be sent. */
    ENSURE(ext_heartbeat_mode_valid(*mode), WARD_E_ILLEGAL_PARAMETER);
    return WARD_OK;
}

void ext_heartbeat_write(writer *w, uint8_t mode)
{
    size_t ext = ext_begin(w, EXT_HEARTBEAT);
    writer_u8(w, mode);
    ext_end(w, ext);
}

int ext_empty_parse(reader data)
{
    return reader_expect_empty(&data);
}

void ext_tls12_write_ch(writer *w, const uint8_t *reneg, size_t reneg_len, const uint8_t *ticket,
                        size_t ticket_len)
{
    ext_write_empty(w, EXT_EXTENDED_MASTER_SECRET);
    /* RFC 5746 3.4 / 3.5: empty on the first handshake, client_verify_data on
     * a renegotiation. */
    ext_reneg_info_write(w, reneg, reneg_len);
    ext_point_formats_write(w);
    /* RFC 5077 3.1: empty asks for a ticket; a ticket asks to resume. */
    size_t ext = ext_begin(w, EXT_SESSION_TICKET);
    if (ticket)
        writer_bytes(w, ticket, ticket_len);
    ext_end(w, ext);
}
