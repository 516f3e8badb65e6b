/* line.c -- bounded line building for the trace printer. */
#include "trace/trace_internal.h"

#include <string.h>

void tl_begin(tline *l, FILE *f, int indent)
{
    l->f = f;
    l->indent = indent;
    l->cont_indent = indent + 2;
    l->n = 0;
    l->items = false;
    l->s[0] = '\0';
}

static void tl_vadd(tline *l, const char *fmt, va_list ap)
{
    if (l->n >= sizeof l->s - 1)
        return;
    int k = vsnprintf(l->s + l->n, sizeof l->s - l->n, fmt, ap);
    if (k < 0)
        return;
    l->n += (size_t)k;
    if (l->n > sizeof l->s - 1)
        l->n = sizeof l->s - 1; /* truncated, never overrun */
}

/* Appends without ending an item list (for the pieces of one item). */
static void tl_raw(tline *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tl_vadd(l, fmt, ap);
    va_end(ap);
}

void tl_add(tline *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tl_vadd(l, fmt, ap);
    va_end(ap);
    l->items = false;
}

/* Writes the line so far and starts a continuation line. */
static void tl_wrap(tline *l)
{
    fprintf(l->f, "%*s%s\n", l->indent, "", l->s);
    l->indent = l->cont_indent;
    l->n = 0;
    l->s[0] = '\0';
}

void tl_wrap_now(tline *l)
{
    if (l->n > 0)
        tl_wrap(l);
    l->items = false;
}

void tl_item(tline *l, const char *fmt, ...)
{
    char item[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(item, sizeof item, fmt, ap);
    va_end(ap);
    size_t len = strlen(item);
    if (l->items) {
        tl_raw(l, ",");
        if ((size_t)l->indent + l->n + 1 + len > TRACE_WIDTH)
            tl_wrap(l);
        else
            tl_raw(l, " ");
    }
    tl_raw(l, "%s", item);
    l->items = true;
}

void tl_item_code(tline *l, const char *name, uint16_t code)
{
    if (grease_value(code))
        tl_item(l, "GREASE (0x%04x)", code);
    else if (strcmp(name, "Unknown") == 0)
        tl_item(l, "0x%04x", code);
    else
        tl_item(l, "%s", name);
}

void tl_hex(tline *l, const uint8_t *p, size_t n, size_t max)
{
    size_t shown = n < max ? n : max;
    for (size_t i = 0; i < shown; i++)
        tl_raw(l, "%02x", p[i]);
    if (shown < n)
        tl_raw(l, "...");
}

void tl_text(tline *l, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n && l->n < sizeof l->s - 8; i++) {
        if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
            tl_raw(l, "%c", p[i]);
        else
            tl_raw(l, "\\x%02x", p[i]);
    }
}

void tl_end(tline *l)
{
    if (l->n > 0)
        fprintf(l->f, "%*s%s\n", l->indent, "", l->s);
    l->n = 0;
    l->s[0] = '\0';
}

void tp_line(FILE *f, int indent, const char *fmt, ...)
{
    tline l;
    va_list ap;
    tl_begin(&l, f, indent);
    va_start(ap, fmt);
    tl_vadd(&l, fmt, ap);
    va_end(ap);
    tl_end(&l);
}

void tp_malformed(FILE *f, int indent)
{
    tp_line(f, indent, "[malformed]");
}
