/* fuzz_trace.c -- ward_trace_print on arbitrary bytes, to /dev/null. First
 * byte: the event kind (any value, so unknown kinds are covered too); second:
 * the direction (bit 0); the rest: the event's bytes. */
#include <stdio.h>
#include <stdlib.h>

#include "ward.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    devnull = fopen("/dev/null", "w");
    if (devnull == NULL)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    ward_trace_kind kind = (ward_trace_kind)(data[0] % 8);
    ward_trace_print(devnull, data[1] & 1, kind, data + 2, size - 2);
    return 0;
}
