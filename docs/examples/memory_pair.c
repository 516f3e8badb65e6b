/* memory_pair.c -- a ward client and a ward server in one process, no sockets.
 *
 *   cc memory_pair.c $(pkg-config --cflags --libs ward) -o memory_pair
 *   ./memory_pair chain.pem key.pem ca.pem
 *
 * The sans-I/O engine only ever sees bytes: whatever one side leaves pending is
 * fed to the other. The same loop works with any transport (an event loop, a
 * pipe, a test harness). Built and run by tests/interop/build_checks.sh.
 */
#include <stdio.h>
#include <string.h>

#include <ward.h>

/* Moves every pending byte of `from` into `to`. */
static int shuttle(ward_conn *from, ward_conn *to)
{
    const uint8_t *p;
    size_t n;
    while ((n = ward_conn_pending(from, &p)) > 0) {
        int rc = ward_conn_feed(to, p, n);
        if (rc != WARD_OK)
            return rc;
        ward_conn_sent(from, n);
    }
    return WARD_OK;
}

/* Runs both handshakes, passing bytes between them, until both are done. */
static int handshake_pair(ward_conn *client, ward_conn *server)
{
    for (int round = 0; round < 16; round++) {
        int rc_c = ward_conn_handshake(client);
        int rc_s = ward_conn_handshake(server);
        /* An error still leaves its alert pending: deliver it before giving up. */
        if (shuttle(client, server) != WARD_OK || shuttle(server, client) != WARD_OK)
            return -1;
        if (rc_c < 0 || rc_s < 0) {
            /* Let the other side read the alert, so both report the failure. */
            if (rc_c < 0)
                (void)!ward_conn_handshake(server);
            else
                (void)!ward_conn_handshake(client);
            return rc_c < 0 ? rc_c : rc_s;
        }
        if (rc_c == WARD_OK && rc_s == WARD_OK)
            return WARD_OK;
    }
    return -1;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s CHAIN.pem KEY.pem CA.pem\n", argv[0]);
        return 2;
    }
    ward_config *scfg = ward_config_new(WARD_SERVER);
    ward_config *ccfg = ward_config_new(WARD_CLIENT);
    if (!scfg || !ccfg || ward_config_add_cert_chain_file(scfg, argv[1], argv[2]) != WARD_OK ||
        ward_config_set_ca(ccfg, argv[3], NULL) != WARD_OK) {
        fprintf(stderr, "configuration failed\n");
        return 1;
    }
    ward_conn *server = ward_conn_new(scfg);
    ward_conn *client = ward_conn_new(ccfg);
    int status = 1;
    if (!server || !client || ward_conn_set_server_name(client, "localhost") != WARD_OK)
        goto out;

    int rc = handshake_pair(client, server);
    if (rc != WARD_OK) {
        fprintf(stderr, "handshake failed: client: %s / server: %s\n",
                ward_conn_error_detail(client), ward_conn_error_detail(server));
        goto out;
    }
    printf("%s %s, verified=%d\n", ward_suite_name(ward_conn_cipher_suite(client)),
           ward_group_name(ward_conn_group(client)), ward_conn_peer_verified(client));

    /* Application data: plaintext in, ciphertext pending, fed to the peer. */
    char buf[64];
    size_t got = 0;
    if (ward_conn_write(client, (const uint8_t *)"ping", 4) != WARD_OK ||
        shuttle(client, server) != WARD_OK ||
        ward_conn_read(server, (uint8_t *)buf, sizeof buf, &got) != WARD_OK)
        goto out;
    printf("server read: %.*s\n", (int)got, buf);

    /* close_notify both ways: the clean end of the data. */
    if (ward_conn_close(client) != WARD_OK || shuttle(client, server) != WARD_OK ||
        ward_conn_read(server, (uint8_t *)buf, sizeof buf, &got) != WARD_CLOSED)
        goto out;
    printf("server saw close_notify\n");
    status = 0;

out:
    ward_conn_free(client);
    ward_conn_free(server);
    ward_config_free(ccfg);
    ward_config_free(scfg);
    return status;
}
