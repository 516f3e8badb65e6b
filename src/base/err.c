/* err.c -- the one table from errors to alerts and names. */
#include "base/err.h"

#include <stddef.h>

struct err_entry {
    int code;
    int alert; /* -1: no alert is sent */
    const char *name;
};

static const struct err_entry err_table[] = {
    {WARD_OK, -1, "ok"},
    {WARD_WANT_READ, -1, "want read"},
    {WARD_WANT_WRITE, -1, "want write"},
    {WARD_CLOSED, -1, "closed by peer (close_notify)"},
    {WARD_E_INTERNAL, ALERT_INTERNAL_ERROR, "internal error"},
    {WARD_E_NOMEM, ALERT_INTERNAL_ERROR, "out of memory"},
    {WARD_E_INVALID_ARGUMENT, -1, "invalid argument"},
    {WARD_E_API_STATE, -1, "call not valid in this state"},
    {WARD_E_CRYPTO, ALERT_INTERNAL_ERROR, "libcrypto operation failed"},
    {WARD_E_IO, -1, "transport I/O error"},
    {WARD_E_CONFIG, -1, "unusable configuration"},
    {WARD_E_DECODE, ALERT_DECODE_ERROR, "malformed message"},
    {WARD_E_TRAILING_BYTES, ALERT_DECODE_ERROR, "trailing bytes after message"},
    {WARD_E_RECORD_OVERFLOW, ALERT_RECORD_OVERFLOW, "record too long"},
    {WARD_E_BAD_RECORD_TYPE, ALERT_UNEXPECTED_MESSAGE, "unknown record content type"},
    {WARD_E_BAD_RECORD_MAC, ALERT_BAD_RECORD_MAC, "record authentication failed"},
    {WARD_E_EMPTY_RECORD, ALERT_UNEXPECTED_MESSAGE, "empty record where forbidden"},
    {WARD_E_BAD_RECORD_VERSION, ALERT_PROTOCOL_VERSION, "bad record version"},
    {WARD_E_UNEXPECTED_MESSAGE, ALERT_UNEXPECTED_MESSAGE, "unexpected message"},
    {WARD_E_UNEXPECTED_CCS, ALERT_UNEXPECTED_MESSAGE, "unexpected ChangeCipherSpec"},
    {WARD_E_MESSAGE_TOO_LARGE, ALERT_ILLEGAL_PARAMETER, "handshake message too large"},
    {WARD_E_DUPLICATE_EXTENSION, ALERT_ILLEGAL_PARAMETER, "duplicate extension"},
    {WARD_E_EXTENSION_NOT_ALLOWED, ALERT_ILLEGAL_PARAMETER, "extension not allowed here"},
    {WARD_E_UNSOLICITED_EXTENSION, ALERT_UNSUPPORTED_EXTENSION, "extension was not offered"},
    {WARD_E_MISSING_EXTENSION, ALERT_MISSING_EXTENSION, "required extension missing"},
    {WARD_E_ILLEGAL_PARAMETER, ALERT_ILLEGAL_PARAMETER, "illegal parameter"},
    {WARD_E_BAD_KEY_SHARE, ALERT_ILLEGAL_PARAMETER, "invalid key share"},
    {WARD_E_NO_SHARED_VERSION, ALERT_PROTOCOL_VERSION, "no shared protocol version"},
    {WARD_E_NO_SHARED_CIPHER, ALERT_HANDSHAKE_FAILURE, "no shared cipher suite"},
    {WARD_E_NO_SHARED_GROUP, ALERT_HANDSHAKE_FAILURE, "no shared key exchange group"},
    {WARD_E_NO_SHARED_SIGALG, ALERT_HANDSHAKE_FAILURE, "no shared signature algorithm"},
    {WARD_E_NO_APPLICATION_PROTOCOL, ALERT_NO_APPLICATION_PROTOCOL, "no shared ALPN protocol"},
    {WARD_E_BAD_SIGNATURE, ALERT_DECRYPT_ERROR, "signature verification failed"},
    {WARD_E_BAD_FINISHED, ALERT_DECRYPT_ERROR, "Finished verification failed"},
    {WARD_E_DOWNGRADE, ALERT_ILLEGAL_PARAMETER, "downgrade detected"},
    {WARD_E_BAD_CERTIFICATE, ALERT_BAD_CERTIFICATE, "bad certificate"},
    {WARD_E_CERT_HOSTNAME, ALERT_BAD_CERTIFICATE, "certificate does not match server name"},
    {WARD_E_UNKNOWN_CA, ALERT_UNKNOWN_CA, "certificate issuer not trusted"},
    {WARD_E_CERT_EXPIRED, ALERT_CERTIFICATE_EXPIRED, "certificate expired or not yet valid"},
    {WARD_E_UNSUPPORTED_CERT, ALERT_UNSUPPORTED_CERTIFICATE, "unsupported certificate"},
    {WARD_E_CERT_REQUIRED, ALERT_CERTIFICATE_REQUIRED, "certificate required"},
    {WARD_E_HRR_INVALID, ALERT_ILLEGAL_PARAMETER, "invalid HelloRetryRequest"},
    {WARD_E_TOO_MANY_EMPTY, ALERT_UNEXPECTED_MESSAGE, "too many empty records"},
    {WARD_E_TOO_MANY_WARNINGS, ALERT_UNEXPECTED_MESSAGE, "too many warning alerts"},
    {WARD_E_TOO_MANY_KEY_UPDATES, ALERT_UNEXPECTED_MESSAGE, "too many KeyUpdates"},
    {WARD_E_SEQUENCE_OVERFLOW, ALERT_INTERNAL_ERROR, "record sequence number exhausted"},
    {WARD_E_INAPPROPRIATE_FALLBACK, ALERT_INAPPROPRIATE_FALLBACK, "inappropriate fallback"},
    {WARD_E_NO_RENEGOTIATION, ALERT_NO_RENEGOTIATION, "renegotiation refused"},
    {WARD_E_BAD_RENEGOTIATION_INFO, ALERT_HANDSHAKE_FAILURE, "renegotiation_info check failed"},
    {WARD_E_CERT_MISSING, ALERT_HANDSHAKE_FAILURE, "client certificate required but none sent"},
    {WARD_E_BAD_BINDER, ALERT_DECRYPT_ERROR, "PSK binder verification failed"},
    {WARD_E_EMS_REQUIRED, ALERT_HANDSHAKE_FAILURE, "resumption without extended master secret"},
    {WARD_E_INSUFFICIENT_SECURITY, ALERT_INSUFFICIENT_SECURITY,
     "server's DHE group is not an accepted RFC 7919 group"},
    {WARD_E_PEER_ALERT, -1, "peer sent a fatal alert"},
    {WARD_E_TRUNCATED, -1, "connection closed without close_notify (truncated)"},
    {WARD_E_CLOSED, -1, "connection is closed"},
};

