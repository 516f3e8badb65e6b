/* certificate_request.c -- the TLS 1.3 CertificateRequest (RFC 8446 4.3.2). */
#include <string.h>

#include "msg/ext.h"

struct cr_parse {
    certificate_request *cr;
    bool has_sigalgs;
};

static int cr_visit(void *arg, uint16_t type, reader data)
{
    struct cr_parse *st = arg;
    certificate_request *cr = st->cr;
    switch (type) {
    case EXT_SIGNATURE_ALGORITHMS:
        st->has_sigalgs = true;
        return u16_vector_parse(data, 2, 0xfffe, &cr->sigalgs);
    case EXT_SIGNATURE_ALGORITHMS_CERT:
        cr->has_sigalgs_cert = true;
        return u16_vector_parse(data, 2, 0xfffe, &cr->sigalgs_cert);
    default: return WARD_OK; /* RFC 8446 4.3.2: clients MUST ignore unrecognized extensions */
    }
}

int certificate_request13_parse(reader body, certificate_request *cr)
{
    struct cr_parse st = {cr, false};
    memset(cr, 0, sizeof *cr);
    TRY(reader_u8_prefixed(&body, &cr->context)); /* certificate_request_context<0..2^8-1> */
    /* extensions<2..2^16-1>: the block cannot be empty. */
    reader peek = body, exts;
    TRY(reader_u16_prefixed_nonempty(&peek, &exts));
    TRY(ext_walk(&body, EXT_CTX_CERTIFICATE_REQUEST, cr_visit, &st));
    TRY(reader_expect_empty(&body));
    /* RFC 8446 4.3.2: the "signature_algorithms" extension MUST be specified. */
    ENSURE(st.has_sigalgs, WARD_E_MISSING_EXTENSION);
    return WARD_OK;
}

int certificate_request13_write(writer *w, const uint8_t *context, size_t context_len,
                                const uint16_t *sigalgs, size_t n_sigalgs)
{
    ENSURE(context_len <= 0xff, WARD_E_INVALID_ARGUMENT);
    ENSURE(n_sigalgs >= 1 && n_sigalgs < 0x7fff, WARD_E_INVALID_ARGUMENT);
    size_t msg = msg_begin(w, HS_CERTIFICATE_REQUEST);
    size_t ctx = writer_open(w, 1);
    writer_bytes(w, context, context_len);
    writer_close(w, ctx);
    size_t exts = writer_open(w, 2);
    size_t ext = ext_begin(w, EXT_SIGNATURE_ALGORITHMS);
    u16_vector_write(w, 0, sigalgs, n_sigalgs);
    ext_end(w, ext);
    writer_close(w, exts);
    msg_end(w, msg);
    return writer_finish(w);
}
