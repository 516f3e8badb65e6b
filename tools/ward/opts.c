/* opts.c -- option parsing and configuration shared by client and server. */
#include "tool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Options that take a value; which command accepts each. */
typedef struct opt_spec {
    const char *name;
    bool client, server;
} opt_spec;

static const opt_spec value_opts[] = {
    {"--cert", true, true},          {"--key", true, true},
    {"--ca", true, false},           {"--servername", true, false},
    {"--alpn", true, true},          {"--groups", true, true},
    {"--suites", true, true},        {"--policy", true, true},
    {"--port", false, true},         {"--host", false, true},
    {"--www", false, true},          {"--verify-client", false, true},
    {"--max-conns", false, true},    {"--renegotiate-after", false, true},
    {"--sess-in", true, false},      {"--sess-out", true, false},
    {"--reconnect", true, false},    {"--tickets13", false, true},
    {"--idle-timeout", false, true}, {"--handshake-timeout", false, true},
};

static const opt_spec flag_opts[] = {
    {"--trace", true, true},          {"--insecure", true, false},
    {"--verbose", true, true},        {"--key-update", true, false},
    {"--tls12", true, true},          {"--tls13", true, true},
    {"--tls1_2", true, true}, /* aliases of --tls12 / --tls13 */
    {"--tls1_3", true, true},         {"--fallback-scsv", true, false},
    {"--renegotiation", true, false}, {"--allow-client-renegotiation", false, true},
    {"--no-tickets", false, true},    {"--no-session-cache", false, true},
    {"--heartbeat", false, true},     {"--heartbeat-probe", true, false},
    {"--no-etm", true, true},
};

static const opt_spec *find(const opt_spec *t, size_t n, const char *arg, bool server)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].name, arg) == 0 && (server ? t[i].server : t[i].client))
            return &t[i];
    return NULL;
}

/* A count of seconds for a timeout: 1 to a day. */
static int set_seconds(long *out, const char *v)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno != 0 || *v == '\0' || *end != '\0' || n < 1 || n > 86400)
        return -1;
    *out = n;
    return 0;
}

static int set_value(tool_opts *o, const char *name, const char *v)
{
    if (strstr(name, "-timeout") != NULL) /* --handshake-timeout, --idle-timeout */
        return set_seconds(name[2] == 'h' ? &o->hs_timeout : &o->idle_timeout, v);
    if (strcmp(name, "--cert") == 0 || strcmp(name, "--key") == 0) {
        bool cert = name[2] == 'c';
        size_t *n = cert ? &o->n_cert : &o->n_key;
        if (*n == TOOL_MAX_CERTS)
            return -1;
        (cert ? o->cert : o->key)[(*n)++] = v;
    } else if (strcmp(name, "--max-conns") == 0) {
        char *end;
        errno = 0;
        o->max_conns = strtol(v, &end, 10);
        if (errno != 0 || *end != '\0' || o->max_conns < 1)
            return -1;
    } else if (strcmp(name, "--renegotiate-after") == 0) {
        char *end;
        errno = 0;
        o->reneg_after = strtol(v, &end, 10);
        if (errno != 0 || *v == '\0' || *end != '\0' || o->reneg_after < 0)
            return -1;
    } else if (strcmp(name, "--reconnect") == 0 || strcmp(name, "--tickets13") == 0) {
        char *end;
        errno = 0;
        long n = strtol(v, &end, 10);
        /* --tickets13 is a count of messages sent after every handshake. */
        long max = name[2] == 'r' ? 1000 : 16;
        if (errno != 0 || *v == '\0' || *end != '\0' || n < 0 || n > max)
            return -1;
        *(name[2] == 'r' ? &o->reconnect : &o->tickets13) = n;
    } else if (strcmp(name, "--port") == 0) {
        char *end;
        long p = strtol(v, &end, 10);
        if (*v == '\0' || *end != '\0' || p < 0 || p > 65535)
            return -1;
        o->port = v;
    } else {
        const char **slot = strcmp(name, "--ca") == 0           ? &o->ca
                            : strcmp(name, "--servername") == 0 ? &o->servername
                            : strcmp(name, "--alpn") == 0       ? &o->alpn
                            : strcmp(name, "--groups") == 0     ? &o->groups
                            : strcmp(name, "--suites") == 0     ? &o->suites
                            : strcmp(name, "--policy") == 0     ? &o->policy
                            : strcmp(name, "--host") == 0       ? &o->host
                            : strcmp(name, "--www") == 0        ? &o->www
                            : strcmp(name, "--sess-in") == 0    ? &o->sess_in
                            : strcmp(name, "--sess-out") == 0   ? &o->sess_out
                                                                : &o->verify_client;
        *slot = v;
    }
    return 0;
}

