//! Renderers: each turns the finished analysis into bytes of one format; `charts` draws the
//! report's charts as SVG.

pub mod charts;
