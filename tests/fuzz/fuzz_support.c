/* fuzz_support.c -- deterministic randomness and time, the null record cipher
 * and the engine configurations shared by the engine targets and make_seeds.
 * See fuzz_support.h for why each exists. */
#define OPENSSL_SUPPRESS_DEPRECATED /* RAND_METHOD: the one hook every draw honours */
#include "fuzz_support.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "crypto/crypto.h"
#include "msg/msg.h"

/* ---- randomness: splitmix64, one state per party ---- */

static uint64_t rng_state[FUZZ_RNG_STREAMS], rng_side;
static int rng_current;

static uint64_t rng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* libcrypto's RSA blinding draws a modulus-sized value (257 bytes and more) on
 * a key's first private operation and every 32nd after: whether it happens in
 * an input depends on the inputs before it. Those draws come from a side
 * stream, so they never shift what the parties draw (ward itself draws at
 * most 64 bytes at a time, key generation for the PKI 128). */
static int rng_bytes(unsigned char *buf, int num)
{
    uint64_t *state = num > 256 ? &rng_side : &rng_state[rng_current];
    for (int i = 0; i < num; i++)
        buf[i] = (unsigned char)rng_next(state);
    return 1;
}

static int rng_seed(const void *buf, int num)
{
    (void)buf;
    (void)num;
    return 1;
}

static int rng_add(const void *buf, int num, double entropy)
{
    (void)buf;
    (void)num;
    (void)entropy;
    return 1;
}

static int rng_status(void)
{
    return 1;
}

static const RAND_METHOD fuzz_rand = {
    .seed = rng_seed,
    .bytes = rng_bytes,
    .add = rng_add,
    .pseudorand = rng_bytes,
    .status = rng_status,
};

void fuzz_rng_install(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    for (int i = 0; i < FUZZ_RNG_STREAMS; i++)
        fuzz_rng_reset(i);
    if (RAND_set_rand_method(&fuzz_rand) != 1) {
        fprintf(stderr, "fuzz: RAND_set_rand_method failed\n");
        abort();
    }
}

void fuzz_rng_reset(int stream)
{
    rng_state[stream] = 0x5741524446555a5au * (uint64_t)(stream + 1);
    rng_current = stream;
}

void fuzz_rng_select(int stream)
{
    rng_current = stream;
}

/* ---- time: fixed, so certificates are reproducible and stay valid ---- */

#define FUZZ_TIME ((time_t)1767225600) /* 2026-01-01T00:00:00Z */

/* Interposes libc's time() for libcrypto too (certificate validity, chain
 * verification), since the executable's definition comes first. */
time_t time(time_t *t)
{
    if (t)
        *t = FUZZ_TIME;
    return FUZZ_TIME;
}

/* ---- the null record cipher (-Wl,--wrap= of each aead_seal* and aead_open) ---- */

int __wrap_aead_seal(aead_ctx *a, const uint8_t nonce[CRYPTO_AEAD_IV], const uint8_t *aad,
                     size_t aad_len, const uint8_t *in, size_t in_len, uint8_t *out);
int __wrap_aead_open(aead_ctx *a, const uint8_t nonce[CRYPTO_AEAD_IV], const uint8_t *aad,
                     size_t aad_len, const uint8_t *in, size_t in_len, uint8_t *out);
int __real_aead_seal(aead_ctx *a, const uint8_t nonce[CRYPTO_AEAD_IV], const uint8_t *aad,
                     size_t aad_len, const uint8_t *in, size_t in_len, uint8_t *out);
int __real_aead_open(aead_ctx *a, const uint8_t nonce[CRYPTO_AEAD_IV], const uint8_t *aad,
                     size_t aad_len, const uint8_t *in, size_t in_len, uint8_t *out);
int __wrap_aead_seal_tail(aead_ctx *a, const uint8_t nonce[CRYPTO_AEAD_IV], const uint8_t *aad,
                          size_t aad_len, const uint8_t *in, size_t in_len, const uint8_t *tail,
                          size_t tail_len, uint8_t *out);
int __real_aead_seal_tail(aead_ctx *a, const uint8_t nonce[CRYPTO_AEAD_IV], const uint8_t *aad,
                          size_t aad_len, const uint8_t *in, size_t in_len, const uint8_t *tail,
                          size_t tail_len, uint8_t *out);

static int cipher_real;

void fuzz_cipher_real(int on)
{
    cipher_real = on != 0;
}

int __wrap_aead_seal(aead_ctx *a, const uint8_t nonce[CRYPTO_AEAD_IV], const uint8_t *aad,
                     size_t aad_len, const uint8_t *in, size_t in_len, uint8_t *out)
{
    if (cipher_real)
        return __real_aead_seal(a, nonce, aad, aad_len, in, in_len, out);
    memmove(out, in, in_len);
    memset(out + in_len, 0, CRYPTO_AEAD_TAG);
    return WARD_OK;
}

