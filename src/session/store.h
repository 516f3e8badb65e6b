/* store.h -- the client's memory of the latest session per server name. */
#ifndef WARD_SESSION_STORE_H
#define WARD_SESSION_STORE_H

#include "session/session.h"

typedef struct session_store session_store;

MUST_CHECK int session_store_new(size_t max_names, session_store **out);
void session_store_free(session_store *st);
/* Remembers s as the latest session for name (replacing the older one; the
 * least recently stored name goes when the store is full). */
void session_store_put(session_store *st, const char *name, const session *s);
/* Copies the session for name into *out when there is one alive at now;
 * remove: forget it (a TLS 1.3 ticket is used once). Returns 1 or 0. */
int session_store_get(session_store *st, const char *name, uint64_t now, bool remove, session *out);

#endif
