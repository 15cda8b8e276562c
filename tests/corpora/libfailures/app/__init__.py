"""A small shop application whose modules fail the way real ones do (the corpus's app code)."""
