/* session_ticket_test.c -- ticket sealing and key rotation
 * (src/session/ticket.c): round trips, tampering anywhere, unknown keys,
 * the rotation window, caller-given keys, size limits, and many threads
 * sealing and opening under one shared ticket_keys while it rotates. */
#include <pthread.h>
#include <stdatomic.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "session/session.h"

#define T0 1700000000ull

static void make_session(session *s, uint64_t created)
{
    memset(s, 0, sizeof *s);
    s->version = 0x0304;
    s->suite = 0x1301;
    s->secret_len = 32;
    for (size_t i = 0; i < s->secret_len; i++)
        s->secret[i] = (uint8_t)(i + 1);
    s->created = created;
    s->lifetime = 7 * 24 * 3600;
    s->age_add = 0x01020304;
    strcpy(s->server_name, "example.test");
    strcpy(s->alpn, "h2");
    s->peer_verified = true;
}

static bool all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

static uint8_t ticket[SESSION_MAX_TICKET];
static session in_s, out_s;

static size_t seal(ticket_keys *k, uint64_t now)
{
    size_t len = 0;
    assert_int_equal(ticket_seal(k, now, &in_s, ticket, sizeof ticket, &len), WARD_OK);
    assert_int_equal(len, TICKET_OVERHEAD + session_encoded_size(&in_s));
    return len;
}

static void test_round_trip(void **state)
{
    (void)state;
    ticket_keys *k;
    assert_int_equal(ticket_keys_new(3600, 7200, &k), WARD_OK);
    make_session(&in_s, T0);
    size_t len = seal(k, T0);
    assert_int_equal(ticket_open(k, T0 + 1, ticket, len, &out_s), 1);
    assert_int_equal(out_s.secret_len, 32);
    assert_memory_equal(out_s.secret, in_s.secret, 32);
    assert_string_equal(out_s.server_name, "example.test");
    assert_string_equal(out_s.alpn, "h2");
    assert_int_equal(out_s.age_add, in_s.age_add);
    assert_int_equal(out_s.suite, in_s.suite);
    assert_true(out_s.created == T0);

    /* Fresh nonces: the same session never seals to the same bytes, and the
     * plaintext secret does not appear in the ticket. */
    uint8_t first[SESSION_MAX_TICKET];
    memcpy(first, ticket, len);
    assert_int_equal(seal(k, T0), len);
    assert_memory_not_equal(first + TICKET_KEY_NAME, ticket + TICKET_KEY_NAME,
                            len - TICKET_KEY_NAME);
    assert_memory_equal(first, ticket, TICKET_KEY_NAME); /* same key name */
    assert_null(memmem(ticket, len, in_s.secret, in_s.secret_len));
    ticket_keys_free(k);
}

static void test_tamper_every_byte(void **state)
{
    (void)state;
    ticket_keys *k;
    assert_int_equal(ticket_keys_new(3600, 7200, &k), WARD_OK);
    make_session(&in_s, T0);
    size_t len = seal(k, T0);
    for (size_t i = 0; i < len; i++) {
        for (int bit = 0; bit < 8; bit += 7) {
            ticket[i] ^= (uint8_t)(1u << bit);
            memset(&out_s, 0x5a, sizeof out_s);
            assert_int_equal(ticket_open(k, T0, ticket, len, &out_s), 0);
            assert_true(all_zero(&out_s, sizeof out_s));
            ticket[i] ^= (uint8_t)(1u << bit);
        }
    }
    assert_int_equal(ticket_open(k, T0, ticket, len, &out_s), 1);
    ticket_keys_free(k);
}

static void test_short_and_long(void **state)
{
    (void)state;
    ticket_keys *k;
    assert_int_equal(ticket_keys_new(3600, 7200, &k), WARD_OK);
    make_session(&in_s, T0);
    size_t len = seal(k, T0);
    /* Every truncation, on the heap so ASan sees over-reads. */
    for (size_t n = 0; n < len; n++) {
        uint8_t *cut = malloc(n ? n : 1);
        assert_non_null(cut);
        memcpy(cut, ticket, n);
        assert_int_equal(ticket_open(k, T0, cut, n, &out_s), 0);
        free(cut);
    }
    assert_int_equal(ticket_open(k, T0, NULL, 0, &out_s), 0);
    /* An extra byte moves the tag: the AEAD refuses it. */
    static uint8_t longer[SESSION_MAX_TICKET + 1];
    memcpy(longer, ticket, len);
    assert_int_equal(ticket_open(k, T0, longer, len + 1, &out_s), 0);
    /* Over the ticket limit: refused before any work. */
    assert_int_equal(ticket_open(k, T0, longer, sizeof longer, &out_s), 0);
    ticket_keys_free(k);
}

