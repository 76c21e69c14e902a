//! What every chart shares around its plot: the title and subtitle, the legend laid out in
//! columns, the plot area with its axes and grid, a note when there is no data, and the SVG
//! made ready to inline.

use super::Chart;
use super::axis::Axis;
use super::palette::{GRID, INK, MUTED, bold, text};
use super::text::{escape, text_width, wrap};
use crate::format::num;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Width of the whole chart, px.
pub(super) const WIDTH: u32 = 760;
/// Height of the title and subtitle block, px.
pub(super) const HEADER: u32 = 54;
/// Height of the plot with its axes, px.
pub(super) const PLOT: u32 = 300;
/// Left and right padding of the header and legend, px.
pub(super) const PAD: i32 = 16;
/// Room for the y tick labels and the y axis title, px.
pub(super) const Y_LABELS: u32 = 76;
/// Room for the x tick labels and the x axis title, px.
pub(super) const X_LABELS: u32 = 46;
/// Space right of the plot, px.
pub(super) const RIGHT: u32 = 24;
/// Width of the plotting area itself, px.
pub(super) const PLOT_WIDTH: u32 = WIDTH - Y_LABELS - RIGHT;
/// What draws a chart's plot: a closure over the plot's drawing area.
pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
/// The result of drawing.
pub(super) type Drawn = Result<(), DrawingAreaErrorKind<std::io::Error>>;
/// A chart on the plot area with plain f64 axes whose ticks are chosen here.
pub(super) type Plot<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<Axis, Axis>>;

/// Everything around the plot: title, subtitle, legend and text alternative.
pub(super) struct Frame<'a> {
    pub(super) title: &'a str,
    pub(super) subtitle: String,
    pub(super) legend: Vec<Entry>,
    pub(super) alt: String,
}

/// How a legend entry marks its series.
#[derive(Clone, Copy)]
pub(super) enum Swatch {
    /// A line over a light band (lines, histograms).
    LineBand(RGBColor),
    /// A plain line (curves without a band).
    Line(RGBColor),
    /// A dashed line (the budget, thresholds).
    Dashed(RGBColor),
    /// A filled square (bars).
    Block(RGBColor),
    /// A dot (point clouds).
    Dot(RGBColor),
    /// An outlined dot (medians in a point cloud).
    Median,
}

/// One legend entry: a swatch and its label, wrapped into lines when too long.
pub(super) struct Entry {
    label: String,
    swatch: Swatch,
}

impl Entry {
    pub(super) fn new(label: String, swatch: Swatch) -> Self {
        Entry { label, swatch }
    }
}

/// Legend text size, line height and the room a swatch takes before the label, px.
pub(super) const LEGEND_PX: f64 = 12.0;
pub(super) const LEGEND_LINE: i32 = 16;
pub(super) const SWATCH: i32 = 30;
pub(super) const LEGEND_GAP: i32 = 20;

/// Where each legend entry goes: a grid of equal columns, filled row by row.
pub(super) struct LegendLayout {
    columns: usize,
    column_width: i32,
    /// Each entry's label, wrapped to the column width.
    pub(super) lines: Vec<Vec<String>>,
    /// Each row's height, px.
    rows: Vec<i32>,
}

impl LegendLayout {
    pub(super) fn new(entries: &[Entry]) -> Self {
        let room = WIDTH as i32 - 2 * PAD;
        let widest = entries
            .iter()
            .map(|e| SWATCH + text_width(&e.label, LEGEND_PX).ceil() as i32)
            .max()
            .unwrap_or(0);
        let columns = (((room + LEGEND_GAP) / (widest + LEGEND_GAP)).max(1) as usize)
            .min(4)
            .min(entries.len().max(1));
        let column_width = (room + LEGEND_GAP) / columns as i32 - LEGEND_GAP;
        let lines: Vec<Vec<String>> = entries
            .iter()
            .map(|e| wrap(&e.label, f64::from(column_width - SWATCH), LEGEND_PX))
            .collect();
        let rows = lines
            .chunks(columns)
            .map(|row| row.iter().map(Vec::len).max().unwrap_or(1) as i32 * LEGEND_LINE + 6)
            .collect();
        LegendLayout {
            columns,
            column_width,
            lines,
            rows,
        }
    }

    fn height(&self) -> u32 {
        if self.rows.is_empty() {
            8
        } else {
            (self.rows.iter().sum::<i32>() + 18) as u32
        }
    }
}

/// Draws the frame and, through `plot`, the chart into an SVG, then makes the SVG inline-ready.
pub(super) fn render(frame: Frame<'_>, plot: impl FnOnce(&Area<'_>) -> Drawn) -> Chart {
    render_with(frame, PLOT, plot)
}

