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

#define HANDSHAKE_TIMEOUT 10 /* seconds for the whole handshake (--handshake-timeout) */
#define IDLE_TIMEOUT 60      /* seconds without a byte once connected (--idle-timeout) */
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
          "                          (--policy legacy: also ffdhe2048,ffdhe3072,ffdhe4096)\n"
          "  --suites LIST           cipher suites by IANA name (TLS 1.3 and 1.2)\n"
          "                          e.g. TLS_AES_128_GCM_SHA256,\n"
          "                          TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"
          "  --tls12, --tls13        only this protocol version (aliases: --tls1_2,\n"
          "                          --tls1_3)\n"
          "  --policy NAME           default (TLS 1.3 and 1.2) | tls13 (TLS 1.3 only) |\n"
          "                          legacy (default plus, for TLS 1.2, ECDHE with AES-CBC,\n"
          "                          DHE with ffdhe2048/3072/4096, RSA key exchange)\n"
          "  --no-etm                CBC suites (--policy legacy): do not accept\n"
          "                          encrypt-then-MAC (RFC 7366), as an old peer would not\n"
          "  --allow-client-renegotiation\n"
          "                          TLS 1.2: accept a renegotiation the client starts\n"
          "                          (secure renegotiation, RFC 5746, only); without it\n"
          "                          one is declined with a no_renegotiation warning\n"
          "  --renegotiate-after N   TLS 1.2: once N bytes of application data have\n"
          "                          arrived on a connection, ask the client to\n"
          "                          renegotiate (HelloRequest), once, and keep serving;\n"
          "                          prints \"ward server: renegotiation requested\" and,\n"
          "                          when done, \"ward server: renegotiated (K total)\"\n"
          "  --no-tickets            send no session tickets (TLS 1.2 RFC 5077 and\n"
          "                          TLS 1.3 NewSessionTicket), accept none\n"
          "  --no-session-cache      TLS 1.2: keep no session-ID cache\n"
          "  --tickets13 N           TLS 1.3: send N tickets after each handshake\n"
          "                          (default 2, at most 16; 0: none)\n"
          "  --max-conns N           exit after serving N connections\n"
          "  --verbose               print the negotiated parameters of each connection\n"
          "                          on stderr, as ward client --verbose does:\n"
          "                          \"ward server: connected VERSION SUITE GROUP ...\n"
          "                          resumed=yes|no\"\n"
          "  --trace                 print each handshake message on stderr\n"
          "  --heartbeat             TLS 1.2: negotiate heartbeat (RFC 6520) and answer requests\n"
          "  --handshake-timeout S   drop a client whose handshake is not complete S seconds\n"
          "                          after it connected, however slowly it keeps sending\n"
          "                          (default 10)\n"
          "  --idle-timeout S        drop a connected client that sends nothing for S\n"
          "                          seconds (default 60)\n"
          "\n"
          "One configuration serves every connection, so its session cache and ticket\n"
          "keys live as long as the process: later connections can resume earlier ones.\n"
          "Connections are served one at a time; the timeouts keep a stuck or hostile\n"
          "client from holding the server.\n"
          "SSLKEYLOGFILE in the environment writes the session secrets for Wireshark.\n",
          out);
}

/* Asks for the one renegotiation --renegotiate-after wants, once enough has
 * arrived. Failing to is reported and never fatal: serving goes on. */
static void maybe_renegotiate(server_conn *s)
{
    if (s->reneg_requested || s->reneg_after < 0 ||
        s->received < (unsigned long long)s->reneg_after)
        return;
    s->reneg_requested = true;
    if (ward_conn_version(s->c) != 0x0303)
        return; /* TLS 1.3 has no renegotiation */
    if (!ward_conn_secure_renegotiation(s->c)) {
        fprintf(stderr, "ward server: not renegotiating: the client does not support secure "
                        "renegotiation (RFC 5746)\n");
        return;
    }
    size_t done;
    int rc = ward_conn_renegotiate(s->c);
    if (rc == WARD_OK)
        rc = ward_write(s->c, NULL, 0, &done); /* sends the HelloRequest now */
    if (rc == WARD_OK)
        fprintf(stderr, "ward server: renegotiation requested\n");
    else
        fprintf(stderr, "ward server: cannot renegotiate: %s\n", tool_failure(s->c, rc));
}

int server_read(server_conn *s, void *buf, size_t n, size_t *got)
{
    /* Here rather than right after the read that crossed the threshold: the
     * answer to that data goes out first, then the HelloRequest. Some clients
     * (openssl s_client) handle a HelloRequest arriving on its own much better
     * than one followed by application data. */
    maybe_renegotiate(s);
    int rc = ward_read(s->c, buf, n, got);
    int k = ward_conn_renegotiations(s->c);
    if (k > s->renegotiations_seen) {
        s->renegotiations_seen = k;
        fprintf(stderr, "ward server: renegotiated (%d total)\n", k);
    }
    if (rc == WARD_OK)
        s->received += *got;
    return rc;
}

static int echo(server_conn *s)
{
    char buf[16384];
    for (;;) {
        size_t got;
        int rc = server_read(s, buf, sizeof buf, &got);
        if (rc == WARD_CLOSED)
            return WARD_OK;
        if (rc != WARD_OK)
            return rc;
        size_t done;
        rc = ward_write(s->c, buf, got, &done);
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
static int handshake_with_deadline(ward_conn *c, int fd, long seconds)
{
    long deadline = now_ms() + seconds * 1000L;
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

int server_handle(ward_config *cfg, int fd, const www_site *site, const tool_opts *o)
{
    ward_conn *c = ward_conn_new(cfg);
    if (c == NULL) {
        fprintf(stderr, "ward server: out of memory\n");
        return EXIT_TLS;
    }
    long handshake_s = o && o->hs_timeout > 0 ? o->hs_timeout : HANDSHAKE_TIMEOUT;
    long idle_s = o && o->idle_timeout > 0 ? o->idle_timeout : IDLE_TIMEOUT;
    int rc = ward_conn_set_fd(c, fd);
    if (rc == WARD_OK)
        rc = handshake_with_deadline(c, fd, handshake_s);
    if (rc != WARD_OK) {
        fprintf(stderr, "ward server: handshake failed: %s\n", tool_failure(c, rc));
        ward_conn_free(c);
        return EXIT_TLS;
    }
    if (o && o->trace)
        tool_trace_resumed("ward server", c);
    if (o && o->verbose)
        tool_print_connected("ward server", c);
    net_set_timeout(fd, (int)idle_s);
    server_conn sc = {.c = c, .reneg_after = o ? o->reneg_after : -1};
    rc = site ? www_serve(&sc, site) : echo(&sc);
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
        (void)server_handle(cfg, fd, o->www ? &site : NULL, o);
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
