/* pair.c -- an in-memory client and server for engine tests. */
#include "pair.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static char *dup_or_fail(const char *s)
{
    char *d = strdup(s);
    assert_non_null(d);
    return d;
}

/* With WARD_TEST_QUICK=1 (set by `make test-valgrind`), every RSA PKI of one
 * process is the same one, handed out as fresh copies: an RSA-2048 key
 * generation takes seconds under valgrind and the engine tests make about ten.
 * No test needs two distinct RSA PKIs; other key types are always fresh (tests
 * do make two distinct P-256 ones). */
void test_pki_make(test_pki *pki, key_type kind)
{
    static test_pki rsa_cache;
    const char *quick = getenv("WARD_TEST_QUICK");
    if (kind == KEY_RSA && quick != NULL && quick[0] != '\0' && strcmp(quick, "0") != 0) {
        if (rsa_cache.ca_pem == NULL)
            assert_int_equal(demo_pki_make(kind, "localhost", &rsa_cache.ca_pem,
                                           &rsa_cache.chain_pem, &rsa_cache.key_pem),
                             WARD_OK);
        pki->ca_pem = dup_or_fail(rsa_cache.ca_pem);
        pki->chain_pem = dup_or_fail(rsa_cache.chain_pem);
        pki->key_pem = dup_or_fail(rsa_cache.key_pem);
        return;
    }
    assert_int_equal(demo_pki_make(kind, "localhost", &pki->ca_pem, &pki->chain_pem, &pki->key_pem),
                     WARD_OK);
}

void test_pki_free(test_pki *pki)
{
    free(pki->ca_pem);
    free(pki->chain_pem);
    free(pki->key_pem);
}

ward_config *test_client_config(const test_pki *pki)
{
    ward_config *cfg = ward_config_new(WARD_CLIENT);
    assert_non_null(cfg);
    assert_int_equal(ward_config_set_ca_pem(cfg, pki->ca_pem, strlen(pki->ca_pem)), WARD_OK);
    return cfg;
}

ward_config *test_server_config(const test_pki *pki)
{
    ward_config *cfg = ward_config_new(WARD_SERVER);
    assert_non_null(cfg);
    assert_int_equal(ward_config_add_cert_chain_pem(cfg, pki->chain_pem, strlen(pki->chain_pem),
                                                    pki->key_pem, strlen(pki->key_pem)),
                     WARD_OK);
    return cfg;
}

size_t test_pump(ward_conn *from, ward_conn *to)
{
    const uint8_t *p;
    size_t n = ward_conn_pending(from, &p);
    if (n == 0)
        return 0;
    int rc = ward_conn_feed(to, p, n);
    (void)rc; /* a failed peer keeps its sticky error; callers check it */
    ward_conn_sent(from, n);
    return n;
}

int test_handshake(ward_conn *client, ward_conn *server, int *server_rc)
{
    int crc = WARD_WANT_READ, src = WARD_WANT_READ;
    for (int round = 0; round < 16; round++) {
        if (crc == WARD_WANT_READ)
            crc = ward_conn_handshake(client);
        test_pump(client, server);
        if (src == WARD_WANT_READ)
            src = ward_conn_handshake(server);
        test_pump(server, client);
        if (crc != WARD_WANT_READ && src != WARD_WANT_READ)
            break;
    }
    /* A final pass lets each side see the other's last flight or alert. */
    if (crc == WARD_WANT_READ)
        crc = ward_conn_handshake(client);
    if (src == WARD_WANT_READ)
        src = ward_conn_handshake(server);
    if (server_rc)
        *server_rc = src;
    return crc;
}

int test_read_all(ward_conn *rc_conn, ward_conn *peer, uint8_t *buf, size_t n)
{
    size_t have = 0;
    for (int i = 0; have < n && i < 10000; i++) {
        size_t got = 0;
        test_pump(peer, rc_conn);
        int rc = ward_conn_read(rc_conn, buf + have, n - have, &got);
        if (rc == WARD_OK)
            have += got;
        else if (rc != WARD_WANT_READ)
            return rc;
    }
    return have == n ? WARD_OK : WARD_WANT_READ;
}

size_t test_pending(ward_conn *c, const uint8_t **p)
{
    return ward_conn_pending(c, p);
}

bool test_plain_alert(ward_conn *c, uint8_t *level, uint8_t *desc)
{
    const uint8_t *p;
    size_t n = ward_conn_pending(c, &p);
    /* Walk the records and remember the last plaintext alert. */
    size_t off = 0;
    bool found = false;
    while (n - off >= 5) {
        size_t len = (size_t)p[off + 3] << 8 | p[off + 4];
        if (n - off < 5 + len)
            break;
        if (p[off] == 21 && len == 2) {
            *level = p[off + 5];
            *desc = p[off + 6];
            found = true;
        }
        off += 5 + len;
    }
    return found;
}
