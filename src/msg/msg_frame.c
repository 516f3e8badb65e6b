/* msg_frame.c -- the 4-byte handshake header: msg_type and uint24 length. */
#include "msg/msg.h"

size_t msg_begin(writer *w, uint8_t type)
{
    writer_u8(w, type);
    return writer_open(w, 3);
}

void msg_end(writer *w, size_t mark)
{
    writer_close(w, mark);
}

/* Consumes one message from r; on failure r is left as it was. */
int msg_split(reader *r, uint8_t *type, reader *body)
{
    reader save = *r;
    int rc = reader_u8(r, type);
    if (rc == WARD_OK)
        rc = reader_u24_prefixed(r, body);
    if (rc != WARD_OK)
        *r = save;
    return rc;
}
