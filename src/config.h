/* config.h -- the shared, read-mostly configuration behind ward_config. */
#ifndef WARD_CONFIG_H
#define WARD_CONFIG_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>

#include "crypto/crypto.h"
#include "policy.h"
#include "session/session.h"
#include "session/store.h"
#include "ward.h"

#define CONFIG_MAX_CERTS 4
#define CONFIG_MAX_ALPN 256

typedef struct config_cert {
    cert_chain *chain;
    pkey *key;
    key_type type;
} config_cert;

/* Parsed peer certificates a config keeps (x509_cache.c). */
#define CONFIG_PEER_CERTS 16

struct ward_config {
    atomic_int refs;
    ward_role role;
    policy pol;
    config_cert certs[CONFIG_MAX_CERTS];
    size_t n_certs;
    trust_store *trust;     /* NULL until needed: loaded lazily for the system store */
    x509_cache *peer_certs; /* parsed peer certificates, reused across connections */
    bool trust_explicit;
    pthread_mutex_t lock; /* guards lazy trust loading and key log writes */
    int verify_mode;
    uint8_t alpn[CONFIG_MAX_ALPN]; /* encoded ProtocolNameList, without prefix */
    size_t alpn_len;
    FILE *keylog;
    bool grease;
    bool fallback_scsv;
    bool heartbeat;
    bool no_etm;                 /* never offer / accept encrypt-then-MAC (RFC 7366), for tests */
    /* RFC 6520, TLS 1.2 only */ /* client: send TLS_FALLBACK_SCSV (RFC 7507), for tests */
    int renegotiation;           /* WARD_RENEG_* */
    ward_trace_fn trace;
    void *trace_arg;
    size_t max_handshake_message;
    size_t max_chain;

    /* Resumption. Server: the TLS 1.2 session-ID cache (or external ops) and
     * ticket keys; client: the per-name session store. */
    session_cache *cache;
    ward_session_cache_ops ext_cache;
    bool has_ext_cache;
    uint32_t session_lifetime;
    ticket_keys *tickets;
    bool tickets_on;
    unsigned tickets13;
    session_store *store;
    uint64_t (*clock)(void *);
    void *clock_arg;
};

/* Seconds since the epoch, from the configured clock. */
uint64_t config_now(const ward_config *cfg);
/* Server: finds a TLS 1.2 session by ID (internal or external cache). 1 or 0. */
int config_cache_get(ward_config *cfg, const uint8_t *id, size_t id_len, session *out);
void config_cache_put(ward_config *cfg, const session *s);

/* The trust store, loading the system default on first use. */
MUST_CHECK int config_trust(ward_config *cfg, trust_store **out);

/* Appends one NSS key log line: LABEL <client_random hex> <secret hex>. */
void config_keylog(ward_config *cfg, const char *label, const uint8_t *client_random,
                   const uint8_t *secret, size_t secret_len);

#endif
