//! The inputs of a scenario as `--set` paths with their current values (`appraise paths`), and
//! the inputs that differ between two scenarios (`appraise diff`).
//!
//! The paths are those of the compiled model's inputs (`options.in_house.costs[0].amount`),
//! with the appraisal's settings before them and, where an option's field names a parameter,
//! that field too (its value is the parameter's name); the `fte` and `on_cost` the model gives
//! one-off and per-case lines are left out, since `--set` refuses them there. Every line
//! `PATH = VALUE` is a valid `--set PATH=VALUE`.

use crate::dist::Dist;
use crate::engine::DEFAULT_SEED;
use crate::scenario::{Basis, Budget, Capacity, OptionSpec, QuantityRef, Scenario};
use serde::Serialize;

/// One input path and its value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputPath {
    /// The path, as `--set` takes it.
    pub path: String,
    /// Its value as TOML: a number, a distribution table, a parameter's name in quotes, or a
    /// setting.
    pub value: String,
    /// True when the scenario leaves it out and the default applies.
    pub default: bool,
}

/// Every input path of a scenario, in file order: settings, parameters, demand, then each
/// option's quantities.
pub fn input_paths(s: &Scenario) -> Vec<InputPath> {
    let mut out = settings(s);
    let own = |path: String, value: String| InputPath {
        path,
        value,
        default: false,
    };
    for p in &s.parameters {
        out.push(own(
            format!("parameters.{}", p.name),
            toml(&p.quantity.dist),
        ));
    }
    for d in &s.demand {
        out.push(quantity(
            s,
            format!("demand.{}.per_year", d.id),
            &d.per_year,
        ));
    }
    for o in &s.options {
        for (key, q) in option_quantities(s, o) {
            out.push(quantity(s, format!("options.{}.{key}", o.id), q));
        }
    }
    for c in &s.criteria {
        for (o, score) in s.options.iter().zip(&c.scores) {
            if let Some(q) = score {
                out.push(own(
                    format!("criteria.{}.scores.{}", c.id, o.id),
                    toml(&q.dist),
                ));
            }
        }
    }
    out
}

/// The appraisal's settings that `--set` can change.
fn settings(s: &Scenario) -> Vec<InputPath> {
    let a = &s.appraisal;
    let mut v: Vec<(&str, String)> = vec![
        ("price_base_year", a.price_base_year.to_string()),
        (
            "start",
            format!("\"{:04}-{:02}\"", a.start.year, a.start.month),
        ),
        ("horizon_years", a.horizon_years.to_string()),
        ("discount_rate", number(a.discount_rate)),
        ("cash_uplift", number(a.cash_uplift)),
    ];
    match a.budget {
        Some(Budget::Annual(b)) => v.push(("budget.annual", number(b))),
        Some(Budget::Total(b)) => v.push(("budget.total", number(b))),
        None => {}
    }
    v.push(("iterations", a.iterations.to_string()));
    let seed_at = v.len();
    v.push(("seed", a.seed.unwrap_or(DEFAULT_SEED).to_string()));
    v.push(("method", format!("\"{}\"", a.method.name())));
    if let Some(m) = &a.ranking_metric {
        v.push(("ranking_metric", format!("\"{m}\"")));
    }
    v.into_iter()
        .enumerate()
        .map(|(i, (k, value))| InputPath {
            path: format!("appraisal.{k}"),
            value,
            // The seed is listed even when left out, so that it can be found and changed.
            default: i == seed_at && a.seed.is_none(),
        })
        .collect()
}

fn quantity(s: &Scenario, path: String, q: &QuantityRef) -> InputPath {
    match q {
        QuantityRef::Own(x) => InputPath {
            path,
            value: toml(&x.dist),
            default: x.is_default,
        },
        QuantityRef::Param(i) => InputPath {
            path,
            value: format!("\"{}\"", s.parameters[*i].name),
            default: false,
        },
    }
}

