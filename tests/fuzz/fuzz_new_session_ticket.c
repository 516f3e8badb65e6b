/* fuzz_new_session_ticket.c -- new_session_ticket13_parse, with a semantic
 * round trip (the writer sends no extensions). */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    new_session_ticket nst, b;
    if (new_session_ticket13_parse(reader_of(data, size), &nst) != WARD_OK)
        return 0;
    FUZZ_CHECK(!reader_empty(&nst.ticket));
    writer w;
    writer_init_dynamic(&w, 0);
    FUZZ_CHECK(new_session_ticket13_write(&w, nst.lifetime, nst.age_add, reader_ptr(&nst.nonce),
                                          reader_left(&nst.nonce), reader_ptr(&nst.ticket),
                                          reader_left(&nst.ticket)) == WARD_OK);
    FUZZ_CHECK(new_session_ticket13_parse(fuzz_written_body(&w, HS_NEW_SESSION_TICKET), &b) ==
               WARD_OK);
    FUZZ_CHECK(b.lifetime == nst.lifetime && b.age_add == nst.age_add);
    FUZZ_CHECK(fuzz_reader_eq(b.nonce, nst.nonce) && fuzz_reader_eq(b.ticket, nst.ticket));
    FUZZ_CHECK(!b.has_early_data);
    writer_free(&w);
    return 0;
}
