//! `[decision]`: the words of the decision notice that the numbers cannot supply (subject,
//! originator, objective, background, recommendation, checklist answers, sign-off names and
//! dates). Every key is optional; `appraise notice` shows a visible placeholder where one is
//! missing. The notice's layout follows a police and crime commissioner's decision notice
//! (Norfolk 21/2023); see docs/reports.md.

use super::super::node::{Node, Value};
use super::{Reader, join};
use crate::diag::{Problem, nearest};
use serde::Serialize;

/// The questions of the originator checklist: key in `[decision.checklist]`, and the question.
/// `{plan}` stands for the decision's `plan` (default "the authority's plan").
pub const CHECKLIST: [(&str, &str); 9] = [
    (
        "legal_advice",
        "Has legal advice been sought on this submission?",
    ),
    (
        "finance_officer",
        "Has the Chief Finance Officer been consulted?",
    ),
    (
        "equality",
        "Have equality, diversity and human rights implications been considered including equality analysis, as appropriate?",
    ),
    (
        "human_resources",
        "Have human resource implications been considered?",
    ),
    (
        "plan",
        "Is the recommendation consistent with the objectives in the {plan}?",
    ),
    (
        "consultation",
        "Has consultation been undertaken with people or agencies likely to be affected by the recommendation?",
    ),
    (
        "communications",
        "Has communications advice been sought on areas of likely media interest and how they might be managed?",
    ),
    (
        "risks_highlighted",
        "In relation to the above, have all relevant issues been highlighted in the ‘other implications and risks’ section of the submission?",
    ),
    ("confidential", "Is this report a Confidential Decision?"),
];

/// The text of a decision notice, as the scenario gives it. Text keys take one string or a list
/// of strings; each string is a numbered paragraph, and its lines that start with "- " (or
/// "  - " for a second level) are bullets.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Decision {
    /// What the decision is about.
    pub subject: Option<String>,
    /// The decision's number, e.g. "21/2023".
    pub number: Option<String>,
    /// Who wrote the submission.
    pub originator: Option<String>,
    /// Reason for submission, e.g. "For decision".
    pub reason: Option<String>,
    /// Who decides, e.g. "Police and Crime Commissioner".
    pub submitted_to: Option<String>,
    /// The id of the option the notice recommends (default: the option the analysis supports).
    pub option: Option<String>,
    /// The plan the checklist's consistency question names, e.g. "Police and Crime Plan".
    pub plan: Option<String>,
    /// Summary paragraphs.
    pub summary: Vec<String>,
    /// Recommendation paragraphs.
    pub recommendation: Vec<String>,
    /// Footnotes to the summary and recommendation.
    pub footnotes: Vec<String>,
    /// Who approves ("Outcome/approval by").
    pub approver: Option<String>,
    /// The outcome, e.g. "The recommendations as outlined above are approved."
    pub outcome: Option<String>,
    /// Name of the person who signs the approval.
    pub approved_by: Option<String>,
    /// Date of the approval, as written.
    pub approval_date: Option<String>,
    /// 1. Objective.
    pub objective: Vec<String>,
    /// 2. Background.
    pub background: Vec<String>,
    /// 3. Areas for consideration.
    pub areas_for_consideration: Vec<String>,
    /// 4. Other options considered: the scenario's words on each option, by option id.
    pub other_options: Vec<(String, String)>,
    /// 5. Strategic aims/objective supported.
    pub strategic_aims: Vec<String>,
    /// 6. Financial and other resource implications: paragraphs before the run's figures.
    pub financial: Vec<String>,
    /// 7. Other implications and risks: paragraphs before the risk register.
    pub risks: Vec<String>,
    /// Answers to the checklist, by key of [`CHECKLIST`].
    pub checklist: Vec<(String, bool)>,
    /// Why the decision is confidential, when it is.
    pub confidential_reason: Option<String>,
    /// The chief executive's approval to submit.
    pub chief_executive: SignOff,
    /// The chief finance officer's (section 151 officer's) certificate.
    pub chief_finance_officer: SignOff,
    /// The public access to information statement.
    pub public_access: Option<String>,
}

/// A name and date under a statement.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SignOff {
    /// Who signs.
    pub name: Option<String>,
    /// When, as written.
    pub date: Option<String>,
}

const TEXT_KEYS: [&str; 9] = [
    "summary",
    "recommendation",
    "footnotes",
    "objective",
    "background",
    "areas_for_consideration",
    "strategic_aims",
    "financial",
    "risks",
];

const LINE_KEYS: [&str; 11] = [
    "subject",
    "number",
    "originator",
    "reason",
    "submitted_to",
    "option",
    "plan",
    "approver",
    "outcome",
    "approved_by",
    "approval_date",
];

