/* hostile_test.c -- the hostile-input catalogue: one table of bad input to
 * ward's client and server, TLS 1.2 and TLS 1.3.
 *
 * Each row names the version and the role of the victim, the stage of a real
 * in-memory handshake where the bad bytes are delivered, the mutation that
 * makes them, the exact error the victim must return and the exact alert it
 * must send (-1: none). The runner (tests/support/hostile.c) checks that the
 * alert is what the victim sent, that a real ward peer fed it reports it, and
 * that the victim stays dead; under ASan and valgrind nothing may leak.
 * Controls (a result >= 0) show the interception itself changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conn.h"
#include "hostile.h"
#include "hs/tls12.h"
#include "msg/ext.h"

#define OK(x) assert_int_equal((x), WARD_OK)

/* ---- helpers shared by the mutations ---------------------------------------- */

static void identity(hctx *x, flight *f)
{
    (void)x;
    (void)f;
}

static item *msg_of(flight *f, uint8_t hs)
{
    return &f->it[flight_find(f, hs)];
}

static void cut_last(flight *f, uint8_t hs, size_t n)
{
    item *it = msg_of(f, hs);
    assert_true(it->len >= n);
    it->len -= n;
}

static void add_byte(flight *f, uint8_t hs)
{
    item *it = msg_of(f, hs);
    uint8_t *p = malloc(it->len + 1);
    assert_non_null(p);
    memcpy(p, it->data, it->len);
    p[it->len] = 0;
    item_set(it, p, it->len + 1);
    free(p);
}

static void move_before(flight *f, uint8_t hs, uint8_t before)
{
    size_t from = flight_find(f, hs);
    item moved = f->it[from];
    memmove(&f->it[from], &f->it[from + 1], (f->n - from - 1) * sizeof f->it[0]);
    f->n--;
    size_t at = flight_find(f, before);
    memmove(&f->it[at + 1], &f->it[at], (f->n - at) * sizeof f->it[0]);
    f->it[at] = moved;
    f->n++;
}

/* Inserts a record sealed like its neighbours (TLS 1.3: under the flight's
 * keys; TLS 1.2: under the sender's, so only after what it sent). */
static item *insert_prot(flight *f, size_t at, uint8_t ct, bool raw, uint8_t hs, const void *data,
                         size_t len)
{
    item *it = flight_insert(f, at, ct, raw, hs, data, len);
    it->prot = true;
    return it;
}

/* The message of the type with an empty body (its header says 0 bytes). */
static void empty_body(flight *f, uint8_t hs)
{
    msg_of(f, hs)->len = 0;
}

static void ske_empty(hctx *x, flight *f)
{
    (void)x;
    empty_body(f, HS_SERVER_KEY_EXCHANGE);
}

static void ee_empty(hctx *x, flight *f)
{
    (void)x;
    empty_body(f, HS_ENCRYPTED_EXTENSIONS);
}

static void cv_empty(hctx *x, flight *f)
{
    (void)x;
    empty_body(f, HS_CERTIFICATE_VERIFY);
}

static void finished_empty(hctx *x, flight *f)
{
    (void)x;
    empty_body(f, HS_FINISHED);
}

/* Replaces the whole flight by bytes that go on the wire as they are. */
static void replace_verbatim(flight *f, const void *bytes, size_t n)
{
    flight_free(f);
    flight_insert(f, 0, 0, true, 0, bytes, n)->verbatim = true;
}

/* A handshake message as a raw record fragment: header, body, then extra. */
static void msg_make_raw(item *it, const uint8_t *extra, size_t extra_len)
{
    writer w;
    writer_init_dynamic(&w, 0);
    writer_u8(&w, it->hs);
    writer_u24(&w, (uint32_t)it->len);
    writer_bytes(&w, it->data, it->len);
    writer_bytes(&w, extra, extra_len);
    OK(writer_finish(&w));
    item_set(it, w.p, w.len);
    it->raw = true;
    writer_free(&w);
}

/* Splits message i into two records, its first half and the rest (sealed as it
 * was); returns the index of the second. */
static size_t msg_halves(flight *f, size_t i)
{
    item *it = &f->it[i];
    msg_make_raw(it, NULL, 0);
    size_t half = it->len / 2;
    item *rest =
        flight_insert(f, i + 1, CT_HANDSHAKE, true, 0, f->it[i].data + half, f->it[i].len - half);
    rest->prot = f->it[i].prot;
    f->it[i].len = half;
    return i + 1;
}

/* Appends an extension to the u16-prefixed extension block at offset off of
 * it's body, which must end the body. */
static void block_add_ext(item *it, size_t off, uint16_t type, const void *data, size_t len)
{
    assert_true(it->len >= off + 2);
    size_t block = (size_t)it->data[off] << 8 | it->data[off + 1];
    assert_int_equal(off + 2 + block, it->len);
    writer w;
    writer_init_dynamic(&w, 0);
    writer_bytes(&w, it->data, off);
    writer_u16(&w, (uint16_t)(block + 4 + len));
    writer_bytes(&w, it->data + off + 2, block);
    writer_u16(&w, type);
    writer_u16(&w, (uint16_t)len);
    writer_bytes(&w, data, len);
    OK(writer_finish(&w));
    item_set(it, w.p, w.len);
    writer_free(&w);
}

/* A PKI's chain as DER (the caller frees ch.chain). */
typedef struct chain_der {
    cert_chain *chain;
    const uint8_t *der[CERT_MAX_CHAIN];
    size_t len[CERT_MAX_CHAIN], n;
} chain_der;

static void chain_der_load(chain_der *ch, const test_pki *pki)
{
    OK(cert_chain_from_pem(pki->chain_pem, strlen(pki->chain_pem), &ch->chain));
    ch->n = cert_chain_count(ch->chain);
    for (size_t i = 0; i < ch->n; i++)
        ch->der[i] = cert_chain_der(ch->chain, i, &ch->len[i]);
}

/* ---- both versions: raw records before the first ClientHello ------------- */

