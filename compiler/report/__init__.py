"""Seeing a run: the model of what happened in it (``trace``) and the HTML report."""