/* aead_seal of in || tail (TLS 1.3: the plaintext, then its content type). */
int __wrap_aead_seal_tail(aead_ctx *a, const uint8_t nonce[CRYPTO_AEAD_IV], const uint8_t *aad,
                          size_t aad_len, const uint8_t *in, size_t in_len, const uint8_t *tail,
                          size_t tail_len, uint8_t *out)
{
    if (cipher_real)
        return __real_aead_seal_tail(a, nonce, aad, aad_len, in, in_len, tail, tail_len, out);
    memmove(out, in, in_len);
    memcpy(out + in_len, tail, tail_len);
    memset(out + in_len + tail_len, 0, CRYPTO_AEAD_TAG);
    return WARD_OK;
}

int __wrap_aead_open(aead_ctx *a, const uint8_t nonce[CRYPTO_AEAD_IV], const uint8_t *aad,
                     size_t aad_len, const uint8_t *in, size_t in_len, uint8_t *out)
{
    if (cipher_real)
        return __real_aead_open(a, nonce, aad, aad_len, in, in_len, out);
    if (in_len < CRYPTO_AEAD_TAG)
        return WARD_E_BAD_RECORD_MAC;
    size_t n = in_len - CRYPTO_AEAD_TAG;
    /* A non-zero tag keeps the bad_record_mac paths reachable. */
    for (size_t i = 0; i < CRYPTO_AEAD_TAG; i++)
        if (in[n + i] != 0)
            return WARD_E_BAD_RECORD_MAC;
    memmove(out, in, n);
    return WARD_OK;
}

/* ---- engine configurations ---- */

typedef struct fuzz_pki {
    char *ca, *chain, *key;
} fuzz_pki;

static fuzz_pki pki_ec, pki_rsa, pki_ed;
static ward_config *client_cfg[FUZZ_VARIANTS], *server_cfg[FUZZ_VARIANTS];

static const char *const variant_names[FUZZ_VARIANTS] = {
    "ec",
    "rsa",
    "ed25519",
    "hrr",
    "mtls",
    "alpn",
    "aes256-p384",
    "chacha-p256",
    "tls12-ec",
    "tls12-rsa-mtls-alpn",
    "tls12-ec-hb-reneg",
    "tls12-rsa-chacha-hb-reneg",
    "tls13-hb",
    "legacy-rsa-kx",
    "legacy-dhe",
    "legacy-cbc-etm",
    "legacy-rsa-cbc-mte",
};

static void must(int rc, const char *what)
{
    if (rc != WARD_OK) {
        fprintf(stderr, "fuzz: %s: %s\n", what, ward_error_string(rc));
        abort();
    }
}

/* The "legacy" policy on both sides, the client offering one suite. */
static void legacy_suite(ward_config *c, ward_config *s, const char *suite)
{
    must(ward_config_set_policy(c, "legacy"), "legacy policy");
    must(ward_config_set_policy(s, "legacy"), "legacy policy");
    must(ward_config_set_suites(c, suite), "legacy suite");
}

static void pki_make(fuzz_pki *p, key_type kind)
{
    fuzz_rng_reset(FUZZ_RNG_PKI);
    must(demo_pki_make(kind, FUZZ_SERVER_NAME, &p->ca, &p->chain, &p->key), "demo_pki_make");
}

static ward_config *client_new(const fuzz_pki *p)
{
    ward_config *cfg = ward_config_new(WARD_CLIENT);
    if (cfg == NULL)
        abort();
    must(ward_config_set_ca_pem(cfg, p->ca, strlen(p->ca)), "client CA");
    /* No session remembered from one input to the next: each replay must
     * send the ClientHello the seed was recorded with. */
    ward_config_set_session_store(cfg, 0);
    return cfg;
}

static ward_config *server_new(const fuzz_pki *p)
{
    ward_config *cfg = ward_config_new(WARD_SERVER);
    if (cfg == NULL)
        abort();
    must(ward_config_add_cert_chain_pem(cfg, p->chain, strlen(p->chain), p->key, strlen(p->key)),
         "server chain");
    return cfg;
}

static const fuzz_pki *variant_pki(unsigned v)
{
    return (v == 1 || v == 9 || v == 11 || v == 13 || v == 14 || v == 16) ? &pki_rsa
           : v == 2                                                       ? &pki_ed
                                                                          : &pki_ec;
}

