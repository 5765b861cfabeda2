// The part of starting a sandbox that runs between clone and execve.
//
// Why this must be C: the Swift process is multithreaded, so between the
// clone and the execve of the child only async-signal-safe calls are allowed
// (no allocation, no locks, no Swift runtime). Everything the child needs is
// prepared by the parent (strings, mount plan, the compiled seccomp program, an
// empty capability set) and the child only issues system calls, in one straight
// ordered sequence, in the manner of bubblewrap and nsjail. Any failure is sent
// to the parent as (step, errno, operation index) through a CLOEXEC pipe: if
// the pipe closes empty, execve succeeded.
#ifndef MSB_SPAWN_H
#define MSB_SPAWN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The child keeps its error-report pipe at this fd (close-on-exec), so the
/// seccomp filter can allow a write to it alone: a failed execve is reported
/// even under a profile that does not allow write.
#define MSB_REPORT_FD 1023

/// One step of filling the new root. Paths are absolute: sources as seen on the
/// host, targets as seen inside the sandbox (the C side adds its own prefixes).
typedef enum {
  MSB_OP_MKDIR = 1,       ///< target; an existing directory is fine
  MSB_OP_MKFILE = 2,      ///< target: an empty file to bind a file onto
  MSB_OP_BIND_RO = 3,     ///< source -> target, recursive, read-only, nosuid, nodev
  MSB_OP_BIND_RW = 4,     ///< source -> target, recursive, nosuid, nodev
  MSB_OP_TMPFS = 5,       ///< target, data holds the options ("size=...,mode=...")
  MSB_OP_PROC = 6,        ///< a fresh proc for the new PID namespace at target
  MSB_OP_SYMLINK = 7,     ///< target is the link, source its contents
  MSB_OP_REMOUNT_RO = 8,  ///< make an existing mount (a tmpfs we filled) read-only
  MSB_OP_BIND_DEV = 9,    ///< a host device node (null, zero, ...): read-write, nosuid
} msb_op_kind;

typedef struct {
  int32_t kind;
  const char *source;
  const char *target;
  const char *data;
} msb_mount_op;

typedef struct {
  const void *program;  ///< struct sock_filter[]
  uint16_t length;      ///< instructions
} msb_filter;

typedef struct {
  int32_t resource;
  uint64_t soft;
  uint64_t hard;
} msb_rlimit;

/// The steps a child can fail at; msb_step_name() gives the name shown to people.
typedef enum {
  MSB_STEP_NONE = 0,
  MSB_STEP_CLONE,
  MSB_STEP_SETGROUPS_FILE,
  MSB_STEP_UID_MAP,
  MSB_STEP_GID_MAP,
  MSB_STEP_CGROUP,
  MSB_STEP_SYNC,
  MSB_STEP_PDEATHSIG,
  MSB_STEP_SETGROUPS,
  MSB_STEP_SETRESGID,
  MSB_STEP_SETRESUID,
  MSB_STEP_STDIO,
  MSB_STEP_LOOPBACK,
  MSB_STEP_GATEWAY_LISTENER,
  MSB_STEP_MAKE_PRIVATE,
  MSB_STEP_BASE_TMPFS,
  MSB_STEP_PIVOT_BASE,
  MSB_STEP_NEWROOT_TMPFS,
  MSB_STEP_MOUNT_OP,
  MSB_STEP_PIVOT_ROOT,
  MSB_STEP_DETACH_OLD_ROOT,
  MSB_STEP_REMOUNT_ROOT_RO,
  MSB_STEP_HOSTNAME,
  MSB_STEP_CHDIR,
  MSB_STEP_SETSID,
  MSB_STEP_RLIMIT,
  MSB_STEP_CLOSE_FDS,
  MSB_STEP_SECUREBITS,
  MSB_STEP_DROP_BOUNDING,
  MSB_STEP_CLEAR_AMBIENT,
  MSB_STEP_SET_CAPS,
  MSB_STEP_RAISE_AMBIENT,
  MSB_STEP_NO_NEW_PRIVS,
  MSB_STEP_SECCOMP,
  MSB_STEP_EXECVE,
  MSB_STEP_COUNT_
} msb_step;

typedef struct {
  int32_t step;         ///< an msb_step
  int32_t error;        ///< errno at that step
  int32_t op_index;     ///< for MSB_STEP_MOUNT_OP and MSB_STEP_RLIMIT: which entry
} msb_failure;

typedef struct {
  /// What to run: an absolute path inside the sandbox, argv and envp (NULL-terminated).
  const char *path;
  char *const *argv;
  char *const *envp;
  const char *workdir;
  const char *hostname;

  /// Ids inside the sandbox and the outside ids they map to (one each).
  uint32_t inside_uid, inside_gid, outside_uid, outside_gid;
  /// Nonzero when the parent may set the map freely (it holds CAP_SETUID):
  /// supplementary groups are then cleared instead of setgroups being denied.
  int32_t privileged_parent;

  /// Where to put the new root while it is built (a tmpfs is mounted on it in
  /// the child's own mount namespace; the host's directory is left untouched).
  const char *base_dir;
  const msb_mount_op *ops;
  size_t op_count;

  const msb_rlimit *rlimits;
  size_t rlimit_count;

  /// Compiled seccomp programs, loaded last. The kernel runs every loaded
  /// filter and keeps the most restrictive answer, so a small second filter
  /// can refuse one argument value of a syscall the first allows outright.
  const msb_filter *filters;
  size_t filter_count;

  /// stdin, stdout, stderr of the child, and fds handed on as 3, 4, ...
  int32_t stdio[3];
  const int32_t *pass_fds;
  size_t pass_fd_count;

  int32_t bring_up_loopback;
  /// For `network: kube-gateway`: the child listens on 127.0.0.1:gateway_port in
  /// its own network namespace and sends that listening socket to the parent
  /// over gateway_channel (a unix socket, SCM_RIGHTS). The parent serves it: a
  /// socket keeps its namespace, so no relay runs inside. -1 when unused.
  int32_t gateway_channel;
  uint16_t gateway_port;
  /// Capabilities kept across execve (bit n = capability n); normally 0.
  uint64_t keep_caps;
  /// An empty (or keep_caps) capability state prepared by the parent with libcap.
  void *cap_state;

  /// If set, the child's pid is written here before it continues (cgroup.procs).
  const char *cgroup_procs;
} msb_spawn_config;

/// Starts the sandboxed child. On success returns 0 and stores its pid; the
/// child has passed execve. On failure returns -1 with *failure filled in; the
/// child, if one was made, has been reaped.
int msb_spawn(const msb_spawn_config *config, pid_t *pid, msb_failure *failure);

/// A short name for a step, e.g. "pivot_root".
const char *msb_step_name(int32_t step);

#ifdef __cplusplus
}
#endif

#endif
