"""``compiler lsp``: the language server that brings every check of ``compiler validate`` into editors.

One module per feature: ``server`` (wiring and debouncing), ``documents`` (running the validate
pipeline on a buffer), ``diagnostics``, ``index`` (where each state, resource and parameter is
defined and named), ``navigation`` (definition, references, rename), ``completion``, ``hover``,
``symbols`` and ``actions`` (code actions). Only ``compiler lsp`` imports this package: pygls
never slows down ``compiler validate``.
"""
