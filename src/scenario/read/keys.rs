//! The keys of the scenario format: one [`Table`] per TOML table, with each key's kind, whether
//! it is required and what it means. The reader's unknown-key check ([`Reader::known`]) and the
//! JSON Schema of `appraise schema` ([`super::schema`]) both read these tables, so the keys an
//! editor completes are exactly the keys the reader accepts.
//!
//! The reader itself still reads each key by hand (it reports every problem with its place);
//! the tables say which keys exist and what each may hold.
//!
//! [`Reader::known`]: super::Reader

use super::measure::Measure;

/// One table of the format: its keys, and the sets of keys of which exactly one must be given.
#[derive(Debug)]
pub struct Table {
    /// The keys it may hold, in the order the documentation gives them.
    pub keys: &'static [Key],
    /// Alternatives: the table must hold all the keys of exactly one of these sets (empty: no
    /// such rule).
    pub one_of: &'static [&'static [&'static str]],
}

impl Table {
    /// The names of its keys.
    pub fn names(&self) -> Vec<&'static str> {
        self.keys.iter().map(|k| k.name).collect()
    }
}

/// One key.
#[derive(Debug)]
pub struct Key {
    /// The key as written.
    pub name: &'static str,
    /// What its value may be.
    pub kind: Kind,
    /// True when the reader refuses a table without it.
    pub required: bool,
    /// What it means, with its default: the text an editor shows.
    pub doc: &'static str,
}

