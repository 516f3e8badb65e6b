/* crypto_sig_test.c -- key loading and every signature scheme: round trips,
 * known answers (RFC 8032, signatures made by the openssl command), tampering,
 * and schemes that do not fit the key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"

static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;
    for (; *hex; hex++) {
        int v;
        char ch = *hex;
        if (ch >= '0' && ch <= '9')
            v = ch - '0';
        else if (ch >= 'a' && ch <= 'f')
            v = ch - 'a' + 10;
        else if (ch >= 'A' && ch <= 'F')
            v = ch - 'A' + 10;
        else
            continue;
        if (hi < 0) {
            hi = v;
            continue;
        }
        assert_true(n < cap);
        out[n++] = (uint8_t)(hi << 4 | v);
        hi = -1;
    }
    assert_int_equal(hi, -1);
    return n;
}

/* Test keys made with `openssl genpkey`; the Ed25519 one is RFC 8032 7.1 TEST 1's
 * secret key in PKCS#8. */
static const char rsa_pem[] = "-----BEGIN PRIVATE KEY-----\n"
                              "MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCPnzyuMsRhcCYH\n"
                              "/o3AKcHkHtkqx0MAKq3VRd5FjXFSZghiy4RHtgDQ2puOxbX6DRsaUzUjpEasMJo2\n"
                              "o1HSWMZ6YunMdXJC/t8/yZCjzP0CYNtTfrJv5kqtu1ieXq5kVqSZbEuKQe/LlSsN\n"
                              "eGF26fZbmdcy6vwFvk4fnCqBLcq9xrs8gXC1Lpu8tO9hAt76f038krgAgcy6UiWW\n"
                              "SWFJgNOkBGsG7iqbn0HQvipd3SjnoghNopHBgppZfYGo7/Z16OW1s6HWkMQkG/Ci\n"
                              "uhbkgvSUzV9tyO+Cs69WKfJVb98OBxp/AEHxrhkvv8PAUi1lUlKmTVUJzGJOFKYq\n"
                              "0N6eD8RnAgMBAAECggEAIfQVzuLunVB7lTk/PrZAgdMvKRdZhiEQ3pI5dXz2VPIN\n"
                              "Onn9qExlTfrYerzQBDDz/tm7/tSX5p5I3vDmZ5GYPpfCyRTc8ey6T6Sx3p+YEude\n"
                              "ApO50I2DiyX20d31YYBAQoshIqrq61i1CGa0t/2gwdARWZbHBP6UDpIHVGnEe++0\n"
                              "aqi1QYwooIREfWDIfPbAu86vaC2LneLffgpfnoryue0N2n8rBn6qRkNSn1MEKKEV\n"
                              "VSlybiZKmNI7aePIZl5a/Lr5VjAbVgMVqqRGcLbMqKjRsIiqZ0KdxNDcTeDIZUG2\n"
                              "t2nOSkw+4g36oTKkdXzWfgl6otdqd8UwcmhVlz5v0QKBgQDBRiV6ra6SsG+k6iEl\n"
                              "ixMh29wPRmypwr12S0qYyQPHzj/2l+/q2S4NRQDOIDs+8BHPnc/mDSVyaPjEboHf\n"
                              "L8HkC7P6ovnvyi2VpBaM0+HSLa4PTeE9st2OwIH8MXaj/q14XrEWOJYb/p3TBXbl\n"
                              "HRguS6vUxkaJ6OYzOks5YsybUQKBgQC+O9Ys3XeF6OehO5nLHn0WtoEv2s6pL17+\n"
                              "vLvjEGlUbENWylUPk1tKjkY9PbZ6JzIB8R4QXIYOBXCE8t2M+TmdJQWPG7S+fURW\n"
                              "p1T6pR5B4ULZK1dmVfQqbNmrS56DvGksdqI0PSuQ3J6SG5HeKSA1my281P2wr+/6\n"
                              "34YALm6GNwKBgQCmJfpEOxiu69QeLlOuZZ9d5RaJXx481bdwAQuwymVgl7Ku9zB9\n"
                              "cJRBPgeSK20jDtgQ5fZ6KuT9NLZejy1AQ1roAxOGrCI2fFSxpmzoRaGEwFY4u9ec\n"
                              "5a3HcUCNH6yBEIfpyWVs19pbWIguhy0NivRloBGoiYbMOZXjhgJy47dG8QJ/eGFl\n"
                              "Jv7+o76+1UjiCadBgR38okvUezt+4bSNMSMxhDr+Ye2n5jNZkdR2nkpvLt2ex5vN\n"
                              "ao0iR70pdvg5Ovx7ePX0jpr5xZF/rVY2cGYMv6PMqaDDrf62hCJdnAg+Rx7zby+j\n"
                              "dWtAJmt17P+FTxC3UTThvJ0L7MNpGVhZc8PuLQKBgQCAEq8GZH84/Dv4bpD6/k/w\n"
                              "c83Nm9nL2GQgZLBWchDPZ4FC/D2G730ueyqrB2bpGOlF333cGZ4gCIyB18f6BRVl\n"
                              "ggyjG50GdYXzV/mmsebnqDDHwe1QXxLKv1cjtFc1xou38ItWh55gIgG+w9fxiCAj\n"
                              "5CqPbdSRegQckjiljHOmRA==\n"
                              "-----END PRIVATE KEY-----\n";

