import sys

from statuskb.cli import main

sys.exit(main())
