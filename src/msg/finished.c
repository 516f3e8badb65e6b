/* finished.c -- Finished (RFC 8446 4.4.4, RFC 5246 7.4.9). The comparison with
 * the expected verify_data (constant time) is the handshake's job. */
#include "msg/ext.h"

int finished_parse(reader body, size_t expected_len, const uint8_t **verify_data)
{
    /* The length is fixed by the hash (TLS 1.3) or the suite (TLS 1.2), so any
     * other length is malformed rather than "trailing". */
    ENSURE(reader_left(&body) == expected_len, WARD_E_DECODE);
    return reader_bytes(&body, expected_len, verify_data);
}

int finished_write(writer *w, const uint8_t *verify_data, size_t len)
{
    size_t msg = msg_begin(w, HS_FINISHED);
    writer_bytes(w, verify_data, len);
    msg_end(w, msg);
    return writer_finish(w);
}
