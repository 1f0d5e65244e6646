"""``python -m standpoint``: the same as the ``standpoint`` command (see :mod:`standpoint.cli`)."""

import sys

from standpoint.cli import main

sys.exit(main())
