/* fd.c -- blocking and non-blocking sockets on top of the sans-I/O engine.
 *
 * Built only on the public engine calls (feed, feed_eof, pending, sent,
 * handshake, read, write, close): what works here works for any caller with
 * its own event loop. The pattern is always the same: let the engine run, send
 * what it produced, and only then wait for the peer, so that a peer waiting for
 * our flight is never deadlocked against us waiting for theirs.
 */
#include "io/fd.h"

#include <errno.h>
#include <sys/socket.h>
#include <sys/types.h>

/* Large enough for one maximal TLS 1.2 ciphertext record plus its header. */
#define FD_READ_CHUNK (16384 + 2048 + 5)

static int fd_of(const ward_conn *c)
{
    return c ? conn_fd(c) : -1;
}

/* Sends everything pending. WARD_OK when all is out, WARD_WANT_WRITE when the
 * socket would block, WARD_E_IO on a socket error (errno kept). */
static int fd_flush(ward_conn *c, int flags)
{
    int fd = fd_of(c);
    const uint8_t *p;
    size_t n;
    while ((n = ward_conn_pending(c, &p)) > 0) {
        ssize_t k = send(fd, p, n, flags | MSG_NOSIGNAL);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return WARD_WANT_WRITE;
            return WARD_E_IO;
        }
        ward_conn_sent(c, (size_t)k);
    }
    return WARD_OK;
}

/* After a failure the engine has queued its fatal alert. Sending it is a
 * courtesy to the peer, never a reason to block, so it is tried once. */
static int fd_fail(ward_conn *c, int err)
{
    int saved = errno;
    (void)fd_flush(c, MSG_DONTWAIT);
    errno = saved;
    return err;
}

/* One recv into the engine. WARD_OK when bytes or end of file were fed
 * (*eof tells which), WARD_WANT_READ when the socket would block (or its
 * SO_RCVTIMEO expired), WARD_E_IO on error. */
static int fd_fill(ward_conn *c, int *eof)
{
    uint8_t buf[FD_READ_CHUNK];
    for (;;) {
        ssize_t k = recv(fd_of(c), buf, sizeof buf, 0);
        if (k > 0) {
            int rc = ward_conn_feed(c, buf, (size_t)k);
            return rc < 0 ? fd_fail(c, rc) : WARD_OK;
        }
        if (k == 0) {
            ward_conn_feed_eof(c);
            *eof = 1;
            return WARD_OK;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return WARD_WANT_READ;
        return WARD_E_IO;
    }
}

int ward_conn_set_fd(ward_conn *c, int fd)
{
    if (c == NULL || fd < 0)
        return WARD_E_INVALID_ARGUMENT;
    return conn_set_fd_internal(c, fd);
}

int ward_handshake(ward_conn *c)
{
    int eof = 0;
    if (fd_of(c) < 0)
        return WARD_E_API_STATE;
    for (;;) {
        int rc = ward_conn_handshake(c);
        if (rc < 0)
            return fd_fail(c, rc);
        int frc = fd_flush(c, 0);
        if (frc != WARD_OK)
            return frc;
        if (rc == WARD_OK || rc == WARD_CLOSED)
            return rc;
        if (rc == WARD_WANT_WRITE)
            continue; /* flushed; let the engine go on */
        /* The engine wants peer bytes it cannot get after end of file. */
        if (eof)
            return WARD_E_TRUNCATED;
        frc = fd_fill(c, &eof);
        if (frc != WARD_OK)
            return frc;
    }
}

int ward_read(ward_conn *c, void *buf, size_t n, size_t *got)
{
    int eof = 0;
    if (got == NULL || (buf == NULL && n > 0))
        return WARD_E_INVALID_ARGUMENT;
    *got = 0;
    if (fd_of(c) < 0)
        return WARD_E_API_STATE;
    for (;;) {
        int rc = ward_conn_read(c, buf, n, got);
        if (rc < 0)
            return fd_fail(c, rc);
        /* Reading may have produced output: handshake flights (a TLS 1.2
         * renegotiation runs entirely inside reads), a KeyUpdate answer, a
         * no_renegotiation warning. It goes out before we wait for the peer:
         * during a renegotiation the peer is usually waiting for exactly
         * this flight, and there may be no application data for us until it
         * has it. A failure to send surfaces on the next call, after the
         * caller has the data it is owed. */
        int frc = fd_flush(c, 0);
        if (rc == WARD_OK || rc == WARD_CLOSED)
            return rc;
        if (frc != WARD_OK)
            return frc;
        if (rc == WARD_WANT_WRITE)
            continue;
        if (eof)
            return WARD_E_TRUNCATED;
        /* Everything produced is out: wait for the peer, then run the engine
         * again (more handshake, or the data). */
        frc = fd_fill(c, &eof);
        if (frc != WARD_OK)
            return frc;
    }
}

int ward_write(ward_conn *c, const void *buf, size_t n, size_t *done)
{
    size_t ignored;
    if (done == NULL)
        done = &ignored;
    *done = 0;
    if (buf == NULL && n > 0)
        return WARD_E_INVALID_ARGUMENT;
    if (fd_of(c) < 0)
        return WARD_E_API_STATE;
    /* Older output first: a non-blocking caller must not be able to queue
     * unbounded data behind a full socket. */
    int rc = fd_flush(c, 0);
    if (rc != WARD_OK)
        return rc;
    if (n == 0)
        return WARD_OK;
    rc = ward_conn_write(c, buf, n);
    if (rc < 0)
        return fd_fail(c, rc);
    *done = n;
    return fd_flush(c, 0);
}

int ward_close(ward_conn *c)
{
    if (fd_of(c) < 0)
        return WARD_E_API_STATE;
    int rc = ward_conn_close(c);
    /* A repeated call (non-blocking caller finishing the flush) may report
     * the connection as closed; what matters is that the alert goes out. */
    int frc = fd_flush(c, 0);
    if (frc != WARD_OK)
        return frc;
    return rc == WARD_E_CLOSED ? WARD_OK : rc;
}
