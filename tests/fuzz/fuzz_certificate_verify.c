/* fuzz_certificate_verify.c -- certificate_verify_parse, and writing back. A
 * CertificateVerify has no optional parts, so the rewrite is byte-exact. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    certificate_verify cv;
    if (certificate_verify_parse(reader_of(data, size), &cv) != WARD_OK)
        return 0;
    FUZZ_CHECK(cv.sig_len >= 1);
    writer w;
    writer_init_dynamic(&w, 0);
    FUZZ_CHECK(certificate_verify_write(&w, cv.scheme, cv.sig, cv.sig_len) == WARD_OK);
    reader body = fuzz_written_body(&w, HS_CERTIFICATE_VERIFY);
    FUZZ_CHECK(fuzz_bytes_eq(reader_ptr(&body), reader_left(&body), data, size));
    writer_free(&w);
    return 0;
}
