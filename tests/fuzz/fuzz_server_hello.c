/* fuzz_server_hello.c -- server_hello_parse (ServerHello, HelloRetryRequest,
 * TLS 1.2 ServerHello), with a semantic round trip for TLS 1.3 hellos. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const server_hello *sh)
{
    server_hello_params p;
    memset(&p, 0, sizeof p);
    if (!sh->is_hrr)
        memcpy(p.random, sh->random, 32);
    p.is_hrr = sh->is_hrr;
    p.session_id = sh->session_id;
    p.session_id_len = sh->session_id_len;
    p.suite = sh->suite;
    p.version = sh->selected_version;
    p.share_group = sh->share_group;
    if (!sh->is_hrr && sh->has_key_share) {
        p.share_key = sh->share_key;
        p.share_key_len = sh->share_key_len;
    }
    if (sh->is_hrr && sh->has_cookie) {
        p.cookie = reader_ptr(&sh->cookie);
        p.cookie_len = reader_left(&sh->cookie);
    }
    writer w;
    writer_init_dynamic(&w, 0);
    FUZZ_CHECK(server_hello_write(&w, &p) == WARD_OK);
    server_hello b;
    FUZZ_CHECK(server_hello_parse(fuzz_written_body(&w, HS_SERVER_HELLO), &b) == WARD_OK);
    FUZZ_CHECK(b.is_hrr == sh->is_hrr && b.legacy_version == VERSION_TLS12);
    FUZZ_CHECK(memcmp(b.random, sh->random, 32) == 0);
    FUZZ_CHECK(fuzz_bytes_eq(b.session_id, b.session_id_len, sh->session_id, sh->session_id_len));
    FUZZ_CHECK(b.suite == sh->suite && b.compression == 0);
    FUZZ_CHECK(b.has_versions && b.selected_version == VERSION_TLS13);
    FUZZ_CHECK(b.has_key_share == sh->has_key_share && b.share_group == sh->share_group);
    if (!sh->is_hrr && sh->has_key_share)
        FUZZ_CHECK(fuzz_bytes_eq(b.share_key, b.share_key_len, sh->share_key, sh->share_key_len));
    FUZZ_CHECK(b.has_cookie == sh->has_cookie);
    if (sh->has_cookie)
        FUZZ_CHECK(fuzz_reader_eq(b.cookie, sh->cookie));
    FUZZ_CHECK(!b.has_psk);
    writer_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    server_hello sh;
    if (server_hello_parse(reader_of(data, size), &sh) != WARD_OK)
        return 0;
    FUZZ_CHECK(sh.session_id_len <= 32);
    FUZZ_CHECK(sh.is_hrr == (memcmp(sh.random, HRR_RANDOM, 32) == 0));
    if (sh.has_key_share && !sh.is_hrr)
        FUZZ_CHECK(sh.share_key_len >= 1);
    /* Only a TLS 1.3 hello without pre_shared_key is something ward writes; an
     * HRR key_share naming group 0 is not written back either. */
    bool tls13 = sh.has_versions && sh.selected_version == VERSION_TLS13;
    if (tls13 && !sh.has_psk && !(sh.is_hrr && sh.has_key_share && sh.share_group == 0))
        round_trip(&sh);
    return 0;
}
