/* config.c -- ward_config: certificates, trust, policy, ALPN, key log. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "msg/msg.h"

ward_config *ward_config_new(ward_role role)
{
    if (crypto_init() != WARD_OK)
        return NULL;
    ward_config *cfg = calloc(1, sizeof *cfg);
    if (cfg == NULL)
        return NULL;
    atomic_init(&cfg->refs, 1);
    cfg->role = role;
    (void)policy_preset("default", &cfg->pol);
    pthread_mutex_init(&cfg->lock, NULL);
    cfg->verify_mode = role == WARD_CLIENT ? WARD_VERIFY_REQUIRE : WARD_VERIFY_NONE;
    cfg->grease = true;
    cfg->max_handshake_message = 64 * 1024;
    cfg->max_chain = CERT_MAX_CHAIN;
    cfg->session_lifetime = 7200;
    cfg->tickets_on = true;
    cfg->tickets13 = 2;
    int rc = x509_cache_new(CONFIG_PEER_CERTS, &cfg->peer_certs);
    if (rc == WARD_OK && role == WARD_SERVER) {
        rc = session_cache_new(10240, &cfg->cache);
        if (rc == WARD_OK)
            rc = ticket_keys_new(3600, 3600, &cfg->tickets);
    } else if (rc == WARD_OK) {
        rc = session_store_new(64, &cfg->store);
    }
    if (rc != WARD_OK) {
        ward_config_free(cfg);
        return NULL;
    }
    return cfg;
}

uint64_t config_now(const ward_config *cfg)
{
    if (cfg->clock)
        return cfg->clock(cfg->clock_arg);
    return (uint64_t)time(NULL);
}

int config_cache_get(ward_config *cfg, const uint8_t *id, size_t id_len, session *out)
{
    if (cfg->has_ext_cache) {
        uint8_t buf[4096];
        size_t n = cfg->ext_cache.get(cfg->ext_cache.arg, id, id_len, buf, sizeof buf);
        int ok = n > 0 && n <= sizeof buf && session_decode(buf, n, out) == WARD_OK &&
                 session_alive(out, config_now(cfg));
        mem_wipe(buf, sizeof buf);
        return ok;
    }
    if (cfg->cache == NULL)
        return 0;
    return session_cache_get(cfg->cache, id, id_len, config_now(cfg), out) == 1;
}

void config_cache_put(ward_config *cfg, const session *s)
{
    if (cfg->has_ext_cache) {
        uint8_t buf[4096];
        size_t n;
        if (session_encode(s, buf, sizeof buf, &n) == WARD_OK)
            cfg->ext_cache.put(cfg->ext_cache.arg, s->id, s->id_len, buf, n, s->lifetime);
        mem_wipe(buf, sizeof buf);
        return;
    }
    /* A session that cannot be cached only costs a full handshake later. */
    if (cfg->cache && session_cache_put(cfg->cache, s) != WARD_OK)
        return;
}

int ward_config_set_session_cache(ward_config *cfg, size_t max_entries, uint32_t lifetime_secs)
{
    ENSURE(cfg && lifetime_secs > 0, WARD_E_INVALID_ARGUMENT);
    session_cache *c = NULL;
    if (max_entries)
        TRY(session_cache_new(max_entries, &c));
    session_cache_free(cfg->cache);
    cfg->cache = c;
    cfg->session_lifetime = lifetime_secs;
    return WARD_OK;
}

void ward_config_set_session_cache_ops(ward_config *cfg, const ward_session_cache_ops *ops)
{
    if (cfg == NULL)
        return;
    cfg->has_ext_cache = ops && ops->get && ops->put && ops->del;
    if (cfg->has_ext_cache)
        cfg->ext_cache = *ops;
}

void ward_config_set_tickets(ward_config *cfg, int on, unsigned tls13_count)
{
    if (cfg) {
        cfg->tickets_on = on != 0;
        cfg->tickets13 = tls13_count > 16 ? 16 : tls13_count;
    }
}

