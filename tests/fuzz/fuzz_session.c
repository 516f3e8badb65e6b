/* fuzz_session.c -- the session codec (exported sessions, ticket contents) and
 * ticket opening on arbitrary bytes. A session that decodes must encode back
 * to the same bytes; a ticket that opens must hold a decodable session. */
#include <stdlib.h>

#include "fuzz_util.h"
#include "session/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ticket_keys *keys;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    session s;
    if (session_decode(data, size, &s) == WARD_OK) {
        uint8_t back[SESSION_MAX_ENCODED];
        size_t n;
        FUZZ_CHECK(session_encode(&s, back, sizeof back, &n) == WARD_OK);
        FUZZ_CHECK(fuzz_bytes_eq(back, n, data, size));
        /* Sealing and opening it again gives the same session back. */
        if (keys == NULL)
            FUZZ_CHECK(ticket_keys_new(0, 0, &keys) == WARD_OK);
        uint8_t ticket[SESSION_MAX_TICKET];
        size_t tlen;
        if (s.ticket_len < 1024 && session_alive(&s, 1700000000) &&
            ticket_seal(keys, 1700000000, &s, ticket, sizeof ticket, &tlen) == WARD_OK) {
            session t;
            FUZZ_CHECK(ticket_open(keys, 1700000000, ticket, tlen, &t) == 1);
            FUZZ_CHECK(t.secret_len == s.secret_len && t.suite == s.suite);
            session_wipe(&t);
        }
        session_wipe(&s);
    }
    /* Arbitrary bytes as a ticket: never opens, never crashes. */
    if (keys == NULL)
        FUZZ_CHECK(ticket_keys_new(0, 0, &keys) == WARD_OK);
    session t;
    FUZZ_CHECK(ticket_open(keys, 1700000000, data, size, &t) == 0);
    return 0;
}
