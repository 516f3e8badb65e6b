/* www.c -- HTTPS file serving for `ward server --www DIR` and the demo.
 *
 * One request at a time per connection; HTTP/1.1 keeps the connection open
 * unless the client asks otherwise (pipelined requests are answered in order
 * since unread bytes stay in the buffer). Errors are answered and end the
 * connection.
 */
#include "http.h"
#include "tool.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WWW_HEAD_MAX 16384

static int send_all(ward_conn *c, const void *p, size_t n)
{
    size_t done;
    return ward_write(c, p, n, &done);
}

static int send_head(ward_conn *c, const http_request *req, int status, const char *type,
                     size_t length, bool keep_alive)
{
    char head[512];
    int n = snprintf(head, sizeof head,
                     "HTTP/1.%d %d %s\r\nServer: ward\r\nContent-Type: %s\r\n"
                     "Content-Length: %zu\r\nConnection: %s\r\n\r\n",
                     req ? req->minor : 1, status, http_reason(status), type, length,
                     keep_alive ? "keep-alive" : "close");
    return send_all(c, head, (size_t)n);
}

static int send_error(ward_conn *c, const http_request *req, int status)
{
    char body[128];
    int n = snprintf(body, sizeof body, "%d %s\n", status, http_reason(status));
    int rc = send_head(c, req, status, "text/plain; charset=utf-8", (size_t)n, false);
    if (rc == WARD_OK && !(req && strcmp(req->method, "HEAD") == 0))
        rc = send_all(c, body, (size_t)n);
    return rc;
}

static int send_file(ward_conn *c, const http_request *req, int fd, size_t size, const char *path,
                     bool keep_alive)
{
    int rc = send_head(c, req, 200, http_content_type(path), size, keep_alive);
    if (strcmp(req->method, "HEAD") == 0)
        return rc;
    char buf[16384];
    while (rc == WARD_OK && size > 0) {
        ssize_t k = read(fd, buf, sizeof buf < size ? sizeof buf : size);
        if (k <= 0)
            return WARD_E_IO; /* the file shrank: the promised length is a lie now */
        rc = send_all(c, buf, (size_t)k);
        size -= (size_t)k;
    }
    return rc;
}

/* Answers one request; *keep says whether the connection stays open. */
static int answer(ward_conn *c, const www_site *site, const http_request *req, bool *keep)
{
    char rel[HTTP_MAX_PATH];
    *keep = false;
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0)
        return send_error(c, req, 405);
    int st = http_map_path(req->target, rel, sizeof rel);
    if (st < 0)
        return send_error(c, req, -st);
    if (site->dir == NULL) {
        if (strcmp(rel, "index.html") != 0 || site->index_html == NULL)
            return send_error(c, req, 404);
        size_t n = strlen(site->index_html);
        *keep = req->keep_alive;
        int rc = send_head(c, req, 200, "text/html; charset=utf-8", n, *keep);
        if (rc == WARD_OK && strcmp(req->method, "HEAD") != 0)
            rc = send_all(c, site->index_html, n);
        return rc;
    }
    int dirfd = open(site->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int fd = dirfd < 0 ? -1 : openat(dirfd, rel, O_RDONLY | O_CLOEXEC);
    if (dirfd >= 0)
        close(dirfd);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        return send_error(c, req, 404);
    }
    *keep = req->keep_alive;
    int rc = send_file(c, req, fd, (size_t)sb.st_size, rel, *keep);
    close(fd);
    return rc;
}

int www_serve(server_conn *s, const www_site *site)
{
    ward_conn *c = s->c;
    char buf[WWW_HEAD_MAX];
    size_t have = 0;
    for (;;) {
        http_request req;
        long n = http_parse_request(buf, have, &req);
        if (n < 0)
            return send_error(c, NULL, (int)-n);
        if (n == 0) {
            if (have == sizeof buf)
                return send_error(c, NULL, 431);
            size_t got;
            int rc = server_read(s, buf + have, sizeof buf - have, &got);
            if (rc == WARD_CLOSED)
                return WARD_OK; /* the client is done */
            if (rc != WARD_OK)
                return rc; /* an error, or WANT_READ: the socket timed out */
            have += got;
            continue;
        }
        bool keep;
        int rc = answer(c, site, &req, &keep);
        if (rc != WARD_OK || !keep)
            return rc;
        memmove(buf, buf + n, have - (size_t)n);
        have -= (size_t)n;
    }
}
