/* http.c -- HTTP/1.0 and 1.1 request heads (RFC 9112), just enough for GET. */
#include "http.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* End of the head: the empty line. Bare LF line ends are tolerated, as
 * RFC 9112 2.2 allows a recipient to. */
static long head_end(const char *buf, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (buf[i] == '\n' && buf[i + 1] == '\n')
            return (long)(i + 2);
        if (i + 3 < len && memcmp(buf + i, "\r\n\r\n", 4) == 0)
            return (long)(i + 4);
    }
    return 0;
}

/* Copies the next space-delimited token of the request line. */
static const char *token(const char *p, const char *end, char *out, size_t cap, int *err)
{
    size_t n = 0;
    while (p < end && *p != ' ' && *p != '\r' && *p != '\n') {
        if (n + 1 >= cap) {
            *err = 1;
            return p;
        }
        out[n++] = *p++;
    }
    out[n] = '\0';
    return p;
}

static bool header_is(const char *line, size_t n, const char *name, const char **value)
{
    size_t k = strlen(name);
    if (n <= k || strncasecmp(line, name, k) != 0 || line[k] != ':')
        return false;
    *value = line + k + 1;
    return true;
}

static bool value_has(const char *v, const char *end, const char *word)
{
    size_t k = strlen(word);
    for (const char *p = v; p + k <= end; p++)
        if (strncasecmp(p, word, k) == 0)
            return true;
    return false;
}

static void parse_headers(const char *p, const char *end, http_request *req)
{
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        const char *v;
        if (header_is(p, (size_t)(eol - p), "Connection", &v)) {
            if (value_has(v, eol, "close"))
                req->keep_alive = false;
            else if (value_has(v, eol, "keep-alive"))
                req->keep_alive = true;
        }
        p = eol + 1;
    }
}

long http_parse_request(const char *buf, size_t len, http_request *req)
{
    memset(req, 0, sizeof *req);
    long n = head_end(buf, len);
    if (n == 0)
        return 0;
    const char *p = buf, *end = buf + n;
    while (p < end && (*p == '\r' || *p == '\n'))
        p++; /* RFC 9112 2.2: ignore empty lines before the request line */
    int err = 0;
    char version[16];
    p = token(p, end, req->method, sizeof req->method, &err);
    if (err || p >= end || *p++ != ' ' || req->method[0] == '\0')
        return -400;
    p = token(p, end, req->target, sizeof req->target, &err);
    if (err)
        return -414;
    if (p >= end || *p++ != ' ' || req->target[0] == '\0')
        return -400;
    p = token(p, end, version, sizeof version, &err);
    if (err || strncmp(version, "HTTP/", 5) != 0)
        return -400;
    if (strcmp(version, "HTTP/1.1") == 0)
        req->minor = 1;
    else if (strcmp(version, "HTTP/1.0") == 0)
        req->minor = 0;
    else
        return -505;
    req->keep_alive = req->minor == 1;
    parse_headers(p, end, req);
    return n;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes [p, end) into out; NUL and backslash are refused. */
static int decode(const char *p, const char *end, char *out, size_t cap)
{
    size_t n = 0;
    while (p < end) {
        int c = (unsigned char)*p++;
        if (c == '%') {
            int hi = p < end ? hex_digit(p[0]) : -1;
            int lo = p + 1 < end ? hex_digit(p[1]) : -1;
            if (hi < 0 || lo < 0)
                return -400;
            c = hi * 16 + lo;
            p += 2;
        }
        if (c == '\0' || c == '\\' || n + 1 >= cap)
            return -400;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return 0;
}

/* Any ".." segment is refused outright, rather than resolved: a file server
 * has no business walking upward, and refusing is simpler to get right. */
static bool has_dotdot(const char *path)
{
    for (const char *seg = path; seg != NULL;) {
        const char *slash = strchr(seg, '/');
        size_t n = slash ? (size_t)(slash - seg) : strlen(seg);
        if (n == 2 && seg[0] == '.' && seg[1] == '.')
            return true;
        seg = slash ? slash + 1 : NULL;
    }
    return false;
}

int http_map_path(const char *target, char *out, size_t cap)
{
    char decoded[HTTP_MAX_PATH];
    if (target[0] != '/')
        return -400; /* origin-form only (RFC 9112 3.2.1) */
    const char *end = target + strcspn(target, "?#");
    if (decode(target, end, decoded, sizeof decoded) != 0)
        return -400;
    if (has_dotdot(decoded))
        return -403;
    const char *rel = decoded;
    while (*rel == '/')
        rel++;
    size_t n = strlen(rel);
    bool dir = n == 0 || rel[n - 1] == '/';
    int k = snprintf(out, cap, "%s%s", rel, dir ? "index.html" : "");
    if (k < 0 || (size_t)k >= cap)
        return -400;
    return 0;
}

const char *http_content_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".txt", "text/plain; charset=utf-8"},
        {".css", "text/css"},
        {".js", "text/javascript"},
        {".json", "application/json"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".svg", "image/svg+xml"},
    };
    const char *dot = strrchr(path, '.');
    if (dot != NULL && strchr(dot, '/') == NULL)
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcasecmp(dot, types[i].ext) == 0)
                return types[i].type;
    return "application/octet-stream";
}

const char *http_reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
    }
}