/// What a value may be.
#[derive(Debug)]
pub enum Kind {
    /// Text in quotes.
    Text,
    /// An identifier: letters, digits and underscores, not starting with a digit.
    Id,
    /// A list of text.
    TextList,
    /// Text, or a list of text with one paragraph each.
    Paragraphs,
    /// True or false.
    Bool,
    /// A yes-or-no answer: true, false, "yes" or "no".
    YesNo,
    /// A whole number from the first to the second.
    Integer(i64, i64),
    /// A number from the first to the second.
    Number(f64, f64),
    /// A month, "YYYY-MM".
    Month,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// A metric options may be ranked on (see `crate::metric::ranking_names`).
    RankingMetric,
    /// An uncertain quantity measured in this way: a number, a parameter's name, or a
    /// distribution table.
    Quantity(Measure),
    /// A number or a distribution table (a `[parameters]` entry, which cannot name another).
    Distribution,
    /// A list of numbers, of this length when given.
    Numbers(Option<usize>),
    /// A list of two parameter names.
    Pair,
    /// A table.
    Table(&'static Table),
    /// A list of tables (`[[name]]`).
    List(&'static Table),
    /// A table whose keys are names chosen by the scenario, each holding this.
    Map(&'static Kind),
}

pub(super) const fn key(name: &'static str, kind: Kind, doc: &'static str) -> Key {
    Key {
        name,
        kind,
        required: false,
        doc,
    }
}

const fn required(name: &'static str, kind: Kind, doc: &'static str) -> Key {
    Key {
        name,
        kind,
        required: true,
        doc,
    }
}

const SOURCE: Key = key("source", Kind::Text, "Where the figure comes from.");
const NOTE: Key = key("note", Kind::Text, "A note on the figure.");

/// The whole file.
pub const ROOT: Table = Table {
    keys: &[
        required(
            "appraisal",
            Kind::Table(&APPRAISAL),
            "Settings of the appraisal as a whole.",
        ),
        key(
            "parameters",
            Kind::Map(&Kind::Distribution),
            "Named quantities shared by every option, drawn once per iteration.",
        ),
        key(
            "demand",
            Kind::List(&DEMAND),
            "Referral streams: people who could be referred each year.",
        ),
        required(
            "options",
            Kind::List(&OPTION),
            "The options being compared, one [[options]] table each.",
        ),
        key(
            "variants",
            Kind::List(&VARIANT),
            "What-ifs: a name, a description and overrides in the --set syntax.",
        ),
        key(
            "correlations",
            Kind::List(&CORRELATION),
            "Target Spearman rank correlations between two uncertain parameters.",
        ),
        key(
            "questions",
            Kind::List(&QUESTION),
            "The questions the paper asks of the appraisal, each with the metric or figure that answers it.",
        ),
        key(
            "criteria",
            Kind::List(&CRITERION),
            "Criteria of a multi-criteria appraisal: a metric of the run or a score per option, with a weight or rank.",
        ),
        key(
            "information",
            Kind::List(&INFORMATION),
            "Groups of inputs whose value of information is estimated together.",
        ),
        key(
            "decision",
            Kind::Table(&super::notice_keys::DECISION),
            "The decision notice: its heading lines, text sections, checklist and sign-offs.",
        ),
    ],
    one_of: &[],
};

/// `[[criteria]]`.
pub const CRITERION: Table = Table {
    keys: &[
        required("id", Kind::Id, "Names the criterion in the results."),
        required("name", Kind::Text, "The criterion as the report names it."),
        key("description", Kind::Text, "What the criterion measures."),
        key(
            "better",
            Kind::Choice(&["higher", "lower"]),
            "Whether higher or lower values are better (default: the metric's own direction; higher for scores).",
        ),
        key(
            "metric",
            Kind::Text,
            "A metric of the run the criterion reads (cost_pv, completions, start_month, npv, ...).",
        ),
        key(
            "scores",
            Kind::Map(&Kind::Distribution),
            "A score per option id: a number or a distribution, with its source.",
        ),
        key(
            "scale",
            Kind::Numbers(Some(2)),
            "The worst and best values of the scale, e.g. [1, 5] (default: the run's P1 and P99).",
        ),
        key(
            "weight",
            Kind::Distribution,
            "A weight from 0 to 1, or a range ({ uniform = [0.1, 0.3] }).",
        ),
        key(
            "rank",
            Kind::Integer(1, 20),
            "The criterion's rank among the criteria instead of a weight (1 the most important).",
        ),
        SOURCE,
        NOTE,
    ],
    one_of: &[],
};

/// `[[information]]`.
pub const INFORMATION: Table = Table {
    keys: &[
        required("id", Kind::Id, "Names the group in the results."),
        key("name", Kind::Text, "The group as the report names it."),
        required(
            "inputs",
            Kind::TextList,
            "The inputs of the group, by path (parameters.x, options.a.costs[0].amount).",
        ),
        NOTE,
    ],
    one_of: &[],
};

/// `[appraisal]`.
pub const APPRAISAL: Table = Table {
    keys: &[
        required(
            "title",
            Kind::Text,
            "Title of the decision, at the top of every report.",
        ),
        key(
            "authority",
            Kind::Text,
            "The council or commissioner making the decision.",
        ),
        key(
            "context",
            Kind::Text,
            "The decision being made, in a paragraph, for reports.",
        ),
        required(
            "price_base_year",
            Kind::Integer(1900, 2200),
            "All money is real, at this year's prices.",
        ),
        required("start", Kind::Month, "First month of year 0, \"YYYY-MM\"."),
        required(
            "horizon_years",
            Kind::Integer(1, 30),
            "Years appraised, 1 to 30.",
        ),
        key(
            "discount_rate",
            Kind::Number(0.0, 1.0),
            "Real discount rate a year (default 0.035, HM Treasury Green Book).",
        ),
        key(
            "cash_uplift",
            Kind::Number(0.0, 1.0),
            "Yearly uplift from real to cash prices, for budgets (default 0).",
        ),
        key(
            "budget",
            Kind::Table(&BUDGET),
            "The budget cash is compared with: { annual = … } or { total = … } (default none).",
        ),
        key(
            "iterations",
            Kind::Integer(1, 100_000_000),
            "Iterations of the Monte Carlo model (default 10000).",
        ),
        key(
            "seed",
            Kind::Integer(0, i64::MAX),
            "Seed of the random streams (default 2025).",
        ),
        key(
            "method",
            Kind::Choice(&["monte_carlo", "latin_hypercube"]),
            "How inputs are sampled (default monte_carlo).",
        ),
        key(
            "ranking_metric",
            Kind::RankingMetric,
            "The metric that decides which option is best (default npv if any option values an outcome, else completions).",
        ),
        key(
            "reference",
            Kind::Id,
            "The option incremental figures are against when no option is of kind baseline.",
        ),
        key(
            "outcome_names",
            Kind::Table(&OUTCOME_NAMES),
            "What documents call the people counted by victims_per_case and children_per_case.",
        ),
    ],
    one_of: &[],
};

/// `appraisal.budget`.
pub const BUDGET: Table = Table {
    keys: &[
        key(
            "annual",
            Kind::Number(0.0, 1e12),
            "The most that may be spent in any one year (£ cash).",
        ),
        key(
            "total",
            Kind::Number(0.0, 1e12),
            "The most that may be spent over the horizon (£ cash).",
        ),
        SOURCE,
        NOTE,
    ],
    one_of: &[&["annual"], &["total"]],
};

/// `appraisal.outcome_names`.
pub const OUTCOME_NAMES: Table = Table {
    keys: &[
        key(
            "victims",
            Kind::Text,
            "Name of the people counted by victims_per_case (default \"Victims supported\").",
        ),
        key(
            "children",
            Kind::Text,
            "Name of the people counted by children_per_case (default \"Children supported\").",
        ),
    ],
    one_of: &[],
};

/// `[[demand]]`.
pub const DEMAND: Table = Table {
    keys: &[
        required("id", Kind::Id, "Identifier used in options' reach."),
        key("name", Kind::Text, "Name for reports."),
        required(
            "per_year",
            Kind::Quantity(Measure::People),
            "People who could be referred each year.",
        ),
        SOURCE,
        NOTE,
    ],
    one_of: &[],
};

/// `[[options]]`.
pub const OPTION: Table = Table {
    keys: &[
        required(
            "id",
            Kind::Id,
            "Identifier: letters, digits and underscores.",
        ),
        required(
            "kind",
            Kind::Choice(&[
                "in_house",
                "commissioned",
                "partnership",
                "baseline",
                "other",
            ]),
            "Kind of delivery; carrying on as now is \"baseline\".",
        ),
        required("name", Kind::Text, "Name for reports."),
        key("description", Kind::Text, "A longer description."),
        key(
            "mobilisation_months",
            Kind::Quantity(Measure::Months),
            "Months before the service starts (default 0).",
        ),
        key(
            "suitability",
            Kind::Quantity(Measure::Share),
            "Share of referrals assessed suitable (default 1).",
        ),
        key(
            "engagement",
            Kind::Quantity(Measure::Share),
            "Share of the suitable who start (default 1).",
        ),
        key(
            "completion",
            Kind::Quantity(Measure::Share),
            "Share of those engaged who complete (default 1).",
        ),
        key(
            "victims_per_case",
            Kind::Quantity(Measure::People),
            "Victims (or the people named in appraisal.outcome_names) supported per person engaged (default 0).",
        ),
        key(
            "children_per_case",
            Kind::Quantity(Measure::People),
            "Children (or the people named in appraisal.outcome_names) supported per person engaged (default 0).",
        ),
        key(
            "optimism_bias",
            Kind::Quantity(Measure::Ratio),
            "Uplift on every cost, Green Book optimism bias (default 0).",
        ),
        key(
            "ramp_up_months",
            Kind::Quantity(Measure::Months),
            "Months after starting until referrals reach their full rate (default 0).",
        ),
        key(
            "reach",
            Kind::Map(&Kind::Quantity(Measure::Share)),
            "Share of each demand stream this option can take, by the stream's id.",
        ),
        key(
            "capacity",
            Kind::Table(&CAPACITY),
            "Places a year: { places_per_year = … } or { fte = …, caseload = …, duration_weeks = … }.",
        ),
        key(
            "costs",
            Kind::List(&COST),
            "Cost lines, one [[options.costs]] each.",
        ),
        key(
            "risks",
            Kind::List(&RISK),
            "Risk events, one [[options.risks]] each.",
        ),
        key(
            "outcomes",
            Kind::List(&OUTCOME),
            "Valued outcomes, one [[options.outcomes]] each.",
        ),
        key(
            "swot",
            Kind::Table(&SWOT),
            "Strengths, weaknesses, opportunities and threats for the report.",
        ),
    ],
    one_of: &[],
};

/// `options.capacity`.
pub const CAPACITY: Table = Table {
    keys: &[
        key(
            "places_per_year",
            Kind::Quantity(Measure::People),
            "Places a year.",
        ),
        key(
            "fte",
            Kind::Quantity(Measure::Fte),
            "Full-time equivalent workers.",
        ),
        key(
            "caseload",
            Kind::Quantity(Measure::Caseload),
            "Cases each worker holds at once.",
        ),
        key(
            "duration_weeks",
            Kind::Quantity(Measure::Weeks),
            "Weeks a case lasts (at least 1).",
        ),
    ],
    one_of: &[&["places_per_year"], &["fte", "caseload", "duration_weeks"]],
};

/// `[[options.costs]]`.
pub const COST: Table = Table {
    keys: &[
        required("name", Kind::Text, "Name of the cost line."),
        required(
            "basis",
            Kind::Choice(&["annual", "one_off", "per_case", "per_completion"]),
            "How it accrues.",
        ),
        required(
            "amount",
            Kind::Quantity(Measure::Money),
            "£ a year, once, per case or per completion.",
        ),
        key(
            "fte",
            Kind::Quantity(Measure::Fte),
            "Annual lines: multiplies the amount (default 1).",
        ),
        key(
            "on_cost",
            Kind::Quantity(Measure::Ratio),
            "Annual lines: employer on-costs as a share of the amount (default 0).",
        ),
        key(
            "accrues",
            Kind::Choice(&["in_service", "from_start"]),
            "Annual lines: paid while the service runs (default) or from month 0.",
        ),
        key(
            "month",
            Kind::Integer(0, 359),
            "One-off lines: the month it is paid, from 0 (default 0).",
        ),
        key(
            "uplift",
            Kind::Number(0.0, 1.0),
            "This line's own yearly uplift to cash prices (default: the appraisal's cash_uplift).",
        ),
        key(
            "fixed_cash",
            Kind::Bool,
            "true for a price fixed in cash (no uplift); not with uplift.",
        ),
    ],
    one_of: &[],
};

/// `[[questions]]`.
pub const QUESTION: Table = Table {
    keys: &[
        required(
            "question",
            Kind::Text,
            "The question, as the paper asks it.",
        ),
        required(
            "answer",
            Kind::Text,
            "The metric or figure that answers it.",
        ),
    ],
    one_of: &[],
};

/// `[[options.risks]]`.
pub const RISK: Table = Table {
    keys: &[
        required("name", Kind::Text, "Name of the risk."),
        key("description", Kind::Text, "A longer description."),
        required(
            "probability",
            Kind::Quantity(Measure::Share),
            "Probability that it occurs over the horizon.",
        ),
        key(
            "delay_months",
            Kind::Quantity(Measure::Months),
            "Months of delay to the start when it occurs (default 0).",
        ),
        key(
            "extra_cost",
            Kind::Quantity(Measure::Money),
            "£ paid in month 0 when it occurs (default 0).",
        ),
        key(
            "capacity_factor",
            Kind::Quantity(Measure::Factor),
            "Multiplies capacity when it occurs (default 1).",
        ),
    ],
    one_of: &[],
};

/// `[[options.outcomes]]`.
pub const OUTCOME: Table = Table {
    keys: &[
        required("name", Kind::Text, "Name of the outcome."),
        required(
            "per",
            Kind::Choice(&["completion", "engaged"]),
            "What the outcome is counted per.",
        ),
        required(
            "effect",
            Kind::Quantity(Measure::Effect),
            "Units of outcome per person.",
        ),
        required(
            "value",
            Kind::Quantity(Measure::Money),
            "£ per unit of outcome.",
        ),
        key(
            "deadweight",
            Kind::Quantity(Measure::Share),
            "Share that would have happened anyway (default 0).",
        ),
        key(
            "attribution",
            Kind::Quantity(Measure::Share),
            "Share due to this option (default 1).",
        ),
        key(
            "persistence_years",
            Kind::Integer(1, 100),
            "Years the benefit lasts (default 1).",
        ),
        key(
            "drop_off",
            Kind::Quantity(Measure::Share),
            "Share lost each year after the first (default 0).",
        ),
    ],
    one_of: &[],
};

/// `options.swot`.
pub const SWOT: Table = Table {
    keys: &[
        key(
            "strengths",
            Kind::TextList,
            "Strengths; each may quote the option's results.",
        ),
        key("weaknesses", Kind::TextList, "Weaknesses."),
        key("opportunities", Kind::TextList, "Opportunities."),
        key("threats", Kind::TextList, "Threats."),
    ],
    one_of: &[],
};

/// `[[correlations]]`.
pub const CORRELATION: Table = Table {
    keys: &[
        required(
            "between",
            Kind::Pair,
            "The two uncertain parameters, by name.",
        ),
        required(
            "spearman",
            Kind::Number(-1.0, 1.0),
            "Target Spearman rank correlation, strictly between −1 and 1.",
        ),
        SOURCE,
        NOTE,
    ],
    one_of: &[],
};

/// `[[variants]]`.
pub const VARIANT: Table = Table {
    keys: &[
        required(
            "name",
            Kind::Text,
            "Name used with --variant: letters, digits, '-' and '_'.",
        ),
        key("description", Kind::Text, "What the variant asks."),
        key(
            "set",
            Kind::TextList,
            "Overrides in the --set syntax, e.g. \"appraisal.horizon_years=1\".",
        ),
    ],
    one_of: &[],
};

/// A distribution table: one form, with an optional source and note.
pub const DISTRIBUTION: Table = Table {
    keys: &[
        key(
            "value",
            Kind::Number(f64::NEG_INFINITY, f64::INFINITY),
            "A fixed value.",
        ),
        key(
            "uniform",
            Kind::Numbers(Some(2)),
            "Uniform between a and b: [a, b].",
        ),
        key(
            "triangular",
            Kind::Numbers(Some(3)),
            "Triangular: [min, mode, max].",
        ),
        key(
            "pert",
            Kind::Numbers(Some(3)),
            "Beta-PERT: [min, most likely, max].",
        ),
        key("normal", Kind::Numbers(Some(2)), "Normal: [mean, sd]."),
        key(
            "lognormal90",
            Kind::Numbers(Some(2)),
            "Lognormal with this 90% interval: [p5, p95].",
        ),
        key("beta", Kind::Numbers(Some(2)), "Beta: [alpha, beta]."),
        key(
            "observed",
            Kind::Numbers(Some(2)),
            "A rate learnt from k successes in n trials: [k, n].",
        ),
        key("choice", Kind::Numbers(None), "One of these values."),
        key(
            "weights",
            Kind::Numbers(None),
            "Weights of the choice's values (equal if left out).",
        ),
        SOURCE,
        NOTE,
        key(
            "label",
            Kind::Text,
            "What documents call the input, in plain words.",
        ),
    ],
    one_of: &[
        &["value"],
        &["uniform"],
        &["triangular"],
        &["pert"],
        &["normal"],
        &["lognormal90"],
        &["beta"],
        &["observed"],
        &["choice"],
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Basis, Method, OptionKind};

    fn choices(t: &Table, name: &str) -> Vec<&'static str> {
        match t.keys.iter().find(|k| k.name == name).map(|k| &k.kind) {
            Some(Kind::Choice(c)) => c.to_vec(),
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn choices_are_the_names_the_scenario_types_give() {
        use OptionKind::*;
        let kinds = [InHouse, Commissioned, Partnership, Baseline, Other].map(OptionKind::name);
        assert_eq!(choices(&OPTION, "kind"), kinds);
        let bases = [
            Basis::Annual,
            Basis::OneOff,
            Basis::PerCase,
            Basis::PerCompletion,
        ];
        assert_eq!(choices(&COST, "basis"), bases.map(Basis::name));
        let methods = [Method::MonteCarlo, Method::LatinHypercube].map(Method::name);
        assert_eq!(choices(&APPRAISAL, "method"), methods);
        assert_eq!(choices(&COST, "accrues"), ["in_service", "from_start"]);
        assert_eq!(choices(&OUTCOME, "per"), ["completion", "engaged"]);
    }

    #[test]
    fn the_checklist_is_the_readers() {
        let reader: Vec<&str> = crate::scenario::CHECKLIST.iter().map(|(k, _)| *k).collect();
        assert_eq!(super::super::notice_keys::CHECKLIST.names(), reader);
    }

    #[test]
    fn every_alternative_names_keys_of_its_table() {
        for t in [&BUDGET, &CAPACITY, &DISTRIBUTION] {
            for set in t.one_of {
                for k in *set {
                    assert!(t.names().contains(k), "{k}");
                }
            }
        }
    }
}
