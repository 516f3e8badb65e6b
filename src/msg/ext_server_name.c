/* ext_server_name.c -- server_name (RFC 6066 3) in the ClientHello. The server's
 * answer (EncryptedExtensions, TLS 1.2 ServerHello) is an empty body. */
#include <string.h>

#include "msg/ext.h"

enum { NAME_TYPE_HOST_NAME = 0, HOST_NAME_MAX_LEN = 255 };

/* One HostName: 1..255 bytes, none of them NUL (a NUL would let "a\0.evil"
 * compare as "a" in C string code downstream). */
static int host_name_check(reader name)
{
    size_t n = reader_left(&name);
    ENSURE(n >= 1 && n <= HOST_NAME_MAX_LEN, WARD_E_DECODE);
    ENSURE(memchr(reader_ptr(&name), 0, n) == NULL, WARD_E_ILLEGAL_PARAMETER);
    return WARD_OK;
}

int ext_server_name_parse_ch(reader data, const uint8_t **name, size_t *len)
{
    reader list;
    TRY(reader_u16_prefixed_nonempty(&data, &list));
    TRY(reader_expect_empty(&data));
    bool have_host = false;
    while (!reader_empty(&list)) {
        uint8_t type;
        reader host;
        TRY(reader_u8(&list, &type));
        TRY(reader_u16_prefixed_nonempty(&list, &host));
        /* host_name is the only name_type defined; the structure of others is
         * unknown, so a list holding them cannot be trusted to parse. */
        ENSURE(type == NAME_TYPE_HOST_NAME, WARD_E_DECODE);
        /* RFC 6066 3: the ServerNameList MUST NOT contain more than one name
         * of the same name_type. */
        ENSURE(!have_host, WARD_E_ILLEGAL_PARAMETER);
        TRY(host_name_check(host));
        have_host = true;
        *len = reader_left(&host);
        TRY(reader_bytes(&host, *len, name));
    }
    return WARD_OK;
}

int ext_server_name_write_ch(writer *w, const char *name)
{
    size_t n = strlen(name);
    ENSURE(n >= 1 && n <= HOST_NAME_MAX_LEN, WARD_E_INVALID_ARGUMENT);
    size_t ext = ext_begin(w, EXT_SERVER_NAME);
    size_t list = writer_open(w, 2);
    writer_u8(w, NAME_TYPE_HOST_NAME);
    size_t host = writer_open(w, 2);
    writer_bytes(w, name, n);
    writer_close(w, host);
    writer_close(w, list);
    ext_end(w, ext);
    return writer_finish(w);
}
