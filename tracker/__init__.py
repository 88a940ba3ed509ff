"""tracker: hold ministries to the commitments they make in briefings."""

__version__ = "0.1.0"
