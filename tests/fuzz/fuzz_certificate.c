/* fuzz_certificate.c -- certificate13_parse, a round trip through
 * certificate13_write, then cert_chain_from_der on the entries (libcrypto's
 * X.509 parser behind ward's wrapper), the leaf key and cert_describe. */
#include "crypto/crypto.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const certificate_msg *cm)
{
    writer w;
    writer_init_dynamic(&w, 0);
    FUZZ_CHECK(certificate13_write(&w, reader_ptr(&cm->context), reader_left(&cm->context), cm->der,
                                   cm->der_len, cm->n) == WARD_OK);
    certificate_msg b;
    FUZZ_CHECK(certificate13_parse(fuzz_written_body(&w, HS_CERTIFICATE), &b) == WARD_OK);
    FUZZ_CHECK(fuzz_reader_eq(b.context, cm->context) && b.n == cm->n);
    for (size_t i = 0; i < cm->n; i++)
        FUZZ_CHECK(fuzz_bytes_eq(b.der[i], b.der_len[i], cm->der[i], cm->der_len[i]));
    writer_free(&w);
}

static void chain(const certificate_msg *cm)
{
    cert_chain *ch = NULL;
    if (cert_chain_from_der(cm->der, cm->der_len, cm->n, NULL, &ch) != WARD_OK) {
        FUZZ_CHECK(ch == NULL);
        return;
    }
    FUZZ_CHECK(cert_chain_count(ch) == cm->n);
    for (size_t i = 0; i < cm->n; i++) {
        size_t len;
        const uint8_t *der = cert_chain_der(ch, i, &len);
        FUZZ_CHECK(fuzz_bytes_eq(der, len, cm->der[i], cm->der_len[i]));
    }
    pkey *leaf = NULL;
    if (cert_chain_leaf_key(ch, &leaf) == WARD_OK)
        pkey_free(leaf);
    char subject[256], issuer[256], sigalg[64];
    if (cert_describe(cm->der[0], cm->der_len[0], subject, sizeof subject, issuer, sizeof issuer,
                      sigalg, sizeof sigalg) == WARD_OK)
        FUZZ_CHECK(memchr(subject, 0, sizeof subject) && memchr(issuer, 0, sizeof issuer) &&
                   memchr(sigalg, 0, sizeof sigalg));
    cert_chain_free(ch);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    certificate_msg cm;
    if (certificate13_parse(reader_of(data, size), &cm) != WARD_OK)
        return 0;
    FUZZ_CHECK(cm.n <= CERT_MAX_CHAIN);
    for (size_t i = 0; i < cm.n; i++)
        FUZZ_CHECK(cm.der_len[i] >= 1);
    round_trip(&cm);
    if (cm.n > 0)
        chain(&cm);
    return 0;
}
