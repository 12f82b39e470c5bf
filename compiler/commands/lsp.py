"""``compiler lsp``: the language server (stdio by default), every check of ``validate`` as you type."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stdio", action="store_true", help="talk over standard input/output (the default)")
    parser.add_argument("--tcp", type=int, metavar="PORT", help="listen on this TCP port instead")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on with --tcp (default: 127.0.0.1)")


def run(args: argparse.Namespace) -> int:
    from compiler.lsp.server import serve  # pygls is imported only here

    serve(tcp=args.tcp, host=args.host)
    return 0