static void test_unknown_key(void **state)
{
    (void)state;
    ticket_keys *a, *b;
    assert_int_equal(ticket_keys_new(3600, 7200, &a), WARD_OK);
    assert_int_equal(ticket_keys_new(3600, 7200, &b), WARD_OK);
    make_session(&in_s, T0);
    size_t len = seal(a, T0);
    assert_int_equal(ticket_open(b, T0, ticket, len, &out_s), 0);
    /* b's key name on a's ciphertext: still unknown to a, and b cannot open it. */
    uint8_t other[SESSION_MAX_TICKET];
    size_t other_len;
    assert_int_equal(ticket_seal(b, T0, &in_s, other, sizeof other, &other_len), WARD_OK);
    memcpy(ticket, other, TICKET_KEY_NAME);
    assert_int_equal(ticket_open(a, T0, ticket, len, &out_s), 0);
    assert_int_equal(ticket_open(b, T0, ticket, len, &out_s), 0);
    ticket_keys_free(a);
    ticket_keys_free(b);
}

static void test_expired_session(void **state)
{
    (void)state;
    ticket_keys *k;
    assert_int_equal(ticket_keys_new(0, 0, &k), WARD_OK); /* no rotation */
    make_session(&in_s, T0);
    in_s.lifetime = 100;
    size_t len = seal(k, T0);
    assert_int_equal(ticket_open(k, T0 + 99, ticket, len, &out_s), 1);
    assert_int_equal(ticket_open(k, T0 + 100, ticket, len, &out_s), 0);
    assert_true(all_zero(&out_s, sizeof out_s));
    ticket_keys_free(k);
}

static void test_rotation_window(void **state)
{
    (void)state;
    ticket_keys *k;
    /* Rotate every 100 s, previous key accepted 50 s after its rotation. */
    assert_int_equal(ticket_keys_new(100, 50, &k), WARD_OK);
    make_session(&in_s, T0);
    size_t len = seal(k, T0); /* the first key's period starts here */
    uint8_t old[SESSION_MAX_TICKET];
    memcpy(old, ticket, len);

    assert_int_equal(ticket_open(k, T0 + 99, old, len, &out_s), 1); /* still current */
    /* T0 + 100: rotation is due; the old key is previous until T0 + 150. */
    size_t new_len = seal(k, T0 + 100);
    assert_memory_not_equal(ticket, old, TICKET_KEY_NAME);
    assert_int_equal(ticket_open(k, T0 + 100, old, len, &out_s), 1);
    assert_int_equal(ticket_open(k, T0 + 149, old, len, &out_s), 1);
    assert_int_equal(ticket_open(k, T0 + 149, ticket, new_len, &out_s), 1);
    assert_int_equal(ticket_open(k, T0 + 150, old, len, &out_s), 0);
    assert_int_equal(ticket_open(k, T0 + 149, old, len, &out_s), 0); /* dropped for good */
    assert_int_equal(ticket_open(k, T0 + 150, ticket, new_len, &out_s), 1);
    ticket_keys_free(k);
}

static void test_rotation_after_idle(void **state)
{
    (void)state;
    ticket_keys *k;
    assert_int_equal(ticket_keys_new(100, 50, &k), WARD_OK);
    make_session(&in_s, T0);
    size_t len = seal(k, T0);
    /* Nothing happens for a long time: no ticket was sealed under the key after
     * T0 + 100, so its window ended at T0 + 150 even though it rotates later. */
    assert_int_equal(ticket_open(k, T0 + 140, ticket, len, &out_s), 1);
    ticket_keys_rotate(k, T0 + 160, false);
    assert_int_equal(ticket_open(k, T0 + 160, ticket, len, &out_s), 0);
    ticket_keys_free(k);
}

