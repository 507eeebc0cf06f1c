"""ketaquiz: a command-line myth-vs-fact quiz about ketamine therapy."""

__version__ = "0.1.0"
