"""Options shared by several commands."""

from __future__ import annotations

import argparse


def name_value(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` split at the first '='; argparse turns the error into a usage error (exit 2)."""
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expects NAME=VALUE, got {text!r}")
    return name, value


def add_context_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``-c NAME=VALUE`` (repeatable): CDK context, e.g. a spec parameter override; read as a dict."""
    parser.add_argument("-c", "--context", action="append", default=[], type=name_value,
                        metavar="NAME=VALUE", help=help_text)
