/* lists.c -- u16 lists (groups, signature schemes, versions) and ALPN name lists. */
#include <string.h>

#include "msg/ext.h"

int u16_vector_parse(reader data, size_t min_bytes, size_t max_bytes, reader *list)
{
    TRY(reader_u16_prefixed(&data, list));
    size_t n = reader_left(list);
    ENSURE(n >= min_bytes && n <= max_bytes && n % 2 == 0, WARD_E_DECODE);
    return reader_expect_empty(&data);
}

void u16_vector_write(writer *w, uint16_t first, const uint16_t *v, size_t n)
{
    size_t mark = writer_open(w, 2);
    if (first)
        writer_u16(w, first);
    for (size_t i = 0; i < n; i++)
        writer_u16(w, v[i]);
    writer_close(w, mark);
}

bool u16_list_next(reader *list, uint16_t *v)
{
    return reader_u16(list, v) == WARD_OK;
}

bool u16_list_contains(reader list, uint16_t v)
{
    uint16_t x;
    while (u16_list_next(&list, &x))
        if (x == v)
            return true;
    return false;
}

int alpn_names_validate(reader names)
{
    /* RFC 7301 3.1: ProtocolName protocol_name_list<2..2^16-1>, each
     * ProtocolName<1..2^8-1>: empty names MUST NOT be included. */
    ENSURE(!reader_empty(&names), WARD_E_DECODE);
    while (!reader_empty(&names)) {
        reader name;
        TRY(reader_u8_prefixed_nonempty(&names, &name));
    }
    return WARD_OK;
}

bool alpn_list_contains(reader list, const uint8_t *name, size_t len)
{
    reader entry;
    while (reader_u8_prefixed(&list, &entry) == WARD_OK) {
        if (reader_left(&entry) == len && len > 0 && memcmp(reader_ptr(&entry), name, len) == 0)
            return true;
    }
    return false;
}