int ward_config_set_ticket_rotation(ward_config *cfg, uint32_t rotate_secs, uint32_t window_secs)
{
    ENSURE(cfg && rotate_secs > 0, WARD_E_INVALID_ARGUMENT);
    ticket_keys *k;
    TRY(ticket_keys_new(rotate_secs, window_secs, &k));
    ticket_keys_free(cfg->tickets);
    cfg->tickets = k;
    return WARD_OK;
}

int ward_config_set_ticket_keys(ward_config *cfg, const uint8_t *keys, size_t n)
{
    ENSURE(cfg && keys && n > 0 && cfg->tickets, WARD_E_INVALID_ARGUMENT);
    return ticket_keys_set(cfg->tickets, keys, n);
}

void ward_config_set_session_store(ward_config *cfg, int on)
{
    if (cfg == NULL || cfg->role != WARD_CLIENT)
        return;
    if (!on) {
        session_store_free(cfg->store);
        cfg->store = NULL;
    } else if (cfg->store == NULL && session_store_new(64, &cfg->store) != WARD_OK) {
        cfg->store = NULL; /* no memory: the client simply does not resume */
    }
}

void ward_config_set_clock(ward_config *cfg, uint64_t (*now)(void *arg), void *arg)
{
    if (cfg) {
        cfg->clock = now;
        cfg->clock_arg = arg;
    }
}

static void config_release(ward_config *cfg)
{
    for (size_t i = 0; i < cfg->n_certs; i++) {
        cert_chain_free(cfg->certs[i].chain);
        pkey_free(cfg->certs[i].key);
    }
    trust_store_free(cfg->trust);
    x509_cache_free(cfg->peer_certs);
    session_cache_free(cfg->cache);
    ticket_keys_free(cfg->tickets);
    session_store_free(cfg->store);
    if (cfg->keylog)
        fclose(cfg->keylog);
    pthread_mutex_destroy(&cfg->lock);
    free(cfg);
}

void ward_config_free(ward_config *cfg)
{
    if (cfg && atomic_fetch_sub(&cfg->refs, 1) == 1)
        config_release(cfg);
}

int ward_config_set_policy(ward_config *cfg, const char *name)
{
    ENSURE(cfg && name, WARD_E_INVALID_ARGUMENT);
    policy p;
    ENSURE(policy_preset(name, &p), WARD_E_INVALID_ARGUMENT);
    cfg->pol = p;
    return WARD_OK;
}

/* Calls fn on each comma-separated item of list. */
static int list_each(const char *list, int (*fn)(void *, const char *, size_t), void *arg)
{
    ENSURE(list && *list, WARD_E_INVALID_ARGUMENT);
    const char *s = list;
    while (*s) {
        const char *e = strchr(s, ',');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        ENSURE(n > 0, WARD_E_INVALID_ARGUMENT);
        TRY(fn(arg, s, n));
        s += n + (e ? 1 : 0);
        ENSURE(!(e && *s == '\0'), WARD_E_INVALID_ARGUMENT);
    }
    return WARD_OK;
}

static int add_group(void *arg, const char *name, size_t n)
{
    policy *p = arg;
    uint16_t g = group_by_name(name, n);
    /* Within the policy: only "legacy" has the RFC 7919 groups. */
    ENSURE(g != 0 && policy_preset_has_group(p->name, g) && p->n_groups < POLICY_MAX_GROUPS,
           WARD_E_INVALID_ARGUMENT);
    p->groups[p->n_groups++] = g;
    return WARD_OK;
}

int ward_config_set_groups(ward_config *cfg, const char *list)
{
    ENSURE(cfg, WARD_E_INVALID_ARGUMENT);
    policy p = cfg->pol;
    p.n_groups = 0;
    TRY(list_each(list, add_group, &p));
    cfg->pol = p;
    return WARD_OK;
}

static int add_suite(void *arg, const char *name, size_t n)
{
    policy *p = arg;
    uint16_t s = suite_by_name(name, n);
    /* Within the policy: a legacy suite needs the "legacy" policy. */
    ENSURE(s != 0 && policy_preset_has_suite(p->name, s) && p->n_suites < POLICY_MAX_SUITES,
           WARD_E_INVALID_ARGUMENT);
    p->suites[p->n_suites++] = s;
    return WARD_OK;
}

