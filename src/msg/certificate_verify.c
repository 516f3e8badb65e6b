/* certificate_verify.c -- CertificateVerify (RFC 8446 4.4.3). */
#include <string.h>

#include "msg/ext.h"

int certificate_verify_parse(reader body, certificate_verify *cv)
{
    reader sig;
    TRY(reader_u16(&body, &cv->scheme));
    /* opaque signature<0..2^16-1>, but no scheme yields an empty signature. */
    TRY(reader_u16_prefixed_nonempty(&body, &sig));
    TRY(reader_expect_empty(&body));
    cv->sig_len = reader_left(&sig);
    return reader_bytes(&sig, cv->sig_len, &cv->sig);
}

int certificate_verify_write(writer *w, uint16_t scheme, const uint8_t *sig, size_t sig_len)
{
    ENSURE(sig && sig_len >= 1 && sig_len <= 0xffff, WARD_E_INVALID_ARGUMENT);
    size_t msg = msg_begin(w, HS_CERTIFICATE_VERIFY);
    writer_u16(w, scheme);
    size_t s = writer_open(w, 2);
    writer_bytes(w, sig, sig_len);
    writer_close(w, s);
    msg_end(w, msg);
    return writer_finish(w);
}

void certificate_verify_content(bool server, const uint8_t *th, size_t th_len, uint8_t *out,
                                size_t *len)
{
    /* RFC 8446 4.4.3: the context strings are distinct per side so a server's
     * signature cannot be replayed as a client's, and the 64 spaces defeat
     * chosen-prefix attacks on the signed content. */
    static const char server_ctx[] = "TLS 1.3, server CertificateVerify";
    static const char client_ctx[] = "TLS 1.3, client CertificateVerify";
    const char *ctx = server ? server_ctx : client_ctx;
    writer w;
    writer_init_fixed(&w, out, 64 + sizeof server_ctx + th_len);
    for (int i = 0; i < 64; i++)
        writer_u8(&w, 0x20);
    writer_bytes(&w, ctx, sizeof server_ctx); /* includes the 0 separator */
    writer_bytes(&w, th, th_len);
    *len = w.len;
}
