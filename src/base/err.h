/* err.h -- result conventions and guard macros used by every source file.
 *
 * Internal functions return int: WARD_OK (0) or a negative ward_error. The
 * macros below keep error paths short and uniform. */
#ifndef WARD_BASE_ERR_H
#define WARD_BASE_ERR_H

#include "ward.h"

#define MUST_CHECK WARD_MUST_CHECK

/* Propagates a negative result. */
#define TRY(expr)                                                                                  \
    do {                                                                                           \
        int try_rc_ = (expr);                                                                      \
        if (try_rc_ < 0)                                                                           \
            return try_rc_;                                                                        \
    } while (0)

/* Fails with err unless cond holds. */
#define ENSURE(cond, err)                                                                          \
    do {                                                                                           \
        if (!(cond))                                                                               \
            return (err);                                                                          \
    } while (0)

#define BAIL(err) return (err)

/* TLS alert descriptions (RFC 8446 6, RFC 5246 7.2, RFC 7507, RFC 8446 6.2). */
enum {
    ALERT_CLOSE_NOTIFY = 0,
    ALERT_UNEXPECTED_MESSAGE = 10,
    ALERT_BAD_RECORD_MAC = 20,
    ALERT_RECORD_OVERFLOW = 22,
    ALERT_HANDSHAKE_FAILURE = 40,
    ALERT_BAD_CERTIFICATE = 42,
    ALERT_UNSUPPORTED_CERTIFICATE = 43,
    ALERT_CERTIFICATE_REVOKED = 44,
    ALERT_CERTIFICATE_EXPIRED = 45,
    ALERT_CERTIFICATE_UNKNOWN = 46,
    ALERT_ILLEGAL_PARAMETER = 47,
    ALERT_UNKNOWN_CA = 48,
    ALERT_ACCESS_DENIED = 49,
    ALERT_DECODE_ERROR = 50,
    ALERT_DECRYPT_ERROR = 51,
    ALERT_PROTOCOL_VERSION = 70,
    ALERT_INSUFFICIENT_SECURITY = 71,
    ALERT_INTERNAL_ERROR = 80,
    ALERT_INAPPROPRIATE_FALLBACK = 86,
    ALERT_USER_CANCELED = 90,
    ALERT_NO_RENEGOTIATION = 100,
    ALERT_MISSING_EXTENSION = 109,
    ALERT_UNSUPPORTED_EXTENSION = 110,
    ALERT_UNRECOGNIZED_NAME = 112,
    ALERT_BAD_CERTIFICATE_STATUS_RESPONSE = 113,
    ALERT_UNKNOWN_PSK_IDENTITY = 115,
    ALERT_CERTIFICATE_REQUIRED = 116,
    ALERT_NO_APPLICATION_PROTOCOL = 120,
};

enum { ALERT_LEVEL_WARNING = 1, ALERT_LEVEL_FATAL = 2 };

#endif
