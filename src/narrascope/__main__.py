"""`python -m narrascope ...` runs the command line, like the `narrascope` script."""
from narrascope.cli import main

main()