/// Every quantity of an option that `--set` accepts, by its key path under `options.ID`, in
/// the order the model compiles them.
fn option_quantities<'a>(s: &Scenario, o: &'a OptionSpec) -> Vec<(String, &'a QuantityRef)> {
    let mut v: Vec<(String, &QuantityRef)> = vec![
        ("mobilisation_months".into(), &o.mobilisation_months),
        ("suitability".into(), &o.suitability),
        ("engagement".into(), &o.engagement),
        ("completion".into(), &o.completion),
        ("victims_per_case".into(), &o.victims_per_case),
        ("children_per_case".into(), &o.children_per_case),
        ("optimism_bias".into(), &o.optimism_bias),
        ("ramp_up_months".into(), &o.ramp_up_months),
    ];
    for (d, q) in &o.reach {
        v.push((format!("reach.{}", s.demand[*d].id), q));
    }
    match &o.capacity {
        None => {}
        Some(Capacity::Places(q)) => v.push(("capacity.places_per_year".into(), q)),
        Some(Capacity::Caseload {
            fte,
            caseload,
            duration_weeks,
        }) => v.extend([
            ("capacity.fte".into(), fte),
            ("capacity.caseload".into(), caseload),
            ("capacity.duration_weeks".into(), duration_weeks),
        ]),
    }
    for (i, c) in o.costs.iter().enumerate() {
        v.push((format!("costs[{i}].amount"), &c.amount));
        // Other lines refuse fte and on_cost (the model gives them their unused defaults).
        if c.basis == Basis::Annual {
            v.push((format!("costs[{i}].fte"), &c.fte));
            v.push((format!("costs[{i}].on_cost"), &c.on_cost));
        }
    }
    for (i, r) in o.risks.iter().enumerate() {
        for (k, q) in [
            ("probability", &r.probability),
            ("delay_months", &r.delay_months),
            ("extra_cost", &r.extra_cost),
            ("capacity_factor", &r.capacity_factor),
        ] {
            v.push((format!("risks[{i}].{k}"), q));
        }
    }
    for (i, x) in o.outcomes.iter().enumerate() {
        for (k, q) in [
            ("effect", &x.effect),
            ("value", &x.value),
            ("deadweight", &x.deadweight),
            ("attribution", &x.attribution),
            ("drop_off", &x.drop_off),
        ] {
            v.push((format!("outcomes[{i}].{k}"), q));
        }
    }
    v
}

/// A number as TOML: whole numbers without a point, others as Rust writes them (which reads
/// back to the same number).
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A distribution as TOML, in the form the scenario format takes.
pub fn toml(d: &Dist) -> String {
    // `Dist` keeps its parameters private; its `Display` (the assumptions log's form, such as
    // `pert(1, 2, 3)`, `observed(6 of 9)` or `choice(5, 1; weights 0.5, 0.2)`) carries them
    // with whole numbers written as such, so it is rewritten in the scenario's TOML form.
    let shown = d.to_string();
    let Some((form, rest)) = shown.split_once('(') else {
        return shown;
    };
    let inner = rest.trim_end_matches(')');
    match form {
        "observed" => {
            let (k, n) = inner.split_once(" of ").unwrap_or((inner, ""));
            format!("{{ observed = [{k}, {n}] }}")
        }
        "choice" => {
            let (v, w) = inner.split_once("; weights ").unwrap_or((inner, ""));
            format!("{{ choice = [{v}], weights = [{w}] }}")
        }
        _ => format!("{{ {form} = [{inner}] }}"),
    }
}

/// An input whose value differs between two scenarios (`None`: the scenario has no such path).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangedInput {
    /// The path.
    pub path: String,
    /// Its value in the first scenario.
    pub before: Option<String>,
    /// Its value in the second.
    pub after: Option<String>,
}

/// The inputs whose values differ between two scenarios, in the first's order, then those
/// only the second has.
pub fn changed_inputs(a: &[InputPath], b: &[InputPath]) -> Vec<ChangedInput> {
    let find = |list: &[InputPath], path: &str| {
        list.iter()
            .find(|x| x.path == path)
            .map(|x| x.value.clone())
    };
    let mut out: Vec<ChangedInput> = a
        .iter()
        .filter_map(|x| {
            let after = find(b, &x.path);
            (after.as_deref() != Some(x.value.as_str())).then(|| ChangedInput {
                path: x.path.clone(),
                before: Some(x.value.clone()),
                after,
            })
        })
        .collect();
    out.extend(
        b.iter()
            .filter(|x| find(a, &x.path).is_none())
            .map(|x| ChangedInput {
                path: x.path.clone(),
                before: None,
                after: Some(x.value.clone()),
            }),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distributions_read_back_as_the_scenario_writes_them() {
        let d = Dist::pert(1.0, 2.5, 4.0).unwrap();
        assert_eq!(toml(&d), "{ pert = [1, 2.5, 4] }");
        assert_eq!(toml(&Dist::fixed(0.035).unwrap()), "0.035");
        assert_eq!(toml(&Dist::fixed(80000.0).unwrap()), "80000");
    }

    #[test]
    fn changes_list_what_differs_and_what_only_one_side_has() {
        let p = |path: &str, value: &str| InputPath {
            path: path.into(),
            value: value.into(),
            default: false,
        };
        let a = [p("x", "1"), p("y", "2"), p("z", "3")];
        let b = [p("x", "1"), p("y", "5"), p("w", "4")];
        let c = changed_inputs(&a, &b);
        let shown: Vec<(&str, Option<&str>, Option<&str>)> = c
            .iter()
            .map(|c| (c.path.as_str(), c.before.as_deref(), c.after.as_deref()))
            .collect();
        assert_eq!(
            shown,
            [
                ("y", Some("2"), Some("5")),
                ("z", Some("3"), None),
                ("w", None, Some("4"))
            ]
        );
    }
}
