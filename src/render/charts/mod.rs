//! The charts of the HTML report, drawn with plotters into SVG that pastes inline into a page.
//!
//! Four charts of the results: the distribution of each option's total cost, cash by
//! financial year against the budget, people engaged and completing, and cost against
//! completions. Four of the analysis: a tornado of what drives a metric, the cost-effectiveness
//! acceptability curve, the cost-effectiveness plane, and a sweep of one input. And the
//! multi-criteria appraisal's rank acceptabilities. Each function
//! returns a [`Chart`]: a title, the SVG, and a text alternative that states the key numbers.
//!
//! The SVG has no XML declaration, no scripts and no external references; its root has a
//! `viewBox`, `width="100%"`, `role="img"` and an `aria-label`, so it scales with the page and
//! prints to A4. Text stays as `<text>` elements in a sans-serif font stack. Plotters is built
//! without a font feature, so its text metrics are rough guesses; titles and legends are laid
//! out here from an Arial-like width table instead. Output depends on the inputs alone: the
//! same inputs give byte-identical SVG on any machine.
//!
//! A chart draws data prepared by the chart-data step (`crate::analysis::charts`): histograms,
//! quantiles, thinned point clouds and means are computed there, never here. Non-finite values
//! are skipped. No input makes a function panic: an empty option, an option without variation
//! or a chart without data is drawn with a note saying so.
//!
//! Shared parts: [`frame`] (title, legend, plot area, inline SVG), [`axis`] (axes and tick
//! labels), [`text`] (text widths, wrapping, numbers) and [`palette`]; then one file per chart.

mod axis;
mod cash;
mod ceac;
mod cloud;
mod cost;
mod frame;
mod palette;
mod people;
mod plane;
pub mod png;
mod ranks;
mod sweep;
#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;
mod text;
mod tornado;

pub use cash::cash_by_year;
pub use ceac::ceac;
pub use cloud::cost_vs_completions;
pub use cost::cost_distribution;
pub use people::people;
pub use plane::ce_plane;
pub use png::{PngError, to_png};
pub use ranks::rank_acceptability;
pub use sweep::sweep;
pub use tornado::tornado;

/// The colour of option `i` in every chart, as "r, g, b" (0–255) for CSS (the report's heat
/// map tints its cells with it).
pub fn option_rgb(i: usize) -> String {
    let c = palette::colour(i);
    format!("{}, {}, {}", c.0, c.1, c.2)
}

/// A chart ready to embed: inline SVG plus what a screen reader says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// The chart's title, also drawn at the top of the SVG.
    pub title: String,
    /// The chart as an inline `<svg>` element (UTF-8, no XML declaration).
    pub svg: String,
    /// A one- or two-sentence text alternative with the key numbers; also the SVG's
    /// `aria-label`.
    pub alt: String,
}
