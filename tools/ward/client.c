/* client.c -- `ward client HOST:PORT`: like `openssl s_client -quiet`.
 *
 * After the handshake, stdin is copied to the connection and the connection to
 * stdout. End of stdin sends close_notify; the client then keeps reading until
 * the server closes too. Exit 0 only for a clean close (close_notify seen).
 *
 * Resumption: --sess-in offers a saved session, --sess-out saves the one the
 * connection ends with (for TLS 1.3 that is a ticket that arrived after the
 * handshake, hence "at the end"), and --reconnect N connects N more times,
 * each offering the latest session from the config's store, and sends the
 * same input (stdin read once, in full) on every connection.
 */
#include "tool.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void usage_client(FILE *out)
{
    fputs("usage: ward client HOST:PORT [options]\n"
          "\n"
          "Connects, verifies the server, then copies stdin to the connection and the\n"
          "connection to stdout. End of stdin sends close_notify.\n"
          "\n"
          "  --ca FILE               trust anchors (PEM), instead of the system store\n"
          "  --servername NAME       name to send (SNI) and verify (default: HOST)\n"
          "  --insecure              do not verify the server (testing only)\n"
          "  --alpn LIST             offer these ALPN protocols, e.g. h2,http/1.1\n"
          "  --cert FILE --key FILE  client certificate, if the server asks for one\n"
          "  --groups LIST           key exchange groups, e.g. x25519,secp256r1\n"
          "                          (--policy legacy: also ffdhe2048,ffdhe3072,ffdhe4096)\n"
          "  --suites LIST           cipher suites by IANA name (TLS 1.3 and 1.2)\n"
          "                          e.g. TLS_AES_128_GCM_SHA256,\n"
          "                          TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"
          "  --tls12, --tls13        only this protocol version (aliases: --tls1_2,\n"
          "                          --tls1_3)\n"
          "  --policy NAME           default (TLS 1.3 and 1.2) | tls13 (TLS 1.3 only) |\n"
          "                          legacy (default plus, for TLS 1.2, ECDHE with AES-CBC,\n"
          "                          DHE with ffdhe2048/3072/4096, RSA key exchange)\n"
          "  --no-etm                CBC suites (--policy legacy): do not offer\n"
          "                          encrypt-then-MAC (RFC 7366), as an old peer would not\n"
          "  --fallback-scsv         send TLS_FALLBACK_SCSV, as a client retrying with a\n"
          "                          lower version does (testing: a server that supports\n"
          "                          a higher version must refuse, inappropriate_fallback)\n"
          "  --renegotiation         TLS 1.2: renegotiate when the server asks (secure\n"
          "                          renegotiation, RFC 5746, only); without it a\n"
          "                          HelloRequest is declined with a no_renegotiation\n"
          "                          warning\n"
          "  --key-update            TLS 1.3: send a KeyUpdate (asking the peer for one too)\n"
          "  --heartbeat-probe       TLS 1.2: send one HeartbeatRequest (RFC 6520) after the\n"
          "                          handshake; prints 'heartbeat ok, N ms' or why not\n"
          "  --sess-in FILE          offer the session saved in FILE (by --sess-out)\n"
          "  --sess-out FILE         when the connection ends, save its session to FILE\n"
          "                          (TLS 1.3: the last ticket the server sent; none\n"
          "                          sent: says so on stderr, FILE is not written)\n"
          "  --reconnect N           after the first connection, connect N more times,\n"
          "                          each offering the latest session, each sending\n"
          "                          the same input (stdin is read in full first);\n"
          "                          the last line on stdout is \"resumed K of N\"\n"
          "  --verbose               print the negotiated parameters on stderr:\n"
          "                          \"ward client: connected VERSION SUITE GROUP alpn=X\n"
          "                          hrr=yes|no verified=yes|no ems=yes|no\" and, for\n"
          "                          TLS 1.2, \"secure_reneg=yes|no etm=yes|no\"; then\n"
          "                          \"fs=yes|no resumed=yes|no\" (GROUP is - when a\n"
          "                          TLS 1.2 handshake had no (EC)DHE group: resumed,\n"
          "                          or the RSA key exchange, which is fs=no: not\n"
          "                          forward secret)\n"
          "  --trace                 print each handshake message on stderr\n"
          "\n"
          "Each completed renegotiation prints \"ward client: renegotiated (K total)\" on\n"
          "stderr.\n"
          "Exit status: 0 clean close, 1 TLS or connection failure, 2 usage error.\n"
          "SSLKEYLOGFILE in the environment writes the session secrets for Wireshark.\n",
          out);
}

