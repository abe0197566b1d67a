"""A small gazetteer of real English and Welsh post towns and their outward codes.

Addresses in the CRM are fictional, but their town, county and postcode district are
real and agree with each other. Phone numbers use Ofcom's ranges reserved for drama
(``0113 496 0xxx`` and so on), so no real line is ever printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

INWARD = re.compile(r"^[0-9][ABDEFGHJLNPQRSTUWXYZ]{2}$")
# A9, A99, AA9, AA99; a trailing letter (A9A, AA9A) only in central London districts.
OUTWARD = re.compile(r"^([A-Z]{1,2}[0-9]{1,2}|(E|N|W|EC|NW|SE|SW|WC)[0-9][A-Z])$")
DRAMA_MOBILE = "07700 900{:03d}"
DRAMA_GEOGRAPHIC = "01632 960{:03d}"


@dataclass(frozen=True)
class PostTown:
    """A post town, its county and the outward codes (districts) used for it."""

    town: str
    county: str
    districts: tuple[str, ...]
    dialling: str = DRAMA_GEOGRAPHIC  # a format for a number 0-999

    @property
    def area(self) -> str:
        """The postcode area, e.g. ``LE`` for Leicester."""
        return re.sub(r"[0-9].*$", "", self.districts[0])


def _t(town: str, county: str, districts: str, dialling: str = "") -> PostTown:
    """Shorthand for one gazetteer row."""
    return PostTown(
        town, county, tuple(districts.split()), dialling or DRAMA_GEOGRAPHIC
    )


TOWNS: tuple[PostTown, ...] = (
    _t("Leicester", "Leicestershire", "LE1 LE2 LE3 LE4 LE5", "0116 496 0{:03d}"),
    _t("Nottingham", "Nottinghamshire", "NG1 NG2 NG5 NG7", "0115 496 0{:03d}"),
    _t("Derby", "Derbyshire", "DE1 DE21 DE22 DE24"),
    _t("Sheffield", "South Yorkshire", "S1 S2 S3 S9", "0114 496 0{:03d}"),
    _t("Doncaster", "South Yorkshire", "DN1 DN2 DN4"),
    _t("Leeds", "West Yorkshire", "LS1 LS2 LS6 LS11", "0113 496 0{:03d}"),
    _t("Bradford", "West Yorkshire", "BD1 BD3 BD4"),
    _t("Wakefield", "West Yorkshire", "WF1 WF2"),
    _t("Huddersfield", "West Yorkshire", "HD1 HD2"),
    _t("Harrogate", "North Yorkshire", "HG1 HG2"),
    _t("York", "North Yorkshire", "YO1 YO10 YO24 YO31"),
    _t("Hull", "East Yorkshire", "HU1 HU2 HU3"),
    _t("Manchester", "Greater Manchester", "M1 M2 M4 M15", "0161 496 0{:03d}"),
    _t("Stockport", "Greater Manchester", "SK1 SK2 SK4", "0161 496 0{:03d}"),
    _t("Bolton", "Greater Manchester", "BL1 BL2 BL3"),
    _t("Preston", "Lancashire", "PR1 PR2"),
    _t("Liverpool", "Merseyside", "L1 L2 L3", "0151 496 0{:03d}"),
    _t("Chester", "Cheshire", "CH1 CH2 CH4"),
    _t("Newcastle upon Tyne", "Tyne and Wear", "NE1 NE2 NE4", "0191 498 0{:03d}"),
    _t("Sunderland", "Tyne and Wear", "SR1 SR2", "0191 498 0{:03d}"),
    _t("Durham", "County Durham", "DH1"),
    _t("Darlington", "County Durham", "DL1 DL3"),
    _t("Middlesbrough", "North Yorkshire", "TS1 TS4"),
    _t("Carlisle", "Cumbria", "CA1 CA2"),
    _t("Lincoln", "Lincolnshire", "LN1 LN2 LN6"),
    _t("Birmingham", "West Midlands", "B1 B2 B3 B5", "0121 496 0{:03d}"),
    _t("Coventry", "West Midlands", "CV1 CV2 CV3"),
    _t("Wolverhampton", "West Midlands", "WV1 WV2 WV10"),
    _t("Stoke-on-Trent", "Staffordshire", "ST1 ST4 ST6"),
    _t("Worcester", "Worcestershire", "WR1 WR2 WR5"),
    _t("Hereford", "Herefordshire", "HR1 HR2 HR4"),
    _t("Shrewsbury", "Shropshire", "SY1 SY2 SY3"),
    _t("Northampton", "Northamptonshire", "NN1 NN3 NN4"),
    _t("Milton Keynes", "Buckinghamshire", "MK9 MK10 MK14"),
    _t("Bedford", "Bedfordshire", "MK40 MK41 MK42"),
    _t("Luton", "Bedfordshire", "LU1 LU2"),
    _t("Cambridge", "Cambridgeshire", "CB1 CB2 CB4"),
    _t("Peterborough", "Cambridgeshire", "PE1 PE2 PE3"),
    _t("Norwich", "Norfolk", "NR1 NR2 NR3"),
    _t("Ipswich", "Suffolk", "IP1 IP2 IP4"),
    _t("Colchester", "Essex", "CO1 CO2 CO4"),
    _t("Chelmsford", "Essex", "CM1 CM2"),
    _t("St Albans", "Hertfordshire", "AL1 AL3"),
    _t("Watford", "Hertfordshire", "WD17 WD18 WD24"),
    _t("Reading", "Berkshire", "RG1 RG2 RG30", "0118 496 0{:03d}"),
    _t("Oxford", "Oxfordshire", "OX1 OX2 OX4"),
    _t("Swindon", "Wiltshire", "SN1 SN2 SN5"),
    _t("Guildford", "Surrey", "GU1 GU2"),
    _t("Brighton", "East Sussex", "BN1 BN2"),
    _t("Maidstone", "Kent", "ME14 ME15 ME16"),
    _t("Canterbury", "Kent", "CT1 CT2"),
    _t("Southampton", "Hampshire", "SO14 SO15 SO16"),
    _t("Portsmouth", "Hampshire", "PO1 PO2 PO3"),
    _t("Bristol", "City of Bristol", "BS1 BS2 BS5", "0117 496 0{:03d}"),
    _t("Bath", "Somerset", "BA1 BA2"),
    _t("Gloucester", "Gloucestershire", "GL1 GL2 GL4"),
    _t("Exeter", "Devon", "EX1 EX2 EX4"),
    _t("Plymouth", "Devon", "PL1 PL4 PL6"),
    _t("Cardiff", "South Glamorgan", "CF10 CF11 CF14 CF24", "029 2018 0{:03d}"),
    _t("Swansea", "West Glamorgan", "SA1 SA2"),
)


def phone(template: str, n: int) -> str:
    """The drama-range number ``n`` (0-999) in ``template``."""
    return template.format(n % 1000)


def town(name: str) -> PostTown | None:
    """The gazetteer entry for the post town ``name``."""
    return next((t for t in TOWNS if t.town == name), None)


def split_postcode(postcode: str) -> tuple[str, str] | None:
    """Outward and inward code of a well-formed UK postcode, else ``None``."""
    parts = postcode.upper().split()
    if len(parts) != 2 or not OUTWARD.match(parts[0]) or not INWARD.match(parts[1]):
        return None
    return parts[0], parts[1]


def postcode_fits_town(postcode: str, name: str) -> bool:
    """Whether ``postcode`` is well formed and in a district of the post town."""
    parts = split_postcode(postcode)
    entry = town(name)
    return parts is not None and entry is not None and parts[0] in entry.districts
