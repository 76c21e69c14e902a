//! The template environment: strict undefined values, HTML escaping by name, the filters that
//! turn numbers into the words of a budget paper, and bounds on the work and output of a render
//! (minijinja's fuel), so that no template or scenario text can run for long or fill memory.

use crate::format::{money, money_short, num, pct, short_name};
use minijinja::syntax::SyntaxConfig;
use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};

/// A number from a template value: none, undefined and non-numbers are NaN ("n/a").
pub fn number(v: &Value) -> f64 {
    if v.is_none() || v.is_undefined() {
        return f64::NAN;
    }
    f64::try_from(v.clone()).unwrap_or(f64::NAN)
}

fn stat(s: &Value, key: &str) -> Result<f64, Error> {
    let v = s.get_attr(key)?;
    if v.is_undefined() {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "range needs a metric's statistics (p10, p50, p90), e.g. metric(\"cost\") | range; this value has no '{key}'"
            ),
        ));
    }
    Ok(number(&v))
}

/// The work one report or appendix may do, in minijinja's fuel: one unit per instruction, and
/// one per 64 bytes of text made or written. The largest shipped report (Torbay's, in HTML)
/// uses under 40,000; the bound keeps the output under 128 MB and a render under a second.
pub const TEMPLATE_FUEL: u64 = 2_000_000;

/// The work one expression written in a scenario (a SWOT item) may do, in fuel: a few
/// thousand times what an item needs.
pub const EXPRESSION_FUEL: u64 = 200_000;

/// The most characters one expression may fill in to: a SWOT item is a sentence or two.
pub const EXPRESSION_CHARS: usize = 10_000;

/// An environment with appraise's filters, strict about undefined values, escaping HTML in
/// templates whose name contains `.html`, with [`TEMPLATE_FUEL`] per render. `years` labels the
/// years of the horizon (for `fy`).
pub fn filters_environment(years: Vec<String>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_fuel(Some(TEMPLATE_FUEL));
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.contains(".html") || name.contains(".htm") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .expect("default delimiters"),
    );
    // £12,345
    env.add_filter("money", |v: Value| money(number(&v)));
    // £104k
    env.add_filter("money_k", |v: Value| money_short(number(&v)));
    // 87%
    env.add_filter("pct", |v: Value| pct(number(&v)));
    // 12,345.6 with `decimals` places (default 0)
    env.add_filter("num", |v: Value, decimals: Option<usize>| {
        num(number(&v), decimals.unwrap_or(0))
    });
    // "£88k–£131k, most likely £104k" from a metric's statistics; unit money (default), count,
    // months or pct.
    env.add_filter("range", |s: Value, unit: Option<String>| -> Result<String, Error> {
        let (p10, p50, p90) = (stat(&s, "p10")?, stat(&s, "p50")?, stat(&s, "p90")?);
        let f = |x: f64| -> Result<String, Error> {
            Ok(match unit.as_deref().unwrap_or("money") {
                "money" => money_short(x),
                "count" => num(x, if x.abs() < 100.0 { 1 } else { 0 }),
                "months" => format!("{} months", num(x, 1)),
                "pct" => pct(x),
                other => {
                    return Err(Error::new(
                        ErrorKind::InvalidOperation,
                        format!("range has no unit '{other}'; choose from: money, count, months, pct"),
                    ));
                }
            })
        };
        if p10 == p90 {
            return f(p50);
        }
        Ok(format!("{}–{}, most likely {}", f(p10)?, f(p90)?, f(p50)?))
    });
    // "Option 1: recruit two specialists" → "Option 1", for a narrow column's heading; the
    // name before `stop` (default ":"), or the whole name.
    env.add_filter(
        "short_name",
        |name: String, stop: Option<String>| -> Result<String, Error> {
            let mut stop = stop.as_deref().unwrap_or(":").chars();
            match (stop.next(), stop.next()) {
                (Some(c), None) => Ok(short_name(&name, c)),
                _ => Err(Error::new(
                    ErrorKind::InvalidOperation,
                    "short_name stops at one character, e.g. short_name(\":\")",
                )),
            }
        },
    );
    // User text inside Markdown: no raw HTML, no table breaks.
    env.add_filter("md", |s: String| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('|', "\\|")
            .replace(['\n', '\r'], " ")
    });
    // A quantity of unknown kind: grouped whole numbers from 1,000, else up to 3 significant
    // decimals (0.35, 14.5, 2,500).
    env.add_filter("qty", |v: Value| {
        let x = number(&v);
        let a = x.abs();
        let decimals = if !x.is_finite() || a >= 1000.0 || x.fract() == 0.0 {
            0
        } else if a >= 100.0 {
            1
        } else if a >= 10.0 {
            2
        } else {
            3
        };
        let s = num(x, decimals);
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    });
    // 0 → "2026/27": the label of year y of the horizon.
    env.add_filter("fy", move |y: usize| -> Result<String, Error> {
        years.get(y).cloned().ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "fy: year {y} is outside the horizon (years 0 to {})",
                    years.len().saturating_sub(1)
                ),
            )
        })
    });
    env
}

/// An environment for the expressions written in a scenario (SWOT items): the report's filters,
/// with [`EXPRESSION_FUEL`] per expression.
pub fn expression_environment(years: Vec<String>) -> Environment<'static> {
    let mut env = filters_environment(years);
    env.set_fuel(Some(EXPRESSION_FUEL));
    env
}

