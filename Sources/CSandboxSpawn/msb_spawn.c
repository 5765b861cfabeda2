// See include/msb_spawn.h for why this is C and what the contract is.
#define _GNU_SOURCE
#include "msb_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/filter.h>
#include <linux/mount.h>
#include <linux/securebits.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/uio.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <grp.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MSB_MAX_PASS_FDS 16
#define MSB_PATH_MAX 4096

static const char *const step_names[MSB_STEP_COUNT_] = {
    [MSB_STEP_NONE] = "none",
    [MSB_STEP_CLONE] = "clone",
    [MSB_STEP_SETGROUPS_FILE] = "write setgroups",
    [MSB_STEP_UID_MAP] = "write uid_map",
    [MSB_STEP_GID_MAP] = "write gid_map",
    [MSB_STEP_CGROUP] = "join cgroup",
    [MSB_STEP_SYNC] = "wait for parent",
    [MSB_STEP_PDEATHSIG] = "prctl(PR_SET_PDEATHSIG)",
    [MSB_STEP_SETGROUPS] = "setgroups",
    [MSB_STEP_SETRESGID] = "setresgid",
    [MSB_STEP_SETRESUID] = "setresuid",
    [MSB_STEP_STDIO] = "set up stdio",
    [MSB_STEP_LOOPBACK] = "bring up loopback",
    [MSB_STEP_GATEWAY_LISTENER] = "listen for the gateway",
    [MSB_STEP_MAKE_PRIVATE] = "make mounts private",
    [MSB_STEP_BASE_TMPFS] = "mount base tmpfs",
    [MSB_STEP_PIVOT_BASE] = "pivot_root into base",
    [MSB_STEP_NEWROOT_TMPFS] = "mount new root tmpfs",
    [MSB_STEP_MOUNT_OP] = "mount",
    [MSB_STEP_PIVOT_ROOT] = "pivot_root",
    [MSB_STEP_DETACH_OLD_ROOT] = "detach old root",
    [MSB_STEP_REMOUNT_ROOT_RO] = "remount root read-only",
    [MSB_STEP_HOSTNAME] = "sethostname",
    [MSB_STEP_CHDIR] = "chdir",
    [MSB_STEP_SETSID] = "setsid",
    [MSB_STEP_RLIMIT] = "setrlimit",
    [MSB_STEP_CLOSE_FDS] = "close inherited fds",
    [MSB_STEP_SECUREBITS] = "set securebits",
    [MSB_STEP_DROP_BOUNDING] = "drop bounding set",
    [MSB_STEP_CLEAR_AMBIENT] = "clear ambient capabilities",
    [MSB_STEP_SET_CAPS] = "capset",
    [MSB_STEP_RAISE_AMBIENT] = "raise ambient capability",
    [MSB_STEP_NO_NEW_PRIVS] = "prctl(PR_SET_NO_NEW_PRIVS)",
    [MSB_STEP_SECCOMP] = "load seccomp filter",
    [MSB_STEP_EXECVE] = "execve",
};

const char *msb_step_name(int32_t step) {
  if (step < 0 || step >= MSB_STEP_COUNT_ || step_names[step] == NULL) return "unknown step";
  return step_names[step];
}

// ---------------------------------------------------------------------------
// Child side: only async-signal-safe calls from here to execve.

typedef struct {
  int err_fd;
} child_ctx;

__attribute__((noreturn)) static void child_fail(child_ctx *ctx, int32_t step, int32_t op) {
  msb_failure failure = {.step = step, .error = errno, .op_index = op};
  ssize_t unused = write(ctx->err_fd, &failure, sizeof failure);
  (void)unused;
  _exit(127);
}

/// Joins prefix and path into buf without allocating; fails with ENAMETOOLONG.
static int join_path(char *buf, const char *prefix, const char *path) {
  size_t a = strlen(prefix), b = strlen(path);
  if (a + b + 1 > MSB_PATH_MAX) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memcpy(buf, prefix, a);
  memcpy(buf + a, path, b + 1);
  return 0;
}

