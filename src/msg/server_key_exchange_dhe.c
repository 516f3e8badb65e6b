/* server_key_exchange_dhe.c -- ServerKeyExchange for DHE (RFC 5246 7.4.3):
 * ServerDHParams then the DigitallySigned over client_random ||
 * server_random || ServerDHParams, which the handshake checks. */
#include <string.h>

#include "msg/ext.h"

enum { DH_NUMBER_MAX = 0xffff, SIG_MAX = 0xffff };

/* opaque <1..2^16-1>: a big-endian number. */
static int dh_number(reader *r, const uint8_t **v, size_t *len)
{
    reader n;
    TRY(reader_u16_prefixed_nonempty(r, &n));
    *len = reader_left(&n);
    return reader_bytes(&n, *len, v);
}

int server_key_exchange_dhe_parse(reader body, server_dh_params *dh, server_key_exchange *ske)
{
    memset(dh, 0, sizeof *dh);
    memset(ske, 0, sizeof *ske);
    ske->params = reader_ptr(&body);
    size_t before = reader_left(&body);
    TRY(dh_number(&body, &dh->p, &dh->p_len));
    TRY(dh_number(&body, &dh->g, &dh->g_len));
    TRY(dh_number(&body, &dh->ys, &dh->ys_len));
    ske->params_len = before - reader_left(&body);
    reader sig;
    TRY(reader_u16(&body, &ske->scheme));
    /* A DHE_RSA suite is always signed; DH_anon is not offered. */
    TRY(reader_u16_prefixed_nonempty(&body, &sig));
    TRY(reader_expect_empty(&body));
    ske->sig_len = reader_left(&sig);
    return reader_bytes(&sig, ske->sig_len, &ske->sig);
}

static void dh_number_write(writer *w, const uint8_t *v, size_t len)
{
    size_t n = writer_open(w, 2);
    writer_bytes(w, v, len);
    writer_close(w, n);
}

static bool dh_params_ok(const server_dh_params *dh)
{
    return dh && dh->p && dh->g && dh->ys && dh->p_len >= 1 && dh->p_len <= DH_NUMBER_MAX &&
           dh->g_len >= 1 && dh->g_len <= DH_NUMBER_MAX && dh->ys_len >= 1 &&
           dh->ys_len <= DH_NUMBER_MAX;
}

void ske_dh_params_write(writer *w, const server_dh_params *dh)
{
    /* As ske_params_write: report what cannot be encoded through the sticky
     * error rather than emit a message the peer must reject. */
    if (!dh_params_ok(dh)) {
        if (w->err == WARD_OK)
            w->err = WARD_E_INVALID_ARGUMENT;
        return;
    }
    dh_number_write(w, dh->p, dh->p_len);
    dh_number_write(w, dh->g, dh->g_len);
    dh_number_write(w, dh->ys, dh->ys_len);
}

int server_key_exchange_dhe_write(writer *w, const server_dh_params *dh, uint16_t scheme,
                                  const uint8_t *sig, size_t sig_len)
{
    ENSURE(dh_params_ok(dh), WARD_E_INVALID_ARGUMENT);
    ENSURE(sig && sig_len >= 1 && sig_len <= SIG_MAX, WARD_E_INVALID_ARGUMENT);
    size_t msg = msg_begin(w, HS_SERVER_KEY_EXCHANGE);
    ske_dh_params_write(w, dh);
    writer_u16(w, scheme);
    size_t s = writer_open(w, 2);
    writer_bytes(w, sig, sig_len);
    writer_close(w, s);
    msg_end(w, msg);
    return writer_finish(w);
}
