/* demo.c -- `ward demo`: a whole TLS 1.3 session inside one process.
 *
 * A throw-away CA and a localhost certificate are made in memory; a ward
 * server runs in a thread on an ephemeral 127.0.0.1 port; a ward client
 * connects and fetches one page over HTTPS. The handshake is printed from the
 * client's side, message by message, as Wireshark shows a capture (with the
 * encrypted messages decrypted, as the client can).
 */
#include "tool.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "crypto/crypto.h"

static const char demo_page[] =
    "<!doctype html>\n<html><head><title>ward</title></head>\n"
    "<body><h1>Hello from ward</h1><p>This page travelled over TLS 1.3.</p></body></html>\n";

void usage_demo(FILE *out)
{
    fputs("usage: ward demo\n"
          "\n"
          "Runs a ward server and a ward client against each other in this process, on\n"
          "127.0.0.1, with a certificate made in memory, and prints the handshake message\n"
          "by message, one HTTPS request and its answer, and a summary.\n",
          out);
}

typedef struct demo_server {
    ward_config *cfg;
    int lfd;
    int status;
} demo_server;

static void *server_main(void *arg)
{
    demo_server *s = arg;
    www_site site = {.index_html = demo_page};
    int fd = accept4(s->lfd, NULL, NULL, SOCK_CLOEXEC);
    s->status = fd < 0 ? EXIT_TLS : server_handle(s->cfg, fd, &site, NULL);
    if (fd >= 0)
        close(fd);
    return NULL;
}

static int fail(const char *what, int rc)
{
    fprintf(stderr, "ward demo: %s: %s\n", what, ward_error_string(rc));
    return EXIT_TLS;
}

/* The two configurations: the server's certificate, the client's trust in the
 * in-memory CA, and ALPN so that the negotiation shows in the trace. */
static int make_configs(ward_config **server, ward_config **client)
{
    char *ca = NULL, *chain = NULL, *key = NULL;
    int rc = demo_pki_make(KEY_EC_P256, "localhost", &ca, &chain, &key);
    if (rc != WARD_OK)
        return fail("making the demo certificates", rc);
    *server = ward_config_new(WARD_SERVER);
    *client = ward_config_new(WARD_CLIENT);
    if (*server == NULL || *client == NULL)
        rc = WARD_E_NOMEM;
    if (rc == WARD_OK)
        rc = ward_config_add_cert_chain_pem(*server, chain, strlen(chain), key, strlen(key));
    if (rc == WARD_OK)
        rc = ward_config_set_alpn(*server, "http/1.1");
    if (rc == WARD_OK)
        rc = ward_config_set_ca_pem(*client, ca, strlen(ca));
    if (rc == WARD_OK)
        rc = ward_config_set_alpn(*client, "h2,http/1.1");
    const char *keylog = getenv("SSLKEYLOGFILE");
    if (rc == WARD_OK && keylog && *keylog)
        rc = ward_config_set_keylog_file(*client, keylog);
    free(ca);
    free(chain);
    if (key)
        memset(key, 0, strlen(key));
    free(key);
    return rc == WARD_OK ? EXIT_OK : fail("configuring", rc);
}

static void section(const char *title)
{
    printf("\n==== %s ====\n", title);
}

/* Prints response bytes with "< " before each line, as curl -v does. */
static void print_response(const char *p, size_t n, bool *at_line_start)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\r')
            continue;
        if (*at_line_start)
            fputs("< ", stdout);
        putchar(p[i]);
        *at_line_start = p[i] == '\n';
    }
    fflush(stdout);
}

/* Sends one GET and prints the answer until the server's close_notify. */
static int fetch(ward_conn *c)
{
    static const char req[] = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    size_t done;
    printf("%s", "> GET / HTTP/1.1\n> Host: localhost\n> Connection: close\n>\n");
    fflush(stdout);
    int rc = ward_write(c, req, sizeof req - 1, &done);
    if (rc != WARD_OK)
        return fail("sending the request", rc);
    char buf[4096];
    bool at_line_start = true;
    for (;;) {
        size_t got;
        rc = ward_read(c, buf, sizeof buf, &got);
        if (rc == WARD_CLOSED)
            return EXIT_OK;
        if (rc != WARD_OK)
            return fail("reading the response", rc);
        print_response(buf, got, &at_line_start);
    }
}

