/* ext_psk.c -- pre_shared_key (RFC 8446 4.2.11), psk_key_exchange_modes (4.2.9)
 * and the NewSessionTicket form of early_data (4.2.10). */
#include "msg/ext.h"

enum { BINDER_MIN = 32, BINDER_MAX = 255, IDENTITIES_MIN = 7, BINDERS_MIN = 33 };

/* PskIdentity identities<7..2^16-1>: { opaque identity<1..2^16-1>;
 * uint32 obfuscated_ticket_age; }. Returns the count in *n. */
static int identities_check(reader list, size_t *n)
{
    ENSURE(reader_left(&list) >= IDENTITIES_MIN, WARD_E_DECODE);
    *n = 0;
    while (!reader_empty(&list)) {
        reader identity;
        uint32_t age;
        TRY(reader_u16_prefixed_nonempty(&list, &identity));
        TRY(reader_u32(&list, &age));
        (*n)++;
    }
    return WARD_OK;
}

/* PskBinderEntry binders<33..2^16-1>, each opaque <32..255>. */
static int binders_check(reader list, size_t *n)
{
    ENSURE(reader_left(&list) >= BINDERS_MIN, WARD_E_DECODE);
    *n = 0;
    while (!reader_empty(&list)) {
        reader binder;
        TRY(reader_u8_prefixed(&list, &binder));
        ENSURE(reader_left(&binder) >= BINDER_MIN, WARD_E_DECODE);
        (*n)++;
    }
    return WARD_OK;
}

int ext_psk_parse_ch(reader data, reader *identities, reader *binders)
{
    size_t n_ids, n_binders;
    TRY(reader_u16_prefixed(&data, identities));
    TRY(reader_u16_prefixed(&data, binders));
    TRY(reader_expect_empty(&data));
    TRY(identities_check(*identities, &n_ids));
    TRY(binders_check(*binders, &n_binders));
    /* RFC 8446 4.2.11: one binder per identity, in the same order. */
    ENSURE(n_ids == n_binders, WARD_E_ILLEGAL_PARAMETER);
    return WARD_OK;
}

int ext_psk_parse_sh(reader data, uint16_t *selected)
{
    TRY(reader_u16(&data, selected));
    return reader_expect_empty(&data);
}

int ext_psk_modes_parse(reader data, reader *modes)
{
    TRY(reader_u8_prefixed_nonempty(&data, modes)); /* ke_modes<1..255> */
    return reader_expect_empty(&data);
}

void ext_psk_modes_write(writer *w, const uint8_t *modes, size_t n)
{
    size_t ext = ext_begin(w, EXT_PSK_KEY_EXCHANGE_MODES);
    size_t list = writer_open(w, 1);
    writer_bytes(w, modes, n);
    writer_close(w, list);
    ext_end(w, ext);
}

int ext_early_data_parse_nst(reader data, uint32_t *max)
{
    TRY(reader_u32(&data, max));
    return reader_expect_empty(&data);
}

void ext_psk_write_ch(writer *w, const uint8_t *identity, size_t len, uint32_t age,
                      size_t binder_len)
{
    size_t ext = ext_begin(w, EXT_PRE_SHARED_KEY);
    size_t ids = writer_open(w, 2);
    size_t id = writer_open(w, 2);
    writer_bytes(w, identity, len);
    writer_close(w, id);
    writer_u32(w, age);
    writer_close(w, ids);
    size_t binders = writer_open(w, 2);
    size_t binder = writer_open(w, 1);
    writer_zeros(w, binder_len);
    writer_close(w, binder);
    writer_close(w, binders);
    ext_end(w, ext);
}

void ext_psk_write_sh(writer *w, uint16_t selected)
{
    size_t ext = ext_begin(w, EXT_PRE_SHARED_KEY);
    writer_u16(w, selected);
    ext_end(w, ext);
}
