"""The seed's second formal meeting of the ethics committee, as the secretary would record it: per paper
the overview, the questions with their answers, the actions, the committee's comments, the option
and its conditions. The words are the seed minutes' own."""

from __future__ import annotations

from typing import Any

LAB = "WMP's Data Analytics Lab"

WELCOME = "The Chair welcomed everyone to the second formal Ethics Committee meeting."

GENERAL_COMMENTS = "\n".join(
    [
        "The committee requests to see Data Protection Impact Assessments when proposals are submitted.",
        "The papers contained by necessity a high level of technical detail. Consideration needed to be given to "
        "increasing comprehensibility and readability for committee members and generally.",
        "The intended benefits of the proposals need to be clearly articulated.",
        "Generally, while appreciating that WMP remains the data controller, legal advice needs to consider "
        "personalised data and how it could be anonymised before being given to the Lab so as not to undermine the "
        "matching of data and analysis capability. For instance, could a department of WMP match the data, then "
        "anonymise it, so as to remove the analysis further away from personal identification where applicable?",
    ]
)

MORE_INFORMATION_ADVICE = (
    "The Police & Crime Commissioner and Chief Constable are advised to request WMP’s Police Analytics Lab come "
    "back with more information as suggested above."
)

IOM: dict[str, Any] = {
    "heading": "(Integrated Offender Management) IOM Model - Interim update and progress report",
    "presenters": "DP and RE",
    "overview": "\n".join(
        [
            "An interim update and progress report on the IOM model. It was explained that offender management "
            "is about supporting those in the community who have already offended, to help "
            "them turn their lives around, reduce offending for the protection of the public and improve their "
            "wellbeing.",
            "Chief Inspector Jane Bailey (JB) was present to answer any further questions as she is the West "
            "Midlands Police (WMP) lead for offender management, and the previous meeting had concluded that the "
            "committee needed far more context to understand how the model would be used in practice.",
            "When members asked what constitutes ‘harm’ when considering the gravity of an individual’s "
            "offending, it was noted that the definition of ‘harm’ is noted in the brief.",
            "The model generates a high number of offenders and WMP would be looking to prioritise high and "
            "medium risk offenders and identify a potential early intervention opportunity. The team would want "
            "to really work through how such a model was used in practice, to see how it measures up against "
            "their experience and professional discretion.",
            "JB suggested a protocol is developed that identifies the clear selection and de-selection criteria "
            "for those receiving support, how any offender that falls within this would be managed, and what "
            "support should be provided from neighbourhood policing teams. It is vital for there to be a clear "
            "protocol on how the information from the model would be used, and how this interacts with the "
            "discretion and autonomy of the offender managers.",
        ]
    ),
    "questions": [
        (
            "How is the distinction drawn between gangs and networks within the model?",
            "Gangs would be identified as a form of institution, whereas networks are based on crime records and "
            "individuals simply being known to each other. Gangs and networks are separate features within the "
            "model. Future iterations of the model will need to help members understand the applicable features "
            "in more detail.",
        ),
        (
            "What is meant by the reference to sentencing guidelines?",
            "DP explained that it is a measure used within the harm index. The committee raised the point that "
            "this is different from what the actual sentences were and therefore raised a concern over its "
            "accuracy. DP stated the high correlation between the CCHI and the ONS severity score (which uses "
            "average days from actual sentences).",
        ),
        (
            "In practice, how will this model be used? How is professional judgement captured in decisions and "
            "how does this work with existing workloads?",
            "JB answered that it will be a useful tool for early prevention and offender management because there "
            "is no predictive analysis currently, and reiterated the need for a protocol for how the model’s "
            "outputs will be used alongside professional judgement.",
        ),
        (
            "Is reverse feedback being tried?",
            "JB answered that 6k offenders are currently managed but this data generates roughly 48k. WMP "
            "wouldn’t have the capacity to manage that volume, but it is believed many of them wouldn’t need that "
            "management. Thought needs to be given as to how the model provides an output that is usable.",
        ),
        (
            "Are there any other sources of possible bias that you investigated other than race/ethnicity?",
            "DP answered that other biases were looked for but were not detected: there were no variables that "
            "had predictive value that would have presented bias based on protected characteristics or proxy "
            "measures. DP accepted that the current results could still do with further exploration.",
        ),
        (
            "Have you experimented with different cut off values?",
            "DP answered that different cut-off points were assessed for predictive stability (presented in the "
            "first Committee paper). Once the project was further down the line, they would work with the "
            "offender management team to understand how the model is working in practice.",
        ),
        (
            "How have you been testing the model to see how good the predictions are?",
            "DP noted that model accuracy was assessed on a test dataset in line with general predictive model "
            "building processes (results provided in the first Committee paper).",
        ),
        (
            "Can you simplify some of the explanations of tests for bias provided in the project proposals?",
            "DP explained that there was an attempt to provide an intuitive explanation in the papers. It was "
            "accepted that the Analytics Lab is learning how to communicate its data science proposals in a way "
            "that is accessible.",
        ),
        (
            "How many offenders are currently being managed and how does this fit with high risk offenders?",
            "JB answered that there are 314 offender managers in total. WMP are currently working towards "
            "reducing caseloads as typically they are 1-20 but sex offenders can be up to 60. There is some "
            "capability in Neighbourhood Policing Units (NPUs) to manage individuals.",
        ),
        (
            "Is the analysis in Appendix B going to pick up the difference in police approaches such as stop and "
            "search under Section 60?",
            "There would be s.60 stop and search data in the existing model, but not the most recent results. "
            "The rebuild of the model will look to see the impact of excluding stop and search data where no "
            "positive result was found.",
        ),
        (
            "How will qualitative analysis be used to understand how this model would be used by offender "
            "managers in practice to ensure they do not simply defer to the model’s outputs?",
            "DP answered that there will be detailed and on-going analysis of the predictive accuracy of the "
            "model, and on-going checks for feedback loops. The Ethics Committee emphasised how important a "
            "qualitative analysis would be, as one of the major ethical concerns is that the model would, in "
            "time, replace human decision-making.",
        ),
        (
            "What is the next stage?",
            "A rebuild of the model, followed by the beta testing phase to explore its accuracy in greater "
            "detail. It is expected that this next stage requires further Ethics Committee approval.",
        ),
    ],
    "actions": [
        (
            "Obtain detailed legal advice on the human rights assessment and other means of achieving the "
            "objective; in time, a randomised control trial to build evidence for the accuracy of the model, and "
            "an accessible description of how accuracy is tested for now and in the future.",
            "Data Analytics Lab",
        ),
        (
            "Provide more information on how the evidence base for the model will be developed and on how use of "
            "sensitive personal data such as drug use and age data will be justified legally.",
            "Data Analytics Lab",
        ),
    ],
    "positive_comments": "\n".join(
        [
            "The committee expressed their thanks to the team for their work and patience they exhibited "
            "answering questions of the committee.",
            "The committee acknowledged the significant development since the previous meeting and that progress "
            "is being made on the model.",
            "The positive input of JB was noted for her explanations of the interventions and offender "
            "management process.",
            "The clarification that the model only relates to individuals who have been charged or convicted of "
            "an offence, and doesn’t include suspects or victims, was noted.",
        ]
    ),
    "questions_to_address": "\n".join(
        [
            "Can the model be proved against internal and external validation in order to demonstrate it has "
            "meaningful predictive value, internal consistency and that it generates good results?",
            "Can the distinction between explanation and prediction be more clearly established?",
            "Can the limitations of the data be considered so that the models are not being driven by the data "
            "that is available?",
            "Could more research be undertaken on work around labour market outcomes and gender/ethnicity bias, "
            "for the purpose of the disproportionality research?",
            "Can the committee receive a more thorough explanation of the level of predictive accuracy testing "
            "that has been undertaken to date?",
            "What is going to be the benefit of the IOM model in practice and how is it going to help Offender "
            "Management (OM) concretely?",
            "Can the rationale be based more on evidence that OM were missing very high risk offenders?",
        ]
    ),
    "recommendations": "\n".join(
        [
            "As the model goes forward for a rebuild (including reconsidering the use of stop and search where no "
            "positive outcomes were found), testing should provide clear evidence of predictive validity.",
            "Provide evidence to demonstrate the benefit of the model (including qualitative explanation) compared "
            "with other means of achieving the same objective; build up evidence for the proportionality and "
            "necessity case.",
            "Draft a protocol covering how the link between the tool and intervention will be made and how JB "
            "will interact with the tool to ensure it is used appropriately.",
            "Articulate and build on the existing evidence as part of the rebuild process.",
            "Return to the committee once the rebuild is complete.",
            "Provide a non-technical summary of the key findings of the rebuilt model.",
            "Obtain a final legal opinion, with detailed human rights considerations, to justify the model.",
        ]
    ),
    "option": "E",
    "advice": MORE_INFORMATION_ADVICE,
}

