/* client_hello.c -- ClientHello (RFC 8446 4.1.2, RFC 5246 7.4.1.2). */
#include <string.h>

#include "msg/ext.h"

enum { RANDOM_LEN = 32, SESSION_ID_MAX = 32 };

/* Extensions of TLS 1.3 (and shared with 1.2) that ward reads. */
static int ch_visit_13(client_hello *ch, uint16_t type, reader data, bool *handled)
{
    *handled = true;
    switch (type) {
    case EXT_SUPPORTED_GROUPS: /* named_group_list<2..2^16-1> */
        ch->has_groups = true;
        return u16_vector_parse(data, 2, 0xffff, &ch->groups);
    case EXT_SIGNATURE_ALGORITHMS: /* supported_signature_algorithms<2..2^16-2> */
        ch->has_sigalgs = true;
        return u16_vector_parse(data, 2, 0xfffe, &ch->sigalgs);
    case EXT_SIGNATURE_ALGORITHMS_CERT:
        ch->has_sigalgs_cert = true;
        return u16_vector_parse(data, 2, 0xfffe, &ch->sigalgs_cert);
    case EXT_SUPPORTED_VERSIONS:
        ch->has_versions = true;
        return ext_supported_versions_parse_ch(data, &ch->versions);
    case EXT_KEY_SHARE:
        ch->has_key_share = true;
        return ext_key_share_parse_ch(data, ch->key_shares, CH_MAX_KEY_SHARES, &ch->n_key_shares);
    case EXT_PSK_KEY_EXCHANGE_MODES:
        ch->has_psk_modes = true;
        return ext_psk_modes_parse(data, &ch->psk_modes);
    case EXT_PRE_SHARED_KEY:
        ch->has_psk = true;
        return ext_psk_parse_ch(data, &ch->psk_identities, &ch->psk_binders);
    case EXT_EARLY_DATA: ch->has_early_data = true; return ext_empty_parse(data);
    case EXT_COOKIE: ch->has_cookie = true; return ext_cookie_parse(data, &ch->cookie);
    case EXT_POST_HANDSHAKE_AUTH: ch->has_post_handshake_auth = true; return ext_empty_parse(data);
    default: *handled = false; return WARD_OK;
    }
}

/* TLS 1.2 extensions and those common to both versions. */
static int ch_visit_12(client_hello *ch, uint16_t type, reader data)
{
    switch (type) {
    case EXT_SERVER_NAME:
        ch->has_server_name = true;
        return ext_server_name_parse_ch(data, &ch->server_name, &ch->server_name_len);
    case EXT_ALPN: ch->has_alpn = true; return ext_alpn_parse_list(data, &ch->alpn);
    case EXT_EXTENDED_MASTER_SECRET: /* RFC 7627 5.1: extension_data is empty */
        ch->has_ems = true;
        return ext_empty_parse(data);
    case EXT_ENCRYPT_THEN_MAC: ch->has_etm = true; return ext_empty_parse(data);
    case EXT_RENEGOTIATION_INFO: /* RFC 5746 3.2: renegotiated_connection<0..255> */
        ch->has_reneg_info = true;
        return ext_reneg_info_parse(data, &ch->reneg_info);
    case EXT_SESSION_TICKET: /* opaque ticket, empty to ask for a new one */
        ch->has_session_ticket = true;
        ch->session_ticket = data;
        return WARD_OK;
    case EXT_EC_POINT_FORMATS:
        ch->has_point_formats = true;
        return ext_point_formats_parse(data, &ch->point_formats);
    case EXT_HEARTBEAT:
        ch->has_heartbeat = true;
        return ext_heartbeat_parse(data, &ch->heartbeat_mode);
    default: return WARD_OK; /* other types are ignored (RFC 8446 4.1.2) */
    }
}

static int ch_visit(void *arg, uint16_t type, reader data)
{
    bool handled;
    int rc = ch_visit_13(arg, type, data, &handled);
    return handled ? rc : ch_visit_12(arg, type, data);
}

