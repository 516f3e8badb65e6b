/* http.h -- the HTTP/1.x request parsing behind `ward server --www`, kept free
 * of I/O so that tests can call it directly. */
#ifndef WARD_TOOL_HTTP_H
#define WARD_TOOL_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_MAX_PATH 1024

typedef struct http_request {
    char method[16];
    char target[HTTP_MAX_PATH]; /* as sent */
    int minor;                  /* HTTP/1.<minor>: 0 or 1 */
    bool keep_alive;            /* what the version and Connection header ask for */
} http_request;

/* Parses one request head from buf. Returns its length (> 0) when complete, 0
 * when more bytes are needed, or -status (-400, -414, -505) when it can only
 * be refused. */
long http_parse_request(const char *buf, size_t len, http_request *req);

/* Maps a request target to a path relative to the served directory: the query
 * is dropped, %XX decoded, "/" and "/dir/" get "index.html". Returns 0, -400
 * for a malformed target, -403 for any ".." segment (path traversal). */
int http_map_path(const char *target, char *out, size_t cap);

/* Content-Type for a file name. */
const char *http_content_type(const char *path);

const char *http_reason(int status);

#endif
