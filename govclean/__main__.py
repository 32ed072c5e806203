"""`python -m govclean`: the command-line tool."""
from .cli import main

main()
