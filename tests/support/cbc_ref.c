/* cbc_ref.c -- reference TLS 1.2 CBC records, built with libcrypto directly. */
#include "cbc_ref.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

static const EVP_MD *ref_md(hash_alg mac)
{
    switch (mac) {
    case HASH_SHA1: return EVP_sha1();
    case HASH_SHA256: return EVP_sha256();
    case HASH_SHA384: return EVP_sha384();
    default: fail_msg("no such MAC"); return NULL;
    }
}

static const EVP_CIPHER *ref_cipher(cbc_cipher c)
{
    return c == CBC_AES_128 ? EVP_aes_128_cbc() : EVP_aes_256_cbc();
}

static void put_hdr13(uint8_t h[13], uint64_t seq, uint8_t type, uint16_t version, size_t len)
{
    for (int i = 0; i < 8; i++)
        h[i] = (uint8_t)(seq >> (56 - 8 * i));
    h[8] = type;
    h[9] = (uint8_t)(version >> 8);
    h[10] = (uint8_t)version;
    h[11] = (uint8_t)(len >> 8);
    h[12] = (uint8_t)len;
}

void cbc_ref_hmac(hash_alg mac, const uint8_t *key, const uint8_t *hdr, size_t hdr_len,
                  const uint8_t *data, size_t len, uint8_t *out)
{
    uint8_t *buf = malloc(hdr_len + len + 1);
    assert_non_null(buf);
    memcpy(buf, hdr, hdr_len);
    if (len)
        memcpy(buf + hdr_len, data, len);
    unsigned int out_len = 0;
    assert_non_null(
        HMAC(ref_md(mac), key, (int)cbc_mac_size(mac), buf, hdr_len + len, out, &out_len));
    assert_int_equal(out_len, cbc_mac_size(mac));
    free(buf);
}

static void ref_cbc(const cbc_ref *k, int enc, const uint8_t *iv, const uint8_t *in, size_t len,
                    uint8_t *out)
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    assert_non_null(c);
    int l1 = 0, l2 = 0;
    assert_int_equal(EVP_CipherInit_ex(c, ref_cipher(k->cipher), NULL, k->enc_key, iv, enc), 1);
    assert_int_equal(EVP_CIPHER_CTX_set_padding(c, 0), 1);
    assert_int_equal(EVP_CipherUpdate(c, out, &l1, in, (int)len), 1);
    assert_int_equal(EVP_CipherFinal_ex(c, out + l1, &l2), 1);
    assert_int_equal((size_t)(l1 + l2), len);
    EVP_CIPHER_CTX_free(c);
}

cbc_ref_rec cbc_ref_rec_of(uint64_t seq, uint8_t type, const uint8_t *pt, size_t n)
{
    cbc_ref_rec r = {.seq = seq, .type = type, .version = 0x0303, .pt = pt, .n = n};
    for (int i = 0; i < 16; i++)
        r.iv[i] = (uint8_t)(0xc0 + i + seq);
    r.pad_len = -1;
    r.bad_pad_at = -1;
    r.last_byte = -1;
    return r;
}

/* plaintext [|| MAC] || padding, spoilt as asked; returns its length. */
static size_t ref_body(const cbc_ref *k, const cbc_ref_rec *r, uint8_t *body)
{
    size_t mac_len = cbc_mac_size(k->mac);
    size_t inner = r->n + (k->etm ? 0 : mac_len);
    size_t pad = r->pad_len >= 0 ? (size_t)r->pad_len : 15 - inner % 16;
    size_t body_len = inner + pad + 1;
    assert_int_equal(body_len % 16, 0);
    if (r->n)
        memcpy(body, r->pt, r->n);
    if (!k->etm) {
        uint8_t h[13];
        put_hdr13(h, r->seq, r->type, r->version, r->n);
        cbc_ref_hmac(k->mac, k->mac_key, h, 13, r->pt, r->n, body + r->n);
        if (r->bad_mac)
            body[r->n] ^= 0x01;
    }
    memset(body + inner, (int)pad, pad + 1);
    if (r->bad_pad_at >= 0)
        body[inner + (size_t)r->bad_pad_at] ^= 0x01;
    if (r->last_byte >= 0)
        body[body_len - 1] = (uint8_t)r->last_byte;
    return body_len;
}

