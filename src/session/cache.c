/* cache.c -- the server's TLS 1.2 session-ID cache.
 *
 * A fixed array of chained buckets indexed by SipHash-2-4 of the session ID
 * under a random per-cache key (IDs come from clients on lookups, so an
 * unkeyed hash would let one client pile every entry into one bucket), plus a
 * doubly-linked list in recency order. The bucket count is fixed at creation
 * (the next power of two >= max_entries), so chains stay short without ever
 * rehashing. Lookups allocate nothing: an entry is allocated on put, reused
 * when put evicts the least recently used one, and freed (wiped) when removed
 * or found expired. One mutex: the cache belongs to a config shared by every
 * connection on every thread. */
#include "session/session.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

/* Far more than a server holds; keeps the bucket arithmetic from overflowing. */
#define CACHE_MAX_ENTRIES ((size_t)1 << 24)
#define CACHE_MIN_BUCKETS 16

typedef struct cache_entry {
    struct cache_entry *chain;         /* next in the bucket */
    struct cache_entry *newer, *older; /* recency list */
    uint64_t hash;
    session s;
} cache_entry;

struct session_cache {
    pthread_mutex_t lock;
    cache_entry **buckets;
    size_t n_buckets; /* power of two */
    cache_entry *newest, *oldest;
    size_t count;
    size_t max_entries;
    uint64_t sip_k0, sip_k1;
};

/* ---- SipHash-2-4 (Aumasson, Bernstein 2012) ---- */

#define ROTL64(x, b) (((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND(v0, v1, v2, v3)                                                                   \
    do {                                                                                           \
        v0 += v1;                                                                                  \
        v1 = ROTL64(v1, 13);                                                                       \
        v1 ^= v0;                                                                                  \
        v0 = ROTL64(v0, 32);                                                                       \
        v2 += v3;                                                                                  \
        v3 = ROTL64(v3, 16);                                                                       \
        v3 ^= v2;                                                                                  \
        v0 += v3;                                                                                  \
        v3 = ROTL64(v3, 21);                                                                       \
        v3 ^= v0;                                                                                  \
        v2 += v1;                                                                                  \
        v1 = ROTL64(v1, 17);                                                                       \
        v1 ^= v2;                                                                                  \
        v2 = ROTL64(v2, 32);                                                                       \
    } while (0)

static uint64_t load_le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static uint64_t siphash24(uint64_t k0, uint64_t k1, const uint8_t *in, size_t len)
{
    uint64_t v0 = k0 ^ 0x736f6d6570736575ull;
    uint64_t v1 = k1 ^ 0x646f72616e646f6dull;
    uint64_t v2 = k0 ^ 0x6c7967656e657261ull;
    uint64_t v3 = k1 ^ 0x7465646279746573ull;
    size_t full = len - len % 8;
    for (size_t i = 0; i < full; i += 8) {
        uint64_t m = load_le64(in + i);
        v3 ^= m;
        SIPROUND(v0, v1, v2, v3);
        SIPROUND(v0, v1, v2, v3);
        v0 ^= m;
    }
    uint64_t last = (uint64_t)(len & 0xff) << 56;
    for (size_t i = 0; i < len % 8; i++)
        last |= (uint64_t)in[full + i] << (8 * i);
    v3 ^= last;
    SIPROUND(v0, v1, v2, v3);
    SIPROUND(v0, v1, v2, v3);
    v0 ^= last;
    v2 ^= 0xff;
    for (int i = 0; i < 4; i++)
        SIPROUND(v0, v1, v2, v3);
    return v0 ^ v1 ^ v2 ^ v3;
}

/* ---- lifecycle ---- */

int session_cache_new(size_t max_entries, session_cache **out)
{
    ENSURE(out != NULL, WARD_E_INVALID_ARGUMENT);
    *out = NULL;
    ENSURE(max_entries > 0 && max_entries <= CACHE_MAX_ENTRIES, WARD_E_INVALID_ARGUMENT);

    session_cache *c = calloc(1, sizeof *c);
    ENSURE(c != NULL, WARD_E_NOMEM);
    c->max_entries = max_entries;
    c->n_buckets = CACHE_MIN_BUCKETS;
    while (c->n_buckets < max_entries)
        c->n_buckets *= 2;
    c->buckets = calloc(c->n_buckets, sizeof *c->buckets);
    if (c->buckets == NULL) {
        free(c);
        return WARD_E_NOMEM;
    }
    uint8_t seed[16];
    int rc = crypto_random(seed, sizeof seed);
    if (rc == WARD_OK && pthread_mutex_init(&c->lock, NULL) != 0)
        rc = WARD_E_INTERNAL;
    if (rc != WARD_OK) {
        free(c->buckets);
        free(c);
        return rc;
    }
    c->sip_k0 = load_le64(seed);
    c->sip_k1 = load_le64(seed + 8);
    mem_wipe(seed, sizeof seed);
    *out = c;
    return WARD_OK;
}

static void entry_free(cache_entry *e)
{
    mem_free_secret(e, sizeof *e);
}

void session_cache_free(session_cache *c)
{
    if (c == NULL)
        return;
    cache_entry *e = c->newest;
    while (e != NULL) {
        cache_entry *next = e->older;
        entry_free(e);
        e = next;
    }
    free(c->buckets);
    pthread_mutex_destroy(&c->lock);
    mem_free_secret(c, sizeof *c);
}

