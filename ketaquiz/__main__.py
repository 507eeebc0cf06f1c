"""Run ketaquiz as ``python -m ketaquiz``."""

from ketaquiz.cli import main

main(prog_name="ketaquiz")