size_t cbc_ref_seal(const cbc_ref *k, const cbc_ref_rec *r, uint8_t *out)
{
    size_t mac_len = cbc_mac_size(k->mac);
    uint8_t *body = malloc(r->n + 48 + 256 + 16);
    assert_non_null(body);
    size_t body_len = ref_body(k, r, body);
    out[0] = r->type;
    out[1] = (uint8_t)(r->version >> 8);
    out[2] = (uint8_t)r->version;
    memcpy(out + 5, r->iv, 16);
    ref_cbc(k, 1, r->iv, body, body_len, out + 5 + 16);
    free(body);
    size_t frag_len = 16 + body_len;
    if (k->etm) {
        uint8_t h[13];
        put_hdr13(h, r->seq, r->type, r->version, frag_len);
        cbc_ref_hmac(k->mac, k->mac_key, h, 13, out + 5, frag_len, out + 5 + frag_len);
        if (r->bad_mac)
            out[5 + frag_len] ^= 0x01;
        frag_len += mac_len;
    }
    out[3] = (uint8_t)(frag_len >> 8);
    out[4] = (uint8_t)frag_len;
    return 5 + frag_len;
}

/* The padding of body (len bytes, `reserved` of them before the padding for
 * the MAC): its padding_length, or -1 when it is malformed. */
static long ref_padding(const uint8_t *body, size_t len, size_t reserved)
{
    size_t pad = body[len - 1];
    if (pad + 1 + reserved > len)
        return -1;
    for (size_t i = 0; i <= pad; i++)
        if (body[len - 1 - i] != pad)
            return -1;
    return (long)pad;
}

static bool ref_mac_ok(const cbc_ref *k, const uint8_t h[13], const uint8_t *data, size_t len,
                       const uint8_t *mac)
{
    uint8_t want[48];
    cbc_ref_hmac(k->mac, k->mac_key, h, 13, data, len, want);
    return memcmp(want, mac, cbc_mac_size(k->mac)) == 0;
}

long cbc_ref_open(const cbc_ref *k, uint64_t seq, const uint8_t *rec, size_t rec_len, uint8_t *pt)
{
    size_t mac_len = cbc_mac_size(k->mac);
    if (rec_len < 5 || (size_t)(rec[3] << 8 | rec[4]) + 5 != rec_len)
        return -1;
    const uint8_t *frag = rec + 5;
    uint16_t version = (uint16_t)(rec[1] << 8 | rec[2]);
    size_t frag_len = rec_len - 5, enc_len = k->etm ? frag_len - mac_len : frag_len;
    if (frag_len < mac_len || enc_len < 32 || enc_len % 16 != 0)
        return -1;
    uint8_t h[13];
    put_hdr13(h, seq, rec[0], version, enc_len);
    if (k->etm && !ref_mac_ok(k, h, frag, enc_len, frag + enc_len))
        return -1;
    size_t len = enc_len - 16;
    uint8_t *body = malloc(len);
    assert_non_null(body);
    ref_cbc(k, 0, frag, frag + 16, len, body);
    size_t reserved = k->etm ? 0 : mac_len;
    long pad = ref_padding(body, len, reserved);
    long n = pad < 0 ? -1 : (long)(len - (size_t)pad - 1 - reserved);
    if (n >= 0 && !k->etm) {
        put_hdr13(h, seq, rec[0], version, (size_t)n);
        if (!ref_mac_ok(k, h, body, (size_t)n, body + n))
            n = -1;
    }
    if (n > 0)
        memcpy(pt, body, (size_t)n);
    free(body);
    return n;
}
