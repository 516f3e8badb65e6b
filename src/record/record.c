/* record.c -- record framing and TLS 1.3 (RFC 8446 5) and TLS 1.2 AEAD (RFC 5246
 * 6.2.3.3, RFC 5288, RFC 7905) record protection. TLS 1.2 CBC protection is in
 * record_cbc.c. */
#include "record/record.h"

#include <string.h>

#include "base/mem.h"
#include "record/record_cbc.h"

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
    d->framing = RECORD_FRAMING_TLS13;
    return WARD_OK;
}

/* The write IV length of the key block: the GCM salt or the whole ChaCha IV. */
static size_t tls12_iv_len(aead_alg alg)
{
    switch (alg) {
    case AEAD_AES_128_GCM:
    case AEAD_AES_256_GCM: return RECORD_GCM_SALT_LEN;
    case AEAD_CHACHA20_POLY1305: return CRYPTO_AEAD_IV;
    default: return 0;
    }
}

int record_dir_set_tls12(record_dir *d, aead_alg alg, const uint8_t *key, const uint8_t *iv,
                         bool encrypt)
{
    size_t iv_len = tls12_iv_len(alg);
    ENSURE(iv_len != 0 && key != NULL && iv != NULL, WARD_E_INVALID_ARGUMENT);
    aead_ctx *a = NULL;
    TRY(aead_new(alg, key, encrypt, &a));
    record_dir_clear(d);
    d->aead = a;
    d->alg = alg;
    memcpy(d->iv, iv, iv_len);
    /* RFC 5246 6.1: sequence numbers are set to zero whenever a connection
     * state is made active. */
    d->seq = 0;
    d->framing = RECORD_FRAMING_TLS12;
    return WARD_OK;
}

void record_dir_clear(record_dir *d)
{
    aead_free(d->aead);
    d->aead = NULL;
    cbc_free(d->cbc);
    d->cbc = NULL;
    d->etm = false;
    d->alg = 0;
    mem_wipe(d->iv, sizeof d->iv);
    d->seq = 0;
    d->framing = RECORD_FRAMING_NONE;
}

static bool tls12_explicit_nonce(const record_dir *d)
{
    return d->alg == AEAD_AES_128_GCM || d->alg == AEAD_AES_256_GCM;
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

static void put_u64(uint8_t out[8], uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        out[i] = (uint8_t)v;
        v >>= 8;
    }
}

/* RFC 5246 6.2.3.3: additional_data = seq_num + TLSCompressed.type +
 * TLSCompressed.version + TLSCompressed.length (of the plaintext). */
#define TLS12_AAD_LEN 13
static void tls12_aad(uint64_t seq, uint8_t type, uint16_t version, size_t pt_len,
                      uint8_t aad[TLS12_AAD_LEN])
{
    put_u64(aad, seq);
    aad[8] = type;
    aad[9] = (uint8_t)(version >> 8);
    aad[10] = (uint8_t)version;
    aad[11] = (uint8_t)(pt_len >> 8);
    aad[12] = (uint8_t)pt_len;
}

