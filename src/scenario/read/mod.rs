//! Reading the spanned tree into a [`Scenario`], collecting every problem on the way.
//!
//! One [`Reader`] walks the tree; each top-level table has its own file that adds the reader's
//! methods for it (`appraisal.rs`, `parameters.rs`, `demand.rs`, `option.rs`), on top of the
//! plain values (`value.rs`) and the uncertain quantities with their domains (`quantity.rs`).

mod appraisal;
mod criteria;
mod decision;
mod demand;
mod information;
pub(super) mod keys;
mod measure;
mod notice_keys;
mod option;
mod parameters;
mod quantity;
mod questions;
mod schema;
mod value;

use super::node::{self, Node};
use super::*;

pub use criteria::weight_restriction;
pub use decision::{CHECKLIST, Decision, SignOff};
pub use quantity::Domain;
use quantity::domain_problem;
pub use schema::schema;

struct Reader<'d> {
    problems: Vec<Problem>,
    /// Parameters as read so far: name, quantity, node (for spans) and the domain of every use.
    params: Vec<(String, Quantity, &'d Node)>,
    param_domains: Vec<Domain>,
    /// The measure with the smallest largest value among a parameter's uses, if it is used.
    param_limits: Vec<Option<measure::Measure>>,
    /// Every declared parameter name, valid or not (an invalid one is reported once, where it
    /// is declared, not again where it is used).
    declared_params: Vec<String>,
    demand_ids: Vec<String>,
    /// Every option id written, valid or not (for the criteria's scores).
    declared_options: Vec<String>,
}

/// Reads and validates a whole scenario.
pub(super) fn read(doc: &Node) -> Result<Scenario, Vec<Problem>> {
    let mut r = Reader {
        problems: Vec::new(),
        params: Vec::new(),
        param_domains: Vec::new(),
        param_limits: Vec::new(),
        declared_params: Vec::new(),
        demand_ids: Vec::new(),
        declared_options: Vec::new(),
    };
    r.known(doc, "", &keys::ROOT);
    let appraisal = match doc.get("appraisal") {
        Some(n) => r.appraisal(n),
        None => {
            r.problems.push(
                Problem::new("appraisal", None, "the [appraisal] table is missing")
                    .allowed("[appraisal] with title, price_base_year, start and horizon_years"),
            );
            None
        }
    };
    if let Some(n) = doc.get("parameters") {
        r.parameters(n);
    }
    let demand = match doc.get("demand") {
        Some(n) => r.demand(n),
        None => Vec::new(),
    };
    let correlations = match doc.get("correlations") {
        Some(n) => r.correlations(n),
        None => Vec::new(),
    };
    let months = appraisal.as_ref().map(|a| a.horizon_years * 12);
    let options = match doc.get("options") {
        Some(n) => r.options(n, months),
        None => {
            r.problems.push(
                Problem::new("options", None, "the scenario has no options to compare")
                    .allowed("one or more [[options]] entries, each with id, kind and name"),
            );
            Vec::new()
        }
    };
    let criteria = doc.get("criteria").map_or_else(Vec::new, |n| {
        r.criteria(
            n,
            &options,
            appraisal.as_ref().map(|a| a.horizon_years),
            doc,
        )
    });
    let information = doc
        .get("information")
        .map_or_else(Vec::new, |n| r.information(n));
    if let Some(a) = doc.get("appraisal") {
        r.reference(a, &options);
    }
    let questions = match doc.get("questions") {
        Some(n) => r.questions(n),
        None => Vec::new(),
    };
    // Every id written, so that an option with problems of its own is not reported again here.
    let ids: Vec<String> = match doc.get("options").map(|n| &n.value) {
        Some(node::Value::Array(items)) => items
            .iter()
            .filter_map(|item| match item.get("id").map(|n| &n.value) {
                Some(node::Value::Str(id)) => Some(id.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let decision = match doc.get("decision") {
        Some(n) => r.decision(n, &ids),
        None => Decision::default(),
    };
    // A parameter's distribution must fit every place it is used.
    for (i, (name, q, node)) in r.params.iter().enumerate() {
        let domain = r.param_domains[i];
        if domain.lo > domain.hi {
            r.problems.push(Problem::new(
                format!("parameters.{name}"),
                Some(node.span.clone()),
                "this parameter is used in places whose allowed values do not overlap",
            ));
            continue;
        }
        if let Some(p) = domain_problem(
            &q.dist,
            domain,
            &format!("parameters.{name}"),
            Some(node.span.clone()),
        ) {
            r.problems.push(p.allowed(format!(
                "{} (the values every place that uses this parameter allows)",
                domain.describe()
            )));
        } else if let Some(m) = r.param_limits[i]
            && let Some(p) = measure::magnitude_problem(
                &q.dist,
                m,
                &format!("parameters.{name}"),
                Some(node.span.clone()),
                " (the smallest limit of the places that use this parameter)",
            )
        {
            r.problems.push(p);
        }
    }
    if !r.problems.is_empty() {
        return Err(r.problems);
    }
    let parameters = r
        .params
        .into_iter()
        .zip(r.param_domains)
        .map(|((name, quantity, _), domain)| Parameter {
            name,
            quantity,
            domain,
        })
        .collect();
    Ok(Scenario {
        appraisal: appraisal.expect("no problems means the appraisal was read"),
        parameters,
        demand,
        options,
        correlations,
        criteria,
        information,
        questions,
        decision,
    })
}

/// A number for a message: whole numbers below 1e15 in digits, very large or very small ones in
/// exponent form (`1e308`, `5e-324`), others as Rust writes them.
pub(super) fn fmt_num(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else if x.abs() >= 1e15 || (x != 0.0 && x.abs() < 1e-4) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// The problem with `x`, a decimal number written where a whole number is needed (`what` says
/// which numbers are whole): a fraction (2.5), or a whole number written with a point or an
/// exponent (3.0, 1e5), with the fix.
pub(super) fn whole_number_problem(x: f64, path: &str, span: Span, what: &str) -> Problem {
    let message = if x.fract() != 0.0 {
        format!(
            "{} is not a whole number, and {what} are whole numbers: write {} or {}",
            fmt_num(x),
            fmt_num(x.floor()),
            fmt_num(x.ceil())
        )
    } else {
        format!(
            "{} is written as a decimal number (with a point or an exponent), and {what} are whole numbers: write {}",
            fmt_num(x),
            x as i64
        )
    };
    Problem::new(path, Some(span), message)
}

pub(super) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}
