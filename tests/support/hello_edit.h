/* hello_edit.h -- ClientHello and ServerHello bodies (TLS 1.2 and 1.3) as
 * fixed fields and an editable list of extensions, for tests that alter a
 * real peer's hello and write it back. */
#ifndef WARD_TEST_HELLO_EDIT_H
#define WARD_TEST_HELLO_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flight.h"

#define HELLO_MAX_EXTS 32

typedef struct ext {
    uint16_t type;
    uint8_t data[1024];
    size_t len;
} ext;

typedef struct hello {
    bool client;
    uint16_t version;
    uint8_t random[32];
    uint8_t sid[40]; /* room for an overlong legacy_session_id */
    size_t sid_len;
    uint16_t suite;      /* ServerHello */
    uint8_t compression; /* ServerHello */
    uint8_t suites[512]; /* ClientHello: the u16 list's contents */
    size_t suites_len;
    uint8_t comps[255]; /* ClientHello: the u8 list's contents */
    size_t comps_len;
    bool has_exts;
    ext exts[HELLO_MAX_EXTS];
    size_t n_exts;
    bool trailing; /* append a byte after the extensions */
} hello;

/* Parses the hello message `it` (fails the test when it is malformed). */
void hello_parse(const item *it, hello *h);
/* Writes h back as the body of `it`. */
void hello_write(const hello *h, item *it);

/* The extension of the type, or NULL. */
ext *hello_ext(hello *h, uint16_t type);
/* Replaces the extension's body, or appends the extension. */
void hello_ext_put(hello *h, uint16_t type, const void *data, size_t len);
/* Appends an extension even when one of the type is there already. */
void hello_ext_add(hello *h, uint16_t type, const void *data, size_t len);
/* Removes the extension (fails the test when absent). */
void hello_ext_del(hello *h, uint16_t type);

/* Sets the u16 list of cipher suites (ClientHello). */
void hello_set_suites(hello *h, const uint16_t *suites, size_t n);

#endif
