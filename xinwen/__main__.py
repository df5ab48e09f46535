"""``python -m xinwen …``: the same commands as the ``xinwen`` console script."""
import sys

from xinwen.cli import main

sys.exit(main())
