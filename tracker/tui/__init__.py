"""The Textual interface (``tracker`` with no command, or ``tracker tui``).

Only the command line's ``tui`` path imports this package: the rest of tracker never loads
Textual. See ``app.make_app`` for the factory the CLI and the tests share.
"""
