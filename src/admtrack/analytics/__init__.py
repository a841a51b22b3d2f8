"""admtrack.analytics layer."""