static void test_forced_rotation(void **state)
{
    (void)state;
    ticket_keys *k;
    assert_int_equal(ticket_keys_new(0, 30, &k), WARD_OK);
    make_session(&in_s, T0);
    size_t len = seal(k, T0);
    uint8_t old[SESSION_MAX_TICKET];
    memcpy(old, ticket, len);
    ticket_keys_rotate(k, T0 + 1000, false); /* rotate_secs 0: never due */
    assert_int_equal(ticket_open(k, T0 + 1000, old, len, &out_s), 1);
    ticket_keys_rotate(k, T0 + 1000, true);
    assert_int_equal(ticket_open(k, T0 + 1029, old, len, &out_s), 1);
    assert_int_equal(ticket_open(k, T0 + 1030, old, len, &out_s), 0);
    /* Two forced rotations in a row push the first key out entirely. */
    len = seal(k, T0 + 1030);
    memcpy(old, ticket, len);
    ticket_keys_rotate(k, T0 + 1031, true);
    ticket_keys_rotate(k, T0 + 1032, true);
    assert_int_equal(ticket_open(k, T0 + 1032, old, len, &out_s), 0);
    ticket_keys_free(k);
}

static void fill_key(uint8_t *out, uint8_t name_byte, uint8_t key_byte)
{
    memset(out, name_byte, TICKET_KEY_NAME);
    memset(out + TICKET_KEY_NAME, key_byte, TICKET_KEY_LEN);
}

