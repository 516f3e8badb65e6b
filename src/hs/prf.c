/* prf.c -- the TLS 1.2 PRF (RFC 5246 5) and the secrets derived with it. */
#include "hs/prf.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

/* RFC 5246 5:
 *   P_hash(secret, seed) = HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + ...
 *   A(0) = seed, A(i) = HMAC(secret, A(i-1))
 * All under one keyed HMAC context. */
static int p_hash(hash_alg alg, const uint8_t *secret, size_t secret_len, const uint8_t *seed,
                  size_t seed_len, uint8_t *out, size_t out_len)
{
    size_t hl = hash_size(alg);
    uint8_t a[CRYPTO_MAX_HASH], block[CRYPTO_MAX_HASH];
    hmac_ctx *h;
    TRY(hmac_new(alg, secret, secret_len, &h));
    int rc = hmac_two(h, seed, seed_len, NULL, 0, a); /* A(1) */
    size_t done = 0;
    while (rc == WARD_OK && done < out_len) {
        rc = hmac_two(h, a, hl, seed, seed_len, block);
        if (rc != WARD_OK)
            break;
        size_t take = out_len - done < hl ? out_len - done : hl;
        memcpy(out + done, block, take);
        done += take;
        if (done < out_len)
            rc = hmac_two(h, a, hl, NULL, 0, a); /* A(i+1) */
    }
    hmac_free(h);
    mem_wipe(a, sizeof a);
    mem_wipe(block, sizeof block);
    return rc;
}

/* label || seed1 || seed2 of every PRF use in TLS 1.2 fits here; a longer
 * seed goes to the heap. */
#define PRF_SEED_STACK 256

int prf12(hash_alg alg, const uint8_t *secret, size_t secret_len, const char *label,
          const uint8_t *seed1, size_t seed1_len, const uint8_t *seed2, size_t seed2_len,
          uint8_t *out, size_t out_len)
{
    size_t hl = hash_size(alg);
    ENSURE(hl != 0 && label != NULL, WARD_E_INVALID_ARGUMENT);
    ENSURE(secret != NULL || secret_len == 0, WARD_E_INVALID_ARGUMENT);
    ENSURE(seed1 != NULL || seed1_len == 0, WARD_E_INVALID_ARGUMENT);
    ENSURE(seed2 != NULL || seed2_len == 0, WARD_E_INVALID_ARGUMENT);
    ENSURE(out != NULL || out_len == 0, WARD_E_INVALID_ARGUMENT);
    size_t label_len = strlen(label);
    /* Bound each part so the sum below cannot wrap. */
    ENSURE(label_len <= SIZE_MAX / 4 && seed1_len <= SIZE_MAX / 4 && seed2_len <= SIZE_MAX / 4,
           WARD_E_INVALID_ARGUMENT);
    size_t seed_len = label_len + seed1_len + seed2_len;
    uint8_t stack[PRF_SEED_STACK];
    uint8_t *seed = seed_len <= sizeof stack ? stack : malloc(seed_len);
    if (seed == NULL) {
        mem_wipe(out, out_len);
        return WARD_E_NOMEM;
    }
    memcpy(seed, label, label_len);
    if (seed1_len)
        memcpy(seed + label_len, seed1, seed1_len);
    if (seed2_len)
        memcpy(seed + label_len + seed1_len, seed2, seed2_len);
    int rc = p_hash(alg, secret, secret_len, seed, seed_len, out, out_len);
    mem_wipe(seed, seed_len);
    if (seed != stack)
        free(seed);
    if (rc != WARD_OK)
        mem_wipe(out, out_len);
    return rc;
}

int prf12_master_secret(hash_alg alg, const uint8_t *pms, size_t pms_len, bool ems,
                        const uint8_t *session_hash, size_t session_hash_len,
                        const uint8_t client_random[32], const uint8_t server_random[32],
                        uint8_t out[48])
{
    if (ems) {
        /* RFC 7627 4: the session hash replaces the randoms. */
        ENSURE(session_hash != NULL && session_hash_len > 0, WARD_E_INVALID_ARGUMENT);
        return prf12(alg, pms, pms_len, "extended master secret", session_hash, session_hash_len,
                     NULL, 0, out, PRF12_MASTER_LEN);
    }
    ENSURE(client_random != NULL && server_random != NULL, WARD_E_INVALID_ARGUMENT);
    return prf12(alg, pms, pms_len, "master secret", client_random, PRF12_RANDOM_LEN, server_random,
                 PRF12_RANDOM_LEN, out, PRF12_MASTER_LEN);
}

