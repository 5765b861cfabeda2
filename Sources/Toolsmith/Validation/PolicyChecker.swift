/// The static checker, run by the sandboxed interpreter itself: `ast.parse`
/// the code from stdin, walk the tree against the policy in argv[1], print JSON.
enum PolicyChecker {
  /// Modules a template may import; an entry without a binary may not import subprocess.
  static func allowedImports(for entry: CapabilityEntry) -> [String] {
    var modules = ["json", "re", "sys"]
    if entry.binary != nil { modules.append("subprocess") }
    if !entry.allowedDirectories.isEmpty { modules.append("os") }
    return modules.sorted()
  }

  static let script = #"""
    import ast
    import json
    import sys

    policy = json.loads(sys.argv[1])
    ALLOWED_IMPORTS = set(policy["allowed_imports"])
    BINARY = policy["binary"]
    BINARY_CONSTANT = policy["binary_constant"]
    MAY_READ_FILES = policy["may_read_files"]
    NETWORK = {"socket", "ssl", "urllib", "http", "requests", "httpx", "urllib3", "ftplib", "smtplib",
               "telnetlib", "xmlrpc", "asyncio", "select", "selectors", "socketserver"}
    UNSAFE = {"ctypes", "pickle", "marshal", "shelve", "importlib", "multiprocessing", "shutil",
              "tempfile", "builtins", "code", "codeop", "pty", "signal", "threading"}
    FORBIDDEN_NAMES = {"eval", "exec", "compile", "__import__", "globals", "locals", "vars",
                       "getattr", "setattr", "delattr", "breakpoint", "input", "__builtins__"}
    ATTRIBUTES = {
        "os": {"path", "scandir", "stat", "fstat", "listdir", "sep"},
        "subprocess": {"run", "DEVNULL", "TimeoutExpired"},
        "sys": {"stdin", "stdout", "stderr", "exit"},
    }
    findings = []


    def report(rule, node, message):
        findings.append({"rule": rule, "line": getattr(node, "lineno", None), "message": message})


    def import_finding(node, name):
        root = name.split(".")[0]
        if root in NETWORK:
            report("forbidden-import", node, "import " + name + ": network access is not allowed")
        elif root in UNSAFE:
            report("forbidden-import", node, "import " + name + ": " + root + " is not allowed in a tool")
        else:
            allowed = ", ".join(sorted(ALLOWED_IMPORTS))
            report("forbidden-import", node, "import " + name + ": only " + allowed + " may be imported")


    def leftmost_list(node):
        while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            node = node.left
        return node if isinstance(node, ast.List) else None


    def names_binary(node):
        if isinstance(node, ast.Name):
            return node.id == BINARY_CONSTANT
        return isinstance(node, ast.Constant) and node.value == BINARY


    def describe(node):
        if isinstance(node, ast.Constant):
            return repr(node.value)
        if isinstance(node, ast.Name):
            return node.id
        return type(node).__name__


    def check_subprocess_run(node):
        for keyword in node.keywords:
            if keyword.arg == "shell" and not (isinstance(keyword.value, ast.Constant) and keyword.value.value is False):
                report("shell", keyword.value, "subprocess.run with shell=True runs a shell; pass an argv list")
            if keyword.arg in ("executable", "preexec_fn", "env"):
                report("subprocess-argv", node, "subprocess.run may not set " + keyword.arg)
            if keyword.arg is None:
                report("subprocess-argv", node, "subprocess.run may not take **keyword arguments")
        argv = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "args"), None)
        listed = leftmost_list(argv) if argv is not None else None
        if listed is None:
            report("subprocess-argv", argv if argv is not None else node, "subprocess.run needs a literal argv list starting with " + BINARY_CONSTANT + ", not " + (describe(argv) if argv is not None else "nothing"))
        elif not listed.elts or not names_binary(listed.elts[0]):
            first = describe(listed.elts[0]) if listed.elts else "an empty list"
            report("subprocess-binary", listed.elts[0] if listed.elts else listed, "subprocess.run runs " + first + ", not the catalog's binary " + str(BINARY))


    def check_open(node):
        if not MAY_READ_FILES:
            report("forbidden-call", node, "open: this tool does not read files")
            return
        mode = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"), None)
        if mode is not None and not (isinstance(mode, ast.Constant) and mode.value in ("r", "rb")):
            report("forbidden-call", node, "open may only read (mode 'r' or 'rb'), not " + describe(mode))


    def check(tree):
        called = set()
        binary_stores = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                called.add(id(node.func))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] not in ALLOWED_IMPORTS:
                        import_finding(node, alias.name)
                    elif alias.asname is not None:
                        report("forbidden-import", node, "import " + alias.name + " as " + alias.asname + ": aliases hide what runs")
            elif isinstance(node, ast.ImportFrom):
                import_finding(node, node.module or ".") if (node.module or ".").split(".")[0] not in ALLOWED_IMPORTS else report(
                    "forbidden-import", node, "from " + str(node.module) + " import ...: import the module, so every use names it")
            elif isinstance(node, ast.Name):
                if node.id in FORBIDDEN_NAMES:
                    report("forbidden-call", node, node.id + " is not allowed: it runs or reaches arbitrary code")
                elif node.id.startswith("__") and node.id != "__name__":
                    report("dunder", node, node.id + ": dunder names reach the interpreter's internals")
                if node.id == BINARY_CONSTANT and isinstance(node.ctx, (ast.Store, ast.Del)):
                    binary_stores.append(node)
            elif isinstance(node, ast.Global) and BINARY_CONSTANT in node.names:
                report("subprocess-binary", node, "global " + BINARY_CONSTANT + ": the binary is a constant")
            elif isinstance(node, ast.Attribute):
                if node.attr.startswith("__"):
                    report("dunder", node, "." + node.attr + ": dunder attributes reach the interpreter's internals")
                if isinstance(node.value, ast.Name) and node.value.id in ATTRIBUTES:
                    module = node.value.id
                    if node.attr not in ATTRIBUTES[module]:
                        report("forbidden-call", node, module + "." + node.attr + " is not allowed (allowed: " + ", ".join(sorted(ATTRIBUTES[module])) + ")")
                    elif module == "subprocess" and node.attr == "run" and id(node) not in called:
                        report("subprocess-argv", node, "subprocess.run may only be called directly")
                if isinstance(node.ctx, (ast.Store, ast.Del)) and isinstance(node.value, ast.Name) and node.value.id in ATTRIBUTES:
                    report("forbidden-call", node, "assigning " + node.value.id + "." + node.attr + " changes a module")
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "subprocess" and func.attr == "run":
                    check_subprocess_run(node)
                if isinstance(func, ast.Name) and func.id == "open":
                    check_open(node)
        if BINARY is not None:
            constant = [
                node for node in tree.body
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id == BINARY_CONSTANT and isinstance(node.value, ast.Constant) and node.value.value == BINARY
            ]
            if len(binary_stores) != 1 or len(constant) != 1:
                report("subprocess-binary", binary_stores[-1] if binary_stores else tree, BINARY_CONSTANT + " must be assigned exactly once, at the top level, to " + json.dumps(BINARY))


    source = sys.stdin.buffer.read().decode("utf-8", "replace")
    try:
        tree = ast.parse(source, filename="tool.py")
    except SyntaxError as problem:
        findings.append({"rule": "syntax", "line": problem.lineno, "message": str(problem.msg)})
        print(json.dumps({"parsed": False, "findings": findings}))
    else:
        check(tree)
        findings.sort(key=lambda item: (item["line"] or 0, item["rule"], item["message"]))
        print(json.dumps({"parsed": True, "findings": findings}))
    """#
}
