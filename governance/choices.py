"""Choice lists shared by the dataset register and the DPIA screening form.

The wording follows the NDAS DPIA stage-1 form (sections 2.2, 2.3, 2.6 and 2.7) so that a dataset
and a screening describe data in the same words.
"""

from __future__ import annotations

from django.db import models


class PersonalDataCategory(models.TextChoices):
    NAMES = "names", "Names"
    DATES_OF_BIRTH = "dates_of_birth", "Dates of birth"
    ADDRESSES = "addresses", "Addresses"
    CONTACT = "contact", "Communication data (telephone numbers, e-mail addresses)"
    IDENTIFIERS = "identifiers", "Other unique identifiers (for example PNC ID, IP addresses, usernames)"
    CRIMINAL_OFFENCE = (
        "criminal_offence",
        "Criminal offence data (allegations, convictions, criminal records)",
    )
    LOCATION = "location", "Location data"
    IMAGES = "images", "Photographs, video or audio recordings"
    EMPLOYMENT = "employment", "Employment records"
    FINANCIAL = "financial", "Financial information"
    FREE_TEXT = "free_text", "Free-text descriptions that may hold any of the above"


class SpecialCategory(models.TextChoices):
    """UK GDPR Article 9 special categories, in the order the seed form lists them."""

    RACE = "race", "Race"
    ETHNIC_ORIGIN = "ethnic_origin", "Ethnic origin"
    POLITICAL_OPINIONS = "political_opinions", "Political opinions"
    SEX_LIFE = "sex_life", "Sex life"
    RELIGION = "religion", "Religion"
    PHILOSOPHICAL_BELIEFS = "philosophical_beliefs", "Philosophical beliefs"
    TRADE_UNION = "trade_union", "Trade union membership"
    GENETIC = "genetic", "Genetic data"
    BIOMETRIC = "biometric", "Biometric data"
    SEXUAL_ORIENTATION = "sexual_orientation", "Sexual orientation"
    HEALTH = "health", "Health"


class DataSubjectCategory(models.TextChoices):
    SUSPECTS = "suspects", "Persons suspected of having committed or being about to commit a criminal offence"
    CONVICTED = "convicted", "Persons convicted of a criminal offence"
    VICTIMS = "victims", "Persons who are or may be victims of a criminal offence"
    WITNESSES = "witnesses", "Witnesses or other persons with information about offences"
    CHILDREN_VULNERABLE = "children_vulnerable", "Children or vulnerable individuals"
    STAFF = "staff", "Staff (current and former)"
    OTHER = "other", "Other"


class VolumeBand(models.TextChoices):
    UNDER_100 = "under_100", "Fewer than 100 data subjects"
    TO_1000 = "100_1000", "100 to 1000 data subjects"
    TO_5000 = "1000_5000", "1000 to 5000 data subjects"
    OVER_5000 = "over_5000", "More than 5000 data subjects"


class ProtectiveMarking(models.TextChoices):
    OFFICIAL = "OFFICIAL", "OFFICIAL"
    OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"
    SECRET = "SECRET", "SECRET"
    TOP_SECRET = "TOP SECRET", "TOP SECRET"


def labels(choices: type[models.TextChoices], values: list[str]) -> list[str]:
    """The labels of ``values`` in the choice list's own order, ignoring values it no longer has."""
    wanted = set(values)
    return [choice.label for choice in choices if choice.value in wanted]
