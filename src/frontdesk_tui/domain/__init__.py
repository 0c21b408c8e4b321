"""Pure rules of docs/DOMAIN.md: no Textual, no SQL, no clock.

Every function that depends on the time takes ``now`` (an aware datetime) as an argument.

One folder an area, as in ``services/`` and ``ui/screens/``: ``tickets`` (intake, lifecycle, effects,
severity, escalation), ``duty`` (roster, log, handover), ``violations``, ``supervision`` (the monthly
figures). What every area shares stays at this level: the working-day ``calendar`` and ``deadlines``,
``permissions``, ``codes`` and ``labels``, ``months``, ``phones``, ``text``, ``errors``.
"""
