//! `[[options]]`: each option's kind, funnel shares, reach of demand, capacity, cost lines, risks,
//! outcomes and SWOT.

use super::super::node::{Node, Value};
use super::super::{
    Accrues, Basis, Capacity, Cost, OptionKind, OptionSpec, Outcome, Per, QuantityRef, Risk, Swot,
};
use super::measure::Measure;
use super::{Reader, join};
use crate::diag::{Problem, nearest};

impl Reader<'_> {
    pub(super) fn options(&mut self, n: &Node, months: Option<u32>) -> Vec<OptionSpec> {
        let Value::Array(items) = &n.value else {
            self.push(
                Problem::new(
                    "options",
                    Some(n.span.clone()),
                    format!("expected [[options]] entries, found {}", n.value.kind()),
                )
                .allowed("[[options]] tables with id, kind and name"),
            );
            return Vec::new();
        };
        if items.is_empty() {
            self.push(
                Problem::new(
                    "options",
                    Some(n.span.clone()),
                    "the scenario has no options to compare",
                )
                .allowed("one or more [[options]] entries"),
            );
        }
        let mut ids: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("options[{i}]");
            let keys = [
                "id",
                "kind",
                "name",
                "description",
                "mobilisation_months",
                "suitability",
                "engagement",
                "completion",
                "victims_per_case",
                "children_per_case",
                "optimism_bias",
                "ramp_up_months",
                "reach",
                "capacity",
                "costs",
                "risks",
                "outcomes",
                "swot",
            ];
            if !self.keys(item, &path, &keys) {
                continue;
            }
            let Some(id) = self.id(item, &path, &ids, "option") else {
                continue;
            };
            ids.push(id.clone());
            if let Some(o) = self.option(item, &format!("options.{id}"), id, months) {
                out.push(o);
            }
        }
        out
    }

    pub(super) fn option(
        &mut self,
        n: &Node,
        path: &str,
        id: String,
        months: Option<u32>,
    ) -> Option<OptionSpec> {
        let kind = match n.get("kind") {
            Some(k) => self.choice(
                k,
                &join(path, "kind"),
                &[
                    ("in_house", OptionKind::InHouse),
                    ("commissioned", OptionKind::Commissioned),
                    ("partnership", OptionKind::Partnership),
                    ("baseline", OptionKind::Baseline),
                    ("other", OptionKind::Other),
                ],
            ),
            None => {
                self.missing(
                    n,
                    path,
                    "kind",
                    "one of in_house, commissioned, partnership, baseline, other",
                );
                None
            }
        };
        let name = self.req_string(n, path, "name", "a name in quotes for reports");
        let description = self.opt_string(n, path, "description");
        let q =
            |r: &mut Self, key: &str, d: Measure, def: f64| r.quantity(n, path, key, d, Some(def));
        let mobilisation_months = q(self, "mobilisation_months", Measure::Months, 0.0);
        let suitability = q(self, "suitability", Measure::Share, 1.0);
        let engagement = q(self, "engagement", Measure::Share, 1.0);
        let completion = q(self, "completion", Measure::Share, 1.0);
        let victims_per_case = q(self, "victims_per_case", Measure::People, 0.0);
        let children_per_case = q(self, "children_per_case", Measure::People, 0.0);
        let optimism_bias = q(self, "optimism_bias", Measure::Ratio, 0.0);
        let ramp_up_months = q(self, "ramp_up_months", Measure::Months, 0.0);
        let reach = self.reach(n, path);
        let capacity = match n.get("capacity") {
            Some(c) => self.capacity(c, &join(path, "capacity")).map(Some),
            None if !reach.as_ref().is_none_or(|r| r.is_empty()) => {
                self.missing(n, path, "capacity", "capacity = { places_per_year = 40 } or capacity = { fte = 2, caseload = 14, duration_weeks = 30 }: this option reaches some demand, so its places must be said");
                None
            }
            None => Some(None),
        };
        let costs = self.list(n, path, "costs", |r, item, p| r.cost(item, p, months));
        let risks = self.list(n, path, "risks", |r, item, p| r.risk(item, p));
        let outcomes = self.list(n, path, "outcomes", |r, item, p| r.outcome(item, p));
        let swot = match n.get("swot") {
            Some(s) => self.swot(s, &join(path, "swot")),
            None => Some(Swot::default()),
        };
        Some(OptionSpec {
            id,
            kind: kind?,
            name: name?,
            description,
            mobilisation_months: mobilisation_months?,
            suitability: suitability?,
            engagement: engagement?,
            completion: completion?,
            victims_per_case: victims_per_case?,
            children_per_case: children_per_case?,
            optimism_bias: optimism_bias?,
            ramp_up_months: ramp_up_months?,
            reach: reach?,
            capacity: capacity?,
            costs: costs?,
            risks: risks?,
            outcomes: outcomes?,
            swot: swot?,
        })
    }

    pub(super) fn reach(&mut self, n: &Node, path: &str) -> Option<Vec<(usize, QuantityRef)>> {
        let Some(r) = n.get("reach") else {
            return Some(Vec::new());
        };
        let rpath = join(path, "reach");
        let ids = self.demand_ids.clone();
        let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let Some(entries) = r.entries() else {
            self.push(
                Problem::new(
                    &rpath,
                    Some(r.span.clone()),
                    format!("expected a table, found {}", r.value.kind()),
                )
                .allowed("reach = { stream_id = share, … } with the ids of [[demand]] streams"),
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for e in entries {
            let p = join(&rpath, &e.key);
            match ids.iter().position(|d| d == &e.key) {
                Some(j) => match self.quantity_node(&e.node, &p, Measure::Share) {
                    Some(q) => out.push((j, q)),
                    None => ok = false,
                },
                None => {
                    ok = false;
                    let allowed = match (ids.is_empty(), nearest(&e.key, &id_refs)) {
                        (true, _) => {
                            "the scenario has no [[demand]] streams; add one with an id".to_string()
                        }
                        (_, Some(s)) => {
                            format!("did you mean '{s}'? Demand streams: {}", ids.join(", "))
                        }
                        (_, None) => format!("a demand stream id: {}", ids.join(", ")),
                    };
                    self.push(
                        Problem::new(
                            p,
                            Some(e.key_span.clone()),
                            format!("'{}' is not a demand stream", e.key),
                        )
                        .allowed(allowed),
                    );
                }
            }
        }
        ok.then_some(out)
    }

    pub(super) fn capacity(&mut self, c: &Node, path: &str) -> Option<Capacity> {
        if !self.keys(
            c,
            path,
            &["places_per_year", "fte", "caseload", "duration_weeks"],
        ) {
            return None;
        }
        let allowed =
            "either { places_per_year = … } or { fte = …, caseload = …, duration_weeks = … }";
        if c.get("places_per_year").is_some() {
            if c.get("fte").is_some()
                || c.get("caseload").is_some()
                || c.get("duration_weeks").is_some()
            {
                self.push(
                    Problem::new(
                        path,
                        Some(c.span.clone()),
                        "give places_per_year or fte/caseload/duration_weeks, not both",
                    )
                    .allowed(allowed),
                );
                return None;
            }
            return self
                .quantity(c, path, "places_per_year", Measure::People, None)
                .map(Capacity::Places);
        }
        let fte = self.quantity(c, path, "fte", Measure::Fte, None);
        let caseload = self.quantity(c, path, "caseload", Measure::Caseload, None);
        let duration_weeks = self.quantity(c, path, "duration_weeks", Measure::Weeks, None);
        Some(Capacity::Caseload {
            fte: fte?,
            caseload: caseload?,
            duration_weeks: duration_weeks?,
        })
    }

    pub(super) fn cost(&mut self, n: &Node, path: &str, months: Option<u32>) -> Option<Cost> {
        if !self.keys(
            n,
            path,
            &[
                "name",
                "basis",
                "amount",
                "fte",
                "on_cost",
                "accrues",
                "month",
                "uplift",
                "fixed_cash",
            ],
        ) {
            return None;
        }
        let name = self.req_string(n, path, "name", "a name for the cost line");
        let basis = match n.get("basis") {
            Some(b) => self.choice(
                b,
                &join(path, "basis"),
                &[
                    ("annual", Basis::Annual),
                    ("one_off", Basis::OneOff),
                    ("per_case", Basis::PerCase),
                    ("per_completion", Basis::PerCompletion),
                ],
            ),
            None => {
                self.missing(
                    n,
                    path,
                    "basis",
                    "one of annual, one_off, per_case, per_completion",
                );
                None
            }
        };
        let amount = self.quantity(n, path, "amount", Measure::Money, None);
        let fte = self.quantity(n, path, "fte", Measure::Fte, Some(1.0));
        let on_cost = self.quantity(n, path, "on_cost", Measure::Ratio, Some(0.0));
        let accrues = match n.get("accrues") {
            Some(a) => self.choice(
                a,
                &join(path, "accrues"),
                &[
                    ("in_service", Accrues::InService),
                    ("from_start", Accrues::FromStart),
                ],
            ),
            None => Some(Accrues::InService),
        };
        let last = months.unwrap_or(360).max(1) as i64 - 1;
        let month = match n.get("month") {
            Some(m) => self.integer(m, &join(path, "month"), 0, last, &format!("a month index from 0 (the first month of year 0) to {last} (the last month of the horizon)")),
            None => Some(0),
        };
        let uplift = self.line_uplift(n, path);
        let basis = basis?;
        if basis != Basis::Annual {
            for key in ["fte", "on_cost", "accrues"] {
                if let Some(k) = n.get(key) {
                    self.push(
                        Problem::new(
                            join(path, key),
                            Some(k.span.clone()),
                            format!(
                                "'{key}' applies to annual cost lines only, and this line is {}",
                                basis.name()
                            ),
                        )
                        .allowed("remove it, or make the line basis = \"annual\""),
                    );
                }
            }
        }
        if basis != Basis::OneOff
            && let Some(k) = n.get("month")
        {
            self.push(
                Problem::new(
                    join(path, "month"),
                    Some(k.span.clone()),
                    format!(
                        "'month' applies to one_off cost lines only, and this line is {}",
                        basis.name()
                    ),
                )
                .allowed("remove it, or make the line basis = \"one_off\""),
            );
        }
        Some(Cost {
            name: name?,
            basis,
            amount: amount?,
            fte: fte?,
            on_cost: on_cost?,
            accrues: accrues?,
            month: month? as u32,
            uplift: uplift?,
        })
    }

    /// A cost line's own price path: `uplift = r` (its own yearly uplift to cash) or
    /// `fixed_cash = true` (a price that does not rise: uplift 0); `None` follows the
    /// appraisal's `cash_uplift`.
    fn line_uplift(&mut self, n: &Node, path: &str) -> Option<Option<f64>> {
        let allowed = "uplift = 0.05 (this line's own yearly uplift to cash, 0 to 1) or fixed_cash = true (a price fixed in cash), not both";
        let fixed = match n.get("fixed_cash") {
            None => false,
            Some(f) => {
                match f.value {
                    Value::Bool(b) => b,
                    ref other => {
                        self.push(
                        Problem::new(
                            join(path, "fixed_cash"),
                            Some(f.span.clone()),
                            format!("expected true or false, found {}", other.kind()),
                        )
                        .allowed("fixed_cash = true for a price fixed in cash; leave it out otherwise"),
                    );
                        return None;
                    }
                }
            }
        };
        match (n.get("uplift"), fixed) {
            (Some(u), true) => {
                self.push(
                    Problem::new(
                        join(path, "uplift"),
                        Some(u.span.clone()),
                        "give uplift or fixed_cash = true, not both: a price fixed in cash has no uplift",
                    )
                    .allowed(allowed),
                );
                None
            }
            (Some(_), false) => self.fraction(n, path, "uplift", 0.0, allowed).map(Some),
            (None, true) => Some(Some(0.0)),
            (None, false) => Some(None),
        }
    }

    pub(super) fn risk(&mut self, n: &Node, path: &str) -> Option<Risk> {
        if !self.keys(
            n,
            path,
            &[
                "name",
                "description",
                "probability",
                "delay_months",
                "extra_cost",
                "capacity_factor",
            ],
        ) {
            return None;
        }
        let name = self.req_string(n, path, "name", "a name for the risk");
        let description = self.opt_string(n, path, "description");
        let probability = self.quantity(n, path, "probability", Measure::Share, None);
        let delay_months = self.quantity(n, path, "delay_months", Measure::Months, Some(0.0));
        let extra_cost = self.quantity(n, path, "extra_cost", Measure::Money, Some(0.0));
        let capacity_factor = self.quantity(n, path, "capacity_factor", Measure::Factor, Some(1.0));
        Some(Risk {
            name: name?,
            description,
            probability: probability?,
            delay_months: delay_months?,
            extra_cost: extra_cost?,
            capacity_factor: capacity_factor?,
        })
    }

    pub(super) fn outcome(&mut self, n: &Node, path: &str) -> Option<Outcome> {
        if !self.keys(
            n,
            path,
            &[
                "name",
                "per",
                "effect",
                "value",
                "deadweight",
                "attribution",
                "persistence_years",
                "drop_off",
            ],
        ) {
            return None;
        }
        let name = self.req_string(n, path, "name", "a name for the outcome");
        let per = match n.get("per") {
            Some(p) => self.choice(
                p,
                &join(path, "per"),
                &[("completion", Per::Completion), ("engaged", Per::Engaged)],
            ),
            None => {
                self.missing(n, path, "per", "completion or engaged");
                None
            }
        };
        let effect = self.quantity(n, path, "effect", Measure::Effect, None);
        let value = self.quantity(n, path, "value", Measure::Money, None);
        let deadweight = self.quantity(n, path, "deadweight", Measure::Share, Some(0.0));
        let attribution = self.quantity(n, path, "attribution", Measure::Share, Some(1.0));
        let persistence_years = match n.get("persistence_years") {
            Some(p) => self.integer(
                p,
                &join(path, "persistence_years"),
                1,
                100,
                "a whole number of years from 1 to 100",
            ),
            None => Some(1),
        };
        let drop_off = self.quantity(n, path, "drop_off", Measure::Share, Some(0.0));
        Some(Outcome {
            name: name?,
            per: per?,
            effect: effect?,
            value: value?,
            deadweight: deadweight?,
            attribution: attribution?,
            persistence_years: persistence_years? as u32,
            drop_off: drop_off?,
        })
    }

    pub(super) fn swot(&mut self, s: &Node, path: &str) -> Option<Swot> {
        if !self.keys(
            s,
            path,
            &["strengths", "weaknesses", "opportunities", "threats"],
        ) {
            return None;
        }
        let mut list = |key: &str| match s.get(key) {
            Some(n) => self.string_list(n, &join(path, key)),
            None => Vec::new(),
        };
        Some(Swot {
            strengths: list("strengths"),
            weaknesses: list("weaknesses"),
            opportunities: list("opportunities"),
            threats: list("threats"),
        })
    }
}
