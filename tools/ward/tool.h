/* tool.h -- what the files of the `ward` command share. */
#ifndef WARD_TOOL_H
#define WARD_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ward.h"

/* Exit codes of every subcommand. */
enum { EXIT_OK = 0, EXIT_TLS = 1, EXIT_USAGE = 2 };

#define TOOL_MAX_CERTS 4

/* Options of `ward client` and `ward server` (each uses its own subset). */
typedef struct tool_opts {
    const char *target; /* client: HOST:PORT */
    const char *cert[TOOL_MAX_CERTS];
    const char *key[TOOL_MAX_CERTS];
    size_t n_cert, n_key;
    const char *ca, *servername, *alpn, *groups, *suites, *policy;
    const char *host, *port, *www, *verify_client;
    bool trace, insecure, verbose, key_update;
    bool fallback_scsv;    /* client: --fallback-scsv */
    bool heartbeat;        /* --heartbeat (server), --heartbeat-probe (client) */
    bool heartbeat_probe;  /* client: send one HeartbeatRequest after the handshake */
    bool renegotiation;    /* client --renegotiation, server --allow-client-renegotiation */
    long max_conns;        /* 0: forever */
    long reneg_after;      /* server --renegotiate-after N; -1: never */
    unsigned only_version; /* --tls12 / --tls13: 0x0303 / 0x0304, 0: any */
    const char *sess_in;   /* client --sess-in FILE: offer this saved session */
    const char *sess_out;  /* client --sess-out FILE: save the session at the end */
    long reconnect;        /* client --reconnect N: N more connections (0: none) */
    bool no_tickets;       /* server --no-tickets */
    bool no_session_cache; /* server --no-session-cache */
    bool no_etm;           /* --no-etm: no encrypt-then-MAC (RFC 7366) */
    long tickets13;        /* server --tickets13 N; -1: the library's default */
    long hs_timeout;       /* server --handshake-timeout SECONDS; 0: the default */
    long idle_timeout;     /* server --idle-timeout SECONDS; 0: the default */
} tool_opts;

/* Parses argv[1..] of a subcommand (argv[0] is its name). Returns EXIT_OK,
 * EXIT_USAGE after printing why, or -1 when --help was printed. */
int opts_parse(int argc, char **argv, bool server, tool_opts *o);
/* A configuration from the options; NULL after printing why on stderr. */
ward_config *opts_config(const tool_opts *o, ward_role role, const char *prog);
/* A line explaining why a connection call failed. */
const char *tool_failure(const ward_conn *c, int rc);
/* "TLSv1.3", "TLSv1.2" or "unknown". */
const char *tool_version_label(uint16_t v);
/* The --verbose line: "PROG: connected TLSv1.2 SUITE GROUP alpn=X hrr=yes|no
 * verified=yes|no ems=yes|no secure_reneg=yes|no etm=yes|no fs=yes|no
 * resumed=yes|no" (no secure_reneg and etm fields for TLS 1.3), on stderr.
 * GROUP is "-" when the handshake had no (EC)DHE group (a resumed TLS 1.2
 * session, the RSA key exchange); fs=no marks the RSA key exchange. */
void tool_print_connected(const char *prog, const ward_conn *c);

/* --trace: one line after the handshake in the trace's style, saying whether
 * it resumed a session. */
void tool_trace_resumed(const char *prog, const ward_conn *c);

void usage_client(FILE *out);
void usage_server(FILE *out);
void usage_demo(FILE *out);

/* net.c: sockets. Both print nothing; -1 with errno on failure. */
int net_connect(const char *host, const char *port);
/* Listens on host:port (port "0": any). *bound_port receives the real port. */
int net_listen(const char *host, const char *port, unsigned *bound_port);
void net_set_timeout(int fd, int seconds);
int net_set_nonblocking(int fd, bool on);
/* Splits "host:port" or "[v6]:port"; false when malformed. */
bool net_split_hostport(const char *s, char *host, size_t host_cap, char *port, size_t port_cap);

/* www.c: serves HTTP/1.0 and 1.1 GET/HEAD over an established connection. */
typedef struct www_site {
    const char *dir;        /* files from this directory, or */
    const char *index_html; /* this page at "/" (in-memory site of the demo) */
} www_site;
/* server.c: one served connection. The serving loops (echo, www) read through
 * server_read, which renegotiates once after reneg_after bytes (TLS 1.2) and
 * reports completed renegotiations on stderr. */
typedef struct server_conn {
    ward_conn *c;
    long reneg_after; /* -1: never */
    unsigned long long received;
    bool reneg_requested;    /* asked (or found it impossible): never again */
    int renegotiations_seen; /* last value of ward_conn_renegotiations */
} server_conn;
/* ward_read, plus the renegotiation bookkeeping above. */
int server_read(server_conn *s, void *buf, size_t n, size_t *got);

/* Returns WARD_OK when the exchange ended normally, else the ward error. */
int www_serve(server_conn *s, const www_site *site);

/* server.c: one accepted connection, start to end. o may be NULL (defaults: no
 * renegotiation, quiet). Returns EXIT_OK or EXIT_TLS. */
int server_handle(ward_config *cfg, int fd, const www_site *site, const tool_opts *o);
/* Sends close_notify, stops writing and gives the peer a moment to answer with
 * its own, so that closing the socket never resets data still in flight. */
void server_finish(ward_conn *c, int fd);

int cmd_client(int argc, char **argv);
int cmd_server(int argc, char **argv);
int cmd_demo(int argc, char **argv);

#endif
