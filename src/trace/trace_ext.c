/* trace_ext.c -- extensions, one line each: "Extension: name (len=N)  detail".
 *
 * The detail depends on the message the extension is in (key_share is a list
 * in a ClientHello, one share in a ServerHello, a group in a HelloRetryRequest),
 * so every decoder gets the context.
 */
#include "trace/trace_internal.h"

static int ext_u16_names(tline *l, reader d, const char *(*name)(uint16_t), int prefix)
{
    reader list;
    uint16_t v;
    if (prefix == 1)
        TRY(reader_u8_prefixed(&d, &list));
    else
        TRY(reader_u16_prefixed(&d, &list));
    TRY(reader_expect_empty(&d));
    ENSURE(reader_left(&list) % 2 == 0, WARD_E_DECODE);
    while (!reader_empty(&list)) {
        TRY(reader_u16(&list, &v));
        tl_item_code(l, name(v), v);
    }
    return WARD_OK;
}

static const char *version_label(uint16_t v)
{
    return name_version(v);
}

static int ext_server_name(tline *l, reader d, ext_context ctx)
{
    reader list, name;
    uint8_t type;
    if (ctx != EXT_CTX_CLIENT_HELLO)
        return reader_expect_empty(&d); /* the server's empty acknowledgement */
    TRY(reader_u16_prefixed(&d, &list));
    TRY(reader_expect_empty(&d));
    tl_add(l, "Server Name: ");
    while (!reader_empty(&list)) {
        TRY(reader_u8(&list, &type));
        TRY(reader_u16_prefixed(&list, &name));
        if (type != 0)
            tl_add(l, "[type %u] ", type);
        tl_text(l, reader_ptr(&name), reader_left(&name));
        if (!reader_empty(&list))
            tl_add(l, ", ");
    }
    return WARD_OK;
}

static int ext_alpn(tline *l, reader d)
{
    reader list, name;
    TRY(reader_u16_prefixed(&d, &list));
    TRY(reader_expect_empty(&d));
    while (!reader_empty(&list)) {
        TRY(reader_u8_prefixed(&list, &name));
        tl_item(l, "%s", ""); /* separator and wrapping */
        tl_text(l, reader_ptr(&name), reader_left(&name));
    }
    return WARD_OK;
}

static int ext_versions(tline *l, reader d, ext_context ctx)
{
    uint16_t v;
    if (ctx == EXT_CTX_CLIENT_HELLO)
        return ext_u16_names(l, d, version_label, 1);
    TRY(reader_u16(&d, &v));
    TRY(reader_expect_empty(&d));
    tl_add(l, "Supported Version: %s (0x%04x)", name_version(v), v);
    return WARD_OK;
}

static int ext_key_share(tline *l, reader d, ext_context ctx)
{
    uint16_t group;
    reader key, list;
    if (ctx == EXT_CTX_HELLO_RETRY) {
        TRY(reader_u16(&d, &group));
        TRY(reader_expect_empty(&d));
        tl_add(l, "Selected Group: %s (0x%04x)", name_group(group), group);
        return WARD_OK;
    }
    if (ctx == EXT_CTX_SERVER_HELLO) {
        TRY(reader_u16(&d, &group));
        TRY(reader_u16_prefixed(&d, &key));
        TRY(reader_expect_empty(&d));
        tl_add(l, "%s, %zu bytes: ", name_group(group), reader_left(&key));
        tl_hex(l, reader_ptr(&key), reader_left(&key), 16);
        return WARD_OK;
    }
    TRY(reader_u16_prefixed(&d, &list));
    TRY(reader_expect_empty(&d));
    while (!reader_empty(&list)) {
        TRY(reader_u16(&list, &group));
        TRY(reader_u16_prefixed(&list, &key));
        if (grease_value(group))
            tl_item(l, "GREASE (0x%04x), %zu byte%s", group, reader_left(&key),
                    reader_left(&key) == 1 ? "" : "s");
        else
            tl_item(l, "%s, %zu byte%s", name_group(group), reader_left(&key),
                    reader_left(&key) == 1 ? "" : "s");
    }
    return WARD_OK;
}

static int ext_u8_list(tline *l, reader d, const char *const *names, size_t n_names)
{
    reader list;
    uint8_t v;
    TRY(reader_u8_prefixed(&d, &list));
    TRY(reader_expect_empty(&d));
    while (!reader_empty(&list)) {
        TRY(reader_u8(&list, &v));
        if (v < n_names)
            tl_item(l, "%s", names[v]);
        else
            tl_item(l, "%u", v);
    }
    return WARD_OK;
}

