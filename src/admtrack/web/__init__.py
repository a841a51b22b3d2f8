"""admtrack.web layer."""
