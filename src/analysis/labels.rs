//! Names for people. Every input of the model has a path (`options.in_house.outcomes[0].effect`)
//! that the samples file and `--set` use; documents name it instead by the scenario's `label`,
//! or by a label derived from the path and the names the scenario gives its options, demand
//! streams, cost lines, risks and outcomes ("Option 1: Harm to partners avoided, effect per
//! person"). The assumptions log is grouped the same way: shared parameters, demand, then each
//! option, with the inputs an option leaves at their defaults in one line.

use crate::engine::model::Model;
use crate::format::short_name;
use crate::results::InputInfo;
use crate::scenario::Scenario;
use serde::Serialize;

/// An input's label for a document that names several options: the scenario's `label`, else
/// one derived from the path, prefixed with the option's short name for an option's own input.
pub fn input_label(model: &Model, scenario: &Scenario, path: &str) -> String {
    let (group, own) = label_parts(model, scenario, path);
    match group {
        Some(g) => format!("{g}: {own}"),
        None => own,
    }
}

/// The group (an option's short name, for an option's own input) and the label within it.
fn label_parts(model: &Model, scenario: &Scenario, path: &str) -> (Option<String>, String) {
    let given = model
        .inputs
        .iter()
        .find(|i| i.path == path)
        .and_then(|i| i.label.clone());
    let mut parts = path.splitn(3, '.');
    let (head, id, rest) = (parts.next(), parts.next(), parts.next());
    match (head, id, rest) {
        (Some("parameters"), Some(name), None) => (None, given.unwrap_or_else(|| humanise(name))),
        (Some("demand"), Some(id), Some(_)) => {
            let name = scenario
                .demand
                .iter()
                .find(|d| d.id == id)
                .and_then(|d| d.name.clone())
                .map_or_else(|| humanise(id), |n| short_name(&n, '('));
            (None, given.unwrap_or(format!("{name}: people a year")))
        }
        (Some("options"), Some(id), Some(rest)) => {
            let Some(o) = scenario.options.iter().find(|o| o.id == id) else {
                return (None, given.unwrap_or_else(|| path.to_string()));
            };
            let own = given.unwrap_or_else(|| option_field(scenario, o, path, rest));
            (Some(short_name(&o.name, ':')), own)
        }
        (Some("criteria"), Some(id), Some(rest)) => {
            let criterion = scenario.criteria.iter().find(|c| c.id == id);
            let option = rest
                .strip_prefix("scores.")
                .and_then(|o| scenario.options.iter().find(|x| x.id == o));
            let own = match (criterion, option) {
                (Some(c), Some(o)) => format!("{}: score of {}", c.name, short_name(&o.name, ':')),
                _ => path.to_string(),
            };
            (None, given.unwrap_or(own))
        }
        _ => (None, given.unwrap_or_else(|| path.to_string())),
    }
}

