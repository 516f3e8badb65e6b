/* fuzz_encrypted_extensions.c -- encrypted_extensions_parse, with a semantic
 * round trip of what the writer expresses (ALPN, server_name acknowledgement). */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    encrypted_extensions ee, b;
    if (encrypted_extensions_parse(reader_of(data, size), &ee) != WARD_OK)
        return 0;
    if (ee.has_alpn)
        FUZZ_CHECK(reader_left(&ee.alpn) >= 1 && reader_left(&ee.alpn) <= 255);
    writer w;
    writer_init_dynamic(&w, 0);
    FUZZ_CHECK(encrypted_extensions_write(&w, ee.has_alpn ? reader_ptr(&ee.alpn) : NULL,
                                          reader_left(&ee.alpn), ee.has_server_name) == WARD_OK);
    FUZZ_CHECK(encrypted_extensions_parse(fuzz_written_body(&w, HS_ENCRYPTED_EXTENSIONS), &b) ==
               WARD_OK);
    FUZZ_CHECK(b.has_alpn == ee.has_alpn && b.has_server_name == ee.has_server_name);
    FUZZ_CHECK(!b.has_early_data && !b.has_groups);
    if (ee.has_alpn)
        FUZZ_CHECK(fuzz_reader_eq(b.alpn, ee.alpn));
    writer_free(&w);
    return 0;
}
