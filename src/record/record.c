/* record.c -- record framing and TLS 1.3 record protection (RFC 8446 5). */
#include "record/record.h"

#include <string.h>

#include "base/mem.h"

static bool content_type_known(uint8_t type)
{
    switch (type) {
    case CT_CHANGE_CIPHER_SPEC:
    case CT_ALERT:
    case CT_HANDSHAKE:
    case CT_APPLICATION_DATA:
    case CT_HEARTBEAT: return true;
    default: return false;
    }
}

int record_header_parse(const uint8_t *buf, size_t len, size_t max_fragment, record_header *h)
{
    if (len < RECORD_HEADER_LEN)
        return WARD_WANT_READ;
    reader r = reader_of(buf, RECORD_HEADER_LEN);
    record_header out;
    TRY(reader_u8(&r, &out.type));
    TRY(reader_u16(&r, &out.version));
    TRY(reader_u16(&r, &out.length));
    /* RFC 8446 5: a record of an unexpected type MUST be answered with
     * unexpected_message. */
    ENSURE(content_type_known(out.type), WARD_E_BAD_RECORD_TYPE);
    /* Only the major version is checked: legacy_record_version is 0x0301 in a
     * first ClientHello and MUST be ignored otherwise (RFC 8446 5.1). */
    ENSURE((out.version >> 8) == 3, WARD_E_DECODE);
    /* RFC 8446 5.1/5.2: longer than allowed MUST be record_overflow. */
    ENSURE(out.length <= max_fragment, WARD_E_RECORD_OVERFLOW);
    *h = out;
    return WARD_OK;
}

int record_dir_set_tls13(record_dir *d, aead_alg alg, const uint8_t *key, const uint8_t *iv,
                         bool encrypt)
{
    aead_ctx *a = NULL;
    TRY(aead_new(alg, key, encrypt, &a));
    record_dir_clear(d);
    d->aead = a;
    d->alg = alg;
    memcpy(d->iv, iv, CRYPTO_AEAD_IV);
    /* RFC 8446 5.3: the sequence number is reset to zero whenever keys change. */
    d->seq = 0;
    return WARD_OK;
}

void record_dir_clear(record_dir *d)
{
    aead_free(d->aead);
    d->aead = NULL;
    d->alg = 0;
    mem_wipe(d->iv, sizeof d->iv);
    d->seq = 0;
}

/* RFC 8446 5.3: the 64-bit sequence number, big-endian and left-padded with
 * zeros to the IV length, XORed with the static IV. */
static void record_nonce(const record_dir *d, uint8_t nonce[CRYPTO_AEAD_IV])
{
    memcpy(nonce, d->iv, CRYPTO_AEAD_IV);
    uint64_t seq = d->seq;
    for (int i = CRYPTO_AEAD_IV - 1; i >= CRYPTO_AEAD_IV - 8; i--) {
        nonce[i] ^= (uint8_t)seq;
        seq >>= 8;
    }
}

/* RFC 8446 5.3: a sequence number MUST NOT wrap. The last value is kept unused
 * so the counter never reaches a state it cannot advance from. */
static int record_seq_check(const record_dir *d)
{
    return d->seq == UINT64_MAX ? WARD_E_SEQUENCE_OVERFLOW : WARD_OK;
}

/* RFC 8446 5.1/5.4: Handshake and Alert records MUST NOT be empty (a zero-length
 * TLSInnerPlaintext.content is unexpected_message); application data may be. */
static bool empty_forbidden(uint8_t type)
{
    return type == CT_HANDSHAKE || type == CT_ALERT;
}

int record_open(record_dir *d, uint8_t *rec, size_t rec_len, uint8_t *type, uint8_t **pt,
                size_t *pt_len)
{
    reader r = reader_of(rec, rec_len);
    uint8_t outer;
    uint16_t version, length;
    TRY(reader_u8(&r, &outer));
    TRY(reader_u16(&r, &version));
    TRY(reader_u16(&r, &length));
    ENSURE(reader_left(&r) == length, WARD_E_DECODE);
    /* From here rec is the caller's in-place buffer of a checked length: the
     * fragment starts right after the header and is `length` bytes long. */
    uint8_t *frag = rec + RECORD_HEADER_LEN;
    size_t frag_len = length;

    if (!record_dir_protected(d)) {
        ENSURE(content_type_known(outer), WARD_E_BAD_RECORD_TYPE);
        ENSURE(frag_len > 0 || !empty_forbidden(outer), WARD_E_EMPTY_RECORD);
        ENSURE(frag_len <= RECORD_MAX_PLAINTEXT, WARD_E_RECORD_OVERFLOW);
        *type = outer;
        *pt = frag;
        *pt_len = frag_len;
        return WARD_OK;
    }

    /* RFC 8446 5.2: the outer opaque_type of a protected record is always
     * application_data (CCS is handled by the caller before it calls here). */
    ENSURE(outer == CT_APPLICATION_DATA, WARD_E_UNEXPECTED_MESSAGE);
    /* RFC 8446 5.2: TLSCiphertext.length MUST NOT exceed 2^14 + 256. */
    ENSURE(frag_len <= RECORD_MAX_CIPHERTEXT_13, WARD_E_RECORD_OVERFLOW);
    /* Shorter than tag + content type: no authentic record is this short, so it
     * is reported as a record that failed authentication. */
    ENSURE(frag_len >= CRYPTO_AEAD_TAG + 1, WARD_E_BAD_RECORD_MAC);
    TRY(record_seq_check(d));

    uint8_t nonce[CRYPTO_AEAD_IV];
    record_nonce(d, nonce);
    /* RFC 8446 5.2: additional_data is the record header. */
    TRY(aead_open(d->aead, nonce, rec, RECORD_HEADER_LEN, frag, frag_len, frag));

    /* RFC 8446 5.4: the encoded TLSInnerPlaintext MUST NOT exceed 2^14 + 1. */
    size_t inner_len = frag_len - CRYPTO_AEAD_TAG;
    ENSURE(inner_len <= RECORD_MAX_PLAINTEXT + 1, WARD_E_RECORD_OVERFLOW);
    /* RFC 8446 5.4: the content type is the last non-zero byte; a plaintext
     * with none MUST be unexpected_message. Scan only what the AEAD returned. */
    size_t n = inner_len;
    while (n > 0 && frag[n - 1] == 0)
        n--;
    ENSURE(n > 0, WARD_E_UNEXPECTED_MESSAGE);
    uint8_t inner = frag[n - 1];
    n--;
    /* RFC 8446 5: a protected change_cipher_spec MUST be unexpected_message. */
    ENSURE(inner != CT_CHANGE_CIPHER_SPEC, WARD_E_UNEXPECTED_CCS);
    ENSURE(content_type_known(inner), WARD_E_BAD_RECORD_TYPE);
    ENSURE(n > 0 || !empty_forbidden(inner), WARD_E_EMPTY_RECORD);

    d->seq++;
    *type = inner;
    *pt = frag;
    *pt_len = n;
    return WARD_OK;
}

