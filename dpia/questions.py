"""The DPIA stage-1 screening form, question by question, in the seed form's order and words.

This registry is the one place the form's wording lives. The section pages, the check-your-answers
page, the DPO's review page, the version diff, the PDF and the completeness rules all read it, so a
question reads the same everywhere. ``{org}`` stands for the organisation's short name (the seed form
is West Midlands Police's, where it reads "WMP").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from governance.choices import DataSubjectCategory, VolumeBand


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class AgreementInPlace(models.TextChoices):
    YES = "yes", "Yes – agreements in place"
    NOT_YET = "not_yet", "Not yet – agreements required"
    NONE_REQUIRED = "none_required", "No – none required"


class ScreeningSpecialCategory(models.TextChoices):
    """Section 2.3's options, in the seed form's order; "None" excludes the others."""

    RACE = "race", "Race"
    ETHNIC_ORIGIN = "ethnic_origin", "Ethnic origin"
    POLITICAL_OPINIONS = "political_opinions", "Political opinions"
    SEX_LIFE = "sex_life", "Sex life"
    RELIGION = "religion", "Religion"
    PHILOSOPHICAL_BELIEFS = "philosophical_beliefs", "Philosophical beliefs"
    TRADE_UNION = "trade_union", "Trade union membership"
    GENETIC = "genetic", "Genetic Data"
    BIOMETRIC = "biometric", "Biometric Data"
    SEXUAL_ORIENTATION = "sexual_orientation", "Sexual orientation"
    HEALTH = "health", "Health"
    NONE = "none", "None"


class OperationalBasis(models.TextChoices):
    """Part 3 of the Data Protection Act 2018, section 35(2)."""

    LAW_ENFORCEMENT = "law_enforcement", "Necessary for a law enforcement purpose"
    CONSENT = "consent", "The data subject has given consent for a law enforcement purpose"
    NOT_APPLICABLE = "n/a", "N/A – no operational data"


class AdministrativeBasis(models.TextChoices):
    """UK GDPR Article 6(1), with the Data (Use and Access) Act 2025's recognised legitimate interests."""

    CONSENT = "a", "(a) Consent"
    CONTRACT = "b", "(b) Contract"
    LEGAL_OBLIGATION = "c", "(c) Legal obligation"
    VITAL_INTERESTS = "d", "(d) Vital interests"
    PUBLIC_TASK = "e", "(e) Public task"
    RECOGNISED_INTERESTS = "ea", "(ea) Recognised legitimate interests"
    LEGITIMATE_INTERESTS = "f", "(f) Legitimate interests (not for a public authority's own tasks)"
    NOT_APPLICABLE = "n/a", "N/A – no administrative data"


class Schedule8Condition(models.TextChoices):
    """DPA 2018 Schedule 8: conditions for sensitive processing under Part 3."""

    STATUTORY = "1", "Statutory purposes"
    JUSTICE = "2", "Administration of justice"
    VITAL_INTERESTS = "3", "Protecting individual's vital interests"
    SAFEGUARDING = "4", "Safeguarding of children and of individuals at risk"
    PUBLIC_DOMAIN = "5", "Personal data already in the public domain"
    LEGAL_CLAIMS = "6", "Legal claims"
    JUDICIAL_ACTS = "7", "Judicial acts"
    FRAUD = "8", "Preventing fraud"
    ARCHIVING = "9", "Archiving, research and statistics"


class AdministrativeCondition(models.TextChoices):
    """UK GDPR Article 9(2) conditions, with the DPA 2018 Schedule 1 Part 1 condition where one is needed."""

    EXPLICIT_CONSENT = "9a", "Explicit consent – Article 9(2)(a)"
    EMPLOYMENT = (
        "9b",
        "Employment, social security and social protection – Article 9(2)(b), Schedule 1 paragraph 1",
    )
    VITAL_INTERESTS = "9c", "Vital interests – Article 9(2)(c)"
    NOT_FOR_PROFIT = "9d", "Not-for-profit bodies – Article 9(2)(d)"
    MADE_PUBLIC = "9e", "Made manifestly public by the data subject – Article 9(2)(e)"
    LEGAL_CLAIMS = "9f", "Legal claims or judicial acts – Article 9(2)(f)"
    HEALTH_CARE = "9h", "Health or social care – Article 9(2)(h), Schedule 1 paragraph 2"
    PUBLIC_HEALTH = "9i", "Public health – Article 9(2)(i), Schedule 1 paragraph 3"
    RESEARCH = "9j", "Archiving, research and statistics – Article 9(2)(j), Schedule 1 paragraph 4"


