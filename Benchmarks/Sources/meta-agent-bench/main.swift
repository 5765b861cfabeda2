import Sandbox

print("meta-agent-bench: nothing yet")
