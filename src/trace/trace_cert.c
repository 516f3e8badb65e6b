/* trace_cert.c -- Certificate, CertificateRequest and NewSessionTicket (the
 * TLS 1.2 key exchange messages are in trace_kx.c).
 *
 * The same message type has a TLS 1.2 and a TLS 1.3 layout, and the printer
 * does not know the version. Each message is therefore first walked silently
 * in its TLS 1.3 form; only when that consumes the body exactly is it printed
 * as TLS 1.3, otherwise as TLS 1.2.
 */
#include "trace/trace_internal.h"

#include "crypto/crypto.h"

static void trace_one_cert(FILE *f, size_t i, reader der)
{
    char subject[256], issuer[256], sigalg[64];
    tp_line(f, IND_SUB, "Certificate [%zu]: %zu bytes", i, reader_left(&der));
    if (cert_describe(reader_ptr(&der), reader_left(&der), subject, sizeof subject, issuer,
                      sizeof issuer, sigalg, sizeof sigalg) < 0) {
        tp_line(f, IND_SUB2, "[certificate does not parse]");
        return;
    }
    tp_line(f, IND_SUB2, "Subject: %s", subject);
    tp_line(f, IND_SUB2, "Issuer: %s", issuer);
    tp_line(f, IND_SUB2, "Signature Algorithm: %s", sigalg);
}

/* Silent walk of the extension block of a CertificateEntry or message. */
static bool exts_ok(reader *r)
{
    reader block, data;
    uint16_t type;
    if (reader_u16_prefixed(r, &block) < 0)
        return false;
    while (!reader_empty(&block))
        if (reader_u16(&block, &type) < 0 || reader_u16_prefixed(&block, &data) < 0)
            return false;
    return true;
}

static bool cert13_ok(reader body)
{
    reader ctx, list, der;
    if (reader_u8_prefixed(&body, &ctx) < 0 || reader_u24_prefixed(&body, &list) < 0 ||
        !reader_empty(&body))
        return false;
    while (!reader_empty(&list))
        if (reader_u24_prefixed(&list, &der) < 0 || !exts_ok(&list))
            return false;
    return true;
}

int trace_certificate(FILE *f, reader body)
{
    reader ctx, list, der;
    bool tls13 = cert13_ok(body);
    if (tls13) {
        TRY(reader_u8_prefixed(&body, &ctx));
        tp_line(f, IND_FIELD, "Certificate Request Context Length: %zu", reader_left(&ctx));
    }
    TRY(reader_u24_prefixed(&body, &list));
    TRY(reader_expect_empty(&body));
    tp_line(f, IND_FIELD, "Certificates Length: %zu", reader_left(&list));
    if (reader_empty(&list))
        tp_line(f, IND_SUB, "(no certificate)");
    for (size_t i = 1; !reader_empty(&list); i++) {
        TRY(reader_u24_prefixed(&list, &der));
        trace_one_cert(f, i, der);
        if (tls13) {
            reader exts;
            TRY(reader_u16_prefixed(&list, &exts));
            if (!reader_empty(&exts))
                tp_line(f, IND_SUB2, "Extensions Length: %zu", reader_left(&exts));
        }
    }
    return WARD_OK;
}

static bool cr13_ok(reader body)
{
    reader ctx;
    return reader_u8_prefixed(&body, &ctx) == WARD_OK && exts_ok(&body) && reader_empty(&body);
}

static int trace_certificate_request12(FILE *f, reader body)
{
    reader types, sigalgs, cas;
    uint8_t t;
    uint16_t s;
    TRY(reader_u8_prefixed(&body, &types));
    tline l;
    tl_begin(&l, f, IND_FIELD);
    tl_add(&l, "Certificate Types: ");
    while (!reader_empty(&types)) {
        TRY(reader_u8(&types, &t));
        tl_item(&l, "%s (%u)", t == 1 ? "RSA Sign" : t == 64 ? "ECDSA Sign" : "?", t);
    }
    tl_end(&l);
    TRY(reader_u16_prefixed(&body, &sigalgs));
    tl_begin(&l, f, IND_FIELD);
    l.cont_indent = IND_SUB2;
    tl_add(&l, "Signature Hash Algorithms: ");
    while (!reader_empty(&sigalgs)) {
        TRY(reader_u16(&sigalgs, &s));
        tl_item_code(&l, name_sigscheme(s), s);
    }
    tl_end(&l);
    TRY(reader_u16_prefixed(&body, &cas));
    tp_line(f, IND_FIELD, "Distinguished Names Length: %zu", reader_left(&cas));
    return reader_expect_empty(&body);
}

int trace_certificate_request(FILE *f, reader body)
{
    reader ctx;
    if (!cr13_ok(body))
        return trace_certificate_request12(f, body);
    TRY(reader_u8_prefixed(&body, &ctx));
    tp_line(f, IND_FIELD, "Certificate Request Context Length: %zu", reader_left(&ctx));
    return trace_extensions(f, &body, EXT_CTX_CERTIFICATE_REQUEST);
}

static bool nst13_ok(reader body)
{
    uint32_t lifetime, age_add;
    reader nonce, ticket;
    return reader_u32(&body, &lifetime) == WARD_OK && reader_u32(&body, &age_add) == WARD_OK &&
           reader_u8_prefixed(&body, &nonce) == WARD_OK &&
           reader_u16_prefixed(&body, &ticket) == WARD_OK && exts_ok(&body) && reader_empty(&body);
}

int trace_new_session_ticket(FILE *f, reader body)
{
    uint32_t lifetime, age_add;
    reader nonce, ticket;
    bool tls13 = nst13_ok(body);
    TRY(reader_u32(&body, &lifetime));
    tp_line(f, IND_FIELD, "Session Ticket Lifetime%s: %u seconds (%u h %u min)",
            tls13 ? "" : " Hint", lifetime, lifetime / 3600, lifetime / 60 % 60);
    tline l;
    if (tls13) {
        TRY(reader_u32(&body, &age_add));
        tp_line(f, IND_FIELD, "Session Ticket Age Add: %u", age_add);
        TRY(reader_u8_prefixed(&body, &nonce));
        tl_begin(&l, f, IND_FIELD);
        tl_add(&l, "Session Ticket Nonce Length: %zu", reader_left(&nonce));
        if (!reader_empty(&nonce)) {
            tl_add(&l, "  Nonce: ");
            tl_hex(&l, reader_ptr(&nonce), reader_left(&nonce), TRACE_HEX_MAX);
        }
        tl_end(&l);
    }
    TRY(reader_u16_prefixed(&body, &ticket));
    tl_begin(&l, f, IND_FIELD);
    tl_add(&l, "Session Ticket Length: %zu", reader_left(&ticket));
    if (!reader_empty(&ticket)) {
        tl_add(&l, "  Ticket: ");
        tl_hex(&l, reader_ptr(&ticket), reader_left(&ticket), 16);
    }
    tl_end(&l);
    if (tls13)
        return trace_extensions(f, &body, EXT_CTX_NEW_SESSION_TICKET);
    return reader_expect_empty(&body);
}