static const char p256_pem[] = "-----BEGIN PRIVATE KEY-----\n"
                               "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgUh4/IKDY32Jkl1gs\n"
                               "1tg/DS+bDDRvRBORprjfvw0zLAihRANCAASnEfgSGQQa/tpHPUHB3gxIFboYaBnv\n"
                               "erJZXN6fa/EQEe/aU7v6wsIMXGVARqfiJqtIEY3kVqo/mSD8veB4nvBL\n"
                               "-----END PRIVATE KEY-----\n";

static const char p384_pem[] = "-----BEGIN PRIVATE KEY-----\n"
                               "MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDC4lRt/noZsD9F9L7o+\n"
                               "iS+qxWZI9elcCRkRnEaSllUWIiX67Hj7WLdnjFJQza0KyJqhZANiAARtoigyD8Gh\n"
                               "rEhnHnT1LnCmjllSvWgyHY5J6MveC2xZSPnKpV+wHoIwEY9XzEbIbSBMPH1xZdMm\n"
                               "FMNZC620G+7cGq3zJtOO291ntQ78m5Q4PHrd8AjgCOm5ep54mLRHFW4=\n"
                               "-----END PRIVATE KEY-----\n";

static const char p521_pem[] = "-----BEGIN PRIVATE KEY-----\n"
                               "MIHuAgEAMBAGByqGSM49AgEGBSuBBAAjBIHWMIHTAgEBBEIAAS9+zk7UQKLuUaFj\n"
                               "pvKkSZ+HOOdStzMVDxSdYnJHDY+MFcBNL904HSoF1H+weesMMrurpqlLfGmGf842\n"
                               "wbmfQe6hgYkDgYYABAB6KNP91jB2jIF8UV9XyI8iVHjO/ujTcWvSW+EXDsi+yyKS\n"
                               "vTI7iMx7anUMJ1fTvsCDsp+E/WZIBfujhob2YaKuDAF9A8Jkbf+BTYvMBzktWwZR\n"
                               "0trY0bhiy7jTcvMPcWNZ8m4/Nu/MIxIc0Gok3wLDXExV5V6ykdAn1tcfpCLkrrEM\n"
                               "5w==\n"
                               "-----END PRIVATE KEY-----\n";

