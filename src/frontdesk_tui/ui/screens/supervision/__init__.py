"""The supervisor's screens: the supervision board (督办, F6) and each operator's inbox (F10).
They use the supervision and site services; records open through the registry."""
