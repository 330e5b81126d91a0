"""The DfE codes a Common Transfer File writes, in the words a social worker reads on a referral.

Only the codes we are sure of are spelt out; any other is kept as the file gave it. The code
stays beside the words ("White British (WBRI)"), so nothing the file said is lost.
"""

from __future__ import annotations

from collections.abc import Mapping

ETHNICITY: Mapping[str, str] = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WIRT": "Traveller of Irish heritage",
    "WROM": "Gypsy / Roma",
    "WOTH": "Any other White background",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Black Caribbean",
    "BAFR": "Black African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Not yet obtained",
}
LANGUAGES: Mapping[str, str] = {
    "ENG": "English",
    "ENB": "Believed to be English",
    "POL": "Polish",
    "URD": "Urdu",
    "PNJ": "Panjabi",
    "BNG": "Bengali",
    "GUJ": "Gujarati",
    "ARA": "Arabic",
    "SOM": "Somali",
    "TUR": "Turkish",
    "ROM": "Romanian",
    "LIT": "Lithuanian",
    "POR": "Portuguese",
    "SPA": "Spanish",
    "FRN": "French",
}
SEN_PROVISION: Mapping[str, str] = {"N": "No special educational need", "K": "SEN support", "E": "EHC plan"}
SEN_NEEDS: Mapping[str, str] = {
    "SPLD": "Specific learning difficulty",
    "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty",
    "PMLD": "Profound and multiple learning difficulty",
    "SEMH": "Social, emotional and mental health",
    "SLCN": "Speech, language and communication needs",
    "HI": "Hearing impairment",
    "VI": "Visual impairment",
    "MSI": "Multi-sensory impairment",
    "PD": "Physical disability",
    "ASD": "Autistic spectrum disorder",
    "OTH": "Other difficulty or disability",
    "NSA": "SEN support but no specialist assessment",
}


def in_words(table: Mapping[str, str], code: str) -> str:
    """`code` in words with the code beside it; a code not in `table` (or words already) as given."""
    words = table.get(code.strip().upper())
    return f"{words} ({code.strip().upper()})" if words else code.strip()
