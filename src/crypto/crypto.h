/* crypto.h -- every cryptographic primitive ward uses, from libcrypto.
 *
 * This directory is the only code that includes <openssl/...>. Everything here
 * fetches its EVP algorithms once per process (crypto_init, run on first use
 * through pthread_once) and never calls implicit lookups such as EVP_sha256().
 * All functions return WARD_OK or a negative ward_error.
 */
#ifndef WARD_CRYPTO_H
#define WARD_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "base/err.h"

#define CRYPTO_MAX_HASH 48 /* SHA-384 */
#define CRYPTO_MAX_KEY 32  /* AES-256, ChaCha20 */
#define CRYPTO_AEAD_IV 12  /* every AEAD ward uses has a 96-bit nonce */
#define CRYPTO_AEAD_TAG 16
#define CRYPTO_MAX_PUB 512    /* ffdhe4096; P-384 is 97 */
#define CRYPTO_MAX_SHARED 512 /* ffdhe4096 */
#define CRYPTO_MAX_SIG 1024   /* RSA-8192 */

/* Fetches every algorithm. Safe to call many times and from many threads. */
MUST_CHECK int crypto_init(void);

/* ---- randomness ---- */
MUST_CHECK int crypto_random(void *out, size_t n);

/* ---- hashes, HMAC, HKDF ---- */
/* HASH_SHA1 exists only as the record MAC of the legacy TLS 1.2 CBC suites
 * (cbc_mac_size, cbc_new): every other function here refuses it (hash_size is 0
 * for it), so no transcript, PRF, HKDF or signature can use SHA-1. */
typedef enum hash_alg { HASH_SHA256 = 1, HASH_SHA384 = 2, HASH_SHA1 = 3 } hash_alg;

size_t hash_size(hash_alg alg);

typedef struct hash_ctx hash_ctx;
hash_ctx *hash_new(hash_alg alg);
void hash_free(hash_ctx *h);
MUST_CHECK int hash_update(hash_ctx *h, const void *p, size_t n);
/* Writes the digest of everything hashed so far without ending the hash (the
 * transcript hash is read many times). out holds hash_size() bytes. */
MUST_CHECK int hash_peek(const hash_ctx *h, uint8_t *out);
/* Copies the running state into a new context. */
hash_ctx *hash_dup(const hash_ctx *h);
MUST_CHECK int hash_oneshot(hash_alg alg, const void *p, size_t n, uint8_t *out);

MUST_CHECK int crypto_hmac(hash_alg alg, const uint8_t *key, size_t key_len, const uint8_t *data,
                           size_t data_len, uint8_t *out);
/* One HMAC key for several messages (the TLS 1.2 PRF makes many under one
 * secret): hmac_two writes HMAC(key, a || b) to out (hash_size() bytes); out
 * may be a. */
typedef struct hmac_ctx hmac_ctx;
MUST_CHECK int hmac_new(hash_alg alg, const uint8_t *key, size_t key_len, hmac_ctx **out);
MUST_CHECK int hmac_two(hmac_ctx *h, const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
                        uint8_t *out);
void hmac_free(hmac_ctx *h); /* wipes the keyed state */
/* RFC 5869. A NULL salt means hash_size() zero bytes. out holds hash_size(). */
MUST_CHECK int hkdf_extract(hash_alg alg, const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                            size_t ikm_len, uint8_t *out);
MUST_CHECK int hkdf_expand(hash_alg alg, const uint8_t *prk, size_t prk_len, const uint8_t *info,
                           size_t info_len, uint8_t *out, size_t out_len);

/* ---- AEAD ---- */
typedef enum aead_alg {
    AEAD_AES_128_GCM = 1,
    AEAD_AES_256_GCM = 2,
    AEAD_CHACHA20_POLY1305 = 3
} aead_alg;

size_t aead_key_size(aead_alg alg);

/* A keyed AEAD for one direction. The key is set once; each call passes only
 * the nonce. */
