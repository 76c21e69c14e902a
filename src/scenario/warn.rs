//! Warnings: figures in a valid scenario that are probably not what was meant. They do not stop
//! a run; `validate` and `run` print them on stderr as "warning: file:line:col: …".

use super::node::{Node, Value};
use super::{Basis, Capacity, OptionKind, OptionSpec, QuantityRef, Scenario};
use crate::diag::{Problem, Span};
use crate::dist::Dist;

/// Every warning about `scenario`, read from `doc` (the tree it was read from, overrides
/// applied), in file order.
pub(super) fn warnings(scenario: &Scenario, doc: &Node) -> Vec<Problem> {
    let items = match doc.get("options").map(|n| &n.value) {
        Some(Value::Array(items)) => items.as_slice(),
        _ => &[],
    };
    let mut out: Vec<Problem> = scenario
        .options
        .iter()
        .zip(items)
        .filter_map(|(o, node)| fte_warning(scenario, o, node))
        .collect();
    if !scenario
        .options
        .iter()
        .any(|o| o.kind == OptionKind::Baseline)
    {
        let message = match &scenario.appraisal.reference {
            Some(id) => format!(
                "no option is of kind \"baseline\": incremental figures are against '{id}', which appraisal.reference names, not against carrying on as now"
            ),
            None => "no option is of kind \"baseline\": incremental figures (each option against carrying on as now) need one, and every document will say they are left out".to_string(),
        };
        out.push(Problem::new("options", None, message).allowed(
            "an [[options]] entry for carrying on as now, with kind = \"baseline\"; or appraisal.reference = \"id\" to measure against another option",
        ));
    }
    out
}

/// The distribution a quantity stands for.
fn dist<'a>(scenario: &'a Scenario, q: &'a QuantityRef) -> &'a Dist {
    match q {
        QuantityRef::Own(q) => &q.dist,
        QuantityRef::Param(i) => &scenario.parameters[*i].quantity.dist,
    }
}

/// A quantity in words: a parameter's name, a fixed figure, or a distribution's form and mean.
fn describe(scenario: &Scenario, q: &QuantityRef) -> String {
    match q {
        QuantityRef::Param(i) => format!("the parameter '{}'", scenario.parameters[*i].name),
        QuantityRef::Own(q) if q.dist.is_fixed() => format!("{} FTE", q.dist.mean()),
        QuantityRef::Own(q) => format!("a {} with mean {:.3} FTE", q.dist.form(), q.dist.mean()),
    }
}

/// The span of the value at `keys` under `node`, if it is there.
fn span_at(node: &Node, keys: &[&str]) -> Option<Span> {
    keys.iter()
        .try_fold(node, |n, k| n.get(k))
        .map(|n| n.span.clone())
}

/// "capacity FTE differs from the FTE you pay for": the option's `capacity.fte` is neither the
/// same parameter nor the same distribution as the `fte` of any annual cost line that gives one.
fn fte_warning(scenario: &Scenario, o: &OptionSpec, node: &Node) -> Option<Problem> {
    let Some(Capacity::Caseload { fte, .. }) = &o.capacity else {
        return None;
    };
    // Annual lines that give an fte (a line without one is a sum such as a grant).
    let paid: Vec<(usize, &QuantityRef)> = o
        .costs
        .iter()
        .enumerate()
        .filter(|(_, c)| c.basis == Basis::Annual)
        .filter(|(_, c)| !matches!(&c.fte, QuantityRef::Own(q) if q.is_default))
        .map(|(i, c)| (i, &c.fte))
        .collect();
    let same = |q: &QuantityRef| match (fte, q) {
        (QuantityRef::Param(a), QuantityRef::Param(b)) => a == b,
        _ => dist(scenario, fte) == dist(scenario, q),
    };
    if paid.is_empty() || paid.iter().any(|(_, q)| same(q)) {
        return None;
    }
    let mut p = Problem::new(
        format!("options.{}.capacity.fte", o.id),
        span_at(node, &["capacity", "fte"]),
        format!(
            "capacity FTE differs from the FTE you pay for: capacity counts {}, and no annual cost line pays for that",
            describe(scenario, fte)
        ),
    )
    .allowed("the same figure in capacity.fte and in the fte of the cost line that pays for those workers, best as one [parameters] entry used in both");
    for (i, q) in paid {
        let span = match &node.get("costs").map(|c| &c.value) {
            Some(Value::Array(items)) => items.get(i).and_then(|c| span_at(c, &["fte"])),
            _ => None,
        };
        p.add_note(
            format!(
                "the cost line '{}' pays for {}",
                o.costs[i].name,
                describe(scenario, q)
            ),
            span,
        );
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::super::from_text;

    const BASE: &str = "[appraisal]\ntitle = \"t\"\nprice_base_year = 2025\nstart = \"2025-04\"\nhorizon_years = 2\n\n[parameters]\nstaff = { pert = [1, 2, 3] }\n\n[[demand]]\nid = \"r\"\nper_year = 50\n\n[[options]]\nid = \"now\"\nkind = \"baseline\"\nname = \"Now\"\n\n[[options]]\nid = \"team\"\nkind = \"in_house\"\nname = \"Team\"\nreach = { r = 1 }\n";

    /// The warnings of BASE with the team's capacity FTE and its cost lines' FTE as given.
    fn warnings(capacity_fte: &str, cost_fte: &[&str], overrides: &[&str]) -> Vec<String> {
        let mut text = format!(
            "{BASE}capacity = {{ fte = {capacity_fte}, caseload = 10, duration_weeks = 26 }}\n"
        );
        for fte in cost_fte {
            text += "\n[[options.costs]]\nname = \"Line\"\nbasis = \"annual\"\namount = 30000\n";
            if !fte.is_empty() {
                text += &format!("fte = {fte}\n");
            }
        }
        let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
        let loaded = from_text("t.toml", text.clone(), &overrides, text.into_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        loaded.warnings.iter().map(|p| p.message.clone()).collect()
    }

    #[test]
    fn capacity_fte_must_match_an_annual_line_that_gives_one() {
        assert!(warnings("2", &["2"], &[]).is_empty());
        assert!(warnings("\"staff\"", &["\"staff\""], &[]).is_empty());
        assert!(warnings("{ pert = [1, 2, 3] }", &["1", "{ pert = [1, 2, 3] }"], &[]).is_empty());
        // A line without an fte (a grant, a licence) says nothing about the workers paid for.
        assert!(warnings("3", &[""], &[]).is_empty());
        assert!(warnings("3", &[], &[]).is_empty());
        let w = warnings("3", &["2", ""], &[]);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].starts_with("capacity FTE differs from the FTE you pay for"),
            "{w:?}"
        );
        // The same parameter's distribution written out again is the same figure.
        assert!(warnings("\"staff\"", &["{ pert = [1, 2, 3] }"], &[]).is_empty());
        assert_eq!(
            warnings("2", &["2"], &["options.team.capacity.fte=3"]).len(),
            1
        );
    }

    #[test]
    fn a_scenario_without_a_baseline_is_warned_about() {
        let w = warnings("2", &["2"], &["options.now.kind=other"]);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("no option is of kind \"baseline\""), "{w:?}");
        assert!(w[0].contains("left out"), "{w:?}");
        let w = warnings(
            "2",
            &["2"],
            &["options.now.kind=other", "appraisal.reference=\"now\""],
        );
        assert!(w[0].contains("against 'now'"), "{w:?}");
    }
}
