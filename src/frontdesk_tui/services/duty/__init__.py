"""Night duty (值班): the roster (``roster``), the duty log (``log``) and the shift handover
(``handover``, where a handover is started, walked and signed). R-DU-*, R-HO-*."""