typedef struct aead_ctx aead_ctx;
MUST_CHECK int aead_new(aead_alg alg, const uint8_t *key, bool encrypt, aead_ctx **out);
void aead_free(aead_ctx *a); /* wipes the key schedule */
/* out receives in_len bytes of ciphertext followed by the 16-byte tag. in and out
 * may be the same buffer. */
MUST_CHECK int aead_seal(aead_ctx *a, const uint8_t nonce[CRYPTO_AEAD_IV], const uint8_t *aad,
                         size_t aad_len, const uint8_t *in, size_t in_len, uint8_t *out);
/* The same over in || tail without joining them first (TLS 1.3 appends the
 * content type to the record's plaintext): out receives in_len + tail_len
 * bytes of ciphertext, then the tag. out must not overlap tail. */
MUST_CHECK int aead_seal_tail(aead_ctx *a, const uint8_t nonce[CRYPTO_AEAD_IV], const uint8_t *aad,
                              size_t aad_len, const uint8_t *in, size_t in_len, const uint8_t *tail,
                              size_t tail_len, uint8_t *out);
/* in is ciphertext followed by the tag (in_len >= 16); out receives in_len - 16
 * bytes. WARD_E_BAD_RECORD_MAC when authentication fails. in and out may be the
 * same buffer. */
MUST_CHECK int aead_open(aead_ctx *a, const uint8_t nonce[CRYPTO_AEAD_IV], const uint8_t *aad,
                         size_t aad_len, const uint8_t *in, size_t in_len, uint8_t *out);

/* ---- AES-CBC + HMAC (TLS 1.2 CBC suites, RFC 5246 6.2.3.2, RFC 7366) ---- */
typedef enum cbc_cipher { CBC_AES_128 = 1, CBC_AES_256 = 2 } cbc_cipher;

#define CRYPTO_CBC_BLOCK 16 /* AES block, and the explicit IV of each record */

size_t cbc_key_size(cbc_cipher c); /* 16 / 32; 0 for anything else */
/* HMAC output and key size of a record MAC: 20 (HASH_SHA1), 32 (HASH_SHA256),
 * 48 (HASH_SHA384); 0 for anything else. */
size_t cbc_mac_size(hash_alg mac);

/* A keyed AES-CBC cipher and HMAC for one direction. The keys are set once (the
 * HMAC key blocks are hashed once); each call passes only the IV. No padding is
 * added or removed here: the record layer does both. */
typedef struct cbc_ctx cbc_ctx;
/* mac_key has cbc_mac_size(mac) bytes, enc_key cbc_key_size(c) bytes. */
MUST_CHECK int cbc_new(cbc_cipher c, hash_alg mac, const uint8_t *mac_key, const uint8_t *enc_key,
                       bool encrypt, cbc_ctx **out);
void cbc_free(cbc_ctx *c); /* wipes the key schedule and the HMAC key blocks */
size_t cbc_ctx_mac_size(const cbc_ctx *c);
/* A fresh random IV for the next record (RFC 5246 6.2.3.2: unpredictable),
 * from a pool the context refills from crypto_random; encrypting contexts only. */
MUST_CHECK int cbc_next_iv(cbc_ctx *c, uint8_t iv[CRYPTO_CBC_BLOCK]);
/* len is a multiple of 16 (WARD_E_INVALID_ARGUMENT otherwise); in and out may
 * be the same buffer. The direction must match cbc_new's `encrypt`. */
MUST_CHECK int cbc_encrypt(cbc_ctx *c, const uint8_t iv[CRYPTO_CBC_BLOCK], const uint8_t *in,
                           size_t len, uint8_t *out);
MUST_CHECK int cbc_decrypt(cbc_ctx *c, const uint8_t iv[CRYPTO_CBC_BLOCK], const uint8_t *in,
                           size_t len, uint8_t *out);
