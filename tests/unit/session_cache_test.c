/* session_cache_test.c -- the server's session-ID cache (src/session/cache.c):
 * put/get/remove, replacement, LRU eviction order, the bound under a flood of
 * puts, expiry, argument checks, and threads hammering one cache. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "session/session.h"

#define T0 1700000000ull

/* A session whose ID and secret are derived from n, so any copy can be checked. */
static void make_session(session *s, uint32_t n, size_t id_len)
{
    memset(s, 0, sizeof *s);
    s->version = 0x0303;
    s->suite = 0xc02b;
    s->ems = true;
    s->created = T0;
    s->lifetime = 3600;
    s->id_len = id_len;
    for (size_t i = 0; i < id_len; i++)
        s->id[i] = (uint8_t)(n >> (8 * (i % 4))) ^ (uint8_t)i;
    s->secret_len = 48;
    for (size_t i = 0; i < s->secret_len; i++)
        s->secret[i] = (uint8_t)(n * 31 + i);
    strcpy(s->server_name, "cache.test");
}

static bool matches(const session *got, uint32_t n)
{
    session want;
    make_session(&want, n, got->id_len);
    return got->id_len == want.id_len && memcmp(got->id, want.id, want.id_len) == 0 &&
           got->secret_len == 48 && memcmp(got->secret, want.secret, 48) == 0 &&
           strcmp(got->server_name, "cache.test") == 0;
}

static int get_n(session_cache *c, uint32_t n, uint64_t now, session *out)
{
    session key;
    make_session(&key, n, 32);
    return session_cache_get(c, key.id, key.id_len, now, out);
}

static void put_n(session_cache *c, uint32_t n)
{
    session s;
    make_session(&s, n, 32);
    assert_int_equal(session_cache_put(c, &s), WARD_OK);
}

static void test_put_get_remove(void **state)
{
    (void)state;
    session_cache *c;
    session s, got;
    assert_int_equal(session_cache_new(10, &c), WARD_OK);
    assert_int_equal(session_cache_count(c), 0);

    make_session(&s, 1, 32);
    s.ticket_len = 3;
    memcpy(s.ticket, "tkt", 3);
    assert_int_equal(session_cache_put(c, &s), WARD_OK);
    assert_int_equal(session_cache_count(c), 1);
    memset(&got, 0, sizeof got);
    assert_int_equal(session_cache_get(c, s.id, s.id_len, T0, &got), 1);
    assert_memory_equal(&got, &s, sizeof s); /* an exact copy */

    /* Not there: another ID, a prefix of the ID, a longer ID. */
    assert_int_equal(get_n(c, 2, T0, &got), 0);
    assert_int_equal(session_cache_get(c, s.id, 31, T0, &got), 0);
    /* Short IDs are keys of their own (TLS 1.2 allows 1..32 bytes). */
    session short_id;
    make_session(&short_id, 1, 1);
    assert_int_equal(session_cache_put(c, &short_id), WARD_OK);
    assert_int_equal(session_cache_get(c, short_id.id, 1, T0, &got), 1);
    assert_int_equal(got.id_len, 1);
    assert_int_equal(session_cache_count(c), 2);

    /* Same ID again replaces the entry. */
    s.lifetime = 99;
    assert_int_equal(session_cache_put(c, &s), WARD_OK);
    assert_int_equal(session_cache_count(c), 2);
    assert_int_equal(session_cache_get(c, s.id, s.id_len, T0, &got), 1);
    assert_int_equal(got.lifetime, 99);

    session_cache_remove(c, s.id, s.id_len);
    assert_int_equal(session_cache_count(c), 1);
    assert_int_equal(session_cache_get(c, s.id, s.id_len, T0, &got), 0);
    session_cache_remove(c, s.id, s.id_len); /* absent: no-op */
    session_cache_remove(c, NULL, 0);
    assert_int_equal(session_cache_count(c), 1);
    session_cache_free(c);
}

