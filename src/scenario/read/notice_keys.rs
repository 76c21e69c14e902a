//! The keys of the decision notice's `[decision]` table, in the form of [`super::keys`]: the
//! lines, text sections, checklist and sign-offs that `appraise notice` lays out.

use super::keys::{Key, Kind, Table, key};

/// A line of the decision notice.
const fn line(name: &'static str, doc: &'static str) -> Key {
    key(name, Kind::Text, doc)
}

/// A text section of the decision notice: one paragraph, or a list of them.
const fn text(name: &'static str, doc: &'static str) -> Key {
    key(name, Kind::Paragraphs, doc)
}

/// `[decision]`.
pub const DECISION: Table = Table {
    keys: &[
        line("subject", "The subject of the decision."),
        line("number", "The decision's number, e.g. \"21/2023\"."),
        line("originator", "Who wrote the submission."),
        line("reason", "Reason for submission, e.g. \"For decision\"."),
        line(
            "submitted_to",
            "Who decides, e.g. \"Police and Crime Commissioner\".",
        ),
        line("option", "The id of the option the decision chooses."),
        line(
            "plan",
            "The plan the checklist's consistency question names (default \"the authority's plan\").",
        ),
        line("approver", "Who approves (\"Outcome/approval by\")."),
        line(
            "outcome",
            "The outcome, e.g. \"The recommendations as outlined above are approved.\"",
        ),
        line("approved_by", "Name of who approved it."),
        line("approval_date", "Date of approval."),
        text("summary", "Executive summary."),
        text("recommendation", "The recommendation."),
        text("footnotes", "Footnotes."),
        text("objective", "Objective."),
        text("background", "Background."),
        text("areas_for_consideration", "Areas for consideration."),
        text("strategic_aims", "Strategic aims."),
        text("financial", "Financial implications."),
        text("risks", "Other implications and risks."),
        key(
            "other_options",
            Kind::Map(&Kind::Text),
            "Why each other option was not chosen: option id = \"text\".",
        ),
        key(
            "checklist",
            Kind::Table(&CHECKLIST),
            "The notice's checklist: each question answered yes or no.",
        ),
        line(
            "confidential_reason",
            "Why the decision is confidential, when it is.",
        ),
        key(
            "chief_executive",
            Kind::Table(&SIGN_OFF),
            "The chief executive's sign-off.",
        ),
        key(
            "chief_finance_officer",
            Kind::Table(&SIGN_OFF),
            "The chief finance officer's sign-off.",
        ),
        line(
            "public_access",
            "Whether and how the decision is published.",
        ),
    ],
    one_of: &[],
};

/// `decision.checklist`: the questions of [`super::CHECKLIST`].
pub const CHECKLIST: Table = Table {
    keys: &[
        key(
            "legal_advice",
            Kind::YesNo,
            "Has legal advice been sought on this submission?",
        ),
        key(
            "finance_officer",
            Kind::YesNo,
            "Has the Chief Finance Officer been consulted?",
        ),
        key(
            "equality",
            Kind::YesNo,
            "Have equality, diversity and human rights implications been considered?",
        ),
        key(
            "human_resources",
            Kind::YesNo,
            "Have human resource implications been considered?",
        ),
        key(
            "plan",
            Kind::YesNo,
            "Is the recommendation consistent with the objectives in the plan?",
        ),
        key(
            "consultation",
            Kind::YesNo,
            "Has consultation been undertaken with people or agencies likely to be affected?",
        ),
        key(
            "communications",
            Kind::YesNo,
            "Has communications advice been sought on areas of likely media interest?",
        ),
        key(
            "risks_highlighted",
            Kind::YesNo,
            "Have all relevant issues been highlighted in the other implications and risks section?",
        ),
        key(
            "confidential",
            Kind::YesNo,
            "Is this report a Confidential Decision?",
        ),
    ],
    one_of: &[],
};

/// A sign-off of the decision notice.
pub const SIGN_OFF: Table = Table {
    keys: &[
        key("name", Kind::Text, "Who signed."),
        key("date", Kind::Text, "When."),
    ],
    one_of: &[],
};
