/* client_key_exchange.c -- ClientKeyExchange: ECDHE (RFC 8422 5.7) with a
 * 1-byte length, DHE and RSA (RFC 5246 7.4.7) with a 2-byte one. The suite
 * says which form to expect. */
#include "msg/ext.h"

enum { EC_POINT_MAX = 0xff, U16_VALUE_MAX = 0xffff };

int client_key_exchange_ecdhe_parse(reader body, const uint8_t **pub, size_t *len)
{
    reader point;
    /* RFC 8422 5.7: ECPoint ecdh_Yc<1..2^8-1>; the explicit form is required
     * because ward never uses fixed (certificate) ECDH keys. */
    TRY(reader_u8_prefixed_nonempty(&body, &point));
    TRY(reader_expect_empty(&body));
    *len = reader_left(&point);
    return reader_bytes(&point, *len, pub);
}

int client_key_exchange_ecdhe_write(writer *w, const uint8_t *pub, size_t len)
{
    ENSURE(pub && len >= 1 && len <= EC_POINT_MAX, WARD_E_INVALID_ARGUMENT);
    size_t msg = msg_begin(w, HS_CLIENT_KEY_EXCHANGE);
    size_t point = writer_open(w, 1);
    writer_bytes(w, pub, len);
    writer_close(w, point);
    msg_end(w, msg);
    return writer_finish(w);
}

static int u16_value_parse(reader body, bool nonempty, const uint8_t **value, size_t *len)
{
    reader v;
    if (nonempty)
        TRY(reader_u16_prefixed_nonempty(&body, &v));
    else
        TRY(reader_u16_prefixed(&body, &v));
    TRY(reader_expect_empty(&body));
    *len = reader_left(&v);
    return reader_bytes(&v, *len, value);
}

int client_key_exchange_dhe_parse(reader body, const uint8_t **yc, size_t *len)
{
    return u16_value_parse(body, true, yc, len);
}

int client_key_exchange_rsa_parse(reader body, const uint8_t **ct, size_t *len)
{
    return u16_value_parse(body, false, ct, len);
}

int client_key_exchange_u16_write(writer *w, const uint8_t *value, size_t len)
{
    ENSURE(value && len >= 1 && len <= U16_VALUE_MAX, WARD_E_INVALID_ARGUMENT);
    size_t msg = msg_begin(w, HS_CLIENT_KEY_EXCHANGE);
    size_t v = writer_open(w, 2);
    writer_bytes(w, value, len);
    writer_close(w, v);
    msg_end(w, msg);
    return writer_finish(w);
}