/// The label of an option's own input, from the part of its path after `options.ID.`.
fn option_field(
    scenario: &Scenario,
    o: &crate::scenario::OptionSpec,
    path: &str,
    rest: &str,
) -> String {
    let names = &scenario.appraisal.outcome_names;
    let per_case = |name: &Option<String>, default: &str| {
        format!("{} per case", name.as_deref().unwrap_or(default))
    };
    let (list, index, key) = indexed(rest);
    let name_of = |names: Vec<&str>| index.and_then(|i| names.get(i).map(|s| s.to_string()));
    match list {
        "costs" => {
            let line = name_of(o.costs.iter().map(|c| c.name.as_str()).collect())
                .unwrap_or_else(|| "cost line".into());
            match key {
                "amount" => format!("{line}: amount (£)"),
                "fte" => format!("{line}: FTE paid"),
                "on_cost" => format!("{line}: on-costs"),
                k => format!("{line}: {}", humanise(k)),
            }
        }
        "risks" => {
            let risk = name_of(o.risks.iter().map(|r| r.name.as_str()).collect())
                .unwrap_or_else(|| "risk".into());
            match key {
                "probability" => format!("Chance that “{risk}”"),
                "occurs" => format!("“{risk}”"),
                "delay_months" => format!("“{risk}”: delay (months)"),
                "extra_cost" => format!("“{risk}”: extra cost (£)"),
                "capacity_factor" => format!("“{risk}”: capacity kept"),
                k => format!("“{risk}”: {}", humanise(k)),
            }
        }
        "outcomes" => {
            let outcome = name_of(o.outcomes.iter().map(|x| x.name.as_str()).collect())
                .unwrap_or_else(|| "outcome".into());
            match key {
                "effect" => format!("{outcome}: effect per person"),
                "value" => format!("{outcome}: £ per unit"),
                "deadweight" => format!("{outcome}: deadweight"),
                "attribution" => format!("{outcome}: attribution"),
                "drop_off" => format!("{outcome}: drop-off a year"),
                k => format!("{outcome}: {}", humanise(k)),
            }
        }
        _ => match rest.split_once('.') {
            Some(("reach", demand)) => {
                let name = scenario
                    .demand
                    .iter()
                    .find(|d| d.id == demand)
                    .and_then(|d| d.name.clone())
                    .map_or_else(|| humanise(demand), |n| short_name(&n, '('));
                format!("Share of {} reached", lower_first(&name))
            }
            Some(("capacity", k)) => match k {
                "fte" => "Staff (FTE)".into(),
                "caseload" => "Caseload per worker".into(),
                "duration_weeks" => "Weeks per case".into(),
                "places_per_year" => "Places a year".into(),
                k => humanise(k),
            },
            _ => match rest {
                "mobilisation_months" => "Months to start".into(),
                "ramp_up_months" => "Months to full referrals".into(),
                "suitability" => "Share of referrals suitable".into(),
                "engagement" => "Share of the suitable who engage".into(),
                "completion" => "Share of those engaged who complete".into(),
                // Named as the scenario names the people counted (appraisal.outcome_names).
                "victims_per_case" => per_case(&names.victims, "Victims supported"),
                "children_per_case" => per_case(&names.children, "Children supported"),
                "optimism_bias" => "Optimism bias".into(),
                _ => path.to_string(),
            },
        },
    }
}

/// `costs[2].amount` → ("costs", Some(2), "amount"); anything else → ("", None, rest).
fn indexed(rest: &str) -> (&str, Option<usize>, &str) {
    let Some((head, key)) = rest.split_once('.') else {
        return ("", None, rest);
    };
    let Some((list, i)) = head.strip_suffix(']').and_then(|h| h.split_once('[')) else {
        return ("", None, rest);
    };
    match i.parse() {
        Ok(i) => (list, Some(i), key),
        Err(_) => ("", None, rest),
    }
}

/// `harm_per_victim` → "Harm per victim".
fn humanise(id: &str) -> String {
    let words = id.replace('_', " ");
    let mut c = words.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), c.clone().next()) {
        // Keep acronyms ("MARAC …") as written.
        (Some(f), Some(g)) if !g.is_uppercase() => f.to_lowercase().chain(c).collect(),
        _ => s.to_string(),
    }
}

/// The assumptions log of one group: shared parameters, demand, or one option.
#[derive(Debug, Clone, Serialize)]
pub struct AssumptionGroup {
    /// "Shared by every option", "Demand", or the option's name.
    pub name: String,
    /// Inputs the scenario gives.
    pub rows: Vec<AssumptionRow>,
    /// The inputs left at their defaults, in one line ("victims supported per case 0, …");
    /// empty when there are none.
    pub defaults: String,
    /// The start of the path every row shares, up to a dot (`options.in_house.`), printed once
    /// with the group; each row's `tail` is the rest.
    pub prefix: String,
    /// For the criteria's scores: the same rows, one line per criterion.
    pub scores: Option<ScoreTable>,
}

/// The criteria's scores, one line per criterion and a cell per option.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreTable {
    /// The options' names, in the scenario's order.
    pub options: Vec<String>,
    /// Their ids, which end the paths of their scores.
    pub ids: Vec<String>,
    /// One line per criterion that has a score for some option.
    pub criteria: Vec<ScoreLine>,
}