static char last_out = '\n'; /* the last byte written to stdout */

static bool write_stdout(const char *p, size_t n)
{
    if (n > 0)
        last_out = p[n - 1];
    while (n > 0) {
        ssize_t k = write(STDOUT_FILENO, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
}

/* What goes into the connection: stdin as it comes, or (--reconnect) the
 * whole of it, read beforehand, from memory. */
typedef struct input {
    bool from_memory;
    const char *data;
    size_t len;
} input;

typedef struct pump {
    ward_conn *c;
    int fd;
    bool stdin_open;    /* input left to send (and close_notify not sent yet) */
    bool want_out;      /* output is stuck behind a full socket */
    int renegotiations; /* completed ones reported so far */
    const input *in;
    size_t sent; /* from_memory: bytes of in->data accepted so far */
} pump;

static void report_renegotiations(pump *p)
{
    int k = ward_conn_renegotiations(p->c);
    if (k > p->renegotiations) {
        p->renegotiations = k;
        fprintf(stderr, "ward client: renegotiated (%d total)\n", k);
    }
}

/* Reads all the connection has. 1: go on, 0: clean close, -1: failure. */
static int pump_in(pump *p)
{
    char buf[16384];
    for (;;) {
        size_t got;
        int rc = ward_read(p->c, buf, sizeof buf, &got);
        report_renegotiations(p);
        if (rc == WARD_OK) {
            if (!write_stdout(buf, got))
                return -1;
            continue;
        }
        if (rc == WARD_WANT_READ)
            return 1;
        if (rc == WARD_WANT_WRITE) {
            p->want_out = true;
            return 1;
        }
        if (rc == WARD_CLOSED) {
            /* Answer the server's close_notify unless ours is out already. */
            if (p->stdin_open && ward_close(p->c) != WARD_OK) {
                /* best effort: the session is over either way */
            }
            p->stdin_open = false;
            return 0;
        }
        fprintf(stderr, "ward client: %s\n", tool_failure(p->c, rc));
        return -1;
    }
}

/* Hands n bytes (or, for n == 0, close_notify) to the connection. */
static int pump_send(pump *p, const char *buf, size_t n)
{
    int rc;
    size_t done = 0;
    if (n == 0) {
        p->stdin_open = false;
        rc = ward_close(p->c);
    } else {
        rc = ward_write(p->c, buf, n, &done);
        if (p->in->from_memory)
            p->sent += rc == WARD_OK ? n : done;
    }
    if (rc == WARD_WANT_WRITE)
        p->want_out = true;
    else if (rc != WARD_OK) {
        fprintf(stderr, "ward client: %s\n", tool_failure(p->c, rc));
        return -1;
    }
    return 0;
}

/* Moves what stdin has into the connection. -1 on failure. */
static int pump_out(pump *p)
{
    if (p->in->from_memory)
        return pump_send(p, p->in->data + p->sent, p->in->len - p->sent);
    char buf[16384];
    ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    return pump_send(p, buf, n < 0 ? 0 : (size_t)n);
}

/* --heartbeat-probe: one HeartbeatRequest, then reads until its answer is in
 * (up to 5 s). Application data that arrives meanwhile goes to stdout. */
static int heartbeat_probe(ward_conn *c, int fd)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = ward_conn_heartbeat(c);
    if (rc != WARD_OK) {
        fprintf(stderr, "ward client: heartbeat not sent: %s\n",
                ward_conn_version(c) == 0x0304 ? "TLS 1.3 has no heartbeat"
                                               : "the server did not negotiate heartbeat");
        return WARD_OK; /* the connection itself is fine */
    }
    size_t done;
    rc = ward_write(c, NULL, 0, &done);
    struct timeval tv = {0, 5000}; /* short reads: the answer is seen within 5 ms */
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    for (int i = 0; rc >= 0 && ward_conn_heartbeat_status(c) != 2 && i < 1000; i++) {
        uint8_t buf[4096];
        size_t got = 0;
        rc = ward_read(c, buf, sizeof buf, &got);
        if (rc == WARD_OK && got)
            fwrite(buf, 1, got, stdout);
        if (rc == WARD_WANT_READ || rc == WARD_E_IO || rc == WARD_CLOSED)
            rc = rc == WARD_CLOSED ? WARD_CLOSED : WARD_OK;
        if (rc == WARD_CLOSED)
            break;
    }
    tv.tv_usec = 0;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    if (ward_conn_heartbeat_status(c) == 2)
        fprintf(stderr, "heartbeat ok, %ld ms\n", ms);
    else
        fprintf(stderr, "ward client: heartbeat failed: no matching response in %ld ms\n", ms);
    return rc < 0 ? rc : WARD_OK;
}

static int copy_loop(ward_conn *c, int fd, const input *in)
{
    pump p = {.c = c, .fd = fd, .stdin_open = true, .in = in};
    net_set_nonblocking(fd, true);
    for (;;) {
        int st = pump_in(&p);
        if (st <= 0)
            return st == 0 ? EXIT_OK : EXIT_TLS;
        /* Input from memory is always ready: no need to poll for it. */
        if (in->from_memory && p.stdin_open && !p.want_out) {
            if (pump_out(&p) < 0)
                return EXIT_TLS;
            continue;
        }
        struct pollfd pfd[2] = {
            {.fd = fd, .events = POLLIN | (p.want_out ? POLLOUT : 0)},
            {.fd = p.stdin_open && !p.want_out && !in->from_memory ? STDIN_FILENO : -1,
             .events = POLLIN},
        };
        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "ward client: poll: %s\n", strerror(errno));
            return EXIT_TLS;
        }
        if (pfd[0].revents & POLLOUT) {
            size_t done;
            int rc = ward_write(c, NULL, 0, &done); /* flushes what is pending */
            if (rc == WARD_OK)
                p.want_out = false;
            else if (rc != WARD_WANT_WRITE) {
                fprintf(stderr, "ward client: %s\n", tool_failure(c, rc));
                return EXIT_TLS;
            }
        }
        if ((pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) && pump_out(&p) < 0)
            return EXIT_TLS;
    }
}

