//! The compiled model: every input as one flat list, and each option as indices into it.
//!
//! Compiling resolves parameter names, defaults and domains once, so that the hot loop only
//! reads numbers. Every field of every option is an input (fixed defaults included), named by
//! its path in the scenario; those names head the columns of the samples CSV. The scores of
//! the multi-criteria appraisal are inputs too, after the options' ([`criterion_score_path`]):
//! no option's metrics depend on them, but they are drawn with common random numbers like
//! every other input.

use crate::dist::{Dist, Sampler};
use crate::scenario::{
    Accrues, Basis, Budget, Capacity, Domain, OptionKind, OptionSpec, Per, Quantity, QuantityRef,
    Scenario,
};

/// What an input is, beyond its distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputRole {
    /// An ordinary quantity.
    Quantity,
    /// The uniform draw that decides whether risk event happens; compared with the input
    /// `probability`. Reported as 0/1 in the samples CSV.
    Occurs {
        /// Index of the risk's probability input.
        probability: usize,
    },
}

/// One sampled (or fixed) input.
#[derive(Debug, Clone)]
pub struct Input {
    /// Path in the scenario, e.g. `options.in_house.capacity.caseload`.
    pub path: String,
    /// Its distribution.
    pub dist: Dist,
    /// Fast sampler for `dist`.
    pub sampler: Sampler,
    /// Draws are clamped to this.
    pub domain: Domain,
    /// The value of a fixed input (already within its domain).
    pub fixed: Option<f64>,
    /// Role of the input.
    pub role: InputRole,
    /// Where the figure comes from, as the scenario says.
    pub source: Option<String>,
    /// The scenario's note on it.
    pub note: Option<String>,
    /// The scenario's name for it (`label`), if it gives one.
    pub label: Option<String>,
    /// True when the scenario did not give it and the default applies.
    pub is_default: bool,
}

/// Annual capacity of an option, as input indices.
#[derive(Debug, Clone, Copy)]
pub enum CapacityModel {
    /// Unconstrained (an option that reaches no demand).
    None,
    /// Places per year.
    Places(usize),
    /// fte × caseload × 52 / duration_weeks.
    Caseload {
        /// FTE input.
        fte: usize,
        /// Caseload input.
        caseload: usize,
        /// Duration input (weeks).
        duration_weeks: usize,
    },
}

/// A cost line as input indices.
#[derive(Debug, Clone)]
pub struct CostModel {
    /// Name for reports.
    pub name: String,
    /// Basis.
    pub basis: Basis,
    /// Amount input (£).
    pub amount: usize,
    /// FTE input.
    pub fte: usize,
    /// On-cost input.
    pub on_cost: usize,
    /// When annual lines accrue.
    pub accrues: Accrues,
    /// Month of a one-off line.
    pub month: usize,
    /// For a line priced on its own path (`uplift` or `fixed_cash`), the factor on its real
    /// cost in each year: ((1 + uplift) / (1 + cash_uplift))^(y + s), so that its cash is
    /// amount × (1 + uplift)^(y + s); `None` for a line that follows `cash_uplift` (factor 1).
    pub real_factor: Option<Vec<f64>>,
}

/// A risk event as input indices.
#[derive(Debug, Clone)]
pub struct RiskModel {
    /// Name for reports.
    pub name: String,
    /// Probability input.
    pub probability: usize,
    /// Occurrence uniform input.
    pub occurs: usize,
    /// Delay input (months).
    pub delay_months: usize,
    /// Extra cost input (£).
    pub extra_cost: usize,
    /// Capacity factor input.
    pub capacity_factor: usize,
}

/// An outcome as input indices.
#[derive(Debug, Clone)]
pub struct OutcomeModel {
    /// Name for reports.
    pub name: String,
    /// Counted per completion or per person engaged.
    pub per: Per,
    /// Effect input.
    pub effect: usize,
    /// Value input (£ per unit).
    pub value: usize,
    /// Deadweight input.
    pub deadweight: usize,
    /// Attribution input.
    pub attribution: usize,
    /// Years the benefit lasts.
    pub persistence_years: usize,
    /// Drop-off input.
    pub drop_off: usize,
}