/// One criterion's scores.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreLine {
    /// The criterion's name.
    pub name: String,
    /// The path of its scores, less the group's prefix (`embedded.scores.`).
    pub tail: String,
    /// Each option's score, in the order of `ScoreTable::options` (None: not scored).
    pub scores: Vec<Option<AssumptionRow>>,
}

/// One input in the assumptions log.
#[derive(Debug, Clone, Serialize)]
pub struct AssumptionRow {
    /// Label within the group.
    pub label: String,
    /// The distribution as written.
    pub distribution: String,
    /// Exact 5th, 50th and 95th percentiles.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Where the figure comes from (None: an assumption with no source given).
    pub source: Option<String>,
    /// The scenario's note.
    pub note: Option<String>,
    /// Draws clamped into the allowed range.
    pub clamped: u64,
    /// Path in the scenario (for `--set` and the samples file).
    pub path: String,
    /// The path less its group's `prefix`.
    pub tail: String,
}

/// The assumptions log, grouped: shared parameters, demand, then each option in order.
pub fn assumption_groups(
    model: &Model,
    scenario: &Scenario,
    inputs: &[InputInfo],
) -> Vec<AssumptionGroup> {
    let mut groups: Vec<(String, Vec<AssumptionRow>, Vec<String>)> = Vec::new();
    let mut key_of: Vec<String> = Vec::new();
    let mut push = |key: String, name: String, i: &InputInfo, label: String| {
        let k = match key_of.iter().position(|x| *x == key) {
            Some(k) => k,
            None => {
                key_of.push(key);
                groups.push((name, Vec::new(), Vec::new()));
                groups.len() - 1
            }
        };
        if i.default {
            groups[k].2.push(format!(
                "{} {}",
                lower_first(&label),
                crate::format::num(i.p50, 2)
            ));
        } else {
            groups[k].1.push(AssumptionRow {
                label,
                distribution: i.distribution.clone(),
                p5: i.p5,
                p50: i.p50,
                p95: i.p95,
                source: i.source.clone(),
                note: i.note.clone(),
                clamped: i.clamped,
                path: i.path.clone(),
                // Set below, once the group's shared prefix is known.
                tail: String::new(),
            });
        }
    };
    for i in inputs {
        let (group, own) = label_parts(model, scenario, &i.path);
        let head = i.path.split('.').next().unwrap_or("");
        let (key, name) = match (head, group) {
            ("parameters", _) => (
                "parameters".to_string(),
                "Shared by every option".to_string(),
            ),
            ("demand", _) => ("demand".to_string(), "Demand".to_string()),
            ("criteria", _) => (
                "criteria".to_string(),
                "Scores on the criteria beyond money".to_string(),
            ),
            (_, Some(_)) => {
                let id = i.path.split('.').nth(1).unwrap_or("");
                let name = scenario
                    .options
                    .iter()
                    .find(|o| o.id == id)
                    .map_or(id.to_string(), |o| o.name.clone());
                (format!("options.{id}"), name)
            }
            _ => ("other".to_string(), "Other".to_string()),
        };
        push(key, name, i, own);
    }
    groups
        .into_iter()
        .zip(key_of)
        .map(|((name, mut rows, defaults), key)| {
            let prefix = common_prefix(rows.iter().map(|r| r.path.as_str()));
            for r in &mut rows {
                r.tail = r.path[prefix.len()..].to_string();
            }
            let scores = (key == "criteria").then(|| score_table(scenario, &rows, &prefix));
            AssumptionGroup {
                name,
                rows,
                defaults: tidy_defaults(&defaults),
                prefix,
                scores,
            }
        })
        .collect()
}

/// The longest start of every path that ends at a dot: `options.a.costs[0].x` and
/// `options.a.risks[1].y` share `options.a.`. Empty when there are no paths.
fn common_prefix<'a>(mut paths: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = paths.next() else {
        return String::new();
    };
    let mut len = first.rfind('.').map_or(0, |i| i + 1);
    for p in paths {
        let same = first
            .bytes()
            .zip(p.bytes())
            .take(len)
            .take_while(|(a, b)| a == b)
            .count();
        len = first[..same].rfind('.').map_or(0, |i| i + 1);
    }
    first[..len].to_string()
}