RASSO: dict[str, Any] = {
    "heading": "Explanation of the ‘DAL_2019_0001_RASSO_analysis’ paper",
    "presenters": "RE and DP",
    "overview": "\n".join(
        [
            "When it comes to investigations of Rape and Serious Sexual Offences (RASSO), WMP is concerned about "
            "the level of successful outcomes for victims.",
            "This is an explanatory model, not a predictive model.",
            "The model looks at elements of investigation, of crime and of actors involved to establish whether "
            "there are particular items of investigation that either reduce or increase the probability of "
            "charging, to inform on a broad scale the approaches WMP could take to improve outcomes for victims.",
            "Personalised data is important for ensuring data sets are properly matched during the analysis; "
            "names from the data would not be shared with anyone else in WMP, just the patterns identified used "
            "to inform policy.",
        ]
    ),
    "questions": [
        (
            "What are the variables that will go into the analysis; i.e. what data sets will be entered?",
            "DP answered that the model looked at crimes, investigation notes, some custody data information and "
            "forensic evidence data.",
        ),
        (
            "Is the model predictive?",
            "DP responded that it is not, and that it highlights patterns to help inform and improve policing "
            "practice.",
        ),
        (
            "Has the issue of mobile phone data been considered and the associated controversies?",
            "DP answered that the model was unlikely to pick up nuances like the mobile phone issue, as it has no "
            "information other than if a phone was provided as part of an investigation.",
        ),
        (
            "Could the results inadvertently encourage the prioritisation of cases thought easier to solve?",
            "WMP responded that governance is important for ensuring the learning is used to improve "
            "investigations, with safeguards to ensure the principles learned result in positive practices.",
        ),
        (
            "Would communication of the results be limited to certain management levels within WMP?",
            "It would have to be communicated across a broad group because such investigations are handled at "
            "Sergeant and Inspector level. The committee felt it reasonable that the findings inform senior "
            "strategy filtered down to all applicable operational levels.",
        ),
        (
            "Is anonymisation feasible?",
            "DP answered that, in order to receive accurate results, it would not be particularly feasible to "
            "anonymise the data.",
        ),
    ],
    "actions": [],
    "positive_comments": "\n".join(
        [
            "The committee noted the potential value of this tool in advising approaches to police investigations "
            "for sexual offences.",
            "The committee expressed some concern that the analysis may miss important issues due to data "
            "limitations, such as the relevance of the controversial mobile phone and rape investigation debate.",
        ]
    ),
    "questions_to_address": "\n".join(
        [
            "Can we share thematic issues with the public as they arise, and can the committee have more "
            "information about how this would be done?",
            "Will data be anonymised?",
            "Is there a risk that the findings could inadvertently encourage the prioritisation of cases thought "
            "of as being easier to solve, and if so, how will this risk be mitigated against?",
            "What kind of outcomes is WMP hoping to achieve with this, and what might success look like?",
        ]
    ),
    "recommendations": "\n".join(
        [
            "Anonymise the data held within the Lab as a priority and consider how the purpose of this project "
            "can be more directly expressed in terms of its key public purpose.",
            "Seriously consider safeguards to ensure only positive outcomes come from findings that do not "
            "inadvertently impact on the success rate of certain investigations.",
            "Bring the results of the analysis back to the committee for discussion, particularly around the risk "
            "of moving to a predictive model and the potential biases within that.",
        ]
    ),
    "option": "C",
    "conditions": [
        "The results of the analysis come back to the committee to discuss before the project moves towards a "
        "predictive model.",
        "The committee then considers concerns around potential biases and how the findings are used.",
    ],
    "advice": "The Police & Crime Commissioner and Chief Constable are advised to go forward with the project with "
    "major amendments, on condition that results come back to the committee to discuss.",
}

