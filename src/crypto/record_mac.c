/* record_mac.c -- HMAC (RFC 2104) for TLS 1.2 CBC records, with the Lucky
 * Thirteen countermeasure that the MAC-then-encrypt check needs.
 *
 * Why libcrypto's low-level SHA functions here (SHA1/SHA256/SHA512_Transform and
 * the chaining value at the start of SHA_CTX / SHA256_CTX / SHA512_CTX: public
 * API, deprecated since OpenSSL 3.0 but present in every 3.x) rather than EVP:
 * in a MAC-then-encrypt record the MAC'd length n follows from the secret
 * padding length, and it sits in the first hashed block (the 13-byte header), so
 * each candidate n is a different hash from the start. Hashing hdr || data[0..n)
 * through EVP makes the work, the branches and the bytes read depend on n;
 * topping up with dummy blocks evens out the number of compression-function calls
 * but not the rest (the flaw "Lucky Microseconds" exploited). A MAC that is
 * constant-time in n needs the compression function itself: every block that a
 * candidate n could end in is built with masks (message byte, 0x80, zero, or the
 * length field), compressed, and the chaining value after the block that really
 * ends the message is kept with a mask. EVP gives no access to that. The
 * deprecation warnings are switched off for this file only.
 *
 * The same keyed states serve the ordinary MAC (sealing, and encrypt-then-MAC
 * where the MAC covers public ciphertext): a record MAC never allocates.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "crypto/record_mac.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "base/ct.h"
#include "base/mem.h"
#include "crypto/internal.h"

typedef union md_state {
    SHA_CTX sha1;
    SHA256_CTX sha256;
    SHA512_CTX sha512;
} md_state;

/* The chaining value is the first member of each context: the constant-time MAC
 * selects those bytes. */
_Static_assert(offsetof(SHA_CTX, h0) == 0 && offsetof(SHA_CTX, h4) == 16, "SHA_CTX layout");
_Static_assert(offsetof(SHA256_CTX, h) == 0, "SHA256_CTX layout");
_Static_assert(offsetof(SHA512_CTX, h) == 0, "SHA512_CTX layout");

struct record_mac {
    hash_alg alg;
    md_state inner; /* after the (key XOR ipad) block */
    md_state outer; /* after the (key XOR opad) block */
};

#define MD_MAX_BLOCK 128

typedef struct md_shape {
    size_t block;     /* bytes per compression-function call */
    unsigned shift;   /* log2(block) */
    size_t len_field; /* the bit length at the end of the last block */
    size_t chain;     /* bytes of chaining value at the start of the context */
    size_t out;       /* digest bytes */
} md_shape;

static const md_shape *md_shape_of(hash_alg alg)
{
    static const md_shape sha1 = {64, 6, 8, 20, 20};
    static const md_shape sha256 = {64, 6, 8, 32, 32};
    static const md_shape sha384 = {128, 7, 16, 64, 48};
    switch (alg) {
    case HASH_SHA1: return &sha1;
    case HASH_SHA256: return &sha256;
    case HASH_SHA384: return &sha384;
    default: return NULL;
    }
}

static bool md_init(hash_alg alg, md_state *s)
{
    switch (alg) {
    case HASH_SHA1: return SHA1_Init(&s->sha1) == 1;
    case HASH_SHA256: return SHA256_Init(&s->sha256) == 1;
    case HASH_SHA384: return SHA384_Init(&s->sha512) == 1;
    default: return false;
    }
}

static bool md_update(hash_alg alg, md_state *s, const void *p, size_t n)
{
    switch (alg) {
    case HASH_SHA1: return SHA1_Update(&s->sha1, p, n) == 1;
    case HASH_SHA256: return SHA256_Update(&s->sha256, p, n) == 1;
    case HASH_SHA384: return SHA384_Update(&s->sha512, p, n) == 1;
    default: return false;
    }
}

static bool md_final(hash_alg alg, md_state *s, uint8_t *out)
{
    switch (alg) {
    case HASH_SHA1: return SHA1_Final(out, &s->sha1) == 1;
    case HASH_SHA256: return SHA256_Final(out, &s->sha256) == 1;
    case HASH_SHA384: return SHA384_Final(out, &s->sha512) == 1;
    default: return false;
    }
}

