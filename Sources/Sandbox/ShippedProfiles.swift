/// The profiles that ship with meta-agent, as YAML text. `meta-agent init`
/// copies them into a workspace's sandbox-profiles/, where people edit them.
/// Generated from the repository's sandbox-profiles/ by scripts/sync-profiles;
/// a test keeps the two identical.
public enum ShippedProfiles {
  /// File name (without .yaml) to YAML text.
  public static let all: [String: String] = [
    "kubectl-mcp-tool": kubectlMCPTool,
    "kubectl-readonly": kubectlReadonly,
    "python-mcp-tool": pythonMCPTool,
    "strict": strict,
  ]

  private static let kubectlMCPTool = #"""
    # kubectl-mcp-tool: the deployed kubectl tool, a stdlib Python MCP server
    # (python-mcp-tool) that runs /usr/bin/kubectl by argv lists (kubectl-readonly).
    # The union of the two: python3 and its standard library, the kubectl binary,
    # and network kube-gateway, whose one port (8001 on the sandbox's own loopback)
    # is served from the host by the read-only gateway (GET only, no secrets,
    # audited) in front of the user's `kubectl proxy`. The kubeconfig inside
    # (/run/kube/config) has no credentials; meta-agent binds a generated one there.
    # Limits are kubectl's: Go reserves address space and counts every thread.
    name: kubectl-mcp-tool
    description: The kubectl MCP tool server, reading the cluster through the host's read-only gateway.
    filesystem:
      read_only:
        - /usr/bin/python3
        - /usr/lib/python3.11             # the standard library, lib-dynload included
        - /etc/ld.so.cache
        - /lib64/ld-linux-x86-64.so.2
        - /lib/x86_64-linux-gnu/libc.so.6
        - /lib/x86_64-linux-gnu/libm.so.6
        - /lib/x86_64-linux-gnu/libz.so.1
        - /lib/x86_64-linux-gnu/libexpat.so.1
        - /usr/lib/locale/C.utf8          # LANG=C.UTF-8, so text I/O is UTF-8 without coercion
        - /usr/bin/kubectl                # statically linked Go: no libraries needed
        - { path: /usr/lib/google-cloud-sdk/bin, optional: true }
      writable: []
      tmpfs:
        - { path: /tmp, size: 32MiB }     # HOME: kubectl's discovery and HTTP caches land in /tmp/.kube
      proc: pid-only                      # the Cloud SDK dispatcher reads /proc/self/exe
      working_directory: /tmp
    network: kube-gateway
    environment:
      pass: []
      set: { PATH: /usr/bin, HOME: /tmp, LANG: C.UTF-8, GOMAXPROCS: "2", KUBECONFIG: /run/kube/config }
    executables: [/usr/bin/python3, /usr/bin/kubectl]
    limits:
      cpu_seconds: 120      # a session of kubectl runs
      memory: 1536MiB       # RLIMIT_AS, inherited by kubectl: Go reserves VmPeak 1254MiB
      processes: 64         # the server plus kubectl's Go threads; GOMAXPROCS=2 keeps them few
      open_files: 128
      file_size: 16MiB
      wall_time: 5m         # a server lives for a session of tool calls
      output_bytes: 8MiB
    seccomp:
      default_action: kill-process
      allow:
        - "@default"
        - "@basic-io"       # stdio, pipes to kubectl, dup2 and close_range in the child
        - execve
        - vfork
        - clone             # Go threads only: the launcher refuses namespace flags
        - wait4
        - kill              # subprocess timeouts kill kubectl
        - tgkill            # goroutine preemption (SIGURG)
        - mmap
        - mprotect
        - munmap
        - mremap
        - madvise
        - access
        - openat
        - fstat
        - newfstatat
        - statfs
        - getdents64
        - readlink
        - readlinkat
        - getcwd
        - mkdirat
        - renameat
        - unlinkat
        - fchmod
        - fchmodat
        - rt_sigaction
        - rt_sigprocmask
        - sigaltstack
        - sched_getaffinity
        - poll
        - epoll_create1
        - epoll_ctl
        - epoll_pwait
        - eventfd2
        - sysinfo
        - socket
        - connect
        - getsockopt
        - setsockopt
        - getsockname
        - getpeername
      socket_families: [unix, inet]     # inet reaches only the gateway port on loopback
    capabilities: []
    acknowledge:
      KUBECONFIG: "points at the kubeconfig meta-agent generates per run: a loopback server and no credentials"

