"""Frozen entry point of the `persona` command line (PyInstaller runs this file as __main__)."""
import sys

from persona_desktop.cli import main

sys.exit(main())