/* One compression-function call on a whole block; no buffering, no counters. */
static void md_compress(hash_alg alg, md_state *s, const uint8_t *block)
{
    switch (alg) {
    case HASH_SHA1: SHA1_Transform(&s->sha1, block); break;
    case HASH_SHA256: SHA256_Transform(&s->sha256, block); break;
    case HASH_SHA384: SHA512_Transform(&s->sha512, block); break;
    default: break;
    }
}

static void put_be(uint8_t *out, uint64_t v, size_t bytes)
{
    for (size_t i = 0; i < bytes; i++)
        out[i] = (uint8_t)(v >> (8 * (bytes - 1 - i)));
}

/* The chaining value as a digest (big-endian words): what Final would output
 * had the padding already been hashed. */
static void md_export(hash_alg alg, const md_state *s, uint8_t *out)
{
    if (alg == HASH_SHA1) {
        const SHA_LONG h[5] = {s->sha1.h0, s->sha1.h1, s->sha1.h2, s->sha1.h3, s->sha1.h4};
        for (size_t i = 0; i < 5; i++)
            put_be(out + 4 * i, h[i], 4);
    } else if (alg == HASH_SHA256) {
        for (size_t i = 0; i < 8; i++)
            put_be(out + 4 * i, s->sha256.h[i], 4);
    } else if (alg == HASH_SHA384) {
        for (size_t i = 0; i < 6; i++)
            put_be(out + 8 * i, s->sha512.h[i], 8);
    }
}

/* RFC 2104: the state after hashing the key, zero-padded to a block, XOR pad. */
static bool md_keyed(hash_alg alg, md_state *s, const uint8_t *key, size_t key_len,
                     uint8_t pad_byte)
{
    const md_shape *sh = md_shape_of(alg);
    uint8_t block[MD_MAX_BLOCK];
    memset(block, pad_byte, sh->block);
    for (size_t i = 0; i < key_len; i++)
        block[i] ^= key[i];
    bool ok = md_init(alg, s) && md_update(alg, s, block, sh->block);
    mem_wipe(block, sizeof block);
    return ok;
}

int record_mac_new(hash_alg alg, const uint8_t *key, size_t key_len, record_mac **out)
{
    ENSURE(out != NULL, WARD_E_INVALID_ARGUMENT);
    *out = NULL;
    const md_shape *sh = md_shape_of(alg);
    /* TLS MAC keys are as long as the digest, so never longer than a block. */
    ENSURE(sh != NULL && key != NULL && key_len <= sh->block, WARD_E_INVALID_ARGUMENT);
    record_mac *m = calloc(1, sizeof *m);
    ENSURE(m != NULL, WARD_E_NOMEM);
    m->alg = alg;
    if (!md_keyed(alg, &m->inner, key, key_len, 0x36) ||
        !md_keyed(alg, &m->outer, key, key_len, 0x5c)) {
        record_mac_free(m);
        return crypto_fail(WARD_E_CRYPTO);
    }
    *out = m;
    return WARD_OK;
}

void record_mac_free(record_mac *m)
{
    mem_free_secret(m, sizeof *m);
}

/* The outer hash over the inner digest, then everything on the stack wiped. */
static int mac_finish(const record_mac *m, bool ok, md_state *s, uint8_t *inner, uint8_t *out)
{
    md_state o = m->outer;
    size_t out_len = md_shape_of(m->alg)->out;
    ok = ok && md_update(m->alg, &o, inner, out_len) && md_final(m->alg, &o, out);
    mem_wipe(&o, sizeof o);
    mem_wipe(s, sizeof *s);
    mem_wipe(inner, CRYPTO_MAX_HASH);
    return ok ? WARD_OK : crypto_fail(WARD_E_CRYPTO);
}

int record_mac_plain(const record_mac *m, const uint8_t *hdr, size_t hdr_len, const uint8_t *data,
                     size_t len, uint8_t *out)
{
    ENSURE(m != NULL && (hdr != NULL || hdr_len == 0) && (data != NULL || len == 0) && out != NULL,
           WARD_E_INVALID_ARGUMENT);
    md_state s = m->inner;
    uint8_t inner[CRYPTO_MAX_HASH];
    bool ok = md_update(m->alg, &s, hdr, hdr_len) && md_update(m->alg, &s, data, len) &&
              md_final(m->alg, &s, inner);
    return mac_finish(m, ok, &s, inner, out);
}