/* The client authenticates too. */
static void mutual(ward_config *c, ward_config *s, const fuzz_pki *p)
{
    must(ward_config_add_cert_chain_pem(c, p->chain, strlen(p->chain), p->key, strlen(p->key)),
         "client chain");
    must(ward_config_set_ca_pem(s, p->ca, strlen(p->ca)), "server CA");
    must(ward_config_set_verify(s, WARD_VERIFY_REQUIRE), "server verify");
}

/* Heartbeat at both ends; renegotiation too where TLS 1.2 is negotiated. */
static void heartbeat(ward_config *c, ward_config *s, bool tls12)
{
    ward_config_set_heartbeat(c, 1);
    ward_config_set_heartbeat(s, 1);
    if (tls12) {
        must(ward_config_set_versions(s, VERSION_TLS12, VERSION_TLS12), "tls12");
        ward_config_set_renegotiation(c, WARD_RENEG_SECURE);
        ward_config_set_renegotiation(s, WARD_RENEG_SECURE);
    }
}

static void variant_make(unsigned v)
{
    const fuzz_pki *p = variant_pki(v);
    ward_config *c = client_new(p), *s = server_new(p);
    switch (v) {
    case 3: must(ward_config_set_groups(s, "secp384r1"), "hrr groups"); break;
    case 4: mutual(c, s, p); break;
    case 5:
        must(ward_config_set_alpn(c, "h2,http/1.1"), "client alpn");
        must(ward_config_set_alpn(s, "http/1.1,h2"), "server alpn");
        break;
    case 6:
        must(ward_config_set_suites(c, "TLS_AES_256_GCM_SHA384"), "suites");
        must(ward_config_set_groups(c, "secp384r1"), "groups");
        break;
    case 7:
        must(ward_config_set_suites(c, "TLS_CHACHA20_POLY1305_SHA256"), "suites");
        must(ward_config_set_groups(c, "secp256r1"), "groups");
        break;
    case 8: must(ward_config_set_versions(s, VERSION_TLS12, VERSION_TLS12), "tls12"); break;
    case 9:
        must(ward_config_set_versions(s, VERSION_TLS12, VERSION_TLS12), "tls12");
        mutual(c, s, p);
        must(ward_config_set_alpn(c, "h2,http/1.1"), "client alpn");
        must(ward_config_set_alpn(s, "http/1.1"), "server alpn");
        break;
    case 10: heartbeat(c, s, true); break;
    case 11:
        heartbeat(c, s, true);
        must(ward_config_set_suites(s, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"), "suites");
        break;
    case 12: heartbeat(c, s, false); break;
    case 13: legacy_suite(c, s, "TLS_RSA_WITH_AES_128_GCM_SHA256"); break;
    case 14: legacy_suite(c, s, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"); break;
    case 15: legacy_suite(c, s, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"); break;
    case 16:
        legacy_suite(c, s, "TLS_RSA_WITH_AES_256_CBC_SHA256");
        ward_config_set_encrypt_then_mac(c, 0);
        break;
    default: break;
    }
    client_cfg[v] = c;
    server_cfg[v] = s;
}

void fuzz_engine_init(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    fuzz_rng_install();
    pki_make(&pki_ec, KEY_EC_P256);
    pki_make(&pki_rsa, KEY_RSA);
    pki_make(&pki_ed, KEY_ED25519);
    for (unsigned v = 0; v < FUZZ_VARIANTS; v++)
        variant_make(v);
    /* WARD_FUZZ_TRACE=1: every engine's trace on stderr (for reproducing). */
    if (getenv("WARD_FUZZ_TRACE") != NULL)
        for (unsigned v = 0; v < FUZZ_VARIANTS; v++) {
            ward_config_set_trace(client_cfg[v], ward_trace_print, stderr);
            ward_config_set_trace(server_cfg[v], ward_trace_print, stderr);
        }
}

ward_config *fuzz_client_config(unsigned variant)
{
    return client_cfg[variant % FUZZ_VARIANTS];
}

ward_config *fuzz_server_config(unsigned variant)
{
    return server_cfg[variant % FUZZ_VARIANTS];
}

void fuzz_engine_fresh(unsigned variant)
{
    unsigned v = variant % FUZZ_VARIANTS;
    ward_config_set_session_store(client_cfg[v], 0);
    ward_config_set_session_store(client_cfg[v], 1);
    must(ward_config_set_session_cache(server_cfg[v], 64, 7200), "session cache");
}

const char *fuzz_variant_name(unsigned variant)
{
    return variant_names[variant % FUZZ_VARIANTS];
}

int fuzz_variant_tls12(unsigned variant)
{
    unsigned v = variant % FUZZ_VARIANTS;
    return (v >= 8 && v <= 11) || v >= 13; /* the legacy suites are TLS 1.2 */
}