static void set_flag(tool_opts *o, const char *name)
{
    if (strcmp(name, "--trace") == 0)
        o->trace = true;
    else if (strcmp(name, "--insecure") == 0)
        o->insecure = true;
    else if (strcmp(name, "--verbose") == 0)
        o->verbose = true;
    else if (strcmp(name, "--tls12") == 0 || strcmp(name, "--tls1_2") == 0)
        o->only_version = 0x0303;
    else if (strcmp(name, "--tls13") == 0 || strcmp(name, "--tls1_3") == 0)
        o->only_version = 0x0304;
    else if (strcmp(name, "--fallback-scsv") == 0)
        o->fallback_scsv = true;
    else if (strcmp(name, "--heartbeat") == 0)
        o->heartbeat = true;
    else if (strcmp(name, "--heartbeat-probe") == 0)
        o->heartbeat = o->heartbeat_probe = true;
    else if (strcmp(name, "--renegotiation") == 0 ||
             strcmp(name, "--allow-client-renegotiation") == 0)
        o->renegotiation = true;
    else if (strcmp(name, "--no-tickets") == 0)
        o->no_tickets = true;
    else if (strcmp(name, "--no-session-cache") == 0)
        o->no_session_cache = true;
    else if (strcmp(name, "--no-etm") == 0)
        o->no_etm = true;
    else
        o->key_update = true;
}

static int usage_error(bool server, const char *fmt, const char *what)
{
    fprintf(stderr, "ward %s: ", server ? "server" : "client");
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\n(see ward %s --help)\n", server ? "server" : "client");
    return EXIT_USAGE;
}

int opts_parse(int argc, char **argv, bool server, tool_opts *o)
{
    memset(o, 0, sizeof *o);
    o->host = "127.0.0.1";
    o->port = "4433";
    o->reneg_after = -1;
    o->tickets13 = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const opt_spec *s;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            (server ? usage_server : usage_client)(stdout);
            return -1;
        }
        if ((s = find(flag_opts, sizeof flag_opts / sizeof flag_opts[0], a, server)) != NULL) {
            unsigned before = o->only_version;
            set_flag(o, s->name);
            if (before != 0 && o->only_version != before)
                return usage_error(server, "%s", "--tls12 and --tls13 exclude each other");
        } else if ((s = find(value_opts, sizeof value_opts / sizeof value_opts[0], a, server))) {
            if (i + 1 >= argc)
                return usage_error(server, "%s needs a value", a);
            if (set_value(o, s->name, argv[++i]) != 0)
                return usage_error(server, "bad value for %s", a);
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error(server, "unknown option %s", a);
        } else if (!server && o->target == NULL) {
            o->target = a;
        } else {
            return usage_error(server, "unexpected argument %s", a);
        }
    }
    if (o->n_cert != o->n_key)
        return usage_error(server, "%s", "each --cert needs a --key (and the other way round)");
    if (server && o->n_cert == 0)
        return usage_error(server, "%s", "needs --cert CHAIN.pem --key KEY.pem");
    if (!server && o->target == NULL)
        return usage_error(server, "%s", "needs HOST:PORT");
    if (o->no_tickets && o->tickets13 >= 0)
        return usage_error(server, "%s", "--no-tickets and --tickets13 exclude each other");
    return EXIT_OK;
}

static ward_config *config_fail(ward_config *cfg, const char *prog, const char *what, int rc)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, ward_error_string(rc));
    ward_config_free(cfg);
    return NULL;
}

#define CFG_TRY(call, what)                                                                        \
    do {                                                                                           \
        int cfg_rc_ = (call);                                                                      \
        if (cfg_rc_ < 0)                                                                           \
            return config_fail(cfg, prog, what, cfg_rc_);                                          \
    } while (0)

