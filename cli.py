"""``python cli.py …`` in a checkout: the ``xinwen`` command (implemented in xinwen/cli.py).

The checkout must be installed (``pip install -e .``) so that ``xinwen.pipeline`` and
friends resolve to this repository's folders.
"""
import sys

from xinwen.cli import main

if __name__ == "__main__":
    sys.exit(main())
