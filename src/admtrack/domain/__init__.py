"""The pure domain model: frozen dataclasses, standard library only."""
