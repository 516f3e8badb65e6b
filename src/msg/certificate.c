/* certificate.c -- the TLS 1.3 Certificate message (RFC 8446 4.4.2). */
#include <string.h>

#include "msg/ext.h"

/* CertificateEntry: opaque cert_data<1..2^24-1>; Extension extensions<0..2^16-1>.
 * The per-entry extensions (OCSP status, SCTs) are checked for place and
 * duplicates, then ignored: ward offers neither. */
static int entry_parse(reader *list, const uint8_t **der, size_t *der_len)
{
    reader cert;
    TRY(reader_u24_prefixed(list, &cert));
    ENSURE(!reader_empty(&cert), WARD_E_DECODE);
    *der_len = reader_left(&cert);
    TRY(reader_bytes(&cert, *der_len, der));
    return ext_walk(list, EXT_CTX_CERTIFICATE, NULL, NULL);
}

int certificate13_parse(reader body, certificate_msg *cm)
{
    memset(cm, 0, sizeof *cm);
    reader list;
    TRY(reader_u8_prefixed(&body, &cm->context)); /* certificate_request_context<0..2^8-1> */
    TRY(reader_u24_prefixed(&body, &list));       /* certificate_list<0..2^24-1> */
    TRY(reader_expect_empty(&body));
    size_t count = 0;
    while (!reader_empty(&list)) {
        const uint8_t *der;
        size_t der_len;
        TRY(entry_parse(&list, &der, &der_len));
        if (count < CERT_MAX_CHAIN) {
            cm->der[count] = der;
            cm->der_len[count] = der_len;
        }
        count++;
    }
    /* The whole list is validated first so that a malformed long chain is a
     * decode_error, and a well-formed one too long for ward is bad_certificate. */
    ENSURE(count <= CERT_MAX_CHAIN, WARD_E_BAD_CERTIFICATE);
    cm->n = count;
    return WARD_OK;
}

int certificate13_write(writer *w, const uint8_t *context, size_t context_len,
                        const uint8_t *const *der, const size_t *der_len, size_t n)
{
    ENSURE(context_len <= 0xff, WARD_E_INVALID_ARGUMENT);
    for (size_t i = 0; i < n; i++)
        ENSURE(der[i] && der_len[i] >= 1 && der_len[i] <= 0xffffff, WARD_E_INVALID_ARGUMENT);
    size_t msg = msg_begin(w, HS_CERTIFICATE);
    size_t ctx = writer_open(w, 1);
    writer_bytes(w, context, context_len);
    writer_close(w, ctx);
    size_t list = writer_open(w, 3);
    for (size_t i = 0; i < n; i++) {
        size_t cert = writer_open(w, 3);
        writer_bytes(w, der[i], der_len[i]);
        writer_close(w, cert);
        writer_u16(w, 0); /* no per-entry extensions */
    }
    writer_close(w, list);
    msg_end(w, msg);
    return writer_finish(w);
}