/* HMAC(mac_key, hdr || data) into out (cbc_ctx_mac_size bytes). hdr_len < 64. */
MUST_CHECK int cbc_mac(const cbc_ctx *c, const uint8_t *hdr, size_t hdr_len, const uint8_t *data,
                       size_t len, uint8_t *out);
/* The same MAC over hdr || data[0..n), for a secret n in [n_min, n_max]: reads
 * data[0..n_max) and performs the same operations, memory accesses and hash
 * compression-function calls for every n in the range (Lucky Thirteen). The
 * contents of hdr may be secret too (it carries n). */
MUST_CHECK int cbc_mac_ct(const cbc_ctx *c, const uint8_t *hdr, size_t hdr_len, const uint8_t *data,
                          size_t n, size_t n_min, size_t n_max, uint8_t *out);

/* ---- key exchange (IANA NamedGroup code points) ---- */
enum {
    GROUP_SECP256R1 = 0x0017,
    GROUP_SECP384R1 = 0x0018,
    GROUP_X25519 = 0x001d,
    GROUP_FFDHE2048 = 0x0100, /* RFC 7919 */
    GROUP_FFDHE3072 = 0x0101,
    GROUP_FFDHE4096 = 0x0102,
};

bool kx_group_supported(uint16_t group);
/* Whether a code point is a finite-field group (RFC 7919 2: 0x0100..0x01ff,
 * known to ward or not). */
bool kx_group_is_ffdhe(uint16_t group);
/* Size of the encoded public value: 32 (X25519), 65 (P-256), 97 (P-384), and
 * the size of p for FFDHE (256, 384, 512). */
size_t kx_public_size(uint16_t group);

/* An RFC 7919 group's prime and generator, big-endian without leading zeros
 * (as ServerDHParams carries them). WARD_E_INVALID_ARGUMENT for another group
 * or a buffer too small. */
MUST_CHECK int kx_ffdhe_params(uint16_t group, uint8_t *p, size_t p_cap, size_t *p_len, uint8_t *g,
                               size_t g_cap, size_t *g_len);
/* The RFC 7919 group whose prime and generator are exactly p and g (leading
 * zero bytes aside), or 0: anything else, a smaller group among it, is not one
 * ward accepts. */
uint16_t kx_ffdhe_group_of(const uint8_t *p, size_t p_len, const uint8_t *g, size_t g_len);

typedef struct kx_key kx_key;
/* A fresh ephemeral key pair for the group. */
MUST_CHECK int kx_generate(uint16_t group, kx_key **out);
/* For known-answer tests (RFC 7748, RFC 8448): the X25519 key pair with this
 * 32-byte private key. Other groups: WARD_E_INVALID_ARGUMENT. */
MUST_CHECK int kx_from_private(uint16_t group, const uint8_t *priv, size_t len, kx_key **out);
void kx_free(kx_key *k);
uint16_t kx_group(const kx_key *k);
/* The public value as sent in key_share (X25519: 32 bytes; NIST: uncompressed
 * point 0x04||X||Y; FFDHE: Y left-padded to the size of p). *len is set. */
MUST_CHECK int kx_public(const kx_key *k, uint8_t *out, size_t cap, size_t *len);
/* The shared secret with the peer's public value. The peer value is validated
 * (length, uncompressed form, on the curve, not the identity; X25519 all-zero
 * output rejected; FFDHE: exactly the size of p, 1 < Y < p - 1, in the prime
 * order subgroup): WARD_E_BAD_KEY_SHARE otherwise. FFDHE secrets are
 * left-padded to the size of p (RFC 8446 7.4.1). */
MUST_CHECK int kx_derive(const kx_key *k, const uint8_t *peer, size_t peer_len, uint8_t *out,
                         size_t cap, size_t *len);