static int ch_fixed_parse(reader *body, client_hello *ch)
{
    reader sid;
    TRY(reader_u16(body, &ch->legacy_version));
    TRY(reader_bytes(body, RANDOM_LEN, &ch->random));
    TRY(reader_u8_prefixed(body, &sid)); /* legacy_session_id<0..32> */
    ch->session_id_len = reader_left(&sid);
    ENSURE(ch->session_id_len <= SESSION_ID_MAX, WARD_E_DECODE);
    TRY(reader_bytes(&sid, ch->session_id_len, &ch->session_id));
    /* cipher_suites<2..2^16-2>: non-empty and whole suites. Signalling suites
     * (RFC 5746 TLS_EMPTY_RENEGOTIATION_INFO_SCSV, RFC 7507 TLS_FALLBACK_SCSV)
     * stay in the list for the handshake to find. */
    TRY(reader_u16_prefixed_nonempty(body, &ch->suites));
    ENSURE(reader_left(&ch->suites) % 2 == 0, WARD_E_DECODE);
    /* legacy_compression_methods<1..2^8-1> */
    return reader_u8_prefixed_nonempty(body, &ch->compressions);
}

int client_hello_parse(reader body, client_hello *ch)
{
    memset(ch, 0, sizeof *ch);
    size_t body_len = reader_left(&body);
    TRY(ch_fixed_parse(&body, ch));
    /* RFC 5246 7.4.1.2: a ClientHello may end before the extensions. */
    if (reader_empty(&body))
        return WARD_OK;
    TRY(ext_walk(&body, EXT_CTX_CLIENT_HELLO, ch_visit, ch));
    TRY(reader_expect_empty(&body));
    /* pre_shared_key is the last extension and the binders end it, so the
     * binders vector (with its u16 length) is the tail of the body. */
    if (ch->has_psk)
        ch->binders_offset = body_len - 2 - reader_left(&ch->psk_binders);
    return WARD_OK;
}

/* ---- writing ---- */

static bool offers_tls13(const client_hello_params *p)
{
    for (size_t i = 0; i < p->n_versions; i++)
        if (p->versions[i] == VERSION_TLS13)
            return true;
    return false;
}

/* Rejects what the writer could only encode as a malformed message, before
 * writing anything. */
static int ch_params_check(const client_hello_params *p)
{
    ENSURE(p->session_id_len <= SESSION_ID_MAX, WARD_E_INVALID_ARGUMENT);
    ENSURE(p->n_suites >= 1 && p->n_suites < 0x7fff, WARD_E_INVALID_ARGUMENT);
    ENSURE(p->n_versions < 127 && p->n_groups < 0x7fff && p->n_sigalgs < 0x7fff,
           WARD_E_INVALID_ARGUMENT);
    ENSURE(p->n_shares <= CH_MAX_KEY_SHARES, WARD_E_INVALID_ARGUMENT);
    for (size_t i = 0; i < p->n_shares; i++)
        ENSURE(p->shares[i].key && p->shares[i].key_len >= 1 && p->shares[i].key_len <= 0xffff,
               WARD_E_INVALID_ARGUMENT);
    if (p->server_name) {
        size_t n = strlen(p->server_name);
        ENSURE(n >= 1 && n <= 255, WARD_E_INVALID_ARGUMENT);
    }
    if (p->alpn)
        ENSURE(alpn_names_validate(reader_of(p->alpn, p->alpn_len)) == WARD_OK,
               WARD_E_INVALID_ARGUMENT);
    if (p->cookie)
        ENSURE(p->cookie_len >= 1 && p->cookie_len <= 0xfffd, WARD_E_INVALID_ARGUMENT);
    ENSURE(p->reneg_len <= 0xff && (p->reneg_data || p->reneg_len == 0), WARD_E_INVALID_ARGUMENT);
    if (p->heartbeat)
        ENSURE(ext_heartbeat_mode_valid(p->heartbeat_mode), WARD_E_INVALID_ARGUMENT);
    ENSURE(!p->session_ticket || p->session_ticket_len <= 0xffff, WARD_E_INVALID_ARGUMENT);
    if (p->psk_identity)
        ENSURE(p->psk_identity_len >= 1 && p->psk_identity_len <= 0xfff0 &&
                   p->psk_binder_len >= 32 && p->psk_binder_len <= 255,
               WARD_E_INVALID_ARGUMENT);
    return WARD_OK;
}

