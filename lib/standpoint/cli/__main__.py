"""``python -m standpoint.cli``: the same as the ``standpoint`` command."""

import sys

from standpoint.cli import main

sys.exit(main())
