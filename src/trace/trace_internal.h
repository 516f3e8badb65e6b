/* trace_internal.h -- the pieces of the trace printer shared by its files.
 *
 * Every decoder reads through the bounded codec and returns WARD_OK or a
 * negative error; on an error the caller prints "[malformed]" where it stopped.
 * Lines are built in a fixed buffer (tline) that wraps long lists, so no
 * decoder ever prints a line longer than about TRACE_WIDTH columns, and no
 * input, however hostile, can make the printer read or write out of bounds.
 */
#ifndef WARD_TRACE_INTERNAL_H
#define WARD_TRACE_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "base/codec.h"
#include "msg/msg.h"
#include "trace/names.h"

#define TRACE_WIDTH 100
#define TRACE_HEX_MAX 24 /* bytes shown before "...", as Wireshark does */

/* One output line under construction. */
typedef struct tline {
    FILE *f;
    int indent;      /* columns before the text */
    int cont_indent; /* columns before wrapped continuation lines */
    size_t n;
    bool items; /* an item list is open: next item gets ", " */
    char s[512];
} tline;

void tl_begin(tline *l, FILE *f, int indent);
void tl_add(tline *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Adds one list item, separated by ", " and wrapped onto a new line when the
 * line would grow past TRACE_WIDTH. */
void tl_item(tline *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hex of up to max bytes, then "..." when there were more. */
void tl_hex(tline *l, const uint8_t *p, size_t n, size_t max);
/* Wire text (names, ALPN ids): printable ASCII as is, the rest as \xNN. */
void tl_text(tline *l, const uint8_t *p, size_t n);
void tl_end(tline *l);
/* Writes the line so far and goes on on a continuation line. */
void tl_wrap_now(tline *l);

/* A whole line at an indent. */
void tp_line(FILE *f, int indent, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void tp_malformed(FILE *f, int indent);

/* Indents: the event line, then its fields, then nested fields. */
enum { IND_EVENT = 0, IND_FIELD = 5, IND_SUB = 7, IND_SUB2 = 9 };

/* A u16 code point in a list: its name, or hex when it has none. */
void tl_item_code(tline *l, const char *name, uint16_t code);

/* Extensions block (u16-prefixed), one line per extension. */
MUST_CHECK int trace_extensions(FILE *f, reader *msg, ext_context ctx);

/* Handshake message bodies, by type. */
MUST_CHECK int trace_client_hello(FILE *f, reader body);
MUST_CHECK int trace_server_hello(FILE *f, reader body);
MUST_CHECK int trace_certificate(FILE *f, reader body);
MUST_CHECK int trace_certificate_request(FILE *f, reader body);
MUST_CHECK int trace_new_session_ticket(FILE *f, reader body);
MUST_CHECK int trace_server_key_exchange(FILE *f, reader body);
MUST_CHECK int trace_client_key_exchange(FILE *f, reader body);

/* Whether a ServerHello body is a HelloRetryRequest (by its random). */
bool trace_is_hrr(reader body);

#endif
