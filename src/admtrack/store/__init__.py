"""admtrack.store layer."""
