/* legacy_hostile_test.c -- the legacy suites against a hostile peer: every
 * malformed RSA premaster secret ends the same way (Bleichenbacher / ROBOT),
 * DH groups that are not RFC 7919's are refused (Logjam), DH public values out
 * of range are refused both ways, encrypt_then_mac the client did not ask for
 * (or with an AEAD suite) is refused, and messages the RSA key exchange does
 * not have, or framed wrongly, are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hs_flight.h"
#include "legacy_pair.h"
#include "msg/msg.h"
#include "policy.h"
#include "rsa_pms.h"

static int teardown(void **state)
{
    (void)state;
    lpki_free();
    return 0;
}

/* Client and server of the legacy policy, the client offering only suite. */
static void pair_for(lpair *p, const char *suite)
{
    lpair_configs(p, "legacy", "legacy");
    assert_int_equal(ward_config_set_suites(p->ccfg, suite), WARD_OK);
}

/* Runs the first hs_flight of each side: afterwards the client's ClientHello is
 * in *ch_flight (already fed to the server) and the server's first hs_flight is
 * taken into *s_flight, not yet fed. */
static void first_flights(lpair *p, hs_flight *ch_flight, hs_flight *s_flight)
{
    lpair_conns(p);
    assert_int_equal(ward_conn_handshake(p->c), WARD_WANT_READ);
    hs_flight_take(p->c, ch_flight);
    assert_int_equal(hs_flight_feed(ch_flight, p->s), WARD_OK);
    assert_int_equal(ward_conn_handshake(p->s), WARD_WANT_READ);
    hs_flight_take(p->s, s_flight);
}

static void expect_alert(ward_conn *c, int rc, int err, uint8_t alert)
{
    assert_int_equal(rc, err);
    assert_int_equal(ward_conn_error(c), err);
    uint8_t level, desc;
    assert_true(test_plain_alert(c, &level, &desc));
    assert_int_equal(level, 2);
    assert_int_equal(desc, alert);
}

/* ---- RSA key exchange: every malformed premaster ends alike ---- */

typedef struct observed {
    int rc, err;
    uint8_t out[64];
    size_t out_len;
    char trace[8192];
} observed;

/* What the server shows: every message and record it sends, every note, and
 * the kinds (not the sizes) of what it receives. */
static void observe(void *arg, int dir, ward_trace_kind kind, const uint8_t *b, size_t len)
{
    observed *o = arg;
    size_t used = strlen(o->trace);
    char *at = o->trace + used;
    size_t room = sizeof o->trace - used;
    if (kind == WARD_TRACE_NOTE)
        snprintf(at, room, "note %.*s\n", (int)len, (const char *)b);
    else if (dir == WARD_TRACE_OUT)
        snprintf(at, room, "out %d %zu %d\n", kind, len, len ? b[0] : -1);
    else
        snprintf(at, room, "in %d %d\n", kind, kind == WARD_TRACE_HANDSHAKE ? b[0] : -1);
}

enum { CASE_OTHER_PMS = RSA_PMS_KINDS, CASE_OVERSIZE, CASE_EMPTY, N_CASES };

/* The EncryptedPreMasterSecret for a case (u16 length included). */
static size_t rsa_case_body(int which, uint8_t *body)
{
    cert_chain *chain;
    pkey *pub;
    const test_pki *k = lpki_rsa();
    assert_int_equal(cert_chain_from_pem(k->chain_pem, strlen(k->chain_pem), &chain), WARD_OK);
    assert_int_equal(cert_chain_leaf_key(chain, &pub), WARD_OK);
    uint8_t pms[RSA_KX_PMS_LEN];
    assert_int_equal(crypto_random(pms, sizeof pms), WARD_OK);
    size_t len = 0;
    if (which == CASE_OTHER_PMS) /* well formed, but not the client's secret */
        len = rsa_pms_make(pub, RSA_PMS_GOOD, pms, body + 2);
    else if (which == CASE_OVERSIZE) {
        len = rsa_pms_make(pub, RSA_PMS_GOOD, pms, body + 2);
        body[2 + len++] = 0;
    } else if (which != CASE_EMPTY)
        len = rsa_pms_make(pub, (rsa_pms_kind)which, pms, body + 2);
    body[0] = (uint8_t)(len >> 8);
    body[1] = (uint8_t)len;
    pkey_free(pub);
    cert_chain_free(chain);
    return 2 + len;
}

