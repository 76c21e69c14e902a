//! Decision analysis on top of a run: sensitivity and comparison under a willingness to pay.

pub mod sensitivity;
