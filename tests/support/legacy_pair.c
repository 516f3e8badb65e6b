/* legacy_pair.c -- the in-memory legacy-policy pair. */
#include "legacy_pair.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static test_pki pki_rsa, pki_ec;
static bool have_rsa, have_ec;

const test_pki *lpki_rsa(void)
{
    if (!have_rsa)
        test_pki_make(&pki_rsa, KEY_RSA);
    have_rsa = true;
    return &pki_rsa;
}

const test_pki *lpki_ec(void)
{
    if (!have_ec)
        test_pki_make(&pki_ec, KEY_EC_P256);
    have_ec = true;
    return &pki_ec;
}

void lpki_free(void)
{
    if (have_rsa)
        test_pki_free(&pki_rsa);
    if (have_ec)
        test_pki_free(&pki_ec);
    have_rsa = have_ec = false;
}

static void add_cert(ward_config *cfg, const test_pki *k)
{
    assert_int_equal(ward_config_add_cert_chain_pem(cfg, k->chain_pem, strlen(k->chain_pem),
                                                    k->key_pem, strlen(k->key_pem)),
                     WARD_OK);
}

void lpair_configs(lpair *p, const char *client_policy, const char *server_policy)
{
    memset(p, 0, sizeof *p);
    const test_pki *rsa = lpki_rsa(), *ec = lpki_ec();
    p->ccfg = ward_config_new(WARD_CLIENT);
    p->scfg = ward_config_new(WARD_SERVER);
    assert_non_null(p->ccfg);
    assert_non_null(p->scfg);
    size_t a = strlen(rsa->ca_pem), b = strlen(ec->ca_pem);
    char *cas = malloc(a + b + 1);
    assert_non_null(cas);
    memcpy(cas, rsa->ca_pem, a);
    memcpy(cas + a, ec->ca_pem, b + 1);
    assert_int_equal(ward_config_set_ca_pem(p->ccfg, cas, a + b), WARD_OK);
    free(cas);
    add_cert(p->scfg, rsa);
    add_cert(p->scfg, ec);
    assert_int_equal(ward_config_set_policy(p->ccfg, client_policy), WARD_OK);
    assert_int_equal(ward_config_set_policy(p->scfg, server_policy), WARD_OK);
}

void lpair_conns(lpair *p)
{
    p->c = ward_conn_new(p->ccfg);
    p->s = ward_conn_new(p->scfg);
    assert_non_null(p->c);
    assert_non_null(p->s);
    assert_int_equal(ward_conn_set_server_name(p->c, "localhost"), WARD_OK);
}

void lpair_free_conns(lpair *p)
{
    ward_conn_free(p->c);
    ward_conn_free(p->s);
    p->c = p->s = NULL;
}

void lpair_free(lpair *p)
{
    lpair_free_conns(p);
    ward_config_free(p->ccfg);
    ward_config_free(p->scfg);
    p->ccfg = p->scfg = NULL;
}

void lpair_handshake_ok(lpair *p)
{
    int src;
    int crc = test_handshake(p->c, p->s, &src);
    if (crc != WARD_OK || src != WARD_OK)
        fail_msg("handshake failed\nclient: %s\nserver: %s", ward_conn_error_detail(p->c),
                 ward_conn_error_detail(p->s));
}

void lpair_exchange(lpair *p, size_t n)
{
    uint8_t *a = malloc(n), *b = malloc(n);
    assert_non_null(a);
    assert_non_null(b);
    for (size_t i = 0; i < n; i++)
        a[i] = (uint8_t)(i * 7 + 3);
    assert_int_equal(ward_conn_write(p->c, a, n), WARD_OK);
    assert_int_equal(test_read_all(p->s, p->c, b, n), WARD_OK);
    assert_memory_equal(a, b, n);
    assert_int_equal(ward_conn_write(p->s, b, n), WARD_OK);
    assert_int_equal(test_read_all(p->c, p->s, a, n), WARD_OK);
    assert_memory_equal(a, b, n);
    free(a);
    free(b);
}
