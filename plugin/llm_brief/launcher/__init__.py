"""App launches: `llm-brief run -- CMD` and `LLM_BRIEF=1 python app.py` (see docs/launcher.md)."""
