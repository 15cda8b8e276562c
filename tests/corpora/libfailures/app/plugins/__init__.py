"""Optional shop plugins, imported by name."""
