/* crypto_threads_test.c -- the thread-safety contract of crypto.h: the first
 * calls race on crypto_init, then keys, trust stores and chains are shared
 * read-only by many threads while each thread has its own hash/AEAD/kx objects. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"

#define THREADS 8
#define ROUNDS 40

struct shared {
    pkey *key; /* private key, one reference per use */
    cert_chain *chain;
    trust_store *store;
    pthread_barrier_t start;
    int failures; /* written only under the lock */
    pthread_mutex_t lock;
};

static int one_round(struct shared *s, unsigned id)
{
    uint8_t msg[64], sig[CRYPTO_MAX_SIG], digest[48], key[32] = {(uint8_t)id};
    size_t len;
    memset(msg, (int)id, sizeof msg);
    /* Shared key, shared trust store and chain. */
    pkey *k = pkey_ref(s->key);
    int rc = sig_sign(k, SIG_ECDSA_SECP256R1_SHA256, msg, sizeof msg, sig, sizeof sig, &len);
    if (rc == WARD_OK)
        rc = sig_verify(k, SIG_ECDSA_SECP256R1_SHA256, msg, sizeof msg, sig, len);
    pkey_free(k);
    if (rc == WARD_OK)
        rc = cert_chain_verify(s->chain, s->store, "example.test", true, 0, NULL, 0);
    /* Per-thread objects. */
    if (rc == WARD_OK)
        rc = hkdf_extract(HASH_SHA384, NULL, 0, msg, sizeof msg, digest);
    aead_ctx *seal = NULL, *open = NULL;
    uint8_t nonce[12] = {0}, buf[sizeof msg + 16];
    if (rc == WARD_OK)
        rc = aead_new(AEAD_CHACHA20_POLY1305, key, true, &seal);
    if (rc == WARD_OK)
        rc = aead_new(AEAD_CHACHA20_POLY1305, key, false, &open);
    if (rc == WARD_OK)
        rc = aead_seal(seal, nonce, NULL, 0, msg, sizeof msg, buf);
    if (rc == WARD_OK)
        rc = aead_open(open, nonce, NULL, 0, buf, sizeof buf, buf);
    aead_free(seal);
    aead_free(open);
    kx_key *a = NULL, *b = NULL;
    uint8_t pub[CRYPTO_MAX_PUB], secret[CRYPTO_MAX_SHARED];
    if (rc == WARD_OK)
        rc = kx_generate(GROUP_X25519, &a);
    if (rc == WARD_OK)
        rc = kx_generate(GROUP_X25519, &b);
    if (rc == WARD_OK)
        rc = kx_public(b, pub, sizeof pub, &len);
    if (rc == WARD_OK)
        rc = kx_derive(a, pub, len, secret, sizeof secret, &len);
    kx_free(a);
    kx_free(b);
    return rc;
}

static void *worker(void *arg)
{
    struct shared *s = arg;
    static unsigned next_id;
    unsigned id = __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
    pthread_barrier_wait(&s->start);
    int rc = WARD_OK;
    for (int i = 0; rc == WARD_OK && i < ROUNDS; i++)
        rc = one_round(s, id);
    if (rc != WARD_OK) {
        pthread_mutex_lock(&s->lock);
        s->failures++;
        pthread_mutex_unlock(&s->lock);
    }
    return NULL;
}

static void *init_racer(void *arg)
{
    pthread_barrier_t *start = arg;
    pthread_barrier_wait(start);
    uint8_t out[32];
    /* The first crypto calls of the process, from many threads at once. */
    int rc = hash_oneshot(HASH_SHA256, "abc", 3, out);
    return (void *)(intptr_t)(rc == WARD_OK && out[0] == 0xba);
}

/* Must run first: nothing in this process has touched crypto yet. */
static void test_init_race(void **state)
{
    (void)state;
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, THREADS);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, init_racer, &start), 0);
    for (int i = 0; i < THREADS; i++) {
        void *ok;
        assert_int_equal(pthread_join(t[i], &ok), 0);
        assert_true(ok != NULL);
    }
    pthread_barrier_destroy(&start);
}

static void test_concurrent_use(void **state)
{
    (void)state;
    struct shared s = {0};
    char *ca, *chain, *key;
    assert_int_equal(demo_pki_make(KEY_EC_P256, "example.test", &ca, &chain, &key), WARD_OK);
    assert_int_equal(pkey_from_pem(key, strlen(key), &s.key), WARD_OK);
    assert_int_equal(cert_chain_from_pem(chain, strlen(chain), &s.chain), WARD_OK);
    assert_int_equal(trust_store_from_pem(ca, strlen(ca), &s.store), WARD_OK);
    free(ca);
    free(chain);
    free(key);

    pthread_mutex_init(&s.lock, NULL);
    pthread_barrier_init(&s.start, NULL, THREADS);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, &s), 0);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    assert_int_equal(s.failures, 0);

    pthread_barrier_destroy(&s.start);
    pthread_mutex_destroy(&s.lock);
    pkey_free(s.key);
    cert_chain_free(s.chain);
    trust_store_free(s.store);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_race),
        cmocka_unit_test(test_concurrent_use),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
