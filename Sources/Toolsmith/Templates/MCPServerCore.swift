/// The part every template shares: newline-delimited JSON-RPC 2.0 over stdio,
/// the MCP lifecycle, tools/list, tools/call with argument checking, and errors.
///
/// A template defines `TOOLS` (the catalog's functions) and `HANDLERS` (name →
/// function taking the checked arguments and returning a status dictionary).
enum MCPServerCore {
  static let code = #"""
    PROTOCOL_VERSIONS = ["2025-06-18", "2025-03-26", "2024-11-05"]
    PARSE_ERROR = -32700
    INVALID_REQUEST = -32600
    METHOD_NOT_FOUND = -32601
    INVALID_PARAMS = -32602
    INTERNAL_ERROR = -32603
    TOOLS_BY_NAME = {tool["name"]: tool for tool in TOOLS}


    class InvalidParams(Exception):
        """Arguments the tool's input schema rejects: a JSON-RPC -32602."""


    def send(message):
        sys.stdout.write(json.dumps(message, separators=(",", ":"), sort_keys=True) + "\n")
        sys.stdout.flush()


    def reply(request_id, result):
        send({"jsonrpc": "2.0", "id": request_id, "result": result})


    def fail(request_id, code, message):
        send({"jsonrpc": "2.0", "id": request_id, "error": {"code": code, "message": message}})


    def check_string(name, rule, value):
        if not isinstance(value, str):
            raise InvalidParams(name + " must be a string")
        if "\x00" in value:
            raise InvalidParams(name + " must not contain NUL")
        if "maxLength" in rule and len(value) > rule["maxLength"]:
            raise InvalidParams(name + " is longer than " + str(rule["maxLength"]))
        if "pattern" in rule and re.fullmatch(rule["pattern"], value) is None:
            raise InvalidParams(name + " must match " + rule["pattern"])


    def check_integer(name, rule, value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidParams(name + " must be an integer")
        if value < rule["minimum"] or value > rule["maximum"]:
            raise InvalidParams(
                name + " must be between " + str(rule["minimum"]) + " and " + str(rule["maximum"])
            )


    def check_arguments(schema, arguments):
        if not isinstance(arguments, dict):
            raise InvalidParams("arguments must be an object")
        for name in schema["required"]:
            if name not in arguments:
                raise InvalidParams("missing required argument: " + name)
        for name, value in arguments.items():
            rule = schema["properties"].get(name)
            if rule is None:
                raise InvalidParams("unknown argument: " + name)
            if rule["type"] == "string":
                check_string(name, rule, value)
            elif rule["type"] == "integer":
                check_integer(name, rule, value)
            elif not isinstance(value, bool):
                raise InvalidParams(name + " must be a boolean")
        return arguments


    def initialize(params):
        requested = params.get("protocolVersion")
        version = requested if requested in PROTOCOL_VERSIONS else PROTOCOL_VERSIONS[0]
        return {
            "protocolVersion": version,
            "capabilities": {"tools": {"listChanged": False}},
            "serverInfo": {"name": SERVER_NAME, "version": SERVER_VERSION},
        }


    def call_tool(params):
        name = params.get("name")
        tool = TOOLS_BY_NAME.get(name) if isinstance(name, str) else None
        if tool is None:
            raise InvalidParams("unknown tool: " + str(name))
        arguments = params.get("arguments")
        if arguments is None:
            arguments = {}
        payload = HANDLERS[name](check_arguments(tool["inputSchema"], arguments))
        return {
            "content": [{"type": "text", "text": json.dumps(payload, sort_keys=True)}],
            "isError": payload.get("status") != "success",
        }


    def valid_id(request_id):
        return isinstance(request_id, (str, int)) and not isinstance(request_id, bool)


    def handle(message):
        if not isinstance(message, dict):
            fail(None, INVALID_REQUEST, "a request must be a JSON object (batches are not supported)")
            return
        request_id = message.get("id")
        if message.get("jsonrpc") != "2.0" or not isinstance(message.get("method"), str):
            fail(request_id if valid_id(request_id) else None, INVALID_REQUEST, "not a JSON-RPC 2.0 request")
            return
        if "id" not in message:
            return
        if not valid_id(request_id):
            fail(None, INVALID_REQUEST, "id must be a string or an integer")
            return
        method = message["method"]
        params = message.get("params")
        if params is None:
            params = {}
        if not isinstance(params, dict):
            fail(request_id, INVALID_PARAMS, "params must be an object")
        elif method == "initialize":
            reply(request_id, initialize(params))
        elif method == "ping":
            reply(request_id, {})
        elif method == "tools/list":
            reply(request_id, {"tools": TOOLS})
        elif method == "tools/call":
            try:
                reply(request_id, call_tool(params))
            except InvalidParams as problem:
                fail(request_id, INVALID_PARAMS, str(problem))
        else:
            fail(request_id, METHOD_NOT_FOUND, "method not found: " + method)


    def serve():
        while True:
            line = sys.stdin.buffer.readline()
            if not line:
                return
            if not line.strip():
                continue
            try:
                message = json.loads(line.decode("utf-8"))
            except ValueError:
                fail(None, PARSE_ERROR, "parse error: the line is not JSON")
                continue
            try:
                handle(message)
            except Exception as problem:
                request_id = message.get("id") if isinstance(message, dict) else None
                fail(request_id if valid_id(request_id) else None, INTERNAL_ERROR, "internal error: " + str(problem))


    if __name__ == "__main__":
        serve()

    """#
}
