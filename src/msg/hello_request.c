/* hello_request.c -- HelloRequest (RFC 5246 7.4.1.1): struct { }. Whether a
 * renegotiation follows is the handshake's decision (RFC 5746). */
#include "msg/ext.h"

int hello_request_parse(reader body)
{
    /* An empty struct: any byte is a malformed message, not a trailing one. */
    ENSURE(reader_empty(&body), WARD_E_DECODE);
    return WARD_OK;
}

int hello_request_write(writer *w)
{
    msg_end(w, msg_begin(w, HS_HELLO_REQUEST));
    return writer_finish(w);
}
