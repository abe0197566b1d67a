"""Fixed word pools the scenario generator draws from (no Faker in the domain)."""

from __future__ import annotations

from portfolio.framework.domain.vocabulary import OrderType

NEW_SITES: tuple[tuple[str, str, str, str, str], ...] = (
    ("Unit 7, Canal Side", "Wharf Road", "Leeds", "West Yorkshire", "LS11 5PX"),
    (
        "2nd Floor, Cobalt House",
        "14 Market Street",
        "Manchester",
        "Greater Manchester",
        "M1 1PW",
    ),
    ("Suite 3, The Maltings", "Station Approach", "Ipswich", "Suffolk", "IP2 8AA"),
    ("Unit 12, Meadow Way", "Harlow Business Park", "Harlow", "Essex", "CM20 2FE"),
    ("4 Orchard Court", "Bath Road", "Bristol", "Bristol", "BS4 3AP"),
    (
        "Block B, Riverside Works",
        "Trent Lane",
        "Nottingham",
        "Nottinghamshire",
        "NG2 4DS",
    ),
    ("The Old Post Office", "22 High Street", "Shrewsbury", "Shropshire", "SY1 1SJ"),
    ("Unit 3, Kelvin Park", "Deer Road", "Glasgow", "Lanarkshire", "G51 2RL"),
)
UNLISTED_CALLERS: tuple[tuple[str, str], ...] = (
    ("Jamie Fletcher", "a temp covering reception this week"),
    ("Priya Mistry", "new in the admin team"),
    ("Tom Hargreaves", "from the project team"),
    ("Chloe Baxter", "helping out in the office while someone is off"),
    ("Daniel Osei", "an apprentice in the facilities team"),
)
INSTRUCTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Please use the rear loading bay; the front entrance is for pedestrians only.",
        ("loading bay",),
    ),
    (
        "Our goods-in door is only open until 4pm, so please deliver before then.",
        ("4pm",),
    ),
    ("Please ask for {first} at reception when you arrive.", ("reception",)),
    (
        "There is a weight limit on the access road, so please send a small vehicle.",
        ("weight limit",),
    ),
    ("Please phone {first} 30 minutes before the driver arrives.", ("30 minutes",)),
    (
        "Deliveries go to the second floor; there is a goods lift at the back.",
        ("goods lift",),
    ),
)
DISCOUNT_REASONS: tuple[str, ...] = (
    "Another supplier has quoted us {pct}% off list for the same items.",
    "We've been buying from you for years and this is one of our biggest orders.",
    "Our budget for the refit is fixed and this would get it over the line.",
    "We're planning to fit out our second site with you next quarter as well.",
)
NEEDS: dict[OrderType, tuple[str, ...]] = {
    OrderType.STANDARD: (
        "We're taking on new staff next month and need to kit them out.",
        "We're replacing worn-out items across the office.",
        "We're reorganising the office after a team move.",
        "It's our regular restock for the office.",
    ),
    OrderType.BESPOKE: (
        "We're refitting the office and standard sizes don't fit the space.",
        "We want everything to match our new brand and layout.",
        "The room is an awkward shape, so off-the-shelf items won't work.",
    ),
    OrderType.URGENT: (
        "We've got an audit visit and need the space ready.",
        "New starters arrive tomorrow and they have nothing to sit at.",
        "We ran out much faster than expected and can't wait.",
    ),
}
DEADLINE_IMPACTS: dict[OrderType, tuple[str, ...]] = {
    OrderType.STANDARD: (
        "If it's late the new starters will be working from the meeting room.",
        "We can manage a day or two, but not much more.",
    ),
    OrderType.BESPOKE: (
        "The fitters are booked for that week; if it's late we pay them to wait.",
        "We have the official opening that week, so it really matters.",
    ),
    OrderType.URGENT: (
        "If it isn't here tomorrow morning we'll have people with nowhere to work.",
        "Tomorrow is the deadline: after that it's no use to us.",
    ),
}
AMBIGUITY_GROUPS: tuple[tuple[str, str], ...] = (
    ("DSK-STD-*-OAK", "oak straight desks"),
    ("DSK-STD-*-WHT", "white straight desks"),
    ("DSK-SIT-*", "electric sit-stand desks"),
    ("CHR-OPR-*-BLK", "black operator chairs"),
    ("PAP-A4-*", "boxes of A4 paper"),
    ("TEC-MON-ARM-*", "monitor arms"),
    ("STO-CAB-*-GRY", "grey filing cabinets"),
)
VAGUE_QTY: tuple[str, ...] = (
    "enough for the new team (I'll confirm the numbers)",
    "a few, I need to check exactly how many",
    "roughly the same number as last time",
)
SUPPLIERS: tuple[str, ...] = (
    "Hartley Furniture Ltd",
    "Pennine Office Products",
    "Castlegate Distribution",
    "Morland Manufacturing",
)
OUR_REPS: tuple[str, ...] = ("Sam", "Alex", "Jo", "Chris", "Morgan")
PERSONAL_MAILBOXES: tuple[str, ...] = ("gmail.com", "outlook.com", "btinternet.com")
