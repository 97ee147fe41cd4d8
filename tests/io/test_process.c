/*
 * tests/io/test_process.c — io/process.c: the executable refuses printf
 * hooks (so that libquadmath, loaded through igraph, registers none and
 * printf stays on glibc's fast path), and the set-up returns without a
 * restart when GLIBC_TUNABLES is already set.
 */
#include "io/process.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GLIBC__)
#include <printf.h>

static void no_arg(void *mem, va_list *ap)
{
    (void)mem;
    (void)ap;
}

/* The refusal is the one linked in from io/process.c, not glibc's. */
static void test_printf_hooks_are_refused(void **state)
{
    (void)state;
    errno = 0;
    assert_int_equal(register_printf_type(no_arg), -1);
    assert_int_equal(errno, ENOSYS);
}
#endif

/* With the variable set nothing restarts: the call returns here, and
 * printf still formats numbers as glibc does. */
static void test_setup_returns_when_the_variable_is_set(void **state)
{
    (void)state;
    assert_int_equal(setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=0", 1), 0);
    char *argv[] = {(char *)"test_io_process", NULL};
    lsn_process_setup(argv);
    assert_string_equal(getenv("GLIBC_TUNABLES"), "glibc.malloc.hugetlb=0");
    char buf[64];
    snprintf(buf, sizeof(buf), "%d %.3g %s", 42, 0.125, "x");
    assert_string_equal(buf, "42 0.125 x");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#if defined(__GLIBC__)
        cmocka_unit_test(test_printf_hooks_are_refused),
#endif
        cmocka_unit_test(test_setup_returns_when_the_variable_is_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
