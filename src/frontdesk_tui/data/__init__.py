"""The data layer: engines, sessions, tables, repositories and migrations."""