/* ---- constant time in the message length ---- */

/* The message hdr || data[0..n) with n secret. */
typedef struct ct_msg {
    const uint8_t *hdr;
    size_t hdr_len;
    const uint8_t *data;
    size_t avail;          /* public: data[0..avail) may be read (n_max) */
    size_t len;            /* secret: hdr_len + n */
    uint8_t len_field[16]; /* secret: the hashed bit length, key block included */
} ct_msg;

/* Byte p of hdr || data[0..avail), zero past it; p is public. */
static uint8_t ct_msg_byte(const ct_msg *m, size_t p)
{
    if (p < m->hdr_len)
        return m->hdr[p];
    p -= m->hdr_len;
    return p < m->avail ? m->data[p] : 0;
}

/* Block k of the message as padded for its secret length: message bytes below
 * m->len, 0x80 at m->len, zeros after, and, when is_final is all ones, the
 * length field in the last bytes. The same loads and operations for any len. */
static void ct_block(const md_shape *sh, const ct_msg *m, size_t k, size_t is_final, uint8_t *blk)
{
    size_t tail = sh->block - sh->len_field;
    for (size_t j = 0; j < sh->block; j++) {
        size_t p = k * sh->block + j, at = ct_barrier(p); /* see ct_barrier */
        size_t b = ct_msg_byte(m, p) & ct_lt_mask(at, m->len);
        b |= 0x80 & ct_eq_mask(at, m->len);
        if (j >= tail)
            b |= m->len_field[j - tail] & is_final;
        blk[j] = (uint8_t)b;
    }
}

/* keep = mask ? s : keep, over the chaining value only. */
static void ct_keep_chain(const md_shape *sh, md_state *keep, const md_state *s, size_t mask)
{
    unsigned char *d = (unsigned char *)keep;
    const unsigned char *src = (const unsigned char *)s;
    for (size_t i = 0; i < sh->chain; i++)
        d[i] = ct_select_u8(mask, src[i], d[i]);
}

/* The blocks before `first` hold message bytes whatever n is: hashed as they
 * are (public length). Every block from `first` to the last block of the longest
 * candidate is built with masks and compressed; the chaining value after the
 * block that ends the real message (final_k, secret) is kept. n must lie in
 * [n_min, n_max]: it is not checked, since checking would branch on it. */
int record_mac_ct(const record_mac *m, const uint8_t *hdr, size_t hdr_len, const uint8_t *data,
                  size_t n, size_t n_min, size_t n_max, uint8_t *out)
{
    const md_shape *sh = m != NULL ? md_shape_of(m->alg) : NULL;
    ENSURE(sh != NULL && hdr != NULL && hdr_len < sh->block && (data != NULL || n_max == 0) &&
               n_min <= n_max && out != NULL,
           WARD_E_INVALID_ARGUMENT);
    ct_msg msg = {hdr, hdr_len, data, n_max, hdr_len + n, {0}};
    uint64_t bits = (uint64_t)(sh->block + msg.len) * 8;
    put_be(msg.len_field + sh->len_field - 8, bits, 8);
    size_t first = (hdr_len + n_min) >> sh->shift;
    size_t last = (hdr_len + n_max + sh->len_field) >> sh->shift;
    size_t final_k = (msg.len + sh->len_field) >> sh->shift;

    md_state s = m->inner, keep = m->inner;
    bool ok = first == 0 || (md_update(m->alg, &s, hdr, hdr_len) &&
                             md_update(m->alg, &s, data, first * sh->block - hdr_len));
    uint8_t blk[MD_MAX_BLOCK];
    for (size_t k = first; ok && k <= last; k++) {
        size_t is_final = ct_eq_mask(k, final_k);
        ct_block(sh, &msg, k, is_final, blk);
        md_compress(m->alg, &s, blk);
        ct_keep_chain(sh, &keep, &s, is_final);
    }
    uint8_t inner[CRYPTO_MAX_HASH];
    md_export(m->alg, &keep, inner);
    mem_wipe(blk, sizeof blk);
    mem_wipe(&keep, sizeof keep);
    mem_wipe(&msg, sizeof msg);
    return mac_finish(m, ok, &s, inner, out);
}