/// Makes a mount read-only, nosuid and nodev. mount_setattr covers every
/// submount at once; older kernels get a remount that keeps the locked flags.
static int make_readonly(const char *path, int recursive) {
  struct mount_attr attr = {
      .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV,
  };
  long r = syscall(SYS_mount_setattr, AT_FDCWD, path, recursive ? AT_RECURSIVE : 0, &attr,
                   sizeof attr);
  if (r == 0) return 0;
  if (errno != ENOSYS) return -1;
  struct statfs sfs;
  if (statfs(path, &sfs) != 0) return -1;
  unsigned long keep = (unsigned long)sfs.f_flags &
                       (MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME);
  return mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | keep,
               NULL);
}

static int run_op(const msb_mount_op *op) {
  char source[MSB_PATH_MAX], target[MSB_PATH_MAX];
  if (join_path(target, "/newroot", op->target) != 0) return -1;
  switch (op->kind) {
    case MSB_OP_MKDIR: {
      // The directory may already exist inside a read-only bind made earlier.
      struct stat st;
      if (stat(target, &st) == 0) return S_ISDIR(st.st_mode) ? 0 : (errno = ENOTDIR, -1);
      return mkdir(target, 0755);
    }
    case MSB_OP_MKFILE: {
      struct stat st;
      if (stat(target, &st) == 0) return 0;
      int fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0444);
      if (fd < 0) return -1;
      close(fd);
      return 0;
    }
    case MSB_OP_BIND_RO:
    case MSB_OP_BIND_RW:
    case MSB_OP_BIND_DEV:
      if (join_path(source, "/oldroot", op->source) != 0) return -1;
      if (mount(source, target, NULL, MS_BIND | MS_REC, NULL) != 0) return -1;
      if (op->kind == MSB_OP_BIND_RO) return make_readonly(target, 1);
      {
        // Device nodes must stay usable; everything else is nodev.
        struct mount_attr attr = {.attr_set = MOUNT_ATTR_NOSUID};
        if (op->kind == MSB_OP_BIND_RW) attr.attr_set |= MOUNT_ATTR_NODEV;
        return (int)syscall(SYS_mount_setattr, AT_FDCWD, target, AT_RECURSIVE, &attr,
                            sizeof attr);
      }
    case MSB_OP_TMPFS:
      return mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, op->data);
    case MSB_OP_PROC: {
      unsigned long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
      if (mount("proc", target, "proc", flags, op->data) == 0) return 0;
      // Kernels before 5.8 know no subset=pid; a full proc of our own PID namespace still works.
      if (errno == EINVAL && op->data != NULL) return mount("proc", target, "proc", flags, NULL);
      return -1;
    }
    case MSB_OP_SYMLINK:
      if (symlink(op->source, target) != 0 && errno != EEXIST) return -1;
      return 0;
    case MSB_OP_REMOUNT_RO:
      return make_readonly(target, 0);
    default:
      errno = EINVAL;
      return -1;
  }
}

/// Puts the wanted fds at 0, 1, 2, 3, ... and keeps the error pipe above them.
static void setup_fds(child_ctx *ctx, const msb_spawn_config *cfg) {
  int count = 3 + (int)cfg->pass_fd_count;
  int sources[3 + MSB_MAX_PASS_FDS];
  if (ctx->err_fd != MSB_REPORT_FD && dup3(ctx->err_fd, MSB_REPORT_FD, O_CLOEXEC) == MSB_REPORT_FD) {
    close(ctx->err_fd);
    ctx->err_fd = MSB_REPORT_FD;
  } else if (ctx->err_fd < count) {
    // RLIMIT_NOFILE below 1024: any fd above the wanted range will do.
    int moved = fcntl(ctx->err_fd, F_DUPFD_CLOEXEC, count);
    if (moved < 0) child_fail(ctx, MSB_STEP_STDIO, -1);
    ctx->err_fd = moved;
  }
  // Copy every source above the target range first, so no dup2 clobbers a later source.
  for (int i = 0; i < count; i++) {
    int fd = i < 3 ? cfg->stdio[i] : cfg->pass_fds[i - 3];
    sources[i] = fcntl(fd, F_DUPFD_CLOEXEC, count);
    if (sources[i] < 0) child_fail(ctx, MSB_STEP_STDIO, i);
  }
  for (int i = 0; i < count; i++) {
    if (dup2(sources[i], i) < 0) child_fail(ctx, MSB_STEP_STDIO, i);
    close(sources[i]);
  }
}