    """#

  private static let kubectlReadonly = #"""
    # kubectl-readonly: the kubectl binary alone, for read-only verbs (the verb
    # policy is enforced before anything runs). Traced in sandbox-profiles/TRACES.md.
    # network is kube-gateway: the sandbox's own loopback has one port, 8001, served
    # from the host by the read-only gateway (GET only, no secrets, audited), which
    # holds the user's credentials through `kubectl proxy`. Nothing else is reachable.
    # The kubeconfig inside (/run/kube/config) has no credentials; meta-agent binds a
    # generated one there for each run.
    # Where /usr/bin/kubectl is the Cloud SDK dispatcher, it execs kubectl.1.NN from
    # /usr/lib/google-cloud-sdk/bin against a server of another minor version; that
    # directory is bound when it exists (optional), so real clusters of any version work.
    name: kubectl-readonly
    description: The kubectl binary for read-only queries through the host's read-only gateway.
    filesystem:
      read_only:
        - /usr/bin/kubectl                # statically linked Go: no libraries needed
        - { path: /usr/lib/google-cloud-sdk/bin, optional: true }
      writable: []
      tmpfs:
        - { path: /tmp, size: 32MiB }     # HOME: the discovery and HTTP caches land in /tmp/.kube
      proc: pid-only                      # the dispatcher reads /proc/self/exe
      working_directory: /tmp
    network: kube-gateway
    environment:
      pass: []
      set: { PATH: /usr/bin, HOME: /tmp, GOMAXPROCS: "2", KUBECONFIG: /run/kube/config }
    executables: [/usr/bin/kubectl]
    limits:
      cpu_seconds: 30
      memory: 1536MiB       # RLIMIT_AS; Go reserves address space: VmPeak 1254MiB, runs from 742MiB
      processes: 64         # every Go thread counts; GOMAXPROCS=2 keeps them few
      open_files: 128
      file_size: 16MiB
      wall_time: 60s
      output_bytes: 16MiB   # `get pods -A -o json` on a big cluster is large
    seccomp:
      default_action: kill-process
      allow:
        - "@default"
        - execve
        - clone             # threads only: the launcher refuses namespace flags
        - tgkill            # goroutine preemption (SIGURG)
        - mmap
        - munmap            # the Go runtime returns big spans (a 20 MB `get -o json`)
        - madvise
        - read
        - write
        - pread64
        - close
        - fcntl
        - ioctl
        - openat
        - fstat
        - newfstatat
        - statfs
        - readlinkat
        - getdents64
        - mkdirat
        - renameat
        - unlinkat
        - fchmod
        - fchmodat
        - rt_sigaction
        - rt_sigprocmask
        - sigaltstack
        - sched_getaffinity
        - epoll_create1
        - epoll_ctl
        - epoll_pwait
        - eventfd2
        - socket
        - connect
        - getsockopt
        - setsockopt
        - getsockname
        - getpeername
      socket_families: [unix, inet]     # inet reaches only the gateway port on loopback
    capabilities: []
    acknowledge:
      KUBECONFIG: "points at the kubeconfig meta-agent generates per run: a loopback server and no credentials"

