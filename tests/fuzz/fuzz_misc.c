/* fuzz_misc.c -- Finished, KeyUpdate and the handshake message framing
 * (msg_split). First byte: bit 3 picks msg_split over the rest, else bit 0
 * picks KeyUpdate, bits 1-2 the expected Finished length (32, 48, 12, 64).
 * Finished and KeyUpdate rewrite byte-exact; msg_split must cut whole
 * messages inside the input and leave the reader as it was on failure. */
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

static void fuzz_msg_split(const uint8_t *p, size_t n)
{
    reader r = reader_of(p, n);
    for (;;) {
        const uint8_t *at = reader_ptr(&r);
        size_t left = reader_left(&r);
        uint8_t type;
        reader body;
        if (msg_split(&r, &type, &body) != WARD_OK) {
            FUZZ_CHECK(reader_ptr(&r) == at && reader_left(&r) == left);
            FUZZ_CHECK(left < HS_HEADER_LEN ||
                       (size_t)(at[1] << 16 | at[2] << 8 | at[3]) > left - HS_HEADER_LEN);
            return;
        }
        size_t len = reader_left(&body);
        FUZZ_CHECK(type == at[0] && len == (size_t)(at[1] << 16 | at[2] << 8 | at[3]));
        FUZZ_CHECK(reader_ptr(&body) == at + HS_HEADER_LEN);
        FUZZ_CHECK(reader_left(&r) == left - HS_HEADER_LEN - len);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t lens[4] = {32, 48, 12, 64};
    if (size < 1)
        return 0;
    if (data[0] & 8)
        fuzz_msg_split(data + 1, size - 1);
    else if (data[0] & 1)
        fuzz_key_update(data + 1, size - 1);
    else
        fuzz_finished(data + 1, size - 1, lens[(data[0] >> 1) & 3]);
    return 0;
}
