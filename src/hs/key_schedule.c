/* key_schedule.c -- the TLS 1.3 key schedule (RFC 8446 7.1, 7.3, 4.4.4). */
#include "hs/key_schedule.h"

#include <string.h>

#include "base/codec.h"
#include "base/mem.h"

#define LABEL_PREFIX "tls13 "
#define LABEL_PREFIX_LEN 6

/* HkdfLabel: u16 length, opaque label<7..255>, opaque context<0..255>. */
#define HKDF_LABEL_MAX (2 + 1 + 255 + 1 + 255)

int hkdf_expand_label(hash_alg alg, const uint8_t *secret, size_t secret_len, const char *label,
                      const uint8_t *context, size_t context_len, uint8_t *out, size_t out_len)
{
    ENSURE(label != NULL, WARD_E_INVALID_ARGUMENT);
    size_t label_len = strlen(label);
    /* RFC 8446 7.1: label<7..255> holds "tls13 " || Label. */
    ENSURE(label_len >= 1 && label_len <= 255 - LABEL_PREFIX_LEN, WARD_E_INVALID_ARGUMENT);
    ENSURE(context_len <= 255 && (context_len == 0 || context != NULL), WARD_E_INVALID_ARGUMENT);
    ENSURE(out_len <= UINT16_MAX, WARD_E_INVALID_ARGUMENT);

    uint8_t info[HKDF_LABEL_MAX];
    writer w;
    writer_init_fixed(&w, info, sizeof info);
    writer_u16(&w, (uint16_t)out_len);
    size_t mark = writer_open(&w, 1);
    writer_bytes(&w, LABEL_PREFIX, LABEL_PREFIX_LEN);
    writer_bytes(&w, label, label_len);
    writer_close(&w, mark);
    mark = writer_open(&w, 1);
    writer_bytes(&w, context, context_len);
    writer_close(&w, mark);
    int rc = writer_finish(&w);
    if (rc == WARD_OK)
        rc = hkdf_expand(alg, secret, secret_len, info, w.len, out, out_len);
    mem_wipe(info, sizeof info);
    return rc;
}

int derive_secret(hash_alg alg, const uint8_t *secret, const char *label,
                  const uint8_t *transcript_hash, uint8_t *out)
{
    size_t n = hash_size(alg);
    ENSURE(n != 0, WARD_E_INVALID_ARGUMENT);
    return hkdf_expand_label(alg, secret, n, label, transcript_hash, n, out, n);
}

/* Derive-Secret(secret, "derived", "") -- the salt of the next Extract. The
 * transcript of an empty message list is Hash(""). */
static int derive_next_salt(const key_schedule *ks, uint8_t *salt)
{
    uint8_t empty_hash[CRYPTO_MAX_HASH];
    TRY(hash_oneshot(ks->alg, "", 0, empty_hash));
    return derive_secret(ks->alg, ks->secret, "derived", empty_hash, salt);
}

int ks_init(key_schedule *ks, hash_alg alg, const uint8_t *psk, size_t psk_len)
{
    mem_wipe(ks, sizeof *ks);
    size_t n = hash_size(alg);
    ENSURE(n != 0 && n <= CRYPTO_MAX_HASH, WARD_E_INVALID_ARGUMENT);
    ENSURE(psk_len == 0 || psk != NULL, WARD_E_INVALID_ARGUMENT);
    ks->alg = alg;
    ks->hash_len = n;
    /* RFC 8446 7.1: without a PSK the IKM is a string of Hash.length zeros. */
    uint8_t zeros[CRYPTO_MAX_HASH] = {0};
    if (psk_len == 0) {
        psk = zeros;
        psk_len = n;
    }
    int rc = hkdf_extract(alg, NULL, 0, psk, psk_len, ks->secret);
    if (rc != WARD_OK)
        ks_wipe(ks);
    return rc;
}

int ks_derive_handshake(key_schedule *ks, const uint8_t *shared, size_t shared_len,
                        const uint8_t *th)
{
    ENSURE(ks->hash_len != 0, WARD_E_API_STATE);
    ENSURE(shared != NULL && shared_len > 0, WARD_E_INVALID_ARGUMENT);
    uint8_t salt[CRYPTO_MAX_HASH];
    uint8_t hs[CRYPTO_MAX_HASH];
    int rc = derive_next_salt(ks, salt);
    if (rc == WARD_OK)
        rc = hkdf_extract(ks->alg, salt, ks->hash_len, shared, shared_len, hs);
    if (rc == WARD_OK)
        rc = derive_secret(ks->alg, hs, "c hs traffic", th, ks->client_hs);
    if (rc == WARD_OK)
        rc = derive_secret(ks->alg, hs, "s hs traffic", th, ks->server_hs);
    if (rc == WARD_OK)
        memcpy(ks->secret, hs, ks->hash_len); /* the early secret is done with */
    mem_wipe(salt, sizeof salt);
    mem_wipe(hs, sizeof hs);
    return rc;
}

int ks_derive_application(key_schedule *ks, const uint8_t *th)
{
    ENSURE(ks->hash_len != 0, WARD_E_API_STATE);
    uint8_t salt[CRYPTO_MAX_HASH];
    uint8_t master[CRYPTO_MAX_HASH];
    uint8_t zeros[CRYPTO_MAX_HASH] = {0};
    int rc = derive_next_salt(ks, salt);
    /* RFC 8446 7.1: Master Secret = HKDF-Extract(Derive-Secret(., "derived", ""), 0). */
    if (rc == WARD_OK)
        rc = hkdf_extract(ks->alg, salt, ks->hash_len, zeros, ks->hash_len, master);
    if (rc == WARD_OK)
        rc = derive_secret(ks->alg, master, "c ap traffic", th, ks->client_ap);
    if (rc == WARD_OK)
        rc = derive_secret(ks->alg, master, "s ap traffic", th, ks->server_ap);
    if (rc == WARD_OK)
        rc = derive_secret(ks->alg, master, "exp master", th, ks->exporter);
    if (rc == WARD_OK)
        memcpy(ks->secret, master, ks->hash_len); /* the handshake secret is done with */
    mem_wipe(salt, sizeof salt);
    mem_wipe(master, sizeof master);
    return rc;
}

