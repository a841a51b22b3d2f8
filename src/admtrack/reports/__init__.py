"""admtrack.reports layer."""
