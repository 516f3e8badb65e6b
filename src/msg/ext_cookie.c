/* ext_cookie.c -- cookie (RFC 8446 4.2.2): sent in a HelloRetryRequest and
 * echoed in the second ClientHello. */
#include "msg/ext.h"

int ext_cookie_parse(reader data, reader *cookie)
{
    TRY(reader_u16_prefixed_nonempty(&data, cookie)); /* opaque cookie<1..2^16-1> */
    return reader_expect_empty(&data);
}

int ext_cookie_write(writer *w, const uint8_t *cookie, size_t len)
{
    ENSURE(len >= 1 && len <= 0xffff - 2, WARD_E_INVALID_ARGUMENT);
    size_t ext = ext_begin(w, EXT_COOKIE);
    size_t body = writer_open(w, 2);
    writer_bytes(w, cookie, len);
    writer_close(w, body);
    ext_end(w, ext);
    return writer_finish(w);
}
