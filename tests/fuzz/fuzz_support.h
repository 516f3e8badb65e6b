/* fuzz_support.h -- what the engine fuzz targets and the seed generator share.
 *
 * The engine targets replay a peer's recorded byte stream, so everything that
 * shapes the handshake must be the same in make_seeds and in the fuzzer:
 *   - randomness: a deterministic RAND_METHOD with one stream per party (PKI,
 *     client, server), reset per input, so the fuzzed party draws the same
 *     key shares, randoms and signatures as when the seed was recorded;
 *   - time: time() is fixed, so the throw-away PKI (made with demo_pki_make
 *     from the PKI stream) is byte-identical and never expires;
 *   - record protection: aead_seal, aead_seal_tail and aead_open are
 *     replaced at link time (-Wl,--wrap) by a null cipher with an all-zero
 *     tag, so the fuzzer can mutate what is inside protected records. Transcript, Finished and
 *     CertificateVerify checks are real. The established mode
 *     (fuzz_established.h) may switch the real AEAD back on per input;
 *   - no state carried from one input to the next: each input starts with an
 *     empty client session store and server session-ID cache
 *     (fuzz_engine_fresh); ticket keys are fixed, so tickets are as
 *     deterministic.
 * None of this is linked into the parser targets.
 */
#ifndef WARD_FUZZ_SUPPORT_H
#define WARD_FUZZ_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "ward.h"

enum { FUZZ_RNG_PKI = 0, FUZZ_RNG_CLIENT = 1, FUZZ_RNG_SERVER = 2, FUZZ_RNG_STREAMS = 3 };

/* Installs the deterministic RAND_METHOD (once). */
void fuzz_rng_install(void);
/* Restarts a stream and makes it the one libcrypto draws from. */
void fuzz_rng_reset(int stream);
/* Makes a stream current without restarting it. */
void fuzz_rng_select(int stream);

/* Record protection: 0 the null cipher (the default), 1 the real AEAD. */
void fuzz_cipher_real(int on);

/* Engine configurations: a variant is one client config and one server config
 * that complete a handshake with each other. The first byte of an engine input
 * picks the variant (modulo FUZZ_VARIANTS). Variants 8-11 negotiate TLS 1.2;
 * 10-12 turn heartbeat on at both ends (10 and 11 also allow renegotiation),
 * 12 negotiating TLS 1.3 all the same; 13-16 are the legacy policy's suites
 * (RSA key exchange, DHE, ECDHE-CBC with encrypt-then-MAC, RSA-CBC with
 * MAC-then-encrypt). */
enum { FUZZ_VARIANTS = 17 };
/* Builds the PKIs and every variant's configs once. Aborts on failure. */
void fuzz_engine_init(void);
/* Empties the variant's client session store and server session cache: what
 * an earlier input left there would change how this one's handshake goes. */
void fuzz_engine_fresh(unsigned variant);
ward_config *fuzz_client_config(unsigned variant);
ward_config *fuzz_server_config(unsigned variant);
const char *fuzz_variant_name(unsigned variant);
/* Whether the variant negotiates TLS 1.2. */
int fuzz_variant_tls12(unsigned variant);

#define FUZZ_SERVER_NAME "localhost"

#endif
