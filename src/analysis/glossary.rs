//! The plain-words glossary printed at the end of each document: every technical term the
//! documents use, with what it means, and which documents use it.

use serde::Serialize;

/// One term.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// The term as the documents write it.
    pub term: &'static str,
    /// What it means, in plain words.
    pub meaning: &'static str,
    /// True when the short documents (appendix, notice) use it too; the report uses every term.
    pub short: bool,
}

const fn term(term: &'static str, meaning: &'static str, short: bool) -> Term {
    Term {
        term,
        meaning,
        short,
    }
}

/// Every term, in the order a reader meets them.
const TERMS: [Term; 22] = [
    term(
        "Simulated future (iteration)",
        "One run of the model with every uncertain input drawn at random from its range. The analysis runs thousands and counts how often each thing happens (Monte Carlo simulation).",
        true,
    ),
    term(
        "P10, P50, P90",
        "Percentiles over the simulated futures: 10% of futures are below P10, half below P50 (the median, the most likely figure shown) and 90% below P90 (a prudent figure, exceeded in one future in ten).",
        true,
    ),
    term(
        "Mean, median and tornado base",
        "Three central figures that differ when outcomes are skewed: the mean is the average over all futures (used for rankings and value for money); the median (P50) is the middle future (used for costs and cash); the tornado base is the figure with every input at its own median, a single future that need not equal either.",
        true,
    ),
    term(
        "Real and cash",
        "Real money is at the price base year's prices, so years compare fairly; cash is what is paid in each year after inflation, which is what budgets are set in.",
        true,
    ),
    term(
        "Present value (PV)",
        "Money in later years counted at less than money now, discounted at the Green Book rate (3.5% a year unless stated).",
        true,
    ),
    term(
        "Net present value (NPV)",
        "Present value of the benefits valued in money minus present value of the cost. Positive means the valued benefits exceed the cost.",
        true,
    ),
    term(
        "Benefit–cost ratio (BCR)",
        "Present value of benefits divided by present value of cost.",
        false,
    ),
    term(
        "Optimism bias",
        "An uplift on costs for the tendency of plans to under-estimate them (HM Treasury Green Book).",
        true,
    ),
    term(
        "Chance of being best",
        "The share of simulated futures in which an option has the best ranking figure (for example the highest NPV).",
        true,
    ),
    term(
        "Chance of going over budget",
        "The share of simulated futures in which cash exceeds the budget (in any year for an annual budget, in total for a total budget).",
        true,
    ),
    term(
        "Deadweight, attribution, drop-off",
        "Deadweight: the share of the change that would have happened anyway. Attribution: the share due to this service rather than other agencies. Drop-off: the share of the benefit lost each later year.",
        false,
    ),
    term(
        "Swing tornado",
        "Each bar shows how far one input moves the result when set to its own P10 and then its P90, every other input held at its median.",
        true,
    ),
    term(
        "Rank correlation (Spearman)",
        "How closely the result rises or falls with an input across the simulated futures: 1 means always together, −1 always opposite, 0 no relation.",
        false,
    ),
    term(
        "Switching value",
        "The value of an input at which the option preferred would change to another.",
        true,
    ),
    term(
        "Willingness to pay (λ)",
        "What the decision-maker would pay for one more unit of effect, such as one more person completing; the Greek letter lambda (λ) is its usual symbol.",
        false,
    ),
    term(
        "Incremental cost-effectiveness ratio (ICER)",
        "The extra cost of an option over the next cheaper one, divided by the extra effect it buys (£ per extra completion).",
        false,
    ),
    term(
        "Dominated",
        "Another option achieves at least as much for no more cost.",
        false,
    ),
    term(
        "Extendedly dominated",
        "A mix of two other options would achieve more for the same cost, so this option is never the best buy at any willingness to pay.",
        false,
    ),
    term(
        "Acceptability curve",
        "For each willingness to pay, the chance that each option gives the highest net benefit (willingness to pay × effect − cost).",
        false,
    ),
    term(
        "Value of perfect information (EVPI)",
        "How much better, on average, the decision would be if every uncertainty were resolved before choosing: the most worth paying for more information.",
        false,
    ),
    term(
        "Monte Carlo standard error (MCSE)",
        "How much a mean from the simulation could differ from the true mean because the number of simulated futures is finite; more futures make it smaller.",
        false,
    ),
    term(
        "Common random numbers",
        "Every option is run in the same simulated futures, so differences between options come from the options, not from chance.",
        false,
    ),
];

/// The glossary.
pub fn terms() -> Vec<Term> {
    TERMS.to_vec()
}