int ward_config_set_suites(ward_config *cfg, const char *list)
{
    ENSURE(cfg, WARD_E_INVALID_ARGUMENT);
    policy p = cfg->pol;
    p.n_suites = 0;
    TRY(list_each(list, add_suite, &p));
    cfg->pol = p;
    return WARD_OK;
}

static int read_file(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ENSURE(f, WARD_E_CONFIG);
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *bigger = realloc(buf, cap * 2 + 1);
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    ENSURE(buf, WARD_E_NOMEM);
    if (bad) {
        free(buf);
        return WARD_E_CONFIG;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return WARD_OK;
}

int ward_config_add_cert_chain_pem(ward_config *cfg, const char *chain_pem, size_t chain_len,
                                   const char *key_pem, size_t key_len)
{
    ENSURE(cfg && chain_pem && key_pem, WARD_E_INVALID_ARGUMENT);
    ENSURE(cfg->n_certs < CONFIG_MAX_CERTS, WARD_E_CONFIG);
    config_cert cc = {0};
    TRY(cert_chain_from_pem(chain_pem, chain_len, &cc.chain));
    int rc = pkey_from_pem(key_pem, key_len, &cc.key);
    if (rc == WARD_OK && !cert_chain_matches_key(cc.chain, cc.key))
        rc = WARD_E_CONFIG;
    if (rc == WARD_OK && (cc.type = pkey_type(cc.key)) == 0)
        rc = WARD_E_CONFIG;
    if (rc != WARD_OK) {
        cert_chain_free(cc.chain);
        pkey_free(cc.key);
        return rc == WARD_E_NOMEM ? rc : WARD_E_CONFIG;
    }
    cfg->certs[cfg->n_certs++] = cc;
    return WARD_OK;
}

int ward_config_add_cert_chain_file(ward_config *cfg, const char *chain_path, const char *key_path)
{
    ENSURE(cfg && chain_path && key_path, WARD_E_INVALID_ARGUMENT);
    char *chain = NULL, *key = NULL;
    size_t chain_len = 0, key_len = 0;
    TRY(read_file(chain_path, &chain, &chain_len));
    int rc = read_file(key_path, &key, &key_len);
    if (rc == WARD_OK)
        rc = ward_config_add_cert_chain_pem(cfg, chain, chain_len, key, key_len);
    free(chain);
    mem_free_secret(key, key_len);
    return rc;
}

static void config_set_trust(ward_config *cfg, trust_store *s)
{
    trust_store_free(cfg->trust);
    cfg->trust = s;
    cfg->trust_explicit = true;
}

int ward_config_set_ca(ward_config *cfg, const char *ca_file, const char *ca_dir)
{
    ENSURE(cfg && (ca_file || ca_dir), WARD_E_INVALID_ARGUMENT);
    trust_store *s;
    if (trust_store_load(ca_file, ca_dir, &s) != WARD_OK)
        return WARD_E_CONFIG;
    config_set_trust(cfg, s);
    return WARD_OK;
}

int ward_config_set_ca_pem(ward_config *cfg, const char *pem, size_t len)
{
    ENSURE(cfg && pem, WARD_E_INVALID_ARGUMENT);
    trust_store *s;
    if (trust_store_from_pem(pem, len, &s) != WARD_OK)
        return WARD_E_CONFIG;
    config_set_trust(cfg, s);
    return WARD_OK;
}

int config_trust(ward_config *cfg, trust_store **out)
{
    int rc = WARD_OK;
    pthread_mutex_lock(&cfg->lock);
    if (cfg->trust == NULL)
        rc = trust_store_system(&cfg->trust);
    *out = cfg->trust;
    pthread_mutex_unlock(&cfg->lock);
    return rc;
}

int ward_config_set_verify(ward_config *cfg, int mode)
{
    ENSURE(cfg && mode >= WARD_VERIFY_NONE && mode <= WARD_VERIFY_REQUIRE, WARD_E_INVALID_ARGUMENT);
    cfg->verify_mode = mode;
    return WARD_OK;
}

int ward_config_set_alpn(ward_config *cfg, const char *list)
{
    ENSURE(cfg && list && *list, WARD_E_INVALID_ARGUMENT);
    size_t n = 0;
    const char *s = list;
    while (*s) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        /* RFC 7301 3.1: empty names are not allowed; names are at most 255 bytes. */
        ENSURE(len > 0 && len <= 255 && n + 1 + len <= CONFIG_MAX_ALPN, WARD_E_INVALID_ARGUMENT);
        cfg->alpn[n++] = (uint8_t)len;
        memcpy(cfg->alpn + n, s, len);
        n += len;
        s += len + (e ? 1 : 0);
    }
    cfg->alpn_len = n;
    return WARD_OK;
}

