/// Named sets of system calls that profiles allow by name, in the spirit of
/// systemd's `SystemCallFilter=@group` sets. A group holds what a program
/// needs for one kind of work; nothing dangerous is in any group.
public enum SyscallGroups {
  /// Group name (with the leading @) to its syscalls.
  public static let groups: [String: [String]] = [
    "@default": [
      "arch_prctl", "brk", "exit", "exit_group", "futex", "futex_waitv", "get_robust_list",
      "set_robust_list", "getpid", "gettid", "getppid", "rseq", "restart_syscall", "rt_sigreturn",
      "set_tid_address", "sched_yield", "getrandom", "clock_gettime", "clock_getres",
      "gettimeofday", "time", "nanosleep", "clock_nanosleep", "getuid", "geteuid", "getgid",
      "getegid", "getresuid", "getresgid", "getgroups", "prlimit64", "getrlimit", "uname",
    ],
    "@memory": [
      "mmap", "munmap", "mprotect", "mremap", "madvise", "mlock", "munlock", "mincore",
      "membarrier", "msync",
    ],
    "@basic-io": [
      "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev", "preadv2",
      "pwritev2", "close", "close_range", "lseek", "dup", "dup2", "dup3", "fcntl", "ioctl",
      "pipe", "pipe2", "sendfile", "splice", "tee", "copy_file_range",
    ],
    "@file-system": [
      "open", "openat", "creat", "stat", "fstat", "lstat", "newfstatat", "statx", "statfs",
      "fstatfs", "access", "faccessat", "faccessat2", "getdents", "getdents64", "getcwd",
      "chdir", "fchdir", "readlink", "readlinkat", "mkdir", "mkdirat", "rmdir", "unlink",
      "unlinkat", "rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat",
      "truncate", "ftruncate", "fallocate", "fsync", "fdatasync", "utimensat", "umask",
      "fadvise64", "flock", "fchmod", "chmod", "fchmodat", "inotify_init1",
      "inotify_add_watch", "inotify_rm_watch", "getxattr", "lgetxattr", "fgetxattr",
      "listxattr", "llistxattr", "flistxattr",
    ],
    "@process": [
      "clone", "fork", "vfork", "execve", "execveat", "wait4", "waitid", "kill", "tgkill",
      "tkill", "getpgrp", "getpgid", "setpgid", "getsid", "setsid", "prctl", "pidfd_open",
      "pidfd_send_signal", "capget",
    ],
    "@signal": [
      "rt_sigaction", "rt_sigprocmask", "rt_sigpending", "rt_sigsuspend", "rt_sigtimedwait",
      "rt_sigqueueinfo", "sigaltstack", "signalfd", "signalfd4", "pause", "alarm",
    ],
    "@io-event": [
      "poll", "ppoll", "select", "pselect6", "epoll_create", "epoll_create1", "epoll_ctl",
      "epoll_wait", "epoll_pwait", "epoll_pwait2", "eventfd", "eventfd2",
    ],
    "@timer": [
      "timer_create", "timer_delete", "timer_settime", "timer_gettime", "timer_getoverrun",
      "timerfd_create", "timerfd_settime", "timerfd_gettime", "setitimer", "getitimer",
    ],
    "@threads": [
      "sched_getaffinity", "sched_setaffinity", "sched_getparam", "sched_getscheduler",
      "sched_get_priority_max", "sched_get_priority_min", "getpriority", "setpriority",
    ],
    "@network-io": [
      "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4", "sendto",
      "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "getsockname", "getpeername",
      "setsockopt", "getsockopt", "shutdown",
    ],
    "@system-info": ["sysinfo", "getrusage", "times", "getcpu", "capget"],
  ]

  /// Syscalls that open a way out of the sandbox or into the kernel's soft
  /// parts. A profile allowing one is refused by lint unless it acknowledges
  /// it with a written reason.
  public static let dangerous: Set<String> = [
    "mount", "umount2", "ptrace", "bpf", "keyctl", "add_key", "request_key",
    "perf_event_open", "io_uring_setup", "io_uring_enter", "io_uring_register", "unshare",
    "setns", "open_by_handle_at", "name_to_handle_at", "kexec_load", "kexec_file_load",
    "init_module", "finit_module", "delete_module", "userfaultfd", "pivot_root", "chroot",
    "swapon", "swapoff", "reboot", "process_vm_readv", "process_vm_writev", "iopl", "ioperm",
    "acct", "quotactl", "fanotify_init", "syslog", "move_mount", "open_tree", "fsopen",
    "fsmount", "fsconfig", "fspick", "mount_setattr", "lookup_dcookie", "personality",
    "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setgroups",
    "capset", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "sethostname",
    "setdomainname", "vhangup", "nfsservctl", "uselib", "ustat", "sysfs", "_sysctl",
    "process_madvise", "kcmp", "pidfd_getfd", "mbind", "migrate_pages", "move_pages",
    "set_mempolicy", "modify_ldt", "seccomp",
  ]

  /// Syscalls answered with an error by default rather than killing, because
  /// libc probes them and falls back: clone3 gets ENOSYS so glibc uses clone,
  /// whose flags the filter can inspect (clone3 passes them in memory).
  public static let defaultErrno: [String: String] = ["clone3": "ENOSYS"]

  /// Expands group names and single syscalls into a sorted, duplicate-free list.
  /// Unknown group names are returned in `unknownGroups`.
  public static func expand(_ names: [String]) -> (syscalls: [String], unknownGroups: [String]) {
    var result = Set<String>()
    var unknown: [String] = []
    for name in names {
      if name.hasPrefix("@") {
        if let members = groups[name] {
          result.formUnion(members)
        } else {
          unknown.append(name)
        }
      } else {
        result.insert(name)
      }
    }
    return (result.sorted(), unknown)
  }
}
