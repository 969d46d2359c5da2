"""Console entry point: imports every command module so that it registers on the app."""

from marsad.app import app
from marsad.commands import register_all


def main() -> None:
    register_all()
    app()


if __name__ == "__main__":
    main()
