/* server_key_exchange.c -- ServerKeyExchange for ECDHE (RFC 8422 5.4) with its
 * DigitallySigned (RFC 5246 4.7, 7.4.3). The signature is checked by the
 * handshake over client_random || server_random || ServerECDHParams. */
#include <string.h>

#include "msg/ext.h"

enum { EC_POINT_MAX = 0xff, SIG_MAX = 0xffff };

/* ServerECDHParams: ECParameters curve_params; ECPoint public. */
static int ecdh_params_parse(reader *body, server_key_exchange *ske)
{
    uint8_t curve_type;
    reader point;
    const uint8_t *start = reader_ptr(body);
    size_t before = reader_left(body);
    TRY(reader_u8(body, &curve_type));
    /* RFC 8422 5.4: explicit_prime and explicit_char2 are deprecated; only
     * named_curve remains, and a client offers nothing else (5.1.1). */
    ENSURE(curve_type == EC_CURVE_TYPE_NAMED_CURVE, WARD_E_ILLEGAL_PARAMETER);
    TRY(reader_u16(body, &ske->group));
    TRY(reader_u8_prefixed_nonempty(body, &point)); /* ECPoint public<1..2^8-1> */
    ske->pub_len = reader_left(&point);
    TRY(reader_bytes(&point, ske->pub_len, &ske->pub));
    ske->params = start;
    ske->params_len = before - reader_left(body);
    return WARD_OK;
}

int server_key_exchange_parse(reader body, server_key_exchange *ske)
{
    memset(ske, 0, sizeof *ske);
    reader sig;
    TRY(ecdh_params_parse(&body, ske));
    TRY(reader_u16(&body, &ske->scheme)); /* SignatureAndHashAlgorithm */
    /* opaque signature<0..2^16-1>, but an ECDHE suite with a certificate is
     * always signed (RFC 8422 5.4: anonymous ECDH_anon is not offered). */
    TRY(reader_u16_prefixed_nonempty(&body, &sig));
    TRY(reader_expect_empty(&body));
    ske->sig_len = reader_left(&sig);
    return reader_bytes(&sig, ske->sig_len, &ske->sig);
}

void ske_params_write(writer *w, uint16_t group, const uint8_t *pub, size_t pub_len)
{
    /* The codec's error is sticky; this void writer reports a point it cannot
     * encode through it rather than emit a message the peer must reject. */
    if (pub == NULL || pub_len == 0 || pub_len > EC_POINT_MAX) {
        if (w->err == WARD_OK)
            w->err = WARD_E_INVALID_ARGUMENT;
        return;
    }
    writer_u8(w, EC_CURVE_TYPE_NAMED_CURVE);
    writer_u16(w, group);
    size_t point = writer_open(w, 1);
    writer_bytes(w, pub, pub_len);
    writer_close(w, point);
}

int server_key_exchange_write(writer *w, uint16_t group, const uint8_t *pub, size_t pub_len,
                              uint16_t scheme, const uint8_t *sig, size_t sig_len)
{
    ENSURE(pub && pub_len >= 1 && pub_len <= EC_POINT_MAX, WARD_E_INVALID_ARGUMENT);
    ENSURE(sig && sig_len >= 1 && sig_len <= SIG_MAX, WARD_E_INVALID_ARGUMENT);
    size_t msg = msg_begin(w, HS_SERVER_KEY_EXCHANGE);
    ske_params_write(w, group, pub, pub_len);
    writer_u16(w, scheme);
    size_t s = writer_open(w, 2);
    writer_bytes(w, sig, sig_len);
    writer_close(w, s);
    msg_end(w, msg);
    return writer_finish(w);
}