/// One option as input indices.
#[derive(Debug, Clone)]
pub struct OptionModel {
    /// Identifier.
    pub id: String,
    /// Name for reports.
    pub name: String,
    /// Kind of delivery.
    pub kind: OptionKind,
    /// Mobilisation input (months).
    pub mobilisation_months: usize,
    /// Suitability input.
    pub suitability: usize,
    /// Engagement input.
    pub engagement: usize,
    /// Completion input.
    pub completion: usize,
    /// Victims-per-case input.
    pub victims_per_case: usize,
    /// Children-per-case input.
    pub children_per_case: usize,
    /// Optimism-bias input.
    pub optimism_bias: usize,
    /// Ramp-up input (months).
    pub ramp_up_months: usize,
    /// (demand input, reach input) pairs.
    pub reach: Vec<(usize, usize)>,
    /// Capacity.
    pub capacity: CapacityModel,
    /// Cost lines.
    pub costs: Vec<CostModel>,
    /// Risk events.
    pub risks: Vec<RiskModel>,
    /// Outcomes.
    pub outcomes: Vec<OutcomeModel>,
    /// Every input this option's metrics depend on, ascending.
    pub inputs_used: Vec<usize>,
}

/// The compiled model of a scenario.
#[derive(Debug, Clone)]
pub struct Model {
    /// Every input: parameters, then demand streams, then each option's own, then the criteria's
    /// scores.
    pub inputs: Vec<Input>,
    /// The options.
    pub options: Vec<OptionModel>,
    /// Years appraised.
    pub years: usize,
    /// Discount factor by year, DF_y = (1 + r)^−y, long enough for benefits past the horizon.
    pub discount: Vec<f64>,
    /// Real-to-cash factor by year: (1 + cash_uplift)^(y + s), where s = start year − price
    /// base year counts the years from the price base to year 0.
    pub uplift: Vec<f64>,
    /// Budget, if any.
    pub budget: Option<Budget>,
    /// Correlated parameters, drawn jointly, if the scenario asks.
    pub copula: Option<Copula>,
}

/// A Gaussian copula over some parameters: each iteration draws independent normal scores z
/// (one per member, from its own stream), mixes them as L·z, and maps each mixed score through
/// the standard normal CDF and then the member's own inverse CDF, so every marginal stays exact
/// while the normal scores have correlation matrix L·Lᵀ, whose entries are
/// 2·sin(π·ρ/6) for each target Spearman ρ (zero for pairs not named).
#[derive(Debug, Clone)]
pub struct Copula {
    /// Input indices of the members, ascending.
    pub members: Vec<usize>,
    /// Lower-triangular Cholesky factor of the normal scores' correlation matrix, in the order
    /// of `members`.
    pub cholesky: Vec<Vec<f64>>,
    /// (member input a, member input b, target Spearman ρ) for each correlation given.
    pub targets: Vec<(usize, usize, f64)>,
}

struct Compiler<'s> {
    scenario: &'s Scenario,
    inputs: Vec<Input>,
    /// Input index of each demand stream's per_year (a parameter's when it names one).
    demand_inputs: Vec<usize>,
}