static void test_arguments(void **state)
{
    (void)state;
    session_cache *c = (session_cache *)&c;
    session s, got;
    assert_int_equal(session_cache_new(0, &c), WARD_E_INVALID_ARGUMENT);
    assert_null(c);
    assert_int_equal(session_cache_new(1, NULL), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(session_cache_new(1, &c), WARD_OK);

    make_session(&s, 1, 32);
    s.id_len = 0; /* no ID: nothing to key it by */
    assert_int_equal(session_cache_put(c, &s), WARD_E_INVALID_ARGUMENT);
    s.id_len = SESSION_MAX_ID + 1;
    assert_int_equal(session_cache_put(c, &s), WARD_E_INVALID_ARGUMENT);
    make_session(&s, 1, 32);
    s.secret_len = SESSION_MAX_SECRET + 1;
    assert_int_equal(session_cache_put(c, &s), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(session_cache_put(NULL, &s), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(session_cache_count(c), 0);

    uint8_t id[SESSION_MAX_ID + 1] = {0};
    assert_int_equal(session_cache_get(c, id, 0, T0, &got), 0);
    assert_int_equal(session_cache_get(c, id, sizeof id, T0, &got), 0);
    assert_int_equal(session_cache_get(c, NULL, 4, T0, &got), 0);
    assert_int_equal(session_cache_get(NULL, id, 4, T0, &got), 0);
    session_cache_free(c);
    session_cache_free(NULL);
}

static void test_lru_order(void **state)
{
    (void)state;
    session_cache *c;
    session got;
    assert_int_equal(session_cache_new(3, &c), WARD_OK);
    put_n(c, 1);
    put_n(c, 2);
    put_n(c, 3);
    /* Use 1: now 2 is the least recently used. */
    assert_int_equal(get_n(c, 1, T0, &got), 1);
    put_n(c, 4);
    assert_int_equal(session_cache_count(c), 3);
    assert_int_equal(get_n(c, 2, T0, &got), 0);
    /* Order by recency is now 3 (oldest), 1, 4: a replacing put refreshes. */
    put_n(c, 3);
    put_n(c, 5); /* evicts 1 */
    assert_int_equal(get_n(c, 1, T0, &got), 0);
    put_n(c, 6); /* evicts 4 */
    assert_int_equal(get_n(c, 4, T0, &got), 0);
    assert_int_equal(get_n(c, 3, T0, &got), 1);
    assert_true(matches(&got, 3));
    assert_int_equal(get_n(c, 5, T0, &got), 1);
    assert_int_equal(get_n(c, 6, T0, &got), 1);
    assert_int_equal(session_cache_count(c), 3);

    /* A one-entry cache keeps only the last put. */
    session_cache *one;
    assert_int_equal(session_cache_new(1, &one), WARD_OK);
    put_n(one, 10);
    put_n(one, 11);
    assert_int_equal(session_cache_count(one), 1);
    assert_int_equal(get_n(one, 10, T0, &got), 0);
    assert_int_equal(get_n(one, 11, T0, &got), 1);
    session_cache_free(one);
    session_cache_free(c);
}

static void test_bound_under_flood(void **state)
{
    (void)state;
    enum { MAX = 1000, PUTS = 100000 };
    session_cache *c;
    session got;
    assert_int_equal(session_cache_new(MAX, &c), WARD_OK);
    size_t empty = session_cache_bytes(c);
    for (uint32_t n = 0; n < MAX; n++)
        put_n(c, n);
    size_t full = session_cache_bytes(c);
    assert_true(full > empty);
    /* Entries and index only: a session copy plus a few pointers each. */
    assert_true(full <= empty + MAX * (sizeof(session) + 64));
    assert_true(empty <= 4096 + 2 * MAX * sizeof(void *));

    for (uint32_t n = MAX; n < PUTS; n++) {
        put_n(c, n);
        if (n % 997 == 0) {
            assert_int_equal(session_cache_count(c), MAX);
            assert_int_equal(session_cache_bytes(c), full);
        }
    }
    assert_int_equal(session_cache_count(c), MAX);
    assert_int_equal(session_cache_bytes(c), full);
    /* The newest MAX are present, everything before them is gone. */
    for (uint32_t n = PUTS - MAX; n < PUTS; n++) {
        assert_int_equal(get_n(c, n, T0, &got), 1);
        assert_true(matches(&got, n));
    }
    assert_int_equal(get_n(c, PUTS - MAX - 1, T0, &got), 0);
    assert_int_equal(get_n(c, 0, T0, &got), 0);
    /* Gets allocate nothing and change nothing in size. */
    assert_int_equal(session_cache_bytes(c), full);
    session_cache_free(c);
}

static void test_expiry(void **state)
{
    (void)state;
    session_cache *c;
    session s, got;
    assert_int_equal(session_cache_new(10, &c), WARD_OK);
    make_session(&s, 7, 16);
    s.lifetime = 10;
    assert_int_equal(session_cache_put(c, &s), WARD_OK);
    assert_int_equal(session_cache_get(c, s.id, s.id_len, T0 + 9, &got), 1);
    size_t with = session_cache_bytes(c);
    assert_int_equal(session_cache_get(c, s.id, s.id_len, T0 + 10, &got), 0);
    /* Dropped, not only hidden: a later clock does not bring it back. */
    assert_int_equal(session_cache_count(c), 0);
    assert_true(session_cache_bytes(c) < with);
    assert_int_equal(session_cache_get(c, s.id, s.id_len, T0, &got), 0);

    /* Created far in the future (beyond the skew allowance): not alive. */
    s.created = T0 + 3600;
    s.lifetime = 3600;
    assert_int_equal(session_cache_put(c, &s), WARD_OK);
    assert_int_equal(session_cache_get(c, s.id, s.id_len, T0, &got), 0);
    session_cache_free(c);
}

/* ---- threads ---- */

#define THREADS 4
#define ROUNDS 20000
#define SPACE 600 /* IDs in play: more than the cache holds, so it evicts */
#define CAP 256

struct shared {
    session_cache *c;
    unsigned seed;
    int failures;
    pthread_mutex_t lock;
};

static void *hammer(void *arg)
{
    struct shared *sh = arg;
    pthread_mutex_lock(&sh->lock);
    unsigned seed = sh->seed++;
    pthread_mutex_unlock(&sh->lock);
    int bad = 0;
    session s, got;
    for (int i = 0; i < ROUNDS; i++) {
        uint32_t n = (uint32_t)rand_r(&seed) % SPACE;
        switch (rand_r(&seed) % 8) {
        case 0:
        case 1:
        case 2:
            make_session(&s, n, 32);
            if (session_cache_put(sh->c, &s) != WARD_OK)
                bad++;
            break;
        case 3:
            make_session(&s, n, 32);
            session_cache_remove(sh->c, s.id, s.id_len);
            break;
        default:
            /* Whatever a get returns must be a whole, consistent entry. */
            if (get_n(sh->c, n, T0, &got) == 1 && !matches(&got, n))
                bad++;
            if (session_cache_count(sh->c) > CAP)
                bad++;
            break;
        }
    }
    pthread_mutex_lock(&sh->lock);
    sh->failures += bad;
    pthread_mutex_unlock(&sh->lock);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    struct shared sh = {.seed = 12345, .failures = 0};
    pthread_mutex_init(&sh.lock, NULL);
    assert_int_equal(session_cache_new(CAP, &sh.c), WARD_OK);
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&th[i], NULL, hammer, &sh), 0);
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    assert_int_equal(sh.failures, 0);
    assert_true(session_cache_count(sh.c) <= CAP);
    /* The structure is intact afterwards: fill it and read everything back. */
    for (uint32_t n = 0; n < CAP; n++)
        put_n(sh.c, n + 10000);
    assert_int_equal(session_cache_count(sh.c), CAP);
    session got;
    for (uint32_t n = 0; n < CAP; n++)
        assert_int_equal(get_n(sh.c, n + 10000, T0, &got), 1);
    session_cache_free(sh.c);
    pthread_mutex_destroy(&sh.lock);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get_remove), cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_lru_order),      cmocka_unit_test(test_bound_under_flood),
        cmocka_unit_test(test_expiry),         cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
