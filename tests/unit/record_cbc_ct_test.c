/* record_cbc_ct_test.c -- the TLS 1.2 CBC record check is constant time in the
 * decrypted contents (src/record/record_cbc.c), checked with valgrind memcheck.
 *
 * Through the record_cbc_secret hook, every byte of a record is marked undefined
 * right after decryption: the plaintext, the MAC, the padding and its length
 * byte. memcheck then reports any conditional jump or memory address that
 * depends on them -- in ward's padding check, MAC extraction and comparison, and
 * in libcrypto's SHA compression calls of the constant-time HMAC -- until the
 * record_cbc_public hook marks the verdict (and then the plaintext length)
 * defined again. The records cover good ones, bad padding, bad MAC, both, the
 * longest padding and padding lengths past the record, for each MAC and for
 * both MAC-then-encrypt and encrypt-then-MAC.
 *
 * Outside valgrind the client requests do nothing and only the results are
 * checked. `make test-valgrind` (scripts/valgrind-unit.sh) and the ctest entry
 * valgrind/record_cbc_ct run it under memcheck. With --control the verdict is
 * never marked defined, so memcheck must report the branch on it: the ctest
 * entry valgrind/record_cbc_ct_control expects that failure, showing that the
 * tainting reaches the verdict through the whole check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <valgrind/memcheck.h>

#include "cbc_ref.h"
#include "record/record.h"
#include "record/record_cbc.h"

static const uint8_t MAC_KEY[48] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa,
                                    0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x10, 0x20, 0x30, 0x40, 0x50};
static const uint8_t ENC_KEY[32] = {0x0f, 0x0e, 0x0d, 0x0c, 0x0b, 0x0a, 0x09, 0x08,
                                    0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 0x00};

static bool control_mode;

static void taint(const void *p, size_t n)
{
    VALGRIND_MAKE_MEM_UNDEFINED(p, n);
}

static void release(const void *p, size_t n)
{
    VALGRIND_MAKE_MEM_DEFINED(p, n);
}

/* One record built by the reference, opened with the hooks installed. */
typedef struct ct_case {
    size_t n;
    int pad_len, bad_pad_at, last_byte;
    bool bad_mac;
    int want;
} ct_case;

static void open_case(const cbc_ref *k, const ct_case *c, uint8_t *rec, const uint8_t *msg)
{
    record_dir d;
    memset(&d, 0, sizeof d);
    assert_int_equal(
        record_dir_set_tls12_cbc(&d, k->cipher, k->mac, MAC_KEY, ENC_KEY, k->etm, false), WARD_OK);
    cbc_ref_rec r = cbc_ref_rec_of(0, CT_APPLICATION_DATA, msg, c->n);
    r.pad_len = c->pad_len;
    r.bad_pad_at = c->bad_pad_at;
    r.last_byte = c->last_byte;
    r.bad_mac = c->bad_mac;
    size_t len = cbc_ref_seal(k, &r, rec);

    record_cbc_secret = taint;
    record_cbc_public = control_mode ? NULL : release;
    uint8_t type, *pt;
    size_t n = 0;
    int rc = record_open(&d, rec, len, &type, &pt, &n);
    record_cbc_secret = NULL;
    record_cbc_public = NULL;
    VALGRIND_MAKE_MEM_DEFINED(rec, len); /* the test itself may look now */
    VALGRIND_MAKE_MEM_DEFINED(&rc, sizeof rc);
    assert_int_equal(rc, c->want);
    if (rc == WARD_OK) {
        assert_int_equal(n, c->n);
        assert_memory_equal(pt, msg, n);
    }
    record_dir_clear(&d);
}

/* The cases for one suite; pad is a legal padding length above the minimum. */
static void run_suite(const cbc_ref *k, uint8_t *rec, const uint8_t *msg)
{
    size_t mac = cbc_mac_size(k->mac);
    /* n = 0 is empty application data: legal */
    for (size_t n = 0; n <= 600; n += 97) {
        size_t inner = n + (k->etm ? 0 : mac);
        int min_pad = (int)(15 - inner % 16), max_pad = min_pad + 16 * ((255 - min_pad) / 16);
        const ct_case cases[] = {
            {n, -1, -1, -1, false, WARD_OK},
            {n, max_pad, -1, -1, false, WARD_OK},
            {n, -1, -1, -1, true, WARD_E_BAD_RECORD_MAC},
            {n, max_pad, 0, -1, false, WARD_E_BAD_RECORD_MAC},
            {n, max_pad, max_pad / 2, -1, false, WARD_E_BAD_RECORD_MAC},
            {n, min_pad, -1, 255, false, WARD_E_BAD_RECORD_MAC},
            {n, max_pad, 0, -1, true, WARD_E_BAD_RECORD_MAC},
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
            open_case(k, &cases[i], rec, msg);
    }
}

static void test_check_is_constant_time(void **state)
{
    (void)state;
    static const hash_alg macs[] = {HASH_SHA1, HASH_SHA256, HASH_SHA384};
    uint8_t *rec = calloc(1, CBC_REF_MAX_RECORD), *msg = malloc(600);
    assert_non_null(rec);
    assert_non_null(msg);
    for (size_t i = 0; i < 600; i++)
        msg[i] = (uint8_t)(i * 13 + 1);
    for (size_t m = 0; m < 3; m++) {
        for (int etm = 0; etm < 2; etm++) {
            cbc_ref k = {m == 1 ? CBC_AES_256 : CBC_AES_128, macs[m], etm, MAC_KEY, ENC_KEY};
            run_suite(&k, rec, msg);
            if (control_mode)
                break;
        }
        if (control_mode)
            break;
    }
    free(rec);
    free(msg);
}

int main(int argc, char **argv)
{
    control_mode = argc > 1 && strcmp(argv[1], "--control") == 0;
    if (!RUNNING_ON_VALGRIND)
        fprintf(stderr, "record_cbc_ct_test: not under valgrind: results only, no taint check\n");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_is_constant_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