static void rsa_case(const char *suite, int which, observed *o)
{
    memset(o, 0, sizeof *o);
    lpair p;
    pair_for(&p, suite);
    ward_config_set_trace(p.scfg, observe, o);
    hs_flight ch, sf, cf;
    first_flights(&p, &ch, &sf);
    assert_int_equal(hs_flight_feed(&sf, p.c), WARD_OK);
    assert_int_equal(ward_conn_handshake(p.c), WARD_WANT_READ);
    /* The client's ClientKeyExchange, ChangeCipherSpec and Finished, with the
     * ciphertext replaced. */
    hs_flight_take(p.c, &cf);
    uint8_t body[2 + CRYPTO_MAX_SIG + 1];
    hs_flight_replace(&cf, HS_CLIENT_KEY_EXCHANGE, body, rsa_case_body(which, body));
    assert_int_equal(hs_flight_feed(&cf, p.s), WARD_OK);
    o->rc = ward_conn_handshake(p.s);
    o->err = ward_conn_error(p.s);
    const uint8_t *out;
    o->out_len = ward_conn_pending(p.s, &out);
    assert_true(o->out_len <= sizeof o->out);
    memcpy(o->out, out, o->out_len);
    hs_flight_free(&ch);
    hs_flight_free(&sf);
    hs_flight_free(&cf);
    lpair_free(&p);
}

/* RFC 5246 7.4.7.1: bad padding, a wrong length, a wrong version, a wrong
 * ciphertext size (short, long, empty) and a well-formed secret that is not
 * the client's: the server goes on each time and fails at the client's
 * Finished record, which it cannot authenticate -- one plaintext
 * bad_record_mac alert, after exactly the same messages. */
static void test_rsa_malformed_premaster_alike(void **state)
{
    (void)state;
    static const char *const suites[] = {"TLS_RSA_WITH_AES_128_GCM_SHA256",
                                         "TLS_RSA_WITH_AES_256_CBC_SHA256"};
    static const uint8_t alert[] = {21, 3, 3, 0, 2, 2, 20}; /* fatal bad_record_mac */
    static observed first, o;
    for (size_t s = 0; s < 2; s++) {
        rsa_case(suites[s], CASE_OTHER_PMS, &first);
        assert_int_equal(first.rc, WARD_E_BAD_RECORD_MAC);
        assert_int_equal(first.out_len, sizeof alert);
        assert_memory_equal(first.out, alert, sizeof alert);
        for (int which = RSA_PMS_BAD_PADDING; which < N_CASES; which++) {
            rsa_case(suites[s], which, &o);
            if (o.rc != first.rc || o.err != first.err || o.out_len != first.out_len ||
                memcmp(o.out, first.out, o.out_len) != 0 || strcmp(o.trace, first.trace) != 0)
                fail_msg("%s, case %d (%s) differs: rc %d vs %d\n%s\n--- vs ---\n%s", suites[s],
                         which,
                         which < RSA_PMS_KINDS ? rsa_pms_kind_name((rsa_pms_kind)which) : "size",
                         o.rc, first.rc, o.trace, first.trace);
        }
    }
}

/* Framing is not secret: a length that disagrees with the message is a
 * decode_error, as for any message. */
static void test_rsa_cke_framing(void **state)
{
    (void)state;
    static const uint8_t short_body[] = {0x01, 0x00, 0xaa, 0xbb, 0xcc};
    lpair p;
    pair_for(&p, "TLS_RSA_WITH_AES_256_GCM_SHA384");
    hs_flight ch, sf, cf;
    first_flights(&p, &ch, &sf);
    assert_int_equal(hs_flight_feed(&sf, p.c), WARD_OK);
    assert_int_equal(ward_conn_handshake(p.c), WARD_WANT_READ);
    hs_flight_take(p.c, &cf);
    hs_flight_replace(&cf, HS_CLIENT_KEY_EXCHANGE, short_body, sizeof short_body);
    assert_int_equal(hs_flight_feed(&cf, p.s), WARD_OK);
    expect_alert(p.s, ward_conn_handshake(p.s), WARD_E_DECODE, 50);
    hs_flight_free(&ch);
    hs_flight_free(&sf);
    hs_flight_free(&cf);
    lpair_free(&p);
}

