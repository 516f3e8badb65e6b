/* server_hello.c -- ServerHello and HelloRetryRequest (RFC 8446 4.1.3, 4.1.4;
 * RFC 5246 7.4.1.3). */
#include <string.h>

#include "msg/ext.h"

enum { RANDOM_LEN = 32, SESSION_ID_MAX = 32 };

const uint8_t HRR_RANDOM[32] = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

/* Extensions a TLS 1.3 ServerHello / HelloRetryRequest can carry. */
static int sh_visit_13(server_hello *sh, uint16_t type, reader data, bool *handled)
{
    *handled = true;
    switch (type) {
    case EXT_SUPPORTED_VERSIONS:
        sh->has_versions = true;
        return ext_supported_versions_parse_sh(data, &sh->selected_version);
    case EXT_KEY_SHARE:
        sh->has_key_share = true;
        if (sh->is_hrr)
            return ext_key_share_parse_hrr(data, &sh->share_group);
        return ext_key_share_parse_sh(data, &sh->share_group, &sh->share_key, &sh->share_key_len);
    case EXT_PRE_SHARED_KEY: sh->has_psk = true; return ext_psk_parse_sh(data, &sh->psk_identity);
    case EXT_COOKIE: sh->has_cookie = true; return ext_cookie_parse(data, &sh->cookie);
    default: *handled = false; return WARD_OK;
    }
}

/* Extensions of a TLS 1.2 ServerHello. Bodies ward does not use (status_request,
 * max_fragment_length, record_size_limit, sct) were already allowed by the table. */
static int sh_visit_12(server_hello *sh, uint16_t type, reader data)
{
    switch (type) {
    case EXT_EXTENDED_MASTER_SECRET: sh->has_ems = true; return ext_empty_parse(data);
    case EXT_ENCRYPT_THEN_MAC: sh->has_etm = true; return ext_empty_parse(data);
    case EXT_SESSION_TICKET: sh->has_session_ticket = true; return ext_empty_parse(data);
    case EXT_SERVER_NAME: sh->has_server_name = true; return ext_empty_parse(data);
    case EXT_RENEGOTIATION_INFO:
        sh->has_reneg_info = true;
        return ext_reneg_info_parse(data, &sh->reneg_info);
    case EXT_EC_POINT_FORMATS:
        sh->has_point_formats = true;
        return ext_point_formats_parse(data, &sh->point_formats);
    case EXT_ALPN: sh->has_alpn = true; return ext_alpn_parse_one(data, &sh->alpn);
    case EXT_HEARTBEAT:
        sh->has_heartbeat = true;
        return ext_heartbeat_parse(data, &sh->heartbeat_mode);
    default: return WARD_OK;
    }
}

static int sh_visit(void *arg, uint16_t type, reader data)
{
    bool handled;
    int rc = sh_visit_13(arg, type, data, &handled);
    return handled ? rc : sh_visit_12(arg, type, data);
}

/* Which column of the table applies: only a supported_versions selecting TLS
 * 1.3 makes this a 1.3 ServerHello (RFC 8446 4.2.1). The block is walked for
 * real afterwards, so this peek needs no checks beyond framing. */
static int sh_context(reader body, bool is_hrr, ext_context *ctx)
{
    reader list, data;
    bool found;
    uint16_t version;
    *ctx = EXT_CTX_SERVER_HELLO_12;
    TRY(reader_u16_prefixed(&body, &list));
    TRY(ext_find(list, EXT_SUPPORTED_VERSIONS, &found, &data));
    if (found && reader_u16(&data, &version) == WARD_OK && version == VERSION_TLS13)
        *ctx = is_hrr ? EXT_CTX_HELLO_RETRY : EXT_CTX_SERVER_HELLO;
    return WARD_OK;
}

static int sh_fixed_parse(reader *body, server_hello *sh)
{
    reader sid;
    TRY(reader_u16(body, &sh->legacy_version));
    TRY(reader_bytes(body, RANDOM_LEN, &sh->random));
    /* RFC 8446 4.1.3: a HelloRetryRequest is a ServerHello with this random. */
    sh->is_hrr = memcmp(sh->random, HRR_RANDOM, RANDOM_LEN) == 0;
    TRY(reader_u8_prefixed(body, &sid)); /* legacy_session_id_echo<0..32> */
    sh->session_id_len = reader_left(&sid);
    ENSURE(sh->session_id_len <= SESSION_ID_MAX, WARD_E_DECODE);
    TRY(reader_bytes(&sid, sh->session_id_len, &sh->session_id));
    TRY(reader_u16(body, &sh->suite));
    return reader_u8(body, &sh->compression);
}

int server_hello_parse(reader body, server_hello *sh)
{
    memset(sh, 0, sizeof *sh);
    TRY(sh_fixed_parse(&body, sh));
    /* RFC 5246 7.4.1.3: a TLS 1.2 ServerHello may end here. */
    if (reader_empty(&body))
        return WARD_OK;
    ext_context ctx;
    TRY(sh_context(body, sh->is_hrr, &ctx));
    TRY(ext_walk(&body, ctx, sh_visit, sh));
    return reader_expect_empty(&body);
}

