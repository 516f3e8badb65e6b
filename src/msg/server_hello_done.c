/* server_hello_done.c -- ServerHelloDone (RFC 5246 7.4.5): struct { }. */
#include "msg/ext.h"

int server_hello_done_parse(reader body)
{
    /* An empty struct: any byte is a malformed message, not a trailing one. */
    ENSURE(reader_empty(&body), WARD_E_DECODE);
    return WARD_OK;
}

int server_hello_done_write(writer *w)
{
    msg_end(w, msg_begin(w, HS_SERVER_HELLO_DONE));
    return writer_finish(w);
}