static const char rsa_pss_key_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvAIBADALBgkqhkiG9w0BAQoEggSoMIIEpAIBAAKCAQEArJLf1lIaX5ouDVcZ\n"
    "Yh8DM4YvAoVh1kU/FodxIVW7HU2D+cwk5VDaFQmDyJhaKO8ZFiXs1Vc2A6W6c9V/\n"
    "nziHQnZLydbN/2Lf+bzHM1lqlqeds5dRp4ZR84xi68QJrwUsdEbWEGNQFap1ao3j\n"
    "iJfka7m2BgGa/HAnHrqLc8m6rz+Xj9gkjUTIDwBaseS3XUhsDSUxNiLmKdxsyr0K\n"
    "bI1/aXAdIfSTbISJMDefV0mL+jxrL8FiE3DktOPM03Vewefgxc/ftabfbXtRKPRG\n"
    "n+9xAnXR3UODCjSxwWn+8jKagLXYdxbA6vS5X4BWoYNUXZnmpUNZE+EF/nMyHTMe\n"
    "8koqOQIDAQABAoIBAAdW6rS4Oe13skz7TviyE971egDm5j5UJFa/InYOqehqltQn\n"
    "F/qelJZljTK77dyfF1posz0pwAH7VyjlSc/eS5mnqTxqhrHJKxs/QNsN3E9hE8UI\n"
    "q5XR14mzEswjcTAsZOIov6KpVqKbE348SG/2Zc7Hz5CRGl39CI/OXoaAseG0TA6z\n"
    "TA9/y0v2v3Nlo1vwyKE46KJukNc4I4Mj6wVErzTL4H9Zc9pWwpBTZUtD31NF+BDP\n"
    "Lg/JheuQACnm4Qd9wXDWb9jeSgHWfYjC2nTNwv0y2HJM4d+e6MDMhRSvRbbRJ0nK\n"
    "BGPNhh0eLHRNDQAiGRCnmIbaji4FOMPeh6hbsLECgYEA2NXODHln4ndnBF0PVIoD\n"
    "XKrMqi9aklzBB8OMNZjx/pD1dzmQf9xlg2QyRfsAT77hCMyB1BL+c27lC2U5V3uv\n"
    "OMZfREv3mYco7RTIFCVPGgxzWect111BUhNAudM+zw+7Th1KDZtfSIknJs9EoSBA\n"
    "fnoLnmxaCrE36XNkId2A/MMCgYEAy755UyuFvKrzCGHtC9gQ5+xXScRtHapIVP8G\n"
    "6wcilx670sy5jMCK++2bXDjgbSwkVmBPyjbKjt1yvZT/eYwAmDqzPboURfz8tujA\n"
    "l5MWY6XRdJU9iFO87uMDsOM8lWkzW8G3W+gbMWeShXYxnzmxAGFlcYU2B19a7HMq\n"
    "nGTvfVMCgYEApQkuV+47tHG+1eJinayh3HEfb1S1cfro7JjYaZ7saR45xjHpGnhM\n"
    "R1IGtZ7SYN/edYz6L8j5JDC+Ygr8NuqrteG+dsP/QzpNWw1bL4IqD6B0V3QOPwH6\n"
    "ipaeyBDRmFXX8R930p10S0ggpXhSOvTKQblwiHbdnY+/B49NIj1uRHMCgYEAmOCQ\n"
    "Orbif6GqAHUyH/v9G3j8Oi64TVUTNyuw7jOJYek+t7rD03g6ETTFqVpIE8LWdTWJ\n"
    "SUr5jF9flB8z3ukNHSyWh8+THLzqhvh4YoOMfjLSym6dICjtEDao81ZehCHO1p+x\n"
    "TLYJiXWUvK3mJ/pq9MUgECELXFbRa7Ayne0iwl8CgYBO4B9IT7tm5vUMuZKmlCJF\n"
    "bjK5piPmSiWE323cTTkC8XGrYS2kyQ4l58yhuPYzCd5132rSU13gCBuSQ3zPB1UA\n"
    "U5THVhFQsfyOAsUG1MiDxKkRFJpw+Gw26ZU4MpioyZ2U6dQnXL8Qb5cTwrhVRk2U\n"
    "s70TmeEvU89lXDmOcgi5sw==\n"
    "-----END PRIVATE KEY-----\n";

static const char ed25519_rfc8032_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
    "-----END PRIVATE KEY-----\n";

/* openssl dgst -sha256 -sign p256.pem over "ward" (DER ECDSA-Sig-Value). */
static const char p256_sig_ward[] =
    "30450220586e3f0a529c5040cc7ce2f6df6a40e2518e699a89844dc4419240d3b23ace98022100d12a0f061a8076a0"
    "0ddc0d611586586c54865c39b4b99033f053d4c07710e964";
/* openssl dgst -sha256 -sign rsa.pem -sigopt rsa_padding_mode:pss
 * -sigopt rsa_pss_saltlen:digest over "ward". */