static const struct err_entry *err_find(int code)
{
    for (size_t i = 0; i < sizeof err_table / sizeof err_table[0]; i++)
        if (err_table[i].code == code)
            return &err_table[i];
    return NULL;
}

const char *ward_error_string(int code)
{
    const struct err_entry *e = err_find(code);
    return e ? e->name : "unknown error";
}

int ward_error_alert(int code)
{
    const struct err_entry *e = err_find(code);
    if (e)
        return e->alert;
    return code < 0 ? ALERT_INTERNAL_ERROR : -1;
}

const char *ward_alert_name(int d)
{
    switch (d) {
    case ALERT_CLOSE_NOTIFY: return "close_notify";
    case ALERT_UNEXPECTED_MESSAGE: return "unexpected_message";
    case ALERT_BAD_RECORD_MAC: return "bad_record_mac";
    case 21: return "decryption_failed";
    case ALERT_RECORD_OVERFLOW: return "record_overflow";
    case 30: return "decompression_failure";
    case ALERT_HANDSHAKE_FAILURE: return "handshake_failure";
    case 41: return "no_certificate";
    case ALERT_BAD_CERTIFICATE: return "bad_certificate";
    case ALERT_UNSUPPORTED_CERTIFICATE: return "unsupported_certificate";
    case ALERT_CERTIFICATE_REVOKED: return "certificate_revoked";
    case ALERT_CERTIFICATE_EXPIRED: return "certificate_expired";
    case ALERT_CERTIFICATE_UNKNOWN: return "certificate_unknown";
    case ALERT_ILLEGAL_PARAMETER: return "illegal_parameter";
    case ALERT_UNKNOWN_CA: return "unknown_ca";
    case ALERT_ACCESS_DENIED: return "access_denied";
    case ALERT_DECODE_ERROR: return "decode_error";
    case ALERT_DECRYPT_ERROR: return "decrypt_error";
    case 60: return "export_restriction";
    case ALERT_PROTOCOL_VERSION: return "protocol_version";
    case ALERT_INSUFFICIENT_SECURITY: return "insufficient_security";
    case ALERT_INTERNAL_ERROR: return "internal_error";
    case ALERT_INAPPROPRIATE_FALLBACK: return "inappropriate_fallback";
    case ALERT_USER_CANCELED: return "user_canceled";
    case ALERT_NO_RENEGOTIATION: return "no_renegotiation";
    case ALERT_MISSING_EXTENSION: return "missing_extension";
    case ALERT_UNSUPPORTED_EXTENSION: return "unsupported_extension";
    case 111: return "certificate_unobtainable";
    case ALERT_UNRECOGNIZED_NAME: return "unrecognized_name";
    case ALERT_BAD_CERTIFICATE_STATUS_RESPONSE: return "bad_certificate_status_response";
    case 114: return "bad_certificate_hash_value";
    case ALERT_UNKNOWN_PSK_IDENTITY: return "unknown_psk_identity";
    case ALERT_CERTIFICATE_REQUIRED: return "certificate_required";
    case ALERT_NO_APPLICATION_PROTOCOL: return "no_application_protocol";
    default: return "unknown";
    }
}