static int bring_up_loopback(void) {
  int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0) return -1;
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  memcpy(ifr.ifr_name, "lo", 3);
  int r = ioctl(sock, SIOCGIFFLAGS, &ifr);
  if (r == 0) {
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    r = ioctl(sock, SIOCSIFFLAGS, &ifr);
  }
  int saved = errno;
  close(sock);
  errno = saved;
  return r;
}

/// Listens on 127.0.0.1:port here, in the sandbox's network namespace, and hands
/// the listening socket to the parent.
static int send_gateway_listener(int channel, uint16_t port) {
  int sock = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock < 0) return -1;
  int one = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(sock, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(sock, 64) != 0) {
    int saved = errno;
    close(sock);
    errno = saved;
    return -1;
  }
  char byte = 'L';
  struct iovec iov = {.iov_base = &byte, .iov_len = 1};
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  memset(&control, 0, sizeof control);
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                       .msg_controllen = sizeof control.buf};
  struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(cmsg), &sock, sizeof(int));
  ssize_t sent = sendmsg(channel, &msg, MSG_NOSIGNAL);
  int saved = errno;
  close(sock);
  close(channel);
  errno = saved;
  return sent == 1 ? 0 : -1;
}

static void drop_capabilities(child_ctx *ctx, const msb_spawn_config *cfg) {
  // Root inside gains nothing through execve, and setuid fixups are off, for good.
  int bits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |
             SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED;
  if (cfg->keep_caps == 0) bits |= SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;
  if (prctl(PR_SET_SECUREBITS, bits, 0, 0, 0) != 0) child_fail(ctx, MSB_STEP_SECUREBITS, -1);
  for (int cap = 0; cap < 64; cap++) {
    if (cfg->keep_caps & (1ULL << cap)) continue;
    if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) < 0) break;  // past the kernel's last capability
    if (cap_drop_bound((cap_value_t)cap) != 0) child_fail(ctx, MSB_STEP_DROP_BOUNDING, cap);
  }
  if (cap_reset_ambient() != 0) child_fail(ctx, MSB_STEP_CLEAR_AMBIENT, -1);
  if (cap_set_proc((cap_t)cfg->cap_state) != 0) child_fail(ctx, MSB_STEP_SET_CAPS, -1);
  for (int cap = 0; cap < 64; cap++) {
    if (!(cfg->keep_caps & (1ULL << cap))) continue;
    if (cap_set_ambient((cap_value_t)cap, CAP_SET) != 0)
      child_fail(ctx, MSB_STEP_RAISE_AMBIENT, cap);
  }
}

