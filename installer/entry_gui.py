"""Frozen entry point of the desktop app (PyInstaller runs this file as __main__)."""
import sys

from persona_desktop.gui.app import main

sys.exit(main())
