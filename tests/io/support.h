/*
 * tests/io/support.h — shared harness of test_outlook.c and test_msgraph.c
 * (support.c). The names are the tests' own; each test program links one
 * copy.
 */
#ifndef LSN_TESTS_IO_SUPPORT_H
#define LSN_TESTS_IO_SUPPORT_H

#include "io/model.h"

#include <stddef.h>
#include <stdint.h>

#define MAX_WARNINGS 16

/** Warnings captured by capture_warning() since setup(). */
struct support_warnings {
    int count;
    char message[MAX_WARNINGS][512];
};
extern struct support_warnings warnings;

extern lsn_org *org;           /* loaded by support_load_org() in group setup */
extern lsn_calendar *owned[4]; /* calendars teardown() frees */
extern size_t nowned;

/** Load the fixture roster into `org`; 0, or -1 after printing the error. */
int support_load_org(const char *people);

void capture_warning(void *ud, const char *message);
int group_teardown(void **state);
int setup(void **state);
int teardown(void **state);
void print_warnings(void);
void assert_warned(const char *message);
int64_t utc(const char *iso);

#endif