static const char rsa_pss_sig_ward[] =
    "1253a87e24425ed76ef4b00f3d98a0ebe21c4eac31de1e6799849c113905c870"
    "165f79d43d85d17044f63103e2e7d280aa0b62b6e6bee300e12cba846dfe296d"
    "7de017f1e5475106a41fc90e2a0ff50a5d11731beb7921882e360fc7a70f9ec8"
    "5bc957560eb4f1f61b88830d41675c48ab4a3dd3c1125550755f91a2a4fee2a4"
    "0e435ef652bbbbfc9ce2f974d82b6c6942190218752afee0f134d9419f387d41"
    "f4451babd8647901a5f291b2a0c9799626ef02bd3d3c87a14019afe57472a398"
    "574b513aef32729ce5e263c8f093313e4fd91657640374f7fffb7615dc65023b"
    "23ab90fb48880d119f45697931f29b0eb5334746369b7eb009fcd871355a52d1";

/* The same with -sigopt rsa_pss_saltlen:0: RFC 8446 4.2.3 wants salt = hash length. */
static const char rsa_pss_salt0_sig_ward[] =
    "5393a08dbf38d4a0952dfa813a4c9f67858a1c6cf3e7bbe8c56ef9437d8f2179"
    "7c9584ddc29e9aabd19b15cd2f89a3e0a0d7895bfc8bcbfd4ecea86350cc889f"
    "fe395d7ab8e51b0b9ec019652bc6a2ed811ea625458ba9c422cf3e21734502f0"
    "e1b305bbc21507d979773bb09b0e6e8aebf9a5d17281343ce2495edb7fea8b9b"
    "623cc56b3a69065d8fc4c13671a7c0b128b987eda3e3cc8336d4eb8b562182a9"
    "b9a9dccfa50a75a8c7bce5d75d352dac8ea95eef369623032af9fbb6e588c84c"
    "89e2ff35153fe100c7692e6e56ce93618e8e123821dd6b9e549684430e6f4d07"
    "08dd3504a91a8c998825248b5aef481149d8ffb30f27fa766e0b5be805032234";

/* A P-256 key encrypted with a pass phrase. */
static const char encrypted_pem[] =
    "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
    "MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAiIi06maACvpgICCAAw\n"
    "DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEPp1apd+Ht3PkBvicZyNWREEgZAu\n"
    "1LA7RS49n3HUUh79WHG+aucw7j1nlLn8B2yKhDFc14YBQAKzdlH3yTO/Q1mwdYcS\n"
    "/U0zlST+PEQrt/oGHuSb9lHBlRW1sshbqK5ayn9T7kZ8jJJ+yXrZGuI8G98HUc5F\n"
    "4x3uNucdkUzqJETt9loAqz18/Tx2EUVKIbDSk63/lt00U1ROP5GivWAFI9sRLxc=\n"
    "-----END ENCRYPTED PRIVATE KEY-----\n";

static pkey *load(const char *pem)
{
    pkey *k = NULL;
    assert_int_equal(pkey_from_pem(pem, strlen(pem), &k), WARD_OK);
    assert_non_null(k);
    return k;
}

static void test_load(void **state)
{
    (void)state;
    pkey *k = load(rsa_pem);
    assert_int_equal(pkey_type(k), KEY_RSA);
    assert_int_equal(pkey_bits(k), 2048);
    pkey_free(k);
    k = load(p256_pem);
    assert_int_equal(pkey_type(k), KEY_EC_P256);
    assert_int_equal(pkey_bits(k), 256);
    pkey_free(k);
    k = load(p384_pem);
    assert_int_equal(pkey_type(k), KEY_EC_P384);
    assert_int_equal(pkey_bits(k), 384);
    pkey_free(k);
    k = load(ed25519_rfc8032_pem);
    assert_int_equal(pkey_type(k), KEY_ED25519);
    pkey_free(k);
    assert_int_equal(pkey_type(NULL), 0);
    pkey_free(NULL);
}