static int sh12_params_check(const server_hello_params *p)
{
    ENSURE(!p->is_hrr, WARD_E_INVALID_ARGUMENT); /* HelloRetryRequest is TLS 1.3 only */
    if (p->reneg_info)
        ENSURE(p->reneg_len <= 0xff && (p->reneg_data || p->reneg_len == 0),
               WARD_E_INVALID_ARGUMENT);
    if (p->alpn) /* RFC 7301 3.1: exactly one non-empty name */
        ENSURE(p->alpn_len >= 1 && p->alpn_len <= 0xff, WARD_E_INVALID_ARGUMENT);
    if (p->heartbeat)
        ENSURE(ext_heartbeat_mode_valid(p->heartbeat_mode), WARD_E_INVALID_ARGUMENT);
    return WARD_OK;
}

static int sh_params_check(const server_hello_params *p)
{
    ENSURE(p->session_id_len <= SESSION_ID_MAX, WARD_E_INVALID_ARGUMENT);
    ENSURE(p->session_id || p->session_id_len == 0, WARD_E_INVALID_ARGUMENT);
    if (p->tls12)
        return sh12_params_check(p);
    if (!p->is_hrr)
        ENSURE(p->share_key == NULL || (p->share_key_len >= 1 && p->share_key_len <= 0xffff),
               WARD_E_INVALID_ARGUMENT);
    if (p->is_hrr && p->cookie)
        ENSURE(p->cookie_len >= 1 && p->cookie_len <= 0xfffd, WARD_E_INVALID_ARGUMENT);
    return WARD_OK;
}

static bool sh12_any_ext(const server_hello_params *p)
{
    return p->reneg_info || p->sni_ack || p->point_formats || p->session_ticket || p->alpn ||
           p->etm || p->ems || p->heartbeat;
}

/* The TLS 1.2 answers, in the order of the notes' capture (an OpenSSL server). */
static int sh12_write_exts(writer *w, const server_hello_params *p)
{
    /* RFC 5746 3.6 / 3.7: renegotiated_connection is empty on the initial
     * handshake and client_verify_data || server_verify_data on a renegotiation. */
    if (p->reneg_info)
        ext_reneg_info_write(w, p->reneg_data, p->reneg_len);
    /* RFC 6066 3: the server's answer to a used server_name is empty. */
    if (p->sni_ack)
        ext_write_empty(w, EXT_SERVER_NAME);
    if (p->point_formats)
        ext_point_formats_write(w);
    /* RFC 5077 3.2: an empty session_ticket promises a NewSessionTicket. */
    if (p->session_ticket)
        ext_write_empty(w, EXT_SESSION_TICKET);
    if (p->alpn)
        TRY(ext_alpn_write_one(w, p->alpn, p->alpn_len));
    if (p->etm) /* RFC 7366 2: extension_data is empty */
        ext_write_empty(w, EXT_ENCRYPT_THEN_MAC);
    if (p->ems) /* RFC 7627 5.1: extension_data is empty */
        ext_write_empty(w, EXT_EXTENDED_MASTER_SECRET);
    if (p->heartbeat)
        ext_heartbeat_write(w, p->heartbeat_mode);
    return writer_finish(w);
}

static int sh_write_exts(writer *w, const server_hello_params *p)
{
    if (p->tls12)
        return sh12_write_exts(w, p);
    ext_supported_versions_write_sh(w, p->version);
    if (p->is_hrr) {
        if (p->share_group)
            ext_key_share_write_hrr(w, p->share_group);
        if (p->cookie)
            TRY(ext_cookie_write(w, p->cookie, p->cookie_len));
    } else if (p->share_key) { /* absent in psk_ke resumption */
        TRY(ext_key_share_write_sh(w, p->share_group, p->share_key, p->share_key_len));
    }
    if (!p->is_hrr && p->psk)
        ext_psk_write_sh(w, p->psk_identity);
    return writer_finish(w);
}

int server_hello_write(writer *w, const server_hello_params *p)
{
    TRY(sh_params_check(p));
    size_t msg = msg_begin(w, HS_SERVER_HELLO);
    /* RFC 8446 4.1.3: legacy_version MUST be 0x0303; for TLS 1.2 it is the version. */
    writer_u16(w, VERSION_TLS12);
    writer_bytes(w, p->is_hrr ? HRR_RANDOM : p->random, RANDOM_LEN);
    size_t sid = writer_open(w, 1);
    writer_bytes(w, p->session_id, p->session_id_len);
    writer_close(w, sid);
    writer_u16(w, p->suite);
    writer_u8(w, 0); /* legacy_compression_method; RFC 5246 compression null */
    /* RFC 5246 7.4.1.3: a TLS 1.2 ServerHello with no extensions ends here. */
    if (!p->tls12 || sh12_any_ext(p)) {
        size_t exts = writer_open(w, 2);
        TRY(sh_write_exts(w, p));
        writer_close(w, exts);
    }
    msg_end(w, msg);
    return writer_finish(w);
}
