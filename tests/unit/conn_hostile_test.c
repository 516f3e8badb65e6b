/* conn_hostile_test.c -- bad input to the server and the client: each case
 * gets its exact fatal alert, the connection stays dead, nothing crashes
 * (and, under ASan, nothing leaks). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conn.h"
#include "pair.h"

static test_pki pki;

static int setup(void **state)
{
    (void)state;
    test_pki_make(&pki, KEY_EC_P256);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    test_pki_free(&pki);
    return 0;
}

/* Feeds raw bytes to a fresh server; returns its handshake result and the
 * plaintext alert it queued. */
static int server_gets(const uint8_t *bytes, size_t n, uint8_t *alert)
{
    ward_config *cfg = test_server_config(&pki);
    ward_conn *s = ward_conn_new(cfg);
    assert_int_equal(ward_conn_feed(s, bytes, n), WARD_OK);
    int rc = ward_conn_handshake(s);
    uint8_t level = 0;
    *alert = 0xff;
    if (rc < 0) {
        if (test_plain_alert(s, &level, alert)) {
            assert_int_equal(level, 2);
        } else {
            /* Once the server has keys its alert is protected: the output must
             * end with a protected record and the error map names the alert. */
            const uint8_t *out;
            assert_true(ward_conn_pending(s, &out) > 0);
            *alert = (uint8_t)ward_error_alert(rc);
        }
        /* Dead for good: the same error from every call. */
        assert_int_equal(ward_conn_handshake(s), rc);
        assert_int_equal(ward_conn_feed(s, bytes, n), rc);
        uint8_t b[4];
        size_t got;
        assert_int_equal(ward_conn_read(s, b, sizeof b, &got), rc);
        assert_int_equal(ward_conn_write(s, b, 1), rc);
    }
    ward_conn_free(s);
    ward_config_free(cfg);
    return rc;
}

/* Options for a hand-made ClientHello. */
typedef struct ch_opts {
    bool dup_ext, no_versions, tls12_only, bad_point, no_sigalgs, deflate, trailing, early_data;
    uint16_t legacy_version; /* 0: 0x0303 */
} ch_opts;

/* A minimal TLS 1.3 ClientHello in a plaintext record. */
static size_t make_client_hello(const ch_opts *o, uint8_t *out, size_t cap)
{
    writer w;
    writer_init_fixed(&w, out, cap);
    writer_u8(&w, 22);
    writer_u16(&w, 0x0301);
    size_t rec = writer_open(&w, 2);
    size_t msg = msg_begin(&w, HS_CLIENT_HELLO);
    writer_u16(&w, o->legacy_version ? o->legacy_version : 0x0303);
    writer_zeros(&w, 32); /* random */
    writer_u8(&w, 0);     /* session id */
    writer_u16(&w, 2);
    writer_u16(&w, 0x1301);
    writer_u8(&w, o->deflate ? 2 : 1);
    writer_u8(&w, 0);
    if (o->deflate)
        writer_u8(&w, 1);
    size_t exts = writer_open(&w, 2);
    if (!o->no_versions) {
        writer_u16(&w, EXT_SUPPORTED_VERSIONS);
        writer_u16(&w, 3);
        writer_u8(&w, 2);
        writer_u16(&w, o->tls12_only ? 0x0303 : 0x0304);
    }
    writer_u16(&w, EXT_SUPPORTED_GROUPS);
    writer_u16(&w, 4);
    writer_u16(&w, 2);
    writer_u16(&w, GROUP_X25519);
    if (!o->no_sigalgs) {
        writer_u16(&w, EXT_SIGNATURE_ALGORITHMS);
        writer_u16(&w, 4);
        writer_u16(&w, 2);
        writer_u16(&w, SIG_ECDSA_SECP256R1_SHA256);
    }
    if (o->early_data) {
        writer_u16(&w, EXT_EARLY_DATA);
        writer_u16(&w, 0);
    }
    for (int i = 0; i < (o->dup_ext ? 2 : 1); i++) {
        writer_u16(&w, EXT_KEY_SHARE);
        writer_u16(&w, 2 + 4 + 32);
        writer_u16(&w, 4 + 32);
        writer_u16(&w, GROUP_X25519);
        writer_u16(&w, 32);
        /* A valid X25519 public value is any 32 bytes except those that give an
         * all-zero secret; zero itself is one of those. */
        uint8_t key[32];
        memset(key, o->bad_point ? 0 : 9, sizeof key);
        if (!o->bad_point)
            key[31] = 0x11;
        writer_bytes(&w, key, sizeof key);
    }
    writer_close(&w, exts);
    if (o->trailing)
        writer_u8(&w, 0);
    msg_end(&w, msg);
    writer_close(&w, rec);
    assert_int_equal(writer_finish(&w), WARD_OK);
    return w.len;
}

