//! The charts' colours and text styles: one palette for every chart.

use plotters::prelude::*;

/// Font stack: Arial and its metric twins (Helvetica, Liberation Sans), else any sans-serif.
pub(super) const FONT: &str = "Arial, Helvetica, sans-serif";
/// The options' colours, option `i` in `PALETTE[i % 8]` in every chart. Colour-blind safe and
/// each at least 3:1 against white, as WCAG 2 asks of graphics (the test below checks): the
/// four colours of Okabe & Ito's "Color Universal Design" (2008) that pass as they are (blue,
/// vermillion, bluish green, reddish purple), then Tol's olive (#999933) darkened to pass,
/// black, Okabe & Ito's sky blue (#56B4E9) darkened to pass, and Tol's wine. Okabe & Ito's
/// orange and yellow fail on white even darkened apart from the rest. Under simulated
/// deuteranopia, protanopia and tritanopia (Machado, Oliveira & Fernandes 2009) no two of the
/// first five are closer than ΔE 11 (CIE 1976), nor of all eight than ΔE 9.
pub(super) const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x94, 0x94, 0x31),
    RGBColor(0x00, 0x00, 0x00),
    RGBColor(0x47, 0x98, 0xC5),
    RGBColor(0x88, 0x22, 0x55),
];
/// Text and outlines.
pub(super) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Subtitles, the budget line and other secondary marks.
pub(super) const MUTED: RGBColor = RGBColor(0x59, 0x59, 0x59);
/// Grid lines.
pub(super) const GRID: RGBColor = RGBColor(0xE0, 0xE0, 0xE0);

/// The colour of the option at position `i` in the scenario (from 0), cycling through the
/// palette: the same option has the same colour in every chart.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2 relative luminance of an sRGB colour.
    fn luminance(c: RGBColor) -> f64 {
        let linear = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.040_45 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
    }

    /// WCAG 2 contrast ratio of a colour against white: (1 + 0.05) / (L + 0.05).
    fn contrast_on_white(c: RGBColor) -> f64 {
        1.05 / (luminance(c) + 0.05)
    }

    #[test]
    fn every_colour_has_three_to_one_contrast_on_white() {
        // Worked by hand: the old yellow, #F0E442, had 1.3:1; black has 21:1.
        assert!((contrast_on_white(RGBColor(0xF0, 0xE4, 0x42)) - 1.32).abs() < 0.01);
        assert!((contrast_on_white(RGBColor(0, 0, 0)) - 21.0).abs() < 1e-9);
        for (i, &c) in PALETTE.iter().chain(&[INK, MUTED]).enumerate() {
            let ratio = contrast_on_white(c);
            assert!(ratio >= 3.0, "colour {i} {c:?}: {ratio:.2}:1");
        }
        let distinct: std::collections::BTreeSet<_> =
            PALETTE.iter().map(|c| (c.0, c.1, c.2)).collect();
        assert_eq!(distinct.len(), PALETTE.len());
    }
}
