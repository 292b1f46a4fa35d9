#!/usr/bin/env python3
"""Entry point: `python build.py` builds the sample site; see `python build.py --help`."""

import sys

from timeline.cli import main

if __name__ == "__main__":
    sys.exit(main())
