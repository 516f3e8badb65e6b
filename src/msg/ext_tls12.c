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

int ext_point_formats_parse(reader data, reader *formats)
{
    TRY(reader_u8_prefixed_nonempty(&data, formats)); /* <1..2^8-1> */
    return reader_expect_empty(&data);
}

int ext_heartbeat_parse(reader data, uint8_t *mode)
{
    TRY(reader_u8(&data, mode));
    TRY(reader_expect_empty(&data));
    /* RFC 6520 2: on an unknown mode, an illegal_parameter alert MUST be sent. */
    switch (*mode) {
    case HEARTBEAT_PEER_ALLOWED:
    case HEARTBEAT_PEER_NOT_ALLOWED: return WARD_OK;
    default: return WARD_E_ILLEGAL_PARAMETER;
    }
}

int ext_empty_parse(reader data)
{
    return reader_expect_empty(&data);
}

void ext_tls12_write_ch(writer *w)
{
    ext_write_empty(w, EXT_EXTENDED_MASTER_SECRET);
    size_t ext = ext_begin(w, EXT_RENEGOTIATION_INFO);
    writer_u8(w, 0); /* RFC 5746 3.4: an empty renegotiated_connection */
    ext_end(w, ext);
    ext = ext_begin(w, EXT_EC_POINT_FORMATS);
    writer_u8(w, 1);
    writer_u8(w, POINT_FORMAT_UNCOMPRESSED);
    ext_end(w, ext);
    ext_write_empty(w, EXT_SESSION_TICKET);
}