impl Compiler<'_> {
    fn add(&mut self, path: String, q: &Quantity, domain: Domain, role: InputRole) -> usize {
        let fixed = q.dist.is_fixed().then(|| domain.clamp(q.dist.mean()));
        self.inputs.push(Input {
            path,
            sampler: q.dist.sampler(),
            dist: q.dist.clone(),
            domain,
            fixed,
            role,
            source: q.source.clone(),
            note: q.note.clone(),
            label: q.label.clone(),
            is_default: q.is_default,
        });
        self.inputs.len() - 1
    }

    /// Index of a quantity: a parameter's input, or a new input at `path`.
    fn q(&mut self, path: String, r: &QuantityRef, domain: Domain) -> usize {
        match r {
            QuantityRef::Param(i) => *i,
            QuantityRef::Own(q) => self.add(path, q, domain, InputRole::Quantity),
        }
    }

    /// The factor on a cost line's real cost in each year (see [`CostModel::real_factor`]).
    fn real_factor(&self, uplift: Option<f64>) -> Option<Vec<f64>> {
        let a = &self.scenario.appraisal;
        let own = uplift.filter(|u| *u != a.cash_uplift)?;
        let s0 = a.start.year - a.price_base_year;
        Some(
            (0..a.horizon_years as i32)
                .map(|y| (1.0 + own).powi(y + s0) / (1.0 + a.cash_uplift).powi(y + s0))
                .collect(),
        )
    }

    fn option(&mut self, o: &OptionSpec) -> OptionModel {
        let p = |key: &str| format!("options.{}.{key}", o.id);
        let money = Domain {
            lo: 0.0,
            hi: f64::INFINITY,
        };
        let share = Domain { lo: 0.0, hi: 1.0 };
        let weeks = Domain {
            lo: 1.0,
            hi: f64::INFINITY,
        };
        let mobilisation_months = self.q(p("mobilisation_months"), &o.mobilisation_months, money);
        let suitability = self.q(p("suitability"), &o.suitability, share);
        let engagement = self.q(p("engagement"), &o.engagement, share);
        let completion = self.q(p("completion"), &o.completion, share);
        let victims_per_case = self.q(p("victims_per_case"), &o.victims_per_case, money);
        let children_per_case = self.q(p("children_per_case"), &o.children_per_case, money);
        let optimism_bias = self.q(p("optimism_bias"), &o.optimism_bias, money);
        let ramp_up_months = self.q(p("ramp_up_months"), &o.ramp_up_months, money);
        let reach = o
            .reach
            .iter()
            .map(|(j, r)| {
                let demand = self.demand_input(*j);
                let id = &self.scenario.demand[*j].id;
                (demand, self.q(p(&format!("reach.{id}")), r, share))
            })
            .collect();
        let capacity = match &o.capacity {
            None => CapacityModel::None,
            Some(Capacity::Places(q)) => {
                CapacityModel::Places(self.q(p("capacity.places_per_year"), q, money))
            }
            Some(Capacity::Caseload {
                fte,
                caseload,
                duration_weeks,
            }) => CapacityModel::Caseload {
                fte: self.q(p("capacity.fte"), fte, money),
                caseload: self.q(p("capacity.caseload"), caseload, money),
                duration_weeks: self.q(p("capacity.duration_weeks"), duration_weeks, weeks),
            },
        };
        let costs = o
            .costs
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let cp = |k: &str| p(&format!("costs[{i}].{k}"));
                CostModel {
                    name: c.name.clone(),
                    basis: c.basis,
                    amount: self.q(cp("amount"), &c.amount, money),
                    fte: self.q(cp("fte"), &c.fte, money),
                    on_cost: self.q(cp("on_cost"), &c.on_cost, money),
                    accrues: c.accrues,
                    month: c.month as usize,
                    real_factor: self.real_factor(c.uplift),
                }
            })
            .collect();
        let risks = o
            .risks
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let rp = |k: &str| p(&format!("risks[{i}].{k}"));
                let probability = self.q(rp("probability"), &r.probability, share);
                let unit = Quantity {
                    dist: Dist::uniform(0.0, 1.0).expect("valid"),
                    source: None,
                    note: None,
                    label: None,
                    span: None,
                    is_default: false,
                };
                let occurs = self.add(
                    rp("occurs"),
                    &unit,
                    share,
                    InputRole::Occurs { probability },
                );
                RiskModel {
                    name: r.name.clone(),
                    probability,
                    occurs,
                    delay_months: self.q(rp("delay_months"), &r.delay_months, money),
                    extra_cost: self.q(rp("extra_cost"), &r.extra_cost, money),
                    capacity_factor: self.q(rp("capacity_factor"), &r.capacity_factor, money),
                }
            })
            .collect();
        let outcomes = o
            .outcomes
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let op = |k: &str| p(&format!("outcomes[{i}].{k}"));
                OutcomeModel {
                    name: x.name.clone(),
                    per: x.per,
                    effect: self.q(op("effect"), &x.effect, money),
                    value: self.q(op("value"), &x.value, money),
                    deadweight: self.q(op("deadweight"), &x.deadweight, share),
                    attribution: self.q(op("attribution"), &x.attribution, share),
                    persistence_years: x.persistence_years as usize,
                    drop_off: self.q(op("drop_off"), &x.drop_off, share),
                }
            })
            .collect();
        let mut m = OptionModel {
            id: o.id.clone(),
            name: o.name.clone(),
            kind: o.kind,
            mobilisation_months,
            suitability,
            engagement,
            completion,
            victims_per_case,
            children_per_case,
            optimism_bias,
            ramp_up_months,
            reach,
            capacity,
            costs,
            risks,
            outcomes,
            inputs_used: Vec::new(),
        };
        m.inputs_used = inputs_of(&m);
        m
    }

    fn demand_input(&self, j: usize) -> usize {
        self.demand_inputs[j]
    }
}

