"""E-mail addresses and header text that carry no more than they show.

The nightly digests put owner addresses in the envelope and owner names in the Subject, so
both are checked when they come in (``owner set``, ``owner load``, CSV/JSON import, a
briefing's ``presenter:``) and again when a message is built, for rows stored before the
check existed.

Addresses. Python's ``email.utils.getaddresses`` accepts RFC 5322 group syntax
(``label:a@b;``), comments and encoded words, so a check built on it lets a second recipient
in. Only ``local@domain`` is accepted here, with an optional display name
(``Name <local@domain>``), one address per comma (or semicolon); groups, comments, quoted
local parts, encoded words and control characters are refused. Non-ASCII addresses
(``ü@exämple.pk``) are accepted: they need a server that offers SMTPUTF8, which is checked
per digest when it is sent.

Names. Python 3.11's ``email`` package decodes an encoded word (``=?utf-8?q?...?=``) in a
header and writes out the CR/LF it contains, which adds header lines (``Bcc:``) or replaces
the body. A name that reaches a header must hold no encoded word and no control character:
``check_name`` refuses them on the way in, ``header_text`` neutralises them on the way out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.errors import UserError

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidi
# embeddings, overrides and isolates (text that reads other than it is).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# What an encoded word starts with; no name or address needs it.
_ENCODED_WORD = "=?"
# The local part: RFC 5322 dot-atom characters (letters and digits in any script).
_LOCAL = re.compile(r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*")
# The domain: at least two labels of letters, digits and inner hyphens.
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_DOMAIN = re.compile(rf"(?:{_LABEL}\.)+{_LABEL}")
# A display name: words, no character that has a meaning in an address header.
_NAME = re.compile(r"[^<>@,;:\"()\[\]\\]+")
_NAMED = re.compile(r"(?P<name>.*?)\s*<(?P<spec>[^<>]*)>")

# RFC 2606 and RFC 6761: names reserved for examples and tests, never a real mailbox.
_RESERVED_TLDS = frozenset({"test", "invalid", "localhost", "example"})


@dataclass(frozen=True)
class Address:
    """One checked address: its display name (may be empty) and ``local@domain``."""

    name: str
    spec: str

    def __str__(self) -> str:
        return f"{self.name} <{self.spec}>" if self.name else self.spec

    @property
    def domain(self) -> str:
        return self.spec.rpartition("@")[2]


def parse_address(text: str) -> Address:
    """``text`` as one address, ``local@domain`` or ``Name <local@domain>``.

    ValueError says what is wrong: a control character, an encoded word, a group, a comment,
    a second address, a quoted or malformed part.
    """
    raw = text.strip()
    shown = repr(_CONTROL.sub("?", raw)[:80])
    if _CONTROL.search(raw):
        raise ValueError(f"{shown} contains a control character")
    if _ENCODED_WORD in raw:
        raise ValueError(f"{shown} contains an encoded word (=?...?=); write the name as plain text")
    named = _NAMED.fullmatch(raw)
    if named:
        name = named["name"].strip()
        if len(name) >= 2 and name[0] == name[-1] == '"':
            name = name[1:-1].strip()
        if name and not _NAME.fullmatch(name):
            raise ValueError(f'{shown}: a display name cannot contain < > @ , ; : " ( ) [ ] or \\')
        spec = named["spec"].strip()
    else:
        name, spec = "", raw
    local, at, domain = spec.rpartition("@")
    if not at or not _LOCAL.fullmatch(local) or not _DOMAIN.fullmatch(domain):
        raise ValueError(f"{shown} is not an e-mail address (local@domain, or Name <local@domain>)")
    return Address(" ".join(name.split()), spec)


def parse_addresses(value: str) -> list[Address]:
    """Every address in a comma- (or semicolon-) separated list; ValueError names the first
    bad one; an empty list is allowed (the caller decides whether one is needed)."""
    return [parse_address(part) for part in re.split(r"[,;]", value) if part.strip()]


def check_addresses(value: str) -> list[str]:
    """The addresses in ``value``, each written back in its plain form; UserError when any is
    not one, or when there are none."""
    try:
        found = parse_addresses(value)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if not found:
        raise UserError("give at least one e-mail address")
    return [str(a) for a in found]


def is_reserved(address: Address) -> bool:
    """Whether the address is in a domain reserved for examples (RFC 2606, RFC 6761):
    example.com/.org/.net, any ``example`` label (``moitt.example.gov.pk``), and the
    ``.test``, ``.invalid``, ``.localhost`` and ``.example`` top-level names."""
    labels = address.domain.lower().rstrip(".").split(".")
    return "example" in labels or labels[-1] in _RESERVED_TLDS


def check_name(text: str, what: str) -> str:
    """``text`` stripped, or ValueError when it holds a control character or an encoded word:
    a name that may reach a mail header is data and must read as what it is."""
    name = text.strip()
    if _CONTROL.search(name):
        raise ValueError(f"{what} {_CONTROL.sub('?', name)[:80]!r} contains a control character")
    if _ENCODED_WORD in name:
        raise ValueError(f"{what} {name[:80]!r} contains an encoded word (=?...?=); write it as plain text")
    return name


def header_text(text: str) -> str:
    """``text`` made safe for a header at send time: on one line, without control characters,
    with any encoded word broken (``=?`` becomes ``= ?``) so it is shown, never decoded."""
    flat = " ".join(_CONTROL.sub(" ", text).split())
    return flat.replace(_ENCODED_WORD, "= ?")
