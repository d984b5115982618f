"""`python -m build_tools <command>`: see `build_tools.cli`."""

import sys

from build_tools.cli import main

sys.exit(main())