/* ---- keys and signatures (IANA SignatureScheme code points) ---- */
enum {
    SIG_RSA_PKCS1_SHA256 = 0x0401,
    SIG_RSA_PKCS1_SHA384 = 0x0501,
    SIG_RSA_PKCS1_SHA512 = 0x0601,
    SIG_ECDSA_SECP256R1_SHA256 = 0x0403,
    SIG_ECDSA_SECP384R1_SHA384 = 0x0503,
    SIG_ECDSA_SECP521R1_SHA512 = 0x0603,
    SIG_RSA_PSS_RSAE_SHA256 = 0x0804,
    SIG_RSA_PSS_RSAE_SHA384 = 0x0805,
    SIG_RSA_PSS_RSAE_SHA512 = 0x0806,
    SIG_ED25519 = 0x0807,
    SIG_RSA_PSS_PSS_SHA256 = 0x0809,
    SIG_RSA_PSS_PSS_SHA384 = 0x080a,
    SIG_RSA_PSS_PSS_SHA512 = 0x080b,
};

typedef enum key_type { KEY_RSA = 1, KEY_EC_P256 = 2, KEY_EC_P384 = 3, KEY_ED25519 = 4 } key_type;

/* A private or public key. Reference counted: pkey_ref adds a reference. */
typedef struct pkey pkey;
MUST_CHECK int pkey_from_pem(const char *pem, size_t len, pkey **out); /* private key */
void pkey_free(pkey *k);
pkey *pkey_ref(pkey *k);
key_type pkey_type(const pkey *k); /* 0 for unsupported types */
size_t pkey_bits(const pkey *k);
/* Whether the key can make/check signatures with this scheme: RSA keys fit both
 * rsa_pss_rsae_* and rsa_pkcs1_* (the caller must refuse rsa_pkcs1_* for TLS 1.3
 * CertificateVerify, RFC 8446 4.4.3); ECDSA keys fit only the scheme of their
 * curve (P-256: 0x0403, P-384: 0x0503); Ed25519 keys only 0x0807. rsa_pss_pss_*
 * and secp521r1 fit no key. */
bool sig_scheme_fits_key(uint16_t scheme, const pkey *k);
/* Signs msg (the whole to-be-signed content; the scheme's hash is applied here). */
MUST_CHECK int sig_sign(const pkey *k, uint16_t scheme, const uint8_t *msg, size_t msg_len,
                        uint8_t *sig, size_t cap, size_t *sig_len);
/* WARD_E_BAD_SIGNATURE when the signature does not verify or is malformed;
 * WARD_E_ILLEGAL_PARAMETER when the scheme does not fit the key. (sig_sign
 * returns WARD_E_INVALID_ARGUMENT for that, and when cap is too small.) */
MUST_CHECK int sig_verify(const pkey *k, uint16_t scheme, const uint8_t *msg, size_t msg_len,
                          const uint8_t *sig, size_t sig_len);

/* ---- RSA key exchange (TLS 1.2, RFC 5246 7.4.7.1; rsa_kx.c) ---- */

#define RSA_KX_PMS_LEN 48 /* client_version(2) || random(46) */

/* Client: PKCS#1 v1.5 encryption of the premaster secret to the server's RSA
 * key; *len is the modulus size. WARD_E_INVALID_ARGUMENT for a non-RSA key or a
 * buffer smaller than the modulus. */
MUST_CHECK int rsa_kx_encrypt(const pkey *server_key, const uint8_t pms[RSA_KX_PMS_LEN],
                              uint8_t *out, size_t cap, size_t *len);
/* Server: the premaster secret of an EncryptedPreMasterSecret, checked against
 * the ClientHello's client_version. Whatever the ciphertext (wrong size, bad
 * padding, wrong length, wrong version), it returns WARD_OK with 48 bytes: the
 * client's secret or a random one, and nothing tells which (the handshake then
 * fails at the Finished, identically). Errors only for a bad key argument or
 * when no randomness is available. */
MUST_CHECK int rsa_kx_decrypt(const pkey *key, uint16_t client_version, const uint8_t *ct,
                              size_t ct_len, uint8_t pms[RSA_KX_PMS_LEN]);
