/*
 * io/child.c — child processes answering over a socket pair (io/child.h).
 */
#include "io/child.h"

#include "io/error.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LSN_SANITIZER_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                        \
    __has_feature(memory_sanitizer)
#define LSN_SANITIZER_ALLOCATOR 1
#endif
#endif

bool lsn_child_fork_beside_threads(void)
{
#if defined(LSN_SANITIZER_ALLOCATOR)
    return false;
#else
    return true;
#endif
}

int lsn_child_start(lsn_child *c,
                    void (*fn)(int fd, void *ud),
                    void *ud,
                    bool quiet,
                    const int *close_fds,
                    size_t n_close)
{
    int sv[2];
    *c = (lsn_child){0, -1};
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        return lsn_error_set(LSN_EINTERNAL, "cannot start a process: %s", strerror(errno));
    }
    /* Nothing the child might print may come out twice. Only the standard
     * streams: another thread may be writing a file of its own (one it
     * locks by itself), which the child never touches and which fflush(NULL)
     * would flush from this thread. The child ends with _exit, so no
     * buffer it inherited is ever written by it. */
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        int err = errno;
        close(sv[0]);
        close(sv[1]);
        return lsn_error_set(LSN_EINTERNAL, "cannot start a process: %s", strerror(err));
    }
    if (pid == 0) {
        for (size_t i = 0; i < n_close; i++) {
            close(close_fds[i]);
        }
        close(sv[0]);
        if (quiet) {
            int devnull = open("/dev/null", O_WRONLY);
            if (devnull >= 0) {
                dup2(devnull, STDERR_FILENO);
                close(devnull);
            }
        }
        fn(sv[1], ud);
        close(sv[1]);
        _exit(0);
    }
    close(sv[1]);
    *c = (lsn_child){pid, sv[0]};
    return LSN_OK;
}

int lsn_child_end(lsn_child *c, bool kill_it)
{
    int status = 0;
    if (c->pid == 0) {
        return 0;
    }
    if (kill_it) {
        kill(c->pid, SIGKILL);
    }
    close(c->fd);
    while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR) {
    }
    *c = (lsn_child){0, -1};
    return status;
}

/* Move exactly len bytes: read them, or send them without SIGPIPE. */
static bool full(int fd, char *p, size_t len, bool sending)
{
    while (len > 0) {
        ssize_t n = sending ? send(fd, p, len, MSG_NOSIGNAL) : read(fd, p, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

bool lsn_fd_read_full(int fd, void *buf, size_t len)
{
    return full(fd, buf, len, false);
}

bool lsn_fd_write_full(int fd, const void *buf, size_t len)
{
    return full(fd, (char *)buf, len, true);
}
