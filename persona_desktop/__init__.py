"""Persona Desktop: privacy-first customer profiling that never leaves the machine."""

__version__ = "0.1.0"
