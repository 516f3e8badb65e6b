/* fuzz_record_cbc.c -- opening TLS 1.2 CBC records (src/record/record_cbc.c)
 * under fixed keys, MAC-then-encrypt and encrypt-then-MAC.
 *
 * data[0]: bits 0-1 the MAC (SHA-1, SHA-256, SHA-384; 3 wraps to SHA-1), bit 2
 * AES-256 instead of AES-128, bit 3 encrypt-then-MAC, bit 4 the mode, bits 5-7
 * the content type (mode 1). Mode 0: data[1] is the outer type and the rest the
 * fragment as received; no MAC can be forged, so it never opens, and the error
 * is one a CBC record may give. Mode 1: data[1..2] is a plaintext length n and
 * the rest a decrypted body chosen by the fuzzer: the harness puts the right MAC
 * for the first n bytes where it belongs and encrypts, so only the padding
 * decides. The record must then open exactly when a plain (not constant-time)
 * reading of RFC 5246 6.2.3.2 says the padding is well formed (and, with
 * MAC-then-encrypt, leaves the plaintext at n bytes), with the same plaintext. */
#include <stdlib.h>

#include "fuzz_util.h"
#include "record/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t MAC_KEY[48] = {0x6d, 0x61, 0x63, 0x2d, 0x6b, 0x65, 0x79, 0x01, 0x02, 0x03};
static const uint8_t ENC_KEY[32] = {0x65, 0x6e, 0x63, 0x2d, 0x6b, 0x65, 0x79, 0x04, 0x05, 0x06};
static const uint8_t IV[16] = {0xa5, 0xa5, 0xa5, 0xa5, 0x5a, 0x5a, 0x5a, 0x5a};

#define N_SUITES 16    /* data[0] & 0x0f */
#define MAX_BODY 20000 /* past 2^14 + 2048, below the 16-bit record length */

typedef struct suite {
    record_dir rd; /* read direction, sequence number reset for each input */
    cbc_ctx *enc;  /* builds mode 1 records */
    hash_alg mac;
    bool etm;
} suite;

static suite suites[N_SUITES];

static suite *suite_of(uint8_t sel)
{
    static bool ready;
    static const hash_alg macs[] = {HASH_SHA1, HASH_SHA256, HASH_SHA384, HASH_SHA1};
    if (!ready) {
        for (size_t i = 0; i < N_SUITES; i++) {
            suite *s = &suites[i];
            cbc_cipher c = (i & 4) ? CBC_AES_256 : CBC_AES_128;
            s->mac = macs[i & 3];
            s->etm = (i & 8) != 0;
            FUZZ_CHECK(record_dir_set_tls12_cbc(&s->rd, c, s->mac, MAC_KEY, ENC_KEY, s->etm,
                                                false) == WARD_OK);
            FUZZ_CHECK(cbc_new(c, s->mac, MAC_KEY, ENC_KEY, true, &s->enc) == WARD_OK);
        }
        ready = true;
    }
    suite *s = &suites[sel & 0x0f];
    s->rd.seq = 0;
    return s;
}

static void put_header(uint8_t *rec, uint8_t type, size_t frag_len)
{
    rec[0] = type;
    rec[1] = 3;
    rec[2] = 3;
    rec[3] = (uint8_t)(frag_len >> 8);
    rec[4] = (uint8_t)frag_len;
}

static void mode_raw(suite *s, uint8_t outer, const uint8_t *frag, size_t len)
{
    uint8_t *rec = malloc(5 + len + 1);
    FUZZ_CHECK(rec != NULL);
    put_header(rec, outer, len);
    if (len)
        memcpy(rec + 5, frag, len);
    uint8_t type, *pt;
    size_t n;
    int rc = record_open(&s->rd, rec, 5 + len, &type, &pt, &n);
    FUZZ_CHECK(rc == WARD_E_BAD_RECORD_MAC || rc == WARD_E_RECORD_OVERFLOW ||
               rc == WARD_E_BAD_RECORD_TYPE);
    FUZZ_CHECK(s->rd.seq == 0);
    free(rec);
}

/* RFC 5246 6.2.3.2 read plainly: the plaintext length, or -1 when the padding
 * of body (len bytes, `reserved` of them for the MAC) is malformed. */
