/* mem.c -- secret hygiene. */
#include "base/mem.h"

#include <stdlib.h>
#include <string.h>

void mem_wipe(void *p, size_t n)
{
    if (p == NULL || n == 0)
        return;
    /* A volatile function pointer keeps the compiler from dropping the memset of a
     * buffer that is about to die. */
    static void *(*const volatile memset_v)(void *, int, size_t) = memset;
    memset_v(p, 0, n);
}

int mem_ct_equal(const void *a, const void *b, size_t n)
{
    const volatile uint8_t *x = a;
    const volatile uint8_t *y = b;
    uint8_t diff = 0;
    for (size_t i = 0; i < n; i++)
        diff |= (uint8_t)(x[i] ^ y[i]);
    return (int)(1 & ((uint32_t)(diff - 1) >> 8));
}

void mem_free_secret(void *p, size_t n)
{
    if (p == NULL)
        return;
    mem_wipe(p, n);
    free(p);
}