PRIORITIES: dict[str, Any] = {
    "heading": "Explanation of the ‘DAL_2018_0002_Priorities’ paper",
    "presenters": "RE and DP",
    "overview": "\n".join(
        [
            "The project is exploratory and not predictive.",
            "The aim is to reduce response times to emergency calls and/or to help ensure the appropriate "
            "response is more likely to be given to emergency calls based on the information provided.",
            "It takes information from systems such as when a call has come in, how long it took to dispatch, "
            "how long it took for arrival, health records around officer injury etc.",
            "The aim is to minimise response time whilst also not increasing the risk to officers.",
        ]
    ),
    "questions": [
        (
            "Can you justify the use of health records?",
            "DP answered that it was necessary to get the answers and specifically take health concerns on board "
            "given the health and safety component to this research.",
        ),
        (
            "What is the prospect of getting consent for officers’ health records in order to make them part of "
            "a research project?",
            "DP answered that the HR data used covers everyone in WMP; consent across the whole board would take "
            "a long time so might be a problem.",
        ),
        (
            "What assurance is there that this isn’t going to be used to balance or potentially reduce health "
            "and safety standards?",
            "DP gave assurance that the parameter is about how optimisation can be improved without reducing "
            "health and safety. Anything that goes above the normal proportion of injuries would be rejected.",
        ),
        (
            "Is the health data actually essential?",
            "RE answered that representatives of officers and staff have indicated that they wouldn’t be against "
            "this exploration as it could benefit them professionally and in terms of safety.",
        ),
        (
            "How are response times assessed?",
            "RE responded that often WMP does not meet response targets, so this model is designed to see ways "
            "to improve that using existing resources.",
        ),
        (
            "Would you look at proxies for health?",
            "DP answered that they can look at proxies, but the data available is somewhat limited.",
        ),
        (
            "Does WMP’s use of force flag up when an officer has been injured?",
            "DP and RE explained that it doesn’t necessarily; RE also raised the impact of anxiety and stress "
            "connected to single crewing.",
        ),
        (
            "How much input do you have from existing research on optimal response?",
            "DP answered that extensive reading has been undertaken and existing research has informed the "
            "current methodology.",
        ),
    ],
    "actions": [],
    "positive_comments": "The committee notes the positive reason for this research around improving response with a "
    "clear focus on minimising the health and safety risks to police officers.",
    "questions_to_address": "\n".join(
        [
            "Will there be consideration of the fact that the right personnel are assembled to attend for a "
            "specific target situation, which might take longer?",
            "What engagement will there be with the Police Federation?",
            "Would it be preferable to ask for consent from officers for their health data than proxies?",
            "Might not the general medical picture cause complications over cause and effect?",
            "Could there be data that was useful but that you couldn’t make any identification from?",
            "What exactly is needed from the health records?",
            "The legal issue of accessing health records without consent must be addressed before the project can "
            "go forward. What would results of the analysis look like without including the health records?",
        ]
    ),
    "recommendations": "\n".join(
        [
            "Give further consideration to the proposed use of health data across the board, especially what "
            "specific factors are required, with possibilities of proxies and/or a process of obtaining consent "
            "from officers for that relevant bit of information.",
            "Consider how the purpose of the project is articulated.",
        ]
    ),
    "option": "E",
    "advice": MORE_INFORMATION_ADVICE,
}

