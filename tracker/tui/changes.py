"""When the commitments change: how every screen that shows them learns to read them again.

A form that writes (an update, an add, an import), or whose save was refused because
someone else wrote first, posts ``RecordsChanged`` to the app; the app hands it to every
screen in its stack, and each screen that shows commitments re-reads what it shows. So the
list, the overdue list and the detail underneath a form never show a state the officer has
just replaced or been told about.
"""

from __future__ import annotations

from textual.message import Message
from textual.message_pump import MessagePump


class RecordsChanged(Message, bubble=False):
    """Commitments in the database changed; screens showing them read them again."""


def announce_change(node: MessagePump) -> None:
    """Tell the app (and through it every open screen) that the commitments changed."""
    node.app.post_message(RecordsChanged())
