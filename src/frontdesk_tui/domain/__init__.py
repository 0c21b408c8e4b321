"""Pure rules of docs/DOMAIN.md: no Textual, no SQL, no clock.

Every function that depends on the time takes ``now`` (an aware datetime) as an argument.
"""
