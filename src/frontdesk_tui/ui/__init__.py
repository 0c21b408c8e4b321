"""The Textual user interface: screens call services; no SQL and no rule lives here."""