/// Fills in one expression written in a scenario, within [`EXPRESSION_FUEL`] (when `env` comes
/// from [`expression_environment`]) and [`EXPRESSION_CHARS`].
///
/// # Errors
/// The template's error; [`ErrorKind::InvalidOperation`] when the text filled in is longer than
/// [`EXPRESSION_CHARS`].
pub fn fill_expression(env: &Environment, text: &str, ctx: Value) -> Result<String, Error> {
    let out = env.render_str(text, ctx)?;
    let chars = out.chars().count();
    if chars > EXPRESSION_CHARS {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "it fills in to {} characters; an item may be at most {}",
                num(chars as f64, 0),
                num(EXPRESSION_CHARS as f64, 0)
            ),
        ));
    }
    Ok(out)
}

/// What an [`ErrorKind::OutOfFuel`] error means, in words.
pub const OUT_OF_FUEL: &str = "it does too much work or makes too much text (a loop over a long range, or text joined to itself over and over)";

/// A template error in plain words: the template, the line, what went wrong.
pub fn template_error(e: &Error) -> String {
    let name = e.name().unwrap_or("template");
    let name = name.strip_prefix("user/").unwrap_or(name);
    let line = e.line().map_or(String::new(), |l| format!(", line {l}"));
    let what = match e.kind() {
        ErrorKind::UndefinedError => "it names a value that does not exist".to_string(),
        ErrorKind::SyntaxError => "template syntax error".to_string(),
        ErrorKind::UnknownFilter => "unknown filter".to_string(),
        ErrorKind::UnknownFunction => "unknown function".to_string(),
        ErrorKind::OutOfFuel => format!(
            "{OUT_OF_FUEL}: a report may take at most {} steps and write at most {} MB",
            num(TEMPLATE_FUEL as f64, 0),
            TEMPLATE_FUEL * 64 / 1_000_000
        ),
        _ => e.kind().to_string(),
    };
    let detail = e.detail().map_or(String::new(), |d| format!(" ({d})"));
    let hint = match e.kind() {
        ErrorKind::UndefinedError | ErrorKind::UnknownFunction | ErrorKind::UnknownFilter => {
            "\n  = allowed: the fields of `appraise run --format json` (title, options, comparison, inputs, audit, …), date, swot, charts, cash, best; filters money, money_k, pct, num, range, fy, short_name; see docs/reports.md"
        }
        _ => "",
    };
    format!("template {name}{line}: {what}{detail}{hint}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::context;

    fn render(src: &str, ctx: Value) -> Result<String, Error> {
        let env = filters_environment(vec!["2026/27".into(), "2027/28".into()]);
        env.render_str(src, ctx)
    }

    #[test]
    fn filters_format_like_a_budget_paper() {
        let s = context! { p10 => 88_000.0, p50 => 104_000.0, p90 => 131_000.0 };
        let out = render(
            "{{ x | money }} {{ x | money_k }} {{ p | pct }} {{ n | num(1) }} {{ s | range }} {{ 1 | fy }} {{ o | short_name }}",
            context! { x => 123_456.7, p => 0.873, n => 1234.56, s => s, o => "Option 1: in house" },
        )
        .unwrap();
        assert_eq!(
            out,
            "£123,457 £123k 87% 1,234.6 £88k–£131k, most likely £104k 2027/28 Option 1"
        );
    }

    #[test]
    fn undefined_values_fail_with_a_line() {
        let env = filters_environment(vec![]);
        let err = env
            .render_named_str("t.md.j2", "line one\n{{ nope }}", context! {})
            .unwrap_err();
        let shown = template_error(&err);
        assert!(
            shown.starts_with("template t.md.j2, line 2: it names a value that does not exist"),
            "{shown}"
        );
    }

    #[test]
    fn work_and_output_are_bounded() {
        // 2^40 bytes if nothing stopped it: stopped by the fuel, at once and clearly.
        let env = filters_environment(vec![]);
        let doubling = format!(
            "{{% set s = \"0123456789\" %}}{}{{{{ s }}}}",
            "{% set s = s ~ s %}".repeat(40)
        );
        let started = std::time::Instant::now();
        let err = env.render_str(&doubling, context! {}).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutOfFuel);
        assert!(
            template_error(&err).contains("does too much work"),
            "{}",
            template_error(&err)
        );
        let err = env
            .render_str(
                "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
                context! {},
            )
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutOfFuel);
        assert!(started.elapsed().as_secs_f64() < 5.0);
        // An expression is held to a sentence or two.
        let env = expression_environment(vec![]);
        let err = fill_expression(&env, "{{ \"ab\" * 6000 }}", context! {}).unwrap_err();
        assert!(
            err.to_string()
                .contains("fills in to 12,000 characters; an item may be at most 10,000"),
            "{err}"
        );
        let err = fill_expression(&env, &doubling, context! {}).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutOfFuel);
        assert_eq!(
            fill_expression(&env, "P = {{ 0.25 | pct }}", context! {}).unwrap(),
            "P = 25%"
        );
    }

    #[test]
    fn html_templates_escape_text() {
        let env = filters_environment(vec![]);
        let out = env
            .render_named_str("x.html.j2", "{{ s }}", context! { s => "<script>" })
            .unwrap();
        assert_eq!(out, "&lt;script&gt;");
        let out = env
            .render_named_str("x.md.j2", "{{ s }}", context! { s => "<script>" })
            .unwrap();
        assert_eq!(out, "<script>");
    }
}