/// [`render`] with a plot `plot_height` px high.
pub(super) fn render_with(
    frame: Frame<'_>,
    plot_height: u32,
    plot: impl FnOnce(&Area<'_>) -> Drawn,
) -> Chart {
    let layout = LegendLayout::new(&frame.legend);
    let mut raw = String::new();
    let mut height = HEADER + plot_height + layout.height();
    let drawn = {
        let root = SVGBackend::with_string(&mut raw, (WIDTH, height)).into_drawing_area();
        draw_frame(&root, &frame, &layout, plot_height, plot).and_then(|()| root.present())
    };
    if let Err(e) = drawn {
        // Drawing into a string does not fail in practice; if it ever does, say so in text.
        raw.clear();
        height = HEADER;
        let fallback = Frame {
            title: frame.title,
            subtitle: format!("This chart could not be drawn: {e}"),
            legend: Vec::new(),
            alt: frame.alt.clone(),
        };
        let root = SVGBackend::with_string(&mut raw, (WIDTH, HEADER)).into_drawing_area();
        let empty = LegendLayout::new(&[]);
        if draw_frame(&root, &fallback, &empty, 0, |_| Ok(()))
            .and_then(|()| root.present())
            .is_err()
        {
            drop(root);
            raw.clear();
        }
    }
    Chart {
        title: frame.title.to_owned(),
        svg: inline_svg(&raw, height, frame.title, &frame.alt),
        alt: frame.alt,
    }
}

/// Draws the title, subtitle, the plot (through `plot`, `plot_height` px high) and the legend.
pub(super) fn draw_frame(
    root: &Area<'_>,
    frame: &Frame<'_>,
    layout: &LegendLayout,
    plot_height: u32,
    plot: impl FnOnce(&Area<'_>) -> Drawn,
) -> Drawn {
    root.fill(&WHITE)?;
    let top = |v| Pos::new(HPos::Left, v);
    root.draw(&Text::new(
        frame.title.to_owned(),
        (PAD, 12),
        bold(17.0, INK).pos(top(VPos::Top)),
    ))?;
    root.draw(&Text::new(
        frame.subtitle.clone(),
        (PAD, 34),
        text(12.0, MUTED).pos(top(VPos::Top)),
    ))?;
    let (_, rest) = root.split_vertically(HEADER);
    let (plot_area, legend_area) = rest.split_vertically(plot_height);
    plot(&plot_area)?;
    draw_legend(&legend_area, &frame.legend, layout)
}

/// Draws the legend entries where `layout` puts them.
pub(super) fn draw_legend(area: &Area<'_>, entries: &[Entry], layout: &LegendLayout) -> Drawn {
    let mut top = 12;
    for (r, height) in layout.rows.iter().enumerate() {
        for j in 0..layout.columns {
            let i = r * layout.columns + j;
            let (Some(entry), Some(lines)) = (entries.get(i), layout.lines.get(i)) else {
                break;
            };
            let x = PAD + j as i32 * (layout.column_width + LEGEND_GAP);
            let mid = top + LEGEND_LINE / 2;
            match entry.swatch {
                Swatch::LineBand(c) => {
                    area.draw(&Rectangle::new(
                        [(x, mid - 6), (x + 22, mid + 6)],
                        c.mix(0.16).filled(),
                    ))?;
                    area.draw(&PathElement::new(
                        vec![(x, mid), (x + 22, mid)],
                        c.stroke_width(2),
                    ))?;
                }
                Swatch::Line(c) => area.draw(&PathElement::new(
                    vec![(x, mid), (x + 22, mid)],
                    c.stroke_width(2),
                ))?,
                Swatch::Dashed(c) => {
                    area.draw(&PathElement::new(
                        vec![(x, mid), (x + 8, mid)],
                        c.stroke_width(2),
                    ))?;
                    area.draw(&PathElement::new(
                        vec![(x + 13, mid), (x + 22, mid)],
                        c.stroke_width(2),
                    ))?;
                }
                Swatch::Block(c) => area.draw(&Rectangle::new(
                    [(x + 4, mid - 7), (x + 18, mid + 7)],
                    c.filled(),
                ))?,
                Swatch::Dot(c) => area.draw(&Circle::new((x + 11, mid), 4, c.filled()))?,
                Swatch::Median => {
                    area.draw(&Circle::new((x + 11, mid), 6, WHITE.filled()))?;
                    area.draw(&Circle::new((x + 11, mid), 6, INK.stroke_width(2)))?;
                }
            }
            for (k, line) in lines.iter().enumerate() {
                let style = text(LEGEND_PX, INK).pos(Pos::new(HPos::Left, VPos::Center));
                area.draw(&Text::new(
                    line.clone(),
                    (x + SWATCH, mid + k as i32 * LEGEND_LINE),
                    style,
                ))?;
            }
        }
        top += height;
    }
    Ok(())
}

/// The chart on the plot area, with room for the axes' labels.
/// `x_titled` leaves room for a title under the x axis.
pub(super) fn plot_on<'a, 'b>(
    area: &'a Area<'b>,
    x: &Axis,
    y: &Axis,
    x_titled: bool,
) -> Result<Plot<'a, 'b>, DrawingAreaErrorKind<std::io::Error>> {
    plot_on_with(area, x, y, x_titled, Y_LABELS)
}

/// [`plot_on`] with `y_labels` px left of the plot for the y axis's labels.
pub(super) fn plot_on_with<'a, 'b>(
    area: &'a Area<'b>,
    x: &Axis,
    y: &Axis,
    x_titled: bool,
    y_labels: u32,
) -> Result<Plot<'a, 'b>, DrawingAreaErrorKind<std::io::Error>> {
    ChartBuilder::on(area)
        .margin_top(10)
        .margin_right(RIGHT)
        .margin_bottom(if x_titled { 0 } else { 22 })
        .x_label_area_size(if x_titled { X_LABELS } else { X_LABELS - 22 })
        .y_label_area_size(y_labels)
        .build_cartesian_2d(x.clone(), y.clone())
}

/// Axes, ticks and grid with numeric tick labels on both axes.
pub(super) fn mesh(
    chart: &mut Plot<'_, '_>,
    x: &Axis,
    y: &Axis,
    x_desc: &str,
    y_desc: &str,
    x_grid: bool,
) -> Drawn {
    let x_fmt = |v: &f64| num(*v, x.decimals);
    let y_fmt = |v: &f64| num(*v, y.decimals);
    let mut m = chart.configure_mesh();
    style_mesh(&mut m, x_desc, y_desc);
    m.x_label_formatter(&x_fmt).y_label_formatter(&y_fmt);
    if !x_grid {
        m.disable_x_mesh();
    }
    m.draw()
}

/// Axes, ticks and horizontal grid with categorical x tick labels given by `x_label`.
pub(super) fn mesh_with(
    chart: &mut Plot<'_, '_>,
    y: &Axis,
    x_desc: &str,
    y_desc: &str,
    x_label: &dyn Fn(&f64) -> String,
) -> Drawn {
    let y_fmt = |v: &f64| num(*v, y.decimals);
    let mut m = chart.configure_mesh();
    style_mesh(&mut m, x_desc, y_desc);
    m.x_label_formatter(x_label)
        .y_label_formatter(&y_fmt)
        .disable_x_mesh();
    m.draw()
}

/// Axes and ticks labelled by `x_label` and `y_label`, with grid lines across the x ticks
/// (`grid.0`) and the y ticks (`grid.1`).
pub(super) fn mesh_fmt(
    chart: &mut Plot<'_, '_>,
    x_desc: &str,
    y_desc: &str,
    x_label: &dyn Fn(&f64) -> String,
    y_label: &dyn Fn(&f64) -> String,
    grid: (bool, bool),
) -> Drawn {
    let mut m = chart.configure_mesh();
    style_mesh(&mut m, x_desc, y_desc);
    m.x_label_formatter(x_label).y_label_formatter(y_label);
    if !grid.0 {
        m.disable_x_mesh();
    }
    if !grid.1 {
        m.disable_y_mesh();
    }
    m.draw()
}

/// The look shared by every chart's axes: light horizontal grid, grey axes, small ticks.
pub(super) fn style_mesh<'a, 'b, X, Y>(
    m: &mut plotters::chart::MeshStyle<'a, 'b, X, Y, SVGBackend<'_>>,
    x_desc: &str,
    y_desc: &str,
) where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
    Y: plotters::coord::ranged1d::Ranged<ValueType = f64>,
{
    m.bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED.stroke_width(1))
        .label_style(text(11.5, INK))
        .axis_desc_style(text(12.5, INK))
        .set_all_tick_mark_size(4)
        .x_desc(x_desc)
        .y_desc(y_desc);
}

/// A centred note in an empty plot.
pub(super) fn no_data(area: &Area<'_>) -> Drawn {
    let (w, h) = area.dim_in_pixel();
    let centre = (
        (Y_LABELS + (w - Y_LABELS - RIGHT) / 2) as i32,
        (h / 2) as i32 - 10,
    );
    area.draw(&Text::new(
        "No data to chart".to_owned(),
        centre,
        text(14.0, MUTED).pos(Pos::new(HPos::Center, VPos::Center)),
    ))
}

/// Plotters' SVG with a root element fit for inlining: it scales with the page (`viewBox`,
/// `width="100%"`), and carries its title and text alternative for assistive technology.
/// Font sizes are rounded to 0.1 px.
pub(super) fn inline_svg(raw: &str, height: u32, title: &str, alt: &str) -> String {
    // Plotters writes its root tag, with a fixed width and height, alone on the first line.
    let body = raw.split_once('\n').map_or("</svg>\n", |(_, rest)| rest);
    let mut out = String::with_capacity(raw.len() + alt.len() + 300);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" \
         style=\"max-width:{WIDTH}px;height:auto\" role=\"img\" aria-label=\"{}\">\n<title>{}</title>\n",
        escape(alt),
        escape(title)
    ));
    let mut rest = body;
    const KEY: &str = "font-size=\"";
    while let Some(at) = rest.find(KEY) {
        let (before, after) = rest.split_at(at + KEY.len());
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        match after[..end].parse::<f64>() {
            Ok(size) => {
                let size = format!("{size:.1}");
                out.push_str(size.strip_suffix(".0").unwrap_or(&size));
            }
            Err(_) => out.push_str(&after[..end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}