/* RFC 8446 4.2.11. ClientHello: every identity (its length, the start of its
 * bytes, its obfuscated_ticket_age) and every binder's length; ServerHello:
 * the identity the server selected, which means the handshake resumes. */
static int ext_psk(tline *l, reader d, ext_context ctx)
{
    reader ids, binders, id, binder;
    uint16_t selected;
    uint32_t age;
    size_t n_ids = 0, n_binders = 0;
    if (ctx != EXT_CTX_CLIENT_HELLO) {
        TRY(reader_u16(&d, &selected));
        TRY(reader_expect_empty(&d));
        tl_add(l, "Selected Identity: %u  [PSK accepted: resumed handshake]", selected);
        return WARD_OK;
    }
    TRY(reader_u16_prefixed(&d, &ids));
    TRY(reader_u16_prefixed(&d, &binders));
    TRY(reader_expect_empty(&d));
    reader count = ids;
    while (!reader_empty(&count)) {
        TRY(reader_u16_prefixed(&count, &id));
        TRY(reader_u32(&count, &age));
        n_ids++;
    }
    count = binders;
    while (!reader_empty(&count)) {
        TRY(reader_u8_prefixed(&count, &binder));
        n_binders++;
    }
    tl_add(l, "%zu identit%s, binders %zu bytes", n_ids, n_ids == 1 ? "y" : "ies",
           reader_left(&binders));
    for (size_t i = 1; !reader_empty(&ids); i++) {
        TRY(reader_u16_prefixed(&ids, &id));
        TRY(reader_u32(&ids, &age));
        tl_wrap_now(l);
        tl_add(l, "Identity [%zu]: %zu bytes, obfuscated_ticket_age %u: ", i, reader_left(&id),
               age);
        tl_hex(l, reader_ptr(&id), reader_left(&id), 8);
    }
    for (size_t i = 1; !reader_empty(&binders); i++) {
        TRY(reader_u8_prefixed(&binders, &binder));
        tl_wrap_now(l);
        tl_add(l, "Binder [%zu]: %zu bytes", i, reader_left(&binder));
    }
    return WARD_OK;
}

/* RFC 5077 3.2 / RFC 8447: in a ClientHello, an empty extension asks for a
 * ticket, a non-empty one offers a ticket to resume with; in a ServerHello
 * (always empty) it promises a NewSessionTicket. */
static int ext_session_ticket(tline *l, reader d, ext_context ctx)
{
    if (ctx == EXT_CTX_CLIENT_HELLO) {
        if (reader_empty(&d))
            tl_add(l, "  [no ticket offered; asks for one]");
        else {
            tl_add(l, "  Ticket offered: %zu bytes: ", reader_left(&d));
            tl_hex(l, reader_ptr(&d), reader_left(&d), 16);
        }
        return WARD_OK;
    }
    if (reader_empty(&d))
        tl_add(l, "  [the server will send a NewSessionTicket]");
    return WARD_OK;
}

/* RFC 7366: empty; asked for in a ClientHello (it matters for CBC suites
 * only), granted in a ServerHello. */
static void ext_etm(tline *l, reader d, ext_context ctx)
{
    if (!reader_empty(&d))
        tl_add(l, "  [malformed: must be empty]");
    else if (ctx == EXT_CTX_CLIENT_HELLO)
        tl_add(l, "  [asks for encrypt-then-MAC with CBC suites]");
    else
        tl_add(l, "  [CBC records: encrypt-then-MAC]");
}

static int ext_u8_value(tline *l, reader d, const char *label)
{
    uint8_t v;
    TRY(reader_u8(&d, &v));
    TRY(reader_expect_empty(&d));
    tl_add(l, "%s: %u", label, v);
    return WARD_OK;
}

static int ext_u16_value(tline *l, reader d, const char *label)
{
    uint16_t v;
    TRY(reader_u16(&d, &v));
    TRY(reader_expect_empty(&d));
    tl_add(l, "%s: %u", label, v);
    return WARD_OK;
}

static int ext_opaque8(tline *l, reader d, const char *label)
{
    reader v;
    TRY(reader_u8_prefixed(&d, &v));
    TRY(reader_expect_empty(&d));
    tl_add(l, "%s: %zu bytes", label, reader_left(&v));
    return WARD_OK;
}

static int ext_opaque16(tline *l, reader d, const char *label)
{
    reader v;
    TRY(reader_u16_prefixed(&d, &v));
    TRY(reader_expect_empty(&d));
    tl_add(l, "%s: %zu bytes", label, reader_left(&v));
    return WARD_OK;
}

