//! Decision analysis on top of runs: every analysis a command asks for, done before anything
//! is rendered. Each takes a finished [`crate::run::Run`] (or a request, for the analyses that
//! run the model again) and returns plain data for the document.

pub mod charts;
pub mod compare;
pub mod decision;
pub mod diff;
pub mod expression;
pub mod glossary;
pub mod labels;
pub mod mca;
pub mod notice;
pub mod paths;
pub mod plausible;
pub mod precision;
pub mod questions;
pub mod report;
pub mod samples;
pub mod sensitivity;
pub mod sweep;
pub mod swot;
pub mod validate;
pub mod voi;
pub mod wtp;
