//! The decision notice's parts that the analysis supplies: which option the notice recommends
//! (the scenario's `[decision] option`, else the option the analysis supports), the other
//! options in the order the notice lists them, the checklist with every question (answered or
//! not), and the scenario's text split into paragraphs and bullets for the templates.

use crate::results::Results;
use crate::scenario::{CHECKLIST, Decision};
use serde::Serialize;

/// What the notice shows beyond the results.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeData {
    /// Index (in `options`) of the option the notice recommends.
    pub chosen: usize,
    /// True when the scenario names the option (`[decision] option`); false when it is the
    /// option the analysis supports.
    pub chosen_by_scenario: bool,
    /// The other options, in scenario order: index and the scenario's words on it.
    pub others: Vec<OtherOption>,
    /// Every question of the originator checklist, with its answer when the scenario gives one.
    pub checklist: Vec<Check>,
    /// The scenario's text, by key, split into paragraphs.
    pub text: NoticeText,
    /// The scenario's one-line entries (subject, number, …) and sign-offs.
    pub decision: Decision,
}

/// An option the notice does not recommend.
#[derive(Debug, Clone, Serialize)]
pub struct OtherOption {
    /// Index in `options`.
    pub index: usize,
    /// The scenario's words on why it was not chosen (`[decision.other_options]`).
    pub words: Option<String>,
}

/// One checklist question.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// The question.
    pub question: String,
    /// "Yes" or "No"; None when the scenario is silent.
    pub answer: Option<&'static str>,
}

/// The scenario's text of each numbered section, as paragraphs.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeText {
    /// Summary.
    pub summary: Vec<Paragraph>,
    /// Recommendation.
    pub recommendation: Vec<Paragraph>,
    /// 1. Objective.
    pub objective: Vec<Paragraph>,
    /// 2. Background.
    pub background: Vec<Paragraph>,
    /// 3. Areas for consideration.
    pub areas_for_consideration: Vec<Paragraph>,
    /// 5. Strategic aims/objective supported.
    pub strategic_aims: Vec<Paragraph>,
    /// 6. Financial and other resource implications.
    pub financial: Vec<Paragraph>,
    /// 7. Other implications and risks.
    pub risks: Vec<Paragraph>,
}

/// A paragraph: its lines of text and bullets, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    /// The paragraph's pieces.
    pub lines: Vec<Line>,
}

/// A line of a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// 0 for text, 1 for a bullet ("- "), 2 for a bullet under a bullet ("  - ").
    pub level: u8,
    /// The words.
    pub text: String,
}

/// The notice's data for `results` and the scenario's `decision`.
pub fn prepare(results: &Results, decision: &Decision) -> NoticeData {
    let by_id = |id: &str| results.options.iter().position(|o| o.id == id);
    let named = decision.option.as_deref().and_then(by_id);
    let chosen = named
        .or_else(|| by_id(&results.comparison.most_often_best))
        .unwrap_or(0);
    let others = results
        .options
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != chosen)
        .map(|(index, o)| OtherOption {
            index,
            words: decision
                .other_options
                .iter()
                .find(|(id, _)| *id == o.id)
                .map(|(_, w)| w.clone()),
        })
        .collect();
    let plan = decision.plan.as_deref().unwrap_or("authority's plan");
    let checklist = CHECKLIST
        .iter()
        .map(|(key, q)| Check {
            question: q.replace("{plan}", plan),
            answer: decision
                .checklist
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, yes)| if *yes { "Yes" } else { "No" }),
        })
        .collect();
    let p = |v: &[String]| v.iter().map(|s| paragraph(s)).collect();
    NoticeData {
        chosen,
        chosen_by_scenario: named.is_some(),
        others,
        checklist,
        text: NoticeText {
            summary: p(&decision.summary),
            recommendation: p(&decision.recommendation),
            objective: p(&decision.objective),
            background: p(&decision.background),
            areas_for_consideration: p(&decision.areas_for_consideration),
            strategic_aims: p(&decision.strategic_aims),
            financial: p(&decision.financial),
            risks: p(&decision.risks),
        },
        decision: decision.clone(),
    }
}

/// Splits text into lines of text and bullets: a line starting "- " (after at most one space)
/// is a bullet, "  - " or deeper a bullet under a bullet; other lines join the text before.
pub fn paragraph(s: &str) -> Paragraph {
    let mut lines: Vec<Line> = Vec::new();
    for raw in s.lines() {
        let indent = raw.len() - raw.trim_start().len();
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("• ")) {
            lines.push(Line {
                level: if indent >= 2 { 2 } else { 1 },
                text: item.trim().to_string(),
            });
        } else if let Some(last) = lines.last_mut() {
            last.text.push(' ');
            last.text.push_str(t);
        } else {
            lines.push(Line {
                level: 0,
                text: t.to_string(),
            });
        }
    }
    Paragraph { lines }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_into_text_and_bullets() {
        let p = paragraph("Supports:\n- Support victims\n  - Pillar one\n  continued\n- Prevent");
        let levels: Vec<u8> = p.lines.iter().map(|l| l.level).collect();
        assert_eq!(levels, [0, 1, 2, 1]);
        assert_eq!(p.lines[2].text, "Pillar one continued");
        assert_eq!(
            paragraph("One line\nwrapped").lines[0].text,
            "One line wrapped"
        );
        assert!(paragraph("  \n").lines.is_empty());
    }
}
