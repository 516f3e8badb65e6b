/* certificate_request12.c -- the TLS 1.2 CertificateRequest (RFC 5246 7.4.4). */
#include <string.h>

#include "msg/ext.h"

enum { NAME_MAX_LEN = 0xffff, LIST16_MAX = 0xffff };

/* DistinguishedName certificate_authorities<0..2^16-1>, each
 * opaque DistinguishedName<1..2^16-1>. */
static int ca_names_validate(reader cas)
{
    while (!reader_empty(&cas)) {
        reader name;
        TRY(reader_u16_prefixed_nonempty(&cas, &name));
    }
    return WARD_OK;
}

int certificate_request12_parse(reader body, certificate_request12 *cr)
{
    memset(cr, 0, sizeof *cr);
    /* ClientCertificateType certificate_types<1..2^8-1> */
    TRY(reader_u8_prefixed_nonempty(&body, &cr->cert_types));
    /* SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2> */
    TRY(reader_u16_prefixed_nonempty(&body, &cr->sigalgs));
    ENSURE(reader_left(&cr->sigalgs) % 2 == 0, WARD_E_DECODE);
    TRY(reader_u16_prefixed(&body, &cr->cas));
    TRY(ca_names_validate(cr->cas));
    return reader_expect_empty(&body);
}

static int cr12_args_check(size_t n_types, size_t n_sigalgs, const uint8_t *const *ca_der_names,
                           const size_t *ca_lens, size_t n_cas)
{
    ENSURE(n_types >= 1 && n_types <= 0xff, WARD_E_INVALID_ARGUMENT);
    ENSURE(n_sigalgs >= 1 && n_sigalgs <= 0x7fff, WARD_E_INVALID_ARGUMENT);
    size_t total = 0;
    for (size_t i = 0; i < n_cas; i++) {
        ENSURE(ca_der_names[i] && ca_lens[i] >= 1 && ca_lens[i] <= NAME_MAX_LEN,
               WARD_E_INVALID_ARGUMENT);
        total += 2 + ca_lens[i];
        ENSURE(total <= LIST16_MAX, WARD_E_INVALID_ARGUMENT);
    }
    return WARD_OK;
}

int certificate_request12_write(writer *w, const uint8_t *types, size_t n_types,
                                const uint16_t *sigalgs, size_t n_sigalgs,
                                const uint8_t *const *ca_der_names, const size_t *ca_lens,
                                size_t n_cas)
{
    TRY(cr12_args_check(n_types, n_sigalgs, ca_der_names, ca_lens, n_cas));
    size_t msg = msg_begin(w, HS_CERTIFICATE_REQUEST);
    size_t t = writer_open(w, 1);
    writer_bytes(w, types, n_types);
    writer_close(w, t);
    u16_vector_write(w, 0, sigalgs, n_sigalgs);
    size_t cas = writer_open(w, 2);
    for (size_t i = 0; i < n_cas; i++) {
        size_t name = writer_open(w, 2);
        writer_bytes(w, ca_der_names[i], ca_lens[i]);
        writer_close(w, name);
    }
    writer_close(w, cas);
    msg_end(w, msg);
    return writer_finish(w);
}
