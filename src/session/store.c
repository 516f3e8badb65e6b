/* store.c -- the client's session memory: a small table, one slot per server
 * name, behind a mutex (a client config is shared by many connections). */
#include "session/store.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

typedef struct store_slot {
    char name[SESSION_MAX_NAME + 1];
    session s;
    uint64_t stamp; /* insertion order, for replacing the oldest */
    bool used;
} store_slot;

struct session_store {
    pthread_mutex_t lock;
    size_t n;
    uint64_t clock;
    store_slot slots[];
};

int session_store_new(size_t max_names, session_store **out)
{
    ENSURE(max_names > 0 && max_names < 65536, WARD_E_INVALID_ARGUMENT);
    session_store *st = calloc(1, sizeof *st + max_names * sizeof(store_slot));
    ENSURE(st, WARD_E_NOMEM);
    pthread_mutex_init(&st->lock, NULL);
    st->n = max_names;
    *out = st;
    return WARD_OK;
}

void session_store_free(session_store *st)
{
    if (st == NULL)
        return;
    pthread_mutex_destroy(&st->lock);
    mem_free_secret(st, sizeof *st + st->n * sizeof(store_slot));
}

static store_slot *store_find(session_store *st, const char *name)
{
    for (size_t i = 0; i < st->n; i++)
        if (st->slots[i].used && strcmp(st->slots[i].name, name) == 0)
            return &st->slots[i];
    return NULL;
}

void session_store_put(session_store *st, const char *name, const session *s)
{
    if (strlen(name) > SESSION_MAX_NAME)
        return;
    pthread_mutex_lock(&st->lock);
    store_slot *slot = store_find(st, name);
    for (size_t i = 0; slot == NULL && i < st->n; i++)
        if (!st->slots[i].used)
            slot = &st->slots[i];
    if (slot == NULL) {
        slot = &st->slots[0];
        for (size_t i = 1; i < st->n; i++)
            if (st->slots[i].stamp < slot->stamp)
                slot = &st->slots[i];
    }
    session_wipe(&slot->s);
    slot->s = *s;
    strcpy(slot->name, name);
    slot->stamp = ++st->clock;
    slot->used = true;
    pthread_mutex_unlock(&st->lock);
}

int session_store_get(session_store *st, const char *name, uint64_t now, bool remove, session *out)
{
    int found = 0;
    pthread_mutex_lock(&st->lock);
    store_slot *slot = store_find(st, name);
    if (slot && session_alive(&slot->s, now)) {
        *out = slot->s;
        found = 1;
    }
    if (slot && (remove || !found)) {
        session_wipe(&slot->s);
        slot->used = false;
    }
    pthread_mutex_unlock(&st->lock);
    return found;
}
