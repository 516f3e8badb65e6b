/* ct.h -- constant-time masks for code that handles secret values.
 *
 * A mask is all ones (true) or all zeros (false). Each helper is branch-free
 * arithmetic on its arguments, and ct_barrier keeps the compiler from turning a
 * mask back into a conditional jump. Arguments must be below 2^(width-1) for the
 * comparisons (record lengths always are). Used by the TLS 1.2 CBC record check
 * (Lucky Thirteen countermeasure), where the padding length is secret.
 */
#ifndef WARD_BASE_CT_H
#define WARD_BASE_CT_H

#include <stddef.h>
#include <stdint.h>

/* Hides the value from the optimizer: it can no longer know a mask is 0 or ~0.
 * Also used on a loop index that is compared with a secret: without it the
 * compiler may fold index - secret into one induction variable and then form
 * the loop's addresses and exit test from it (same values, but computed from
 * the secret, which memcheck rightly reports). */
static inline size_t ct_barrier(size_t x)
{
    __asm__("" : "+r"(x));
    return x;
}

/* The top bit of x spread over the whole word. */
static inline size_t ct_msb_mask(size_t x)
{
    return (size_t)0 - ct_barrier(x >> (sizeof(size_t) * 8 - 1));
}

/* a < b (both below 2^(width-1)). */
static inline size_t ct_lt_mask(size_t a, size_t b)
{
    return ct_msb_mask(a - b);
}

/* a >= b */
static inline size_t ct_ge_mask(size_t a, size_t b)
{
    return ~ct_lt_mask(a, b);
}

/* a <= b */
static inline size_t ct_le_mask(size_t a, size_t b)
{
    return ~ct_lt_mask(b, a);
}

/* x == 0 (any x) */
static inline size_t ct_zero_mask(size_t x)
{
    return ct_msb_mask(~x & (x - 1));
}

/* a == b */
static inline size_t ct_eq_mask(size_t a, size_t b)
{
    return ct_zero_mask(a ^ b);
}

/* mask ? a : b */
static inline size_t ct_select(size_t mask, size_t a, size_t b)
{
    return (a & mask) | (b & ~mask);
}

static inline uint8_t ct_select_u8(size_t mask, uint8_t a, uint8_t b)
{
    return (uint8_t)ct_select(mask, a, b);
}

#endif
