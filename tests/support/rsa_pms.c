/* rsa_pms.c -- EncryptedPreMasterSecret values, good and malformed. */
#include "rsa_pms.h"

#include <setjmp.h>
#include <stdarg.h>
#include <string.h>

#include <cmocka.h>

const char *rsa_pms_kind_name(rsa_pms_kind kind)
{
    static const char *const names[RSA_PMS_KINDS] = {"good", "bad padding", "wrong length",
                                                     "wrong version", "wrong size"};
    return kind < RSA_PMS_KINDS ? names[kind] : "?";
}

/* EME-PKCS1-v1_5: 00 || type || PS (non-zero bytes) || 00 || M. */
static void eme_block(uint8_t *em, size_t k, uint8_t type, const uint8_t *m, size_t m_len)
{
    size_t ps_len = k - 3 - m_len;
    em[0] = 0x00;
    em[1] = type;
    assert_int_equal(crypto_random(em + 2, ps_len), WARD_OK);
    for (size_t i = 0; i < ps_len; i++)
        if (em[2 + i] == 0)
            em[2 + i] = 0x5a;
    em[2 + ps_len] = 0x00;
    memcpy(em + 3 + ps_len, m, m_len);
}

size_t rsa_pms_make(const pkey *key, rsa_pms_kind kind, const uint8_t pms[RSA_KX_PMS_LEN],
                    uint8_t *out)
{
    size_t k = pkey_bits(key) / 8;
    assert_true(k >= 128 && k <= CRYPTO_MAX_SIG);
    uint8_t m[RSA_KX_PMS_LEN], em[CRYPTO_MAX_SIG];
    memcpy(m, pms, sizeof m);
    m[0] = 0x03;
    m[1] = kind == RSA_PMS_WRONG_VERSION ? 0x02 : 0x03;
    size_t m_len = kind == RSA_PMS_WRONG_LENGTH ? sizeof m - 1 : sizeof m;
    eme_block(em, k, kind == RSA_PMS_BAD_PADDING ? 0x01 : 0x02, m, m_len);
    size_t len;
    assert_int_equal(rsa_kx_encrypt_raw(key, em, k, out, CRYPTO_MAX_SIG, &len), WARD_OK);
    assert_int_equal(len, k);
    return kind == RSA_PMS_WRONG_SIZE ? len - 1 : len;
}