/// The criteria's score rows (`criteria.ID.scores.OPTION`) as one line per criterion.
fn score_table(scenario: &Scenario, rows: &[AssumptionRow], prefix: &str) -> ScoreTable {
    let mut criteria: Vec<ScoreLine> = Vec::new();
    for c in &scenario.criteria {
        let start = format!("criteria.{}.scores.", c.id);
        let scores: Vec<Option<AssumptionRow>> = scenario
            .options
            .iter()
            .map(|o| {
                let path = format!("{start}{}", o.id);
                rows.iter().find(|r| r.path == path).cloned()
            })
            .collect();
        if scores.iter().any(Option::is_some) {
            criteria.push(ScoreLine {
                name: c.name.clone(),
                tail: start.strip_prefix(prefix).unwrap_or(&start).to_string(),
                scores,
            });
        }
    }
    ScoreTable {
        options: scenario.options.iter().map(|o| o.name.clone()).collect(),
        ids: scenario.options.iter().map(|o| o.id.clone()).collect(),
        criteria,
    }
}

/// "1.00" → "1" in the defaults line.
fn tidy_defaults(items: &[String]) -> String {
    items
        .iter()
        .map(|s| {
            if s.ends_with(".00") {
                s.trim_end_matches(".00").to_string()
            } else {
                s.clone()
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// An input's label and the group it is listed under.
#[derive(Debug, Clone, Serialize)]
pub struct InputLabel {
    /// Path in the scenario.
    pub path: String,
    /// "Shared by every option", "Demand", or the option's name.
    pub group: String,
    /// Label within the group.
    pub label: String,
}

/// The label and group of every input of `inputs`, in order.
pub fn input_labels(model: &Model, scenario: &Scenario, inputs: &[InputInfo]) -> Vec<InputLabel> {
    inputs
        .iter()
        .map(|i| {
            let (group, label) = label_parts(model, scenario, &i.path);
            let group = match i.path.split('.').next() {
                Some("parameters") => "Shared by every option".to_string(),
                Some("demand") => "Demand".to_string(),
                _ => group.map_or_else(String::new, |_| {
                    let id = i.path.split('.').nth(1).unwrap_or("");
                    scenario
                        .options
                        .iter()
                        .find(|o| o.id == id)
                        .map_or(id.to_string(), |o| o.name.clone())
                }),
            };
            InputLabel {
                path: i.path.clone(),
                group,
                label,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_words() {
        assert_eq!(humanise("harm_per_victim"), "Harm per victim");
        assert_eq!(indexed("costs[2].amount"), ("costs", Some(2), "amount"));
        assert_eq!(
            indexed("reach.self_referral"),
            ("", None, "reach.self_referral")
        );
        assert_eq!(lower_first("High-risk cases"), "high-risk cases");
        assert_eq!(lower_first("MARAC cases"), "MARAC cases");
        assert_eq!(
            tidy_defaults(&["a 1.00".into(), "b 0.35".into()]),
            "a 1; b 0.35"
        );
    }

    #[test]
    fn a_group_prints_the_path_its_rows_share_once() {
        let prefix = |paths: &[&str]| common_prefix(paths.iter().copied());
        assert_eq!(
            prefix(&["options.a.costs[0].amount", "options.a.risks[1].delay"]),
            "options.a."
        );
        assert_eq!(
            prefix(&["options.a.costs[0].amount", "options.a.costs[0].fte"]),
            "options.a.costs[0]."
        );
        // A shared start that stops inside a name is not a prefix.
        assert_eq!(
            prefix(&["parameters.rate", "parameters.ratio"]),
            "parameters."
        );
        assert_eq!(prefix(&["demand.x.base", "parameters.y"]), "");
        assert_eq!(prefix(&["parameters.rate"]), "parameters.");
        assert_eq!(prefix(&[]), "");
    }
}
