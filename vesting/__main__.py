"""``python -m vesting``: the command line (see :mod:`vesting.cli`)."""

from vesting.cli import main

if __name__ == "__main__":
    main()
