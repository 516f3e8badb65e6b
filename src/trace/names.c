/* names.c -- the name tables (IANA TLS parameters registry spellings). */
#include "trace/names.h"

#include <stddef.h>

#include "msg/msg.h"
#include "ward.h"

struct name16 {
    uint16_t code;
    const char *name;
};

static const char *lookup16(const struct name16 *t, size_t n, uint16_t code)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].code == code)
            return t[i].name;
    return NULL;
}

#define LOOKUP(table, code) lookup16(table, sizeof table / sizeof table[0], code)

static const struct name16 suites[] = {
    {0x1301, "TLS_AES_128_GCM_SHA256"},
    {0x1302, "TLS_AES_256_GCM_SHA384"},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256"},
    {0x1304, "TLS_AES_128_CCM_SHA256"},
    {0x1305, "TLS_AES_128_CCM_8_SHA256"},
    {0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
    {0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
    {0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
    {0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
    {0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    {0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
    {0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    {0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
    {0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"},
    {0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
    {0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"},
    {0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
    {0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"},
    {0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"},
    {0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"},
    {0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"},
    {0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"},
    {0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"},
    {0xc0ad, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM"},
    {0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"},
    {0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256"},
    {0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384"},
    {0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256"},
    {0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256"},
    {0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA"},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"},
    {0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0x0005, "TLS_RSA_WITH_RC4_128_SHA"},
    {0x0004, "TLS_RSA_WITH_RC4_128_MD5"},
    {0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5"},
    {0x0000, "TLS_NULL_WITH_NULL_NULL"},
    {0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"},
    {0x5600, "TLS_FALLBACK_SCSV"},
};

static const struct name16 groups[] = {
    {0x0017, "secp256r1"},
    {0x0018, "secp384r1"},
    {0x0019, "secp521r1"},
    {0x001d, "x25519"},
    {0x001e, "x448"},
    {0x0100, "ffdhe2048"},
    {0x0101, "ffdhe3072"},
    {0x0102, "ffdhe4096"},
    {0x0103, "ffdhe6144"},
    {0x0104, "ffdhe8192"},
    {0x11eb, "SecP256r1MLKEM768"},
    {0x11ec, "X25519MLKEM768"},
    {0x11ed, "SecP384r1MLKEM1024"},
    {0x6399, "X25519Kyber768Draft00"},
};

static const struct name16 sigschemes[] = {
    {0x0401, "rsa_pkcs1_sha256"},
    {0x0501, "rsa_pkcs1_sha384"},
    {0x0601, "rsa_pkcs1_sha512"},
    {0x0403, "ecdsa_secp256r1_sha256"},
    {0x0503, "ecdsa_secp384r1_sha384"},
    {0x0603, "ecdsa_secp521r1_sha512"},
    {0x0804, "rsa_pss_rsae_sha256"},
    {0x0805, "rsa_pss_rsae_sha384"},
    {0x0806, "rsa_pss_rsae_sha512"},
    {0x0807, "ed25519"},
    {0x0808, "ed448"},
    {0x0809, "rsa_pss_pss_sha256"},
    {0x080a, "rsa_pss_pss_sha384"},
    {0x080b, "rsa_pss_pss_sha512"},
    {0x0201, "rsa_pkcs1_sha1"},
    {0x0203, "ecdsa_sha1"},
    {0x0101, "rsa_pkcs1_md5"},
    {0x0402, "dsa_sha256"},
};

static const struct name16 extensions[] = {
    {EXT_SERVER_NAME, "server_name"},
    {EXT_MAX_FRAGMENT_LENGTH, "max_fragment_length"},
    {EXT_STATUS_REQUEST, "status_request"},
    {EXT_SUPPORTED_GROUPS, "supported_groups"},
    {EXT_EC_POINT_FORMATS, "ec_point_formats"},
    {EXT_SIGNATURE_ALGORITHMS, "signature_algorithms"},
    {EXT_USE_SRTP, "use_srtp"},
    {EXT_HEARTBEAT, "heartbeat"},
    {EXT_ALPN, "application_layer_protocol_negotiation"},
    {EXT_SCT, "signed_certificate_timestamp"},
    {EXT_PADDING, "padding"},
    {EXT_ENCRYPT_THEN_MAC, "encrypt_then_mac"},
    {EXT_EXTENDED_MASTER_SECRET, "extended_master_secret"},
    {EXT_COMPRESS_CERTIFICATE, "compress_certificate"},
    {EXT_RECORD_SIZE_LIMIT, "record_size_limit"},
    {EXT_SESSION_TICKET, "session_ticket"},
    {EXT_PRE_SHARED_KEY, "pre_shared_key"},
    {EXT_EARLY_DATA, "early_data"},
    {EXT_SUPPORTED_VERSIONS, "supported_versions"},
    {EXT_COOKIE, "cookie"},
    {EXT_PSK_KEY_EXCHANGE_MODES, "psk_key_exchange_modes"},
    {EXT_CERTIFICATE_AUTHORITIES, "certificate_authorities"},
    {EXT_POST_HANDSHAKE_AUTH, "post_handshake_auth"},
    {EXT_SIGNATURE_ALGORITHMS_CERT, "signature_algorithms_cert"},
    {EXT_KEY_SHARE, "key_share"},
    {17513, "application_settings"},
    {0xfe0d, "encrypted_client_hello"},
    {EXT_RENEGOTIATION_INFO, "renegotiation_info"},
};

static const struct name16 alerts[] = {
    {0, "Close Notify"},
    {10, "Unexpected Message"},
    {20, "Bad Record MAC"},
    {21, "Decryption Failed"},
    {22, "Record Overflow"},
    {30, "Decompression Failure"},
    {40, "Handshake Failure"},
    {41, "No Certificate"},
    {42, "Bad Certificate"},
    {43, "Unsupported Certificate"},
    {44, "Certificate Revoked"},
    {45, "Certificate Expired"},
    {46, "Certificate Unknown"},
    {47, "Illegal Parameter"},
    {48, "Unknown CA"},
    {49, "Access Denied"},
    {50, "Decode Error"},
    {51, "Decrypt Error"},
    {60, "Export Restriction"},
    {70, "Protocol Version"},
    {71, "Insufficient Security"},
    {80, "Internal Error"},
    {86, "Inappropriate Fallback"},
    {90, "User Canceled"},
    {100, "No Renegotiation"},
    {109, "Missing Extension"},
    {110, "Unsupported Extension"},
    {111, "Certificate Unobtainable"},
    {112, "Unrecognized Name"},
    {113, "Bad Certificate Status Response"},
    {114, "Bad Certificate Hash Value"},
    {115, "Unknown PSK Identity"},
    {116, "Certificate Required"},
    {120, "No Application Protocol"},
};

static const struct name16 handshakes[] = {
    {HS_HELLO_REQUEST, "Hello Request"},
    {HS_CLIENT_HELLO, "Client Hello"},
    {HS_SERVER_HELLO, "Server Hello"},
    {3, "Hello Verify Request"},
    {HS_NEW_SESSION_TICKET, "New Session Ticket"},
    {HS_END_OF_EARLY_DATA, "End of Early Data"},
    {HS_ENCRYPTED_EXTENSIONS, "Encrypted Extensions"},
    {HS_CERTIFICATE, "Certificate"},
    {HS_SERVER_KEY_EXCHANGE, "Server Key Exchange"},
    {HS_CERTIFICATE_REQUEST, "Certificate Request"},
    {HS_SERVER_HELLO_DONE, "Server Hello Done"},
    {HS_CERTIFICATE_VERIFY, "Certificate Verify"},
    {HS_CLIENT_KEY_EXCHANGE, "Client Key Exchange"},
    {HS_FINISHED, "Finished"},
    {22, "Certificate Status"},
    {HS_KEY_UPDATE, "Key Update"},
    {HS_MESSAGE_HASH, "Message Hash"},
};

const char *name_suite(uint16_t suite)
{
    if (grease_value(suite))
        return "Reserved (GREASE)";
    const char *n = LOOKUP(suites, suite);
    return n ? n : "Unknown";
}

const char *name_group(uint16_t group)
{
    if (grease_value(group))
        return "Reserved (GREASE)";
    const char *n = LOOKUP(groups, group);
    return n ? n : "Unknown";
}

const char *name_sigscheme(uint16_t scheme)
{
    const char *n = LOOKUP(sigschemes, scheme);
    return n ? n : "Unknown";
}

const char *name_extension(uint16_t type)
{
    if (grease_value(type))
        return "Reserved (GREASE)";
    const char *n = LOOKUP(extensions, type);
    return n ? n : "Unknown";
}

const char *name_version(uint16_t version)
{
    switch (version) {
    case 0x0300: return "SSL 3.0";
    case VERSION_TLS10: return "TLS 1.0";
    case VERSION_TLS11: return "TLS 1.1";
    case VERSION_TLS12: return "TLS 1.2";
    case VERSION_TLS13: return "TLS 1.3";
    default: return grease_value(version) ? "Reserved (GREASE)" : "Unknown";
    }
}

const char *name_handshake(uint8_t type)
{
    const char *n = LOOKUP(handshakes, type);
    return n ? n : "Unknown";
}

const char *name_content_type(uint8_t type)
{
    switch (type) {
    case 20: return "Change Cipher Spec";
    case 21: return "Alert";
    case 22: return "Handshake";
    case 23: return "Application Data";
    case 24: return "Heartbeat";
    default: return "Unknown";
    }
}

const char *name_alert(uint8_t description)
{
    const char *n = LOOKUP(alerts, description);
    return n ? n : "Unknown";
}

const char *name_alert_level(uint8_t level)
{
    switch (level) {
    case 1: return "Warning";
    case 2: return "Fatal";
    default: return "Unknown";
    }
}

/* The public names use the IANA spelling and "unknown", as ward.h promises. */
const char *ward_suite_name(uint16_t suite)
{
    const char *n = grease_value(suite) ? NULL : LOOKUP(suites, suite);
    return n ? n : "unknown";
}

const char *ward_group_name(uint16_t group)
{
    const char *n = grease_value(group) ? NULL : LOOKUP(groups, group);
    return n ? n : "unknown";
}
