/* record_cbc.c -- TLS 1.2 CBC record protection: MAC-then-encrypt (RFC 5246
 * 6.2.3.1-2) with a constant-time padding and MAC check, and encrypt-then-MAC
 * (RFC 7366).
 *
 * What is constant time in opening a MAC-then-encrypt record, and what is not:
 * - Public, and branched on: the fragment length, the header, the sequence
 *   number, and the final verdict (the peer learns it from the alert anyway).
 * - Secret once decrypted: the plaintext, the padding length byte and hence the
 *   plaintext length n, the padding bytes and the received MAC. From decryption
 *   to the verdict nothing branches on them or uses them in an address: the
 *   padding check reads the last min(256, length) bytes whatever the padding
 *   length; the MAC is computed by cbc_mac_ct (the same hash compression calls
 *   and memory reads for every n the padding allows); the received MAC is
 *   gathered from every position it could start at and rotated into place with
 *   masks; the comparison is mem_ct_equal; padding-good and MAC-good are combined
 *   with masks into one verdict, and either failure is WARD_E_BAD_RECORD_MAC.
 * - Outside this: the AES-CBC decryption itself is libcrypto's (constant time
 *   with AES-NI, not with its table-based fallback); after a good verdict n is
 *   public (it is the plaintext length handed to the caller).
 * tests/unit/record_cbc_ct_test.c checks the middle point under valgrind
 * memcheck: through the hooks below it marks the decrypted bytes undefined, and
 * memcheck reports any branch or address that depends on them.
 */
#include "record/record_cbc.h"

#include <string.h>

#include "base/ct.h"
#include "base/mem.h"

void (*record_cbc_secret)(const void *p, size_t n);
void (*record_cbc_public)(const void *p, size_t n);

#define CBC_MAC_HDR_LEN 13
#define CBC_MAX_PADDING 256 /* padding_length (one byte) + 1 */

static void mark_secret(const void *p, size_t n)
{
    if (record_cbc_secret != NULL)
        record_cbc_secret(p, n);
}

static void mark_public(const void *p, size_t n)
{
    if (record_cbc_public != NULL)
        record_cbc_public(p, n);
}

int record_dir_set_tls12_cbc(record_dir *d, cbc_cipher c, hash_alg mac, const uint8_t *mac_key,
                             const uint8_t *enc_key, bool etm, bool encrypt)
{
    ENSURE(d != NULL, WARD_E_INVALID_ARGUMENT);
    cbc_ctx *x = NULL;
    TRY(cbc_new(c, mac, mac_key, enc_key, encrypt, &x));
    record_dir_clear(d);
    d->cbc = x;
    d->etm = etm;
    /* RFC 5246 6.1: sequence numbers are set to zero whenever a connection
     * state is made active. */
    d->seq = 0;
    d->framing = RECORD_FRAMING_TLS12_CBC;
    return WARD_OK;
}

static size_t round_block(size_t x)
{
    return (x + CRYPTO_CBC_BLOCK - 1) & ~(size_t)(CRYPTO_CBC_BLOCK - 1);
}

/* RFC 5246 6.2.3.1: MAC(MAC_write_key, seq_num + TLSCompressed.type +
 * TLSCompressed.version + TLSCompressed.length + TLSCompressed.fragment); this
 * is all but the fragment. len may be secret: it is only stored. */
static void cbc_mac_header(uint64_t seq, uint8_t type, uint16_t version, size_t len,
                           uint8_t hdr[CBC_MAC_HDR_LEN])
{
    for (int i = 7; i >= 0; i--) {
        hdr[i] = (uint8_t)seq;
        seq >>= 8;
    }
    hdr[8] = type;
    hdr[9] = (uint8_t)(version >> 8);
    hdr[10] = (uint8_t)version;
    hdr[11] = (uint8_t)(len >> 8);
    hdr[12] = (uint8_t)len;
}

size_t record_cbc_sealed_len(const record_dir *d, size_t n)
{
    size_t mac_len = cbc_ctx_mac_size(d->cbc);
    if (d->etm)
        return CRYPTO_CBC_BLOCK + round_block(n + 1) + mac_len;
    return CRYPTO_CBC_BLOCK + round_block(n + mac_len + 1);
}

/* RFC 5246 6.2.3.2: padding_length + 1 bytes, each holding padding_length, make
 * the body a whole number of blocks (minimal padding). Returns the new length. */
static size_t cbc_pad(uint8_t *body, size_t len)
{
    size_t total = round_block(len + 1);
    memset(body + len, (int)(total - len - 1), total - len);
    return total;
}

