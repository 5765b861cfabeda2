#define _GNU_SOURCE
#include "msb_support.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
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