static int ext_early_data(tline *l, reader d, ext_context ctx)
{
    uint32_t max;
    if (ctx != EXT_CTX_NEW_SESSION_TICKET)
        return reader_expect_empty(&d);
    TRY(reader_u32(&d, &max));
    TRY(reader_expect_empty(&d));
    tl_add(l, "Maximum Early Data Size: %u", max);
    return WARD_OK;
}

static int ext_unknown(tline *l, reader d)
{
    if (!reader_empty(&d)) {
        tl_add(l, "Data: ");
        tl_hex(l, reader_ptr(&d), reader_left(&d), 16);
    }
    return WARD_OK;
}

static const char *const point_formats[] = {"uncompressed", "ansiX962_compressed_prime",
                                            "ansiX962_compressed_char2"};
static const char *const psk_modes[] = {"psk_ke", "psk_dhe_ke"};

/* RFC 6520 2: a single HeartbeatMode byte. */
static int ext_heartbeat(tline *l, reader d)
{
    uint8_t mode;
    TRY(reader_u8(&d, &mode));
    TRY(reader_expect_empty(&d));
    const char *name = mode == 1   ? "peer_allowed_to_send"
                       : mode == 2 ? "peer_not_allowed_to_send"
                                   : "unknown";
    tl_add(l, "Mode: %s (%u)", name, mode);
    return WARD_OK;
}

static int ext_detail(tline *l, uint16_t type, reader d, ext_context ctx)
{
    switch (type) {
    case EXT_SERVER_NAME: return ext_server_name(l, d, ctx);
    case EXT_SUPPORTED_GROUPS: return ext_u16_names(l, d, name_group, 2);
    case EXT_SIGNATURE_ALGORITHMS:
    case EXT_SIGNATURE_ALGORITHMS_CERT: return ext_u16_names(l, d, name_sigscheme, 2);
    case EXT_EC_POINT_FORMATS: return ext_u8_list(l, d, point_formats, 3);
    case EXT_ALPN: return ext_alpn(l, d);
    case EXT_SUPPORTED_VERSIONS: return ext_versions(l, d, ctx);
    case EXT_KEY_SHARE: return ext_key_share(l, d, ctx);
    case EXT_PSK_KEY_EXCHANGE_MODES: return ext_u8_list(l, d, psk_modes, 2);
    case EXT_PRE_SHARED_KEY: return ext_psk(l, d, ctx);
    case EXT_EARLY_DATA: return ext_early_data(l, d, ctx);
    case EXT_COOKIE: return ext_opaque16(l, d, "Cookie");
    case EXT_RENEGOTIATION_INFO: return ext_opaque8(l, d, "Renegotiated Connection");
    case EXT_RECORD_SIZE_LIMIT: return ext_u16_value(l, d, "Record Size Limit");
    case EXT_MAX_FRAGMENT_LENGTH: return ext_u8_value(l, d, "Maximum Fragment Length");
    case EXT_HEARTBEAT: return ext_heartbeat(l, d);
    case EXT_EXTENDED_MASTER_SECRET:
    case EXT_POST_HANDSHAKE_AUTH: return reader_expect_empty(&d);
    case EXT_PADDING: return WARD_OK; /* the length says it all */
    default: return ext_unknown(l, d);
    }
}

int trace_extensions(FILE *f, reader *msg, ext_context ctx)
{
    reader block;
    if (reader_empty(msg) && ctx == EXT_CTX_SERVER_HELLO_12)
        return WARD_OK; /* TLS 1.2 allows leaving the block out entirely */
    TRY(reader_u16_prefixed(msg, &block));
    tp_line(f, IND_FIELD, "Extensions Length: %zu", reader_left(&block));
    while (!reader_empty(&block)) {
        uint16_t type;
        reader data;
        TRY(reader_u16(&block, &type));
        TRY(reader_u16_prefixed(&block, &data));
        tline l;
        tl_begin(&l, f, IND_FIELD);
        l.cont_indent = IND_SUB2;
        tl_add(&l, "Extension: %s (len=%zu)", name_extension(type), reader_left(&data));
        if (type == EXT_SESSION_TICKET) {
            (void)ext_session_ticket(&l, data, ctx);
            tl_end(&l);
            continue;
        }
        if (type == EXT_ENCRYPT_THEN_MAC) {
            ext_etm(&l, data, ctx);
            tl_end(&l);
            continue;
        }
        if (grease_value(type) || reader_empty(&data)) {
            tl_end(&l);
            continue;
        }
        tl_add(&l, "  ");
        int rc = ext_detail(&l, type, data, ctx);
        if (rc < 0)
            tl_add(&l, " [malformed]");
        tl_end(&l);
    }
    return reader_expect_empty(msg);
}
