/* fuzz_record_header.c -- record_header_parse. First byte: bit 0 picks the
 * limit (2^14 plaintext or 2^14+256 protected); the rest is the header. */
#include "fuzz_util.h"
#include "record/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t max = (data[0] & 1) ? RECORD_MAX_CIPHERTEXT_13 : RECORD_MAX_PLAINTEXT;
    record_header h;
    int rc = record_header_parse(data + 1, size - 1, max, &h);
    if (rc == WARD_WANT_READ) {
        FUZZ_CHECK(size - 1 < RECORD_HEADER_LEN);
        return 0;
    }
    if (rc != WARD_OK)
        return 0;
    FUZZ_CHECK(size - 1 >= RECORD_HEADER_LEN);
    FUZZ_CHECK(h.type == data[1]);
    FUZZ_CHECK(h.version == (uint16_t)(data[2] << 8 | data[3]));
    FUZZ_CHECK(h.length == (uint16_t)(data[4] << 8 | data[5]));
    FUZZ_CHECK(h.length <= max && (h.version >> 8) == 3);
    return 0;
}