class SubstantialPublicInterestPurpose(models.TextChoices):
    """DPA 2018 Schedule 1 Part 2: substantial public interest conditions (Article 9(2)(g))."""

    STATUTORY = "6", "Statutory and government purposes"
    JUSTICE = "7", "Administration of justice and parliamentary purposes"
    EQUALITY = "8", "Equality of opportunity or treatment"
    DIVERSITY = "9", "Racial and ethnic diversity at senior levels"
    UNLAWFUL_ACTS = "10", "Preventing or detecting unlawful acts"
    PROTECTING_PUBLIC = "11", "Protecting the public"
    REGULATORY = "12", "Regulatory requirements"
    FRAUD = "14", "Preventing fraud"
    TERRORIST_FINANCING = "15", "Suspicion of terrorist financing or money laundering"
    DISABILITY_SUPPORT = "16", "Support for individuals with a particular disability or medical condition"
    COUNSELLING = "17", "Counselling"
    SAFEGUARDING = "18", "Safeguarding of children and individuals at risk"
    ECONOMIC_WELLBEING = "19", "Safeguarding of economic well-being of certain individuals"
    OCCUPATIONAL_PENSIONS = "21", "Occupational pensions"


# The answer kinds a question can have; each maps to one form widget.
TEXT, LONG_TEXT, DATE, YES_NO, CHOICE, MULTIPLE, TICK, PERSON_OR_ROLE = (
    "text",
    "long_text",
    "date",
    "yes_no",
    "choice",
    "multiple",
    "tick",
    "person_or_role",
)


@dataclass(frozen=True)
class Question:
    key: str  # the Screening field that holds the answer
    number: str  # "2.6", or "" where the seed form numbers none
    text: str
    kind: str
    help: str = ""
    quote: str = ""  # the ICO's wording the seed form quotes in italics (section 5)
    choices: type[models.TextChoices] | None = None
    # The question is asked only when ``shown_when`` (another question's key, and the answers that
    # reveal it) holds; it is revealed beneath that answer on the page.
    shown_when: tuple[str, tuple[str, ...]] | None = None
    required: bool = True
    error: str = ""  # the message when it is left unanswered, where the default would read badly

    def label(self, org: str = "WMP") -> str:
        text = self.text.replace("{org}", org)
        return f"{self.number} {text}" if self.number else text

    def help_text(self, org: str = "WMP") -> str:
        return self.help.replace("{org}", org)


@dataclass(frozen=True)
class Heading:
    """A heading inside a section that asks nothing itself (the seed form's "2.9 Data Sharing")."""

    text: str
    help: str = ""


@dataclass(frozen=True)
class Section:
    number: int
    slug: str
    title: str
    intro: str
    items: tuple[Question | Heading, ...]
    outro: str = ""
    points: tuple[str, ...] = field(default=())

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(item for item in self.items if isinstance(item, Question))

    @property
    def heading(self) -> str:
        return f"Section {self.number} – {self.title}"


def _factor(number: str, key: str, text: str, quote: str, help: str = "") -> tuple[Question, Question]:
    return (
        Question(key, number, text, YES_NO, help=help, quote=quote, choices=YesNo),
        Question(
            f"{key}_details",
            "",
            "Further details",
            LONG_TEXT,
            help=f"You answered ‘Yes’ to {number}: please provide further details.",
            shown_when=(key, (YesNo.YES,)),
            error=f"Enter further details for {number}",
        ),
    )


