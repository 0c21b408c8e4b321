"""The supervisor's screens: the supervision board (督办, F6), each operator's inbox (F10) and the
statistics (F11). They use the supervision and site services; records open through the registry."""
