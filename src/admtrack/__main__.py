"""``python -m admtrack`` runs the command-line interface."""

from admtrack.cli.app import main

main()