DISPROPORTIONALITY: dict[str, Any] = {
    "heading": "Explanation of the ‘DAL_2019_0003_Disproportionality’ paper",
    "presenters": "DP and RE",
    "overview": "\n".join(
        [
            "The aim of the project is to identify disproportionalities in WMP’s practices to inform policy and "
            "address any, for example, discriminatory practices identified.",
            "There will be an analysis of crime systems, stop and search, use of force and custody ISIS data to "
            "assess if there are disproportionalities.",
        ]
    ),
    "questions": [
        (
            "There are 4 proposals: is there an order of how you’re going to do them?",
            "DP explained that they have all been started.",
        ),
        ("Is this just a descriptive model?", "DP confirmed that it is."),
        (
            "What will happen following the analysis?",
            "DP answered that it should help inform policy for WMP on these issues and it accompanies research by "
            "University of Warwick into disproportionality in WMP’s stop and search practices.",
        ),
        (
            "In the Lammy report, youth criminal justice was of most concern. Why wasn’t that emphasis reflected "
            "in the paper?",
            "DP explained that age was included, such that disproportionality impacting on youth and race was "
            "possible, but there is currently no access to the Criminal Justice System (CJS) data.",
        ),
        (
            "Will ethnicity and age be considered at the same time and will it be correlated?",
            "DP answered that it was likely age and ethnicity will be one of those looked at in the near future.",
        ),
        (
            "Are you looking at some control variables?",
            "DP answered yes, such as socio-economic data and looking at ethnic makeup in deprived wards, but this "
            "is a first step and it is iterative.",
        ),
    ],
    "actions": [
        (
            "Show how results will be communicated, for transparency; RE to discuss with the Chief Constable.",
            "RE",
        ),
        (
            "Set out how this research will be used in practice, so the committee can judge whether it has "
            "meaningful outcomes.",
            "Data Analytics Lab",
        ),
    ],
    "positive_comments": "\n".join(
        [
            "The committee expressed a positive message in terms of this research and its importance.",
            "It is positive that the team is looking to address it and their reference to the Lammy review is a "
            "good start.",
        ]
    ),
    "questions_to_address": "\n".join(
        [
            "How is the project going to work in practice?",
            "How useful will raw disproportionality numbers be?",
            "How are results going to be communicated?",
        ]
    ),
    "recommendations": "\n".join(
        [
            "Consideration should be given to factoring in control variables to improve the analysis.",
            "Consideration should be given to reviewing the data with other relevant agencies and subject matter "
            "experts, bearing in mind limitations of WMP data.",
            "The description of the project’s purpose should be elaborated.",
            "The committee wants to see the results, and particular detail around the influence of certain factors "
            "like positive and/or negative stop and search data.",
            "Give further consideration to the Lammy review issues (youth justice and the intersections between "
            "age, gender, race etc.), as thoroughly as possible because it is going to inform policy.",
        ]
    ),
    "option": "C",
    "conditions": ["Results come back to the committee to discuss."],
    "advice": "The Police & Crime Commissioner and Chief Constable are advised to go forward with the project with "
    "major amendments, on condition that results come back to the committee to discuss.",
}

