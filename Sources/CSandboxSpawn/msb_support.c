#define _GNU_SOURCE
#include "msb_support.h"

#include <fcntl.h>
#include <sched.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

uint64_t msb_clone_namespace_flags(void) {
  return CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |
         CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME;
}

int msb_memfd(const char *name) { return memfd_create(name, MFD_CLOEXEC); }

int msb_pidfd_open(int pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

int msb_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int msb_socketpair(int fds[2]) { return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds); }

int msb_receive_fd(int channel, int timeout_ms) {
  struct pollfd pfd = {.fd = channel, .events = POLLIN};
  int ready = poll(&pfd, 1, timeout_ms);
  if (ready <= 0) {
    if (ready == 0) errno = ETIMEDOUT;
    return -1;
  }
  char byte;
  struct iovec iov = {.iov_base = &byte, .iov_len = 1};
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                       .msg_controllen = sizeof control.buf};
  ssize_t got = recvmsg(channel, &msg, MSG_CMSG_CLOEXEC);
  if (got != 1) {
    if (got == 0) errno = EPIPE;
    return -1;
  }
  struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
  if (cmsg == NULL || cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS) {
    errno = EPROTO;
    return -1;
  }
  int fd;
  memcpy(&fd, CMSG_DATA(cmsg), sizeof fd);
  return fd;
}
