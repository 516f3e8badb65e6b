/* x509_cache.c -- parsed peer certificates, reused across connections.
 *
 * Parsing a certificate is a large part of a full handshake with OpenSSL 3.0
 * (d2i_X509 sets up a decoder for the public key every time), and a client
 * that connects to the same servers again, or a server whose clients present
 * the same certificates, receives byte-identical DER over and over. The cache
 * keeps the last few parsed certificates of a config, keyed by their complete
 * DER (compared in full, never by a digest alone), and hands out references.
 * An X509 is only read after crypto_x509_warm, so sharing one is safe.
 *
 * Bounded (least recently used entry replaced), guarded by a mutex. */
#include "crypto/internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct x509_entry {
    uint8_t *der;
    size_t len;
    X509 *x509;
    uint64_t used; /* tick of the last hit; 0 for an empty slot */
} x509_entry;

struct x509_cache {
    pthread_mutex_t lock;
    uint64_t tick;
    size_t n;
    x509_entry e[];
};

int x509_cache_new(size_t max_entries, x509_cache **out)
{
    ENSURE(out && max_entries > 0 && max_entries <= 1024, WARD_E_INVALID_ARGUMENT);
    x509_cache *c = calloc(1, sizeof *c + max_entries * sizeof c->e[0]);
    if (c == NULL)
        return WARD_E_NOMEM;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return WARD_E_NOMEM;
    }
    c->n = max_entries;
    *out = c;
    return WARD_OK;
}

static void entry_clear(x509_entry *e)
{
    X509_free(e->x509);
    free(e->der);
    memset(e, 0, sizeof *e);
}

void x509_cache_free(x509_cache *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++)
        entry_clear(&c->e[i]);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* A new reference to the cached certificate with exactly these bytes, or NULL. */
static X509 *cache_find(x509_cache *c, const uint8_t *der, size_t len)
{
    X509 *x = NULL;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < c->n; i++) {
        x509_entry *e = &c->e[i];
        if (e->used && e->len == len && memcmp(e->der, der, len) == 0) {
            if (X509_up_ref(e->x509) == 1) {
                x = e->x509;
                e->used = ++c->tick;
            }
            break;
        }
    }
    pthread_mutex_unlock(&c->lock);
    return x;
}

/* Stores x (adding a reference) in the least recently used slot. Failures
 * only mean the next handshake parses again. */
static void cache_add(x509_cache *c, const uint8_t *der, size_t len, X509 *x)
{
    uint8_t *copy = malloc(len);
    if (copy == NULL)
        return;
    memcpy(copy, der, len);
    pthread_mutex_lock(&c->lock);
    x509_entry *victim = &c->e[0];
    for (size_t i = 1; i < c->n && victim->used; i++)
        if (c->e[i].used < victim->used)
            victim = &c->e[i];
    if (X509_up_ref(x) == 1) {
        entry_clear(victim);
        *victim = (x509_entry){.der = copy, .len = len, .x509 = x, .used = ++c->tick};
        copy = NULL;
    }
    pthread_mutex_unlock(&c->lock);
    free(copy);
}

X509 *x509_cache_parse(x509_cache *c, const uint8_t *der, size_t len)
{
    if (der == NULL || len == 0)
        return NULL;
    X509 *x = c ? cache_find(c, der, len) : NULL;
    if (x != NULL)
        return x;
    x = crypto_x509_parse(der, len);
    if (x != NULL && c != NULL)
        cache_add(c, der, len, x);
    return x;
}
