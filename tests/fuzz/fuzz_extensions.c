/* fuzz_extensions.c -- ext_walk in each ext_context, with every extension body
 * handed to the body parser the messages use for it in that context. First
 * byte: the context (1 + byte % 8); the rest: the u16-prefixed block. */
#include "fuzz_util.h"
#include "msg/ext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct walk {
    ext_context ctx;
    reader list; /* the whole block, for ext_find */
    size_t visited;
} walk;

static int body_parse(ext_context ctx, uint16_t type, reader data)
{
    bool ch = ctx == EXT_CTX_CLIENT_HELLO;
    reader out;
    uint16_t u16;
    uint32_t u32;
    uint8_t u8;
    const uint8_t *p;
    size_t n;
    key_share_entry shares[CH_MAX_KEY_SHARES];
    switch (type) {
    case EXT_SERVER_NAME:
        return ch ? ext_server_name_parse_ch(data, &p, &n) : ext_empty_parse(data);
    case EXT_SUPPORTED_GROUPS: return u16_vector_parse(data, 2, 0xffff, &out);
    case EXT_SIGNATURE_ALGORITHMS:
    case EXT_SIGNATURE_ALGORITHMS_CERT: return u16_vector_parse(data, 2, 0xfffe, &out);
    case EXT_SUPPORTED_VERSIONS:
        return ch ? ext_supported_versions_parse_ch(data, &out)
                  : ext_supported_versions_parse_sh(data, &u16);
    case EXT_KEY_SHARE:
        if (ch) {
            int rc = ext_key_share_parse_ch(data, shares, CH_MAX_KEY_SHARES, &n);
            if (rc == WARD_OK)
                FUZZ_CHECK(n <= CH_MAX_KEY_SHARES);
            return rc;
        }
        if (ctx == EXT_CTX_HELLO_RETRY)
            return ext_key_share_parse_hrr(data, &u16);
        return ext_key_share_parse_sh(data, &u16, &p, &n);
    case EXT_ALPN: {
        int rc = ch ? ext_alpn_parse_list(data, &out) : ext_alpn_parse_one(data, &out);
        if (rc == WARD_OK && ch) {
            reader first;
            FUZZ_CHECK(reader_u8_prefixed(&out, &first) == WARD_OK);
            FUZZ_CHECK(alpn_list_contains(reader_of(data.p + 2, data.len - 2), first.p, first.len));
        }
        return rc;
    }
    case EXT_PRE_SHARED_KEY: {
        reader ids;
        return ch ? ext_psk_parse_ch(data, &ids, &out) : ext_psk_parse_sh(data, &u16);
    }
    case EXT_PSK_KEY_EXCHANGE_MODES: return ext_psk_modes_parse(data, &out);
    case EXT_EARLY_DATA:
        return ctx == EXT_CTX_NEW_SESSION_TICKET ? ext_early_data_parse_nst(data, &u32)
                                                 : ext_empty_parse(data);
    case EXT_COOKIE: return ext_cookie_parse(data, &out);
    case EXT_RENEGOTIATION_INFO: return ext_reneg_info_parse(data, &out);
    case EXT_EC_POINT_FORMATS: return ext_point_formats_parse(data, &out);
    case EXT_HEARTBEAT: return ext_heartbeat_parse(data, &u8);
    case EXT_EXTENDED_MASTER_SECRET:
    case EXT_ENCRYPT_THEN_MAC:
    case EXT_POST_HANDSHAKE_AUTH: return ext_empty_parse(data);
    default: return WARD_OK;
    }
}

static int visit(void *arg, uint16_t type, reader data)
{
    walk *st = arg;
    st->visited++;
    FUZZ_CHECK(ext_allowed(type, st->ctx));
    /* No duplicates got this far, so the first of this type is this one
     * (ext_find reads the whole block: a malformed later entry fails it). */
    bool found;
    reader d;
    if (ext_find(st->list, type, &found, &d) == WARD_OK)
        FUZZ_CHECK(found && d.p == data.p && d.len == data.len);
    int rc = body_parse(st->ctx, type, data);
    (void)rc; /* keep walking: later extensions get parsed too */
    return WARD_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    walk st = {.ctx = (ext_context)(1 + data[0] % 8)};
    reader msg = reader_of(data + 1, size - 1), peek = msg;
    if (reader_u16_prefixed(&peek, &st.list) != WARD_OK)
        return 0;
    int rc = ext_walk(&msg, st.ctx, visit, &st);
    if (rc == WARD_OK) {
        /* The walker consumed exactly the block. */
        FUZZ_CHECK(reader_ptr(&msg) == reader_ptr(&peek) &&
                   reader_left(&msg) == reader_left(&peek));
    }
    /* The same block with no visitor fails or succeeds the same way. */
    reader again = reader_of(data + 1, size - 1);
    FUZZ_CHECK(ext_walk(&again, st.ctx, NULL, NULL) == rc);
    return 0;
}