/* Prints text as one paragraph wrapped at 78 columns. */
static void print_wrapped(const char *text)
{
    size_t col = 0;
    for (const char *p = text; *p;) {
        size_t word = strcspn(p, " ");
        if (col > 0 && col + 1 + word > 78) {
            putchar('\n');
            col = 0;
        } else if (col > 0) {
            putchar(' ');
            col++;
        }
        fwrite(p, 1, word, stdout);
        col += word;
        p += word;
        p += strspn(p, " ");
    }
    putchar('\n');
}

static void summary(const ward_conn *c, unsigned port)
{
    char text[1024];
    const char *alpn = ward_conn_alpn(c);
    uint16_t v = ward_conn_version(c);
    snprintf(text, sizeof text,
             "The client connected to 127.0.0.1:%u and negotiated %s with the cipher suite %s "
             "and the key exchange group %s%s. The server proved it holds the private key of "
             "an ECDSA P-256 certificate for \"localhost\", issued by a CA made in memory for "
             "this demo; the client %s that chain against that CA and the name. ALPN selected "
             "%s. One HTTP/1.1 request and its answer travelled encrypted, and both sides ended "
             "the session with close_notify, so neither could be cut short unnoticed.",
             port,
             v == 0x0304   ? "TLS 1.3"
             : v == 0x0303 ? "TLS 1.2"
                           : "an unknown version",
             ward_suite_name(ward_conn_cipher_suite(c)), ward_group_name(ward_conn_group(c)),
             ward_conn_had_hrr(c) ? " (after a HelloRetryRequest)" : "",
             ward_conn_peer_verified(c) ? "verified" : "did NOT verify", alpn ? alpn : "nothing");
    print_wrapped(text);
}

static int run_client(ward_config *cfg, unsigned port)
{
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%u", port);
    int fd = net_connect("127.0.0.1", portstr);
    if (fd < 0) {
        fprintf(stderr, "ward demo: connect: %s\n", strerror(errno));
        return EXIT_TLS;
    }
    ward_conn *c = ward_conn_new(cfg);
    int rc = c ? ward_conn_set_server_name(c, "localhost") : WARD_E_NOMEM;
    if (rc == WARD_OK)
        rc = ward_conn_set_fd(c, fd);
    section("TLS handshake (client's view: -> client to server, <- server to client)");
    fflush(stdout);
    if (rc == WARD_OK)
        rc = ward_handshake(c);
    int status = EXIT_TLS;
    if (rc != WARD_OK) {
        fprintf(stderr, "ward demo: handshake failed: %s\n", tool_failure(c, rc));
    } else {
        section("HTTP over TLS");
        status = fetch(c);
        if (status == EXIT_OK)
            rc = ward_close(c);
        section("summary");
        summary(c, port);
    }
    ward_conn_free(c);
    close(fd);
    return rc == WARD_OK ? status : EXIT_TLS;
}

int cmd_demo(int argc, char **argv)
{
    if (argc > 1) {
        bool help = strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0;
        usage_demo(help ? stdout : stderr);
        return help ? EXIT_OK : EXIT_USAGE;
    }
    ward_config *scfg = NULL, *ccfg = NULL;
    if (make_configs(&scfg, &ccfg) != EXIT_OK) {
        ward_config_free(scfg);
        ward_config_free(ccfg);
        return EXIT_TLS;
    }
    ward_config_set_trace(ccfg, ward_trace_print, stdout);
    unsigned port;
    demo_server s = {.cfg = scfg, .status = EXIT_TLS};
    s.lfd = net_listen("127.0.0.1", "0", &port);
    pthread_t th;
    if (s.lfd < 0 || pthread_create(&th, NULL, server_main, &s) != 0) {
        fprintf(stderr, "ward demo: cannot start the server: %s\n", strerror(errno));
        return EXIT_TLS;
    }
    printf("ward demo: a ward server on 127.0.0.1:%u (certificate for localhost, ECDSA P-256,\n"
           "made in memory) and a ward client in this process.\n",
           port);
    int status = run_client(ccfg, port);
    pthread_join(th, NULL);
    close(s.lfd);
    ward_config_free(scfg);
    ward_config_free(ccfg);
    return status != EXIT_OK ? status : s.status;
}
