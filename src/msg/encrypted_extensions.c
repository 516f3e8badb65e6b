/* encrypted_extensions.c -- EncryptedExtensions (RFC 8446 4.3.1). */
#include <string.h>

#include "msg/ext.h"

static int ee_visit(void *arg, uint16_t type, reader data)
{
    encrypted_extensions *ee = arg;
    switch (type) {
    case EXT_ALPN: ee->has_alpn = true; return ext_alpn_parse_one(data, &ee->alpn);
    /* RFC 6066 3: the server's acknowledgement has an empty extension_data. */
    case EXT_SERVER_NAME: ee->has_server_name = true; return ext_empty_parse(data);
    case EXT_EARLY_DATA: ee->has_early_data = true; return ext_empty_parse(data);
    case EXT_SUPPORTED_GROUPS: { /* the server's preference, for later connections */
        reader groups;
        ee->has_groups = true;
        return u16_vector_parse(data, 2, 0xffff, &groups);
    }
    default: return WARD_OK; /* allowed by the table, not used by ward */
    }
}

int encrypted_extensions_parse(reader body, encrypted_extensions *ee)
{
    memset(ee, 0, sizeof *ee);
    TRY(ext_walk(&body, EXT_CTX_ENCRYPTED_EXTENSIONS, ee_visit, ee));
    return reader_expect_empty(&body);
}

int encrypted_extensions_write(writer *w, const uint8_t *alpn, size_t alpn_len,
                               bool server_name_ack)
{
    size_t msg = msg_begin(w, HS_ENCRYPTED_EXTENSIONS);
    size_t exts = writer_open(w, 2);
    if (server_name_ack)
        ext_write_empty(w, EXT_SERVER_NAME);
    if (alpn)
        TRY(ext_alpn_write_one(w, alpn, alpn_len));
    writer_close(w, exts);
    msg_end(w, msg);
    return writer_finish(w);
}
