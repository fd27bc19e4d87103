"""Weighted code tables the generator draws from (codes from the HUD FY2026 lists named beside each table)."""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate


class Weighted:
    """Codes with weights, drawn with one ``random()`` call."""

    __slots__ = ("codes", "cumulative", "total")

    def __init__(self, pairs: tuple[tuple[object, float], ...]) -> None:
        self.codes = tuple(code for code, _weight in pairs)
        self.cumulative = tuple(accumulate(weight for _code, weight in pairs))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random) -> object:
        return self.codes[bisect(self.cumulative, rng.random() * self.total)]


def weighted(*pairs: tuple[object, float]) -> Weighted:
    return Weighted(pairs)


MISSING = weighted((8, 3), (9, 2.5), (99, 4.5))  # list 1.8 reasons for missing data

# 3.12.1 destinations by class (the Exit.csv subset).
PERMANENT_DESTINATIONS = weighted((410, 40), (411, 3), (421, 3), (422, 20), (423, 8), (426, 1), (435, 25))
TEMPORARY_DESTINATIONS = weighted((312, 35), (313, 25), (314, 10), (302, 10), (329, 8), (332, 4), (327, 1))
INSTITUTIONAL_DESTINATIONS = weighted((207, 35), (206, 25), (204, 15), (205, 15), (215, 5), (225, 5))
HOMELESS_DESTINATIONS = weighted((116, 45), (101, 50), (118, 5))
OTHER_DESTINATIONS = weighted((17, 10), (24, 5), (30, 35), (8, 10), (9, 10), (99, 30))
DESTINATION_CLASSES = {
    "permanent": PERMANENT_DESTINATIONS,
    "temporary": TEMPORARY_DESTINATIONS,
    "institutional": INSTITUTIONAL_DESTINATIONS,
    "homeless": HOMELESS_DESTINATIONS,
    "other": OTHER_DESTINATIONS,
}
# 3.12.A rental subsidy types, for a destination or prior situation of 435.
SUBSIDY_TYPES = weighted(
    (431, 15), (433, 25), (434, 15), (439, 10), (420, 10), (419, 5), (436, 5), (437, 5), (438, 3), (440, 5), (428, 2)
)
OTHER_DESTINATION_TEXT = ("Vehicle", "Camper on a friend's land", "Church basement", "Moved out of state")

# Where people leave each kind of project for, when they are not moving straight on to housing.
EXIT_CLASSES = {
    "crisis": weighted(("permanent", 28), ("temporary", 27), ("institutional", 5), ("homeless", 15), ("other", 25)),
    "outreach": weighted(("permanent", 12), ("temporary", 15), ("institutional", 8), ("homeless", 40), ("other", 25)),
    "safe_haven": weighted(("permanent", 35), ("temporary", 15), ("institutional", 8), ("homeless", 20), ("other", 22)),
    "transitional": weighted(
        ("permanent", 55), ("temporary", 20), ("institutional", 5), ("homeless", 8), ("other", 12)
    ),
    "rapid": weighted(("permanent", 75), ("temporary", 10), ("institutional", 2), ("homeless", 5), ("other", 8)),
    "rapid_not_housed": weighted(
        ("permanent", 25), ("temporary", 30), ("institutional", 5), ("homeless", 20), ("other", 20)
    ),
    "supportive": weighted(("permanent", 60), ("temporary", 10), ("institutional", 10), ("homeless", 5), ("other", 15)),
    "prevention": weighted(("permanent", 85), ("temporary", 7), ("institutional", 1), ("homeless", 2), ("other", 5)),
    "services": weighted(("permanent", 20), ("temporary", 20), ("institutional", 5), ("homeless", 25), ("other", 30)),
}

# 3.917.1 prior living situations (the Enrollment.csv subset), by how the person arrives.
PRIOR_CRISIS = weighted(
    (116, 33),
    (101, 19),
    (118, 3),
    (335, 10),
    (336, 9),
    (314, 6),
    (302, 1),
    (329, 1),
    (332, 1),
    (207, 3),
    (206, 2),
    (204, 1),
    (205, 1),
    (225, 0.2),
    (410, 5),
    (435, 1.5),
    (411, 0.3),
    (421, 0.2),
    (8, 1),
    (9, 0.8),
    (99, 1.2),
)
PRIOR_YOUTH = weighted(
    (116, 20),
    (101, 15),
    (335, 20),
    (336, 15),
    (215, 8),
    (207, 4),
    (332, 4),
    (314, 3),
    (410, 5),
    (8, 2),
    (9, 2),
    (99, 2),
)
PRIOR_AT_RISK = weighted((410, 55), (435, 14), (411, 3), (421, 1), (335, 11), (336, 9), (314, 4), (8, 1), (99, 2))
PRIOR_HOUSING = weighted(
    (116, 30),
    (101, 38),
    (118, 2),
    (302, 6),
    (335, 6),
    (336, 5),
    (314, 3),
    (207, 3),
    (206, 2),
    (205, 1),
    (8, 1),
    (9, 1),
    (99, 2),
)
PRIOR_RETURN = weighted((116, 30), (101, 15), (335, 20), (336, 15), (314, 7), (410, 6), (207, 3), (8, 1), (99, 3))

# 3.917.2 length of stay in the prior situation, for people coming from homelessness and from elsewhere.
STAY_HOMELESS = weighted((10, 4), (11, 10), (2, 22), (3, 25), (4, 24), (5, 12), (8, 1), (9, 1), (99, 1))
STAY_ELSEWHERE = weighted((10, 6), (11, 14), (2, 22), (3, 22), (4, 20), (5, 13), (8, 1), (9, 1), (99, 1))

# 4.12 current living situations seen on outreach contacts (the CurrentLivingSituation.csv subset).
CONTACT_SITUATIONS = weighted(
    (116, 70),
    (101, 9),
    (118, 2),
    (335, 3),
    (336, 3),
    (314, 3),
    (37, 3),
    (17, 2),
    (206, 1),
    (207, 0.5),
    (410, 0.5),
    (435, 0.3),
    (8, 1),
    (9, 0.7),
    (99, 1.3),
)
STREET_LOCATIONS = (
    "Under the river bridge",
    "Behind the bus station",
    "Encampment by the rail yard",
    "Doorway on Main St",
    "Riverside park",
    "Parked car at the grocery lot",
)

# 4.19 and 4.20 coordinated entry.
ASSESSMENT_LOCATIONS = ("Coordinated Entry Hub", "Street outreach van", "Public library drop-in", "Phone line")
# 4.20.2 events and whether they carry a referral result (4.20.D).
REFERRAL_EVENTS = {
    2: "diversion",
    5: "aftercare",
    10: "referral",
    11: "referral",
    13: "referral",
    14: "referral",
    1: "plain",
    3: "plain",
    4: "plain",
    6: "plain",
    7: "plain",
    8: "plain",
    9: "plain",
    15: "referral",
    16: "referral",
    17: "referral",
    18: "referral",
    12: "referral",
}
OTHER_EVENTS = weighted(
    (2, 25), (1, 8), (3, 8), (4, 6), (6, 8), (7, 8), (8, 4), (9, 4), (10, 20), (16, 5), (17, 2), (18, 2)
)