SECTIONS: tuple[Section, ...] = (
    Section(
        1,
        "governance",
        "Governance",
        "Please provide as much detail as possible, avoiding technical language and acronyms, explaining "
        "the proposal in a way that someone with no prior knowledge could easily understand.",
        (
            Question(
                "project",
                "",
                "Project Proposal Name",
                CHOICE,
                help="The project this screening is for.",
                error="Select the project this screening is for",
            ),
            Question("information_asset_owner", "", "Information Asset Owner", PERSON_OR_ROLE),
            Question("information_custodian", "", "Information Custodian", PERSON_OR_ROLE),
            Question("dpia_coordinator", "", "DPIA Coordinator", PERSON_OR_ROLE, required=False),
            Question(
                "processing_commences",
                "",
                "Date on which processing will commence",
                DATE,
                help="For example, 18 11 2019",
            ),
        ),
        outro="Date submitted to DPO is set when you submit the form. "
        "Note: DPO will give an initial response within 10 working days of receiving the completed form.",
    ),
    Section(
        2,
        "purpose",
        "Purpose, Scope and Context",
        "In this section you must explain what the processing is, who it will involve, and the intended "
        "impact. You must also demonstrate why the processing is necessary and proportionate, providing "
        "evidence to support your assessment.",
        (
            Question(
                "aim_and_purpose",
                "2.1",
                "Please briefly explain the specific aim and purpose of the proposal in a way that someone "
                "with no prior knowledge could easily understand; avoid technical language and acronyms.",
                LONG_TEXT,
            ),
            Question(
                "personal_data",
                "2.2",
                "What categories of personal data will be processed?",
                LONG_TEXT,
                help="Provide an overview of the categories of personal data that will be processed, for "
                "example: names, DOBs, addresses, health data, criminal records, or any other unique "
                "identifiers such as IP addresses, usernames, e-mail addresses.",
            ),
            Question(
                "special_categories",
                "2.3",
                "Will special category data be used in the proposal?",
                MULTIPLE,
                help="(Select all that apply)",
                choices=ScreeningSpecialCategory,
            ),
            Question(
                "collection",
                "2.4",
                "How will the data be collected?",
                LONG_TEXT,
                help="Briefly outline how you will obtain the data, examples include: directly from data "
                "subjects, from another data set already in the {org}'s possession, from a different force.",
            ),
            Question(
                "use",
                "2.5",
                "How will the data be used?",
                LONG_TEXT,
                help="Briefly describe how the data will be used, recorded, and stored and who it will be shared with.",
            ),
            Question(
                "volume",
                "2.6",
                "How many individuals will the processing affect?",
                CHOICE,
                help="(Please specify one answer below)",
                choices=VolumeBand,
            ),
            Question(
                "data_subjects",
                "2.7",
                "What categories of data subject are involved?",
                MULTIPLE,
                help="(Please select all applicable categories below)",
                choices=DataSubjectCategory,
            ),
            Question(
                "data_subjects_other",
                "",
                "If other then please provide further details below:",
                LONG_TEXT,
                shown_when=("data_subjects", ("other",)),
                error="Enter details of the other categories of data subject",
            ),
            Question(
                "new_information",
                "2.8",
                "Will it involve the collection of new information about individuals?",
                YES_NO,
                help="Will {org} collect data that it has not previously collected or had access to?",
                choices=YesNo,
            ),
            Heading("2.9 Data Sharing", "Does the processing involve:"),
            Question(
                "shared_with_third_parties",
                "2.10.1",
                "Data being shared with third parties external to {org} or recipients that have not "
                "previously had routine access to the information?",
                YES_NO,
                choices=YesNo,
            ),
            Question(
                "transfer_within_eu",
                "2.10.2",
                "Transferring data outside the UK but within the EU?",
                YES_NO,
                choices=YesNo,
            ),
            Question("transfer_outside_eu", "2.10.3", "Transferring data outside the EU?", YES_NO, choices=YesNo),
            Question(
                "cloud_provider",
                "2.10.4",
                "Storing data using a cloud service provider?",
                YES_NO,
                choices=YesNo,
            ),
            Question(
                "agreement_in_place",
                "2.10.5",
                "Is there an ISA, contract, or other sharing agreement in place with all parties with whom "
                "data will be shared?",
                CHOICE,
                choices=AgreementInPlace,
            ),
            Question(
                "necessity",
                "2.10",
                "Why it is necessary to use personal data to achieve the aim and why can't the aim be achieved "
                "by other means?",
                LONG_TEXT,
                help="For example, can the aim be achieved by using less data or different types of data? "
                "Are all categories of data necessary to achieve the aim?",
            ),
            Question(
                "proportionality",
                "2.11",
                "Explain how the use of personal data is proportionate to the aim of the proposal.",
                LONG_TEXT,
                help="Weigh the advantages of achieving your purpose against disadvantages to data subjects.",
            ),
        ),
        points=(
            "The processing must be necessary for the specific objective of the proposal.",
            "It must also be proportionate, meaning that the advantages resulting from the processing should "
            "not be outweighed by the disadvantages to individuals.",
        ),
    ),
    Section(
        3,
        "lawful-basis",
        "Lawful Basis",
        "3.1 Lawful Basis. To process personal data you must have a lawful basis. Please select the one "
        "appropriate lawful basis from the drop down list.",
        (
            Question(
                "operational_basis",
                "",
                "Lawful Basis for Operational Data (Personal data processed for law enforcement purposes)",
                CHOICE,
                choices=OperationalBasis,
                error="Select the lawful basis for operational data, or N/A",
            ),
            Question(
                "administrative_basis",
                "",
                "Lawful Basis for Administrative Data (Personal data processed for non-law enforcement "
                "purposes, e.g. for HR or Commercial purposes)",
                CHOICE,
                choices=AdministrativeBasis,
                error="Select the lawful basis for administrative data, or N/A",
            ),
            Heading(
                "3.2 Further Special Category Lawful Basis",
                "If processing special category data (section 2.3) you must have identified a further lawful condition",
            ),
            Question(
                "operational_strictly_necessary",
                "",
                "Operational Data: The processing is strictly necessary (please tick to confirm)",
                TICK,
                required=False,
            ),
            Question(
                "operational_condition",
                "",
                "Operational Data: AND One of the following conditions applies (select from the list)",
                CHOICE,
                choices=Schedule8Condition,
                required=False,
            ),
            Question(
                "administrative_condition",
                "",
                "Administrative Data: It is necessary for one of the following conditions (select from the list)",
                CHOICE,
                choices=AdministrativeCondition,
                required=False,
            ),
            Question(
                "administrative_public_interest",
                "",
                "Administrative Data: OR It is in the substantial public interest (tick to confirm)",
                TICK,
                required=False,
            ),
            Question(
                "administrative_public_interest_purpose",
                "",
                "AND for the following purpose",
                CHOICE,
                choices=SubstantialPublicInterestPurpose,
                required=False,
            ),
        ),
    ),
    Section(
        4,
        "retention",
        "Review, Retention and Disposal",
        "",
        (
            Question(
                "retention_compliant",
                "4.1",
                "Does the proposal have a review, retention and disposal process that complies with {org} Policy?",
                YES_NO,
                help="All records must have an initial retention period set by the owner of the information "
                "when first created or received; review and disposal criteria are defined within the {org} IM "
                "document suite.",
                choices=YesNo,
            ),
            Question(
                "retention_schedule",
                "",
                "Which retention schedule applies?",
                TEXT,
                error="Enter the retention schedule that applies",
                help="For example, the NPCC national retention schedule, or the force's review, retention "
                "and disposal policy.",
                shown_when=("retention_compliant", (YesNo.YES,)),
            ),
            Question(
                "retention_gap",
                "",
                "What is missing, and how will it be put right?",
                LONG_TEXT,
                error="Enter what is missing from the retention process and how it will be put right",
                shown_when=("retention_compliant", (YesNo.NO,)),
            ),
        ),
    ),
    Section(
        5,
        "ico-factors",
        "ICO: Additional Factors",
        "The Information Commissioner’s Office have published a number of factors that present a ‘high risk’ "
        "when processing personal data. Saying yes to one or more of the following may indicate that the "
        "processing is high risk and a Stage 2 DPIA is likely to be required.",
        (
            Heading(
                "Does the processing involve:",
                "Please check either Yes or No. If ‘Yes’ then please provide further details.",
            ),
            *_factor(
                "5.1",
                "profiling",
                "Systematic, extensive and large scale profiling and automated decision-making about people?",
                "Any systematic and extensive evaluation of personal aspects relating to natural persons which is "
                "based on automated processing, including profiling, and on which decisions are based that "
                "produce legal effects, or significantly affect the natural person",
                "Profiling is any form of processing where personal data is used to evaluate certain personal "
                "aspects relating to an individual, including the analysis or prediction of an individual’s "
                "performance. Automated decision-making involves making a decision that affects someone by "
                "technological means without human involvement, for example issuing speeding fines solely based "
                "on evidence captured from speed cameras.",
            ),
            *_factor(
                "5.2",
                "large_scale_sensitive",
                "Large scale use of special category data or criminal offence data?",
                "Processing on a large scale of special categories of data, or personal data relating to "
                "criminal convictions and offences referred to in Article 10",
            ),
            *_factor(
                "5.3",
                "public_monitoring",
                "Public monitoring?",
                "Systematic monitoring of a publicly accessible area on a large scale",
            ),
            *_factor(
                "5.4",
                "new_technology",
                "New technologies or techniques?",
                "Processing involving the use of new technologies, or the novel application of existing "
                "technologies (including Artificial Intelligence)",
            ),
            *_factor(
                "5.5",
                "denial_of_service",
                "Profiling, automated decision-making or special category data to help make decisions on "
                "someone's access to a service, opportunity or benefit?",
                "Decisions about an individual's access to a product, service, opportunity or benefit which is "
                "based to any extent on automated decision-making (including profiling) or involves the "
                "processing of special category data",
            ),
            *_factor(
                "5.6",
                "biometric_genetic",
                "Biometrics/genetic data?",
                "Any processing of biometric data” and/or “any processing of genetic data other than that "
                "processed by an individual GP or health professional, for the provision of health care direct "
                "to the data subject",
                "Biometric data can include Facial Recognition technology, fingerprints and is defined as "
                "personal data resulting from specific technical processing relating to the physical, "
                "physiological or behavioural characteristics of a person, which allow or confirm their unique "
                "identification.",
            ),
            *_factor(
                "5.7",
                "data_matching",
                "Data matching?",
                "Combining, comparing or matching personal data obtained from multiple sources",
            ),
            *_factor(
                "5.8",
                "invisible_processing",
                "Invisible processing?",
                "Processing of personal data that has not been obtained direct from the data subject in "
                "circumstances where providing a Privacy Notice would prove impossible or involve "
                "disproportionate effort",
                "For example, when gathering data, without the knowledge of the data subject, in the course of "
                "a Police investigation.",
            ),
            *_factor(
                "5.9",
                "tracking",
                "Tracking?",
                "Processing which involves tracking an individual's geolocation or behaviour, including but not "
                "limited to the online environment",
            ),
            *_factor(
                "5.10",
                "targeting_vulnerable",
                "Targeting of children or other vulnerable individuals?",
                "The use of the personal data of children or other vulnerable individuals for marketing "
                "purposes, profiling or other automated decision-making, or if you intend to offer online "
                "services directly to children",
                "For example, the use of personal data relating to children for the purposes of marketing their "
                "online safety products.",
            ),
            *_factor(
                "5.11",
                "physical_harm",
                "Risk of physical harm?",
                "Processing is of such a nature that a personal data breach could jeopardise the [physical] "
                "health or safety of individuals",
                "For example, if data relating to CSAE, HUMINT or protected persons data was compromised then "
                "it could jeopardise the safety of individuals.",
            ),
            *_factor(
                "5.12",
                "evaluation_scoring",
                "Evaluation or scoring?",
                "Aspects concerning the data subject's performance at work, economic situation, health, "
                "personal preferences or interests, reliability or behaviour, location or movements",
                "For example, as part of a recruitment process.",
            ),
            *_factor(
                "5.13",
                "large_scale",
                "Data processed on a large scale.",
                "",
                "Considerations include: The number of data subjects concerned; Volume of data and/or range of "
                "data items; Duration, or permanence, of the data processing; Geographical extent of data "
                "processing.",
            ),
            *_factor(
                "5.14",
                "prevents_rights",
                "Preventing data subjects from exercising a right?",
                "",
                "The rights are: The right to be informed; The right to access data; The right to "
                "rectification; The right to erasure; The right to restrict processing; The right to object; "
                "The right to portability; Rights relating to automated processing.",
            ),
        ),
        outro="Please forward the completed form the {org} DPO.",
    ),
)

QUESTIONS: dict[str, Question] = {q.key: q for section in SECTIONS for q in section.questions}
SECTIONS_BY_SLUG: dict[str, Section] = {section.slug: section for section in SECTIONS}
FACTOR_KEYS: tuple[str, ...] = tuple(q.key for q in SECTIONS[4].questions if q.kind == YES_NO)  # 5.1 to 5.14, in order


class Outcome(models.TextChoices):
    """The DPO's assessment, in the seed form's words."""

    A = "A", "A. DPIA is not mandatory."
    B = (
        "B",
        (
            "B. DPIA is not required as long as the remedial action listed is carried out. If the remedial "
            "action is not carried out, a DPIA will be required."
        ),
    )
    C = "C", "C. DPIA is mandatory."