static void http_request(hctx *x, flight *f)
{
    (void)x;
    static const char http[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    replace_verbatim(f, http, sizeof http - 1);
}

/* RFC 8446 5.1: a plaintext fragment is at most 2^14 bytes. */
static void record_2_14_plus_1(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t hdr[] = {22, 3, 3, 0x40, 0x01};
    replace_verbatim(f, hdr, sizeof hdr);
}

static void finished_first(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t verify[32] = {0};
    flight_free(f);
    flight_insert(f, 0, CT_HANDSHAKE, false, HS_FINISHED, verify, sizeof verify);
}

static void empty_record_first(hctx *x, flight *f)
{
    (void)x;
    flight_insert(f, 0, CT_HANDSHAKE, true, 0, NULL, 0)->rec_version = 0x0301;
}

static void ccs_first(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t one = 1;
    flight_insert(f, 0, CT_CHANGE_CIPHER_SPEC, true, 0, &one, 1);
}

static void alert_level_7_first(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t alert[] = {7, ALERT_HANDSHAKE_FAILURE};
    flight_insert(f, 0, CT_ALERT, true, 0, alert, sizeof alert);
}

/* ---- TLS 1.2: framing ------------------------------------------------------ */

static void sh_cut_one(hctx *x, flight *f)
{
    (void)x;
    cut_last(f, HS_SERVER_HELLO, 1);
}

static void sh_cut_in_random(hctx *x, flight *f)
{
    (void)x;
    size_t i = flight_find(f, HS_SERVER_HELLO);
    f->it[i].len = 10;
}

static void cert_cut_one(hctx *x, flight *f)
{
    (void)x;
    cut_last(f, HS_CERTIFICATE, 1);
}

static void ske_cut_one(hctx *x, flight *f)
{
    (void)x;
    cut_last(f, HS_SERVER_KEY_EXCHANGE, 1);
}

/* ServerHelloDone cut inside its 4-byte header: a partial message. */
static void shd_cut_header(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t partial[] = {HS_SERVER_HELLO_DONE, 0, 0};
    size_t i = flight_find(f, HS_SERVER_HELLO_DONE);
    flight_remove(f, i);
    flight_insert(f, i, CT_HANDSHAKE, true, 0, partial, sizeof partial);
}

static void shd_cut_header_then_ccs(hctx *x, flight *f)
{
    static const uint8_t one = 1;
    shd_cut_header(x, f);
    flight_insert(f, f->n, CT_CHANGE_CIPHER_SPEC, true, 0, &one, 1);
}

/* certificate_list<0..2^24-1> claims one byte more than the message holds. */
static void cert_list_overlong(hctx *x, flight *f)
{
    (void)x;
    item *it = &f->it[flight_find(f, HS_CERTIFICATE)];
    assert_true(it->len > 3);
    uint32_t n = (uint32_t)it->data[0] << 16 | (uint32_t)it->data[1] << 8 | it->data[2];
    n++;
    it->data[0] = (uint8_t)(n >> 16);
    it->data[1] = (uint8_t)(n >> 8);
    it->data[2] = (uint8_t)n;
}

/* ECPoint public<1..2^8-1> of the ServerKeyExchange claims one byte more. */
static void ske_point_overlong(hctx *x, flight *f)
{
    (void)x;
    item *it = &f->it[flight_find(f, HS_SERVER_KEY_EXCHANGE)];
    it->data[3]++;
}

static void ske_trailing(hctx *x, flight *f)
{
    (void)x;
    add_byte(f, HS_SERVER_KEY_EXCHANGE);
}

static void shd_with_body(hctx *x, flight *f)
{
    (void)x;
    add_byte(f, HS_SERVER_HELLO_DONE);
}

/* The message header says 0 bytes while the record carries one: the byte is
 * the start of a next message that never completes, then a ChangeCipherSpec. */
static void shd_header_short(hctx *x, flight *f)
{
    (void)x;
    add_byte(f, HS_SERVER_HELLO_DONE);
    item *it = &f->it[flight_find(f, HS_SERVER_HELLO_DONE)];
    it->len_forced = true;
    it->len_field = 0;
}

static void sh_trailing(hctx *x, flight *f)
{
    (void)x;
    add_byte(f, HS_SERVER_HELLO);
}

/* ---- TLS 1.2: order -------------------------------------------------------- */

static void shd_before_ske(hctx *x, flight *f)
{
    (void)x;
    move_before(f, HS_SERVER_HELLO_DONE, HS_SERVER_KEY_EXCHANGE);
}

static void drop_cert(hctx *x, flight *f)
{
    (void)x;
    flight_remove(f, flight_find(f, HS_CERTIFICATE));
}

static void ske_twice(hctx *x, flight *f)
{
    (void)x;
    size_t i = flight_find(f, HS_SERVER_KEY_EXCHANGE);
    flight_insert(f, i + 1, CT_HANDSHAKE, false, HS_SERVER_KEY_EXCHANGE, f->it[i].data,
                  f->it[i].len);
}

static const uint8_t cr12_body[] = {2, 1, 64, 0, 2, 0x04, 0x03, 0, 0};

static void cr_after_shd(hctx *x, flight *f)
{
    (void)x;
    flight_insert(f, flight_find(f, HS_SERVER_HELLO_DONE) + 1, CT_HANDSHAKE, false,
                  HS_CERTIFICATE_REQUEST, cr12_body, sizeof cr12_body);
}

static void ee_after_sh(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t empty_exts[] = {0, 0};
    flight_insert(f, flight_find(f, HS_SERVER_HELLO) + 1, CT_HANDSHAKE, false,
                  HS_ENCRYPTED_EXTENSIONS, empty_exts, sizeof empty_exts);
}

static void ccs_before_shd(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t one = 1;
    flight_insert(f, flight_find(f, HS_SERVER_HELLO_DONE), CT_CHANGE_CIPHER_SPEC, true, 0, &one, 1);
}

/* RFC 5246 7.4.1.1: a HelloRequest while a handshake is under way is ignored
 * (and is never part of the transcript). */
static void hello_request_mid_flight(hctx *x, flight *f)
{
    (void)x;
    flight_insert(f, flight_find(f, HS_SERVER_KEY_EXCHANGE), CT_HANDSHAKE, false, HS_HELLO_REQUEST,
                  NULL, 0);
}

static void empty_handshake_record(hctx *x, flight *f)
{
    (void)x;
    flight_insert(f, flight_find(f, HS_SERVER_HELLO_DONE), CT_HANDSHAKE, true, 0, NULL, 0);
}

/* Nine warning alerts (no_renegotiation) in the middle of the flight. */
static void warning_flood(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t warning[] = {ALERT_LEVEL_WARNING, ALERT_NO_RENEGOTIATION};
    for (int i = 0; i < CONN_MAX_WARNINGS + 1; i++)
        flight_insert(f, flight_find(f, HS_SERVER_HELLO_DONE), CT_ALERT, true, 0, warning,
                      sizeof warning);
}

/* A chain that does not lead to the peer's trust anchor (the other test
 * PKI's CA signs it), as a TLS 1.2 Certificate body. */
static void foreign_chain_body(hctx *x, item *it)
{
    chain_der ch;
    chain_der_load(&ch, x->other_pki);
    writer w;
    writer_init_dynamic(&w, 0);
    OK(certificate12_write(&w, ch.der, ch.len, ch.n));
    item_set(it, w.p + HS_HEADER_LEN, w.len - HS_HEADER_LEN);
    writer_free(&w);
    cert_chain_free(ch.chain);
}

/* Certificate empty, or from a CA the client does not trust. */
static void cert_empty(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t none[] = {0, 0, 0};
    item_set(&f->it[flight_find(f, HS_CERTIFICATE)], none, sizeof none);
}

static void cert_foreign(hctx *x, flight *f)
{
    foreign_chain_body(x, &f->it[flight_find(f, HS_CERTIFICATE)]);
}

/* ---- TLS 1.2: ServerKeyExchange, re-signed with the server's key ---------- */

typedef struct ske_fields {
    uint8_t curve_type;
    uint16_t group;
    uint8_t point[256];
    size_t point_len;
    uint16_t scheme;
} ske_fields;

static void ske_read(const flight *f, ske_fields *s)
{
    const item *it = &f->it[flight_find(f, HS_SERVER_KEY_EXCHANGE)];
    reader r = reader_of(it->data, it->len), v;
    OK(reader_u8(&r, &s->curve_type));
    OK(reader_u16(&r, &s->group));
    OK(reader_u8_prefixed(&r, &v));
    s->point_len = reader_left(&v);
    OK(reader_copy(&v, s->point, s->point_len));
    OK(reader_u16(&r, &s->scheme));
}

/* Writes a ServerKeyExchange with these fields, validly signed over both
 * randoms and the params, so that only the field under test is wrong. */
static void ske_write(hctx *x, flight *f, const ske_fields *s)
{
    writer params, content, body;
    writer_init_dynamic(&params, 0);
    writer_u8(&params, s->curve_type);
    writer_u16(&params, s->group);
    writer_u8(&params, (uint8_t)s->point_len);
    writer_bytes(&params, s->point, s->point_len);
    OK(writer_finish(&params));
    writer_init_dynamic(&content, 0);
    writer_bytes(&content, x->c->client_random, 32);
    writer_bytes(&content, x->server_random, 32);
    writer_bytes(&content, params.p, params.len);
    OK(writer_finish(&content));
    uint8_t sig[CRYPTO_MAX_SIG];
    size_t sig_len;
    OK(sig_sign(x->scfg->certs[0].key, s->scheme, content.p, content.len, sig, sizeof sig,
                &sig_len));
    writer_init_dynamic(&body, 0);
    writer_bytes(&body, params.p, params.len);
    writer_u16(&body, s->scheme);
    writer_u16(&body, (uint16_t)sig_len);
    writer_bytes(&body, sig, sig_len);
    OK(writer_finish(&body));
    item_set(&f->it[flight_find(f, HS_SERVER_KEY_EXCHANGE)], body.p, body.len);
    writer_free(&params);
    writer_free(&content);
    writer_free(&body);
}

static void ske_resigned(hctx *x, flight *f)
{
    ske_fields s;
    ske_read(f, &s);
    ske_write(x, f, &s);
}

static void ske_curve_type_explicit(hctx *x, flight *f)
{
    ske_fields s;
    ske_read(f, &s);
    s.curve_type = 1; /* explicit_prime */
    ske_write(x, f, &s);
}

/* secp384r1 with a valid point, to a client that offered x25519 and P-256. */
static void ske_group_not_offered(hctx *x, flight *f)
{
    ske_fields s;
    ske_read(f, &s);
    kx_key *k;
    OK(kx_generate(GROUP_SECP384R1, &k));
    OK(kx_public(k, s.point, sizeof s.point, &s.point_len));
    kx_free(k);
    s.group = GROUP_SECP384R1;
    ske_write(x, f, &s);
}

static void ske_point_short(hctx *x, flight *f)
{
    ske_fields s;
    ske_read(f, &s);
    assert_int_equal(s.group, GROUP_X25519);
    s.point_len = 31;
    ske_write(x, f, &s);
}

/* 0x04 || x=1 || y=1 is not on P-256. */
static void off_curve_p256(uint8_t *p, size_t *len)
{
    memset(p, 0, 65);
    p[0] = 0x04;
    p[32] = 1;
    p[64] = 1;
    *len = 65;
}

static void ske_point_off_curve(hctx *x, flight *f)
{
    ske_fields s;
    ske_read(f, &s);
    s.group = GROUP_SECP256R1;
    off_curve_p256(s.point, &s.point_len);
    ske_write(x, f, &s);
}

static void ske_bad_signature(hctx *x, flight *f)
{
    (void)x;
    item *it = &f->it[flight_find(f, HS_SERVER_KEY_EXCHANGE)];
    it->data[it->len - 10] ^= 0x01; /* inside the ECDSA s value */
}

/* rsa_pkcs1_sha512 fits the RSA key and TLS 1.2, but this client did not
 * offer it. */
static void ske_scheme_not_offered(hctx *x, flight *f)
{
    ske_fields s;
    ske_read(f, &s);
    s.scheme = SIG_RSA_PKCS1_SHA512;
    ske_write(x, f, &s);
}

/* ---- TLS 1.2: ServerHello --------------------------------------------------- */

static void sh_edit(flight *f, void (*edit)(hello *h))
{
    item *it = &f->it[flight_find(f, HS_SERVER_HELLO)];
    hello h;
    hello_parse(it, &h);
    edit(&h);
    hello_write(&h, it);
}

static void edit_none(hello *h)
{
    (void)h;
}
static void edit_suite_not_offered(hello *h)
{
    h->suite = SUITE_ECDHE_ECDSA_AES_256_GCM_SHA384;
}
static void edit_suite_tls13(hello *h)
{
    h->suite = SUITE_TLS_AES_128_GCM_SHA256;
}
static void edit_compression(hello *h)
{
    h->compression = 1;
}
static void edit_reneg_info(hello *h)
{
    uint8_t data[25] = {24};
    memset(data + 1, 0x5a, 24);
    hello_ext_put(h, EXT_RENEGOTIATION_INFO, data, sizeof data);
}
static void edit_alpn_h2(hello *h)
{
    static const uint8_t alpn[] = {0, 3, 2, 'h', '2'};
    hello_ext_put(h, EXT_ALPN, alpn, sizeof alpn);
}
static void edit_alpn_other(hello *h)
{
    static const uint8_t alpn[] = {0, 9, 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    hello_ext_put(h, EXT_ALPN, alpn, sizeof alpn);
}
static void edit_point_formats(hello *h)
{
    static const uint8_t compressed_only[] = {1, 1}; /* ansiX962_compressed_prime */
    hello_ext_put(h, EXT_EC_POINT_FORMATS, compressed_only, sizeof compressed_only);
}
static void edit_version_tls11(hello *h)
{
    h->version = 0x0302;
}
static void edit_sentinel(hello *h)
{
    memcpy(h->random + 24, TLS12_DOWNGRADE_SENTINEL, 8);
}
static void edit_dup_ext(hello *h)
{
    assert_true(h->n_exts > 0 && h->n_exts < HELLO_MAX_EXTS);
    h->exts[h->n_exts] = h->exts[0];
    h->n_exts++;
}
static void edit_ems_with_body(hello *h)
{
    static const uint8_t one = 1;
    hello_ext_put(h, EXT_EXTENDED_MASTER_SECRET, &one, 1);
}
static void edit_suite_ecdsa(hello *h)
{
    h->suite = SUITE_ECDHE_ECDSA_AES_128_GCM_SHA256;
}
static void edit_trailing(hello *h)
{
    h->trailing = true;
}

#define SH_MUTATOR(name, edit)                                                                     \
    static void name(hctx *x, flight *f)                                                           \
    {                                                                                              \
        (void)x;                                                                                   \
        sh_edit(f, edit);                                                                          \
    }

SH_MUTATOR(sh_same, edit_none)
SH_MUTATOR(sh_suite_not_offered, edit_suite_not_offered)
SH_MUTATOR(sh_suite_tls13, edit_suite_tls13)
SH_MUTATOR(sh_compression, edit_compression)
SH_MUTATOR(sh_reneg_info, edit_reneg_info)
SH_MUTATOR(sh_alpn_unsolicited, edit_alpn_h2)
SH_MUTATOR(sh_alpn_not_offered, edit_alpn_other)
SH_MUTATOR(sh_point_formats, edit_point_formats)
SH_MUTATOR(sh_version_tls11, edit_version_tls11)
SH_MUTATOR(sh_sentinel, edit_sentinel)
SH_MUTATOR(sh_dup_ext, edit_dup_ext)
SH_MUTATOR(sh_ems_with_body, edit_ems_with_body)
SH_MUTATOR(sh_suite_ecdsa, edit_suite_ecdsa)

/* ---- TLS 1.2: the server's CCS + Finished ---------------------------------- */

static void ccs_value_2(hctx *x, flight *f)
{
    (void)x;
    f->it[flight_find_ct(f, CT_CHANGE_CIPHER_SPEC)].data[0] = 2;
}

/* Replaces ChangeCipherSpec and the protected Finished by a plaintext one. */
static void finished_in_clear(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t verify[12] = {0};
    size_t i = flight_find_ct(f, CT_CHANGE_CIPHER_SPEC);
    while (f->n > i)
        flight_remove(f, i);
    flight_insert(f, i, CT_HANDSHAKE, false, HS_FINISHED, verify, sizeof verify);
}

/* The client's master secret is spoiled after its record keys were made from
 * it: the server's Finished decrypts but does not verify. */
static void spoil_client_master(hctx *x, flight *f)
{
    (void)f;
    x->c->master[0] ^= 1;
}

/* The last byte of the last record's tag: flipped in the ciphertext as sent
 * (TLS 1.2), or after sealing again (TLS 1.3). */
static void flip_last_record(hctx *x, flight *f)
{
    (void)x;
    item *it = &f->it[f->n - 1];
    if (it->prot) {
        it->flip_last = true;
        return;
    }
    assert_true(it->raw && it->len > 16);
    it->data[it->len - 1] ^= 0x80;
}

static void nst_unannounced(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t nst[] = {0, 0, 0x1c, 0x20, 0, 0}; /* lifetime, empty ticket */
    flight_insert(f, 0, CT_HANDSHAKE, false, HS_NEW_SESSION_TICKET, nst, sizeof nst);
}

/* RFC 5077 3.3: a server that sent session_ticket in its ServerHello must send
 * NewSessionTicket (possibly empty) before its ChangeCipherSpec. ward's server
 * never promises one and altering the ServerHello would break the transcript,
 * so the client is told it was promised one, as that extension would. */
static void nst_promised_not_sent(hctx *x, flight *f)
{
    /* ward's server promises and sends a ticket; drop it (the client was told
     * to expect one whether or not the flight still had it). */
    for (size_t i = 0; i < f->n; i++)
        if (!f->it[i].raw && f->it[i].hs == HS_NEW_SESSION_TICKET) {
            flight_remove(f, i);
            break;
        }
    x->c->expect_nst = true;
}

static void ccs_twice(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t one = 1;
    flight_insert(f, flight_find_ct(f, CT_CHANGE_CIPHER_SPEC), CT_CHANGE_CIPHER_SPEC, true, 0, &one,
                  1);
}

/* ---- TLS 1.2: the ClientHello ----------------------------------------------- */

static void ch_edit(flight *f, void (*edit)(hello *h))
{
    item *it = &f->it[flight_find(f, HS_CLIENT_HELLO)];
    hello h;
    hello_parse(it, &h);
    edit(&h);
    hello_write(&h, it);
}

static void edit_ch_reneg_info(hello *h)
{
    uint8_t data[13] = {12};
    memset(data + 1, 0xa5, 12);
    hello_ext_put(h, EXT_RENEGOTIATION_INFO, data, sizeof data);
}
static void edit_ch_deflate_only(hello *h)
{
    h->comps[0] = 1;
    h->comps_len = 1;
}
static void edit_ch_no_sigalgs(hello *h)
{
    hello_ext_del(h, EXT_SIGNATURE_ALGORITHMS);
}
/* Only suites ward does not implement: ECDHE_ECDSA_WITH_AES_128_CBC_SHA and
 * ECDHE_RSA_WITH_AES_128_CBC_SHA, plus the renegotiation SCSV. */
static void edit_ch_cbc_only(hello *h)
{
    static const uint8_t suites[] = {0xc0, 0x09, 0xc0, 0x13, 0x00, 0xff};
    memcpy(h->suites, suites, sizeof suites);
    h->suites_len = sizeof suites;
}
static void edit_ch_point_formats(hello *h)
{
    static const uint8_t compressed_only[] = {1, 1};
    hello_ext_put(h, EXT_EC_POINT_FORMATS, compressed_only, sizeof compressed_only);
}
static void edit_ch_secp521r1_only(hello *h)
{
    static const uint8_t groups[] = {0, 2, 0, 0x19};
    hello_ext_put(h, EXT_SUPPORTED_GROUPS, groups, sizeof groups);
}
static void edit_ch_tls11(hello *h)
{
    h->version = 0x0302;
    hello_ext_del(h, EXT_SUPPORTED_VERSIONS);
}
/* RFC 8422 5.1.2: the client's suites are ECDSA-only; ward's RSA server has no
 * certificate for them. */
static void edit_ch_ecdsa_only(hello *h)
{
    static const uint8_t suites[] = {0xc0, 0x2b, 0xc0, 0x2c, 0xcc, 0xa9};
    memcpy(h->suites, suites, sizeof suites);
    h->suites_len = sizeof suites;
}

#define CH_MUTATOR(name, edit)                                                                     \
    static void name(hctx *x, flight *f)                                                           \
    {                                                                                              \
        (void)x;                                                                                   \
        ch_edit(f, edit);                                                                          \
    }

CH_MUTATOR(ch_same, edit_none)
CH_MUTATOR(ch_reneg_info, edit_ch_reneg_info)
CH_MUTATOR(ch_deflate_only, edit_ch_deflate_only)
CH_MUTATOR(ch_no_sigalgs, edit_ch_no_sigalgs)
CH_MUTATOR(ch_cbc_only, edit_ch_cbc_only)
CH_MUTATOR(ch_point_formats, edit_ch_point_formats)
CH_MUTATOR(ch_secp521r1_only, edit_ch_secp521r1_only)
CH_MUTATOR(ch_tls11, edit_ch_tls11)
CH_MUTATOR(ch_trailing, edit_trailing)
CH_MUTATOR(ch_ecdsa_only, edit_ch_ecdsa_only)

/* ---- TLS 1.2: the client's second flight ----------------------------------- */

static void cke_set(flight *f, const uint8_t *body, size_t len)
{
    item_set(&f->it[flight_find(f, HS_CLIENT_KEY_EXCHANGE)], body, len);
}

static void cke_empty(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t empty[] = {0};
    cke_set(f, empty, sizeof empty);
}

/* An all-zero X25519 value: a small-order point, all-zero shared secret. */
static void cke_x25519_zero(hctx *x, flight *f)
{
    (void)x;
    uint8_t body[33] = {32};
    cke_set(f, body, sizeof body);
}

static void cke_off_curve(hctx *x, flight *f)
{
    (void)x;
    uint8_t body[66];
    size_t len;
    off_curve_p256(body + 1, &len);
    body[0] = (uint8_t)len;
    cke_set(f, body, len + 1);
}

static void cke_trailing(hctx *x, flight *f)
{
    (void)x;
    add_byte(f, HS_CLIENT_KEY_EXCHANGE);
}

static void cke_cut_one(hctx *x, flight *f)
{
    (void)x;
    cut_last(f, HS_CLIENT_KEY_EXCHANGE, 1);
}

static void cv_after_cke(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t cv[] = {0x04, 0x03, 0, 4, 0x30, 0x02, 0x02, 0x00};
    flight_insert(f, flight_find(f, HS_CLIENT_KEY_EXCHANGE) + 1, CT_HANDSHAKE, false,
                  HS_CERTIFICATE_VERIFY, cv, sizeof cv);
}

/* The server's own chain, sent back as the client's (never requested). */
static void cert_unrequested(hctx *x, flight *f)
{
    assert_true(x->cert_len > 0);
    flight_insert(f, flight_find(f, HS_CLIENT_KEY_EXCHANGE), CT_HANDSHAKE, false, HS_CERTIFICATE,
                  x->cert, x->cert_len);
}

static void second_client_hello(hctx *x, flight *f)
{
    assert_true(x->ch_len > 0);
    flight_insert(f, flight_find(f, HS_CLIENT_KEY_EXCHANGE), CT_HANDSHAKE, false, HS_CLIENT_HELLO,
                  x->ch, x->ch_len);
}

static void client_cert_foreign(hctx *x, flight *f)
{
    foreign_chain_body(x, &f->it[flight_find(f, HS_CERTIFICATE)]);
}

/* The first half of ClientKeyExchange, the ChangeCipherSpec, then the rest:
 * RFC 5246 7.1 puts the CCS between whole messages only. */
static void cke_split_around_ccs(hctx *x, flight *f)
{
    (void)x;
    size_t i = flight_find(f, HS_CLIENT_KEY_EXCHANGE);
    item *it = &f->it[i];
    uint8_t msg[HS_HEADER_LEN + 256];
    assert_true(it->len <= 256);
    msg[0] = HS_CLIENT_KEY_EXCHANGE;
    msg[1] = 0;
    msg[2] = (uint8_t)(it->len >> 8);
    msg[3] = (uint8_t)it->len;
    memcpy(msg + HS_HEADER_LEN, it->data, it->len);
    size_t half = (HS_HEADER_LEN + it->len) / 2, total = HS_HEADER_LEN + it->len;
    flight_remove(f, i);
    flight_insert(f, i, CT_HANDSHAKE, true, 0, msg, half);
    size_t ccs = flight_find_ct(f, CT_CHANGE_CIPHER_SPEC);
    flight_insert(f, ccs + 1, CT_HANDSHAKE, true, 0, msg + half, total - half);
}

static void cv_bad_signature(hctx *x, flight *f)
{
    (void)x;
    item *it = &f->it[flight_find(f, HS_CERTIFICATE_VERIFY)];
    it->data[it->len - 10] ^= 0x01;
}

/* ecdsa_secp521r1_sha512 is not in the server's CertificateRequest. */
static void cv_scheme_not_offered(hctx *x, flight *f)
{
    (void)x;
    item *it = &f->it[flight_find(f, HS_CERTIFICATE_VERIFY)];
    it->data[0] = 0x06;
    it->data[1] = 0x03;
}

static void ccs_before_cke(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t one = 1;
    size_t ccs = flight_find_ct(f, CT_CHANGE_CIPHER_SPEC);
    flight_remove(f, ccs);
    flight_insert(f, flight_find(f, HS_CLIENT_KEY_EXCHANGE), CT_CHANGE_CIPHER_SPEC, true, 0, &one,
                  1);
}

static void drop_cke(hctx *x, flight *f)
{
    (void)x;
    flight_remove(f, flight_find(f, HS_CLIENT_KEY_EXCHANGE));
}

static void drop_cv(hctx *x, flight *f)
{
    (void)x;
    flight_remove(f, flight_find(f, HS_CERTIFICATE_VERIFY));
}

/* Deliver everything up to the client's Finished, then spoil the server's
 * master secret (its read keys already made from it). */
static void split_before_finished(hctx *x, flight *f)
{
    x->split = flight_find_ct(f, CT_CHANGE_CIPHER_SPEC) + 1;
}

static void spoil_server_master(hctx *x)
{
    x->s->master[0] ^= 1;
}

/* ---- TLS 1.3: the ClientHello ------------------------------------------------- */

/* key_share (ClientHello): client_shares with one entry. */
static void ks_one(hello *h, uint16_t group, const uint8_t *key, size_t len)
{
    uint8_t body[6 + 256];
    writer w;
    writer_init_fixed(&w, body, sizeof body);
    writer_u16(&w, (uint16_t)(4 + len));
    writer_u16(&w, group);
    writer_u16(&w, (uint16_t)len);
    writer_bytes(&w, key, len);
    OK(writer_finish(&w));
    hello_ext_put(h, EXT_KEY_SHARE, body, w.len);
}

static void x25519_key(uint8_t key[33])
{
    memset(key, 9, 33);
}

static void edit13_dup_key_share(hello *h)
{
    ext *e = hello_ext(h, EXT_KEY_SHARE);
    assert_non_null(e);
    hello_ext_add(h, EXT_KEY_SHARE, e->data, e->len);
}
/* An all-zero X25519 public value gives an all-zero secret (RFC 7748 6.1). */
static void edit13_x25519_zero(hello *h)
{
    static const uint8_t zero[32] = {0};
    ks_one(h, GROUP_X25519, zero, sizeof zero);
}
static void edit13_x25519_31(hello *h)
{
    uint8_t key[33];
    x25519_key(key);
    ks_one(h, GROUP_X25519, key, 31);
}
static void edit13_x25519_33(hello *h)
{
    uint8_t key[33];
    x25519_key(key);
    ks_one(h, GROUP_X25519, key, 33);
}
static void edit13_p256_off_curve(hello *h)
{
    uint8_t key[65];
    size_t len;
    off_curve_p256(key, &len);
    ks_one(h, GROUP_SECP256R1, key, len);
}
/* RFC 8446 4.2.8.2: only the uncompressed form; a compressed point is 33 bytes. */
static void edit13_p256_compressed(hello *h)
{
    uint8_t key[33];
    x25519_key(key);
    key[0] = 0x02;
    ks_one(h, GROUP_SECP256R1, key, sizeof key);
}
static void edit13_share_empty_key(hello *h)
{
    static const uint8_t body[] = {0, 4, 0, 0x1d, 0, 0};
    hello_ext_put(h, EXT_KEY_SHARE, body, sizeof body);
}
/* A P-256 share when supported_groups lists X25519 only. */
static void edit13_share_not_in_groups(hello *h)
{
    static const uint8_t groups[] = {0, 2, 0, 0x1d};
    hello_ext_put(h, EXT_SUPPORTED_GROUPS, groups, sizeof groups);
    edit13_p256_off_curve(h);
}
static void edit13_share_group_twice(hello *h)
{
    uint8_t body[2 + 2 * 36];
    writer w;
    writer_init_fixed(&w, body, sizeof body);
    writer_u16(&w, 2 * 36);
    for (int i = 0; i < 2; i++) {
        writer_u16(&w, GROUP_X25519);
        writer_u16(&w, 32);
        writer_zeros(&w, 31);
        writer_u8(&w, (uint8_t)(9 + i));
    }
    OK(writer_finish(&w));
    hello_ext_put(h, EXT_KEY_SHARE, body, w.len);
}
static void edit13_no_key_share(hello *h)
{
    hello_ext_del(h, EXT_KEY_SHARE);
}
/* RFC 8446 4.2.8: client_shares may be empty, to ask for a HelloRetryRequest. */
static void edit13_no_shares(hello *h)
{
    static const uint8_t body[] = {0, 0};
    hello_ext_put(h, EXT_KEY_SHARE, body, sizeof body);
}
/* secp521r1 only, with a share for it: no group in common. */
static void edit13_no_common_group(hello *h)
{
    static const uint8_t groups[] = {0, 2, 0, 0x19};
    uint8_t key[133];
    memset(key, 4, sizeof key);
    hello_ext_put(h, EXT_SUPPORTED_GROUPS, groups, sizeof groups);
    ks_one(h, 0x0019, key, sizeof key);
}
static void set_versions(hello *h, const uint8_t *body, size_t len)
{
    hello_ext_put(h, EXT_SUPPORTED_VERSIONS, body, len);
}
/* No supported_versions and only a TLS 1.3 suite: a TLS 1.2 hello with no
 * suite in common. */
static void edit13_no_versions_13_suite(hello *h)
{
    static const uint16_t suite = SUITE_TLS_AES_128_GCM_SHA256;
    hello_ext_del(h, EXT_SUPPORTED_VERSIONS);
    hello_set_suites(h, &suite, 1);
}
static void edit13_versions_12_13_suite(hello *h)
{
    static const uint8_t tls12[] = {2, 3, 3};
    static const uint16_t suite = SUITE_TLS_AES_128_GCM_SHA256;
    set_versions(h, tls12, sizeof tls12);
    hello_set_suites(h, &suite, 1);
}
static void edit13_legacy_ssl3(hello *h)
{
    hello_ext_del(h, EXT_SUPPORTED_VERSIONS);
    h->version = 0x0300;
}
static void edit13_legacy_tls10(hello *h)
{
    hello_ext_del(h, EXT_SUPPORTED_VERSIONS);
    h->version = 0x0301;
}
/* Offered alongside null: RFC 8446 4.1.2 wants exactly one method, null. */
static void edit13_deflate(hello *h)
{
    h->comps[0] = 1;
    h->comps[1] = 0;
    h->comps_len = 2;
}
static void edit13_versions_empty(hello *h)
{
    static const uint8_t empty[] = {0};
    set_versions(h, empty, sizeof empty);
}
static void edit13_versions_unknown(hello *h)
{
    static const uint8_t future[] = {4, 0x03, 0x05, 0x7f, 0x1c};
    set_versions(h, future, sizeof future);
}
static void edit13_versions_odd(hello *h)
{
    static const uint8_t odd[] = {3, 3, 4, 3};
    set_versions(h, odd, sizeof odd);
}
static void edit13_groups_empty(hello *h)
{
    static const uint8_t empty[] = {0, 0};
    hello_ext_put(h, EXT_SUPPORTED_GROUPS, empty, sizeof empty);
}
static void edit13_sigalgs_empty(hello *h)
{
    static const uint8_t empty[] = {0, 0};
    hello_ext_put(h, EXT_SIGNATURE_ALGORITHMS, empty, sizeof empty);
}
static void edit13_suites_empty(hello *h)
{
    h->suites_len = 0;
}
static void edit13_comps_empty(hello *h)
{
    h->comps_len = 0;
}
/* legacy_session_id<0..32> of 33 bytes. */
static void edit13_sid_33(hello *h)
{
    h->sid_len = 33;
}
/* TLS_AES_128_CCM_SHA256, which ward does not implement, and TLS 1.3 only. */
static void edit13_ccm_only(hello *h)
{
    static const uint8_t tls13[] = {2, 3, 4};
    static const uint16_t ccm = 0x1304;
    set_versions(h, tls13, sizeof tls13);
    hello_set_suites(h, &ccm, 1);
}
/* RFC 8446 4.2.11: pre_shared_key MUST be the last extension. */
static void edit13_psk_not_last(hello *h)
{
    static const uint8_t psk[] = {0, 7, 0, 1, 0x42, 0, 0, 0, 0, 0, 33, 32};
    uint8_t body[sizeof psk + 32] = {0};
    memcpy(body, psk, sizeof psk);
    assert_true(h->n_exts < HELLO_MAX_EXTS);
    memmove(&h->exts[1], &h->exts[0], h->n_exts * sizeof h->exts[0]);
    h->n_exts++;
    h->exts[0].type = EXT_PRE_SHARED_KEY;
    memcpy(h->exts[0].data, body, sizeof body);
    h->exts[0].len = sizeof body;
}
/* oid_filters belongs in a CertificateRequest only (RFC 8446 4.2). */
static void edit13_oid_filters(hello *h)
{
    static const uint8_t empty[] = {0, 0};
    hello_ext_put(h, EXT_OID_FILTERS, empty, sizeof empty);
}
static void edit13_alpn_empty(hello *h)
{
    static const uint8_t empty[] = {0, 0};
    hello_ext_put(h, EXT_ALPN, empty, sizeof empty);
}
static void edit13_alpn_http11(hello *h)
{
    static const uint8_t alpn[] = {0, 9, 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    hello_ext_put(h, EXT_ALPN, alpn, sizeof alpn);
}
/* RFC 7507: TLS_FALLBACK_SCSV from a client retrying with TLS 1.2. */
static void edit13_fallback_scsv(hello *h)
{
    static const uint8_t tls12[] = {2, 3, 3};
    set_versions(h, tls12, sizeof tls12);
    assert_true(h->suites_len + 2 <= sizeof h->suites);
    h->suites[h->suites_len++] = 0x56;
    h->suites[h->suites_len++] = 0x00;
}
static void edit13_sni_empty_name(hello *h)
{
    static const uint8_t sni[] = {0, 3, 0, 0, 0};
    hello_ext_put(h, EXT_SERVER_NAME, sni, sizeof sni);
}
static void edit13_key_share_trailing(hello *h)
{
    ext *e = hello_ext(h, EXT_KEY_SHARE);
    assert_true(e != NULL && e->len < sizeof e->data);
    e->data[e->len++] = 0;
}
static void edit13_early_data(hello *h)
{
    hello_ext_put(h, EXT_EARLY_DATA, NULL, 0);
}

CH_MUTATOR(ch13_dup_key_share, edit13_dup_key_share)
CH_MUTATOR(ch13_x25519_zero, edit13_x25519_zero)
CH_MUTATOR(ch13_x25519_31, edit13_x25519_31)
CH_MUTATOR(ch13_x25519_33, edit13_x25519_33)
CH_MUTATOR(ch13_p256_off_curve, edit13_p256_off_curve)
CH_MUTATOR(ch13_p256_compressed, edit13_p256_compressed)
CH_MUTATOR(ch13_share_empty_key, edit13_share_empty_key)
CH_MUTATOR(ch13_share_not_in_groups, edit13_share_not_in_groups)
CH_MUTATOR(ch13_share_group_twice, edit13_share_group_twice)
CH_MUTATOR(ch13_no_key_share, edit13_no_key_share)
CH_MUTATOR(ch13_no_shares, edit13_no_shares)
CH_MUTATOR(ch13_no_common_group, edit13_no_common_group)
CH_MUTATOR(ch13_no_versions_13_suite, edit13_no_versions_13_suite)
CH_MUTATOR(ch13_versions_12_13_suite, edit13_versions_12_13_suite)
CH_MUTATOR(ch13_legacy_ssl3, edit13_legacy_ssl3)
CH_MUTATOR(ch13_legacy_tls10, edit13_legacy_tls10)
CH_MUTATOR(ch13_deflate, edit13_deflate)
CH_MUTATOR(ch13_versions_empty, edit13_versions_empty)
CH_MUTATOR(ch13_versions_unknown, edit13_versions_unknown)
CH_MUTATOR(ch13_versions_odd, edit13_versions_odd)
CH_MUTATOR(ch13_groups_empty, edit13_groups_empty)
CH_MUTATOR(ch13_sigalgs_empty, edit13_sigalgs_empty)
CH_MUTATOR(ch13_suites_empty, edit13_suites_empty)
CH_MUTATOR(ch13_comps_empty, edit13_comps_empty)
CH_MUTATOR(ch13_sid_33, edit13_sid_33)
CH_MUTATOR(ch13_ccm_only, edit13_ccm_only)
CH_MUTATOR(ch13_psk_not_last, edit13_psk_not_last)
CH_MUTATOR(ch13_oid_filters, edit13_oid_filters)
CH_MUTATOR(ch13_alpn_empty, edit13_alpn_empty)
CH_MUTATOR(ch13_alpn_http11, edit13_alpn_http11)
CH_MUTATOR(ch13_fallback_scsv, edit13_fallback_scsv)
CH_MUTATOR(ch13_sni_empty_name, edit13_sni_empty_name)
CH_MUTATOR(ch13_key_share_trailing, edit13_key_share_trailing)

/* Bytes of a ClientHello body before its extensions. */
static size_t ch_fixed_len(const item *it)
{
    reader r = reader_of(it->data, it->len), v;
    OK(reader_skip(&r, 2 + 32));
    OK(reader_u8_prefixed(&r, &v));
    OK(reader_u16_prefixed(&r, &v));
    OK(reader_u8_prefixed(&r, &v));
    return it->len - reader_left(&r);
}

/* Variant v: the ClientHello body cut to v bytes, with the message and record
 * lengths made consistent, except the one length that ends the body right
 * after the compression methods (a valid hello without extensions). */
static void ch13_cut_sweep(hctx *x, flight *f)
{
    item *it = msg_of(f, HS_CLIENT_HELLO);
    size_t fixed = ch_fixed_len(it), full = it->len;
    size_t cut = x->variant < fixed ? x->variant : x->variant + 1;
    size_t next = x->variant + 1 < fixed ? x->variant + 1 : x->variant + 2;
    assert_true(cut < full);
    it->len = cut;
    x->more = next < full;
}

/* The ClientHello and the first byte of another message in one record: RFC
 * 8446 5.1, handshake messages MUST NOT span key changes. */
static void ch13_spans_key_change(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t next = HS_FINISHED;
    msg_make_raw(msg_of(f, HS_CLIENT_HELLO), &next, 1);
}

/* Only the header of a ClientHello that claims 256 bytes. */
static void ch13_header_only(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t header[] = {HS_CLIENT_HELLO, 0, 1, 0};
    flight_free(f);
    flight_insert(f, 0, CT_HANDSHAKE, true, 0, header, sizeof header);
}

static void ch13_header_then_ccs(hctx *x, flight *f)
{
    static const uint8_t one = 1;
    ch13_header_only(x, f);
    flight_insert(f, f->n, CT_CHANGE_CIPHER_SPEC, true, 0, &one, 1);
}

/* The ClientHello in two records with an alert between (RFC 8446 5.1: no
 * interleaving). */
static void ch13_split_by_alert(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t warning[] = {ALERT_LEVEL_WARNING, ALERT_USER_CANCELED};
    size_t j = msg_halves(f, flight_find(f, HS_CLIENT_HELLO));
    flight_insert(f, j, CT_ALERT, true, 0, warning, sizeof warning);
}

static void ch13_record_version_2(hctx *x, flight *f)
{
    (void)x;
    msg_of(f, HS_CLIENT_HELLO)->rec_version = 0x0203;
}

static void ch13_unknown_content_type(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t rec[] = {0x19, 3, 3, 0, 1, 0};
    replace_verbatim(f, rec, sizeof rec);
}

/* RFC 8446 6: every alert but close_notify and user_canceled is an error
 * alert, whatever its level. */
static void ch13_warning_alert_first(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t alert[] = {ALERT_LEVEL_WARNING, ALERT_UNRECOGNIZED_NAME};
    flight_insert(f, 0, CT_ALERT, true, 0, alert, sizeof alert);
}

static void ch13_alert_3_bytes(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t alert[] = {ALERT_LEVEL_FATAL, ALERT_HANDSHAKE_FAILURE, 0};
    flight_insert(f, 0, CT_ALERT, true, 0, alert, sizeof alert);
}

/* RFC 8446 4.2.10: refused 0-RTT records are skipped, up to a limit. */
static void ch13_early_data(hctx *x, flight *f)
{
    (void)x;
    uint8_t junk[200];
    memset(junk, 0x5a, sizeof junk);
    ch_edit(f, edit13_early_data);
    for (int i = 0; i < 3; i++)
        flight_insert(f, f->n, CT_APPLICATION_DATA, true, 0, junk, sizeof junk);
}

/* More than 64 KiB of undecryptable "early data" is an attack, not 0-RTT.
 * The ClientHello goes first, alone (see keep_server_write_secret). */
static void ch13_early_data_flood(hctx *x, flight *f)
{
    ch13_early_data(x, f);
    x->split = flight_find(f, HS_CLIENT_HELLO) + 1;
    uint8_t *junk = malloc(RECORD_MAX_PLAINTEXT);
    assert_non_null(junk);
    memset(junk, 0x5a, RECORD_MAX_PLAINTEXT);
    for (int i = 0; i < 5; i++)
        flight_insert(f, f->n, CT_APPLICATION_DATA, true, 0, junk, RECORD_MAX_PLAINTEXT);
    free(junk);
}

/* After a HelloRetryRequest every application_data record is refused 0-RTT
 * data (RFC 8446 4.2.10), skipped up to the same limit. */
static void ch13_early_data_flood_hrr(hctx *x, flight *f)
{
    ch13_early_data(x, f);
    uint8_t *junk = malloc(RECORD_MAX_PLAINTEXT);
    assert_non_null(junk);
    memset(junk, 0x5a, RECORD_MAX_PLAINTEXT);
    for (int i = 0; i < 5; i++)
        flight_insert(f, f->n, CT_APPLICATION_DATA, true, 0, junk, RECORD_MAX_PLAINTEXT);
    free(junk);
}

/* The server answered a ClientHello the client did not send: the client
 * cannot read what the server seals now. The test keeps its write secret to
 * open the alert. */
static void keep_server_write_secret(hctx *x)
{
    x->alert_si = x->s->si;
    memcpy(x->alert_secret, x->s->ks.server_ap, sizeof x->alert_secret);
}

/* ---- TLS 1.3: HelloRetryRequest and the second ClientHello ------------------ */

static void edit13_hrr_p384(hello *h)
{
    static const uint8_t p384[] = {0, 0x18};
    hello_ext_put(h, EXT_KEY_SHARE, p384, sizeof p384);
}
static void edit13_hrr_x25519(hello *h)
{
    static const uint8_t x25519[] = {0, 0x1d};
    hello_ext_put(h, EXT_KEY_SHARE, x25519, sizeof x25519);
}
static void edit13_hrr_cookie_empty(hello *h)
{
    static const uint8_t empty[] = {0, 0};
    hello_ext_put(h, EXT_COOKIE, empty, sizeof empty);
}
static void edit13_alpn_h2(hello *h)
{
    static const uint8_t alpn[] = {0, 3, 2, 'h', '2'};
    hello_ext_put(h, EXT_ALPN, alpn, sizeof alpn);
}
static void edit13_random_changed(hello *h)
{
    h->random[0] ^= 1;
}
static void edit13_x25519_share(hello *h)
{
    uint8_t key[33];
    x25519_key(key);
    ks_one(h, GROUP_X25519, key, 32);
}
static void edit13_tls12_only(hello *h)
{
    static const uint8_t tls12[] = {2, 3, 3};
    set_versions(h, tls12, sizeof tls12);
}
static void edit13_other_suite(hello *h)
{
    static const uint16_t suite = SUITE_TLS_AES_256_GCM_SHA384;
    hello_set_suites(h, &suite, 1);
}

/* TLS_AES_128_CCM_SHA256: never offered by ward. */
static void edit13_suite_ccm(hello *h)
{
    h->suite = 0x1304;
}

SH_MUTATOR(hrr_p384, edit13_hrr_p384)
SH_MUTATOR(hrr_suite_not_offered, edit13_suite_ccm)
SH_MUTATOR(hrr_x25519, edit13_hrr_x25519)
SH_MUTATOR(hrr_no_key_share, edit13_no_key_share)
SH_MUTATOR(hrr_cookie_empty, edit13_hrr_cookie_empty)
SH_MUTATOR(hrr_alpn, edit13_alpn_h2)
SH_MUTATOR(hrr_dup_ext, edit_dup_ext)
CH_MUTATOR(ch2_random_changed, edit13_random_changed)
CH_MUTATOR(ch2_x25519_share, edit13_x25519_share)
CH_MUTATOR(ch2_early_data, edit13_early_data)
CH_MUTATOR(ch2_tls12_only, edit13_tls12_only)
CH_MUTATOR(ch2_other_suite, edit13_other_suite)

/* The HelloRetryRequest again instead of the ServerHello. */
static void sh13_second_hrr(hctx *x, flight *f)
{
    assert_true(x->hrr_len > 0);
    item_set(msg_of(f, HS_SERVER_HELLO), x->hrr, x->hrr_len);
}

/* ---- TLS 1.3: the ServerHello ------------------------------------------------ */

/* key_share (ServerHello): the server_share entry. */
static void ks_sh(hello *h, uint16_t group, const uint8_t *key, size_t len)
{
    uint8_t body[4 + 256];
    writer w;
    writer_init_fixed(&w, body, sizeof body);
    writer_u16(&w, group);
    writer_u16(&w, (uint16_t)len);
    writer_bytes(&w, key, len);
    OK(writer_finish(&w));
    hello_ext_put(h, EXT_KEY_SHARE, body, w.len);
}

static void edit13_sh_version_0305(hello *h)
{
    static const uint8_t v[] = {3, 5};
    set_versions(h, v, sizeof v);
}
static void edit13_sh_legacy_0304(hello *h)
{
    h->version = 0x0304;
}
static void edit13_sh_sid(hello *h)
{
    assert_true(h->sid_len > 0);
    h->sid[0] ^= 1;
}
static void edit13_sh_suite_aes256(hello *h)
{
    h->suite = SUITE_TLS_AES_256_GCM_SHA384;
}
static void edit13_sh_group_p256(hello *h)
{
    uint8_t key[65];
    size_t len;
    off_curve_p256(key, &len);
    ks_sh(h, GROUP_SECP256R1, key, len);
}
static void edit13_sh_x25519_31(hello *h)
{
    uint8_t key[33];
    x25519_key(key);
    ks_sh(h, GROUP_X25519, key, 31);
}
static void edit13_sh_x25519_zero(hello *h)
{
    static const uint8_t zero[32] = {0};
    ks_sh(h, GROUP_X25519, zero, sizeof zero);
}
static void edit13_sh_x25519(hello *h)
{
    uint8_t key[33];
    x25519_key(key);
    ks_sh(h, GROUP_X25519, key, 32);
}
static void edit13_unknown_ext(hello *h)
{
    hello_ext_put(h, 0x7777, NULL, 0);
}
static void edit13_sh_psk(hello *h)
{
    static const uint8_t first[] = {0, 0};
    hello_ext_put(h, EXT_PRE_SHARED_KEY, first, sizeof first);
}

SH_MUTATOR(sh13_version_0305, edit13_sh_version_0305)
SH_MUTATOR(sh13_legacy_0304, edit13_sh_legacy_0304)
SH_MUTATOR(sh13_sid_changed, edit13_sh_sid)
SH_MUTATOR(sh13_suite_not_offered, edit13_sh_suite_aes256)
SH_MUTATOR(sh13_group_not_shared, edit13_sh_group_p256)
SH_MUTATOR(sh13_p256_off_curve, edit13_sh_group_p256)
SH_MUTATOR(sh13_no_key_share, edit13_no_key_share)
SH_MUTATOR(sh13_x25519_31, edit13_sh_x25519_31)
SH_MUTATOR(sh13_x25519_zero, edit13_sh_x25519_zero)
SH_MUTATOR(sh13_x25519_share, edit13_sh_x25519)
SH_MUTATOR(sh13_alpn, edit13_alpn_h2)
SH_MUTATOR(sh13_unknown_ext, edit13_unknown_ext)
SH_MUTATOR(sh13_psk_unsolicited, edit13_sh_psk)

static void sh13_spans_key_change(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t next = HS_ENCRYPTED_EXTENSIONS;
    msg_make_raw(msg_of(f, HS_SERVER_HELLO), &next, 1);
}

/* A ServerHello claiming more than the handshake message size limit. */
static void sh13_too_large(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t header[] = {HS_SERVER_HELLO, 0x7f, 0xff, 0xff};
    flight_free(f);
    flight_insert(f, 0, CT_HANDSHAKE, true, 0, header, sizeof header);
}

/* ---- TLS 1.3: EncryptedExtensions, Certificate, CertificateRequest -------- */

static void ee_add(flight *f, uint16_t type, const void *data, size_t len)
{
    block_add_ext(msg_of(f, HS_ENCRYPTED_EXTENSIONS), 0, type, data, len);
}

static void ee13_cut_one(hctx *x, flight *f)
{
    (void)x;
    cut_last(f, HS_ENCRYPTED_EXTENSIONS, 1);
}

static void ee13_trailing(hctx *x, flight *f)
{
    (void)x;
    add_byte(f, HS_ENCRYPTED_EXTENSIONS);
}

static void ee13_list_overlong(hctx *x, flight *f)
{
    (void)x;
    msg_of(f, HS_ENCRYPTED_EXTENSIONS)->data[1]++;
}

/* The server's flight acknowledges server_name (empty): once more. */
static void ee13_dup_server_name(hctx *x, flight *f)
{
    (void)x;
    ee_add(f, EXT_SERVER_NAME, NULL, 0);
}

static void ee13_key_share(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t share[] = {0, 0x1d, 0, 1, 9};
    ee_add(f, EXT_KEY_SHARE, share, sizeof share);
}

static void ee13_supported_versions(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t v[] = {3, 4};
    ee_add(f, EXT_SUPPORTED_VERSIONS, v, sizeof v);
}

static void ee13_sigalgs(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t algs[] = {0, 2, 4, 3};
    ee_add(f, EXT_SIGNATURE_ALGORITHMS, algs, sizeof algs);
}

static void ee13_unknown_ext(hctx *x, flight *f)
{
    (void)x;
    ee_add(f, 0x7777, NULL, 0);
}

static void ee13_alpn_h2(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t alpn[] = {0, 3, 2, 'h', '2'};
    ee_add(f, EXT_ALPN, alpn, sizeof alpn);
}

static void ee13_alpn_http11(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t alpn[] = {0, 9, 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    ee_add(f, EXT_ALPN, alpn, sizeof alpn);
}

static void ee13_early_data(hctx *x, flight *f)
{
    (void)x;
    ee_add(f, EXT_EARLY_DATA, NULL, 0);
}

static void drop_ee(hctx *x, flight *f)
{
    (void)x;
    flight_remove(f, flight_find(f, HS_ENCRYPTED_EXTENSIONS));
}

/* A TLS 1.3 Certificate body for pki's chain: the request context, and one
 * extension of ext_type in the first entry (0: none). */
static void cert13_body(item *it, const test_pki *pki, const uint8_t *ctx, size_t ctx_len,
                        uint16_t ext_type)
{
    chain_der ch;
    chain_der_load(&ch, pki);
    writer w;
    writer_init_dynamic(&w, 0);
    writer_u8(&w, (uint8_t)ctx_len);
    writer_bytes(&w, ctx, ctx_len);
    size_t list = writer_open(&w, 3);
    for (size_t i = 0; i < ch.n; i++) {
        size_t cert = writer_open(&w, 3);
        writer_bytes(&w, ch.der[i], ch.len[i]);
        writer_close(&w, cert);
        size_t exts = writer_open(&w, 2);
        if (i == 0 && ext_type) {
            writer_u16(&w, ext_type);
            writer_u16(&w, 0);
        }
        writer_close(&w, exts);
    }
    writer_close(&w, list);
    OK(writer_finish(&w));
    item_set(it, w.p, w.len);
    writer_free(&w);
    cert_chain_free(ch.chain);
}

static void cert13_cut_one(hctx *x, flight *f)
{
    (void)x;
    cut_last(f, HS_CERTIFICATE, 1);
}

/* certificate_list<0..2^24-1> claims one byte more than the message holds. */
static void cert13_list_overlong(hctx *x, flight *f)
{
    (void)x;
    item *it = msg_of(f, HS_CERTIFICATE);
    assert_true(it->len > 4 && it->data[0] == 0);
    uint32_t n = (uint32_t)it->data[1] << 16 | (uint32_t)it->data[2] << 8 | it->data[3];
    n++;
    it->data[1] = (uint8_t)(n >> 16);
    it->data[2] = (uint8_t)(n >> 8);
    it->data[3] = (uint8_t)n;
}

static void cert13_empty(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t none[] = {0, 0, 0, 0};
    item_set(msg_of(f, HS_CERTIFICATE), none, sizeof none);
}

static void cert13_context(hctx *x, flight *f)
{
    static const uint8_t ctx[] = {0x2a};
    cert13_body(msg_of(f, HS_CERTIFICATE), x->pki, ctx, sizeof ctx, 0);
}

static void cert13_foreign(hctx *x, flight *f)
{
    cert13_body(msg_of(f, HS_CERTIFICATE), x->other_pki, NULL, 0, 0);
}

static void cert13_entry_key_share(hctx *x, flight *f)
{
    cert13_body(msg_of(f, HS_CERTIFICATE), x->pki, NULL, 0, EXT_KEY_SHARE);
}

static void cr13_context(hctx *x, flight *f)
{
    (void)x;
    item *it = msg_of(f, HS_CERTIFICATE_REQUEST);
    writer w;
    writer_init_dynamic(&w, 0);
    writer_u8(&w, 1);
    writer_u8(&w, 0x2a);
    writer_bytes(&w, it->data + 1, it->len - 1);
    OK(writer_finish(&w));
    item_set(it, w.p, w.len);
    writer_free(&w);
}

/* RFC 8446 4.3.2: signature_algorithms MUST be in a CertificateRequest. */
static void cr13_no_sigalgs(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t body[] = {0, 0, 6, 0x77, 0x77, 0, 2, 0, 0};
    item_set(msg_of(f, HS_CERTIFICATE_REQUEST), body, sizeof body);
}

static void cr13_after_cert(hctx *x, flight *f)
{
    (void)x;
    move_before(f, HS_CERTIFICATE, HS_CERTIFICATE_REQUEST);
}

/* ---- TLS 1.3: CertificateVerify, Finished, messages out of place ---------- */

static void cv13_set_scheme(flight *f, uint16_t scheme)
{
    item *it = msg_of(f, HS_CERTIFICATE_VERIFY);
    it->data[0] = (uint8_t)(scheme >> 8);
    it->data[1] = (uint8_t)scheme;
}

static void cv13_pkcs1(hctx *x, flight *f)
{
    (void)x;
    cv13_set_scheme(f, SIG_RSA_PKCS1_SHA256);
}

static void cv13_pss_for_ecdsa_key(hctx *x, flight *f)
{
    (void)x;
    cv13_set_scheme(f, SIG_RSA_PSS_RSAE_SHA256);
}

static void cv13_cut_one(hctx *x, flight *f)
{
    (void)x;
    cut_last(f, HS_CERTIFICATE_VERIFY, 1);
}

static void cv13_before_cert(hctx *x, flight *f)
{
    (void)x;
    move_before(f, HS_CERTIFICATE_VERIFY, HS_CERTIFICATE);
}

static void finished_flip(hctx *x, flight *f)
{
    (void)x;
    msg_of(f, HS_FINISHED)->data[0] ^= 1;
}

static void finished_cut_one(hctx *x, flight *f)
{
    (void)x;
    cut_last(f, HS_FINISHED, 1);
}

static void finished_add_byte(hctx *x, flight *f)
{
    (void)x;
    add_byte(f, HS_FINISHED);
}

/* A protected message of the type inserted before `before`. */
static void insert_msg_before(flight *f, uint8_t before, uint8_t hs, const uint8_t *body,
                              size_t len)
{
    insert_prot(f, flight_find(f, before), CT_HANDSHAKE, false, hs, body, len);
}

static void sh13_again_protected(hctx *x, flight *f)
{
    (void)x;
    item *sh = msg_of(f, HS_SERVER_HELLO);
    uint8_t body[256];
    assert_true(sh->len <= sizeof body);
    memcpy(body, sh->data, sh->len);
    insert_msg_before(f, HS_CERTIFICATE, HS_SERVER_HELLO, body, sh->len);
}

static const uint8_t nst13_body[] = {0, 0, 0x1c, 0x20, 1, 2, 3, 4, 1, 0, 0, 2, 0xab, 0xcd, 0, 0};

static void nst13_before_finished(hctx *x, flight *f)
{
    (void)x;
    insert_msg_before(f, HS_FINISHED, HS_NEW_SESSION_TICKET, nst13_body, sizeof nst13_body);
}

static void key_update_before_finished(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t not_requested = 0;
    insert_msg_before(f, HS_FINISHED, HS_KEY_UPDATE, &not_requested, 1);
}

static void end_of_early_data_before_finished(hctx *x, flight *f)
{
    (void)x;
    insert_msg_before(f, HS_FINISHED, HS_END_OF_EARLY_DATA, NULL, 0);
}

static void client_hello_before_finished(hctx *x, flight *f)
{
    assert_true(x->ch_len > 0);
    insert_msg_before(f, HS_FINISHED, HS_CLIENT_HELLO, x->ch, x->ch_len);
}

/* The server's own Certificate, sent back as the client's (never requested). */
static void cert13_unrequested(hctx *x, flight *f)
{
    assert_true(x->cert_len > 0);
    insert_msg_before(f, HS_FINISHED, HS_CERTIFICATE, x->cert, x->cert_len);
}

/* ---- TLS 1.3: records of a protected flight ---------------------------------- */

static void rec13_flip_ee(hctx *x, flight *f)
{
    (void)x;
    msg_of(f, HS_ENCRYPTED_EXTENSIONS)->flip_last = true;
}

/* Certificate and CertificateVerify records swapped, each with its sequence
 * number (so each decrypts only in its own place). */
static void rec13_swap_cert_cv(hctx *x, flight *f)
{
    (void)x;
    size_t i = flight_find(f, HS_CERTIFICATE);
    assert_int_equal(flight_find(f, HS_CERTIFICATE_VERIFY), i + 1);
    item t = f->it[i];
    f->it[i] = f->it[i + 1];
    f->it[i + 1] = t;
    f->it[i].seq_offset = 1;
    f->it[i + 1].seq_offset = -1;
}

static void rec13_replay_ee(hctx *x, flight *f)
{
    (void)x;
    size_t i = flight_find(f, HS_ENCRYPTED_EXTENSIONS);
    item *ee = &f->it[i];
    insert_prot(f, i + 1, CT_HANDSHAKE, false, ee->hs, ee->data, ee->len)->seq_offset = -1;
}

/* EncryptedExtensions missing, the records after it with their own numbers. */
static void rec13_drop_ee(hctx *x, flight *f)
{
    (void)x;
    size_t i = flight_find(f, HS_ENCRYPTED_EXTENSIONS);
    flight_remove(f, i);
    for (; i < f->n; i++)
        f->it[i].seq_offset = 1;
}

static void rec13_ee_in_clear(hctx *x, flight *f)
{
    (void)x;
    msg_of(f, HS_ENCRYPTED_EXTENSIONS)->prot = false;
}

static void finished_in_clear13(hctx *x, flight *f)
{
    (void)x;
    msg_of(f, HS_FINISHED)->prot = false;
}

/* A protected record of type ct inserted before message `before`. */
static item *insert_rec_before(flight *f, uint8_t before, uint8_t ct, const void *data, size_t len)
{
    return insert_prot(f, flight_find(f, before), ct, true, 0, data, len);
}

static void rec13_protected_ccs(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t one = 1;
    insert_rec_before(f, HS_CERTIFICATE, CT_CHANGE_CIPHER_SPEC, &one, 1);
}

/* A ChangeCipherSpec between the two halves of the Certificate. */
static void rec13_ccs_inside_cert(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t one = 1;
    size_t j = msg_halves(f, flight_find(f, HS_CERTIFICATE));
    flight_insert(f, j, CT_CHANGE_CIPHER_SPEC, true, 0, &one, 1);
}

static void rec13_data_inside_cert(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t data[] = "data";
    size_t j = msg_halves(f, flight_find(f, HS_CERTIFICATE));
    insert_prot(f, j, CT_APPLICATION_DATA, true, 0, data, sizeof data);
}

static void data_before_finished(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t data[] = "too early";
    insert_rec_before(f, HS_FINISHED, CT_APPLICATION_DATA, data, sizeof data);
}

static void alert_level_7_before_finished(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t alert[] = {7, ALERT_HANDSHAKE_FAILURE};
    insert_rec_before(f, HS_FINISHED, CT_ALERT, alert, sizeof alert);
}

static void rec13_warning_alert(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t alert[] = {ALERT_LEVEL_WARNING, ALERT_CERTIFICATE_EXPIRED};
    insert_rec_before(f, HS_CERTIFICATE, CT_ALERT, alert, sizeof alert);
}

static void rec13_fatal_alert(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t alert[] = {ALERT_LEVEL_FATAL, ALERT_INTERNAL_ERROR};
    insert_rec_before(f, HS_CERTIFICATE, CT_ALERT, alert, sizeof alert);
}

static void rec13_user_canceled_flood(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t alert[] = {ALERT_LEVEL_WARNING, ALERT_USER_CANCELED};
    for (int i = 0; i < CONN_MAX_WARNINGS + 1; i++)
        insert_rec_before(f, HS_CERTIFICATE, CT_ALERT, alert, sizeof alert);
}

static void empty_handshake_before_finished(hctx *x, flight *f)
{
    (void)x;
    insert_rec_before(f, HS_FINISHED, CT_HANDSHAKE, NULL, 0);
}

/* RFC 8446 5: each compatibility ChangeCipherSpec is dropped, but ward counts
 * them with empty records: 32 more than the one the server sent. */
static void rec13_ccs_flood(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t one = 1;
    size_t at = flight_find_ct(f, CT_CHANGE_CIPHER_SPEC);
    for (int i = 0; i < CONN_MAX_EMPTY_RECORDS; i++)
        flight_insert(f, at, CT_CHANGE_CIPHER_SPEC, true, 0, &one, 1);
}

static void rec13_empty_alert(hctx *x, flight *f)
{
    (void)x;
    insert_rec_before(f, HS_CERTIFICATE, CT_ALERT, NULL, 0);
}

/* RFC 8446 5.4: an inner plaintext of zeros only has no content type. */
static void rec13_no_content_type(hctx *x, flight *f)
{
    (void)x;
    insert_rec_before(f, HS_CERTIFICATE, 0, NULL, 0)->pad = 3;
}

static void rec13_unknown_inner_type(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t data[] = "?";
    insert_rec_before(f, HS_CERTIFICATE, 0x19, data, sizeof data);
}

/* RFC 8446 5.4: TLSInnerPlaintext is at most 2^14 + 1 bytes; padding counts. */
static void inner_too_long(item *it)
{
    it->pad = RECORD_MAX_PLAINTEXT;
}

/* RFC 8446 5.2: TLSCiphertext.length is at most 2^14 + 256. */
static void ciphertext_too_long(item *it)
{
    size_t inner = (it->raw ? 0 : HS_HEADER_LEN) + it->len + 1;
    it->pad = RECORD_MAX_CIPHERTEXT_13 + 1 - CRYPTO_AEAD_TAG - inner;
}

static void rec13_ee_inner_too_long(hctx *x, flight *f)
{
    (void)x;
    inner_too_long(msg_of(f, HS_ENCRYPTED_EXTENSIONS));
}

static void rec13_ee_ciphertext_too_long(hctx *x, flight *f)
{
    (void)x;
    ciphertext_too_long(msg_of(f, HS_ENCRYPTED_EXTENSIONS));
}

static void finished_inner_too_long(hctx *x, flight *f)
{
    (void)x;
    inner_too_long(msg_of(f, HS_FINISHED));
}

/* A protected record too short to hold even the tag. */
static void rec13_shorter_than_tag(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t rec[] = {CT_APPLICATION_DATA, 3, 3, 0, 5, 1, 2, 3, 4, 5};
    flight_insert(f, flight_find(f, HS_ENCRYPTED_EXTENSIONS), 0, true, 0, rec, sizeof rec)
        ->verbatim = true;
}

/* RFC 6520 is TLS 1.2 only. */
static void rec13_heartbeat(hctx *x, flight *f)
{
    (void)x;
    uint8_t hb[3 + 16 + 16] = {1, 0, 16};
    insert_rec_before(f, HS_CERTIFICATE, CT_HEARTBEAT, hb, sizeof hb);
}

/* ---- TLS 1.3: the client's flight ------------------------------------------- */

/* A plaintext ChangeCipherSpec after everything else. */
static void ccs_at_end(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t one = 1;
    flight_insert(f, f->n, CT_CHANGE_CIPHER_SPEC, true, 0, &one, 1);
}

/* ---- TLS 1.3: NewSessionTicket ------------------------------------------------ */

/* Offset of the extension block of the NewSessionTicket it. */
static size_t nst13_exts_offset(const item *it)
{
    reader r = reader_of(it->data, it->len), v;
    OK(reader_skip(&r, 8));
    OK(reader_u8_prefixed(&r, &v));
    OK(reader_u16_prefixed(&r, &v));
    return it->len - reader_left(&r);
}

static void nst13_cut_one(hctx *x, flight *f)
{
    (void)x;
    cut_last(f, HS_NEW_SESSION_TICKET, 1);
}

static void nst13_trailing(hctx *x, flight *f)
{
    (void)x;
    add_byte(f, HS_NEW_SESSION_TICKET);
}

static void nst13_key_share(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t share[] = {0, 0x1d, 0, 1, 9};
    item *it = msg_of(f, HS_NEW_SESSION_TICKET);
    block_add_ext(it, nst13_exts_offset(it), EXT_KEY_SHARE, share, sizeof share);
}

static void nst13_dup_early_data(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t max_early[] = {0, 0, 0x40, 0};
    item *it = msg_of(f, HS_NEW_SESSION_TICKET);
    block_add_ext(it, nst13_exts_offset(it), EXT_EARLY_DATA, max_early, sizeof max_early);
    block_add_ext(it, nst13_exts_offset(it), EXT_EARLY_DATA, max_early, sizeof max_early);
}

/* ---- both versions: after the handshake ---------------------------------------- */

/* A protected record appended after the application data. */
static item *append_prot(flight *f, uint8_t ct, bool raw, uint8_t hs, const void *data, size_t len)
{
    return insert_prot(f, f->n, ct, raw, hs, data, len);
}

static void plain_data_after(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t abc[] = {'a', 'b', 'c'};
    flight_insert(f, f->n, CT_APPLICATION_DATA, true, 0, abc, sizeof abc);
}

static void plain_key_update_after(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t not_requested = 0;
    flight_insert(f, f->n, CT_HANDSHAKE, false, HS_KEY_UPDATE, &not_requested, 1);
}

static void alert_level_7_after(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t alert[] = {7, ALERT_HANDSHAKE_FAILURE};
    append_prot(f, CT_ALERT, true, 0, alert, sizeof alert);
}

static void key_update_after(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t not_requested = 0;
    append_prot(f, CT_HANDSHAKE, false, HS_KEY_UPDATE, &not_requested, 1);
}

static void key_update_empty(hctx *x, flight *f)
{
    (void)x;
    append_prot(f, CT_HANDSHAKE, false, HS_KEY_UPDATE, NULL, 0);
}

static void key_update_2(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t two = 2;
    append_prot(f, CT_HANDSHAKE, false, HS_KEY_UPDATE, &two, 1);
}

static void key_update_trailing(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t body[] = {0, 0};
    append_prot(f, CT_HANDSHAKE, false, HS_KEY_UPDATE, body, sizeof body);
}

/* A KeyUpdate and the first byte of the next message in one record. */
static void key_update_spans_key_change(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t rec[] = {HS_KEY_UPDATE, 0, 0, 1, 0, HS_KEY_UPDATE};
    append_prot(f, CT_HANDSHAKE, true, 0, rec, sizeof rec);
}

static void nst_after(hctx *x, flight *f)
{
    (void)x;
    append_prot(f, CT_HANDSHAKE, false, HS_NEW_SESSION_TICKET, nst13_body, sizeof nst13_body);
}

static void client_hello_after(hctx *x, flight *f)
{
    assert_true(x->ch_len > 0);
    append_prot(f, CT_HANDSHAKE, false, HS_CLIENT_HELLO, x->ch, x->ch_len);
}

static void cert_request_after(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t cr[] = {1, 7, 0, 8, 0, 13, 0, 4, 0, 2, 4, 3};
    append_prot(f, CT_HANDSHAKE, false, HS_CERTIFICATE_REQUEST, cr, sizeof cr);
}

static void hello_request_after(hctx *x, flight *f)
{
    (void)x;
    append_prot(f, CT_HANDSHAKE, false, HS_HELLO_REQUEST, NULL, 0);
}

static void finished_after(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t verify[32] = {0};
    append_prot(f, CT_HANDSHAKE, false, HS_FINISHED, verify, sizeof verify);
}

/* Half a KeyUpdate, then application data: RFC 8446 5.1 / RFC 5246 6.2.1. */
static void partial_handshake_then_data(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t half[] = {HS_KEY_UPDATE, 0};
    static const uint8_t data[] = "data";
    append_prot(f, CT_HANDSHAKE, true, 0, half, sizeof half);
    append_prot(f, CT_APPLICATION_DATA, true, 0, data, sizeof data);
}

static void heartbeat_after(hctx *x, flight *f)
{
    (void)x;
    uint8_t hb[3 + 16 + 16] = {1, 0, 16};
    append_prot(f, CT_HEARTBEAT, true, 0, hb, sizeof hb);
}

/* Heartbleed: a request claiming 16384 bytes of payload, carrying 1 byte and
 * 16 of padding. RFC 6520 4: discarded silently. */
static void heartbleed_request(hctx *x, flight *f)
{
    (void)x;
    uint8_t hb[3 + 1 + 16] = {1, 0x40, 0x00, 'A'};
    append_prot(f, CT_HEARTBEAT, true, 0, hb, sizeof hb);
}

static void data_inner_too_long(hctx *x, flight *f)
{
    (void)x;
    inner_too_long(&f->it[0]);
}

/* TLS 1.2: 2^14 + 1 bytes of authentic plaintext. */
static void data_plaintext_too_long(hctx *x, flight *f)
{
    (void)x;
    uint8_t *big = calloc(1, RECORD_MAX_PLAINTEXT + 1);
    assert_non_null(big);
    append_prot(f, CT_APPLICATION_DATA, true, 0, big, RECORD_MAX_PLAINTEXT + 1);
    free(big);
}

/* TLS 1.2: a record header claiming more than 2^14 + 2048 bytes. */
static void record_12_too_long(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t hdr[] = {CT_APPLICATION_DATA, 3, 3, 0x48, 0x01};
    flight_insert(f, f->n, 0, true, 0, hdr, sizeof hdr)->verbatim = true;
}

static void empty_alert_after(hctx *x, flight *f)
{
    (void)x;
    append_prot(f, CT_ALERT, true, 0, NULL, 0);
}

static void empty_handshake_after(hctx *x, flight *f)
{
    (void)x;
    append_prot(f, CT_HANDSHAKE, true, 0, NULL, 0);
}

static void protected_ccs_after(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t one = 1;
    append_prot(f, CT_CHANGE_CIPHER_SPEC, true, 0, &one, 1);
}

/* The application data record sent twice (TLS 1.2: as it was sent). */
static void replay_data(hctx *x, flight *f)
{
    (void)x;
    item *it = &f->it[0];
    item *copy = flight_insert(f, 1, it->ct, true, 0, it->data, it->len);
    copy->prot = it->prot;
    copy->seq_offset = -1;
}

/* A second data record, and the two swapped, each with its own sequence
 * number (TLS 1.2: the first as it was sent). */
static void reorder_data(hctx *x, flight *f)
{
    static const uint8_t more[] = "more";
    append_prot(f, CT_APPLICATION_DATA, true, 0, more, sizeof more);
    item t = f->it[0];
    f->it[0] = f->it[1];
    f->it[1] = t;
    if (x->k->version == VERSION_TLS13) {
        f->it[0].seq_offset = 1;
        f->it[1].seq_offset = -1;
    }
}

static void warning_alerts_after(hctx *x, flight *f)
{
    (void)x;
    static const uint8_t warning[] = {ALERT_LEVEL_WARNING, ALERT_NO_RENEGOTIATION};
    for (int i = 0; i < CONN_MAX_WARNINGS + 1; i++)
        append_prot(f, CT_ALERT, true, 0, warning, sizeof warning);
}

/* ---- the table ------------------------------------------------------------- */

#define V12 VERSION_TLS12
#define V13 VERSION_TLS13
#define CLIENT WARD_CLIENT
#define SERVER WARD_SERVER

#define UNEXPECTED WARD_E_UNEXPECTED_MESSAGE, ALERT_UNEXPECTED_MESSAGE, NULL
#define UNEXPECTED_CCS WARD_E_UNEXPECTED_CCS, ALERT_UNEXPECTED_MESSAGE, NULL
#define BAD_RECORD_TYPE WARD_E_BAD_RECORD_TYPE, ALERT_UNEXPECTED_MESSAGE, NULL
#define EMPTY WARD_E_EMPTY_RECORD, ALERT_UNEXPECTED_MESSAGE, NULL
#define DECODE WARD_E_DECODE, ALERT_DECODE_ERROR, NULL
#define TRAILING WARD_E_TRAILING_BYTES, ALERT_DECODE_ERROR, NULL
#define ILLEGAL WARD_E_ILLEGAL_PARAMETER, ALERT_ILLEGAL_PARAMETER, NULL
#define DUPLICATE WARD_E_DUPLICATE_EXTENSION, ALERT_ILLEGAL_PARAMETER, NULL
#define NOT_ALLOWED WARD_E_EXTENSION_NOT_ALLOWED, ALERT_ILLEGAL_PARAMETER, NULL
#define UNSOLICITED WARD_E_UNSOLICITED_EXTENSION, ALERT_UNSUPPORTED_EXTENSION, NULL
#define MISSING WARD_E_MISSING_EXTENSION, ALERT_MISSING_EXTENSION, NULL
#define BAD_SHARE WARD_E_BAD_KEY_SHARE, ALERT_ILLEGAL_PARAMETER, NULL
#define HRR_INVALID WARD_E_HRR_INVALID, ALERT_ILLEGAL_PARAMETER, NULL
#define BAD_MAC WARD_E_BAD_RECORD_MAC, ALERT_BAD_RECORD_MAC, NULL
#define OVERFLOW WARD_E_RECORD_OVERFLOW, ALERT_RECORD_OVERFLOW, NULL
#define BAD_SIGNATURE WARD_E_BAD_SIGNATURE, ALERT_DECRYPT_ERROR, NULL
#define BAD_FINISHED WARD_E_BAD_FINISHED, ALERT_DECRYPT_ERROR, NULL
#define NO_VERSION WARD_E_NO_SHARED_VERSION, ALERT_PROTOCOL_VERSION, NULL
#define NO_CIPHER WARD_E_NO_SHARED_CIPHER, ALERT_HANDSHAKE_FAILURE, NULL
#define TOO_LARGE WARD_E_MESSAGE_TOO_LARGE, ALERT_ILLEGAL_PARAMETER, NULL
#define WARNINGS WARD_E_TOO_MANY_WARNINGS, ALERT_UNEXPECTED_MESSAGE, NULL
#define PEER_ALERT WARD_E_PEER_ALERT, -1, NULL
#define TRUNCATED WARD_E_TRUNCATED, -1, NULL

/* Results without a macro of their own. */
#define FAILS(rc, alert) rc, alert, NULL
#define ACCEPTS(rc) rc, -1, NULL

static const hcase cases[] = {
    /* ==== TLS 1.2 ==== */
    /* Controls: the interception and re-signing machinery changes nothing. */
    {"1.2 control: ClientHello re-serialised", V12, SERVER, AT_CLIENT_HELLO, 0, ch_same,
     ACCEPTS(WARD_WANT_READ)},
    {"1.2 control: server flight one message per record", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     identity, ACCEPTS(WARD_WANT_READ)},
    {"1.2 control: ServerHello re-serialised", V12, CLIENT, AT_SERVER_FLIGHT, 0, sh_same,
     ACCEPTS(WARD_WANT_READ)},
    /* The client accepts the test's signature; the handshake cannot finish, as
     * the transcripts (and with EMS the keys) now differ. */
    {"1.2 control: ServerKeyExchange re-signed by the test", V12, CLIENT, AT_SERVER_FLIGHT,
     O_ACCEPT_ONLY, ske_resigned, ACCEPTS(WARD_WANT_READ)},
    {"1.2 control: mTLS client flight one message per record", V12, SERVER, AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, identity, ACCEPTS(WARD_OK)},

    /* Server: raw records before any ClientHello. */
    {"1.2 server: HTTP request instead of a record", V12, SERVER, AT_CLIENT_HELLO, 0, http_request,
     BAD_RECORD_TYPE},
    {"1.2 server: record of 2^14 + 1 bytes", V12, SERVER, AT_CLIENT_HELLO, 0, record_2_14_plus_1,
     OVERFLOW},
    {"1.2 server: empty handshake record", V12, SERVER, AT_CLIENT_HELLO, 0, empty_record_first,
     EMPTY},
    {"1.2 server: ChangeCipherSpec before ClientHello", V12, SERVER, AT_CLIENT_HELLO, 0, ccs_first,
     UNEXPECTED_CCS},
    {"1.2 server: alert of unknown level 7", V12, SERVER, AT_CLIENT_HELLO, 0, alert_level_7_first,
     ILLEGAL},

    /* Client: malformed server messages. */
    {"1.2 client: ServerHello one byte short", V12, CLIENT, AT_SERVER_FLIGHT, 0, sh_cut_one,
     DECODE},
    {"1.2 client: ServerHello cut inside random", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     sh_cut_in_random, DECODE},
    {"1.2 client: Certificate one byte short", V12, CLIENT, AT_SERVER_FLIGHT, 0, cert_cut_one,
     DECODE},
    {"1.2 client: ServerKeyExchange one byte short", V12, CLIENT, AT_SERVER_FLIGHT, 0, ske_cut_one,
     DECODE},
    /* An empty-bodied ServerHelloDone can only be cut inside its header, which
     * is a fragment still to be completed: EOF then is truncation, no alert. */
    {"1.2 client: ServerHelloDone header cut, then EOF", V12, CLIENT, AT_SERVER_FLIGHT, O_EOF,
     shd_cut_header, TRUNCATED},
    {"1.2 client: ServerHelloDone header cut, then ChangeCipherSpec", V12, CLIENT, AT_SERVER_FLIGHT,
     0, shd_cut_header_then_ccs, UNEXPECTED_CCS},
    {"1.2 client: ServerHelloDone header length 0 but a byte follows, then EOF", V12, CLIENT,
     AT_SERVER_FLIGHT, O_EOF, shd_header_short, TRUNCATED},
    {"1.2 client: Certificate list length overlong", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     cert_list_overlong, DECODE},
    {"1.2 client: ServerKeyExchange point length overlong", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     ske_point_overlong, DECODE},
    {"1.2 client: ServerKeyExchange trailing byte", V12, CLIENT, AT_SERVER_FLIGHT, 0, ske_trailing,
     TRAILING},
    {"1.2 client: ServerHelloDone with a body", V12, CLIENT, AT_SERVER_FLIGHT, 0, shd_with_body,
     DECODE},
    {"1.2 client: zero-length ServerKeyExchange", V12, CLIENT, AT_SERVER_FLIGHT, 0, ske_empty,
     DECODE},
    {"1.2 client: ServerHello trailing byte", V12, CLIENT, AT_SERVER_FLIGHT, 0, sh_trailing,
     TRAILING},
    {"1.2 client: ServerHello repeats an extension", V12, CLIENT, AT_SERVER_FLIGHT, 0, sh_dup_ext,
     DUPLICATE},
    /* RFC 8446 4.4.2.4 says decode_error for TLS 1.3; ward applies it to 1.2. */
    {"1.2 client: empty server Certificate", V12, CLIENT, AT_SERVER_FLIGHT, 0, cert_empty, DECODE},
    {"1.2 client: extended_master_secret with a body", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     sh_ems_with_body, TRAILING},
    {"1.2 client: empty handshake record", V12, CLIENT, AT_SERVER_FLIGHT, 0, empty_handshake_record,
     EMPTY},
    {"1.2 client: warning alert flood during the handshake", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     warning_flood, WARNINGS},

    /* Client: server messages out of order. */
    {"1.2 client: ServerHelloDone before ServerKeyExchange", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     shd_before_ske, UNEXPECTED},
    /* RFC 5246 7.4.1.1: a HelloRequest received while negotiating is ignored
     * (it is in no transcript, so the handshake goes on). */
    {"1.2 client: HelloRequest during the handshake is ignored", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     hello_request_mid_flight, ACCEPTS(WARD_WANT_READ)},
    {"1.2 client: Certificate missing", V12, CLIENT, AT_SERVER_FLIGHT, 0, drop_cert, UNEXPECTED},
    {"1.2 client: ServerKeyExchange twice", V12, CLIENT, AT_SERVER_FLIGHT, 0, ske_twice,
     UNEXPECTED},
    {"1.2 client: CertificateRequest after ServerHelloDone", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     cr_after_shd, UNEXPECTED},
    {"1.2 client: EncryptedExtensions in a TLS 1.2 handshake", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     ee_after_sh, UNEXPECTED},
    {"1.2 client: ChangeCipherSpec before ServerHelloDone", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     ccs_before_shd, UNEXPECTED_CCS},

    /* Client: ServerKeyExchange contents (validly re-signed where it matters). */
    {"1.2 client: SKE curve_type explicit_prime", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     ske_curve_type_explicit, ILLEGAL},
    {"1.2 client: SKE group not offered", V12, CLIENT, AT_SERVER_FLIGHT, O_GROUPS_NO_P384,
     ske_group_not_offered, ILLEGAL},
    {"1.2 client: SKE X25519 point of 31 bytes", V12, CLIENT, AT_SERVER_FLIGHT, 0, ske_point_short,
     BAD_SHARE},
    {"1.2 client: SKE P-256 point off the curve", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     ske_point_off_curve, BAD_SHARE},
    {"1.2 client: SKE signature byte flipped", V12, CLIENT, AT_SERVER_FLIGHT, 0, ske_bad_signature,
     BAD_SIGNATURE},
    {"1.2 client: SKE signed with a scheme not offered", V12, CLIENT, AT_SERVER_FLIGHT,
     O_RSA | O_NO_PKCS1_SHA512, ske_scheme_not_offered, ILLEGAL},
    {"1.2 client: RSA certificate for an ECDSA suite", V12, CLIENT, AT_SERVER_FLIGHT, O_RSA,
     sh_suite_ecdsa, FAILS(WARD_E_UNSUPPORTED_CERT, ALERT_UNSUPPORTED_CERTIFICATE)},
    {"1.2 client: server certificate from an unknown CA", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     cert_foreign, FAILS(WARD_E_UNKNOWN_CA, ALERT_UNKNOWN_CA)},

    /* Client: ServerHello contents. */
    {"1.2 client: ServerHello suite not offered", V12, CLIENT, AT_SERVER_FLIGHT, O_NARROW_SUITES,
     sh_suite_not_offered, ILLEGAL},
    {"1.2 client: ServerHello TLS 1.3 suite in TLS 1.2", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     sh_suite_tls13, ILLEGAL},
    {"1.2 client: ServerHello compression 1", V12, CLIENT, AT_SERVER_FLIGHT, 0, sh_compression,
     ILLEGAL},
    {"1.2 client: ServerHello non-empty renegotiation_info", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     sh_reneg_info, FAILS(WARD_E_BAD_RENEGOTIATION_INFO, ALERT_HANDSHAKE_FAILURE)},
    {"1.2 client: ServerHello unsolicited ALPN", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     sh_alpn_unsolicited, UNSOLICITED},
    {"1.2 client: ServerHello ALPN protocol not offered", V12, CLIENT, AT_SERVER_FLIGHT,
     O_CLIENT_ALPN, sh_alpn_not_offered, ILLEGAL},
    {"1.2 client: ServerHello ec_point_formats without uncompressed", V12, CLIENT, AT_SERVER_FLIGHT,
     0, sh_point_formats, ILLEGAL},
    {"1.2 client: ServerHello legacy_version 0x0302", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     sh_version_tls11, NO_VERSION},
    {"1.2 client: downgrade sentinel after offering TLS 1.3", V12, CLIENT, AT_SERVER_FLIGHT, 0,
     sh_sentinel, FAILS(WARD_E_DOWNGRADE, ALERT_ILLEGAL_PARAMETER)},

    /* Client: the server's ChangeCipherSpec and Finished. */
    {"1.2 client: server Finished does not verify", V12, CLIENT, AT_SERVER_FINISHED, 0,
     spoil_client_master, BAD_FINISHED},
    {"1.2 client: server Finished record tampered", V12, CLIENT, AT_SERVER_FINISHED, 0,
     flip_last_record, BAD_MAC},
    {"1.2 client: server Finished without ChangeCipherSpec", V12, CLIENT, AT_SERVER_FINISHED, 0,
     finished_in_clear, UNEXPECTED},
    {"1.2 client: ChangeCipherSpec of value 2", V12, CLIENT, AT_SERVER_FINISHED, 0, ccs_value_2,
     UNEXPECTED_CCS},
    /* The second (plaintext) CCS arrives under the new read keys. */
    {"1.2 client: ChangeCipherSpec twice", V12, CLIENT, AT_SERVER_FINISHED, 0, ccs_twice, BAD_MAC},
    /* RFC 5077 3.3: the promised NewSessionTicket precedes the CCS. */
    {"1.2 client: promised NewSessionTicket missing", V12, CLIENT, AT_SERVER_FINISHED, 0,
     nst_promised_not_sent, UNEXPECTED_CCS},
    {"1.2 client: NewSessionTicket not announced", V12, CLIENT, AT_SERVER_FINISHED, 0,
     nst_unannounced, UNEXPECTED},

    /* Client: after the handshake. */
    {"1.2 client: record tag tampered after the handshake", V12, CLIENT, AT_DATA_TO_CLIENT, 0,
     flip_last_record, BAD_MAC},
    {"1.2 client: alert of unknown level after the handshake", V12, CLIENT, AT_DATA_TO_CLIENT, 0,
     alert_level_7_after, ILLEGAL},
    {"1.2 client: KeyUpdate on a TLS 1.2 connection", V12, CLIENT, AT_DATA_TO_CLIENT, 0,
     key_update_after, UNEXPECTED},
    {"1.2 client: half a handshake message, then application data", V12, CLIENT, AT_DATA_TO_CLIENT,
     0, partial_handshake_then_data, UNEXPECTED},
    {"1.2 client: warning alert flood after the handshake", V12, CLIENT, AT_DATA_TO_CLIENT, 0,
     warning_alerts_after, WARNINGS},
    {"1.2 client: record with 2^14 + 1 bytes of plaintext", V12, CLIENT, AT_DATA_TO_CLIENT, 0,
     data_plaintext_too_long, OVERFLOW},

    /* Server: ClientHello. */
    {"1.2 server: ClientHello non-empty renegotiation_info", V12, SERVER, AT_CLIENT_HELLO, 0,
     ch_reneg_info, FAILS(WARD_E_BAD_RENEGOTIATION_INFO, ALERT_HANDSHAKE_FAILURE)},
    {"1.2 server: ClientHello without null compression", V12, SERVER, AT_CLIENT_HELLO, 0,
     ch_deflate_only, ILLEGAL},
    {"1.2 server: ClientHello without signature_algorithms", V12, SERVER, AT_CLIENT_HELLO, 0,
     ch_no_sigalgs, FAILS(WARD_E_NO_SHARED_SIGALG, ALERT_HANDSHAKE_FAILURE)},
    {"1.2 server: ClientHello with no common TLS 1.2 suite", V12, SERVER, AT_CLIENT_HELLO, 0,
     ch_cbc_only, NO_CIPHER},
    {"1.2 server: ClientHello with only suites for another key type", V12, SERVER, AT_CLIENT_HELLO,
     O_RSA, ch_ecdsa_only, NO_CIPHER},
    {"1.2 server: ClientHello ec_point_formats without uncompressed", V12, SERVER, AT_CLIENT_HELLO,
     0, ch_point_formats, ILLEGAL},
    {"1.2 server: ClientHello with no common group", V12, SERVER, AT_CLIENT_HELLO, 0,
     ch_secp521r1_only, FAILS(WARD_E_NO_SHARED_GROUP, ALERT_HANDSHAKE_FAILURE)},
    {"1.2 server: ClientHello legacy_version 0x0302", V12, SERVER, AT_CLIENT_HELLO, 0, ch_tls11,
     NO_VERSION},
    {"1.2 server: ClientHello trailing byte", V12, SERVER, AT_CLIENT_HELLO, 0, ch_trailing,
     TRAILING},

    /* Server: ClientKeyExchange. */
    {"1.2 server: ClientKeyExchange empty point", V12, SERVER, AT_CLIENT_FLIGHT, 0, cke_empty,
     DECODE},
    {"1.2 server: ClientKeyExchange X25519 zero point", V12, SERVER, AT_CLIENT_FLIGHT, 0,
     cke_x25519_zero, BAD_SHARE},
    {"1.2 server: ClientKeyExchange P-256 point off the curve", V12, SERVER, AT_CLIENT_FLIGHT,
     O_GROUP_P256, cke_off_curve, BAD_SHARE},
    {"1.2 server: ClientKeyExchange trailing byte", V12, SERVER, AT_CLIENT_FLIGHT, 0, cke_trailing,
     TRAILING},
    {"1.2 server: ClientKeyExchange one byte short", V12, SERVER, AT_CLIENT_FLIGHT, 0, cke_cut_one,
     DECODE},

    /* Server: the client's flight out of order. */
    {"1.2 server: Finished before ChangeCipherSpec", V12, SERVER, AT_CLIENT_FLIGHT, 0,
     finished_in_clear, UNEXPECTED},
    {"1.2 server: CertificateVerify without a certificate", V12, SERVER, AT_CLIENT_FLIGHT,
     O_MTLS_REQUEST, cv_after_cke, UNEXPECTED},
    {"1.2 server: client Certificate not requested", V12, SERVER, AT_CLIENT_FLIGHT, 0,
     cert_unrequested, UNEXPECTED},
    {"1.2 server: second ClientHello mid-handshake", V12, SERVER, AT_CLIENT_FLIGHT, 0,
     second_client_hello, UNEXPECTED},
    {"1.2 server: ChangeCipherSpec of value 2", V12, SERVER, AT_CLIENT_FLIGHT, 0, ccs_value_2,
     UNEXPECTED_CCS},
    {"1.2 server: ChangeCipherSpec before ClientKeyExchange", V12, SERVER, AT_CLIENT_FLIGHT, 0,
     ccs_before_cke, UNEXPECTED_CCS},
    {"1.2 server: ClientKeyExchange missing", V12, SERVER, AT_CLIENT_FLIGHT, 0, drop_cke,
     UNEXPECTED_CCS},
    {"1.2 server: required client Certificate missing", V12, SERVER, AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, drop_cert, UNEXPECTED},
    {"1.2 server: CertificateVerify missing", V12, SERVER, AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, drop_cv, UNEXPECTED_CCS},
    {"1.2 server: client certificate from an unknown CA", V12, SERVER, AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, client_cert_foreign,
     FAILS(WARD_E_UNKNOWN_CA, ALERT_UNKNOWN_CA)},
    {"1.2 server: ClientKeyExchange split around ChangeCipherSpec", V12, SERVER, AT_CLIENT_FLIGHT,
     0, cke_split_around_ccs, UNEXPECTED_CCS},
    {"1.2 server: client CertificateVerify signature flipped", V12, SERVER, AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, cv_bad_signature, BAD_SIGNATURE},
    {"1.2 server: client CertificateVerify scheme not offered", V12, SERVER, AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, cv_scheme_not_offered, ILLEGAL},

    /* Server: the client's Finished and records. */
    {"1.2 server: client Finished does not verify", V12, SERVER, AT_CLIENT_FLIGHT, 0,
     split_before_finished, WARD_E_BAD_FINISHED, ALERT_DECRYPT_ERROR, spoil_server_master},
    {"1.2 server: client Finished record tampered", V12, SERVER, AT_CLIENT_FLIGHT, 0,
     flip_last_record, BAD_MAC},
    {"1.2 server: record tag tampered after the handshake", V12, SERVER, AT_DATA_TO_SERVER, 0,
     flip_last_record, BAD_MAC},
    {"1.2 server: application data record replayed", V12, SERVER, AT_DATA_TO_SERVER, 0, replay_data,
     BAD_MAC},
    {"1.2 server: application data records out of order", V12, SERVER, AT_DATA_TO_SERVER, 0,
     reorder_data, BAD_MAC},
    /* Under TLS 1.2 keys a plaintext record cannot authenticate. */
    {"1.2 server: plaintext ChangeCipherSpec after the handshake", V12, SERVER, AT_DATA_TO_SERVER,
     0, ccs_at_end, BAD_MAC},
    {"1.2 server: protected ChangeCipherSpec after the handshake", V12, SERVER, AT_DATA_TO_SERVER,
     0, protected_ccs_after, UNEXPECTED_CCS},
    {"1.2 server: empty protected handshake record", V12, SERVER, AT_DATA_TO_SERVER, 0,
     empty_handshake_after, EMPTY},
    {"1.2 server: HelloRequest from the client", V12, SERVER, AT_DATA_TO_SERVER, 0,
     hello_request_after, UNEXPECTED},
    {"1.2 server: record header over 2^14 + 2048 bytes", V12, SERVER, AT_DATA_TO_SERVER, 0,
     record_12_too_long, OVERFLOW},
    /* RFC 6520 2: heartbeats only where both hellos carried the extension. */
    {"1.2 server: heartbeat not negotiated", V12, SERVER, AT_DATA_TO_SERVER, 0, heartbeat_after,
     UNEXPECTED},
    /* RFC 6520 4: a payload_length too large for the record: discarded
     * silently -- no answer, no bytes from beyond the record, no alert. */
    {"1.2 server: Heartbleed request (payload_length 16384, 1 byte sent)", V12, SERVER,
     AT_DATA_TO_SERVER, O_HEARTBEAT | O_SURVIVES, heartbleed_request, ACCEPTS(WARD_OK)},

    /* ==== TLS 1.3 ==== */
    /* Controls: interception, re-encryption one message per record. */
    {"1.3 control: ClientHello re-serialised", V13, SERVER, AT_CLIENT_HELLO, 0, ch_same,
     ACCEPTS(WARD_WANT_READ)},
    {"1.3 control: server flight re-encrypted", V13, CLIENT, AT_SERVER_FLIGHT, 0, identity,
     ACCEPTS(WARD_OK)},
    {"1.3 control: mTLS server flight re-encrypted", V13, CLIENT, AT_SERVER_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, identity, ACCEPTS(WARD_OK)},
    {"1.3 control: mTLS client flight re-encrypted", V13, SERVER, AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, identity, ACCEPTS(WARD_OK)},
    {"1.3 control: HelloRetryRequest and second ClientHello", V13, SERVER, AT_CLIENT_HELLO2, O_HRR,
     identity, ACCEPTS(WARD_WANT_READ)},
    {"1.3 control: NewSessionTickets re-encrypted", V13, CLIENT, AT_SERVER_FINISHED, 0, identity,
     ACCEPTS(WARD_WANT_READ)},
    {"1.3 control: application data re-encrypted", V13, CLIENT, AT_DATA_TO_CLIENT, 0, identity,
     ACCEPTS(WARD_OK)},

    /* Server: raw records before any ClientHello. */
    {"1.3 server: HTTP request instead of a record", V13, SERVER, AT_CLIENT_HELLO, 0, http_request,
     BAD_RECORD_TYPE},
    {"1.3 server: record of 2^14 + 1 bytes", V13, SERVER, AT_CLIENT_HELLO, 0, record_2_14_plus_1,
     OVERFLOW},
    {"1.3 server: Finished instead of ClientHello", V13, SERVER, AT_CLIENT_HELLO, 0, finished_first,
     UNEXPECTED},
    {"1.3 server: empty handshake record", V13, SERVER, AT_CLIENT_HELLO, 0, empty_record_first,
     EMPTY},
    {"1.3 server: ChangeCipherSpec before ClientHello", V13, SERVER, AT_CLIENT_HELLO, 0, ccs_first,
     UNEXPECTED_CCS},
    {"1.3 server: alert of unknown level 7", V13, SERVER, AT_CLIENT_HELLO, 0, alert_level_7_first,
     ILLEGAL},
    {"1.3 server: warning alert before ClientHello is an error", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_warning_alert_first, PEER_ALERT},
    {"1.3 server: alert record of 3 bytes", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_alert_3_bytes,
     DECODE},
    {"1.3 server: record of unknown content type", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_unknown_content_type, BAD_RECORD_TYPE},
    {"1.3 server: record version 0x0203", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_record_version_2,
     DECODE},

    /* Server: ClientHello framing. */
    {"1.3 server: ClientHello cut at every length", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_cut_sweep,
     DECODE},
    {"1.3 server: ClientHello trailing byte", V13, SERVER, AT_CLIENT_HELLO, 0, ch_trailing,
     TRAILING},
    {"1.3 server: ClientHello header, then EOF", V13, SERVER, AT_CLIENT_HELLO, O_EOF,
     ch13_header_only, TRUNCATED},
    {"1.3 server: ClientHello header, then ChangeCipherSpec", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_header_then_ccs, UNEXPECTED_CCS},
    {"1.3 server: ClientHello split by an alert record", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_split_by_alert, UNEXPECTED},
    {"1.3 server: ClientHello and the next message in one record", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_spans_key_change, UNEXPECTED},
    {"1.3 server: legacy_session_id of 33 bytes", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_sid_33,
     DECODE},
    {"1.3 server: empty cipher_suites", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_suites_empty, DECODE},
    {"1.3 server: empty compression methods", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_comps_empty,
     DECODE},
    {"1.3 server: compression methods deflate and null", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_deflate, ILLEGAL},

    /* Server: ClientHello extensions. */
    {"1.3 server: key_share twice", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_dup_key_share, DUPLICATE},
    {"1.3 server: pre_shared_key not last", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_psk_not_last,
     ILLEGAL},
    {"1.3 server: oid_filters in a ClientHello", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_oid_filters,
     NOT_ALLOWED},
    {"1.3 server: empty supported_versions", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_versions_empty,
     DECODE},
    {"1.3 server: supported_versions of odd length", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_versions_odd, DECODE},
    {"1.3 server: only unknown versions offered", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_versions_unknown, NO_VERSION},
    {"1.3 server: empty supported_groups", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_groups_empty,
     DECODE},
    {"1.3 server: empty signature_algorithms", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_sigalgs_empty,
     DECODE},
    {"1.3 server: empty ALPN list", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_alpn_empty, DECODE},
    {"1.3 server: server_name with an empty name", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_sni_empty_name, DECODE},
    {"1.3 server: key_share with a trailing byte", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_key_share_trailing, TRAILING},
    {"1.3 server: key share with an empty key", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_share_empty_key, DECODE},
    {"1.3 server: no signature_algorithms", V13, SERVER, AT_CLIENT_HELLO, 0, ch_no_sigalgs,
     MISSING},
    {"1.3 server: supported_groups without key_share", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_no_key_share, MISSING},

    /* Server: versions, suites, groups. */
    {"1.3 server: no supported_versions, only a TLS 1.3 suite", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_no_versions_13_suite, NO_CIPHER},
    {"1.3 server: TLS 1.2 only, with only a TLS 1.3 suite", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_versions_12_13_suite, NO_CIPHER},
    {"1.3 server: SSL 3.0 ClientHello", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_legacy_ssl3,
     NO_VERSION},
    {"1.3 server: TLS 1.0 ClientHello", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_legacy_tls10,
     NO_VERSION},
    {"1.3 server: TLS 1.1 ClientHello", V13, SERVER, AT_CLIENT_HELLO, 0, ch_tls11, NO_VERSION},
    {"1.3 server: TLS_FALLBACK_SCSV with TLS 1.2", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_fallback_scsv, FAILS(WARD_E_INAPPROPRIATE_FALLBACK, ALERT_INAPPROPRIATE_FALLBACK)},
    {"1.3 server: only a suite ward does not implement", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_ccm_only, NO_CIPHER},
    {"1.3 server: no group in common", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_no_common_group,
     FAILS(WARD_E_NO_SHARED_GROUP, ALERT_HANDSHAKE_FAILURE)},
    {"1.3 server: no ALPN protocol in common", V13, SERVER, AT_CLIENT_HELLO, O_SERVER_ALPN,
     ch13_alpn_http11, FAILS(WARD_E_NO_APPLICATION_PROTOCOL, ALERT_NO_APPLICATION_PROTOCOL)},
    /* RFC 8446 4.2.8: client_shares may be empty: a HelloRetryRequest follows. */
    {"1.3 server: empty client_shares gets a HelloRetryRequest", V13, SERVER, AT_CLIENT_HELLO,
     O_ACCEPT_ONLY, ch13_no_shares, ACCEPTS(WARD_WANT_READ)},

    /* Server: key shares. */
    {"1.3 server: X25519 share of zeros", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_x25519_zero,
     BAD_SHARE},
    {"1.3 server: X25519 share of 31 bytes", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_x25519_31,
     BAD_SHARE},
    {"1.3 server: X25519 share of 33 bytes", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_x25519_33,
     BAD_SHARE},
    {"1.3 server: P-256 share off the curve", V13, SERVER, AT_CLIENT_HELLO, 0, ch13_p256_off_curve,
     BAD_SHARE},
    {"1.3 server: P-256 share in compressed form", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_p256_compressed, BAD_SHARE},
    {"1.3 server: share for a group not in supported_groups", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_share_not_in_groups, ILLEGAL},
    {"1.3 server: two shares for one group", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_share_group_twice, ILLEGAL},

    /* Server: 0-RTT it does not accept. */
    {"1.3 server: refused 0-RTT records are skipped", V13, SERVER, AT_CLIENT_HELLO, O_ACCEPT_ONLY,
     ch13_early_data, ACCEPTS(WARD_WANT_READ)},
    {"1.3 server: over 64 KiB of refused 0-RTT records", V13, SERVER, AT_CLIENT_HELLO, 0,
     ch13_early_data_flood, WARD_E_BAD_RECORD_MAC, ALERT_BAD_RECORD_MAC, keep_server_write_secret},
    {"1.3 server: refused 0-RTT records after HelloRetryRequest are skipped", V13, SERVER,
     AT_CLIENT_HELLO, O_HRR | O_ACCEPT_ONLY, ch13_early_data, ACCEPTS(WARD_WANT_READ)},
    {"1.3 server: over 64 KiB of refused 0-RTT records after HelloRetryRequest", V13, SERVER,
     AT_CLIENT_HELLO, O_HRR, ch13_early_data_flood_hrr, BAD_MAC},

    /* HelloRetryRequest and the second ClientHello. */
    {"1.3 client: HelloRetryRequest for a group not offered", V13, CLIENT, AT_HRR, O_HRR, hrr_p384,
     HRR_INVALID},
    {"1.3 client: HelloRetryRequest for the group already shared", V13, CLIENT, AT_HRR, O_HRR,
     hrr_x25519, HRR_INVALID},
    {"1.3 client: HelloRetryRequest that changes nothing", V13, CLIENT, AT_HRR, O_HRR,
     hrr_no_key_share, HRR_INVALID},
    {"1.3 client: HelloRetryRequest with an empty cookie", V13, CLIENT, AT_HRR, O_HRR,
     hrr_cookie_empty, DECODE},
    {"1.3 client: HelloRetryRequest with ALPN", V13, CLIENT, AT_HRR, O_HRR, hrr_alpn, NOT_ALLOWED},
    {"1.3 client: HelloRetryRequest repeats an extension", V13, CLIENT, AT_HRR, O_HRR, hrr_dup_ext,
     DUPLICATE},
    {"1.3 client: HelloRetryRequest with a suite not offered", V13, CLIENT, AT_HRR, O_HRR,
     hrr_suite_not_offered, ILLEGAL},
    {"1.3 client: a second HelloRetryRequest", V13, CLIENT, AT_SERVER_FLIGHT, O_HRR,
     sh13_second_hrr, UNEXPECTED},
    /* RFC 8446 4.1.4: the ServerHello keeps the HelloRetryRequest's suite. */
    {"1.3 client: ServerHello after HelloRetryRequest changes the suite", V13, CLIENT,
     AT_SERVER_FLIGHT, O_HRR, sh13_suite_not_offered, ILLEGAL},
    {"1.3 client: ServerHello after HelloRetryRequest shares the old group", V13, CLIENT,
     AT_SERVER_FLIGHT, O_HRR, sh13_x25519_share, ILLEGAL},
    {"1.3 server: second ClientHello with another random", V13, SERVER, AT_CLIENT_HELLO2, O_HRR,
     ch2_random_changed, ILLEGAL},
    {"1.3 server: second ClientHello with the wrong share", V13, SERVER, AT_CLIENT_HELLO2, O_HRR,
     ch2_x25519_share, ILLEGAL},
    {"1.3 server: second ClientHello offering early data", V13, SERVER, AT_CLIENT_HELLO2, O_HRR,
     ch2_early_data, ILLEGAL},
    {"1.3 server: second ClientHello for TLS 1.2", V13, SERVER, AT_CLIENT_HELLO2, O_HRR,
     ch2_tls12_only, ILLEGAL},
    {"1.3 server: second ClientHello with another suite", V13, SERVER, AT_CLIENT_HELLO2, O_HRR,
     ch2_other_suite, ILLEGAL},

    /* Client: ServerHello. */
    {"1.3 client: ServerHello one byte short", V13, CLIENT, AT_SERVER_FLIGHT, 0, sh_cut_one,
     DECODE},
    {"1.3 client: ServerHello trailing byte", V13, CLIENT, AT_SERVER_FLIGHT, 0, sh_trailing,
     TRAILING},
    {"1.3 client: ServerHello claiming 8 MiB", V13, CLIENT, AT_SERVER_FLIGHT, 0, sh13_too_large,
     TOO_LARGE},
    {"1.3 client: ServerHello and the next message in one record", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     sh13_spans_key_change, UNEXPECTED},
    /* A version other than 0x0304 makes it a TLS 1.2 ServerHello, where
     * supported_versions and key_share have no place. */
    {"1.3 client: ServerHello selects version 0x0305", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     sh13_version_0305, NOT_ALLOWED},
    {"1.3 client: ServerHello legacy_version 0x0304", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     sh13_legacy_0304, ILLEGAL},
    {"1.3 client: ServerHello session id echo altered", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     sh13_sid_changed, ILLEGAL},
    {"1.3 client: ServerHello suite not offered", V13, CLIENT, AT_SERVER_FLIGHT, O_NARROW_SUITES,
     sh13_suite_not_offered, ILLEGAL},
    {"1.3 client: ServerHello TLS 1.2 suite", V13, CLIENT, AT_SERVER_FLIGHT, 0, sh_suite_ecdsa,
     ILLEGAL},
    {"1.3 client: ServerHello compression 1", V13, CLIENT, AT_SERVER_FLIGHT, 0, sh_compression,
     ILLEGAL},
    {"1.3 client: ServerHello repeats an extension", V13, CLIENT, AT_SERVER_FLIGHT, 0, sh_dup_ext,
     DUPLICATE},
    {"1.3 client: ServerHello with ALPN", V13, CLIENT, AT_SERVER_FLIGHT, 0, sh13_alpn, NOT_ALLOWED},
    {"1.3 client: ServerHello with an unknown extension", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     sh13_unknown_ext, UNSOLICITED},
    {"1.3 client: ServerHello pre_shared_key not offered", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     sh13_psk_unsolicited, UNSOLICITED},
    {"1.3 client: ServerHello without key_share", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     sh13_no_key_share, MISSING},
    {"1.3 client: ServerHello share for another group", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     sh13_group_not_shared, ILLEGAL},
    {"1.3 client: ServerHello X25519 share of 31 bytes", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     sh13_x25519_31, BAD_SHARE},
    {"1.3 client: ServerHello X25519 share of zeros", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     sh13_x25519_zero, BAD_SHARE},
    {"1.3 client: ServerHello P-256 share off the curve", V13, CLIENT, AT_SERVER_FLIGHT,
     O_GROUP_P256, sh13_p256_off_curve, BAD_SHARE},

    /* Client: EncryptedExtensions. */
    {"1.3 client: EncryptedExtensions one byte short", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     ee13_cut_one, DECODE},
    {"1.3 client: EncryptedExtensions trailing byte", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     ee13_trailing, TRAILING},
    {"1.3 client: EncryptedExtensions list length overlong", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     ee13_list_overlong, DECODE},
    {"1.3 client: zero-length EncryptedExtensions", V13, CLIENT, AT_SERVER_FLIGHT, 0, ee_empty,
     DECODE},
    {"1.3 client: EncryptedExtensions repeats server_name", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     ee13_dup_server_name, DUPLICATE},
    {"1.3 client: EncryptedExtensions with key_share", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     ee13_key_share, NOT_ALLOWED},
    {"1.3 client: EncryptedExtensions with supported_versions", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     ee13_supported_versions, NOT_ALLOWED},
    {"1.3 client: EncryptedExtensions with signature_algorithms", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     ee13_sigalgs, NOT_ALLOWED},
    {"1.3 client: EncryptedExtensions with an unknown extension", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     ee13_unknown_ext, UNSOLICITED},
    {"1.3 client: EncryptedExtensions with ALPN not asked for", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     ee13_alpn_h2, UNSOLICITED},
    {"1.3 client: EncryptedExtensions ALPN protocol not offered", V13, CLIENT, AT_SERVER_FLIGHT,
     O_CLIENT_ALPN, ee13_alpn_http11, ILLEGAL},
    {"1.3 client: EncryptedExtensions accepts early data not offered", V13, CLIENT,
     AT_SERVER_FLIGHT, 0, ee13_early_data, UNSOLICITED},
    {"1.3 client: EncryptedExtensions missing", V13, CLIENT, AT_SERVER_FLIGHT, 0, drop_ee,
     UNEXPECTED},

    /* Client: Certificate and CertificateRequest. */
    {"1.3 client: Certificate one byte short", V13, CLIENT, AT_SERVER_FLIGHT, 0, cert13_cut_one,
     DECODE},
    {"1.3 client: Certificate list length overlong", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     cert13_list_overlong, DECODE},
    /* RFC 8446 4.4.2.4: an empty server Certificate is decode_error. */
    {"1.3 client: empty server Certificate", V13, CLIENT, AT_SERVER_FLIGHT, 0, cert13_empty,
     DECODE},
    {"1.3 client: Certificate with a request context", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     cert13_context, ILLEGAL},
    {"1.3 client: CertificateEntry with key_share", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     cert13_entry_key_share, NOT_ALLOWED},
    {"1.3 client: server certificate from an unknown CA", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     cert13_foreign, FAILS(WARD_E_UNKNOWN_CA, ALERT_UNKNOWN_CA)},
    {"1.3 client: Certificate missing", V13, CLIENT, AT_SERVER_FLIGHT, 0, drop_cert, UNEXPECTED},
    {"1.3 client: CertificateRequest with a context", V13, CLIENT, AT_SERVER_FLIGHT, O_MTLS_REQUEST,
     cr13_context, ILLEGAL},
    {"1.3 client: CertificateRequest without signature_algorithms", V13, CLIENT, AT_SERVER_FLIGHT,
     O_MTLS_REQUEST, cr13_no_sigalgs, MISSING},
    {"1.3 client: CertificateRequest after Certificate", V13, CLIENT, AT_SERVER_FLIGHT,
     O_MTLS_REQUEST, cr13_after_cert, UNEXPECTED},

    /* Client: CertificateVerify and Finished. */
    {"1.3 client: CertificateVerify signature flipped", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     cv_bad_signature, BAD_SIGNATURE},
    {"1.3 client: CertificateVerify scheme not offered", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     cv_scheme_not_offered, ILLEGAL},
    /* RFC 8446 4.4.3: RSA signatures in TLS 1.3 are RSASSA-PSS. */
    {"1.3 client: CertificateVerify RSA PKCS#1 v1.5", V13, CLIENT, AT_SERVER_FLIGHT, O_RSA,
     cv13_pkcs1, ILLEGAL},
    {"1.3 client: CertificateVerify scheme for another key type", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     cv13_pss_for_ecdsa_key, ILLEGAL},
    {"1.3 client: CertificateVerify one byte short", V13, CLIENT, AT_SERVER_FLIGHT, 0, cv13_cut_one,
     DECODE},
    {"1.3 client: zero-length CertificateVerify", V13, CLIENT, AT_SERVER_FLIGHT, 0, cv_empty,
     DECODE},
    {"1.3 client: CertificateVerify missing", V13, CLIENT, AT_SERVER_FLIGHT, 0, drop_cv,
     UNEXPECTED},
    {"1.3 client: CertificateVerify before Certificate", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     cv13_before_cert, UNEXPECTED},
    {"1.3 client: server Finished does not verify", V13, CLIENT, AT_SERVER_FLIGHT, 0, finished_flip,
     BAD_FINISHED},
    {"1.3 client: server Finished one byte short", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     finished_cut_one, DECODE},
    {"1.3 client: server Finished one byte long", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     finished_add_byte, DECODE},
    {"1.3 client: a second, protected ServerHello", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     sh13_again_protected, UNEXPECTED},
    {"1.3 client: NewSessionTicket before Finished", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     nst13_before_finished, UNEXPECTED},
    {"1.3 client: KeyUpdate before Finished", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     key_update_before_finished, UNEXPECTED},

    /* Client: records of the server's protected flight. */
    {"1.3 client: EncryptedExtensions record tag flipped", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     rec13_flip_ee, BAD_MAC},
    {"1.3 client: Certificate and CertificateVerify records swapped", V13, CLIENT, AT_SERVER_FLIGHT,
     0, rec13_swap_cert_cv, BAD_MAC},
    {"1.3 client: EncryptedExtensions record replayed", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     rec13_replay_ee, BAD_MAC},
    {"1.3 client: EncryptedExtensions record dropped", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     rec13_drop_ee, BAD_MAC},
    {"1.3 client: EncryptedExtensions in the clear", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     rec13_ee_in_clear, UNEXPECTED},
    {"1.3 client: protected record shorter than its tag", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     rec13_shorter_than_tag, BAD_MAC},
    {"1.3 client: inner plaintext over 2^14 + 1 bytes", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     rec13_ee_inner_too_long, OVERFLOW},
    {"1.3 client: ciphertext over 2^14 + 256 bytes", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     rec13_ee_ciphertext_too_long, OVERFLOW},
    {"1.3 client: empty protected handshake record", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     empty_handshake_before_finished, EMPTY},
    {"1.3 client: empty protected alert record", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     rec13_empty_alert, EMPTY},
    {"1.3 client: inner plaintext without a content type", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     rec13_no_content_type, UNEXPECTED},
    {"1.3 client: unknown inner content type", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     rec13_unknown_inner_type, BAD_RECORD_TYPE},
    {"1.3 client: protected ChangeCipherSpec", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     rec13_protected_ccs, UNEXPECTED_CCS},
    {"1.3 client: ChangeCipherSpec of value 2", V13, CLIENT, AT_SERVER_FLIGHT, 0, ccs_value_2,
     UNEXPECTED_CCS},
    {"1.3 client: ChangeCipherSpec inside the Certificate", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     rec13_ccs_inside_cert, UNEXPECTED_CCS},
    {"1.3 client: application data inside the Certificate", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     rec13_data_inside_cert, UNEXPECTED},
    {"1.3 client: application data before Finished", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     data_before_finished, UNEXPECTED},
    {"1.3 client: heartbeat record", V13, CLIENT, AT_SERVER_FLIGHT, 0, rec13_heartbeat, UNEXPECTED},
    {"1.3 client: alert of unknown level 7", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     alert_level_7_before_finished, ILLEGAL},
    {"1.3 client: warning-level certificate_expired is an error", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     rec13_warning_alert, PEER_ALERT},
    {"1.3 client: fatal alert in the server flight", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     rec13_fatal_alert, PEER_ALERT},
    {"1.3 client: user_canceled warning flood", V13, CLIENT, AT_SERVER_FLIGHT, 0,
     rec13_user_canceled_flood, WARNINGS},
    {"1.3 client: ChangeCipherSpec flood", V13, CLIENT, AT_SERVER_FLIGHT, 0, rec13_ccs_flood,
     FAILS(WARD_E_TOO_MANY_EMPTY, ALERT_UNEXPECTED_MESSAGE)},

    /* Server: the client's flight. */
    {"1.3 server: client Finished does not verify", V13, SERVER, AT_CLIENT_FLIGHT, 0, finished_flip,
     BAD_FINISHED},
    {"1.3 server: client Finished one byte short", V13, SERVER, AT_CLIENT_FLIGHT, 0,
     finished_cut_one, DECODE},
    {"1.3 server: zero-length client Finished", V13, SERVER, AT_CLIENT_FLIGHT, 0, finished_empty,
     DECODE},
    {"1.3 server: client Finished record tag flipped", V13, SERVER, AT_CLIENT_FLIGHT, 0,
     flip_last_record, BAD_MAC},
    {"1.3 server: client Finished in the clear", V13, SERVER, AT_CLIENT_FLIGHT, 0,
     finished_in_clear13, UNEXPECTED},
    {"1.3 server: client Finished inner plaintext over 2^14 + 1", V13, SERVER, AT_CLIENT_FLIGHT, 0,
     finished_inner_too_long, OVERFLOW},
    {"1.3 server: application data before the client Finished", V13, SERVER, AT_CLIENT_FLIGHT, 0,
     data_before_finished, UNEXPECTED},
    {"1.3 server: empty protected handshake record", V13, SERVER, AT_CLIENT_FLIGHT, 0,
     empty_handshake_before_finished, EMPTY},
    {"1.3 server: alert of unknown level 7 in the client flight", V13, SERVER, AT_CLIENT_FLIGHT, 0,
     alert_level_7_before_finished, ILLEGAL},
    {"1.3 server: ChangeCipherSpec of value 2", V13, SERVER, AT_CLIENT_FLIGHT, 0, ccs_value_2,
     UNEXPECTED_CCS},
    /* RFC 8446 5: a CCS after the peer's Finished is unexpected_message. */
    {"1.3 server: ChangeCipherSpec after the client Finished", V13, SERVER, AT_CLIENT_FLIGHT, 0,
     ccs_at_end, UNEXPECTED_CCS},
    {"1.3 server: client Certificate not requested", V13, SERVER, AT_CLIENT_FLIGHT, 0,
     cert13_unrequested, UNEXPECTED},
    {"1.3 server: ClientHello in the client flight", V13, SERVER, AT_CLIENT_FLIGHT, 0,
     client_hello_before_finished, UNEXPECTED},
    {"1.3 server: KeyUpdate before the client Finished", V13, SERVER, AT_CLIENT_FLIGHT, 0,
     key_update_before_finished, UNEXPECTED},
    {"1.3 server: EndOfEarlyData without early data", V13, SERVER, AT_CLIENT_FLIGHT, 0,
     end_of_early_data_before_finished, UNEXPECTED},
    {"1.3 server: required client Certificate empty", V13, SERVER, AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, cert13_empty,
     FAILS(WARD_E_CERT_REQUIRED, ALERT_CERTIFICATE_REQUIRED)},
    {"1.3 server: client Certificate one byte short", V13, SERVER, AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, cert13_cut_one, DECODE},
    {"1.3 server: client Certificate with an unknown context", V13, SERVER, AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, cert13_context, ILLEGAL},
    {"1.3 server: client certificate from an unknown CA", V13, SERVER, AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, cert13_foreign, FAILS(WARD_E_UNKNOWN_CA, ALERT_UNKNOWN_CA)},
    {"1.3 server: client CertificateVerify signature flipped", V13, SERVER, AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, cv_bad_signature, BAD_SIGNATURE},
    {"1.3 server: client CertificateVerify scheme not offered", V13, SERVER, AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, cv_scheme_not_offered, ILLEGAL},
    {"1.3 server: client CertificateVerify missing", V13, SERVER, AT_CLIENT_FLIGHT,
     O_MTLS_REQUIRE | O_CLIENT_CERT, drop_cv, UNEXPECTED},
    {"1.3 server: client Certificate and CertificateVerify records swapped", V13, SERVER,
     AT_CLIENT_FLIGHT, O_MTLS_REQUIRE | O_CLIENT_CERT, rec13_swap_cert_cv, BAD_MAC},

    /* Client: NewSessionTicket. */
    {"1.3 client: NewSessionTicket one byte short", V13, CLIENT, AT_SERVER_FINISHED, 0,
     nst13_cut_one, DECODE},
    {"1.3 client: NewSessionTicket trailing byte", V13, CLIENT, AT_SERVER_FINISHED, 0,
     nst13_trailing, TRAILING},
    {"1.3 client: NewSessionTicket with key_share", V13, CLIENT, AT_SERVER_FINISHED, 0,
     nst13_key_share, NOT_ALLOWED},
    {"1.3 client: NewSessionTicket repeats early_data", V13, CLIENT, AT_SERVER_FINISHED, 0,
     nst13_dup_early_data, DUPLICATE},
    {"1.3 client: NewSessionTicket record tag flipped", V13, CLIENT, AT_SERVER_FINISHED, 0,
     flip_last_record, BAD_MAC},

    /* After the handshake. */
    {"1.3 client: record tag flipped after the handshake", V13, CLIENT, AT_DATA_TO_CLIENT, 0,
     flip_last_record, BAD_MAC},
    {"1.3 server: record tag flipped after the handshake", V13, SERVER, AT_DATA_TO_SERVER, 0,
     flip_last_record, BAD_MAC},
    {"1.3 client: application data record replayed", V13, CLIENT, AT_DATA_TO_CLIENT, 0, replay_data,
     BAD_MAC},
    {"1.3 server: application data records out of order", V13, SERVER, AT_DATA_TO_SERVER, 0,
     reorder_data, BAD_MAC},
    {"1.3 client: plaintext application data after the handshake", V13, CLIENT, AT_DATA_TO_CLIENT,
     0, plain_data_after, BAD_MAC},
    {"1.3 server: plaintext KeyUpdate after the handshake", V13, SERVER, AT_DATA_TO_SERVER, 0,
     plain_key_update_after, UNEXPECTED},
    {"1.3 server: ChangeCipherSpec after the handshake", V13, SERVER, AT_DATA_TO_SERVER, 0,
     ccs_at_end, UNEXPECTED_CCS},
    {"1.3 client: ChangeCipherSpec after the handshake", V13, CLIENT, AT_DATA_TO_CLIENT, 0,
     ccs_at_end, UNEXPECTED_CCS},
    {"1.3 client: protected ChangeCipherSpec after the handshake", V13, CLIENT, AT_DATA_TO_CLIENT,
     0, protected_ccs_after, UNEXPECTED_CCS},
    {"1.3 client: alert of unknown level after the handshake", V13, CLIENT, AT_DATA_TO_CLIENT, 0,
     alert_level_7_after, ILLEGAL},
    {"1.3 server: empty alert record after the handshake", V13, SERVER, AT_DATA_TO_SERVER, 0,
     empty_alert_after, EMPTY},
    {"1.3 server: inner plaintext over 2^14 + 1 after the handshake", V13, SERVER,
     AT_DATA_TO_SERVER, 0, data_inner_too_long, OVERFLOW},
    /* RFC 8446 4.6.3: request_update other than 0 or 1 is illegal_parameter. */
    {"1.3 server: KeyUpdate request_update 2", V13, SERVER, AT_DATA_TO_SERVER, 0, key_update_2,
     ILLEGAL},
    {"1.3 client: KeyUpdate trailing byte", V13, CLIENT, AT_DATA_TO_CLIENT, 0, key_update_trailing,
     TRAILING},
    {"1.3 client: zero-length KeyUpdate", V13, CLIENT, AT_DATA_TO_CLIENT, 0, key_update_empty,
     DECODE},
    {"1.3 client: KeyUpdate and the next message in one record", V13, CLIENT, AT_DATA_TO_CLIENT, 0,
     key_update_spans_key_change, UNEXPECTED},
    {"1.3 server: half a KeyUpdate, then application data", V13, SERVER, AT_DATA_TO_SERVER, 0,
     partial_handshake_then_data, UNEXPECTED},
    {"1.3 server: NewSessionTicket from the client", V13, SERVER, AT_DATA_TO_SERVER, 0, nst_after,
     UNEXPECTED},
    {"1.3 server: ClientHello after the handshake", V13, SERVER, AT_DATA_TO_SERVER, 0,
     client_hello_after, UNEXPECTED},
    {"1.3 server: Finished after the handshake", V13, SERVER, AT_DATA_TO_SERVER, 0, finished_after,
     UNEXPECTED},
    /* Post-handshake authentication was not offered. */
    {"1.3 client: CertificateRequest after the handshake", V13, CLIENT, AT_DATA_TO_CLIENT, 0,
     cert_request_after, UNEXPECTED},
    {"1.3 client: HelloRequest after the handshake", V13, CLIENT, AT_DATA_TO_CLIENT, 0,
     hello_request_after, UNEXPECTED},
    {"1.3 server: heartbeat after the handshake", V13, SERVER, AT_DATA_TO_SERVER, O_HEARTBEAT,
     heartbeat_after, UNEXPECTED},
};

int main(void)
{
    enum { N = sizeof cases / sizeof cases[0] };
    struct CMUnitTest tests[N];
    for (size_t i = 0; i < N; i++)
        tests[i] = (struct CMUnitTest){
            .name = cases[i].name, .test_func = hostile_run, .initial_state = (void *)&cases[i]};
    return cmocka_run_group_tests_name("hostile", tests, hostile_setup, hostile_teardown);
}
