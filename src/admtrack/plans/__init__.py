"""Built-in plans as YAML files."""