/* RFC 8446 5.3 (and RFC 5246 6.1): a sequence number MUST NOT wrap. The last value is kept unused
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

/* RFC 8446 5.2 protection: outer type application_data, type and padding inside. */
static int record_open13(record_dir *d, uint8_t *rec, uint8_t outer, uint8_t *frag, size_t frag_len,
                         uint8_t *type, uint8_t **pt, size_t *pt_len)
{
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

/* RFC 5246 6.2.3.3 GenericAEADCipher: [nonce_explicit] || aead-ciphered content. */
static int record_open12(record_dir *d, uint8_t outer, uint16_t version, uint8_t *frag,
                         size_t frag_len, uint8_t *type, uint8_t **pt, size_t *pt_len)
{
    ENSURE(content_type_known(outer), WARD_E_BAD_RECORD_TYPE);
    /* RFC 5246 6.2.3: TLSCiphertext.length MUST NOT exceed 2^14 + 2048. */
    ENSURE(frag_len <= RECORD_MAX_CIPHERTEXT_12, WARD_E_RECORD_OVERFLOW);
    size_t explicit_len = tls12_explicit_nonce(d) ? RECORD_GCM_EXPLICIT_LEN : 0;
    /* Too short for the explicit nonce and the tag: it cannot be authentic. */
    ENSURE(frag_len >= explicit_len + CRYPTO_AEAD_TAG, WARD_E_BAD_RECORD_MAC);
    TRY(record_seq_check(d));

    uint8_t nonce[CRYPTO_AEAD_IV];
    if (explicit_len) {
        /* RFC 5288 3: nonce = salt || nonce_explicit, the latter as sent; the
         * receiver does not assume it equals the sequence number. */
        memcpy(nonce, d->iv, RECORD_GCM_SALT_LEN);
        memcpy(nonce + RECORD_GCM_SALT_LEN, frag, RECORD_GCM_EXPLICIT_LEN);
    } else {
        /* RFC 7905 2: the TLS 1.3-style nonce, IV XOR padded sequence number. */
        record_nonce(d, nonce);
    }
    uint8_t *body = frag + explicit_len;
    size_t body_len = frag_len - explicit_len;
    size_t n = body_len - CRYPTO_AEAD_TAG;
    uint8_t aad[TLS12_AAD_LEN];
    tls12_aad(d->seq, outer, version, n, aad);
    TRY(aead_open(d->aead, nonce, aad, sizeof aad, body, body_len, body));

    /* RFC 5246 6.2.1: TLSPlaintext.length MUST NOT exceed 2^14. */
    ENSURE(n <= RECORD_MAX_PLAINTEXT, WARD_E_RECORD_OVERFLOW);
    /* RFC 5246 6.2.1: zero-length fragments of Handshake, Alert or
     * ChangeCipherSpec MUST NOT be sent; application data may be empty. */
    ENSURE(n > 0 || outer == CT_APPLICATION_DATA, WARD_E_EMPTY_RECORD);

    d->seq++;
    *type = outer;
    *pt = body;
    *pt_len = n;
    return WARD_OK;
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
    switch (d->framing) {
    case RECORD_FRAMING_TLS13:
        return record_open13(d, rec, outer, frag, frag_len, type, pt, pt_len);
    case RECORD_FRAMING_TLS12:
        return record_open12(d, outer, version, frag, frag_len, type, pt, pt_len);
    case RECORD_FRAMING_TLS12_CBC:
        ENSURE(content_type_known(outer), WARD_E_BAD_RECORD_TYPE);
        TRY(record_seq_check(d));
        return record_cbc_open(d, outer, version, frag, frag_len, type, pt, pt_len);
    default: return WARD_E_INTERNAL;
    }
}

static int record_seal_plain(uint8_t type, uint16_t version, const uint8_t *pt, size_t n, writer *w)
{
    writer_u8(w, type);
    writer_u16(w, version);
    writer_u16(w, (uint16_t)n);
    writer_bytes(w, pt, n);
    return writer_finish(w);
}

/* Reserves a whole record of frag_len bytes after the header and writes the
 * header. On success *rec points at it; the caller fills the fragment. */
static int record_reserve(writer *w, uint8_t type, uint16_t version, size_t frag_len, uint8_t **rec)
{
    uint8_t *p = writer_space(w, RECORD_HEADER_LEN + frag_len);
    if (p == NULL)
        return writer_finish(w) != WARD_OK ? writer_finish(w) : WARD_E_INTERNAL;
    writer hdr;
    writer_init_fixed(&hdr, p, RECORD_HEADER_LEN);
    writer_u8(&hdr, type);
    writer_u16(&hdr, version);
    writer_u16(&hdr, (uint16_t)frag_len);
    int rc = writer_finish(&hdr);
    if (rc != WARD_OK) {
        w->len -= RECORD_HEADER_LEN + frag_len;
        return rc;
    }
    *rec = p;
    return WARD_OK;
}

/* Never leave plaintext in the output: wipe the record and give the space back. */
static void record_unreserve(writer *w, uint8_t *rec, size_t frag_len)
{
    mem_wipe(rec, RECORD_HEADER_LEN + frag_len);
    w->len -= RECORD_HEADER_LEN + frag_len;
}

static int record_seal13(record_dir *d, uint8_t type, const uint8_t *pt, size_t n, writer *w)
{
    /* TLS 1.3 never protects change_cipher_spec (RFC 8446 5). */
    ENSURE(type != CT_CHANGE_CIPHER_SPEC, WARD_E_INVALID_ARGUMENT);
    TRY(record_seq_check(d));

    /* TLSInnerPlaintext = content || type, no padding; the AEAD adds its tag. */
    size_t inner_len = n + 1;
    size_t ct_len = inner_len + CRYPTO_AEAD_TAG;
    uint8_t *rec;
    /* RFC 8446 5.2: opaque_type 23, legacy_record_version 0x0303. */
    TRY(record_reserve(w, CT_APPLICATION_DATA, 0x0303, ct_len, &rec));

    /* Sealed from pt straight into the space just reserved, of checked size. */
    uint8_t *body = rec + RECORD_HEADER_LEN;
    uint8_t nonce[CRYPTO_AEAD_IV];
    record_nonce(d, nonce);
    int rc = aead_seal_tail(d->aead, nonce, rec, RECORD_HEADER_LEN, pt, n, &type, 1, body);
    if (rc != WARD_OK) {
        record_unreserve(w, rec, ct_len);
        return rc;
    }
    d->seq++;
    return WARD_OK;
}

static int record_seal12(record_dir *d, uint8_t type, uint16_t version, const uint8_t *pt, size_t n,
                         writer *w)
{
    TRY(record_seq_check(d));
    size_t explicit_len = tls12_explicit_nonce(d) ? RECORD_GCM_EXPLICIT_LEN : 0;
    size_t frag_len = explicit_len + n + CRYPTO_AEAD_TAG;
    uint8_t *rec;
    TRY(record_reserve(w, type, version, frag_len, &rec));

    uint8_t *frag = rec + RECORD_HEADER_LEN;
    uint8_t nonce[CRYPTO_AEAD_IV];
    if (explicit_len) {
        /* RFC 5288 3: nonce_explicit MUST be distinct for each invocation under
         * one key; the sequence number is by construction. (OpenSSL counts up
         * from a random start instead: receivers take the nonce as sent.) */
        memcpy(nonce, d->iv, RECORD_GCM_SALT_LEN);
        put_u64(nonce + RECORD_GCM_SALT_LEN, d->seq);
        memcpy(frag, nonce + RECORD_GCM_SALT_LEN, RECORD_GCM_EXPLICIT_LEN);
    } else {
        record_nonce(d, nonce);
    }
    uint8_t *body = frag + explicit_len;
    uint8_t aad[TLS12_AAD_LEN];
    tls12_aad(d->seq, type, version, n, aad);
    int rc = aead_seal(d->aead, nonce, aad, sizeof aad, pt, n, body);
    if (rc != WARD_OK) {
        record_unreserve(w, rec, frag_len);
        return rc;
    }
    d->seq++;
    return WARD_OK;
}

/* RFC 5246 6.2.3.2 / RFC 7366: the fragment itself is built by record_cbc.c. */
static int record_seal_cbc(record_dir *d, uint8_t type, uint16_t version, const uint8_t *pt,
                           size_t n, writer *w)
{
    TRY(record_seq_check(d));
    size_t frag_len = record_cbc_sealed_len(d, n);
    uint8_t *rec;
    TRY(record_reserve(w, type, version, frag_len, &rec));
    int rc = record_cbc_seal(d, type, version, pt, n, rec + RECORD_HEADER_LEN);
    if (rc != WARD_OK) {
        record_unreserve(w, rec, frag_len);
        return rc;
    }
    d->seq++;
    return WARD_OK;
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
    switch (d->framing) {
    case RECORD_FRAMING_TLS13: return record_seal13(d, type, pt, n, w);
    case RECORD_FRAMING_TLS12:
        /* RFC 5246 6.2.1: no zero-length ChangeCipherSpec fragment either. */
        ENSURE(n > 0 || type == CT_APPLICATION_DATA, WARD_E_INVALID_ARGUMENT);
        return record_seal12(d, type, version, pt, n, w);
    case RECORD_FRAMING_TLS12_CBC:
        ENSURE(n > 0 || type == CT_APPLICATION_DATA, WARD_E_INVALID_ARGUMENT);
        return record_seal_cbc(d, type, version, pt, n, w);
    default: return WARD_E_INTERNAL;
    }
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
