// sandbox-probe: tries one thing from inside a sandbox and prints what happened.
//
// The sandbox tests run it with one attack at a time and read its one-line
// answer: "ok ..." when the attempt worked, "denied <ERRNO> ..." when the kernel
// refused it. A seccomp kill shows up as death by SIGSYS instead. Every attack
// is harmless on a host where the sandbox failed open: it only writes, mounts
// or signals inside paths and processes the test created for it.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/io_uring.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static const char *errno_name(int e) {
  switch (e) {
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EROFS: return "EROFS";
    case EINVAL: return "EINVAL";
    case ENOSYS: return "ENOSYS";
    case ENETUNREACH: return "ENETUNREACH";
    case ECONNREFUSED: return "ECONNREFUSED";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case ENXIO: return "ENXIO";
    case EIO: return "EIO";
    case ENOTTY: return "ENOTTY";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EXDEV: return "EXDEV";
    default: return "E?";
  }
}

static int report(long rc, const char *what) {
  if (rc < 0) {
    printf("denied %s %s\n", errno_name(errno), what);
    return 0;
  }
  printf("ok %s\n", what);
  return 0;
}

static int write_file(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return report(-1, path);
  ssize_t n = write(fd, "escaped\n", 8);
  close(fd);
  return report(n == 8 ? 0 : -1, path);
}

static int read_file(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return report(-1, path);
  char buf[256];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n < 0) return report(-1, path);
  buf[n] = 0;
  printf("ok read %zd bytes: %s\n", n, buf);
  return 0;
}

static int list_dir(const char *path) {
  DIR *dir = opendir(path);
  if (!dir) return report(-1, path);
  struct dirent *entry;
  printf("ok");
  while ((entry = readdir(dir)) != NULL) {
    if (entry->d_name[0] != '.') printf(" %s", entry->d_name);
  }
  printf("\n");
  closedir(dir);
  return 0;
}

static int status_line(const char *key) {
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return report(-1, "/proc/self/status");
  char line[512];
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, key, strlen(key)) == 0) fputs(line, stdout);
  }
  fclose(f);
  return 0;
}

static int connect_to(int type, const char *host, int port) {
  int s = socket(AF_INET, type, 0);
  if (s < 0) return report(-1, "socket");
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  inet_pton(AF_INET, host, &addr.sin_addr);
  if (type == SOCK_DGRAM) {
    ssize_t n = sendto(s, "x", 1, 0, (struct sockaddr *)&addr, sizeof addr);
    return report(n, "sendto");
  }
  return report(connect(s, (struct sockaddr *)&addr, sizeof addr), "connect");
}

static int fork_bomb(void) {
  int made = 0;
  for (int i = 0; i < 100000; i++) {
    pid_t pid = fork();
    if (pid == 0) {
      pause();
      _exit(0);
    }
    if (pid < 0) {
      printf("denied %s fork after %d children\n", errno_name(errno), made);
      return 0;
    }
    made++;
  }
  printf("ok forked %d children\n", made);
  return 0;
}

static int memory_bomb(void) {
  size_t total = 0;
  for (;;) {
    size_t chunk = 16 << 20;
    char *p = malloc(chunk);
    if (!p) {
      fprintf(stderr, "sandbox-probe: out of memory after %zu MiB: Cannot allocate memory\n",
              total >> 20);
      return 12;
    }
    memset(p, 1, chunk);
    total += chunk;
  }
}

