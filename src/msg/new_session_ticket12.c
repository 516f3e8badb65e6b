/* new_session_ticket12.c -- the TLS 1.2 NewSessionTicket (RFC 5077 3.3). */
#include <string.h>

#include "msg/ext.h"

int new_session_ticket12_parse(reader body, new_session_ticket12 *nst)
{
    memset(nst, 0, sizeof *nst);
    TRY(reader_u32(&body, &nst->lifetime_hint));
    /* opaque ticket<0..2^16-1>. RFC 5077 3.3: a server that promised a ticket
     * but will not issue one MUST send a zero-length ticket, so empty is valid. */
    TRY(reader_u16_prefixed(&body, &nst->ticket));
    return reader_expect_empty(&body);
}

int new_session_ticket12_write(writer *w, uint32_t lifetime_hint, const uint8_t *ticket,
                               size_t ticket_len)
{
    ENSURE(ticket_len <= 0xffff && (ticket || ticket_len == 0), WARD_E_INVALID_ARGUMENT);
    size_t msg = msg_begin(w, HS_NEW_SESSION_TICKET);
    writer_u32(w, lifetime_hint);
    size_t t = writer_open(w, 2);
    writer_bytes(w, ticket, ticket_len);
    writer_close(w, t);
    msg_end(w, msg);
    return writer_finish(w);
}