__attribute__((noreturn)) static void child_main(const msb_spawn_config *cfg, int sync_fd,
                                                 int err_fd) {
  child_ctx ctx = {.err_fd = err_fd};
  char buf[MSB_PATH_MAX];

  // 1. Die with the parent, then wait until it has written our id maps.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) child_fail(&ctx, MSB_STEP_PDEATHSIG, -1);
  char go = 0;
  ssize_t got;
  do got = read(sync_fd, &go, 1);
  while (got < 0 && errno == EINTR);
  if (got != 1) {
    if (got == 0) errno = EPIPE;
    child_fail(&ctx, MSB_STEP_SYNC, -1);
  }
  close(sync_fd);

  // 2. Signal dispositions and the mask survive execve; start the tool from defaults.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);

  // 3. Become the inside user (mapped to an unprivileged outside id). Raw syscalls,
  // not glibc's wrappers: those broadcast the change to every thread glibc believes
  // exists (nptl setxid), and after a raw clone of a multi-threaded parent that list
  // is the parent's: a thread that was being created at the clone is waited for
  // forever (seen as a test that hung in setgroups).
  if (cfg->privileged_parent && syscall(SYS_setgroups, 0, NULL) != 0)
    child_fail(&ctx, MSB_STEP_SETGROUPS, -1);
  if (syscall(SYS_setresgid, cfg->inside_gid, cfg->inside_gid, cfg->inside_gid) != 0)
    child_fail(&ctx, MSB_STEP_SETRESGID, -1);
  if (syscall(SYS_setresuid, cfg->inside_uid, cfg->inside_uid, cfg->inside_uid) != 0)
    child_fail(&ctx, MSB_STEP_SETRESUID, -1);

  // 4. Network: the new namespace has only a down loopback; bring it up if asked,
  // and open the gateway's listening socket in it for the parent to serve.
  if (cfg->bring_up_loopback && bring_up_loopback() != 0) child_fail(&ctx, MSB_STEP_LOOPBACK, -1);
  if (cfg->gateway_channel >= 0 && send_gateway_listener(cfg->gateway_channel, cfg->gateway_port) != 0)
    child_fail(&ctx, MSB_STEP_GATEWAY_LISTENER, -1);

  // 5. stdio and the fds passed on purpose.
  setup_fds(&ctx, cfg);

  // 6. The new root: a tmpfs at base holds /oldroot (the host) and /newroot.
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    child_fail(&ctx, MSB_STEP_MAKE_PRIVATE, -1);
  if (mount("tmpfs", cfg->base_dir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m") != 0)
    child_fail(&ctx, MSB_STEP_BASE_TMPFS, -1);
  if (chdir(cfg->base_dir) != 0 || mkdir("newroot", 0755) != 0 || mkdir("oldroot", 0755) != 0)
    child_fail(&ctx, MSB_STEP_BASE_TMPFS, -1);
  if (syscall(SYS_pivot_root, cfg->base_dir, "oldroot") != 0 || chdir("/") != 0)
    child_fail(&ctx, MSB_STEP_PIVOT_BASE, -1);
  if (mount("tmpfs", "/newroot", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0)
    child_fail(&ctx, MSB_STEP_NEWROOT_TMPFS, -1);
  for (size_t i = 0; i < cfg->op_count; i++) {
    if (run_op(&cfg->ops[i]) != 0) child_fail(&ctx, MSB_STEP_MOUNT_OP, (int32_t)i);
  }

  // 7. Enter the new root and let go of the host's (and the base) for good.
  if (chdir("/newroot") != 0 || syscall(SYS_pivot_root, ".", ".") != 0)
    child_fail(&ctx, MSB_STEP_PIVOT_ROOT, -1);
  if (umount2(".", MNT_DETACH) != 0) child_fail(&ctx, MSB_STEP_DETACH_OLD_ROOT, -1);
  if (chdir("/") != 0) child_fail(&ctx, MSB_STEP_PIVOT_ROOT, -1);
  if (make_readonly("/", 0) != 0) child_fail(&ctx, MSB_STEP_REMOUNT_ROOT_RO, -1);

  // 8. Identity, working directory, session (no controlling terminal: no TIOCSTI).
  if (cfg->hostname != NULL && sethostname(cfg->hostname, strlen(cfg->hostname)) != 0)
    child_fail(&ctx, MSB_STEP_HOSTNAME, -1);
  if (join_path(buf, "", cfg->workdir) != 0 || chdir(buf) != 0) child_fail(&ctx, MSB_STEP_CHDIR, -1);
  if (setsid() < 0) child_fail(&ctx, MSB_STEP_SETSID, -1);

  // 9. Resource limits.
  for (size_t i = 0; i < cfg->rlimit_count; i++) {
    struct rlimit lim = {.rlim_cur = cfg->rlimits[i].soft, .rlim_max = cfg->rlimits[i].hard};
    if (setrlimit(cfg->rlimits[i].resource, &lim) != 0) child_fail(&ctx, MSB_STEP_RLIMIT, (int32_t)i);
  }

  // 10. Every inherited fd past the wanted ones closes at execve (the error pipe with them).
  unsigned int first = 3 + (unsigned int)cfg->pass_fd_count;
  if (syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
    for (int fd = (int)first; fd < 65536; fd++) fcntl(fd, F_SETFD, FD_CLOEXEC);
  }

  // 11. Capabilities: none in any set, unless the profile kept some with a reason.
  drop_capabilities(&ctx, cfg);

  // 12. No privilege through execve ever again, then the seccomp filter, last.
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) child_fail(&ctx, MSB_STEP_NO_NEW_PRIVS, -1);
  for (size_t i = 0; i < cfg->filter_count; i++) {
    struct sock_fprog prog = {.len = cfg->filters[i].length,
                              .filter = (struct sock_filter *)cfg->filters[i].program};
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0)
      child_fail(&ctx, MSB_STEP_SECCOMP, (int32_t)i);
  }

  execve(cfg->path, cfg->argv, cfg->envp);
  child_fail(&ctx, MSB_STEP_EXECVE, -1);
}

// ---------------------------------------------------------------------------
// Parent side: ordinary code.

static int write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  size_t len = strlen(text);
  ssize_t n = write(fd, text, len);
  int saved = errno;
  close(fd);
  if (n != (ssize_t)len) {
    errno = n < 0 ? saved : EIO;
    return -1;
  }
  return 0;
}