ward_config *opts_config(const tool_opts *o, ward_role role, const char *prog)
{
    ward_config *cfg = ward_config_new(role);
    if (cfg == NULL)
        return config_fail(NULL, prog, "configuration", WARD_E_NOMEM);
    if (o->policy)
        CFG_TRY(ward_config_set_policy(cfg, o->policy), "--policy");
    if (o->only_version &&
        ward_config_set_versions(cfg, o->only_version, o->only_version) != WARD_OK) {
        fprintf(stderr, "%s: %s: the policy \"%s\" does not allow that version\n", prog,
                o->only_version == 0x0303 ? "--tls12" : "--tls13",
                o->policy ? o->policy : "default");
        ward_config_free(cfg);
        return NULL;
    }
    if (o->groups)
        CFG_TRY(ward_config_set_groups(cfg, o->groups), "--groups");
    if (o->suites)
        CFG_TRY(ward_config_set_suites(cfg, o->suites), "--suites");
    if (o->alpn)
        CFG_TRY(ward_config_set_alpn(cfg, o->alpn), "--alpn");
    for (size_t i = 0; i < o->n_cert; i++) {
        char what[512];
        snprintf(what, sizeof what, "cannot use --cert %s --key %s", o->cert[i], o->key[i]);
        CFG_TRY(ward_config_add_cert_chain_file(cfg, o->cert[i], o->key[i]), what);
    }
    if (o->ca)
        CFG_TRY(ward_config_set_ca(cfg, o->ca, NULL), "--ca");
    if (o->verify_client) {
        CFG_TRY(ward_config_set_ca(cfg, o->verify_client, NULL), "--verify-client");
        CFG_TRY(ward_config_set_verify(cfg, WARD_VERIFY_REQUIRE), "--verify-client");
    }
    if (o->insecure)
        CFG_TRY(ward_config_set_verify(cfg, WARD_VERIFY_NONE), "--insecure");
    const char *keylog = getenv("SSLKEYLOGFILE");
    if (keylog && *keylog)
        CFG_TRY(ward_config_set_keylog_file(cfg, keylog), "SSLKEYLOGFILE");
    if (o->trace)
        ward_config_set_trace(cfg, ward_trace_print, stderr);
    if (o->fallback_scsv)
        ward_config_set_fallback_scsv(cfg, 1);
    if (o->heartbeat)
        ward_config_set_heartbeat(cfg, 1);
    if (o->no_etm)
        ward_config_set_encrypt_then_mac(cfg, 0);
    if (o->renegotiation)
        ward_config_set_renegotiation(cfg, WARD_RENEG_SECURE);
    if (o->no_tickets)
        ward_config_set_tickets(cfg, 0, 0);
    else if (o->tickets13 >= 0)
        ward_config_set_tickets(cfg, 1, (unsigned)o->tickets13);
    if (o->no_session_cache)
        CFG_TRY(ward_config_set_session_cache(cfg, 0, 7200), "--no-session-cache");
    return cfg;
}

const char *tool_version_label(uint16_t v)
{
    switch (v) {
    case 0x0304: return "TLSv1.3";
    case 0x0303: return "TLSv1.2";
    default: return "unknown";
    }
}

void tool_print_connected(const char *prog, const ward_conn *c)
{
    uint16_t v = ward_conn_version(c);
    const char *alpn = ward_conn_alpn(c);
    uint16_t group = ward_conn_group(c);
    char tls12[48] = "";
    if (v == 0x0303)
        snprintf(tls12, sizeof tls12, " secure_reneg=%s etm=%s",
                 ward_conn_secure_renegotiation(c) ? "yes" : "no",
                 ward_conn_encrypt_then_mac(c) ? "yes" : "no");
    fprintf(stderr, "%s: connected %s %s %s alpn=%s hrr=%s verified=%s ems=%s%s fs=%s resumed=%s\n",
            prog, tool_version_label(v), ward_suite_name(ward_conn_cipher_suite(c)),
            group ? ward_group_name(group) : "-", alpn ? alpn : "-",
            ward_conn_had_hrr(c) ? "yes" : "no", ward_conn_peer_verified(c) ? "yes" : "no",
            ward_conn_ems(c) ? "yes" : "no", tls12, ward_conn_forward_secret(c) ? "yes" : "no",
            ward_conn_resumed(c) ? "yes" : "no");
}

void tool_trace_resumed(const char *prog, const ward_conn *c)
{
    if (ward_conn_resumed(c))
        fprintf(stderr, "   [%s] handshake done: RESUMED a session (%s)\n", prog,
                ward_conn_version(c) == 0x0304 ? "PSK with (EC)DHE, no certificate"
                                               : "abbreviated handshake");
    else
        fprintf(stderr, "   [%s] handshake done: full handshake, no session resumed\n", prog);
}

const char *tool_failure(const ward_conn *c, int rc)
{
    static __thread char buf[256];
    const char *detail = c ? ward_conn_error_detail(c) : "";
    if (detail && *detail)
        return detail;
    if (rc == WARD_E_IO)
        snprintf(buf, sizeof buf, "%s (%s)", ward_error_string(rc), strerror(errno));
    else if (rc == WARD_WANT_READ || rc == WARD_WANT_WRITE)
        snprintf(buf, sizeof buf, "timed out waiting for the peer");
    else
        snprintf(buf, sizeof buf, "%s", ward_error_string(rc));
    return buf;
}