/* One connection, start to end. offer: a session to offer (NULL: whatever
 * the config's store has). *last receives the session the connection ended
 * with (NULL when none), when last is not NULL. */
static int run(ward_config *cfg, const tool_opts *o, const char *host, const char *port,
               const input *in, const ward_session *offer, bool *resumed, ward_session **last)
{
    *resumed = false;
    if (last)
        *last = NULL;
    int fd = net_connect(host, port);
    if (fd < 0) {
        fprintf(stderr, "ward client: cannot connect to %s: %s\n", o->target, strerror(errno));
        return EXIT_TLS;
    }
    ward_conn *c = ward_conn_new(cfg);
    int rc = c ? ward_conn_set_server_name(c, o->servername ? o->servername : host) : WARD_E_NOMEM;
    if (rc == WARD_OK && offer)
        rc = ward_conn_set_session(c, offer);
    if (rc == WARD_OK)
        rc = ward_conn_set_fd(c, fd);
    if (rc == WARD_OK)
        rc = ward_handshake(c);
    if (rc != WARD_OK) {
        fprintf(stderr, "ward client: handshake failed: %s\n", tool_failure(c, rc));
        ward_conn_free(c);
        close(fd);
        return EXIT_TLS;
    }
    *resumed = ward_conn_resumed(c) != 0;
    if (o->trace)
        tool_trace_resumed("ward client", c);
    if (o->verbose)
        tool_print_connected("ward client", c);
    if (o->key_update) {
        size_t done;
        rc = ward_conn_key_update(c, 1);
        if (rc == WARD_OK)
            rc = ward_write(c, NULL, 0, &done); /* sends it now */
        if (rc != WARD_OK)
            fprintf(stderr, "ward client: key update failed: %s\n", tool_failure(c, rc));
    }
    if (rc == WARD_OK && o->heartbeat_probe)
        rc = heartbeat_probe(c, fd);
    int status = rc == WARD_OK ? copy_loop(c, fd, in) : EXIT_TLS;
    /* After the copy loop: TLS 1.3 tickets arrive after the handshake. */
    if (last)
        *last = ward_conn_session(c);
    ward_conn_free(c);
    close(fd);
    return status;
}

/* Reads a whole file (or stream) into memory. NULL on failure (errno set). */
static char *slurp(FILE *f, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) {
            if (ferror(f)) {
                free(buf);
                return NULL;
            }
            *len = n;
            return buf;
        }
        char *bigger = cap > (SIZE_MAX / 2) ? NULL : realloc(buf, cap * 2);
        if (bigger == NULL)
            free(buf);
        buf = bigger;
        cap *= 2;
    }
    errno = ENOMEM;
    return NULL;
}