/* RFC 5246 7.4.3: no ServerKeyExchange with the RSA key exchange. */
static void test_rsa_ske_unexpected(void **state)
{
    (void)state;
    static const uint8_t ske[] = {HS_SERVER_KEY_EXCHANGE, 0, 0, 9, 0, 1, 7, 0, 1, 2, 0, 1, 5};
    lpair p;
    pair_for(&p, "TLS_RSA_WITH_AES_128_CBC_SHA256");
    hs_flight ch, sf;
    first_flights(&p, &ch, &sf);
    hs_flight_insert(&sf, HS_SERVER_HELLO_DONE, ske, sizeof ske);
    assert_int_equal(hs_flight_feed(&sf, p.c), WARD_OK);
    expect_alert(p.c, ward_conn_handshake(p.c), WARD_E_UNEXPECTED_MESSAGE, 10);
    hs_flight_free(&ch);
    hs_flight_free(&sf);
    lpair_free(&p);
}

/* ---- DHE: groups and public values ---- */

/* The body of a ServerKeyExchange to put in place of the server's: dh (or,
 * when NULL, the server's own params), the server's scheme, and either a new
 * signature by the server's key over the real randoms or (sign = false) the
 * server's old signature. */
static size_t dhe_ske(const hs_flight *ch, const hs_flight *sf, const server_dh_params *dh,
                      bool sign, uint8_t *out, size_t cap)
{
    uint8_t *body, *chb, *shb, sig[CRYPTO_MAX_SIG];
    size_t len, ch_len, sh_len, sig_len;
    assert_true(hs_flight_body(sf, HS_SERVER_KEY_EXCHANGE, &body, &len));
    assert_true(hs_flight_body(ch, HS_CLIENT_HELLO, &chb, &ch_len));
    assert_true(hs_flight_body(sf, HS_SERVER_HELLO, &shb, &sh_len));
    server_dh_params old;
    server_key_exchange ske;
    assert_int_equal(server_key_exchange_dhe_parse(reader_of(body, len), &old, &ske), WARD_OK);
    if (dh == NULL)
        dh = &old;
    sig_len = ske.sig_len;
    memcpy(sig, ske.sig, sig_len);
    if (sign) {
        writer content;
        writer_init_dynamic(&content, 1024);
        writer_bytes(&content, chb + 2, 32); /* client_random */
        writer_bytes(&content, shb + 2, 32); /* server_random */
        ske_dh_params_write(&content, dh);
        assert_int_equal(writer_finish(&content), WARD_OK);
        pkey *key;
        const test_pki *k = lpki_rsa();
        assert_int_equal(pkey_from_pem(k->key_pem, strlen(k->key_pem), &key), WARD_OK);
        assert_int_equal(
            sig_sign(key, ske.scheme, content.p, content.len, sig, sizeof sig, &sig_len), WARD_OK);
        pkey_free(key);
        writer_free(&content);
    }
    writer w;
    writer_init_fixed(&w, out, cap);
    assert_int_equal(server_key_exchange_dhe_write(&w, dh, ske.scheme, sig, sig_len), WARD_OK);
    memmove(out, out + 4, w.len - 4); /* the body only */
    return w.len - 4;
}

/* A DHE handshake with the server's params replaced: the client's result
 * after the server's first hs_flight. */
