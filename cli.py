"""``python cli.py``: run the ``vesting`` command line from a checkout (see vesting/cli.py)."""

from vesting.cli import main

if __name__ == "__main__":
    main()