static void expect_server_alert(const ch_opts *o, int alert)
{
    uint8_t buf[512], got;
    size_t n = make_client_hello(o, buf, sizeof buf);
    int rc = server_gets(buf, n, &got);
    assert_true(rc < 0);
    assert_int_equal(got, alert);
}

static void test_valid_hand_made_hello_is_accepted(void **state)
{
    (void)state;
    ch_opts o = {0};
    uint8_t buf[512], alert;
    size_t n = make_client_hello(&o, buf, sizeof buf);
    assert_int_equal(server_gets(buf, n, &alert), WARD_WANT_READ);
}

static void test_garbage_instead_of_record(void **state)
{
    (void)state;
    static const char http[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    uint8_t alert;
    assert_int_equal(server_gets((const uint8_t *)http, sizeof http - 1, &alert),
                     WARD_E_BAD_RECORD_TYPE);
    assert_int_equal(alert, ALERT_UNEXPECTED_MESSAGE);
}

static void test_record_overflow(void **state)
{
    (void)state;
    uint8_t hdr[5] = {22, 3, 3, 0x40, 0x01}; /* 2^14 + 1 */
    uint8_t alert;
    assert_int_equal(server_gets(hdr, sizeof hdr, &alert), WARD_E_RECORD_OVERFLOW);
    assert_int_equal(alert, ALERT_RECORD_OVERFLOW);
}

static void test_wrong_message_first(void **state)
{
    (void)state;
    uint8_t fin[] = {22, 3, 3, 0, 36, HS_FINISHED, 0, 0, 32};
    uint8_t buf[64] = {0};
    memcpy(buf, fin, sizeof fin);
    uint8_t alert;
    assert_int_equal(server_gets(buf, 5 + 36, &alert), WARD_E_UNEXPECTED_MESSAGE);
    assert_int_equal(alert, ALERT_UNEXPECTED_MESSAGE);
}

static void test_empty_handshake_record(void **state)
{
    (void)state;
    uint8_t rec[] = {22, 3, 1, 0, 0};
    uint8_t alert;
    assert_int_equal(server_gets(rec, sizeof rec, &alert), WARD_E_EMPTY_RECORD);
    assert_int_equal(alert, ALERT_UNEXPECTED_MESSAGE);
}

static void test_ccs_before_client_hello(void **state)
{
    (void)state;
    uint8_t rec[] = {20, 3, 3, 0, 1, 1};
    uint8_t alert;
    assert_int_equal(server_gets(rec, sizeof rec, &alert), WARD_E_UNEXPECTED_CCS);
    assert_int_equal(alert, ALERT_UNEXPECTED_MESSAGE);
}

static void test_alert_of_unknown_level(void **state)
{
    (void)state;
    uint8_t rec[] = {21, 3, 3, 0, 2, 7, 40};
    uint8_t alert;
    assert_int_equal(server_gets(rec, sizeof rec, &alert), WARD_E_ILLEGAL_PARAMETER);
    assert_int_equal(alert, ALERT_ILLEGAL_PARAMETER);
}

static void test_hello_defects(void **state)
{
    (void)state;
    expect_server_alert(&(ch_opts){.dup_ext = true}, ALERT_ILLEGAL_PARAMETER);
    expect_server_alert(&(ch_opts){.bad_point = true}, ALERT_ILLEGAL_PARAMETER);
    /* TLS 1.2 hellos offering only a TLS 1.3 suite: nothing in common. */
    expect_server_alert(&(ch_opts){.no_versions = true}, ALERT_HANDSHAKE_FAILURE);
    expect_server_alert(&(ch_opts){.tls12_only = true}, ALERT_HANDSHAKE_FAILURE);
    /* SSL 3.0, TLS 1.0 and TLS 1.1 hellos: protocol_version, always. */
    expect_server_alert(&(ch_opts){.no_versions = true, .legacy_version = 0x0300},
                        ALERT_PROTOCOL_VERSION);
    expect_server_alert(&(ch_opts){.no_versions = true, .legacy_version = 0x0301},
                        ALERT_PROTOCOL_VERSION);
    expect_server_alert(&(ch_opts){.no_versions = true, .legacy_version = 0x0302},
                        ALERT_PROTOCOL_VERSION);
    expect_server_alert(&(ch_opts){.no_sigalgs = true}, ALERT_MISSING_EXTENSION);
    expect_server_alert(&(ch_opts){.deflate = true}, ALERT_ILLEGAL_PARAMETER);
    expect_server_alert(&(ch_opts){.trailing = true}, ALERT_DECODE_ERROR);
}

static void test_truncated_client_hellos(void **state)
{
    (void)state;
    ch_opts o = {0};
    uint8_t buf[512], alert;
    size_t n = make_client_hello(&o, buf, sizeof buf);
    /* Shorten the message body at every point while keeping the record and
     * handshake lengths consistent: always decode_error, never a crash -- except
     * the one cut that drops the whole extension block, which leaves a valid
     * TLS 1.2 hello with only a TLS 1.3 suite: handshake_failure. */
    int version_alerts = 0;
    for (size_t cut = 1; cut < n - 9; cut++) {
        uint8_t tmp[512];
        size_t body = n - 9 - cut;
        memcpy(tmp, buf, n - cut);
        tmp[3] = (uint8_t)((body + 4) >> 8);
        tmp[4] = (uint8_t)(body + 4);
        tmp[6] = 0;
        tmp[7] = (uint8_t)(body >> 8);
        tmp[8] = (uint8_t)body;
        int rc = server_gets(tmp, n - cut, &alert);
        assert_true(rc < 0);
        if (alert == ALERT_HANDSHAKE_FAILURE)
            version_alerts++;
        else
            assert_int_equal(alert, ALERT_DECODE_ERROR);
    }
    assert_int_equal(version_alerts, 1);
}

/* RFC 8446 4.2.10: refused 0-RTT records are skipped, up to a limit. */
static void test_early_data_skipped(void **state)
{
    (void)state;
    ch_opts o = {.early_data = true};
    uint8_t *buf = calloc(1, 100000);
    size_t n = make_client_hello(&o, buf, 512);
    for (int i = 0; i < 3; i++) {
        uint8_t rec[5 + 200] = {23, 3, 3, 0, 200};
        memset(rec + 5, 0x5a, 200);
        memcpy(buf + n, rec, sizeof rec);
        n += sizeof rec;
    }
    uint8_t alert;
    assert_int_equal(server_gets(buf, n, &alert), WARD_WANT_READ);
    /* More than 64 KiB of undecryptable "early data" is an attack, not 0-RTT. */
    for (int i = 0; i < 5; i++) {
        uint8_t hdr[5] = {23, 3, 3, 0x40, 0x00};
        memcpy(buf + n, hdr, 5);
        memset(buf + n + 5, 0x5a, 0x4000);
        n += 5 + 0x4000;
    }
    assert_int_equal(server_gets(buf, n, &alert), WARD_E_BAD_RECORD_MAC);
    assert_int_equal(alert, ALERT_BAD_RECORD_MAC);
    free(buf);
}

/* A full pair, for defects after the first flight. */
typedef struct pair {
    ward_config *ccfg, *scfg;
    ward_conn *c, *s;
} pair;

static void pair_new(pair *p)
{
    p->ccfg = test_client_config(&pki);
    p->scfg = test_server_config(&pki);
    p->c = ward_conn_new(p->ccfg);
    p->s = ward_conn_new(p->scfg);
    assert_int_equal(ward_conn_set_server_name(p->c, "localhost"), WARD_OK);
}

static void pair_free(pair *p)
{
    ward_conn_free(p->c);
    ward_conn_free(p->s);
    ward_config_free(p->ccfg);
    ward_config_free(p->scfg);
}

static void test_corrupted_client_finished(void **state)
{
    (void)state;
    pair p;
    pair_new(&p);
    assert_int_equal(ward_conn_handshake(p.c), WARD_WANT_READ);
    test_pump(p.c, p.s);
    assert_int_equal(ward_conn_handshake(p.s), WARD_WANT_READ);
    /* Deliver ServerHello alone, then spoil the secret the client's Finished is
     * computed from, after its record keys were made from it: the records
     * decrypt, the Finished does not match. */
    const uint8_t *out;
    size_t n = ward_conn_pending(p.s, &out);
    size_t sh_len = 5 + ((size_t)out[3] << 8 | out[4]);
    assert_int_equal(ward_conn_feed(p.c, out, sh_len), WARD_OK);
    assert_int_equal(ward_conn_handshake(p.c), WARD_WANT_READ);
    p.c->ks.client_hs[0] ^= 1;
    assert_int_equal(ward_conn_feed(p.c, out + sh_len, n - sh_len), WARD_OK);
    ward_conn_sent(p.s, n);
    assert_int_equal(ward_conn_handshake(p.c), WARD_OK);
    test_pump(p.c, p.s);
    assert_int_equal(ward_conn_handshake(p.s), WARD_E_BAD_FINISHED);
    test_pump(p.s, p.c);
    uint8_t b[4];
    size_t got;
    assert_int_equal(ward_conn_read(p.c, b, sizeof b, &got), WARD_E_PEER_ALERT);
    assert_int_equal(ward_conn_peer_alert(p.c), ALERT_DECRYPT_ERROR);
    pair_free(&p);
}

static void test_corrupted_server_finished(void **state)
{
    (void)state;
    pair p;
    pair_new(&p);
    assert_int_equal(ward_conn_handshake(p.c), WARD_WANT_READ);
    test_pump(p.c, p.s);
    assert_int_equal(ward_conn_handshake(p.s), WARD_WANT_READ);
    /* Deliver ServerHello alone, spoil the client's copy of the server secret
     * after its read keys exist, then deliver the rest. */
    const uint8_t *out;
    size_t n = ward_conn_pending(p.s, &out);
    size_t sh_len = 5 + ((size_t)out[3] << 8 | out[4]);
    assert_int_equal(ward_conn_feed(p.c, out, sh_len), WARD_OK);
    assert_int_equal(ward_conn_handshake(p.c), WARD_WANT_READ);
    p.c->ks.server_hs[0] ^= 1;
    assert_int_equal(ward_conn_feed(p.c, out + sh_len, n - sh_len), WARD_OK);
    ward_conn_sent(p.s, n);
    assert_int_equal(ward_conn_handshake(p.c), WARD_E_BAD_FINISHED);
    assert_int_equal(ward_error_alert(WARD_E_BAD_FINISHED), ALERT_DECRYPT_ERROR);
    test_pump(p.c, p.s);
    assert_int_equal(ward_conn_handshake(p.s), WARD_E_PEER_ALERT);
    assert_int_equal(ward_conn_peer_alert(p.s), ALERT_DECRYPT_ERROR);
    pair_free(&p);
}

static void test_corrupted_record_tag(void **state)
{
    (void)state;
    pair p;
    pair_new(&p);
    assert_int_equal(test_handshake(p.c, p.s, NULL), WARD_OK);
    assert_int_equal(ward_conn_write(p.s, (const uint8_t *)"hello", 5), WARD_OK);
    const uint8_t *out;
    size_t n = ward_conn_pending(p.s, &out);
    uint8_t *copy = malloc(n);
    memcpy(copy, out, n);
    copy[n - 1] ^= 0x80; /* last byte of the tag */
    ward_conn_sent(p.s, n);
    assert_int_equal(ward_conn_feed(p.c, copy, n), WARD_OK);
    uint8_t b[8];
    size_t got;
    assert_int_equal(ward_conn_read(p.c, b, sizeof b, &got), WARD_E_BAD_RECORD_MAC);
    assert_int_equal(ward_conn_read(p.c, b, sizeof b, &got), WARD_E_BAD_RECORD_MAC);
    test_pump(p.c, p.s);
    assert_int_equal(ward_conn_read(p.s, b, sizeof b, &got), WARD_E_PEER_ALERT);
    assert_int_equal(ward_conn_peer_alert(p.s), ALERT_BAD_RECORD_MAC);
    free(copy);
    pair_free(&p);
}

static void test_ccs_after_handshake(void **state)
{
    (void)state;
    pair p;
    pair_new(&p);
    assert_int_equal(test_handshake(p.c, p.s, NULL), WARD_OK);
    uint8_t ccs[] = {20, 3, 3, 0, 1, 1};
    assert_int_equal(ward_conn_feed(p.s, ccs, sizeof ccs), WARD_OK);
    uint8_t b[8];
    size_t got;
    assert_int_equal(ward_conn_read(p.s, b, sizeof b, &got), WARD_E_UNEXPECTED_CCS);
    test_pump(p.s, p.c);
    assert_int_equal(ward_conn_read(p.c, b, sizeof b, &got), WARD_E_PEER_ALERT);
    assert_int_equal(ward_conn_peer_alert(p.c), ALERT_UNEXPECTED_MESSAGE);
    pair_free(&p);
}

static void test_plaintext_data_after_handshake(void **state)
{
    (void)state;
    pair p;
    pair_new(&p);
    assert_int_equal(test_handshake(p.c, p.s, NULL), WARD_OK);
    /* An unprotected application_data record once keys are in place. */
    uint8_t rec[] = {23, 3, 3, 0, 3, 'a', 'b', 'c'};
    assert_int_equal(ward_conn_feed(p.c, rec, sizeof rec), WARD_OK);
    uint8_t b[8];
    size_t got;
    assert_int_equal(ward_conn_read(p.c, b, sizeof b, &got), WARD_E_BAD_RECORD_MAC);
    pair_free(&p);
}

static void test_server_flight_replaced_by_garbage(void **state)
{
    (void)state;
    pair p;
    pair_new(&p);
    assert_int_equal(ward_conn_handshake(p.c), WARD_WANT_READ);
    /* A handshake record whose message claims more than the size limit. */
    uint8_t rec[] = {22, 3, 3, 0, 4, HS_SERVER_HELLO, 0x7f, 0xff, 0xff};
    assert_int_equal(ward_conn_feed(p.c, rec, sizeof rec), WARD_OK);
    assert_int_equal(ward_conn_handshake(p.c), WARD_E_MESSAGE_TOO_LARGE);
    uint8_t level, desc;
    assert_true(test_plain_alert(p.c, &level, &desc));
    assert_int_equal(desc, ALERT_ILLEGAL_PARAMETER);
    pair_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_hand_made_hello_is_accepted),
        cmocka_unit_test(test_garbage_instead_of_record),
        cmocka_unit_test(test_record_overflow),
        cmocka_unit_test(test_wrong_message_first),
        cmocka_unit_test(test_empty_handshake_record),
        cmocka_unit_test(test_ccs_before_client_hello),
        cmocka_unit_test(test_alert_of_unknown_level),
        cmocka_unit_test(test_hello_defects),
        cmocka_unit_test(test_truncated_client_hellos),
        cmocka_unit_test(test_early_data_skipped),
        cmocka_unit_test(test_corrupted_client_finished),
        cmocka_unit_test(test_corrupted_server_finished),
        cmocka_unit_test(test_corrupted_record_tag),
        cmocka_unit_test(test_ccs_after_handshake),
        cmocka_unit_test(test_plaintext_data_after_handshake),
        cmocka_unit_test(test_server_flight_replaced_by_garbage),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
