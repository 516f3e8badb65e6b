/* https_get.c -- fetch "/" from an HTTPS server with ward's fd adapter.
 *
 *   cc https_get.c $(pkg-config --cflags --libs ward) -o https_get
 *   ./https_get 127.0.0.1 4433 localhost ca.pem
 *
 * Built and run against `ward server --www` by tests/interop/build_checks.sh,
 * so this file is known to compile and work.
 */
#define _POSIX_C_SOURCE 200809L /* getaddrinfo under -std=c17 */

#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ward.h>

static int tcp_connect(const char *host, const char *port)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *ai;
    if (getaddrinfo(host, port, &hints, &ai) != 0)
        return -1;
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
        close(fd);
        fd = -1;
    }
    freeaddrinfo(ai);
    return fd;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s HOST PORT SERVERNAME CA.pem\n", argv[0]);
        return 2;
    }
    int status = 1;

    /* One configuration, shared by every connection (and thread). */
    ward_config *cfg = ward_config_new(WARD_CLIENT);
    if (cfg == NULL || ward_config_set_ca(cfg, argv[4], NULL) != WARD_OK ||
        ward_config_set_alpn(cfg, "http/1.1") != WARD_OK)
        return 1;

    int fd = tcp_connect(argv[1], argv[2]);
    ward_conn *c = ward_conn_new(cfg);
    if (fd < 0 || c == NULL)
        goto out;

    /* The name to send (SNI) and to verify the certificate against. */
    int rc = ward_conn_set_server_name(c, argv[3]);
    if (rc == WARD_OK)
        rc = ward_conn_set_fd(c, fd);
    if (rc == WARD_OK)
        rc = ward_handshake(c);
    if (rc != WARD_OK) {
        /* e.g. "certificate issuer not trusted: ... (sent alert unknown_ca)" */
        const char *detail = ward_conn_error_detail(c);
        fprintf(stderr, "handshake failed: %s\n", *detail ? detail : ward_error_string(rc));
        goto out;
    }
    fprintf(stderr, "connected: %s, %s\n", ward_suite_name(ward_conn_cipher_suite(c)),
            ward_group_name(ward_conn_group(c)));

    char req[256];
    int n = snprintf(req, sizeof req, "GET / HTTP/1.0\r\nHost: %s\r\n\r\n", argv[3]);
    size_t done;
    if (ward_write(c, req, (size_t)n, &done) != WARD_OK)
        goto out;

    char buf[4096];
    size_t got;
    while ((rc = ward_read(c, buf, sizeof buf, &got)) == WARD_OK)
        fwrite(buf, 1, got, stdout);
    /* WARD_CLOSED: the server sent close_notify, so the response is complete.
     * Anything else (WARD_E_TRUNCATED, ...) means it may not be. */
    if (rc == WARD_CLOSED && ward_close(c) == WARD_OK)
        status = 0;
    else
        fprintf(stderr, "read: %s\n", ward_error_string(rc));

out:
    ward_conn_free(c); /* wipes the connection's secrets */
    if (fd >= 0)
        close(fd);
    ward_config_free(cfg);
    return status;
}
