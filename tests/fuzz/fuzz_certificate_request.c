/* fuzz_certificate_request.c -- certificate_request13_parse, with a semantic
 * round trip (context and signature_algorithms). */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint16_t sigalgs[0x8000];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    certificate_request cr, b;
    if (certificate_request13_parse(reader_of(data, size), &cr) != WARD_OK)
        return 0;
    size_t n = 0;
    reader list = cr.sigalgs;
    while (u16_list_next(&list, &sigalgs[n]))
        n++;
    FUZZ_CHECK(n >= 1 && n * 2 == reader_left(&cr.sigalgs));
    writer w;
    writer_init_dynamic(&w, 0);
    FUZZ_CHECK(certificate_request13_write(&w, reader_ptr(&cr.context), reader_left(&cr.context),
                                           sigalgs, n) == WARD_OK);
    FUZZ_CHECK(certificate_request13_parse(fuzz_written_body(&w, HS_CERTIFICATE_REQUEST), &b) ==
               WARD_OK);
    FUZZ_CHECK(fuzz_reader_eq(b.context, cr.context) && fuzz_reader_eq(b.sigalgs, cr.sigalgs));
    FUZZ_CHECK(!b.has_sigalgs_cert);
    writer_free(&w);
    return 0;
}
