"""Persona cards, charts and exports built from analysis results (Qt-free)."""
