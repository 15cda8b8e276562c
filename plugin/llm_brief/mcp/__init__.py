"""`llm-brief mcp`: a Model Context Protocol server that lets an agent ask llm-brief directly.

Only this package imports the `mcp` SDK, so the pytest plugin never pays for it.
"""
