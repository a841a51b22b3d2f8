"""admtrack.ingest layer."""
