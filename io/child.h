/*
 * io/child.h — work done in a child process whose answer comes back over a
 * socket: the layouts of the diagrams (Graphviz must not take liaison down,
 * and a few long-lived processes lay out a thousand diagrams far faster
 * than a fork each).
 * A child shares the parent's memory as it was at the fork (copy on write)
 * and ends with _exit: it must not return into the parent's code, nor write
 * to a stream it inherited but stdout and stderr (which are flushed before
 * the fork; other threads may be writing files meanwhile).
 */
#ifndef LSN_IO_CHILD_H
#define LSN_IO_CHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/** A child process and the parent's end of the socket pair to it. */
typedef struct lsn_child {
    pid_t pid; /* 0: none */
    int fd;
} lsn_child;

/**
 * Fork a child that runs fn(fd, ud) with its end of a socket pair and then
 * ends with _exit(0). Standard error of the child goes to /dev/null when
 * quiet (Graphviz prints complaints of its own; answers go through fd).
 * @param close_fds  parent's descriptors the child must close first (other
 *                   children's ends, so those see the end of their input);
 *                   may be NULL when n_close is 0
 * @return LSN_OK, or LSN_EINTERNAL ("cannot start a process: ...").
 */
int lsn_child_start(lsn_child *c,
                    void (*fn)(int fd, void *ud),
                    void *ud,
                    bool quiet,
                    const int *close_fds,
                    size_t n_close);

/**
 * Whether a child may be forked while another thread of this process may be
 * allocating: glibc's malloc takes every arena's lock around fork(), so the
 * child's allocator is whole; the sanitizers' allocators (GCC 12's) do not,
 * and a child forked while another thread held one of their locks waits for
 * it forever. Callers that fork beside a working thread fork only when this
 * is true, and do the child's work themselves otherwise.
 */
bool lsn_child_fork_beside_threads(void);

/** Close the parent's end, kill the child first when kill_it, and wait for
 * it. @return its wait status (0 when there was no child). */
int lsn_child_end(lsn_child *c, bool kill_it);

/** Read exactly len bytes (false at the end of input or on an error). */
bool lsn_fd_read_full(int fd, void *buf, size_t len);

/** Write exactly len bytes to a socket, without SIGPIPE when the other end
 * has gone (false then). */
bool lsn_fd_write_full(int fd, const void *buf, size_t len);

#endif
