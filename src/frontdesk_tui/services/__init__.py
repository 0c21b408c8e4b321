"""Application services: the use cases that screens and commands call.

Services take ids, the acting operator and ``now``; they check permissions in the domain, open one
unit of work, and return plain results (dataclasses), never live ORM rows.
"""