static int dhe_with(lpair *p, const server_dh_params *dh, bool sign, const char *client_groups)
{
    pair_for(p, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
    if (client_groups)
        assert_int_equal(ward_config_set_groups(p->ccfg, client_groups), WARD_OK);
    hs_flight ch, sf;
    first_flights(p, &ch, &sf);
    uint8_t body[4096];
    size_t len = dhe_ske(&ch, &sf, dh, sign, body, sizeof body);
    hs_flight_replace(&sf, HS_SERVER_KEY_EXCHANGE, body, len);
    assert_int_equal(hs_flight_feed(&sf, p->c), WARD_OK);
    hs_flight_free(&ch);
    hs_flight_free(&sf);
    return ward_conn_handshake(p->c);
}

static void dh_case_groups(const server_dh_params *dh, bool sign, const char *client_groups,
                           int err, uint8_t alert)
{
    lpair p;
    int rc = dhe_with(&p, dh, sign, client_groups);
    if (err == WARD_OK)
        assert_int_equal(rc, WARD_WANT_READ); /* accepted: its second hs_flight went out */
    else
        expect_alert(p.c, rc, err, alert);
    lpair_free(&p);
}

static void dh_case(const server_dh_params *dh, bool sign, int err, uint8_t alert)
{
    dh_case_groups(dh, sign, NULL, err, alert);
}

static const uint8_t two[] = {2};

static size_t ffdhe2048_p(uint8_t *p)
{
    uint8_t g[4];
    size_t p_len, g_len;
    assert_int_equal(kx_ffdhe_params(GROUP_FFDHE2048, p, CRYPTO_MAX_PUB, &p_len, g, 4, &g_len),
                     WARD_OK);
    assert_int_equal(p_len, 256);
    return p_len;
}

/* Logjam: a 1024-bit group, another generator, a prime one bit off -- each
 * validly signed -- are refused with insufficient_security. */
static void test_dh_group_not_rfc7919(void **state)
{
    (void)state;
    uint8_t p[CRYPTO_MAX_PUB], ys[256];
    static const uint8_t five[] = {5};
    ffdhe2048_p(p);
    memset(ys, 0x55, sizeof ys);
    server_dh_params small = {.p = p, .g = two, .ys = ys, .p_len = 128, .g_len = 1, .ys_len = 128};
    dh_case(&small, true, WARD_E_INSUFFICIENT_SECURITY, 71);
    server_dh_params g5 = {.p = p, .g = five, .ys = ys, .p_len = 256, .g_len = 1, .ys_len = 256};
    dh_case(&g5, true, WARD_E_INSUFFICIENT_SECURITY, 71);
    p[100] ^= 0x10;
    server_dh_params off = {.p = p, .g = two, .ys = ys, .p_len = 256, .g_len = 1, .ys_len = 256};
    dh_case(&off, true, WARD_E_INSUFFICIENT_SECURITY, 71);
}

/* A client that lists FFDHE groups refuses another RFC 7919 group, validly
 * signed; listing none, it takes any of them. */
static void test_dh_group_not_listed(void **state)
{
    (void)state;
    uint8_t p[CRYPTO_MAX_PUB];
    size_t n = ffdhe2048_p(p);
    server_dh_params dh = {.p = p, .g = two, .ys = two, .p_len = n, .g_len = 1, .ys_len = 1};
    dh_case_groups(&dh, true, "x25519,ffdhe3072", WARD_E_INSUFFICIENT_SECURITY, 71);
    dh_case_groups(&dh, true, "x25519,ffdhe2048", WARD_OK, 0);
    dh_case_groups(&dh, true, "x25519", WARD_OK, 0);
}

/* The server's value: 0, 1, p - 1, p and one longer than p are refused with
 * illegal_parameter (RFC 7919 5.1), each validly signed; the server's own
 * value, re-signed the same way, is accepted, and a changed value under the
 * old signature fails the signature. */
static void test_dh_server_value_range(void **state)
{
    (void)state;
    uint8_t p[CRYPTO_MAX_PUB], p1[CRYPTO_MAX_PUB], big[257] = {1};
    static const uint8_t zero[] = {0}, one[] = {0, 0, 1};
    size_t n = ffdhe2048_p(p);
    memcpy(p1, p, n);
    p1[n - 1]--; /* p ends with 0xff */
    const struct {
        const uint8_t *v;
        size_t len;
    } bad[] = {{zero, 1}, {one, 3}, {p1, n}, {p, n}, {big, sizeof big}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        server_dh_params dh = {
            .p = p, .g = two, .ys = bad[i].v, .p_len = n, .g_len = 1, .ys_len = bad[i].len};
        dh_case(&dh, true, WARD_E_BAD_KEY_SHARE, 47);
    }
    dh_case(NULL, true, WARD_OK, 0);
    server_dh_params g2 = {.p = p, .g = two, .ys = two, .p_len = n, .g_len = 1, .ys_len = 1};
    dh_case(&g2, false, WARD_E_BAD_SIGNATURE, 51);
}

/* The client's value, at the server: the same range. */
static void test_dh_client_value_range(void **state)
{
    (void)state;
    uint8_t p[CRYPTO_MAX_PUB], body[2 + 257];
    size_t n = ffdhe2048_p(p);
    const size_t lens[] = {1, 1, n, n, 257};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        memset(body + 2, 0, sizeof body - 2);
        if (i < 2)
            body[2] = (uint8_t)i; /* 0, 1 */
        else if (i < 4) {
            memcpy(body + 2, p, n); /* p - 1, p */
            body[2 + n - 1] = (uint8_t)(body[2 + n - 1] - (i == 2));
        } else
            body[2] = 1; /* 2^2048: one byte too long */
        body[0] = (uint8_t)(lens[i] >> 8);
        body[1] = (uint8_t)lens[i];
        lpair pr;
        pair_for(&pr, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
        hs_flight ch, sf, cf;
        first_flights(&pr, &ch, &sf);
        assert_int_equal(hs_flight_feed(&sf, pr.c), WARD_OK);
        assert_int_equal(ward_conn_handshake(pr.c), WARD_WANT_READ);
        hs_flight_take(pr.c, &cf);
        hs_flight_replace(&cf, HS_CLIENT_KEY_EXCHANGE, body, 2 + lens[i]);
        assert_int_equal(hs_flight_feed(&cf, pr.s), WARD_OK);
        expect_alert(pr.s, ward_conn_handshake(pr.s), WARD_E_BAD_KEY_SHARE, 47);
        hs_flight_free(&ch);
        hs_flight_free(&sf);
        hs_flight_free(&cf);
        lpair_free(&pr);
    }
}

/* ---- encrypt_then_mac in a ServerHello ---- */

/* A ServerHello body with one more extension at the end of its block. */
static size_t sh_add_ext(const uint8_t *b, size_t len, const uint8_t *ext, size_t ext_len,
                         uint8_t *out)
{
    size_t fixed = 2 + 32 + 1 + b[34] + 2 + 1;
    size_t block = len > fixed ? (size_t)b[fixed] << 8 | b[fixed + 1] : 0;
    memcpy(out, b, fixed);
    out[fixed] = (uint8_t)((block + ext_len) >> 8);
    out[fixed + 1] = (uint8_t)(block + ext_len);
    memcpy(out + fixed + 2, b + fixed + 2, block);
    memcpy(out + fixed + 2 + block, ext, ext_len);
    return fixed + 2 + block + ext_len;
}

/* RFC 7366 2: only as the answer to the client's; 3: never with an AEAD suite;
 * the extension is empty. */
static void test_etm_in_server_hello(void **state)
{
    (void)state;
    static const uint8_t empty[] = {0, 22, 0, 0}, filled[] = {0, 22, 0, 1, 0};
    static const struct {
        const char *client_policy, *client_suites;
        bool server_etm;
        const uint8_t *ext;
        size_t ext_len;
        int err;
        uint8_t alert;
    } cases[] = {
        /* a default client never asks for it */
        {"default", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", true, empty, 4,
         WARD_E_UNSOLICITED_EXTENSION, 110},
        /* asked for with CBC suites, answered with an AEAD one */
        {"legacy", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", true,
         empty, 4, WARD_E_ILLEGAL_PARAMETER, 47},
        /* a body where none may be */
        {"legacy", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", false, filled, 5, WARD_E_TRAILING_BYTES,
         50},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lpair p;
        lpair_configs(&p, cases[i].client_policy, "legacy");
        assert_int_equal(ward_config_set_versions(p.ccfg, 0x0303, 0x0303), WARD_OK);
        assert_int_equal(ward_config_set_suites(p.ccfg, cases[i].client_suites), WARD_OK);
        ward_config_set_encrypt_then_mac(p.scfg, cases[i].server_etm);
        hs_flight ch, sf;
        first_flights(&p, &ch, &sf);
        uint8_t *b, out[512];
        size_t len;
        assert_true(hs_flight_body(&sf, HS_SERVER_HELLO, &b, &len));
        assert_true(len + cases[i].ext_len + 2 <= sizeof out);
        len = sh_add_ext(b, len, cases[i].ext, cases[i].ext_len, out);
        hs_flight_replace(&sf, HS_SERVER_HELLO, out, len);
        assert_int_equal(hs_flight_feed(&sf, p.c), WARD_OK);
        expect_alert(p.c, ward_conn_handshake(p.c), cases[i].err, cases[i].alert);
        hs_flight_free(&ch);
        hs_flight_free(&sf);
        lpair_free(&p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rsa_malformed_premaster_alike),
        cmocka_unit_test(test_rsa_cke_framing),
        cmocka_unit_test(test_rsa_ske_unexpected),
        cmocka_unit_test(test_dh_group_not_rfc7919),
        cmocka_unit_test(test_dh_group_not_listed),
        cmocka_unit_test(test_dh_server_value_range),
        cmocka_unit_test(test_dh_client_value_range),
        cmocka_unit_test(test_etm_in_server_hello),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
