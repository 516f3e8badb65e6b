/* fuzz_misc.c -- Finished and KeyUpdate. First byte: bit 0 picks KeyUpdate,
 * bits 1-2 the expected Finished length (32, 48, 12, 64). Both rewrite
 * byte-exact. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_finished(const uint8_t *p, size_t n, size_t expected)
{
    const uint8_t *vd;
    if (finished_parse(reader_of(p, n), expected, &vd) != WARD_OK) {
        FUZZ_CHECK(n != expected);
        return;
    }
    FUZZ_CHECK(n == expected && vd == p);
    writer w;
    writer_init_dynamic(&w, 0);
    FUZZ_CHECK(finished_write(&w, vd, expected) == WARD_OK);
    reader body = fuzz_written_body(&w, HS_FINISHED);
    FUZZ_CHECK(fuzz_bytes_eq(reader_ptr(&body), reader_left(&body), p, n));
    writer_free(&w);
}

static void fuzz_key_update(const uint8_t *p, size_t n)
{
    uint8_t req;
    if (key_update_parse(reader_of(p, n), &req) != WARD_OK)
        return;
    FUZZ_CHECK(n == 1 && req <= 1);
    writer w;
    writer_init_dynamic(&w, 0);
    FUZZ_CHECK(key_update_write(&w, req) == WARD_OK);
    reader body = fuzz_written_body(&w, HS_KEY_UPDATE);
    FUZZ_CHECK(fuzz_bytes_eq(reader_ptr(&body), reader_left(&body), p, n));
    writer_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t lens[4] = {32, 48, 12, 64};
    if (size < 1)
        return 0;
    if (data[0] & 1)
        fuzz_key_update(data + 1, size - 1);
    else
        fuzz_finished(data + 1, size - 1, lens[(data[0] >> 1) & 3]);
    return 0;
}
