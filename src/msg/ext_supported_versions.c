/* ext_supported_versions.c -- supported_versions (RFC 8446 4.2.1): a list in the
 * ClientHello, the one selected version in ServerHello and HelloRetryRequest. */
#include "msg/ext.h"

int ext_supported_versions_parse_ch(reader data, reader *versions)
{
    reader list;
    /* ProtocolVersion versions<2..254>: a u8 length of an even count of bytes. */
    TRY(reader_u8_prefixed(&data, &list));
    size_t n = reader_left(&list);
    ENSURE(n >= 2 && n <= 254 && n % 2 == 0, WARD_E_DECODE);
    TRY(reader_expect_empty(&data));
    *versions = list;
    return WARD_OK;
}

int ext_supported_versions_parse_sh(reader data, uint16_t *version)
{
    TRY(reader_u16(&data, version));
    return reader_expect_empty(&data);
}

void ext_supported_versions_write_ch(writer *w, uint16_t grease, const uint16_t *v, size_t n)
{
    size_t ext = ext_begin(w, EXT_SUPPORTED_VERSIONS);
    size_t list = writer_open(w, 1);
    if (grease)
        writer_u16(w, grease);
    for (size_t i = 0; i < n; i++)
        writer_u16(w, v[i]);
    writer_close(w, list);
    ext_end(w, ext);
}

void ext_supported_versions_write_sh(writer *w, uint16_t version)
{
    size_t ext = ext_begin(w, EXT_SUPPORTED_VERSIONS);
    writer_u16(w, version);
    ext_end(w, ext);
}
