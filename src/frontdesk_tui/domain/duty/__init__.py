"""Night duty, pure: the roster and its shifts (``roster``, R-DU-1/2), who acts as the officer on duty
(``on_duty``, R-DU-5), the tamper-evident duty log (``log``, R-DU-3/4) and the shift handover
checklist, what blocks signing and who signs (``handover``, R-HO-*)."""
