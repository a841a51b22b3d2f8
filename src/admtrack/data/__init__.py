"""Data bundled with admtrack: the snapshot written by its own connectors, sources, map geometry."""