static int flood(long bytes) {
  static char block[65536];
  memset(block, 'x', sizeof block);
  while (bytes > 0) {
    long n = bytes < (long)sizeof block ? bytes : (long)sizeof block;
    ssize_t w = write(1, block, (size_t)n);
    if (w <= 0) return 1;
    bytes -= w;
  }
  return 0;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  if (argc < 2) {
    fprintf(stderr, "usage: sandbox-probe ATTACK [ARGS]\n");
    return 2;
  }
  const char *what = argv[1];
  const char *arg = argc > 2 ? argv[2] : "";
  if (!strcmp(what, "hello")) return printf("hello from the sandbox\n") < 0;
  if (!strcmp(what, "write")) return write_file(arg);
  if (!strcmp(what, "read")) return read_file(arg);
  if (!strcmp(what, "ls")) return list_dir(arg);
  if (!strcmp(what, "cat")) {
    FILE *f = fopen(arg, "r");
    if (!f) return report(-1, arg);
    int c;
    while ((c = fgetc(f)) != EOF) putchar(c);
    fclose(f);
    return 0;
  }
  if (!strcmp(what, "status")) return status_line(arg);
  if (!strcmp(what, "ids")) {
    printf("uid=%d euid=%d gid=%d egid=%d\n", getuid(), geteuid(), getgid(), getegid());
    return 0;
  }
  if (!strcmp(what, "env")) {
    extern char **environ;
    for (char **e = environ; *e; e++) printf("%s\n", *e);
    return 0;
  }
  if (!strcmp(what, "kill")) return report(kill(atoi(arg), SIGTERM), "kill");
  if (!strcmp(what, "ptrace")) return report(ptrace(PTRACE_ATTACH, atoi(arg), 0, 0), "ptrace");
  if (!strcmp(what, "mount"))
    return report(mount("tmpfs", arg, "tmpfs", 0, "size=1m"), "mount");
  if (!strcmp(what, "unshare")) return report(unshare(CLONE_NEWUSER | CLONE_NEWNS), "unshare");
  if (!strcmp(what, "clone-ns")) {
    // A raw clone asking for a new user namespace, as a shell's `unshare -U` would.
    long pid = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) _exit(0);
    if (pid > 0) waitpid((pid_t)pid, NULL, 0);
    return report(pid, "clone(CLONE_NEWUSER)");
  }
  if (!strcmp(what, "setns")) {
    int fd = open("/proc/self/ns/user", O_RDONLY);
    if (fd < 0) return report(-1, "open /proc/self/ns/user");
    return report(setns(fd, 0), "setns");
  }
  if (!strcmp(what, "keyctl"))
    return report(syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0),
                  "keyctl");
  if (!strcmp(what, "bpf")) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.map_type = BPF_MAP_TYPE_ARRAY;
    attr.key_size = 4;
    attr.value_size = 4;
    attr.max_entries = 1;
    return report(syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof attr), "bpf");
  }
  if (!strcmp(what, "perf")) {
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.type = PERF_TYPE_SOFTWARE;
    attr.size = sizeof attr;
    attr.config = PERF_COUNT_SW_TASK_CLOCK;
    return report(syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0), "perf_event_open");
  }
  if (!strcmp(what, "io_uring")) {
    struct io_uring_params params;
    memset(&params, 0, sizeof params);
    return report(syscall(SYS_io_uring_setup, 4, &params), "io_uring_setup");
  }
  if (!strcmp(what, "open_by_handle")) {
    char buf[sizeof(struct file_handle) + 64];
    struct file_handle *handle = (struct file_handle *)buf;
    memset(buf, 0, sizeof buf);
    handle->handle_bytes = 8;
    return report(syscall(SYS_open_by_handle_at, AT_FDCWD, handle, O_RDONLY), "open_by_handle_at");
  }
  if (!strcmp(what, "tcp")) return connect_to(SOCK_STREAM, "127.0.0.1", atoi(arg));
  if (!strcmp(what, "tcp-read")) {
    // Connect to 127.0.0.1:PORT inside the sandbox and print what the server says.
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(arg))};
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (s < 0 || connect(s, (struct sockaddr *)&addr, sizeof addr) != 0) return report(-1, "connect");
    char buf[256];
    ssize_t n = read(s, buf, sizeof buf - 1);
    if (n < 0) return report(-1, "read");
    buf[n] = 0;
    printf("ok %s", buf);
    return 0;
  }
  if (!strcmp(what, "udp")) return connect_to(SOCK_DGRAM, "127.0.0.1", atoi(arg));
  if (!strcmp(what, "unix-socket")) return report(socket(AF_UNIX, SOCK_STREAM, 0), "socket(AF_UNIX)");
  if (!strcmp(what, "tiocsti")) {
    char c = 'x';
    return report(ioctl(0, TIOCSTI, &c), "ioctl(TIOCSTI)");
  }
  if (!strcmp(what, "open-tty")) return report(open("/dev/tty", O_RDWR), "open /dev/tty");
  if (!strcmp(what, "fd")) return report(fcntl(atoi(arg), F_GETFD), "fcntl(F_GETFD)");
  if (!strcmp(what, "forkbomb")) return fork_bomb();
  if (!strcmp(what, "membomb")) return memory_bomb();
  if (!strcmp(what, "spin")) {
    for (volatile unsigned long i = 0;; i++) {
    }
  }
  if (!strcmp(what, "flood")) return flood(atol(arg));
  if (!strcmp(what, "exec")) {
    execv(arg, argv + 3);  // exec PATH ARGV0 ARGS...
    return report(-1, "execv");
  }
  if (!strcmp(what, "hostname")) {
    char name[256] = {0};
    gethostname(name, sizeof name - 1);
    printf("ok %s\n", name);
    return 0;
  }
  if (!strcmp(what, "echo-stdin")) {
    char buf[4096];
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0) fwrite(buf, 1, (size_t)n, stdout);
    return 0;
  }
  if (!strcmp(what, "exit")) return atoi(arg);
  if (!strcmp(what, "segv")) {
    volatile int *nowhere = NULL;
    return *nowhere;
  }
  if (!strcmp(what, "clone3")) {
    char args[88];  // struct clone_args, version 0
    memset(args, 0, sizeof args);
    return report(syscall(SYS_clone3, args, sizeof args), "clone3");
  }
  if (!strcmp(what, "thread-like-clone")) {
    // A plain fork through clone(2) without namespace flags, as libc does it.
    long pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) _exit(0);
    if (pid > 0) waitpid((pid_t)pid, NULL, 0);
    return report(pid, "clone(SIGCHLD)");
  }
  fprintf(stderr, "sandbox-probe: unknown attack '%s'\n", what);
  return 2;
}
