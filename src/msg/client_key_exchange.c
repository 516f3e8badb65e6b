/* client_key_exchange.c -- ClientKeyExchange for ECDHE (RFC 8422 5.7). Ward
 * offers no static-RSA key exchange, so this is the only form it parses. */
#include "msg/ext.h"

enum { EC_POINT_MAX = 0xff };

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
