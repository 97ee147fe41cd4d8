/*
 * io/process.h — how a liaison process sets itself up before it reads
 * anything: the one place that tunes glibc for the program and the
 * benchmark (its allocators, and printf's fast path).
 */
#ifndef LSN_IO_PROCESS_H
#define LSN_IO_PROCESS_H

/**
 * Call first thing in main(). Keeps freed memory in the heap for reuse,
 * and, where the kernel gives transparent huge pages only to memory that
 * asks for them, restarts the program once (same argv, GLIBC_TUNABLES set
 * to glibc.malloc.hugetlb=1) so that glibc's heap asks. Nothing is
 * restarted when GLIBC_TUNABLES is already set (the user's choice, or the
 * restart already done), under valgrind or a sanitizer, or when the
 * restart fails. Then jansson is given its allocator (io/json_arena.h;
 * not under valgrind).
 *
 * Linking this module also keeps printf on glibc's fast path (see
 * io/process.c); an executable that calls this exports the symbol
 * register_printf_type (CMake: lsn_process_executable()).
 */
void lsn_process_setup(char **argv);

#endif
