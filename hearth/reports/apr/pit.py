"""Point-in-time rows on the last Wednesday of January, April, July and October (APR/CAPER Q7b, Q8b).

Presence is computed once in the building blocks (``client_detail.pit_jan`` ... ``pit_oct``, from ``r_pit``).
"""

from __future__ import annotations

PIT_ROWS = [("January", "c.pit_jan"), ("April", "c.pit_apr"), ("July", "c.pit_jul"), ("October", "c.pit_oct")]
