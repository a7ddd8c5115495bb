"""The Qt-free core: vault, ingest, privacy, analytics, reports and the services the GUI and CLI share.

Nothing in this package may import PySide6 (a test enforces it), so every feature can be tested and
scripted without a screen.
"""
