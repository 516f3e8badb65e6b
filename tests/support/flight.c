/* flight.c -- records <-> handshake messages, with TLS 1.3 protection. */
#include "flight.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/mem.h"

#define OK(x) assert_int_equal((x), WARD_OK)

void flight_keys_init(flight_keys *k, const suite_info *si, const uint8_t *secret, uint64_t seq)
{
    uint8_t key[CRYPTO_MAX_KEY], iv[CRYPTO_AEAD_IV];
    memset(k, 0, sizeof *k);
    assert_non_null(si);
    OK(ks_traffic_keys(si->hash, si->aead, secret, key, iv));
    OK(record_dir_set_tls13(&k->open, si->aead, key, iv, false));
    OK(record_dir_set_tls13(&k->seal, si->aead, key, iv, true));
    k->open.seq = k->seal.seq = seq;
    mem_wipe(key, sizeof key);
}

void flight_keys_free(flight_keys *k)
{
    record_dir_clear(&k->open);
    record_dir_clear(&k->seal);
}

void item_set(item *it, const uint8_t *data, size_t len)
{
    uint8_t *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    if (len)
        memcpy(copy, data, len);
    free(it->data);
    it->data = copy;
    it->len = len;
}

item *flight_insert(flight *f, size_t at, uint8_t ct, bool raw, uint8_t hs, const uint8_t *data,
                    size_t len)
{
    assert_true(f->n < FLIGHT_MAX && at <= f->n);
    memmove(&f->it[at + 1], &f->it[at], (f->n - at) * sizeof f->it[0]);
    f->n++;
    f->it[at] = (item){.ct = ct, .rec_version = 0x0303, .raw = raw, .hs = hs};
    item_set(&f->it[at], data, len);
    return &f->it[at];
}

void flight_remove(flight *f, size_t at)
{
    assert_true(at < f->n);
    free(f->it[at].data);
    memmove(&f->it[at], &f->it[at + 1], (f->n - at - 1) * sizeof f->it[0]);
    f->n--;
}

void flight_free(flight *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->it[i].data);
    f->n = 0;
}

bool flight_has(const flight *f, uint8_t hs)
{
    for (size_t i = 0; i < f->n; i++)
        if (!f->it[i].raw && !f->it[i].verbatim && f->it[i].hs == hs)
            return true;
    return false;
}

size_t flight_find(const flight *f, uint8_t hs)
{
    for (size_t i = 0; i < f->n; i++)
        if (!f->it[i].raw && !f->it[i].verbatim && f->it[i].hs == hs)
            return i;
    fail_msg("no handshake message of type %u in the flight", hs);
    return 0;
}

size_t flight_find_ct(const flight *f, uint8_t ct)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->it[i].raw && f->it[i].ct == ct)
            return i;
    fail_msg("no record of content type %u in the flight", ct);
    return 0;
}

/* Handshake bytes being reassembled, and whether they arrived protected. */
typedef struct hs_acc {
    writer w;
    uint16_t version;
    bool prot;
} hs_acc;

/* Splits the reassembled handshake bytes into messages. */
static void acc_flush(flight *f, hs_acc *a)
{
    reader r = reader_of(a->w.p, a->w.len);
    while (!reader_empty(&r)) {
        uint8_t type;
        reader body;
        OK(msg_split(&r, &type, &body));
        item *it = flight_insert(f, f->n, CT_HANDSHAKE, false, type, reader_ptr(&body),
                                 reader_left(&body));
        it->rec_version = a->version;
        it->prot = a->prot;
    }
    a->w.len = 0;
}

static void acc_add(flight *f, hs_acc *a, const uint8_t *p, size_t n, uint16_t version, bool prot)
{
    if (a->w.len > 0 && a->prot != prot)
        acc_flush(f, a);
    writer_bytes(&a->w, p, n);
    OK(writer_finish(&a->w));
    a->version = version;
    a->prot = prot;
}

/* Opens one TLS 1.3 record of the sender and files its content. */
static void parse_protected(flight *f, hs_acc *a, flight_keys *keys, const uint8_t *rec,
                            size_t rec_len)
{
    uint8_t *copy = malloc(rec_len);
    assert_non_null(copy);
    memcpy(copy, rec, rec_len);
    uint8_t type;
    uint8_t *pt;
    size_t n;
    OK(record_open(&keys->open, copy, rec_len, &type, &pt, &n));
    if (type == CT_HANDSHAKE) {
        acc_add(f, a, pt, n, 0x0303, true);
    } else {
        acc_flush(f, a);
        flight_insert(f, f->n, type, true, 0, pt, n)->prot = true;
    }
    free(copy);
}