static int record_seal_plain(uint8_t type, uint16_t version, const uint8_t *pt, size_t n, writer *w)
{
    writer_u8(w, type);
    writer_u16(w, version);
    writer_u16(w, (uint16_t)n);
    writer_bytes(w, pt, n);
    return writer_finish(w);
}

int record_seal(record_dir *d, uint8_t type, uint16_t version, const uint8_t *pt, size_t n,
                writer *w)
{
    ENSURE(n <= RECORD_MAX_PLAINTEXT, WARD_E_INVALID_ARGUMENT);
    ENSURE(n == 0 || pt != NULL, WARD_E_INVALID_ARGUMENT);
    ENSURE(content_type_known(type), WARD_E_INVALID_ARGUMENT);
    /* RFC 8446 5.1: Handshake and Alert fragments MUST NOT be empty. */
    ENSURE(n > 0 || !empty_forbidden(type), WARD_E_INVALID_ARGUMENT);
    TRY(writer_finish(w));
    if (!record_dir_protected(d))
        return record_seal_plain(type, version, pt, n, w);

    /* TLS 1.3 never protects change_cipher_spec (RFC 8446 5). */
    ENSURE(type != CT_CHANGE_CIPHER_SPEC, WARD_E_INVALID_ARGUMENT);
    TRY(record_seq_check(d));

    /* TLSInnerPlaintext = content || type, no padding; the AEAD adds its tag. */
    size_t inner_len = n + 1;
    size_t ct_len = inner_len + CRYPTO_AEAD_TAG;
    uint8_t *rec = writer_space(w, RECORD_HEADER_LEN + ct_len);
    if (rec == NULL)
        return writer_finish(w) != WARD_OK ? writer_finish(w) : WARD_E_INTERNAL;

    /* RFC 8446 5.2: opaque_type 23, legacy_record_version 0x0303. */
    writer hdr;
    writer_init_fixed(&hdr, rec, RECORD_HEADER_LEN);
    writer_u8(&hdr, CT_APPLICATION_DATA);
    writer_u16(&hdr, 0x0303);
    writer_u16(&hdr, (uint16_t)ct_len);
    int rc = writer_finish(&hdr);

    /* The body is sealed in place in the space just reserved, of checked size. */
    uint8_t *body = rec + RECORD_HEADER_LEN;
    if (n)
        memmove(body, pt, n);
    body[n] = type;
    uint8_t nonce[CRYPTO_AEAD_IV];
    record_nonce(d, nonce);
    if (rc == WARD_OK)
        rc = aead_seal(d->aead, nonce, rec, RECORD_HEADER_LEN, body, inner_len, body);
    if (rc != WARD_OK) {
        /* Never leave plaintext in the output: wipe and give the space back. */
        mem_wipe(rec, RECORD_HEADER_LEN + ct_len);
        w->len -= RECORD_HEADER_LEN + ct_len;
        return rc;
    }
    d->seq++;
    return WARD_OK;
}

int record_seal_all(record_dir *d, uint8_t type, uint16_t version, const uint8_t *pt, size_t n,
                    writer *w)
{
    /* One record even when n == 0: an empty application_data record is legal
     * (RFC 8446 5.1); record_seal refuses empty handshake and alert records. */
    size_t off = 0;
    do {
        size_t chunk = n - off;
        if (chunk > RECORD_MAX_PLAINTEXT)
            chunk = RECORD_MAX_PLAINTEXT;
        TRY(record_seal(d, type, version, chunk ? pt + off : pt, chunk, w));
        off += chunk;
    } while (off < n);
    return WARD_OK;
}