/* ---- the index and the recency list (all under c->lock) ---- */

static cache_entry **bucket_of(session_cache *c, uint64_t hash)
{
    return &c->buckets[hash & (c->n_buckets - 1)];
}

/* The link that points at the entry for id (for unlinking), or NULL. */
static cache_entry **find_link(session_cache *c, uint64_t hash, const uint8_t *id, size_t id_len)
{
    for (cache_entry **link = bucket_of(c, hash); *link != NULL; link = &(*link)->chain) {
        const cache_entry *e = *link;
        if (e->hash == hash && e->s.id_len == id_len && memcmp(e->s.id, id, id_len) == 0)
            return link;
    }
    return NULL;
}

static void lru_unlink(session_cache *c, cache_entry *e)
{
    if (e->newer != NULL)
        e->newer->older = e->older;
    else
        c->newest = e->older;
    if (e->older != NULL)
        e->older->newer = e->newer;
    else
        c->oldest = e->newer;
    e->newer = e->older = NULL;
}

static void lru_push_newest(session_cache *c, cache_entry *e)
{
    e->newer = NULL;
    e->older = c->newest;
    if (c->newest != NULL)
        c->newest->newer = e;
    else
        c->oldest = e;
    c->newest = e;
}

/* Takes the entry out of both structures; the caller frees or reuses it. */
static void entry_detach(session_cache *c, cache_entry *e)
{
    cache_entry **link = find_link(c, e->hash, e->s.id, e->s.id_len);
    if (link != NULL)
        *link = e->chain;
    e->chain = NULL;
    lru_unlink(c, e);
    c->count--;
}

static void entry_attach(session_cache *c, cache_entry *e)
{
    cache_entry **bucket = bucket_of(c, e->hash);
    e->chain = *bucket;
    *bucket = e;
    lru_push_newest(c, e);
    c->count++;
}

/* ---- the API ---- */

int session_cache_put(session_cache *c, const session *s)
{
    ENSURE(c != NULL && s != NULL, WARD_E_INVALID_ARGUMENT);
    ENSURE(s->id_len > 0 && s->id_len <= SESSION_MAX_ID, WARD_E_INVALID_ARGUMENT);
    ENSURE(s->secret_len <= SESSION_MAX_SECRET && s->ticket_len <= SESSION_MAX_TICKET,
           WARD_E_INVALID_ARGUMENT);
    uint64_t hash = siphash24(c->sip_k0, c->sip_k1, s->id, s->id_len);

    pthread_mutex_lock(&c->lock);
    cache_entry *e = NULL;
    cache_entry **link = find_link(c, hash, s->id, s->id_len);
    if (link != NULL) {
        e = *link; /* same ID: replace in place */
        entry_detach(c, e);
    } else if (c->count >= c->max_entries) {
        e = c->oldest; /* full: the least recently used entry makes room */
        entry_detach(c, e);
    } else {
        e = malloc(sizeof *e);
        if (e == NULL) {
            pthread_mutex_unlock(&c->lock);
            return WARD_E_NOMEM;
        }
    }
    memset(e, 0, sizeof *e);
    e->hash = hash;
    e->s = *s;
    entry_attach(c, e);
    pthread_mutex_unlock(&c->lock);
    return WARD_OK;
}

int session_cache_get(session_cache *c, const uint8_t *id, size_t id_len, uint64_t now,
                      session *out)
{
    if (c == NULL || out == NULL || id == NULL || id_len == 0 || id_len > SESSION_MAX_ID)
        return 0;
    uint64_t hash = siphash24(c->sip_k0, c->sip_k1, id, id_len);

    int found = 0;
    pthread_mutex_lock(&c->lock);
    cache_entry **link = find_link(c, hash, id, id_len);
    if (link != NULL) {
        cache_entry *e = *link;
        if (session_alive(&e->s, now)) {
            *out = e->s;
            lru_unlink(c, e);
            lru_push_newest(c, e);
            found = 1;
        } else {
            entry_detach(c, e);
            entry_free(e);
        }
    }
    pthread_mutex_unlock(&c->lock);
    return found;
}

void session_cache_remove(session_cache *c, const uint8_t *id, size_t id_len)
{
    if (c == NULL || id == NULL || id_len == 0 || id_len > SESSION_MAX_ID)
        return;
    uint64_t hash = siphash24(c->sip_k0, c->sip_k1, id, id_len);
    pthread_mutex_lock(&c->lock);
    cache_entry **link = find_link(c, hash, id, id_len);
    if (link != NULL) {
        cache_entry *e = *link;
        entry_detach(c, e);
        entry_free(e);
    }
    pthread_mutex_unlock(&c->lock);
}

size_t session_cache_count(session_cache *c)
{
    if (c == NULL)
        return 0;
    pthread_mutex_lock(&c->lock);
    size_t n = c->count;
    pthread_mutex_unlock(&c->lock);
    return n;
}

size_t session_cache_bytes(session_cache *c)
{
    if (c == NULL)
        return 0;
    pthread_mutex_lock(&c->lock);
    size_t n = sizeof *c + c->n_buckets * sizeof *c->buckets + c->count * sizeof(cache_entry);
    pthread_mutex_unlock(&c->lock);
    return n;
}