/* GREASE ext1, server_name, encrypt_then_mac, the TLS 1.2 block, groups, signature algorithms,
 * ALPN, heartbeat. */
static int ch_write_exts_head(writer *w, const client_hello_params *p)
{
    if (p->grease_ext1)
        ext_write_empty(w, p->grease_ext1);
    if (p->server_name)
        TRY(ext_server_name_write_ch(w, p->server_name));
    /* RFC 7366 2: an empty encrypt_then_mac asks for it with CBC suites. */
    if (p->tls12_extensions && p->etm)
        ext_write_empty(w, EXT_ENCRYPT_THEN_MAC);
    if (p->tls12_extensions)
        ext_tls12_write_ch(w, p->reneg_data, p->reneg_len, p->session_ticket,
                           p->session_ticket_len);
    if (p->n_groups) {
        size_t ext = ext_begin(w, EXT_SUPPORTED_GROUPS);
        u16_vector_write(w, p->grease_group, p->groups, p->n_groups);
        ext_end(w, ext);
    }
    if (p->n_sigalgs) {
        size_t ext = ext_begin(w, EXT_SIGNATURE_ALGORITHMS);
        u16_vector_write(w, 0, p->sigalgs, p->n_sigalgs);
        ext_end(w, ext);
    }
    if (p->alpn)
        TRY(ext_alpn_write_list(w, p->alpn, p->alpn_len));
    if (p->heartbeat)
        ext_heartbeat_write(w, p->heartbeat_mode);
    return writer_finish(w);
}

/* supported_versions, psk_key_exchange_modes, key_share, cookie, GREASE ext2. */
static int ch_write_exts_tail(writer *w, const client_hello_params *p)
{
    static const uint8_t psk_dhe_ke[1] = {1};
    static const uint8_t grease_body[1] = {0};
    if (p->n_versions)
        ext_supported_versions_write_ch(w, p->grease_version, p->versions, p->n_versions);
    if (p->psk_dhe_ke)
        ext_psk_modes_write(w, psk_dhe_ke, sizeof psk_dhe_ke);
    if (offers_tls13(p))
        TRY(ext_key_share_write_ch(w, p->no_grease_share ? 0 : p->grease_group, p->shares,
                                   p->n_shares));
    if (p->cookie)
        TRY(ext_cookie_write(w, p->cookie, p->cookie_len));
    if (p->grease_ext2) { /* RFC 8701 3: GREASE extensions may have bodies */
        size_t ext = ext_begin(w, p->grease_ext2);
        writer_bytes(w, grease_body, sizeof grease_body);
        ext_end(w, ext);
    }
    /* RFC 8446 4.2.11: pre_shared_key MUST be the last extension. */
    if (p->psk_identity)
        ext_psk_write_ch(w, p->psk_identity, p->psk_identity_len, p->psk_obfuscated_age,
                         p->psk_binder_len);
    return writer_finish(w);
}

int client_hello_write(writer *w, const client_hello_params *p)
{
    static const uint8_t null_compression[1] = {0};
    TRY(ch_params_check(p));
    size_t msg = msg_begin(w, HS_CLIENT_HELLO);
    writer_u16(w, p->legacy_version);
    writer_bytes(w, p->random, RANDOM_LEN);
    size_t sid = writer_open(w, 1);
    writer_bytes(w, p->session_id, p->session_id_len);
    writer_close(w, sid);
    u16_vector_write(w, p->grease_suite, p->suites, p->n_suites);
    size_t comp = writer_open(w, 1);
    writer_bytes(w, null_compression, sizeof null_compression);
    writer_close(w, comp);
    size_t exts = writer_open(w, 2);
    TRY(ch_write_exts_head(w, p));
    TRY(ch_write_exts_tail(w, p));
    writer_close(w, exts);
    msg_end(w, msg);
    return writer_finish(w);
}
