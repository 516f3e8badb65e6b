/* fuzz_tls12_messages.c -- the TLS 1.2 message parsers, each written back and
 * compared byte for byte (none has optional parts the writers drop). First
 * byte, modulo 6: Certificate, ServerKeyExchange (ECDHE and DHE forms),
 * ClientKeyExchange (ECDHE, DHE and RSA forms), CertificateRequest,
 * NewSessionTicket, HelloRequest / ServerHelloDone. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The rewrite of body, as a whole message of the given type, must be body. */
static void same_body(writer *w, uint8_t type, const uint8_t *p, size_t n)
{
    reader body = fuzz_written_body(w, type);
    FUZZ_CHECK(fuzz_bytes_eq(reader_ptr(&body), reader_left(&body), p, n));
    writer_free(w);
}

static void fuzz_certificate12(const uint8_t *p, size_t n)
{
    certificate_msg cm;
    if (certificate12_parse(reader_of(p, n), &cm) != WARD_OK)
        return;
    FUZZ_CHECK(cm.n <= CERT_MAX_CHAIN && reader_empty(&cm.context));
    writer w;
    writer_init_dynamic(&w, 0);
    FUZZ_CHECK(certificate12_write(&w, cm.der, cm.der_len, cm.n) == WARD_OK);
    same_body(&w, HS_CERTIFICATE, p, n);
}

/* DHE: ServerDHParams (three u16-prefixed numbers) then the signature. */
static void fuzz_ske_dhe(const uint8_t *p, size_t n)
{
    server_dh_params dh;
    server_key_exchange ske;
    if (server_key_exchange_dhe_parse(reader_of(p, n), &dh, &ske) != WARD_OK)
        return;
    FUZZ_CHECK(ske.params == p && ske.params_len == 6 + dh.p_len + dh.g_len + dh.ys_len);
    FUZZ_CHECK(dh.p_len >= 1 && dh.g_len >= 1 && dh.ys_len >= 1 && ske.sig_len >= 1);
    writer w;
    writer_init_dynamic(&w, 0);
    FUZZ_CHECK(server_key_exchange_dhe_write(&w, &dh, ske.scheme, ske.sig, ske.sig_len) == WARD_OK);
    same_body(&w, HS_SERVER_KEY_EXCHANGE, p, n);
}

static void fuzz_ske(const uint8_t *p, size_t n)
{
    server_key_exchange ske;
    fuzz_ske_dhe(p, n);
    if (server_key_exchange_parse(reader_of(p, n), &ske) != WARD_OK)
        return;
    /* The signed part is the ServerECDHParams at the start of the body. */
    FUZZ_CHECK(ske.params == p && ske.params_len == 4 + ske.pub_len);
    FUZZ_CHECK(ske.pub_len >= 1 && ske.sig_len >= 1);
    writer w;
    writer_init_dynamic(&w, 0);
    FUZZ_CHECK(server_key_exchange_write(&w, ske.group, ske.pub, ske.pub_len, ske.scheme, ske.sig,
                                         ske.sig_len) == WARD_OK);
    same_body(&w, HS_SERVER_KEY_EXCHANGE, p, n);
}

/* DHE and RSA: a u16-prefixed value (RSA's may be empty, DHE's may not). */
static void fuzz_cke_u16(const uint8_t *p, size_t n)
{
    const uint8_t *v, *rsa;
    size_t len, rsa_len;
    bool dhe_ok = client_key_exchange_dhe_parse(reader_of(p, n), &v, &len) == WARD_OK;
    if (client_key_exchange_rsa_parse(reader_of(p, n), &rsa, &rsa_len) != WARD_OK) {
        FUZZ_CHECK(!dhe_ok);
        return;
    }
    FUZZ_CHECK(dhe_ok == (rsa_len > 0));
    if (rsa_len == 0)
        return;
    writer w;
    writer_init_dynamic(&w, 0);
    FUZZ_CHECK(client_key_exchange_u16_write(&w, rsa, rsa_len) == WARD_OK);
    same_body(&w, HS_CLIENT_KEY_EXCHANGE, p, n);
}

static void fuzz_cke(const uint8_t *p, size_t n)
{
    const uint8_t *pub;
    size_t len;
    fuzz_cke_u16(p, n);
    if (client_key_exchange_ecdhe_parse(reader_of(p, n), &pub, &len) != WARD_OK)
        return;
    writer w;
    writer_init_dynamic(&w, 0);
    FUZZ_CHECK(client_key_exchange_ecdhe_write(&w, pub, len) == WARD_OK);
    same_body(&w, HS_CLIENT_KEY_EXCHANGE, p, n);
}

static uint16_t sigalgs[0x8000];
static const uint8_t *ca_names[0x8000];
static size_t ca_lens[0x8000];

static void fuzz_cr12(const uint8_t *p, size_t n)
{
    certificate_request12 cr;
    if (certificate_request12_parse(reader_of(p, n), &cr) != WARD_OK)
        return;
    size_t n_sigalgs = 0, n_cas = 0;
    reader list = cr.sigalgs, cas = cr.cas, name;
    while (u16_list_next(&list, &sigalgs[n_sigalgs]))
        n_sigalgs++;
    while (reader_u16_prefixed(&cas, &name) == WARD_OK) {
        FUZZ_CHECK(n_cas < 0x8000);
        ca_names[n_cas] = reader_ptr(&name);
        ca_lens[n_cas++] = reader_left(&name);
    }
    FUZZ_CHECK(reader_empty(&cas));
    writer w;
    writer_init_dynamic(&w, 0);
    FUZZ_CHECK(certificate_request12_write(&w, reader_ptr(&cr.cert_types),
                                           reader_left(&cr.cert_types), sigalgs, n_sigalgs,
                                           ca_names, ca_lens, n_cas) == WARD_OK);
    same_body(&w, HS_CERTIFICATE_REQUEST, p, n);
}

static void fuzz_nst12(const uint8_t *p, size_t n)
{
    new_session_ticket12 nst;
    if (new_session_ticket12_parse(reader_of(p, n), &nst) != WARD_OK)
        return;
    writer w;
    writer_init_dynamic(&w, 0);
    FUZZ_CHECK(new_session_ticket12_write(&w, nst.lifetime_hint, reader_ptr(&nst.ticket),
                                          reader_left(&nst.ticket)) == WARD_OK);
    same_body(&w, HS_NEW_SESSION_TICKET, p, n);
}

static void empty_messages(uint8_t sel, const uint8_t *p, size_t n)
{
    int rc =
        (sel & 8) ? server_hello_done_parse(reader_of(p, n)) : hello_request_parse(reader_of(p, n));
    FUZZ_CHECK((rc == WARD_OK) == (n == 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t *p = data + 1;
    size_t n = size - 1;
    switch (data[0] % 6) {
    case 0: fuzz_certificate12(p, n); break;
    case 1: fuzz_ske(p, n); break;
    case 2: fuzz_cke(p, n); break;
    case 3: fuzz_cr12(p, n); break;
    case 4: fuzz_nst12(p, n); break;
    default: empty_messages(data[0], p, n); break;
    }
    return 0;
}