int ward_config_set_keylog_file(ward_config *cfg, const char *path)
{
    ENSURE(cfg, WARD_E_INVALID_ARGUMENT);
    if (cfg->keylog)
        fclose(cfg->keylog);
    cfg->keylog = NULL;
    if (path == NULL)
        return WARD_OK;
    cfg->keylog = fopen(path, "a");
    ENSURE(cfg->keylog, WARD_E_CONFIG);
    return WARD_OK;
}

void config_keylog(ward_config *cfg, const char *label, const uint8_t *client_random,
                   const uint8_t *secret, size_t secret_len)
{
    if (cfg->keylog == NULL)
        return;
    pthread_mutex_lock(&cfg->lock);
    fprintf(cfg->keylog, "%s ", label);
    for (size_t i = 0; i < 32; i++)
        fprintf(cfg->keylog, "%02x", client_random[i]);
    fputc(' ', cfg->keylog);
    for (size_t i = 0; i < secret_len; i++)
        fprintf(cfg->keylog, "%02x", secret[i]);
    fputc('\n', cfg->keylog);
    fflush(cfg->keylog);
    pthread_mutex_unlock(&cfg->lock);
}

void ward_config_set_grease(ward_config *cfg, int on)
{
    if (cfg)
        cfg->grease = on != 0;
}

int ward_config_set_limits(ward_config *cfg, size_t max_handshake_message, size_t max_chain)
{
    ENSURE(cfg && max_handshake_message >= 1024 && max_handshake_message <= (1u << 24) &&
               max_chain >= 1 && max_chain <= CERT_MAX_CHAIN,
           WARD_E_INVALID_ARGUMENT);
    cfg->max_handshake_message = max_handshake_message;
    cfg->max_chain = max_chain;
    return WARD_OK;
}

void ward_config_set_heartbeat(ward_config *cfg, int on)
{
    if (cfg)
        cfg->heartbeat = on != 0;
}

void ward_config_set_encrypt_then_mac(ward_config *cfg, int on)
{
    if (cfg)
        cfg->no_etm = on == 0;
}

void ward_config_set_fallback_scsv(ward_config *cfg, int on)
{
    if (cfg)
        cfg->fallback_scsv = on != 0;
}

void ward_config_set_renegotiation(ward_config *cfg, int mode)
{
    if (cfg)
        cfg->renegotiation = mode == WARD_RENEG_SECURE ? WARD_RENEG_SECURE : WARD_RENEG_NEVER;
}

int ward_config_set_versions(ward_config *cfg, uint16_t min, uint16_t max)
{
    ENSURE(cfg && min <= max && min >= 0x0303 && max <= 0x0304, WARD_E_INVALID_ARGUMENT);
    policy p;
    (void)policy_preset(cfg->pol.name, &p);
    /* Within the policy: "tls13" cannot be widened to TLS 1.2. */
    ENSURE(min >= p.min_version || max >= p.min_version, WARD_E_INVALID_ARGUMENT);
    cfg->pol.min_version = min > p.min_version ? min : p.min_version;
    cfg->pol.max_version = max;
    ENSURE(cfg->pol.min_version <= cfg->pol.max_version, WARD_E_INVALID_ARGUMENT);
    return WARD_OK;
}

void ward_config_set_trace(ward_config *cfg, ward_trace_fn fn, void *arg)
{
    if (cfg) {
        cfg->trace = fn;
        cfg->trace_arg = arg;
    }
}
