/* fuzz_client_hello.c -- client_hello_parse, then a semantic round trip: the
 * fields ward's writer can express are written back, re-parsed and compared.
 * Also checks binders_offset, which the server uses to hash a truncated hello. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_U16S 0x8000

typedef struct u16_array {
    uint16_t v[MAX_U16S];
    size_t n;
} u16_array;

static u16_array suites, versions, groups, sigalgs;

static void to_array(reader list, u16_array *a)
{
    a->n = 0;
    uint16_t x;
    while (u16_list_next(&list, &x)) {
        FUZZ_CHECK(a->n < MAX_U16S);
        a->v[a->n++] = x;
    }
    FUZZ_CHECK(reader_empty(&list));
}

static bool offers_tls13(const client_hello *ch)
{
    return ch->has_versions && u16_list_contains(ch->versions, VERSION_TLS13);
}

static void check_invariants(const client_hello *ch, const uint8_t *data, size_t size)
{
    FUZZ_CHECK(ch->session_id_len <= 32);
    FUZZ_CHECK(reader_left(&ch->suites) >= 2 && reader_left(&ch->suites) % 2 == 0);
    FUZZ_CHECK(!reader_empty(&ch->compressions));
    FUZZ_CHECK(ch->n_key_shares <= CH_MAX_KEY_SHARES);
    for (size_t i = 0; i < ch->n_key_shares; i++)
        FUZZ_CHECK(ch->key_shares[i].key_len >= 1);
    if (ch->has_server_name) {
        FUZZ_CHECK(ch->server_name_len >= 1 && ch->server_name_len <= 255);
        FUZZ_CHECK(memchr(ch->server_name, 0, ch->server_name_len) == NULL);
    }
    if (ch->has_psk) {
        /* The binders vector, length included, is exactly the tail of the body. */
        size_t off = ch->binders_offset, blen = reader_left(&ch->psk_binders);
        FUZZ_CHECK(off + 2 + blen == size);
        FUZZ_CHECK((size_t)(data[off] << 8 | data[off + 1]) == blen);
        FUZZ_CHECK(data + off + 2 == reader_ptr(&ch->psk_binders));
    }
}

static void fill_params(const client_hello *ch, client_hello_params *p, char *sni)
{
    memset(p, 0, sizeof *p);
    p->legacy_version = ch->legacy_version;
    memcpy(p->random, ch->random, 32);
    memcpy(p->session_id, ch->session_id, ch->session_id_len);
    p->session_id_len = ch->session_id_len;
    to_array(ch->suites, &suites);
    p->suites = suites.v;
    p->n_suites = suites.n;
    versions.n = groups.n = sigalgs.n = 0;
    if (ch->has_versions)
        to_array(ch->versions, &versions);
    if (ch->has_groups)
        to_array(ch->groups, &groups);
    if (ch->has_sigalgs)
        to_array(ch->sigalgs, &sigalgs);
    p->versions = versions.v;
    p->n_versions = versions.n;
    p->groups = groups.v;
    p->n_groups = groups.n;
    p->sigalgs = sigalgs.v;
    p->n_sigalgs = sigalgs.n;
    memcpy(p->shares, ch->key_shares, ch->n_key_shares * sizeof ch->key_shares[0]);
    p->n_shares = ch->n_key_shares;
    if (ch->has_server_name) {
        memcpy(sni, ch->server_name, ch->server_name_len);
        sni[ch->server_name_len] = 0;
        p->server_name = sni;
    }
    if (ch->has_alpn) {
        p->alpn = reader_ptr(&ch->alpn);
        p->alpn_len = reader_left(&ch->alpn);
    }
    if (ch->has_cookie) {
        p->cookie = reader_ptr(&ch->cookie);
        p->cookie_len = reader_left(&ch->cookie);
    }
}

static void compare(const client_hello *a, const client_hello *b)
{
    FUZZ_CHECK(a->legacy_version == b->legacy_version);
    FUZZ_CHECK(memcmp(a->random, b->random, 32) == 0);
    FUZZ_CHECK(fuzz_bytes_eq(a->session_id, a->session_id_len, b->session_id, b->session_id_len));
    FUZZ_CHECK(fuzz_reader_eq(a->suites, b->suites));
    FUZZ_CHECK(a->has_versions == b->has_versions);
    if (a->has_versions)
        FUZZ_CHECK(fuzz_reader_eq(a->versions, b->versions));
    FUZZ_CHECK(a->has_groups == b->has_groups);
    if (a->has_groups)
        FUZZ_CHECK(fuzz_reader_eq(a->groups, b->groups));
    FUZZ_CHECK(a->has_sigalgs == b->has_sigalgs);
    if (a->has_sigalgs)
        FUZZ_CHECK(fuzz_reader_eq(a->sigalgs, b->sigalgs));
    FUZZ_CHECK(a->has_server_name == b->has_server_name);
    if (a->has_server_name)
        FUZZ_CHECK(
            fuzz_bytes_eq(a->server_name, a->server_name_len, b->server_name, b->server_name_len));
    FUZZ_CHECK(a->has_alpn == b->has_alpn);
    if (a->has_alpn)
        FUZZ_CHECK(fuzz_reader_eq(a->alpn, b->alpn));
    FUZZ_CHECK(a->has_cookie == b->has_cookie);
    if (a->has_cookie)
        FUZZ_CHECK(fuzz_reader_eq(a->cookie, b->cookie));
    /* key_share is written only when TLS 1.3 is offered. */
    size_t n_shares = offers_tls13(a) ? a->n_key_shares : 0;
    FUZZ_CHECK(b->has_key_share == offers_tls13(a));
    FUZZ_CHECK(b->n_key_shares == n_shares);
    for (size_t i = 0; i < n_shares; i++) {
        FUZZ_CHECK(a->key_shares[i].group == b->key_shares[i].group);
        FUZZ_CHECK(fuzz_bytes_eq(a->key_shares[i].key, a->key_shares[i].key_len,
                                 b->key_shares[i].key, b->key_shares[i].key_len));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    client_hello ch, again;
    if (client_hello_parse(reader_of(data, size), &ch) != WARD_OK)
        return 0;
    check_invariants(&ch, data, size);
    client_hello_params p;
    char sni[256];
    fill_params(&ch, &p, sni);
    writer w;
    writer_init_dynamic(&w, 0);
    int rc = client_hello_write(&w, &p);
    /* The writer refuses what ward would never send (e.g. 127 versions);
     * anything else it must be able to write. */
    if (rc == WARD_OK) {
        reader body = fuzz_written_body(&w, HS_CLIENT_HELLO);
        FUZZ_CHECK(client_hello_parse(body, &again) == WARD_OK);
        compare(&ch, &again);
    } else {
        FUZZ_CHECK(rc == WARD_E_INVALID_ARGUMENT);
    }
    writer_free(&w);
    return 0;
}