static void test_load_rejects(void **state)
{
    (void)state;
    pkey *k = (pkey *)1;
    /* Unsupported key types. */
    assert_int_equal(pkey_from_pem(p521_pem, strlen(p521_pem), &k), WARD_E_CONFIG);
    assert_null(k);
    assert_int_equal(pkey_from_pem(rsa_pss_key_pem, strlen(rsa_pss_key_pem), &k), WARD_E_CONFIG);
    /* Encrypted: refused without prompting for a pass phrase. */
    assert_int_equal(pkey_from_pem(encrypted_pem, strlen(encrypted_pem), &k), WARD_E_CONFIG);
    /* Garbage, truncation, empty. */
    assert_int_equal(pkey_from_pem("hello", 5, &k), WARD_E_CONFIG);
    assert_int_equal(pkey_from_pem(p256_pem, strlen(p256_pem) / 2, &k), WARD_E_CONFIG);
    assert_int_equal(pkey_from_pem(p256_pem, 0, &k), WARD_E_INVALID_ARGUMENT);
}

static void test_refcount(void **state)
{
    (void)state;
    pkey *k = load(p256_pem);
    assert_ptr_equal(pkey_ref(k), k);
    pkey_free(k);
    /* Still alive through the second reference. */
    assert_int_equal(pkey_type(k), KEY_EC_P256);
    pkey_free(k);
    assert_null(pkey_ref(NULL));
}

static void test_fits(void **state)
{
    (void)state;
    pkey *rsa = load(rsa_pem), *p256 = load(p256_pem), *p384 = load(p384_pem),
         *ed = load(ed25519_rfc8032_pem);
    static const uint16_t rsa_ok[] = {SIG_RSA_PSS_RSAE_SHA256, SIG_RSA_PSS_RSAE_SHA384,
                                      SIG_RSA_PSS_RSAE_SHA512, SIG_RSA_PKCS1_SHA256,
                                      SIG_RSA_PKCS1_SHA384,    SIG_RSA_PKCS1_SHA512};
    for (size_t i = 0; i < 6; i++) {
        assert_true(sig_scheme_fits_key(rsa_ok[i], rsa));
        assert_false(sig_scheme_fits_key(rsa_ok[i], p256));
        assert_false(sig_scheme_fits_key(rsa_ok[i], ed));
    }
    assert_false(sig_scheme_fits_key(SIG_RSA_PSS_PSS_SHA256, rsa));
    assert_false(sig_scheme_fits_key(SIG_ECDSA_SECP256R1_SHA256, rsa));
    assert_true(sig_scheme_fits_key(SIG_ECDSA_SECP256R1_SHA256, p256));
    assert_false(sig_scheme_fits_key(SIG_ECDSA_SECP384R1_SHA384, p256));
    assert_false(sig_scheme_fits_key(SIG_ECDSA_SECP521R1_SHA512, p256));
    assert_true(sig_scheme_fits_key(SIG_ECDSA_SECP384R1_SHA384, p384));
    assert_false(sig_scheme_fits_key(SIG_ECDSA_SECP256R1_SHA256, p384));
    assert_true(sig_scheme_fits_key(SIG_ED25519, ed));
    assert_false(sig_scheme_fits_key(SIG_ED25519, p256));
    assert_false(sig_scheme_fits_key(0x0807, NULL));
    assert_false(sig_scheme_fits_key(0x0000, rsa));
    pkey_free(rsa);
    pkey_free(p256);
    pkey_free(p384);
    pkey_free(ed);
}

static const uint8_t tbs[] = "                                                                "
                             "TLS 1.3, server CertificateVerify";

