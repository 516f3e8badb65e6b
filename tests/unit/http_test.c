/* http_test.c -- the request parsing and path mapping of `ward server --www`.
 * The tool's http.c is compiled into this test directly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../tools/ward/http.c"

static long parse(const char *s, http_request *req)
{
    return http_parse_request(s, strlen(s), req);
}

static void test_parse_requests(void **state)
{
    (void)state;
    http_request r;
    const char *get11 = "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\nGET /next";
    assert_int_equal(parse(get11, &r), (long)strlen(get11) - strlen("GET /next"));
    assert_string_equal(r.method, "GET");
    assert_string_equal(r.target, "/index.html");
    assert_int_equal(r.minor, 1);
    assert_true(r.keep_alive);

    assert_true(parse("GET / HTTP/1.0\r\n\r\n", &r) > 0);
    assert_int_equal(r.minor, 0);
    assert_false(r.keep_alive);

    assert_true(parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", &r) > 0);
    assert_false(r.keep_alive);
    assert_true(parse("GET / HTTP/1.0\r\nconnection: Keep-Alive\r\n\r\n", &r) > 0);
    assert_true(r.keep_alive);
    assert_true(parse("GET / HTTP/1.1\n\n", &r) > 0); /* bare LF */
}

static void test_parse_incomplete_and_bad(void **state)
{
    (void)state;
    http_request r;
    assert_int_equal(parse("", &r), 0);
    assert_int_equal(parse("GET / HTTP/1.1\r\nHost: x\r\n", &r), 0);
    assert_int_equal(parse("GET / HTTP/2.0\r\n\r\n", &r), -505);
    assert_int_equal(parse("GET /\r\n\r\n", &r), -400);
    assert_int_equal(parse("GET  / HTTP/1.1\r\n\r\n", &r), -400);
    assert_int_equal(parse(" / HTTP/1.1\r\n\r\n", &r), -400);
    assert_int_equal(parse("GET / FTP/1.1\r\n\r\n", &r), -400);
    assert_int_equal(parse("AVERYVERYLONGMETHODNAME / HTTP/1.1\r\n\r\n", &r), -400);
    char long_target[HTTP_MAX_PATH + 64];
    memset(long_target, 'a', sizeof long_target);
    memcpy(long_target, "GET /", 5);
    strcpy(long_target + sizeof long_target - 20, " HTTP/1.1\r\n\r\n");
    assert_int_equal(parse(long_target, &r), -414);
}

static void test_map_path(void **state)
{
    (void)state;
    char out[HTTP_MAX_PATH];
    assert_int_equal(http_map_path("/", out, sizeof out), 0);
    assert_string_equal(out, "index.html");
    assert_int_equal(http_map_path("/docs/", out, sizeof out), 0);
    assert_string_equal(out, "docs/index.html");
    assert_int_equal(http_map_path("/a%20b.txt?x=1", out, sizeof out), 0);
    assert_string_equal(out, "a b.txt");
    assert_int_equal(http_map_path("//etc/passwd", out, sizeof out), 0);
    assert_string_equal(out, "etc/passwd"); /* relative to the served directory */
    /* Path traversal, plain and encoded. */
    assert_int_equal(http_map_path("/../secret", out, sizeof out), -403);
    assert_int_equal(http_map_path("/a/../../secret", out, sizeof out), -403);
    assert_int_equal(http_map_path("/%2e%2e/secret", out, sizeof out), -403);
    assert_int_equal(http_map_path("/a/..", out, sizeof out), -403);
    assert_int_equal(http_map_path("/..%2fsecret", out, sizeof out), -403);
    /* Malformed. */
    assert_int_equal(http_map_path("index.html", out, sizeof out), -400);
    assert_int_equal(http_map_path("/a%00b", out, sizeof out), -400);
    assert_int_equal(http_map_path("/a%zz", out, sizeof out), -400);
    assert_int_equal(http_map_path("/a%2", out, sizeof out), -400);
    assert_int_equal(http_map_path("/a\\..\\b", out, sizeof out), -400);
    /* Names that merely contain dots are fine. */
    assert_int_equal(http_map_path("/a..b/.x", out, sizeof out), 0);
}

static void test_content_type(void **state)
{
    (void)state;
    assert_string_equal(http_content_type("index.html"), "text/html; charset=utf-8");
    assert_string_equal(http_content_type("a/b.TXT"), "text/plain; charset=utf-8");
    assert_string_equal(http_content_type("a.d/file"), "application/octet-stream");
    assert_string_equal(http_content_type("noext"), "application/octet-stream");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_requests),
        cmocka_unit_test(test_parse_incomplete_and_bad),
        cmocka_unit_test(test_map_path),
        cmocka_unit_test(test_content_type),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
