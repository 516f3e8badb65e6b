/* certificate12.c -- the TLS 1.2 Certificate message (RFC 5246 7.4.2, 7.4.6):
 * a bare list of DER certificates, no context and no per-entry extensions. */
#include <string.h>

#include "msg/ext.h"

enum { CERT_LEN_MAX = 0xffffff };

int certificate12_parse(reader body, certificate_msg *cm)
{
    memset(cm, 0, sizeof *cm); /* cm->context stays an empty reader */
    reader list;
    TRY(reader_u24_prefixed(&body, &list)); /* ASN.1Cert certificate_list<0..2^24-1> */
    TRY(reader_expect_empty(&body));
    size_t count = 0;
    while (!reader_empty(&list)) {
        reader cert;
        TRY(reader_u24_prefixed(&list, &cert));
        ENSURE(!reader_empty(&cert), WARD_E_DECODE); /* opaque ASN.1Cert<1..2^24-1> */
        if (count < CERT_MAX_CHAIN) {
            cm->der_len[count] = reader_left(&cert);
            TRY(reader_bytes(&cert, cm->der_len[count], &cm->der[count]));
        }
        count++;
    }
    /* As for TLS 1.3: a malformed long list is decode_error, a well-formed one
     * longer than ward accepts is bad_certificate. */
    ENSURE(count <= CERT_MAX_CHAIN, WARD_E_BAD_CERTIFICATE);
    cm->n = count;
    return WARD_OK;
}

int certificate12_write(writer *w, const uint8_t *const *der, const size_t *der_len, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ENSURE(der[i] && der_len[i] >= 1 && der_len[i] <= CERT_LEN_MAX, WARD_E_INVALID_ARGUMENT);
    size_t msg = msg_begin(w, HS_CERTIFICATE);
    size_t list = writer_open(w, 3);
    for (size_t i = 0; i < n; i++) {
        size_t cert = writer_open(w, 3);
        writer_bytes(w, der[i], der_len[i]);
        writer_close(w, cert);
    }
    writer_close(w, list);
    msg_end(w, msg);
    return writer_finish(w);
}