fn inputs_of(m: &OptionModel) -> Vec<usize> {
    let mut v = vec![
        m.mobilisation_months,
        m.suitability,
        m.engagement,
        m.completion,
        m.victims_per_case,
        m.children_per_case,
        m.optimism_bias,
        m.ramp_up_months,
    ];
    for (d, r) in &m.reach {
        v.extend([*d, *r]);
    }
    match m.capacity {
        CapacityModel::None => {}
        CapacityModel::Places(i) => v.push(i),
        CapacityModel::Caseload {
            fte,
            caseload,
            duration_weeks,
        } => v.extend([fte, caseload, duration_weeks]),
    }
    for c in &m.costs {
        v.extend([c.amount, c.fte, c.on_cost]);
    }
    for r in &m.risks {
        v.extend([
            r.probability,
            r.occurs,
            r.delay_months,
            r.extra_cost,
            r.capacity_factor,
        ]);
    }
    for o in &m.outcomes {
        v.extend([o.effect, o.value, o.deadweight, o.attribution, o.drop_off]);
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// Compiles a validated scenario.
pub fn compile(s: &Scenario) -> Model {
    let mut c = Compiler {
        scenario: s,
        inputs: Vec::new(),
        demand_inputs: Vec::new(),
    };
    for p in &s.parameters {
        c.add(
            format!("parameters.{}", p.name),
            &p.quantity,
            p.domain,
            InputRole::Quantity,
        );
    }
    let count = Domain {
        lo: 0.0,
        hi: f64::INFINITY,
    };
    for d in &s.demand {
        let i = c.q(format!("demand.{}.per_year", d.id), &d.per_year, count);
        c.demand_inputs.push(i);
    }
    let options = s.options.iter().map(|o| c.option(o)).collect();
    criteria_scores(&mut c, s);
    let years = s.appraisal.horizon_years as usize;
    let max_persistence = s
        .options
        .iter()
        .flat_map(|o| o.outcomes.iter().map(|x| x.persistence_years as usize))
        .max()
        .unwrap_or(1);
    let r = s.appraisal.discount_rate;
    let u = s.appraisal.cash_uplift;
    Model {
        inputs: c.inputs,
        options,
        years,
        discount: (0..years + max_persistence)
            .map(|y| (1.0 + r).powi(-(y as i32)))
            .collect(),
        uplift: {
            let s0 = s.appraisal.start.year - s.appraisal.price_base_year;
            (0..years).map(|y| (1.0 + u).powi(y as i32 + s0)).collect()
        },
        budget: s.appraisal.budget,
        copula: copula(s),
    }
}

/// The input path of criterion `criterion`'s score of option `option`.
pub fn criterion_score_path(criterion: &str, option: &str) -> String {
    format!("criteria.{criterion}.scores.{option}")
}

/// Adds an input for each score of each criterion, clamped to the criterion's scale if it has
/// one.
fn criteria_scores(c: &mut Compiler<'_>, s: &Scenario) {
    for criterion in &s.criteria {
        let domain = criterion
            .scale
            .map_or(Domain::ANY, |(lo, hi)| Domain { lo, hi });
        for (o, q) in s.options.iter().zip(&criterion.scores) {
            if let Some(q) = q {
                let path = criterion_score_path(&criterion.id, &o.id);
                c.add(path, q, domain, InputRole::Quantity);
            }
        }
    }
}

/// The copula of a scenario's correlations (parameter i is input i).
fn copula(s: &Scenario) -> Option<Copula> {
    if s.correlations.is_empty() {
        return None;
    }
    let (members, m) = crate::scenario::normal_score_matrix(&s.correlations);
    let cholesky = crate::stats::cholesky(&m).expect("validated when the scenario was read");
    Some(Copula {
        targets: s
            .correlations
            .iter()
            .map(|c| (c.between.0, c.between.1, c.spearman))
            .collect(),
        members,
        cholesky,
    })
}
