"""Django's makemessages without fuzzy matching.

msgmerge's fuzzy matching copies an old translation onto a new, merely similar message ("Row" got
the translation of "Role"); a fuzzy entry looks translated to a hurried reader. Without it, every
new message starts empty and the catalogue check lists it.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