static long plain_padding_check(const uint8_t *body, size_t len, size_t reserved)
{
    size_t pad = body[len - 1];
    if (pad + 1 + reserved > len)
        return -1;
    for (size_t i = 0; i <= pad; i++)
        if (body[len - 1 - i] != pad)
            return -1;
    return (long)(len - pad - 1 - reserved);
}

/* The 13-byte MAC header of RFC 5246 6.2.3.1 at sequence number 0. */
static void mac_header(uint8_t type, size_t len, uint8_t hdr[13])
{
    memset(hdr, 0, 8);
    hdr[8] = type;
    hdr[9] = 3;
    hdr[10] = 3;
    hdr[11] = (uint8_t)(len >> 8);
    hdr[12] = (uint8_t)len;
}

/* Builds the record for mode 1 in rec: IV || E(body) [|| MAC]; body (len bytes,
 * a whole number of blocks) already holds the MAC-then-encrypt MAC. Returns the
 * fragment length. */
static size_t seal_body(suite *s, uint8_t type, const uint8_t *body, size_t len, uint8_t *rec)
{
    uint8_t *frag = rec + 5;
    memcpy(frag, IV, 16);
    FUZZ_CHECK(cbc_encrypt(s->enc, IV, body, len, frag + 16) == WARD_OK);
    size_t frag_len = 16 + len;
    if (s->etm) {
        uint8_t hdr[13];
        mac_header(type, frag_len, hdr);
        FUZZ_CHECK(cbc_mac(s->enc, hdr, 13, frag, frag_len, frag + frag_len) == WARD_OK);
        frag_len += cbc_mac_size(s->mac);
    }
    put_header(rec, type, frag_len);
    return frag_len;
}

/* What record_open must answer for this body, by the plain reading. */
static int expected(const suite *s, uint8_t type, const uint8_t *body, size_t len, size_t frag_len,
                    size_t n, long *n_ref)
{
    if (frag_len > RECORD_MAX_CIPHERTEXT_12)
        return WARD_E_RECORD_OVERFLOW;
    *n_ref = plain_padding_check(body, len, s->etm ? 0 : cbc_mac_size(s->mac));
    if (*n_ref < 0 || (!s->etm && (size_t)*n_ref != n))
        return WARD_E_BAD_RECORD_MAC;
    if (*n_ref > (long)RECORD_MAX_PLAINTEXT)
        return WARD_E_RECORD_OVERFLOW;
    if (*n_ref == 0 && type != CT_APPLICATION_DATA)
        return WARD_E_EMPTY_RECORD;
    return WARD_OK;
}

static void mode_body(suite *s, uint8_t type, size_t n, const uint8_t *in, size_t in_len)
{
    size_t mac = s->etm ? 0 : cbc_mac_size(s->mac);
    n = n <= in_len ? n : in_len;
    size_t rest = in_len - n, len = (n + mac + (rest ? rest : 1) + 15) / 16 * 16;
    uint8_t *body = calloc(1, len), *rec = malloc(5 + 16 + len + 48);
    FUZZ_CHECK(body != NULL && rec != NULL);
    memcpy(body, in, n);
    if (!s->etm) {
        uint8_t hdr[13];
        mac_header(type, n, hdr);
        FUZZ_CHECK(cbc_mac(s->enc, hdr, 13, in, n, body + n) == WARD_OK);
    }
    memcpy(body + n + mac, in + n, rest);
    size_t frag_len = seal_body(s, type, body, len, rec);

    long n_ref = -1;
    int want = expected(s, type, body, len, frag_len, n, &n_ref);
    uint8_t got_type, *pt;
    size_t got_n;
    int rc = record_open(&s->rd, rec, 5 + frag_len, &got_type, &pt, &got_n);
    FUZZ_CHECK(rc == want);
    if (rc == WARD_OK) {
        FUZZ_CHECK(got_type == type && got_n == (size_t)n_ref && s->rd.seq == 1);
        FUZZ_CHECK(got_n == 0 || memcmp(pt, body, got_n) == 0);
    }
    free(body);
    free(rec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3 || size > 3 + MAX_BODY)
        return 0;
    suite *s = suite_of(data[0]);
    if ((data[0] & 0x10) == 0)
        mode_raw(s, data[1], data + 2, size - 2);
    else
        mode_body(s, (uint8_t)(CT_CHANGE_CIPHER_SPEC + (data[0] >> 5) % 5),
                  (size_t)(data[1] << 8 | data[2]), data + 3, size - 3);
    return 0;
}