/* Signs, verifies, then checks that every kind of damage is refused. */
static void round_trip(const char *pem, uint16_t scheme)
{
    pkey *k = load(pem);
    uint8_t sig[CRYPTO_MAX_SIG];
    size_t len = 0;
    assert_int_equal(sig_sign(k, scheme, tbs, sizeof tbs, sig, sizeof sig, &len), WARD_OK);
    assert_true(len > 0 && len <= CRYPTO_MAX_SIG);
    assert_int_equal(sig_verify(k, scheme, tbs, sizeof tbs, sig, len), WARD_OK);

    /* One flipped bit anywhere: first, middle and last byte. */
    size_t where[] = {0, len / 2, len - 1};
    for (size_t i = 0; i < 3; i++) {
        sig[where[i]] ^= 0x01;
        assert_int_equal(sig_verify(k, scheme, tbs, sizeof tbs, sig, len), WARD_E_BAD_SIGNATURE);
        sig[where[i]] ^= 0x01;
    }
    /* A different message, a truncated and an overlong signature, no signature. */
    assert_int_equal(sig_verify(k, scheme, tbs, sizeof tbs - 1, sig, len), WARD_E_BAD_SIGNATURE);
    assert_int_equal(sig_verify(k, scheme, tbs, sizeof tbs, sig, len - 1), WARD_E_BAD_SIGNATURE);
    sig[len] = 0;
    assert_int_equal(sig_verify(k, scheme, tbs, sizeof tbs, sig, len + 1), WARD_E_BAD_SIGNATURE);
    assert_int_equal(sig_verify(k, scheme, tbs, sizeof tbs, sig, 0), WARD_E_BAD_SIGNATURE);
    assert_int_equal(sig_verify(k, scheme, tbs, sizeof tbs, NULL, 0), WARD_E_BAD_SIGNATURE);
    /* The state is not sticky: the good signature still verifies. */
    assert_int_equal(sig_verify(k, scheme, tbs, sizeof tbs, sig, len), WARD_OK);
    /* Too little room for the signature. */
    assert_int_equal(sig_sign(k, scheme, tbs, sizeof tbs, sig, 8, &len), WARD_E_INVALID_ARGUMENT);
    pkey_free(k);
}

static void test_round_trips(void **state)
{
    (void)state;
    round_trip(rsa_pem, SIG_RSA_PSS_RSAE_SHA256);
    round_trip(rsa_pem, SIG_RSA_PSS_RSAE_SHA384);
    round_trip(rsa_pem, SIG_RSA_PSS_RSAE_SHA512);
    round_trip(rsa_pem, SIG_RSA_PKCS1_SHA256);
    round_trip(rsa_pem, SIG_RSA_PKCS1_SHA384);
    round_trip(rsa_pem, SIG_RSA_PKCS1_SHA512);
    round_trip(p256_pem, SIG_ECDSA_SECP256R1_SHA256);
    round_trip(p384_pem, SIG_ECDSA_SECP384R1_SHA384);
    round_trip(ed25519_rfc8032_pem, SIG_ED25519);
}

/* A signature made under one RSA scheme does not verify under another. */
static void test_rsa_schemes_distinct(void **state)
{
    (void)state;
    pkey *k = load(rsa_pem);
    uint8_t sig[CRYPTO_MAX_SIG];
    size_t len;
    assert_int_equal(sig_sign(k, SIG_RSA_PKCS1_SHA256, tbs, sizeof tbs, sig, sizeof sig, &len),
                     WARD_OK);
    assert_int_equal(sig_verify(k, SIG_RSA_PSS_RSAE_SHA256, tbs, sizeof tbs, sig, len),
                     WARD_E_BAD_SIGNATURE);
    assert_int_equal(sig_verify(k, SIG_RSA_PKCS1_SHA384, tbs, sizeof tbs, sig, len),
                     WARD_E_BAD_SIGNATURE);
    assert_int_equal(sig_sign(k, SIG_RSA_PSS_RSAE_SHA256, tbs, sizeof tbs, sig, sizeof sig, &len),
                     WARD_OK);
    assert_int_equal(sig_verify(k, SIG_RSA_PKCS1_SHA256, tbs, sizeof tbs, sig, len),
                     WARD_E_BAD_SIGNATURE);
    assert_int_equal(sig_verify(k, SIG_RSA_PSS_RSAE_SHA384, tbs, sizeof tbs, sig, len),
                     WARD_E_BAD_SIGNATURE);
    pkey_free(k);
}

