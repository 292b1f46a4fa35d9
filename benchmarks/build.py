"""`python benchmarks/build.py [--sizes ...] [--json]`: see buildtimes.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, for `timeline`

from buildtimes import main

if __name__ == "__main__":
    sys.exit(main())
