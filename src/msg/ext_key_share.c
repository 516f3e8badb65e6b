/* ext_key_share.c -- key_share (RFC 8446 4.2.8) in ClientHello, ServerHello and
 * HelloRetryRequest. Key values are checked for syntax only; their validity as
 * points is the key exchange's business. */
#include "msg/ext.h"

/* KeyShareEntry: NamedGroup group; opaque key_exchange<1..2^16-1>. */
static int entry_parse(reader *r, key_share_entry *e)
{
    reader key;
    TRY(reader_u16(r, &e->group));
    TRY(reader_u16_prefixed_nonempty(r, &key));
    e->key_len = reader_left(&key);
    return reader_bytes(&key, e->key_len, &e->key);
}

int ext_key_share_parse_ch(reader data, key_share_entry *out, size_t max, size_t *n)
{
    reader list;
    TRY(reader_u16_prefixed(&data, &list)); /* client_shares<0..2^16-1> */
    TRY(reader_expect_empty(&data));
    dup_check groups;
    dup_check_init(&groups);
    *n = 0;
    while (!reader_empty(&list)) {
        key_share_entry e;
        TRY(entry_parse(&list, &e));
        /* RFC 8446 4.2.8: clients MUST NOT offer multiple KeyShareEntry values
         * for the same group; servers MAY check and abort with illegal_parameter. */
        ENSURE(dup_check_add(&groups, e.group), WARD_E_ILLEGAL_PARAMETER);
        if (*n < max)
            out[(*n)++] = e;
    }
    return WARD_OK;
}

int ext_key_share_parse_sh(reader data, uint16_t *group, const uint8_t **key, size_t *len)
{
    key_share_entry e;
    TRY(entry_parse(&data, &e));
    TRY(reader_expect_empty(&data));
    *group = e.group;
    *key = e.key;
    *len = e.key_len;
    return WARD_OK;
}

int ext_key_share_parse_hrr(reader data, uint16_t *group)
{
    TRY(reader_u16(&data, group)); /* KeyShareHelloRetryRequest: selected_group */
    return reader_expect_empty(&data);
}

static int entry_write(writer *w, uint16_t group, const uint8_t *key, size_t len)
{
    ENSURE(len >= 1 && len <= 0xffff, WARD_E_INVALID_ARGUMENT);
    writer_u16(w, group);
    writer_u16(w, (uint16_t)len);
    writer_bytes(w, key, len);
    return WARD_OK;
}

int ext_key_share_write_ch(writer *w, uint16_t grease_group, const key_share_entry *shares,
                           size_t n)
{
    static const uint8_t grease_key[1] = {0};
    size_t ext = ext_begin(w, EXT_KEY_SHARE);
    size_t list = writer_open(w, 2);
    if (grease_group) /* RFC 8701 3: a GREASE share makes servers tolerate unknown groups */
        TRY(entry_write(w, grease_group, grease_key, sizeof grease_key));
    for (size_t i = 0; i < n; i++)
        TRY(entry_write(w, shares[i].group, shares[i].key, shares[i].key_len));
    writer_close(w, list);
    ext_end(w, ext);
    return writer_finish(w);
}

int ext_key_share_write_sh(writer *w, uint16_t group, const uint8_t *key, size_t len)
{
    size_t ext = ext_begin(w, EXT_KEY_SHARE);
    TRY(entry_write(w, group, key, len));
    ext_end(w, ext);
    return writer_finish(w);
}

void ext_key_share_write_hrr(writer *w, uint16_t group)
{
    size_t ext = ext_begin(w, EXT_KEY_SHARE);
    writer_u16(w, group);
    ext_end(w, ext);
}