static void test_wrong_scheme_for_key(void **state)
{
    (void)state;
    pkey *p256 = load(p256_pem), *rsa = load(rsa_pem), *ed = load(ed25519_rfc8032_pem);
    uint8_t sig[CRYPTO_MAX_SIG];
    size_t len;
    assert_int_equal(
        sig_sign(p256, SIG_ECDSA_SECP384R1_SHA384, tbs, sizeof tbs, sig, sizeof sig, &len),
        WARD_E_INVALID_ARGUMENT);
    assert_int_equal(
        sig_sign(p256, SIG_RSA_PSS_RSAE_SHA256, tbs, sizeof tbs, sig, sizeof sig, &len),
        WARD_E_INVALID_ARGUMENT);
    assert_int_equal(sig_sign(rsa, SIG_ED25519, tbs, sizeof tbs, sig, sizeof sig, &len),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(sig_sign(rsa, SIG_RSA_PSS_PSS_SHA256, tbs, sizeof tbs, sig, sizeof sig, &len),
                     WARD_E_INVALID_ARGUMENT);
    assert_int_equal(
        sig_sign(ed, SIG_ECDSA_SECP256R1_SHA256, tbs, sizeof tbs, sig, sizeof sig, &len),
        WARD_E_INVALID_ARGUMENT);

    assert_int_equal(
        sig_sign(p256, SIG_ECDSA_SECP256R1_SHA256, tbs, sizeof tbs, sig, sizeof sig, &len),
        WARD_OK);
    assert_int_equal(sig_verify(p256, SIG_ECDSA_SECP384R1_SHA384, tbs, sizeof tbs, sig, len),
                     WARD_E_ILLEGAL_PARAMETER);
    assert_int_equal(sig_verify(rsa, SIG_ECDSA_SECP256R1_SHA256, tbs, sizeof tbs, sig, len),
                     WARD_E_ILLEGAL_PARAMETER);
    assert_int_equal(sig_verify(p256, 0x0201, tbs, sizeof tbs, sig, len), /* ecdsa_sha1 */
                     WARD_E_ILLEGAL_PARAMETER);
    pkey_free(p256);
    pkey_free(rsa);
    pkey_free(ed);
}

/* RFC 8032 7.1 TEST 1: the empty message. Ed25519 is deterministic. */
static void test_ed25519_rfc8032(void **state)
{
    (void)state;
    pkey *k = load(ed25519_rfc8032_pem);
    uint8_t want[64], sig[CRYPTO_MAX_SIG];
    unhex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
          "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
          want, sizeof want);
    size_t len;
    assert_int_equal(sig_sign(k, SIG_ED25519, NULL, 0, sig, sizeof sig, &len), WARD_OK);
    assert_int_equal(len, 64);
    assert_memory_equal(sig, want, 64);
    assert_int_equal(sig_verify(k, SIG_ED25519, NULL, 0, want, 64), WARD_OK);
    pkey_free(k);
}

/* Signatures made by another tool verify: the encodings are the ones on the wire. */
static void test_openssl_made_signatures(void **state)
{
    (void)state;
    uint8_t sig[CRYPTO_MAX_SIG];
    pkey *k = load(p256_pem);
    size_t len = unhex(p256_sig_ward, sig, sizeof sig);
    assert_int_equal(
        sig_verify(k, SIG_ECDSA_SECP256R1_SHA256, (const uint8_t *)"ward", 4, sig, len), WARD_OK);
    assert_int_equal(
        sig_verify(k, SIG_ECDSA_SECP256R1_SHA256, (const uint8_t *)"warD", 4, sig, len),
        WARD_E_BAD_SIGNATURE);
    /* Raw r||s instead of DER is malformed. */
    assert_int_equal(
        sig_verify(k, SIG_ECDSA_SECP256R1_SHA256, (const uint8_t *)"ward", 4, sig + 4, 64),
        WARD_E_BAD_SIGNATURE);
    pkey_free(k);

    k = load(rsa_pem);
    len = unhex(rsa_pss_sig_ward, sig, sizeof sig);
    assert_int_equal(len, 256);
    assert_int_equal(sig_verify(k, SIG_RSA_PSS_RSAE_SHA256, (const uint8_t *)"ward", 4, sig, len),
                     WARD_OK);
    len = unhex(rsa_pss_salt0_sig_ward, sig, sizeof sig);
    assert_int_equal(sig_verify(k, SIG_RSA_PSS_RSAE_SHA256, (const uint8_t *)"ward", 4, sig, len),
                     WARD_E_BAD_SIGNATURE);
    pkey_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_load_rejects),
        cmocka_unit_test(test_refcount),
        cmocka_unit_test(test_fits),
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_rsa_schemes_distinct),
        cmocka_unit_test(test_wrong_scheme_for_key),
        cmocka_unit_test(test_ed25519_rfc8032),
        cmocka_unit_test(test_openssl_made_signatures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
