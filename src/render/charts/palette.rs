//! The charts' colours and text styles: one palette for every chart.

use plotters::prelude::*;

/// Font stack: Arial and its metric twins (Helvetica, Liberation Sans), else any sans-serif.
pub(super) const FONT: &str = "Arial, Helvetica, sans-serif";
/// Okabe & Ito's colour-blind-safe palette, "Color Universal Design" (2008), in their order.
pub(super) const PALETTE: [RGBColor; 8] = [
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x00, 0x00, 0x00),
];
/// Text and outlines.
pub(super) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Subtitles, the budget line and other secondary marks.
pub(super) const MUTED: RGBColor = RGBColor(0x59, 0x59, 0x59);
/// Grid lines.
pub(super) const GRID: RGBColor = RGBColor(0xE0, 0xE0, 0xE0);

/// The colour of the `i`-th option, cycling through the palette.
pub(super) fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// A text style of `px` pixels. Plotters' SVG backend writes a font size of size / 1.24.
pub(super) fn text(px: f64, colour: RGBColor) -> TextStyle<'static> {
    (FONT, px * 1.24).into_font().color(&colour)
}

/// A bold text style of `px` pixels.
pub(super) fn bold(px: f64, colour: RGBColor) -> TextStyle<'static> {
    (FONT, px * 1.24)
        .into_font()
        .style(FontStyle::Bold)
        .color(&colour)
}
