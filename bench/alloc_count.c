/* alloc_count.c -- counts live heap bytes, the same way for both stacks.
 *
 * The bench binary defines malloc, free, calloc, realloc and the aligned
 * variants itself (glibc supports replacing them) and forwards to glibc's
 * __libc_* entry points, adding and subtracting malloc_usable_size() of every
 * block. Because the executable's definitions interpose process-wide, this sees
 * ward's own allocations, libcrypto's (CRYPTO_malloc calls malloc) and
 * libssl's, with identical accounting: usable bytes, without glibc's 8-byte
 * chunk header. The counter is a plain global: the bench is single-threaded.
 *
 * Under AddressSanitizer (WARD_SANITIZE builds) replacing malloc is not
 * possible; there the sanitizer allocator's own statistics are used. */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"

#ifdef BENCH_ASAN

size_t __sanitizer_get_current_allocated_bytes(void);

long long alloc_live_bytes(void)
{
    return (long long)__sanitizer_get_current_allocated_bytes();
}

const char *alloc_method(void)
{
    return "AddressSanitizer allocator statistics (requested bytes)";
}

#else

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);
void *__libc_memalign(size_t align, size_t n);
void __libc_free(void *p);

static long long live;

long long alloc_live_bytes(void)
{
    return live;
}

const char *alloc_method(void)
{
    return "malloc/calloc/realloc/free interposed in the bench binary, counting "
           "malloc_usable_size() (sees ward, libcrypto and libssl alike)";
}

static void *counted(void *p)
{
    if (p)
        live += (long long)malloc_usable_size(p);
    return p;
}

void *malloc(size_t n)
{
    return counted(__libc_malloc(n));
}

void *calloc(size_t n, size_t size)
{
    return counted(__libc_calloc(n, size));
}

void free(void *p)
{
    if (p) {
        live -= (long long)malloc_usable_size(p);
        __libc_free(p);
    }
}

void *realloc(void *old, size_t n)
{
    long long before = old ? (long long)malloc_usable_size(old) : 0;
    void *p = __libc_realloc(old, n);
    if (p)
        live += (long long)malloc_usable_size(p) - before;
    else if (n == 0)
        live -= before; /* glibc: realloc(p, 0) frees p */
    return p;
}

void *reallocarray(void *old, size_t n, size_t size)
{
    if (size && n > (size_t)-1 / size) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(old, n * size);
}

void *memalign(size_t align, size_t n)
{
    return counted(__libc_memalign(align, n));
}

void *aligned_alloc(size_t align, size_t n)
{
    return counted(__libc_memalign(align, n));
}

int posix_memalign(void **out, size_t align, size_t n)
{
    if (align < sizeof(void *) || (align & (align - 1)) != 0)
        return EINVAL;
    void *p = counted(__libc_memalign(align, n));
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

void *valloc(size_t n)
{
    return counted(__libc_memalign((size_t)sysconf(_SC_PAGESIZE), n));
}

void *pvalloc(size_t n)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    return counted(__libc_memalign(page, (n + page - 1) & ~(page - 1)));
}

#endif
