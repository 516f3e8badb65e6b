/* client.c -- `ward client HOST:PORT`: like `openssl s_client -quiet`.
 *
 * After the handshake, stdin is copied to the connection and the connection to
 * stdout. End of stdin sends close_notify; the client then keeps reading until
 * the server closes too. Exit 0 only for a clean close (close_notify seen).
 */
#include "tool.h"

#include <errno.h>
#include <poll.h>
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
          "  --suites LIST           cipher suites by IANA name (TLS 1.3 and 1.2)\n"
          "                          e.g. TLS_AES_128_GCM_SHA256,\n"
          "                          TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"
          "  --tls12, --tls13        only this protocol version (aliases: --tls1_2,\n"
          "                          --tls1_3)\n"
          "  --policy NAME           default (TLS 1.3 and 1.2) | tls13 (TLS 1.3 only)\n"
          "  --fallback-scsv         send TLS_FALLBACK_SCSV, as a client retrying with a\n"
          "                          lower version does (testing: a server that supports\n"
          "                          a higher version must refuse, inappropriate_fallback)\n"
          "  --renegotiation         TLS 1.2: renegotiate when the server asks (secure\n"
          "                          renegotiation, RFC 5746, only); without it a\n"
          "                          HelloRequest is declined with a no_renegotiation\n"
          "                          warning\n"
          "  --key-update            TLS 1.3: send a KeyUpdate (asking the peer for one too)\n"
          "  --verbose               print the negotiated parameters on stderr:\n"
          "                          \"ward client: connected VERSION SUITE GROUP alpn=X\n"
          "                          hrr=yes|no verified=yes|no ems=yes|no\" and, for\n"
          "                          TLS 1.2, \"secure_reneg=yes|no\"\n"
          "  --trace                 print each handshake message on stderr\n"
          "\n"
          "Each completed renegotiation prints \"ward client: renegotiated (K total)\" on\n"
          "stderr.\n"
          "Exit status: 0 clean close, 1 TLS or connection failure, 2 usage error.\n"
          "SSLKEYLOGFILE in the environment writes the session secrets for Wireshark.\n",
          out);
}

static bool write_stdout(const char *p, size_t n)
{
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

typedef struct pump {
    ward_conn *c;
    int fd;
    bool stdin_open;
    bool want_out;      /* output is stuck behind a full socket */
    int renegotiations; /* completed ones reported so far */
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
            return 0;
        }
        fprintf(stderr, "ward client: %s\n", tool_failure(p->c, rc));
        return -1;
    }
}

/* Moves what stdin has into the connection. -1 on failure. */
static int pump_out(pump *p)
{
    char buf[16384];
    ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    int rc;
    size_t done;
    if (n <= 0) {
        p->stdin_open = false;
        rc = ward_close(p->c);
    } else {
        rc = ward_write(p->c, buf, (size_t)n, &done);
    }
    if (rc == WARD_WANT_WRITE)
        p->want_out = true;
    else if (rc != WARD_OK) {
        fprintf(stderr, "ward client: %s\n", tool_failure(p->c, rc));
        return -1;
    }
    return 0;
}

static int copy_loop(ward_conn *c, int fd)
{
    pump p = {.c = c, .fd = fd, .stdin_open = true};
    net_set_nonblocking(fd, true);
    for (;;) {
        int st = pump_in(&p);
        if (st <= 0)
            return st == 0 ? EXIT_OK : EXIT_TLS;
        struct pollfd pfd[2] = {
            {.fd = fd, .events = POLLIN | (p.want_out ? POLLOUT : 0)},
            {.fd = p.stdin_open && !p.want_out ? STDIN_FILENO : -1, .events = POLLIN},
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

static int run(ward_config *cfg, const tool_opts *o, const char *host, const char *port)
{
    int fd = net_connect(host, port);
    if (fd < 0) {
        fprintf(stderr, "ward client: cannot connect to %s: %s\n", o->target, strerror(errno));
        return EXIT_TLS;
    }
    ward_conn *c = ward_conn_new(cfg);
    int rc = c ? ward_conn_set_server_name(c, o->servername ? o->servername : host) : WARD_E_NOMEM;
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
    int status = rc == WARD_OK ? copy_loop(c, fd) : EXIT_TLS;
    ward_conn_free(c);
    close(fd);
    return status;
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
    ward_config *cfg = opts_config(&o, WARD_CLIENT, "ward client");
    if (cfg == NULL)
        return EXIT_USAGE;
    rc = run(cfg, &o, host, port);
    ward_config_free(cfg);
    return rc;
}
