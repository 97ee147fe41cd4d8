/*
 * tests/io/test_fsutil.c — `mkdir -p`, path joining and opening a file to
 * write (io/fsutil.c) in a fresh temporary folder: missing parents are made,
 * an existing folder is fine, a file in the way is refused with the path
 * that failed; a file written again is a new file, while a symbolic link
 * and a hard-linked file are written through.
 */
#include "io/fsutil.h"

#include "io/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp[] = "/tmp/lsn-fsutil-XXXXXX";

static int group_setup(void **state)
{
    (void)state;
    return mkdtemp(tmp) != NULL ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void test_make_dir_makes_every_missing_parent(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof(path), "%s/out/sample/deep", tmp);
    assert_int_equal(lsn_fs_make_dir(path), LSN_OK);
    assert_true(is_dir(path));
    /* Again, and with a trailing slash: an existing folder is fine. */
    assert_int_equal(lsn_fs_make_dir(path), LSN_OK);
    snprintf(path, sizeof(path), "%s/out/sample/", tmp);
    assert_int_equal(lsn_fs_make_dir(path), LSN_OK);
}

static void test_make_dir_refuses_a_file_in_the_way(void **state)
{
    (void)state;
    char file[256], path[300], expected[400];
    snprintf(file, sizeof(file), "%s/report.json", tmp);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    /* The file itself: it exists, but it is not a folder. */
    assert_int_equal(lsn_fs_make_dir(file), LSN_EIO);
    snprintf(expected, sizeof(expected), "%s: cannot create: not a folder", file);
    assert_string_equal(lsn_error_last(), expected);
    /* A folder under it: the part that failed is named. */
    snprintf(path, sizeof(path), "%s/sub", file);
    assert_int_equal(lsn_fs_make_dir(path), LSN_EIO);
    snprintf(expected, sizeof(expected), "%s: cannot create: Not a directory", path);
    assert_string_equal(lsn_error_last(), expected);
    assert_false(is_dir(path));
}

static void test_make_dir_refuses_a_name_too_long(void **state)
{
    (void)state;
    char *path = malloc(5001);
    assert_non_null(path);
    memset(path, 'a', 5000);
    path[5000] = '\0';
    assert_int_equal(lsn_fs_make_dir(path), LSN_EIO);
    /* "PATH: cannot create: name too long", cut where io/error.c's message
     * ends (1023 bytes): here, inside the path. */
    const char *msg = lsn_error_last();
    assert_int_equal(strlen(msg), 1023);
    assert_int_equal(strncmp(msg, path, 1023), 0);
    /* Shorter than the limit of 4095 bytes, the same name is made. */
    snprintf(path, 5001, "%s/", tmp);
    memset(path + strlen(path), 'b', 200);
    path[strlen(tmp) + 201] = '\0';
    assert_int_equal(lsn_fs_make_dir(path), LSN_OK);
    assert_true(is_dir(path));
    free(path);
}

static void test_join_puts_one_slash_between(void **state)
{
    (void)state;
    char *p = lsn_fs_join("out/sample", "report.json");
    assert_string_equal(p, "out/sample/report.json");
    free(p);
    p = lsn_fs_join("/", "x");
    assert_string_equal(p, "//x"); /* as given: no normalisation */
    free(p);
}

static void put(const char *path, const char *text)
{
    FILE *f = lsn_fs_create(path);
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void assert_holds(const char *path, const char *text)
{
    char buf[64] = "";
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    assert_string_equal(buf, text);
}

static void test_create_replaces_a_file_and_writes_through_links(void **state)
{
    (void)state;
    char path[256], sym[256], other[256];
    snprintf(path, sizeof(path), "%s/report.json", tmp);
    put(path, "a longer first version");
    /* The old file, still open, keeps its bytes: made afresh, not truncated. */
    FILE *old = fopen(path, "rb");
    assert_non_null(old);
    put(path, "second");
    assert_holds(path, "second");
    char buf[64] = "";
    size_t n = fread(buf, 1, sizeof(buf) - 1, old);
    fclose(old);
    buf[n] = '\0';
    assert_string_equal(buf, "a longer first version");

    /* A symbolic link stays one; its target gets the bytes. */
    snprintf(sym, sizeof(sym), "%s/link.json", tmp);
    assert_int_equal(symlink(path, sym), 0);
    put(sym, "through the link");
    struct stat st;
    assert_int_equal(lstat(sym, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_holds(path, "through the link");

    /* A file with another name too: both names see the new bytes. */
    snprintf(other, sizeof(other), "%s/other.json", tmp);
    assert_int_equal(link(path, other), 0);
    put(path, "both");
    assert_holds(other, "both");

    /* A folder in the way: NULL with errno, as fopen. */
    errno = 0;
    assert_null(lsn_fs_create(tmp));
    assert_int_not_equal(errno, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_make_dir_makes_every_missing_parent),
        cmocka_unit_test(test_make_dir_refuses_a_file_in_the_way),
        cmocka_unit_test(test_make_dir_refuses_a_name_too_long),
        cmocka_unit_test(test_join_puts_one_slash_between),
        cmocka_unit_test(test_create_replaces_a_file_and_writes_through_links),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