impl Reader<'_> {
    /// Reads `[decision]`; `options` are the scenario's option ids, which `option` and the keys
    /// of `other_options` must name.
    pub(super) fn decision(&mut self, n: &Node, options: &[String]) -> Decision {
        let path = "decision";
        let keys: Vec<&str> = LINE_KEYS
            .iter()
            .chain(&TEXT_KEYS)
            .chain(&[
                "other_options",
                "checklist",
                "confidential_reason",
                "chief_executive",
                "chief_finance_officer",
                "public_access",
            ])
            .copied()
            .collect();
        if !self.keys(n, path, &keys) {
            return Decision::default();
        }
        let line = |r: &mut Self, key: &str| r.opt_string(n, path, key);
        let text = |r: &mut Self, key: &str| r.paragraphs(n, path, key);
        let mut d = Decision {
            subject: line(self, "subject"),
            number: line(self, "number"),
            originator: line(self, "originator"),
            reason: line(self, "reason"),
            submitted_to: line(self, "submitted_to"),
            option: line(self, "option"),
            plan: line(self, "plan"),
            summary: text(self, "summary"),
            recommendation: text(self, "recommendation"),
            footnotes: text(self, "footnotes"),
            approver: line(self, "approver"),
            outcome: line(self, "outcome"),
            approved_by: line(self, "approved_by"),
            approval_date: line(self, "approval_date"),
            objective: text(self, "objective"),
            background: text(self, "background"),
            areas_for_consideration: text(self, "areas_for_consideration"),
            strategic_aims: text(self, "strategic_aims"),
            financial: text(self, "financial"),
            risks: text(self, "risks"),
            confidential_reason: line(self, "confidential_reason"),
            public_access: line(self, "public_access"),
            ..Decision::default()
        };
        if let (Some(id), Some(node)) = (&d.option, n.get("option"))
            && !options.contains(id)
        {
            self.unknown_option(node, "decision.option", id, options);
            d.option = None;
        }
        if let Some(o) = n.get("other_options") {
            if o.entries().is_none() {
                self.push(
                    Problem::new(
                        "decision.other_options",
                        Some(o.span.clone()),
                        format!("expected a table, found {}", o.value.kind()),
                    )
                    .allowed("a table of option id = \"text\", e.g. other_options.do_not_fund = \"Rejected because …\""),
                );
            }
            for e in o.entries().unwrap_or_default() {
                let p = join("decision.other_options", &e.key);
                if !options.contains(&e.key) {
                    self.unknown_option(&e.node, &p, &e.key, options);
                } else if let Some(s) = self.string(&e.node, &p) {
                    d.other_options.push((e.key.clone(), s));
                }
            }
        }
        if let Some(c) = n.get("checklist") {
            d.checklist = self.checklist(c);
        }
        d.chief_executive = self.sign_off(n, "chief_executive");
        d.chief_finance_officer = self.sign_off(n, "chief_finance_officer");
        d
    }

    /// A text key: one string or a list of strings, each a paragraph.
    fn paragraphs(&mut self, n: &Node, path: &str, key: &str) -> Vec<String> {
        let Some(v) = n.get(key) else {
            return Vec::new();
        };
        let p = join(path, key);
        match &v.value {
            Value::Str(s) => vec![s.clone()],
            Value::Array(_) => self.string_list(v, &p),
            other => {
                self.push(
                    Problem::new(
                        p,
                        Some(v.span.clone()),
                        format!("expected text, found {}", other.kind()),
                    )
                    .allowed("text in quotes, or a list of paragraphs [\"first\", \"second\"]"),
                );
                Vec::new()
            }
        }
    }

    fn unknown_option(&mut self, node: &Node, path: &str, id: &str, options: &[String]) {
        let ids: Vec<&str> = options.iter().map(String::as_str).collect();
        let hint = match nearest(id, &ids) {
            Some(s) => format!("did you mean '{s}'? Options: {}", ids.join(", ")),
            None => format!("an option id: {}", ids.join(", ")),
        };
        self.push(
            Problem::new(
                path,
                Some(node.span.clone()),
                format!("the scenario has no option '{id}'"),
            )
            .allowed(hint),
        );
    }

    fn checklist(&mut self, c: &Node) -> Vec<(String, bool)> {
        let path = "decision.checklist";
        let keys: Vec<&str> = CHECKLIST.iter().map(|(k, _)| *k).collect();
        if !self.keys(c, path, &keys) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for e in c.entries().unwrap_or_default() {
            if !keys.contains(&e.key.as_str()) {
                continue;
            }
            let answer = match &e.node.value {
                Value::Bool(b) => Some(*b),
                Value::Str(s) if s.eq_ignore_ascii_case("yes") => Some(true),
                Value::Str(s) if s.eq_ignore_ascii_case("no") => Some(false),
                other => {
                    self.push(
                        Problem::new(
                            join(path, &e.key),
                            Some(e.node.span.clone()),
                            format!("expected yes or no, found {}", other.kind()),
                        )
                        .allowed("\"yes\", \"no\", true or false"),
                    );
                    None
                }
            };
            if let Some(a) = answer {
                out.push((e.key.clone(), a));
            }
        }
        out
    }

    fn sign_off(&mut self, n: &Node, key: &str) -> SignOff {
        let Some(s) = n.get(key) else {
            return SignOff::default();
        };
        let path = join("decision", key);
        if !self.keys(s, &path, &["name", "date"]) {
            return SignOff::default();
        }
        SignOff {
            name: self.opt_string(s, &path, "name"),
            date: self.opt_string(s, &path, "date"),
        }
    }
}
