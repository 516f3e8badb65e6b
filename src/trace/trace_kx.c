/* trace_kx.c -- the TLS 1.2 key exchange messages: ServerKeyExchange for
 * ECDHE (RFC 8422 5.4) and DHE (RFC 5246 7.4.3, with the RFC 7919 group named
 * when p and g are one), and ClientKeyExchange (ECDHE point, DHE value or
 * RSA-encrypted premaster secret). The printer has no connection state, so a
 * 2-byte-length ClientKeyExchange is shown as what it may be. */
#include "trace/trace_internal.h"

#include "crypto/crypto.h"

static void hex_field(FILE *f, const char *label, reader v)
{
    tline l;
    tl_begin(&l, f, IND_SUB);
    tl_add(&l, "%s Length: %zu  %s: ", label, reader_left(&v), label);
    tl_hex(&l, reader_ptr(&v), reader_left(&v), TRACE_HEX_MAX);
    tl_end(&l);
}

static int trace_ske_signature(FILE *f, reader *body)
{
    uint16_t scheme;
    reader sig;
    TRY(reader_u16(body, &scheme));
    tp_line(f, IND_SUB, "Signature Algorithm: %s (0x%04x)", name_sigscheme(scheme), scheme);
    TRY(reader_u16_prefixed(body, &sig));
    hex_field(f, "Signature", sig);
    return reader_expect_empty(body);
}

/* Bits of a big-endian number (leading zero bytes aside). */
static size_t number_bits(reader v)
{
    const uint8_t *p = reader_ptr(&v);
    size_t n = reader_left(&v);
    while (n > 0 && *p == 0) {
        p++;
        n--;
    }
    if (n == 0)
        return 0;
    size_t bits = 8 * (n - 1);
    for (uint8_t top = p[0]; top; top >>= 1)
        bits++;
    return bits;
}

/* ServerDHParams: dh_p, dh_g, dh_Ys. */
static int trace_dh_params(FILE *f, reader *body)
{
    reader p, g, ys;
    TRY(reader_u16_prefixed(body, &p));
    TRY(reader_u16_prefixed(body, &g));
    TRY(reader_u16_prefixed(body, &ys));
    uint16_t group =
        kx_ffdhe_group_of(reader_ptr(&p), reader_left(&p), reader_ptr(&g), reader_left(&g));
    tp_line(f, IND_FIELD, "Diffie-Hellman Server Params");
    if (group)
        tp_line(f, IND_SUB, "p Length: %zu  [%s (0x%04x), RFC 7919]", reader_left(&p),
                name_group(group), group);
    else
        tp_line(f, IND_SUB, "p Length: %zu  [%zu-bit prime, not an RFC 7919 group]",
                reader_left(&p), number_bits(p));
    tline l;
    tl_begin(&l, f, IND_SUB);
    tl_add(&l, "g Length: %zu  g: ", reader_left(&g));
    tl_hex(&l, reader_ptr(&g), reader_left(&g), 8);
    tl_end(&l);
    hex_field(f, "Pubkey", ys);
    return WARD_OK;
}

int trace_server_key_exchange(FILE *f, reader body)
{
    uint8_t curve_type;
    uint16_t group;
    reader pub;
    reader dhe = body;
    /* RFC 8422 5.4: ECCurveType named_curve (3), then the group. */
    if (reader_u8(&body, &curve_type) == WARD_OK && curve_type == 3) {
        tp_line(f, IND_FIELD, "EC Diffie-Hellman Server Params");
        tp_line(f, IND_SUB, "Curve Type: named_curve (0x03)");
        TRY(reader_u16(&body, &group));
        tp_line(f, IND_SUB, "Named Curve: %s (0x%04x)", name_group(group), group);
        TRY(reader_u8_prefixed(&body, &pub));
        hex_field(f, "Pubkey", pub);
        return trace_ske_signature(f, &body);
    }
    /* Otherwise finite-field DHE (RFC 5246 7.4.3): p, g, Ys. */
    body = dhe;
    TRY(trace_dh_params(f, &body));
    return trace_ske_signature(f, &body);
}

int trace_client_key_exchange(FILE *f, reader body)
{
    reader pub;
    /* The body alone does not say which key exchange it is: an ECDHE point
     * has a 1-byte length, RSA and DHE values a 2-byte one. */
    reader probe = body;
    if (reader_u8_prefixed(&probe, &pub) == WARD_OK && reader_empty(&probe)) {
        tp_line(f, IND_FIELD, "EC Diffie-Hellman Client Params");
        hex_field(f, "Pubkey", pub);
        return WARD_OK;
    }
    TRY(reader_u16_prefixed(&body, &pub));
    tp_line(f, IND_FIELD, "RSA Encrypted PreMaster Secret or DH Client Params");
    tp_line(f, IND_SUB, "[%zu bytes: the RSA modulus size (%zu bits), or the DH value]",
            reader_left(&pub), reader_left(&pub) * 8);
    hex_field(f, "Value", pub);
    return reader_expect_empty(&body);
}
