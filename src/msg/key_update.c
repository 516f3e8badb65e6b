/* key_update.c -- KeyUpdate (RFC 8446 4.6.3). */
#include "msg/ext.h"

enum { UPDATE_NOT_REQUESTED = 0, UPDATE_REQUESTED = 1 };

int key_update_parse(reader body, uint8_t *request_update)
{
    TRY(reader_u8(&body, request_update));
    TRY(reader_expect_empty(&body));
    /* RFC 8446 4.6.3: any other value MUST be answered with illegal_parameter. */
    switch (*request_update) {
    case UPDATE_NOT_REQUESTED:
    case UPDATE_REQUESTED: return WARD_OK;
    default: return WARD_E_ILLEGAL_PARAMETER;
    }
}

int key_update_write(writer *w, uint8_t request_update)
{
    ENSURE(request_update <= UPDATE_REQUESTED, WARD_E_INVALID_ARGUMENT);
    size_t msg = msg_begin(w, HS_KEY_UPDATE);
    writer_u8(w, request_update);
    msg_end(w, msg);
    return writer_finish(w);
}