static int write_id_maps(pid_t pid, const msb_spawn_config *cfg, msb_failure *failure) {
  char path[64], line[64];
  if (!cfg->privileged_parent) {
    // Without CAP_SETGID a gid map is only allowed once setgroups is denied.
    snprintf(path, sizeof path, "/proc/%d/setgroups", (int)pid);
    if (write_file(path, "deny") != 0) {
      failure->step = MSB_STEP_SETGROUPS_FILE;
      return -1;
    }
  }
  snprintf(path, sizeof path, "/proc/%d/uid_map", (int)pid);
  snprintf(line, sizeof line, "%u %u 1\n", cfg->inside_uid, cfg->outside_uid);
  if (write_file(path, line) != 0) {
    failure->step = MSB_STEP_UID_MAP;
    return -1;
  }
  snprintf(path, sizeof path, "/proc/%d/gid_map", (int)pid);
  snprintf(line, sizeof line, "%u %u 1\n", cfg->inside_gid, cfg->outside_gid);
  if (write_file(path, line) != 0) {
    failure->step = MSB_STEP_GID_MAP;
    return -1;
  }
  return 0;
}

int msb_spawn(const msb_spawn_config *cfg, pid_t *pid_out, msb_failure *failure) {
  memset(failure, 0, sizeof *failure);
  failure->op_index = -1;
  if (cfg->pass_fd_count > MSB_MAX_PASS_FDS) {
    failure->step = MSB_STEP_STDIO;
    failure->error = E2BIG;
    return -1;
  }
  int sync_pipe[2], err_pipe[2];
  if (pipe2(sync_pipe, O_CLOEXEC) != 0) {
    failure->step = MSB_STEP_CLONE;
    failure->error = errno;
    return -1;
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    failure->step = MSB_STEP_CLONE;
    failure->error = errno;
    close(sync_pipe[0]);
    close(sync_pipe[1]);
    return -1;
  }

  // A raw clone behaves like fork (same stack, copied memory) but creates the
  // namespaces in one step, which works from a multithreaded parent.
  unsigned long flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC |
                        CLONE_NEWUTS | CLONE_NEWCGROUP | SIGCHLD;
  long pid = syscall(SYS_clone, flags, NULL, NULL, NULL, 0);
  if (pid == 0) {
    close(sync_pipe[1]);
    close(err_pipe[0]);
    child_main(cfg, sync_pipe[0], err_pipe[1]);
  }
  int clone_errno = errno;
  close(sync_pipe[0]);
  close(err_pipe[1]);
  if (pid < 0) {
    close(sync_pipe[1]);
    close(err_pipe[0]);
    failure->step = MSB_STEP_CLONE;
    failure->error = clone_errno;
    return -1;
  }

  int ok = write_id_maps((pid_t)pid, cfg, failure);
  if (ok == 0 && cfg->cgroup_procs != NULL) {
    char text[32];
    snprintf(text, sizeof text, "%ld\n", pid);
    if (write_file(cfg->cgroup_procs, text) != 0) {
      failure->step = MSB_STEP_CGROUP;
      ok = -1;
    }
  }
  if (ok != 0) {
    failure->error = errno;
    close(sync_pipe[1]);  // the child reads EOF and exits
    close(err_pipe[0]);
    kill((pid_t)pid, SIGKILL);
    waitpid((pid_t)pid, NULL, 0);
    return -1;
  }
  char go = 1;
  ssize_t written = write(sync_pipe[1], &go, 1);
  (void)written;
  close(sync_pipe[1]);

  msb_failure reported;
  ssize_t n;
  do n = read(err_pipe[0], &reported, sizeof reported);
  while (n < 0 && errno == EINTR);
  close(err_pipe[0]);
  if (n == 0) {
    *pid_out = (pid_t)pid;
    return 0;
  }
  if (n == (ssize_t)sizeof reported) {
    *failure = reported;
  } else {
    failure->step = MSB_STEP_SYNC;
    failure->error = n < 0 ? errno : EPROTO;
  }
  waitpid((pid_t)pid, NULL, 0);
  return -1;
}
