/* crypto_limits.c -- what the primitives allow, for context: libcrypto used the
 * way a careful caller uses it (algorithms fetched once, contexts keyed once,
 * only the nonce changed per record). */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "bench.h"

static double rate(int (*op)(void *), void *arg, double seconds)
{
    long n = 0;
    double secs = 0;
    if (run_for(op, arg, seconds, &n, &secs) != 0)
        die("crypto limit: operation failed");
    return (double)n / secs;
}

/* ---- AES-128-GCM seal of 16 KiB, TLS 1.3 style (5-byte AAD, 16-byte tag) ---- */

typedef struct gcm {
    EVP_CIPHER_CTX *ctx;
    uint8_t iv[12], aad[5], tag[16];
    uint8_t in[16384], out[16384];
} gcm;

static int gcm_seal(void *arg)
{
    gcm *g = arg;
    int n, m;
    g->iv[11]++;
    return EVP_EncryptInit_ex2(g->ctx, NULL, NULL, g->iv, NULL) &&
           EVP_EncryptUpdate(g->ctx, NULL, &n, g->aad, sizeof g->aad) &&
           EVP_EncryptUpdate(g->ctx, g->out, &n, g->in, sizeof g->in) &&
           EVP_EncryptFinal_ex(g->ctx, g->out + n, &m) &&
           EVP_CIPHER_CTX_ctrl(g->ctx, EVP_CTRL_AEAD_GET_TAG, sizeof g->tag, g->tag);
}

double limit_aes128gcm_mbps(double seconds)
{
    static gcm g;
    uint8_t key[16] = {1};
    EVP_CIPHER *cipher = EVP_CIPHER_fetch(NULL, "AES-128-GCM", NULL);
    g.ctx = EVP_CIPHER_CTX_new();
    if (!cipher || !g.ctx || !EVP_EncryptInit_ex2(g.ctx, cipher, key, g.iv, NULL))
        die("crypto limit: AES-128-GCM set-up");
    double r = rate(gcm_seal, &g, seconds);
    EVP_CIPHER_CTX_free(g.ctx);
    EVP_CIPHER_free(cipher);
    return r * sizeof g.in / 1e6;
}

/* ---- X25519: one key generation and one shared secret, as one side of a
 * handshake does ---- */

typedef struct x25519 {
    EVP_PKEY_CTX *gen;
    EVP_PKEY *peer;
} x25519;

static int x25519_op(void *arg)
{
    x25519 *x = arg;
    EVP_PKEY *k = NULL;
    uint8_t secret[32];
    size_t len = sizeof secret;
    if (EVP_PKEY_keygen(x->gen, &k) <= 0)
        return 0;
    EVP_PKEY_CTX *d = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
    int ok = d && EVP_PKEY_derive_init(d) > 0 && EVP_PKEY_derive_set_peer(d, x->peer) > 0 &&
             EVP_PKEY_derive(d, secret, &len) > 0;
    EVP_PKEY_CTX_free(d);
    EVP_PKEY_free(k);
    return ok;
}

double limit_x25519_ops(double seconds)
{
    x25519 x = {EVP_PKEY_CTX_new_from_name(NULL, "X25519", NULL), NULL};
    if (!x.gen || EVP_PKEY_keygen_init(x.gen) <= 0 || EVP_PKEY_keygen(x.gen, &x.peer) <= 0)
        die("crypto limit: X25519 set-up");
    double r = rate(x25519_op, &x, seconds);
    EVP_PKEY_free(x.peer);
    EVP_PKEY_CTX_free(x.gen);
    return r;
}

/* ---- signatures over a SHA-256 digest, with the bench's server keys ---- */

static int sign_op(void *arg)
{
    uint8_t digest[32] = {7}, sig[512];
    size_t len = sizeof sig;
    return EVP_PKEY_sign(arg, sig, &len, digest, sizeof digest) > 0;
}

static double sign_rate(EVP_PKEY *key, int pss, double seconds)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
    EVP_MD *sha256 = EVP_MD_fetch(NULL, "SHA2-256", NULL);
    if (!ctx || !sha256 || EVP_PKEY_sign_init(ctx) <= 0 ||
        EVP_PKEY_CTX_set_signature_md(ctx, sha256) <= 0 ||
        (pss && (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
                 EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, RSA_PSS_SALTLEN_DIGEST) <= 0)))
        die("crypto limit: signature set-up");
    double r = rate(sign_op, ctx, seconds);
    EVP_PKEY_CTX_free(ctx);
    EVP_MD_free(sha256);
    return r;
}

double limit_ecdsa_p256_sign_ops(double seconds)
{
    return sign_rate(g_pki.leaf[KEY_ECDSA].key, 0, seconds);
}

double limit_rsa2048_sign_ops(double seconds)
{
    return sign_rate(g_pki.leaf[KEY_RSA].key, 1, seconds);
}
