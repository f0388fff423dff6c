"""``python -m esgkg``: the ``esgkg`` command."""
import sys

from .cli import main

sys.exit(main())
