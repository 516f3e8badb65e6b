/* names.h -- names for TLS code points, as Wireshark and the IANA registries
 * spell them. Every function returns a constant string, never NULL: NULL-free
 * so that a printer fed hostile bytes can print whatever comes back. */
#ifndef WARD_TRACE_NAMES_H
#define WARD_TRACE_NAMES_H

#include <stdint.h>

/* "Reserved (GREASE)" for RFC 8701 values, else NULL-free "Unknown". */
const char *name_suite(uint16_t suite);
const char *name_group(uint16_t group);
const char *name_sigscheme(uint16_t scheme);
const char *name_extension(uint16_t type);
/* "TLS 1.2" (no code point) */
const char *name_version(uint16_t version);
const char *name_handshake(uint8_t type);
const char *name_content_type(uint8_t type);
/* Title case as Wireshark shows them: "Handshake Failure". */
const char *name_alert(uint8_t description);
const char *name_alert_level(uint8_t level);

#endif
