"""admtrack.cli layer."""