int record_cbc_seal(record_dir *d, uint8_t type, uint16_t version, const uint8_t *pt, size_t n,
                    uint8_t *frag)
{
    size_t mac_len = cbc_ctx_mac_size(d->cbc);
    uint8_t hdr[CBC_MAC_HDR_LEN];
    uint8_t *body = frag + CRYPTO_CBC_BLOCK;
    /* RFC 5246 6.2.3.2: the IV SHOULD be chosen at random, and MUST be
     * unpredictable. A fresh one per record. */
    TRY(cbc_next_iv(d->cbc, frag));
    if (n)
        memcpy(body, pt, n);
    if (!d->etm) {
        cbc_mac_header(d->seq, type, version, n, hdr);
        TRY(cbc_mac(d->cbc, hdr, sizeof hdr, body, n, body + n));
        size_t len = cbc_pad(body, n + mac_len);
        return cbc_encrypt(d->cbc, frag, body, len, body);
    }
    size_t len = cbc_pad(body, n);
    TRY(cbc_encrypt(d->cbc, frag, body, len, body));
    /* RFC 7366 3: MAC(MAC_write_key, seq_num + type + version + length + IV +
     * ENC(content + padding + padding_length)), length counting IV and ciphertext. */
    cbc_mac_header(d->seq, type, version, CRYPTO_CBC_BLOCK + len, hdr);
    return cbc_mac(d->cbc, hdr, sizeof hdr, frag, CRYPTO_CBC_BLOCK + len,
                   frag + CRYPTO_CBC_BLOCK + len);
}

/* RFC 5246 6.2.3.2: the receiver MUST check the padding. body has len bytes of
 * which `reserved` (the MAC) precede the padding. Returns all ones when it is
 * good, with *pad its length (else 0). Constant time: the last min(256, len)
 * bytes are read and compared whatever the padding length. */
static size_t cbc_check_padding(const uint8_t *body, size_t len, size_t reserved, size_t *pad)
{
    size_t p = body[len - 1];
    size_t good = ct_le_mask(p + 1 + reserved, len);
    size_t scan = len < CBC_MAX_PADDING ? len : CBC_MAX_PADDING;
    for (size_t i = 0; i < scan; i++) {
        size_t in_pad = ct_le_mask(ct_barrier(i), p);
        good &= ~(in_pad & ~ct_eq_mask(body[len - 1 - i], p));
    }
    *pad = p & good;
    return good;
}

/* Copies the mac_len bytes at secret offset n of body to out. Every byte from
 * `from` (the lowest n possible) to the end is read; the one at i lands in
 * rot[(i - from) % mac_len] when it belongs to the MAC, and the MAC's start,
 * r = (n - from) % mac_len, is picked up on the way. Then rot is rotated left by
 * r in log2(mac_len) masked steps: no address depends on n. */
static void cbc_extract_mac(const uint8_t *body, size_t len, size_t n, size_t from, size_t mac_len,
                            uint8_t *out)
{
    uint8_t rot[CRYPTO_MAX_HASH] = {0}, tmp[CRYPTO_MAX_HASH];
    size_t r = 0;
    for (size_t i = from, j = 0; i < len; i++) {
        size_t at = ct_barrier(i); /* compared with n: see ct_barrier */
        size_t in_mac = ct_ge_mask(at, n) & ct_lt_mask(at, n + mac_len);
        r |= j & ct_eq_mask(at, n);
        rot[j] |= (uint8_t)(body[i] & in_mac);
        j = j + 1 == mac_len ? 0 : j + 1;
    }
    for (size_t step = 1; step < mac_len; step <<= 1) {
        size_t take = ~ct_zero_mask(r & step);
        for (size_t k = 0; k < mac_len; k++)
            tmp[k] = rot[(k + step) % mac_len];
        for (size_t k = 0; k < mac_len; k++)
            rot[k] = ct_select_u8(take, tmp[k], rot[k]);
    }
    memcpy(out, rot, mac_len);
    mem_wipe(rot, sizeof rot);
    mem_wipe(tmp, sizeof tmp);
}