YOUTH: dict[str, Any] = {
    "heading": "Explanation of the ‘DAL_2019_0004_Youth and MSV’ paper",
    "presenters": "DP and RE",
    "overview": "\n".join(
        [
            "Nationally there has been an increase in violent crime, particularly amongst youth.",
            "As an explanatory model, this project looks at youths under the age of twenty-five, and the factors "
            "that may lead to an increased probability that they commit violent offences.",
            "Gun and knife crime are separate analyses.",
            "The model is trying to identify in aggregate what the factors are that seem to lead to people "
            "committing more serious violent crimes.",
        ]
    ),
    "questions": [
        (
            "Can you outline the factors going into the model?",
            "DP answered that the factors included are: information from the crime system, ISIS custody data "
            "system, intelligence logs.",
        ),
        (
            "This seems like a predictive model?",
            "DP explained that it could be used in a predictive fashion but that is not what it is for and not "
            "the intention. It looks at trends and is intended to inform policy. The Lab will not be using "
            "partner data at this point.",
        ),
        (
            "Is there room to include data of adverse childhood experiences?",
            "DP answered that if the data was available in the future, it could potentially be included. School "
            "exclusion data would be useful. However, these are long term projects.",
        ),
        (
            "How restricted are you regarding access to different data sets?",
            "DP explained that further data sharing would take a lot of time, so they are quite restricted by the "
            "data they have available.",
        ),
        (
            "Would you not worry that what you identify is only part of the story?",
            "DP answered that it is essentially a binomial model but this could be put forward to partners to "
            "include their data. The Lab acknowledged the significant missing data.",
        ),
        (
            "When do you identify the need for sharing?",
            "DP explained that conversations are going on at a regional level about data sharing, but WMP are "
            "currently not in a position to share any data.",
        ),
        (
            "How easy has it been to work with the Information Commissioner’s Office (ICO)?",
            "The Lab agreed that it would be helpful to have more constructive dialogue with the ICO in the "
            "future about this project and others.",
        ),
    ],
    "actions": [],
    "positive_comments": "The committee can see strong benefits for the research if it is done with a consideration "
    "of the other factors that are relevant to the causes of this type of violence.",
    "questions_to_address": "\n".join(
        [
            "Why is it necessary to use personal data? If this is about learning trends, it is unclear why "
            "personal names should be used.",
            "Are there some insights that can be found from this about this issue without accessing other "
            "relevant data from other agencies?",
            "Is there room to include data of adverse childhood experiences, and should this be the appropriate "
            "long term ambition, in collaboration with partners?",
        ]
    ),
    "recommendations": "\n".join(
        [
            "The committee requests more information on the reason for this research and the output.",
            "Further explanation of the intended benefits is required: without partnership data of some kind, "
            "this analysis would not be worth pursuing.",
            "Potentially change the purpose of the data analysis to something more realistic with the data available.",
            "WMP should conduct further conversations with its lawyers about why this analysis is necessary, "
            "particularly if it is combined with working with other agencies.",
        ]
    ),
    "option": "E",
    "advice": MORE_INFORMATION_ADVICE,
}

# The first formal meeting, as far as the second meeting's minutes tell it: the IOM model was heard and
# the committee needed far more context to understand how it would be used in practice.
IOM_FIRST: dict[str, Any] = {
    "heading": "Integrated Offender Management (IOM) model: first paper",
    "presenters": "DP",
    "overview": "DP presented the IOM model, its harm index, the cut-off points assessed for predictive stability and "
    "the model's accuracy on a test dataset.",
    "questions": [
        (
            "How would the model be used in practice by offender managers?",
            "The Lab could not yet say; offender management had not been involved in the paper.",
        ),
    ],
    "actions": [
        (
            "Bring the force's lead for offender management to the next meeting to explain how the model would be "
            "used in practice.",
            "Data Analytics Lab",
        ),
    ],
    "positive_comments": "",
    "questions_to_address": "How would the model's outputs be used alongside professional judgement?",
    "recommendations": "Return with far more context on how the model would be used in practice.",
    "option": "E",
    "advice": MORE_INFORMATION_ADVICE,
}
