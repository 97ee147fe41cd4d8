/*
 * io/process.c — glibc tuned for a run that builds a few hundred megabytes,
 * keeps most of them and prints tens of megabytes.
 *
 * The allocator. On a virtual machine every fresh 4 KiB page costs a fault, about
 * 10 us here, and a 20,000-person analyze touches some 100,000 of them (a
 * tenth of its CPU time). Backed by 2 MiB pages the same heap takes about
 * 18,000 faults. Debian's kernel gives huge pages only to memory marked
 * with madvise(MADV_HUGEPAGE), and glibc marks its heap only when the
 * glibc.malloc.hugetlb tunable says so, which it reads from the environment
 * before main() runs: hence the one restart. (Large arrays also ask for huge pages one by one,
 * lsn_advise_huge() in io/vec.c, which helps when the restart is not done.)
 *
 * printf. igraph pulls in libquadmath (through ARPACK and libgfortran),
 * whose constructor registers printf hooks for __float128 (%Qf); once any
 * hook is registered glibc formats every printf of the process on its slow
 * positional path, about 1.4 times the cost (igraph's GraphML writer, the
 * tables and the diagrams print a great deal). liaison prints no
 * __float128: register_printf_type() below, exported by the executable and
 * so found before glibc's, refuses, and libquadmath then registers nothing
 * (quadmath_snprintf does not depend on the hooks).
 *
 * jansson. Its values come from io/json_arena.c, which a program must
 * choose before it makes any (a library leaves jansson's allocator alone).
 * Not under valgrind, whose checks want every value a malloc() of its own.
 */
#include "io/process.h"

#include "io/json_arena.h"

#include <errno.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#include <printf.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define LSN_OWN_ALLOCATOR 1 /* the sanitizer's allocator ignores glibc's tunables */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define LSN_OWN_ALLOCATOR 1
#endif
#endif

#if defined(__GLIBC__) && !defined(LSN_OWN_ALLOCATOR)
/* True when the kernel's policy is "madvise": huge pages for the memory
 * that asks (with "always" every heap has them already, with "never" none
 * can). */
static bool huge_pages_on_request(void)
{
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    char line[128] = "";
    if (f == NULL) {
        return false;
    }
    bool ok = fgets(line, sizeof(line), f) != NULL && strstr(line, "[madvise]") != NULL;
    fclose(f);
    return ok;
}

#endif

static bool under_valgrind(void)
{
    const char *pre = getenv("LD_PRELOAD");
    return pre != NULL && strstr(pre, "vgpreload") != NULL;
}

void lsn_process_setup(char **argv)
{
#if defined(__GLIBC__) && !defined(LSN_OWN_ALLOCATOR)
    if (argv != NULL && argv[0] != NULL && getenv("GLIBC_TUNABLES") == NULL &&
        !under_valgrind() && huge_pages_on_request() &&
        setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) == 0) {
        execv("/proc/self/exe", argv);
        unsetenv("GLIBC_TUNABLES"); /* no restart: carry on with 4 KiB pages */
    }
    /* The loader builds and frees a store per file: by default glibc hands
     * the top of the heap back to the kernel after nearly every file and
     * faults the same pages in again for the next. Keep freed memory for
     * reuse instead. */
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    /* No fast bins. Each diagram is a cgraph graph of thousands of small
     * objects freed at once; freed into fast bins, they are all walked
     * again (malloc_consolidate) by the next allocation of 1 KiB or more,
     * which the next diagram makes at once: a quarter of the diagrams'
     * time at 100,000 people (2,124 unit files). Small blocks still go
     * through the per-thread cache first. */
    mallopt(M_MXFAST, 0);
#else
    (void)argv;
#endif
    if (!under_valgrind()) {
        (void)lsn_json_arena_install(); /* without it: malloc(), as before */
    }
}

#if defined(__GLIBC__)
int register_printf_type(printf_va_arg_function *fct)
{
    (void)fct;
    errno = ENOSYS;
    return -1;
}
#endif