    """#

  private static let pythonMCPTool = #"""
    # python-mcp-tool: a stdlib-only Python MCP server speaking JSON-RPC on stdio,
    # started as `/usr/bin/python3 -I -S TOOL.py`, that may run a helper program by
    # an argv list (subprocess, no shell). Traced in sandbox-profiles/TRACES.md.
    # Whoever deploys a tool adds its own file and the helper program it runs
    # (for kubectl, the binds and syscalls of kubectl-readonly) to a copy of this.
    name: python-mcp-tool
    description: A stdlib Python MCP server on stdin/stdout; no network, no writes outside /tmp.
    filesystem:
      read_only:
        - /usr/bin/python3
        - /usr/lib/python3.11             # the standard library, lib-dynload included
        - /etc/ld.so.cache
        - /lib64/ld-linux-x86-64.so.2
        - /lib/x86_64-linux-gnu/libc.so.6
        - /lib/x86_64-linux-gnu/libm.so.6
        - /lib/x86_64-linux-gnu/libz.so.1
        - /lib/x86_64-linux-gnu/libexpat.so.1
        - /usr/lib/locale/C.utf8          # LANG=C.UTF-8, so text I/O is UTF-8 without coercion
      writable: []
      tmpfs:
        - { path: /tmp, size: 16MiB }
      proc: none
      working_directory: /tmp
    network: none
    environment:
      pass: []
      set: { PATH: /usr/bin, HOME: /tmp, LANG: C.UTF-8 }
    executables: [/usr/bin/python3]
    limits:
      cpu_seconds: 60
      memory: 256MiB        # measured VmPeak 38MiB with a 3MB request; JSON of big pod lists needs room
      processes: 32         # the server plus a helper; Go helpers count every thread here
      open_files: 64
      file_size: 16MiB
      wall_time: 5m         # a server lives for a session of tool calls
      output_bytes: 8MiB
    seccomp:
      default_action: kill-process
      allow:
        - "@default"
        - "@basic-io"       # stdio, pipes to the helper, dup2 and close_range in the child
        - execve
        - vfork
        - wait4
        - kill              # subprocess timeouts kill the helper
        - mmap
        - mprotect
        - munmap
        - mremap            # realloc shrinking a large buffer (found by the toolsmith's log reader)
        - access
        - openat
        - newfstatat
        - getdents64
        - readlink
        - getcwd            # python3 without -I puts the working directory on sys.path
        - rt_sigaction
        - rt_sigprocmask
        - poll
        - epoll_create1
        - sysinfo
      socket_families: []
    capabilities: []

    """#

  private static let strict = #"""
    # strict: no network, nothing but the target program.
    # Traced from /usr/bin/true (sandbox-profiles/TRACES.md): 17 distinct syscalls.
    # The files are bound one by one at the paths the dynamic loader opens
    # (PT_INTERP /lib64/..., and /lib/x86_64-linux-gnu/ as ld.so.cache names it).
    name: strict
    description: Nothing but the target program; no network, no files, no children.
    filesystem:
      read_only:
        - /usr/bin/true
        - /etc/ld.so.cache
        - /lib64/ld-linux-x86-64.so.2
        - /lib/x86_64-linux-gnu/libc.so.6
      writable: []
      tmpfs:
        - { path: /tmp, size: 1MiB }
      proc: none
      working_directory: /tmp
    network: none
    environment:
      pass: []
      set: { PATH: /usr/bin, HOME: /tmp, LANG: C.UTF-8 }
    executables: [/usr/bin/true]
    limits:
      cpu_seconds: 1
      memory: 16MiB         # measured VmPeak 2.3MiB; 3MiB is the least that runs
      processes: 4
      open_files: 16
      file_size: 1MiB
      wall_time: 5s
      output_bytes: 64KiB
    seccomp:
      default_action: kill-process
      allow:
        - "@default"
        - execve
        - mmap
        - mprotect
        - munmap
        - read
        - pread64
        - close
        - access
        - openat
        - newfstatat
      socket_families: []
    capabilities: []

    """#
}
