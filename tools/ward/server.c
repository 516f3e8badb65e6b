/* server.c -- `ward server`: accept, handshake, serve files or echo, close.
 *
 * Connections are served one at a time: this is a test and demonstration
 * server, and sequential service keeps its output and its behaviour easy to
 * follow. Timeouts keep one stuck peer from holding it forever.
 */
#include "tool.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#define HANDSHAKE_TIMEOUT 10 /* seconds for the whole handshake */
#define IDLE_TIMEOUT 60      /* seconds without a byte once connected */
#define LINGER_TIMEOUT 2     /* seconds to wait for the peer's close_notify */

void usage_server(FILE *out)
{
    fputs("usage: ward server --cert CHAIN.pem --key KEY.pem [options]\n"
          "\n"
          "Accepts TLS connections one at a time; echoes what each client sends, or\n"
          "with --www serves files over HTTPS. Prints \"listening on HOST:PORT\" once ready.\n"
          "\n"
          "  --cert FILE --key FILE  certificate chain (leaf first) and its key; repeat\n"
          "                          the pair for more key types\n"
          "  --host ADDR             address to listen on (default 127.0.0.1)\n"
          "  --port N                port (default 4433; 0 picks a free one)\n"
          "  --www DIR               serve HTTP/1.0 and 1.1 GET from DIR (/ is index.html)\n"
          "  --alpn LIST             ALPN protocols, e.g. h2,http/1.1\n"
          "  --verify-client CA.pem  require a client certificate issued by this CA\n"
          "  --groups LIST           key exchange groups, e.g. x25519,secp256r1\n"
          "  --suites LIST           cipher suites by IANA name (TLS 1.3 and 1.2)\n"
          "  --tls1_2, --tls1_3      only this protocol version\n"
          "  --policy NAME           default | tls13\n"
          "  --max-conns N           exit after serving N connections\n"
          "  --trace                 print each handshake message on stderr\n"
          "\n"
          "A handshake must complete within 10 s; a connection idle for 60 s is dropped.\n"
          "SSLKEYLOGFILE in the environment writes the session secrets for Wireshark.\n",
          out);
}

static int echo(ward_conn *c)
{
    char buf[16384];
    for (;;) {
        size_t got;
        int rc = ward_read(c, buf, sizeof buf, &got);
        if (rc == WARD_CLOSED)
            return WARD_OK;
        if (rc != WARD_OK)
            return rc;
        size_t done;
        rc = ward_write(c, buf, got, &done);
        if (rc != WARD_OK)
            return rc;
    }
}

void server_finish(ward_conn *c, int fd)
{
    if (ward_close(c) != WARD_OK)
        return;
    shutdown(fd, SHUT_WR);
    net_set_timeout(fd, LINGER_TIMEOUT);
    char buf[4096];
    size_t got;
    while (ward_read(c, buf, sizeof buf, &got) == WARD_OK)
        ; /* whatever the peer still sends is of no interest now */
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* The handshake on a non-blocking socket with one deadline for the whole of
 * it: a per-read timeout alone would let a peer trickle a byte at a time. */
static int handshake_with_deadline(ward_conn *c, int fd)
{
    long deadline = now_ms() + HANDSHAKE_TIMEOUT * 1000L;
    net_set_nonblocking(fd, true);
    int rc;
    while ((rc = ward_handshake(c)) == WARD_WANT_READ || rc == WARD_WANT_WRITE) {
        long left = deadline - now_ms();
        if (left <= 0)
            break;
        struct pollfd p = {.fd = fd, .events = rc == WARD_WANT_READ ? POLLIN : POLLOUT};
        if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
            return WARD_E_IO;
    }
    net_set_nonblocking(fd, false);
    return rc;
}

int server_handle(ward_config *cfg, int fd, const www_site *site)
{
    ward_conn *c = ward_conn_new(cfg);
    if (c == NULL) {
        fprintf(stderr, "ward server: out of memory\n");
        return EXIT_TLS;
    }
    int rc = ward_conn_set_fd(c, fd);
    if (rc == WARD_OK)
        rc = handshake_with_deadline(c, fd);
    if (rc != WARD_OK) {
        fprintf(stderr, "ward server: handshake failed: %s\n", tool_failure(c, rc));
        ward_conn_free(c);
        return EXIT_TLS;
    }
    net_set_timeout(fd, IDLE_TIMEOUT);
    rc = site ? www_serve(c, site) : echo(c);
    if (rc != WARD_OK) {
        fprintf(stderr, "ward server: connection failed: %s\n", tool_failure(c, rc));
        ward_conn_free(c);
        return EXIT_TLS;
    }
    server_finish(c, fd);
    ward_conn_free(c);
    return EXIT_OK;
}

static int serve(ward_config *cfg, int lfd, const tool_opts *o)
{
    www_site site = {.dir = o->www};
    for (long served = 0; o->max_conns == 0 || served < o->max_conns;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            fprintf(stderr, "ward server: accept: %s\n", strerror(errno));
            return EXIT_TLS;
        }
        (void)server_handle(cfg, fd, o->www ? &site : NULL);
        close(fd);
        served++;
    }
    return EXIT_OK;
}

int cmd_server(int argc, char **argv)
{
    tool_opts o;
    int rc = opts_parse(argc, argv, true, &o);
    if (rc != EXIT_OK)
        return rc < 0 ? EXIT_OK : rc;
    if (o.www && o.alpn && strstr(o.alpn, "h2") != NULL)
        fprintf(stderr, "ward server: warning: --www speaks HTTP/1.x only, but --alpn offers "
                        "h2: HTTP/2 clients will fail\n");
    ward_config *cfg = opts_config(&o, WARD_SERVER, "ward server");
    if (cfg == NULL)
        return EXIT_USAGE;
    unsigned port;
    int lfd = net_listen(o.host, o.port, &port);
    if (lfd < 0) {
        fprintf(stderr, "ward server: cannot listen on %s:%s: %s\n", o.host, o.port,
                strerror(errno));
        ward_config_free(cfg);
        return EXIT_TLS;
    }
    printf("listening on %s:%u\n", o.host, port);
    fflush(stdout);
    rc = serve(cfg, lfd, &o);
    close(lfd);
    ward_config_free(cfg);
    return rc;
}
