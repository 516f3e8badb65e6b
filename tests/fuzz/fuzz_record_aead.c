/* fuzz_record_aead.c -- record_open on the AEAD framings (RFC 8446 5.2, RFC
 * 5246 6.2.3.3 with RFC 5288 / RFC 7905), with the null cipher of
 * fuzz_support.c so the fuzzer controls what is inside (padding, inner type,
 * explicit nonce, lengths). Records are cut from the input the way conn.c
 * cuts them (header, then 5 + length bytes), each opened from a heap copy of
 * exactly its size. What opens must lie inside the record, obey the limits,
 * and seal and open again to the same type and plaintext.
 * First byte: bits 0-1 the keys (none, TLS 1.3 AES-128-GCM, TLS 1.2 AES-GCM,
 * TLS 1.2 ChaCha20-Poly1305); bit 2: sequence number 2^64 - 2 (overflow on
 * the second record). The rest: records as received. */
#include <stdint.h>

#include "fuzz_support.h"
#include "fuzz_util.h"
#include "record/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void dir_make(record_dir *d, unsigned keys, bool encrypt)
{
    static const uint8_t key[32], iv[CRYPTO_AEAD_IV];
    memset(d, 0, sizeof *d);
    switch (keys) {
    case 1: FUZZ_CHECK(record_dir_set_tls13(d, AEAD_AES_128_GCM, key, iv, encrypt) == 0); break;
    case 2: FUZZ_CHECK(record_dir_set_tls12(d, AEAD_AES_128_GCM, key, iv, encrypt) == 0); break;
    case 3:
        FUZZ_CHECK(record_dir_set_tls12(d, AEAD_CHACHA20_POLY1305, key, iv, encrypt) == 0);
        break;
    default: break;
    }
}

static size_t max_fragment(unsigned keys)
{
    return keys == 0   ? RECORD_MAX_PLAINTEXT
           : keys == 1 ? RECORD_MAX_CIPHERTEXT_13
                       : RECORD_MAX_CIPHERTEXT_12;
}

/* Seals what opened and opens it again at the same sequence number. */
static void round_trip(unsigned keys, uint64_t seq, uint16_t version, uint8_t type,
                       const uint8_t *pt, size_t n)
{
    record_dir w, r;
    dir_make(&w, keys, true);
    dir_make(&r, keys, false);
    w.seq = r.seq = seq;
    writer out;
    writer_init_dynamic(&out, 0);
    FUZZ_CHECK(record_seal(&w, type, version, pt, n, &out) == WARD_OK);
    FUZZ_CHECK(writer_finish(&out) == WARD_OK);
    uint8_t type2, *pt2;
    size_t n2;
    FUZZ_CHECK(record_open(&r, out.p, out.len, &type2, &pt2, &n2) == WARD_OK);
    FUZZ_CHECK(type2 == type && fuzz_bytes_eq(pt2, n2, pt, n));
    writer_free(&out);
    record_dir_clear(&w);
    record_dir_clear(&r);
}

/* Opens one whole record; checks what came out. */
static int open_one(record_dir *d, unsigned keys, const uint8_t *in, size_t len)
{
    uint8_t *rec = malloc(len);
    FUZZ_CHECK(rec != NULL);
    memcpy(rec, in, len);
    uint64_t seq = d->seq;
    uint8_t type, *pt;
    size_t n;
    int rc = record_open(d, rec, len, &type, &pt, &n);
    if (rc == WARD_OK) {
        FUZZ_CHECK(pt >= rec + RECORD_HEADER_LEN && pt + n <= rec + len);
        FUZZ_CHECK(n <= RECORD_MAX_PLAINTEXT);
        FUZZ_CHECK(keys == 0 || d->seq == seq + 1);
        FUZZ_CHECK(keys != 1 || type != CT_CHANGE_CIPHER_SPEC);
        FUZZ_CHECK(n > 0 || (type != CT_HANDSHAKE && type != CT_ALERT));
        round_trip(keys, seq, (uint16_t)(in[1] << 8 | in[2]), type, pt, n);
    } else {
        FUZZ_CHECK(d->seq == seq);
    }
    free(rec);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    fuzz_cipher_real(0); /* (also links fuzz_support.c's null cipher in) */
    unsigned keys = data[0] & 3;
    record_dir d;
    dir_make(&d, keys, false);
    if (keys && (data[0] & 4))
        d.seq = UINT64_MAX - 1;
    const uint8_t *p = data + 1;
    size_t left = size - 1;
    for (int i = 0; i < 16; i++) {
        record_header h;
        if (record_header_parse(p, left, max_fragment(keys), &h) != WARD_OK)
            break;
        size_t len = RECORD_HEADER_LEN + (size_t)h.length;
        if (len > left || open_one(&d, keys, p, len) != WARD_OK)
            break;
        p += len;
        left -= len;
    }
    record_dir_clear(&d);
    return 0;
}