static ward_session *load_session(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "ward client: --sess-in %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t len = 0;
    char *buf = slurp(f, &len);
    int saved = errno;
    fclose(f);
    if (buf == NULL) {
        fprintf(stderr, "ward client: --sess-in %s: %s\n", path, strerror(saved));
        return NULL;
    }
    ward_session *s = NULL;
    int rc = ward_session_import((const uint8_t *)buf, len, &s);
    free(buf);
    if (rc != WARD_OK) {
        fprintf(stderr, "ward client: --sess-in %s: not a saved session (%s)\n", path,
                ward_error_string(rc));
        return NULL;
    }
    return s;
}

/* Writes the session to path (mode 0600: it holds a secret). */
static bool save_session(const char *path, const ward_session *s)
{
    size_t cap = 65536 + 4096, len = 0;
    uint8_t *buf = malloc(cap);
    int rc = buf ? ward_session_export(s, buf, cap, &len) : WARD_E_NOMEM;
    if (rc != WARD_OK) {
        fprintf(stderr, "ward client: --sess-out %s: cannot encode the session: %s\n", path,
                ward_error_string(rc));
        free(buf);
        return false;
    }
    bool ok = false;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (f == NULL && fd >= 0)
        close(fd);
    if (f != NULL) {
        ok = fwrite(buf, 1, len, f) == len;
        ok = fclose(f) == 0 && ok;
    }
    if (!ok)
        fprintf(stderr, "ward client: --sess-out %s: %s\n", path, strerror(errno));
    free(buf);
    return ok;
}

int cmd_client(int argc, char **argv)
{
    tool_opts o;
    int rc = opts_parse(argc, argv, false, &o);
    if (rc != EXIT_OK)
        return rc < 0 ? EXIT_OK : rc;
    char host[256], port[16];
    if (!net_split_hostport(o.target, host, sizeof host, port, sizeof port)) {
        fprintf(stderr, "ward client: expected HOST:PORT, got \"%s\"\n", o.target);
        return EXIT_USAGE;
    }
    ward_session *offer = NULL;
    if (o.sess_in && (offer = load_session(o.sess_in)) == NULL)
        return EXIT_USAGE;
    input in = {0};
    char *data = NULL;
    if (o.reconnect > 0) {
        if ((data = slurp(stdin, &in.len)) == NULL) {
            fprintf(stderr, "ward client: reading stdin: %s\n", strerror(errno));
            ward_session_free(offer);
            return EXIT_TLS;
        }
        in.from_memory = true;
        in.data = data;
    }
    ward_config *cfg = opts_config(&o, WARD_CLIENT, "ward client");
    if (cfg == NULL) {
        ward_session_free(offer);
        free(data);
        return EXIT_USAGE;
    }
    ward_session *last = NULL;
    bool resumed;
    rc = run(cfg, &o, host, port, &in, offer, &resumed, o.sess_out ? &last : NULL);
    long k = 0, done = 0;
    for (; rc == EXIT_OK && done < o.reconnect; done++) {
        fprintf(stderr, "ward client: reconnecting (%ld of %ld)\n", done + 1, o.reconnect);
        ward_session *next = NULL;
        rc = run(cfg, &o, host, port, &in, NULL, &resumed, o.sess_out ? &next : NULL);
        if (next != NULL || rc == EXIT_OK) {
            ward_session_free(last);
            last = next;
        }
        k += resumed;
    }
    if (o.reconnect > 0) {
        if (rc != EXIT_OK)
            fprintf(stderr, "ward client: stopped after %ld of %ld reconnections\n", done,
                    o.reconnect);
        fflush(stdout);
        char line[64];
        int n = snprintf(line, sizeof line, "%sresumed %ld of %ld\n", last_out == '\n' ? "" : "\n",
                         k, o.reconnect);
        (void)write_stdout(line, (size_t)n);
    }
    if (o.sess_out) {
        if (last == NULL)
            fprintf(stderr,
                    "ward client: --sess-out %s: no session to save (the server sent "
                    "no ticket or session ID)\n",
                    o.sess_out);
        else if (!save_session(o.sess_out, last) && rc == EXIT_OK)
            rc = EXIT_TLS;
    }
    ward_session_free(last);
    ward_session_free(offer);
    ward_config_free(cfg);
    free(data);
    return rc;
}