/* MAC-then-encrypt: IV || AES-CBC(plaintext || MAC || padding). */
static int cbc_open_mte(record_dir *d, uint8_t outer, uint16_t version, uint8_t *frag,
                        size_t frag_len, size_t *n_out)
{
    size_t mac_len = cbc_ctx_mac_size(d->cbc);
    /* No record of these keys has a partial block or is shorter than the IV and
     * one padded MAC: rejected on the (public) length alone. */
    ENSURE(frag_len % CRYPTO_CBC_BLOCK == 0 &&
               frag_len >= CRYPTO_CBC_BLOCK + round_block(mac_len + 1),
           WARD_E_BAD_RECORD_MAC);
    uint8_t *body = frag + CRYPTO_CBC_BLOCK;
    size_t len = frag_len - CRYPTO_CBC_BLOCK;
    TRY(cbc_decrypt(d->cbc, frag, body, len, body));
    mark_secret(body, len);

    size_t pad, n_max = len - mac_len - 1;
    size_t n_min = n_max >= CBC_MAX_PADDING ? n_max - (CBC_MAX_PADDING - 1) : 0;
    size_t good = cbc_check_padding(body, len, mac_len, &pad);
    size_t n = n_max - pad;
    uint8_t hdr[CBC_MAC_HDR_LEN], want[CRYPTO_MAX_HASH], got[CRYPTO_MAX_HASH];
    cbc_mac_header(d->seq, outer, version, n, hdr);
    int rc = cbc_mac_ct(d->cbc, hdr, sizeof hdr, body, n, n_min, n_max, want);
    cbc_extract_mac(body, len, n, n_min, mac_len, got);
    good &= (size_t)0 - (size_t)mem_ct_equal(want, got, mac_len);
    mem_wipe(hdr, sizeof hdr);
    mem_wipe(want, sizeof want);
    mem_wipe(got, sizeof got);
    mark_public(&good, sizeof good);
    if (rc != WARD_OK || !good) {
        mem_wipe(frag, frag_len); /* unauthenticated plaintext never stays */
        return rc != WARD_OK ? rc : WARD_E_BAD_RECORD_MAC;
    }
    mark_public(&n, sizeof n);
    *n_out = n;
    return WARD_OK;
}

/* Encrypt-then-MAC: IV || AES-CBC(plaintext || padding) || MAC. */
static int cbc_open_etm(record_dir *d, uint8_t outer, uint16_t version, uint8_t *frag,
                        size_t frag_len, size_t *n_out)
{
    size_t mac_len = cbc_ctx_mac_size(d->cbc);
    ENSURE(frag_len >= 2 * CRYPTO_CBC_BLOCK + mac_len &&
               (frag_len - mac_len) % CRYPTO_CBC_BLOCK == 0,
           WARD_E_BAD_RECORD_MAC);
    size_t enc_len = frag_len - mac_len;
    uint8_t hdr[CBC_MAC_HDR_LEN], want[CRYPTO_MAX_HASH];
    cbc_mac_header(d->seq, outer, version, enc_len, hdr);
    TRY(cbc_mac(d->cbc, hdr, sizeof hdr, frag, enc_len, want));
    /* RFC 7366 3: the MAC is checked before decryption; a record that fails
     * MUST be answered with bad_record_mac. */
    int mac_ok = mem_ct_equal(want, frag + enc_len, mac_len);
    mem_wipe(want, sizeof want);
    ENSURE(mac_ok, WARD_E_BAD_RECORD_MAC);

    uint8_t *body = frag + CRYPTO_CBC_BLOCK;
    size_t len = enc_len - CRYPTO_CBC_BLOCK;
    TRY(cbc_decrypt(d->cbc, frag, body, len, body));
    mark_secret(body, len);
    size_t pad;
    size_t good = cbc_check_padding(body, len, 0, &pad);
    mark_public(&good, sizeof good);
    if (!good) {
        mem_wipe(frag, frag_len);
        return WARD_E_BAD_RECORD_MAC;
    }
    size_t n = len - 1 - pad;
    mark_public(&n, sizeof n);
    *n_out = n;
    return WARD_OK;
}

int record_cbc_open(record_dir *d, uint8_t outer, uint16_t version, uint8_t *frag, size_t frag_len,
                    uint8_t *type, uint8_t **pt, size_t *pt_len)
{
    /* RFC 5246 6.2.3: TLSCiphertext.length MUST NOT exceed 2^14 + 2048. */
    ENSURE(frag_len <= RECORD_MAX_CIPHERTEXT_12, WARD_E_RECORD_OVERFLOW);
    size_t n = 0;
    TRY(d->etm ? cbc_open_etm(d, outer, version, frag, frag_len, &n)
               : cbc_open_mte(d, outer, version, frag, frag_len, &n));
    /* RFC 5246 6.2.1: TLSPlaintext.length MUST NOT exceed 2^14. */
    ENSURE(n <= RECORD_MAX_PLAINTEXT, WARD_E_RECORD_OVERFLOW);
    /* RFC 5246 6.2.1: zero-length fragments of Handshake, Alert or
     * ChangeCipherSpec MUST NOT be sent; application data may be empty. */
    ENSURE(n > 0 || outer == CT_APPLICATION_DATA, WARD_E_EMPTY_RECORD);
    d->seq++;
    *type = outer;
    *pt = frag + CRYPTO_CBC_BLOCK;
    *pt_len = n;
    return WARD_OK;
}
