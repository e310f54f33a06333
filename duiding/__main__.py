"""Entry point for ``python -m duiding``."""

import sys

from duiding.cli import main

sys.exit(main())