static void test_keys_set(void **state)
{
    (void)state;
    enum { STRIDE = TICKET_KEY_NAME + TICKET_KEY_LEN };
    uint8_t keys[2 * STRIDE];
    fill_key(keys, 0x11, 0xaa);
    fill_key(keys + STRIDE, 0x22, 0xbb);

    ticket_keys *a, *b;
    assert_int_equal(ticket_keys_new(100, 10, &a), WARD_OK);
    assert_int_equal(ticket_keys_new(100, 10, &b), WARD_OK);
    make_session(&in_s, T0);

    /* A ticket from a random key is unknown once the caller's keys replace it. */
    size_t random_len = seal(a, T0);
    uint8_t random_ticket[SESSION_MAX_TICKET];
    memcpy(random_ticket, ticket, random_len);

    /* a: only key 2; b: key 1 current, key 2 previous. Two servers sharing keys. */
    assert_int_equal(ticket_keys_set(a, keys + STRIDE, 1), WARD_OK);
    assert_int_equal(ticket_keys_set(b, keys, 2), WARD_OK);
    assert_int_equal(ticket_open(a, T0, random_ticket, random_len, &out_s), 0);

    size_t len = seal(a, T0);
    uint8_t want_name[TICKET_KEY_NAME];
    memset(want_name, 0x22, sizeof want_name);
    assert_memory_equal(ticket, want_name, TICKET_KEY_NAME);
    /* b opens a's ticket with its previous key, long after any window:
     * caller-given keys do not rotate or expire by themselves. */
    assert_int_equal(ticket_open(b, T0 + 100000, ticket, len, &out_s), 1);

    len = seal(b, T0 + 100000);
    memset(want_name, 0x11, sizeof want_name);
    assert_memory_equal(ticket, want_name, TICKET_KEY_NAME);
    assert_int_equal(ticket_open(a, T0 + 100000, ticket, len, &out_s), 0);

    /* Same name, different key bytes: the tag fails. */
    uint8_t wrong[STRIDE];
    fill_key(wrong, 0x11, 0xcc);
    assert_int_equal(ticket_keys_set(a, wrong, 1), WARD_OK);
    assert_int_equal(ticket_open(a, T0 + 100000, ticket, len, &out_s), 0);

    /* Bad arguments. */
    assert_int_equal(ticket_keys_set(a, keys, 0), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(ticket_keys_set(a, keys, 3), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(ticket_keys_set(a, NULL, 1), WARD_E_INVALID_ARGUMENT);
    uint8_t same[2 * STRIDE];
    fill_key(same, 0x33, 0x01);
    fill_key(same + STRIDE, 0x33, 0x02);
    assert_int_equal(ticket_keys_set(a, same, 2), WARD_E_INVALID_ARGUMENT);
    /* A failed set leaves the keys as they were. */
    assert_int_equal(ticket_keys_set(a, keys, 1), WARD_OK);
    assert_int_equal(ticket_open(a, T0, ticket, len, &out_s), 1);

    ticket_keys_free(a);
    ticket_keys_free(b);
}

static void test_seal_limits(void **state)
{
    (void)state;
    ticket_keys *k;
    assert_int_equal(ticket_keys_new(3600, 7200, &k), WARD_OK);
    size_t len = 77;

    /* The largest session that still fits in SESSION_MAX_TICKET seals... */
    make_session(&in_s, T0);
    size_t base = session_encoded_size(&in_s);
    in_s.ticket_len = SESSION_MAX_TICKET - TICKET_OVERHEAD - base;
    memset(in_s.ticket, 0x42, in_s.ticket_len);
    assert_int_equal(seal(k, T0), SESSION_MAX_TICKET);
    assert_int_equal(ticket_open(k, T0, ticket, SESSION_MAX_TICKET, &out_s), 1);
    assert_int_equal(out_s.ticket_len, in_s.ticket_len);

    /* ...one byte more is refused, and nothing is written. */
    in_s.ticket_len++;
    assert_int_equal(ticket_seal(k, T0, &in_s, ticket, sizeof ticket, &len),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(len, 0);
    in_s.ticket_len = SESSION_MAX_TICKET;
    assert_int_equal(ticket_seal(k, T0, &in_s, ticket, sizeof ticket, &len),
                     WARD_E_INVALID_ARGUMENT);

    /* A caller buffer one byte short is refused. */
    make_session(&in_s, T0);
    size_t need = TICKET_OVERHEAD + session_encoded_size(&in_s);
    assert_int_equal(ticket_seal(k, T0, &in_s, ticket, need - 1, &len), WARD_E_INVALID_ARGUMENT);
    assert_int_equal(ticket_seal(k, T0, &in_s, ticket, need, &len), WARD_OK);
    /* An unencodable session is refused by the codec. */
    in_s.secret_len = SESSION_MAX_SECRET + 1;
    assert_int_equal(ticket_seal(k, T0, &in_s, ticket, sizeof ticket, &len),
                     WARD_E_INVALID_ARGUMENT);
    ticket_keys_free(k);
}

/* ---- threads ---- */

#define THREADS 4
#define ROUNDS 2000

struct shared {
    ticket_keys *k;
    atomic_uint_fast64_t clock; /* one simulated clock for every thread */
    int failures;
    pthread_mutex_t lock;
};

static void *worker(void *arg)
{
    struct shared *sh = arg;
    session s, got;
    uint8_t t[SESSION_MAX_TICKET];
    size_t len;
    int bad = 0;
    for (int i = 0; i < ROUNDS; i++) {
        /* A second passes every 4 operations: the run crosses many rotations
         * (every 100 s) while threads stay within seconds of each other. */
        uint64_t tick = atomic_fetch_add(&sh->clock, 1);
        uint64_t now = T0 + tick / 4;
        make_session(&s, now);
        s.secret[0] = (uint8_t)i;
        if (ticket_seal(sh->k, now, &s, t, sizeof t, &len) != WARD_OK) {
            bad++;
            continue;
        }
        int rc = ticket_open(sh->k, now + 1, t, len, &got);
        /* The key can only be gone if two rotations happened since this
         * thread read the clock: it was descheduled while the others ran on
         * for at least a rotation period. Anything else is a bug. */
        uint64_t elapsed = (atomic_load(&sh->clock) - tick) / 4;
        if (rc == 1 ? got.secret[0] != (uint8_t)i : (rc != 0 || elapsed < 100))
            bad++;
        if (i % 97 == 0)
            ticket_keys_rotate(sh->k, now, false);
    }
    pthread_mutex_lock(&sh->lock);
    sh->failures += bad;
    pthread_mutex_unlock(&sh->lock);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    struct shared sh = {.failures = 0};
    atomic_init(&sh.clock, 0);
    pthread_mutex_init(&sh.lock, NULL);
    assert_int_equal(ticket_keys_new(100, 200, &sh.k), WARD_OK);
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&th[i], NULL, worker, &sh), 0);
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    assert_int_equal(sh.failures, 0);
    ticket_keys_free(sh.k);
    pthread_mutex_destroy(&sh.lock);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_tamper_every_byte),
        cmocka_unit_test(test_short_and_long),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_expired_session),
        cmocka_unit_test(test_rotation_window),
        cmocka_unit_test(test_rotation_after_idle),
        cmocka_unit_test(test_forced_rotation),
        cmocka_unit_test(test_keys_set),
        cmocka_unit_test(test_seal_limits),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
