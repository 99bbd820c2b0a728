"""``python -m pelican_newsclean check PATH...``"""

import sys

from .cli import main

sys.exit(main())