void flight_parse(const uint8_t *p, size_t n, bool tls13, bool protected_, flight_keys *keys,
                  flight *f)
{
    memset(f, 0, sizeof *f);
    hs_acc a = {.version = 0x0303};
    writer_init_dynamic(&a.w, 0);
    reader r = reader_of(p, n);
    while (!reader_empty(&r)) {
        const uint8_t *rec = reader_ptr(&r);
        uint8_t ct;
        uint16_t version;
        reader frag;
        OK(reader_u8(&r, &ct));
        OK(reader_u16(&r, &version));
        OK(reader_u16_prefixed(&r, &frag));
        if (ct == CT_APPLICATION_DATA && keys) {
            parse_protected(f, &a, keys, rec, RECORD_HEADER_LEN + reader_left(&frag));
            continue;
        }
        if (ct == CT_HANDSHAKE && !protected_) {
            acc_add(f, &a, reader_ptr(&frag), reader_left(&frag), version, false);
            continue;
        }
        acc_flush(f, &a);
        flight_insert(f, f->n, ct, true, 0, reader_ptr(&frag), reader_left(&frag))->rec_version =
            version;
        if (ct == CT_CHANGE_CIPHER_SPEC && !tls13)
            protected_ = true;
    }
    acc_flush(f, &a);
    writer_free(&a.w);
}

/* The nonce of record_dir d's next record (RFC 8446 5.3; for TLS 1.2 AES-GCM
 * the salt and the sequence number as the explicit part, RFC 5288 3). */
static void seal_nonce(const record_dir *d, uint8_t nonce[CRYPTO_AEAD_IV], bool gcm12)
{
    uint64_t seq = d->seq;
    memcpy(nonce, d->iv, CRYPTO_AEAD_IV);
    for (int i = CRYPTO_AEAD_IV - 1; i >= CRYPTO_AEAD_IV - 8; i--) {
        if (gcm12)
            nonce[i] = (uint8_t)seq;
        else
            nonce[i] ^= (uint8_t)seq;
        seq >>= 8;
    }
}

void flight_seal_raw(record_dir *d, uint8_t outer, uint16_t version, const uint8_t *pt, size_t n,
                     writer *w)
{
    bool tls12 = d->framing == RECORD_FRAMING_TLS12;
    bool gcm12 = tls12 && d->alg != AEAD_CHACHA20_POLY1305;
    size_t explicit_len = gcm12 ? RECORD_GCM_EXPLICIT_LEN : 0;
    uint8_t nonce[CRYPTO_AEAD_IV], hdr[RECORD_HEADER_LEN], aad[13];
    size_t frag_len = explicit_len + n + CRYPTO_AEAD_TAG;
    assert_true(record_dir_protected(d) && frag_len <= 0xffff);
    seal_nonce(d, nonce, gcm12);
    hdr[0] = outer;
    hdr[1] = (uint8_t)(version >> 8);
    hdr[2] = (uint8_t)version;
    hdr[3] = (uint8_t)(frag_len >> 8);
    hdr[4] = (uint8_t)frag_len;
    /* RFC 8446 5.2: the additional data is the header; RFC 5246 6.2.3.3:
     * seq_num || type || version || plaintext length. */
    for (int i = 0; i < 8; i++)
        aad[i] = (uint8_t)(d->seq >> (56 - 8 * i));
    memcpy(aad + 8, hdr, 3);
    aad[11] = (uint8_t)(n >> 8);
    aad[12] = (uint8_t)n;
    uint8_t *out = malloc(frag_len);
    assert_non_null(out);
    memcpy(out, nonce + CRYPTO_AEAD_IV - explicit_len, explicit_len);
    OK(aead_seal(d->aead, nonce, tls12 ? aad : hdr, tls12 ? sizeof aad : sizeof hdr, pt, n,
                 out + explicit_len));
    d->seq++;
    writer_bytes(w, hdr, sizeof hdr);
    writer_bytes(w, out, frag_len);
    free(out);
}

/* An item's content: [handshake header] data, and for TLS 1.3 sealing the
 * inner type and padding. */
static void item_content(const item *it, bool inner13, writer *c)
{
    if (!it->raw) {
        writer_u8(c, it->hs);
        writer_u24(c, it->len_forced ? it->len_field : (uint32_t)it->len);
    }
    writer_bytes(c, it->data, it->len);
    if (inner13) {
        writer_u8(c, it->ct);
        writer_zeros(c, it->pad);
    }
    OK(writer_finish(c));
}

static void item_write(const item *it, flight_keys *keys, record_dir *seal12, writer *w)
{
    size_t start = w->len;
    writer c;
    writer_init_dynamic(&c, 0);
    if (it->verbatim) {
        writer_bytes(w, it->data, it->len);
    } else if (it->prot) {
        record_dir *d = keys ? &keys->seal : seal12;
        assert_non_null(d);
        item_content(it, keys != NULL, &c);
        uint64_t seq = d->seq;
        d->seq = seq + (uint64_t)(int64_t)it->seq_offset;
        flight_seal_raw(d, keys ? CT_APPLICATION_DATA : it->ct, it->rec_version, c.p, c.len, w);
        d->seq = seq + 1;
    } else {
        item_content(it, false, &c);
        writer_u8(w, it->ct);
        writer_u16(w, it->rec_version);
        writer_u16(w, (uint16_t)c.len);
        writer_bytes(w, c.p, c.len);
    }
    writer_free(&c);
    OK(writer_finish(w));
    if (it->flip_last) {
        assert_true(w->len > start);
        w->p[w->len - 1] ^= 0x80;
    }
}

void flight_write(const flight *f, size_t from, size_t to, flight_keys *keys, record_dir *seal12,
                  writer *w)
{
    for (size_t i = from; i < to; i++)
        item_write(&f->it[i], keys, seal12, w);
    OK(writer_finish(w));
}