int ks_derive_resumption(key_schedule *ks, const uint8_t *th)
{
    ENSURE(ks->hash_len != 0, WARD_E_API_STATE);
    return derive_secret(ks->alg, ks->secret, "res master", th, ks->resumption);
}

void ks_wipe(key_schedule *ks)
{
    mem_wipe(ks, sizeof *ks);
}

int ks_binder_key(const key_schedule *ks, bool external, uint8_t *out)
{
    ENSURE(ks->hash_len != 0, WARD_E_API_STATE);
    uint8_t empty_hash[CRYPTO_MAX_HASH];
    TRY(hash_oneshot(ks->alg, "", 0, empty_hash));
    return derive_secret(ks->alg, ks->secret, external ? "ext binder" : "res binder", empty_hash,
                         out);
}

int ks_resumption_psk(hash_alg alg, const uint8_t *resumption, const uint8_t *nonce,
                      size_t nonce_len, uint8_t *out)
{
    size_t n = hash_size(alg);
    ENSURE(n != 0, WARD_E_INVALID_ARGUMENT);
    /* RFC 8446 4.6.1: HKDF-Expand-Label(resumption_master_secret, "resumption",
     * ticket_nonce, Hash.length). */
    return hkdf_expand_label(alg, resumption, n, "resumption", nonce, nonce_len, out, n);
}

int ks_export(const key_schedule *ks, const char *label, const uint8_t *context, size_t context_len,
              uint8_t *out, size_t out_len)
{
    ENSURE(ks->hash_len != 0, WARD_E_API_STATE);
    ENSURE(context_len == 0 || context != NULL, WARD_E_INVALID_ARGUMENT);
    uint8_t empty_hash[CRYPTO_MAX_HASH];
    uint8_t context_hash[CRYPTO_MAX_HASH];
    uint8_t secret[CRYPTO_MAX_HASH];
    /* RFC 8446 7.5: TLS-Exporter(label, context, length) =
     *   HKDF-Expand-Label(Derive-Secret(exporter, label, ""), "exporter",
     *                     Hash(context), length). */
    TRY(hash_oneshot(ks->alg, "", 0, empty_hash));
    TRY(hash_oneshot(ks->alg, context_len ? (const void *)context : "", context_len, context_hash));
    int rc = derive_secret(ks->alg, ks->exporter, label, empty_hash, secret);
    if (rc == WARD_OK)
        rc = hkdf_expand_label(ks->alg, secret, ks->hash_len, "exporter", context_hash,
                               ks->hash_len, out, out_len);
    mem_wipe(secret, sizeof secret);
    return rc;
}

int ks_traffic_keys(hash_alg alg, aead_alg aead, const uint8_t *secret, uint8_t *key,
                    uint8_t iv[CRYPTO_AEAD_IV])
{
    size_t n = hash_size(alg);
    size_t key_len = aead_key_size(aead);
    ENSURE(n != 0 && key_len != 0, WARD_E_INVALID_ARGUMENT);
    /* RFC 8446 7.3: [sender]_write_key = HKDF-Expand-Label(Secret, "key", "",
     * key_length); [sender]_write_iv = HKDF-Expand-Label(Secret, "iv", "", iv_length). */
    int rc = hkdf_expand_label(alg, secret, n, "key", NULL, 0, key, key_len);
    if (rc == WARD_OK)
        rc = hkdf_expand_label(alg, secret, n, "iv", NULL, 0, iv, CRYPTO_AEAD_IV);
    if (rc != WARD_OK) {
        mem_wipe(key, key_len);
        mem_wipe(iv, CRYPTO_AEAD_IV);
    }
    return rc;
}

int ks_finished(hash_alg alg, const uint8_t *secret, const uint8_t *th, uint8_t *out)
{
    size_t n = hash_size(alg);
    ENSURE(n != 0, WARD_E_INVALID_ARGUMENT);
    /* RFC 8446 4.4.4: finished_key = HKDF-Expand-Label(BaseKey, "finished", "",
     * Hash.length); verify_data = HMAC(finished_key, Transcript-Hash(...)). */
    uint8_t finished_key[CRYPTO_MAX_HASH];
    int rc = hkdf_expand_label(alg, secret, n, "finished", NULL, 0, finished_key, n);
    if (rc == WARD_OK)
        rc = crypto_hmac(alg, finished_key, n, th, n, out);
    mem_wipe(finished_key, sizeof finished_key);
    return rc;
}

int ks_next_traffic_secret(hash_alg alg, uint8_t *secret)
{
    size_t n = hash_size(alg);
    ENSURE(n != 0, WARD_E_INVALID_ARGUMENT);
    /* RFC 8446 7.2: application_traffic_secret_N+1 =
     *   HKDF-Expand-Label(application_traffic_secret_N, "traffic upd", "", Hash.length). */
    uint8_t next[CRYPTO_MAX_HASH];
    int rc = hkdf_expand_label(alg, secret, n, "traffic upd", NULL, 0, next, n);
    if (rc == WARD_OK)
        memcpy(secret, next, n);
    mem_wipe(next, sizeof next);
    return rc;
}
