"""``python -m persona_desktop`` starts the desktop app (the CLI is ``persona_desktop.cli``)."""
import sys

from persona_desktop.gui.app import main

sys.exit(main())
