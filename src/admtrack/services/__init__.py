"""admtrack.services layer."""
