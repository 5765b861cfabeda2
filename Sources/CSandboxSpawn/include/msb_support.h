// Small wrappers for the Swift side: constants and calls that need _GNU_SOURCE
// or a variadic syscall(2), which Swift cannot import.
#ifndef MSB_SUPPORT_H
#define MSB_SUPPORT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Every CLONE_NEW* flag; a clone asking for any of them is refused by the filter.
uint64_t msb_clone_namespace_flags(void);

/// An anonymous in-memory file (memfd_create, close-on-exec); -1 with errno on failure.
int msb_memfd(const char *name);

/// pidfd_open(2); -1 with errno on failure.
int msb_pidfd_open(int pid);

/// socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC): the gateway channel.
int msb_socketpair(int fds[2]);

/// Receives one fd sent with SCM_RIGHTS, waiting at most timeout_ms; -1 with errno.
int msb_receive_fd(int channel, int timeout_ms);

/// pipe2(fds, O_CLOEXEC).
int msb_pipe_cloexec(int fds[2]);

#ifdef __cplusplus
}
#endif

#endif
