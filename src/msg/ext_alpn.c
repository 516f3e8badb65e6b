/* ext_alpn.c -- application_layer_protocol_negotiation (RFC 7301). */
#include "msg/ext.h"

int ext_alpn_parse_list(reader data, reader *names)
{
    TRY(reader_u16_prefixed(&data, names));
    TRY(reader_expect_empty(&data));
    return alpn_names_validate(*names);
}

int ext_alpn_parse_one(reader data, reader *name)
{
    reader names;
    TRY(reader_u16_prefixed(&data, &names));
    TRY(reader_expect_empty(&data));
    /* RFC 7301 3.1: the server's "ProtocolNameList" MUST contain exactly one
     * "ProtocolName". */
    TRY(reader_u8_prefixed_nonempty(&names, name));
    return reader_expect_empty(&names);
}

int ext_alpn_write_list(writer *w, const uint8_t *names, size_t len)
{
    ENSURE(len <= 0xffff, WARD_E_INVALID_ARGUMENT);
    ENSURE(alpn_names_validate(reader_of(names, len)) == WARD_OK, WARD_E_INVALID_ARGUMENT);
    size_t ext = ext_begin(w, EXT_ALPN);
    size_t list = writer_open(w, 2);
    writer_bytes(w, names, len);
    writer_close(w, list);
    ext_end(w, ext);
    return writer_finish(w);
}

int ext_alpn_write_one(writer *w, const uint8_t *name, size_t len)
{
    ENSURE(len >= 1 && len <= 0xff, WARD_E_INVALID_ARGUMENT);
    size_t ext = ext_begin(w, EXT_ALPN);
    size_t list = writer_open(w, 2);
    writer_u8(w, (uint8_t)len);
    writer_bytes(w, name, len);
    writer_close(w, list);
    ext_end(w, ext);
    return writer_finish(w);
}