/* For tests that build malformed ciphertexts: raw RSA (no padding) of a block
 * exactly as long as the modulus. */
MUST_CHECK int rsa_kx_encrypt_raw(const pkey *k, const uint8_t *block, size_t len, uint8_t *out,
                                  size_t cap, size_t *out_len);

/* ---- X.509 ---- */

/* A parsed certificate chain (leaf first), kept as DER plus parsed objects. */
typedef struct cert_chain cert_chain;
/* Parses PEM text holding one or more certificates. */
MUST_CHECK int cert_chain_from_pem(const char *pem, size_t len, cert_chain **out);
/* Parsed peer certificates kept for reuse (x509_cache.c): a bounded cache
 * keyed by the complete DER, safe to share between threads. */
typedef struct x509_cache x509_cache;
MUST_CHECK int x509_cache_new(size_t max_entries, x509_cache **out);
void x509_cache_free(x509_cache *c);
/* Builds a chain from DER certificates as received in a Certificate message,
 * taking already parsed certificates from cache (may be NULL).
 * WARD_E_BAD_CERTIFICATE when one does not parse. */
MUST_CHECK int cert_chain_from_der(const uint8_t *const *ders, const size_t *lens, size_t n,
                                   x509_cache *cache, cert_chain **out);
void cert_chain_free(cert_chain *c);
size_t cert_chain_count(const cert_chain *c);
/* The i-th certificate's DER bytes (borrowed). */
const uint8_t *cert_chain_der(const cert_chain *c, size_t i, size_t *len);
/* The leaf's public key (a new reference). */
MUST_CHECK int cert_chain_leaf_key(const cert_chain *c, pkey **out);
/* Whether priv is the private half of the leaf's public key. */
bool cert_chain_matches_key(const cert_chain *c, const pkey *priv);
/* RFC 5246 7.4.2: whether the leaf may be used for RSA key exchange: the
 * keyEncipherment bit is set when a keyUsage extension is present. */
bool cert_chain_leaf_allows_encipherment(const cert_chain *c);

typedef struct trust_store trust_store;
/* The system's default store (the distribution's CA bundle / directory). */
MUST_CHECK int trust_store_system(trust_store **out);
/* From a PEM file, a hashed directory, or both (either may be NULL). */
MUST_CHECK int trust_store_load(const char *file, const char *dir, trust_store **out);
MUST_CHECK int trust_store_from_pem(const char *pem, size_t len, trust_store **out);
void trust_store_free(trust_store *s);

/* Verifies the chain to an anchor in store, at time now (0 = current time), for
 * TLS server (is_server=true) or client authentication, and when name is not NULL
 * that the leaf matches it (DNS name, or IP address when name is an IP literal).
 * Errors: WARD_E_UNKNOWN_CA, WARD_E_CERT_EXPIRED, WARD_E_CERT_HOSTNAME,
 * WARD_E_BAD_CERTIFICATE. When detail is not NULL it receives a one-line reason. */
MUST_CHECK int cert_chain_verify(const cert_chain *c, const trust_store *store, const char *name,
                                 bool is_server, time_t now, char *detail, size_t detail_cap);

/* For the trace: one-line subject, issuer and signature algorithm of a DER cert. */
MUST_CHECK int cert_describe(const uint8_t *der, size_t len, char *subject, size_t subject_cap,
                             char *issuer, size_t issuer_cap, char *sigalg, size_t sigalg_cap);

/* For `ward demo` and tests: a throw-away CA and a leaf for host_name (and
 * 127.0.0.1), made in memory. key_kind picks the leaf key (KEY_EC_P256, KEY_RSA,
 * KEY_ED25519). Returns malloc'd PEM strings: the CA certificate, the leaf chain
 * (leaf then CA) and the leaf key. */
MUST_CHECK int demo_pki_make(key_type key_kind, const char *host_name, char **ca_pem,
                             char **chain_pem, char **key_pem);

#endif