size_t prf12_iv_size(aead_alg aead)
{
    switch (aead) {
    case AEAD_AES_128_GCM:
    case AEAD_AES_256_GCM: return 4;
    case AEAD_CHACHA20_POLY1305: return 12;
    default: return 0;
    }
}

/* 2 * 32-byte keys + 2 * 12-byte IVs at most. */
#define KEY_BLOCK_MAX (2 * CRYPTO_MAX_KEY + 2 * PRF12_MAX_IV)

int prf12_key_block(hash_alg alg, aead_alg aead, const uint8_t master[48],
                    const uint8_t client_random[32], const uint8_t server_random[32],
                    uint8_t *client_key, uint8_t *server_key, uint8_t *client_iv,
                    uint8_t *server_iv)
{
    size_t key_len = aead_key_size(aead);
    size_t iv_len = prf12_iv_size(aead);
    ENSURE(key_len != 0 && key_len <= CRYPTO_MAX_KEY && iv_len != 0, WARD_E_INVALID_ARGUMENT);
    ENSURE(master != NULL && client_random != NULL && server_random != NULL,
           WARD_E_INVALID_ARGUMENT);
    ENSURE(client_key && server_key && client_iv && server_iv, WARD_E_INVALID_ARGUMENT);

    uint8_t kb[KEY_BLOCK_MAX];
    size_t kb_len = 2 * key_len + 2 * iv_len;
    /* RFC 5246 6.3: note the seed order, server_random first. */
    TRY(prf12(alg, master, PRF12_MASTER_LEN, "key expansion", server_random, PRF12_RANDOM_LEN,
              client_random, PRF12_RANDOM_LEN, kb, kb_len));
    const uint8_t *p = kb;
    memcpy(client_key, p, key_len);
    p += key_len;
    memcpy(server_key, p, key_len);
    p += key_len;
    memcpy(client_iv, p, iv_len);
    p += iv_len;
    memcpy(server_iv, p, iv_len);
    mem_wipe(kb, sizeof kb);
    return WARD_OK;
}

/* 2 * 48-byte MAC keys + 2 * 32-byte encryption keys at most. */
#define CBC_KEY_BLOCK_MAX (2 * PRF12_MASTER_LEN + 2 * CRYPTO_MAX_KEY)

int prf12_key_block_cbc(hash_alg alg, size_t mac_len, size_t key_len, const uint8_t master[48],
                        const uint8_t client_random[32], const uint8_t server_random[32],
                        uint8_t *client_mac, uint8_t *server_mac, uint8_t *client_key,
                        uint8_t *server_key)
{
    ENSURE(mac_len > 0 && mac_len <= PRF12_MASTER_LEN && key_len > 0 && key_len <= CRYPTO_MAX_KEY,
           WARD_E_INVALID_ARGUMENT);
    ENSURE(master && client_random && server_random, WARD_E_INVALID_ARGUMENT);
    ENSURE(client_mac && server_mac && client_key && server_key, WARD_E_INVALID_ARGUMENT);
    uint8_t kb[CBC_KEY_BLOCK_MAX];
    TRY(prf12(alg, master, PRF12_MASTER_LEN, "key expansion", server_random, PRF12_RANDOM_LEN,
              client_random, PRF12_RANDOM_LEN, kb, 2 * mac_len + 2 * key_len));
    memcpy(client_mac, kb, mac_len);
    memcpy(server_mac, kb + mac_len, mac_len);
    memcpy(client_key, kb + 2 * mac_len, key_len);
    memcpy(server_key, kb + 2 * mac_len + key_len, key_len);
    mem_wipe(kb, sizeof kb);
    return WARD_OK;
}

int prf12_finished(hash_alg alg, const uint8_t master[48], bool client,
                   const uint8_t *handshake_hash, size_t hash_len, uint8_t out[12])
{
    ENSURE(master != NULL && handshake_hash != NULL && hash_len > 0, WARD_E_INVALID_ARGUMENT);
    return prf12(alg, master, PRF12_MASTER_LEN, client ? "client finished" : "server finished",
                 handshake_hash, hash_len, NULL, 0, out, PRF12_FINISHED_LEN);
}
