//! The charts as PNG, for documents that take images rather than SVG (Word): the chart's own SVG
//! rendered by resvg, so there is one way to draw a chart. Text is set in the bundled Liberation
//! Sans (metric-compatible with Arial, the charts' first font; SIL Open Font License, beside the
//! font in `fonts/`), so a PNG looks the same on every machine whatever fonts it has. The bundle
//! holds the regular weight only: bold titles render in it too.

use resvg::{tiny_skia, usvg};

/// Liberation Sans Regular, 2.1.5.
static FONT: &[u8] = include_bytes!("fonts/LiberationSans-Regular.ttf");

/// Why a chart could not be rendered to PNG.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// The SVG could not be parsed.
    #[error("the chart's SVG could not be read: {0}")]
    Svg(#[from] usvg::Error),
    /// The image would be empty or too large to allocate.
    #[error("a chart {width} × {height} px cannot be drawn")]
    Size {
        /// Width asked for, px.
        width: u32,
        /// Height that gives, px.
        height: u32,
    },
    /// The pixels could not be encoded as PNG.
    #[error("the chart could not be encoded as PNG: {0}")]
    Encode(String),
}

/// Renders a chart's `svg` (as in [`super::Chart::svg`]) to a PNG `width_px` pixels wide, the
/// height in proportion, on white. Text uses the bundled font whatever the SVG's font stack
/// says, so the result is the same on any machine.
///
/// # Errors
/// [`PngError`] when the SVG does not parse, `width_px` is 0 or the image is too large, or
/// encoding fails.
pub fn to_png(svg: &str, width_px: u32) -> Result<Vec<u8>, PngError> {
    let mut options = usvg::Options {
        font_family: "Liberation Sans".to_owned(),
        ..usvg::Options::default()
    };
    let fonts = options.fontdb_mut();
    fonts.load_font_data(FONT.to_vec());
    // The charts ask for Arial, then Helvetica, then any sans-serif: only the last is here.
    fonts.set_sans_serif_family("Liberation Sans");
    let tree = usvg::Tree::from_str(svg, &options)?;
    let size = tree.size();
    let scale = width_px as f32 / size.width();
    let height = (size.height() * scale).round() as u32;
    let too_big = PngError::Size {
        width: width_px,
        height,
    };
    let mut pixmap = tiny_skia::Pixmap::new(width_px, height).ok_or(too_big)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::testing::*;

    /// The PNG's width, height, share of pixels that are not white and number of distinct
    /// colours among them.
    fn look(png: &[u8]) -> (u32, u32, f64, usize) {
        let pixmap = tiny_skia::Pixmap::decode_png(png).expect("a PNG");
        let mut colours = std::collections::BTreeSet::new();
        let mut ink = 0;
        for p in pixmap.pixels() {
            let rgb = (p.red(), p.green(), p.blue());
            if rgb != (255, 255, 255) {
                ink += 1;
                colours.insert(rgb);
            }
        }
        let share = f64::from(ink) / f64::from(pixmap.width() * pixmap.height());
        (pixmap.width(), pixmap.height(), share, colours.len())
    }

    /// The height of an SVG chart, px, from its viewBox.
    fn svg_height(svg: &str) -> f32 {
        let view = &svg[svg.find("viewBox=\"0 0 760 ").expect("viewBox") + 17..];
        view[..view.find('"').expect("end")]
            .parse()
            .expect("height")
    }

    #[test]
    fn every_chart_kind_renders_to_a_png_of_the_asked_size() {
        let charts: Vec<_> = all_charts(&NAMES, 2_000)
            .into_iter()
            .chain(more_charts(&NAMES, 2_000))
            .collect();
        assert_eq!(charts.len(), 8);
        for chart in &charts {
            let png = to_png(&chart.svg, 1520).expect("renders");
            assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{}", chart.title);
            let (w, h, ink, colours) = look(&png);
            assert_eq!(w, 1520, "{}", chart.title);
            assert_eq!(
                h,
                (svg_height(&chart.svg) * 2.0).round() as u32,
                "{}",
                chart.title
            );
            // Not blank: axes, text and marks in many shades.
            assert!(ink > 0.02 && ink < 0.9, "{}: {ink}", chart.title);
            assert!(colours > 20, "{}: {colours} colours", chart.title);
        }
    }

    #[test]
    fn text_is_drawn_with_the_bundled_font() {
        // The same chart without its text has less ink: the text was drawn.
        let chart = &all_charts(&NAMES[..1], 500)[2];
        let bare = chart
            .svg
            .replace("font-family=", "data-font=")
            .replace("<text", "<g display=\"none\"><text")
            .replace("</text>", "</text></g>");
        let with = look(&to_png(&chart.svg, 760).expect("renders")).2;
        let without = look(&to_png(&bare, 760).expect("renders")).2;
        assert!(with > without * 1.05, "{with} vs {without}");
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(matches!(to_png("not svg", 100), Err(PngError::Svg(_))));
        let chart = &all_charts(&NAMES[..1], 100)[0];
        assert!(matches!(to_png(&chart.svg, 0), Err(PngError::Size { .. })));
    }
}
