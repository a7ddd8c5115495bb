"""The Qt desktop app: the only package that imports PySide6. Start it with ``gui.app.main``."""
