/* new_session_ticket.c -- the TLS 1.3 NewSessionTicket (RFC 8446 4.6.1). */
#include <string.h>

#include "msg/ext.h"

static int nst_visit(void *arg, uint16_t type, reader data)
{
    new_session_ticket *nst = arg;
    switch (type) {
    case EXT_EARLY_DATA:
        nst->has_early_data = true;
        return ext_early_data_parse_nst(data, &nst->max_early_data);
    default: return WARD_OK; /* RFC 8446 4.6.1: clients MUST ignore unrecognized extensions */
    }
}

int new_session_ticket13_parse(reader body, new_session_ticket *nst)
{
    memset(nst, 0, sizeof *nst);
    TRY(reader_u32(&body, &nst->lifetime));
    TRY(reader_u32(&body, &nst->age_add));
    TRY(reader_u8_prefixed(&body, &nst->nonce));            /* ticket_nonce<0..255> */
    TRY(reader_u16_prefixed_nonempty(&body, &nst->ticket)); /* ticket<1..2^16-1> */
    TRY(ext_walk(&body, EXT_CTX_NEW_SESSION_TICKET, nst_visit, nst));
    return reader_expect_empty(&body);
}

int new_session_ticket13_write(writer *w, uint32_t lifetime, uint32_t age_add, const uint8_t *nonce,
                               size_t nonce_len, const uint8_t *ticket, size_t ticket_len)
{
    ENSURE(nonce_len <= 0xff, WARD_E_INVALID_ARGUMENT);
    ENSURE(ticket && ticket_len >= 1 && ticket_len <= 0xffff, WARD_E_INVALID_ARGUMENT);
    size_t msg = msg_begin(w, HS_NEW_SESSION_TICKET);
    writer_u32(w, lifetime);
    writer_u32(w, age_add);
    size_t n = writer_open(w, 1);
    writer_bytes(w, nonce, nonce_len);
    writer_close(w, n);
    size_t t = writer_open(w, 2);
    writer_bytes(w, ticket, ticket_len);
    writer_close(w, t);
    writer_u16(w, 0); /* no extensions */
    msg_end(w, msg);
    return writer_finish(w);
}
