/* mem.h -- secret hygiene: wiping and constant-time comparison. */
#ifndef WARD_BASE_MEM_H
#define WARD_BASE_MEM_H

#include <stddef.h>
#include <stdint.h>

/* Overwrites n bytes with zeros in a way the compiler cannot elide. */
void mem_wipe(void *p, size_t n);

/* 1 when the n bytes of a and b are equal, else 0; time depends on n only. */
int mem_ct_equal(const void *a, const void *b, size_t n);

/* Wipes then frees a heap block of n bytes. NULL is accepted. */
void mem_free_secret(void *p, size_t n);

#endif
