//! Numbers as people read them: money with thousands separators, percentages, counts; and
//! the template filters that put them into words ([`template`]).

pub mod template;

/// Groups the digits of a whole number with commas: 1234567 → "1,234,567".
fn group(whole: u64) -> String {
    let digits = whole.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Money to the pound: £12,345; negative as −£12,345; undefined as "n/a".
pub fn money(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let r = x.round();
    let sign = if r < 0.0 { "−" } else { "" };
    format!("{sign}£{}", group(r.abs() as u64))
}

/// Money in thousands for tight tables: £104k, £1.2m.
pub fn money_short(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let sign = if x < 0.0 { "−" } else { "" };
    let a = x.abs();
    if a >= 1e6 {
        format!("{sign}£{:.1}m", a / 1e6)
    } else if a >= 1e3 {
        format!("{sign}£{:.0}k", a / 1e3)
    } else {
        format!("{sign}£{:.0}", a)
    }
}

/// A probability as a percentage: 0.873 → "87%"; below 1% and above 99% with one decimal, so
/// that "0%" and "100%" mean exactly that.
pub fn pct(p: f64) -> String {
    if !p.is_finite() {
        return "n/a".into();
    }
    let v = 100.0 * p;
    if p == 0.0 || p == 1.0 {
        format!("{v:.0}%")
    } else if !(1.0..=99.0).contains(&v) {
        format!("{v:.1}%")
    } else {
        format!("{v:.0}%")
    }
}

/// A count or other number with `decimals` places and thousands separators.
pub fn num(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (whole, frac) = s.split_once('.').map_or((s.as_str(), ""), |(w, f)| (w, f));
    let sign = if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "−"
    } else {
        ""
    };
    let grouped = group(whole.parse().unwrap_or(0));
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// The name before `stop` ("Option 1: recruit …" → "Option 1"), or the whole name: an
/// option's name where a table has room for little more than a heading.
pub fn short_name(name: &str, stop: char) -> String {
    match name.split_once(stop) {
        Some((head, _)) if !head.trim().is_empty() => head.trim().to_string(),
        _ => name.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_percentages_read_as_people_write_them() {
        assert_eq!(money(104_321.4), "£104,321");
        assert_eq!(money(-1_500.0), "−£1,500");
        assert_eq!(money(0.4), "£0");
        assert_eq!(money(f64::NAN), "n/a");
        assert_eq!(money_short(104_321.0), "£104k");
        assert_eq!(money_short(1_250_000.0), "£1.2m");
        assert_eq!(pct(0.873), "87%");
        assert_eq!(pct(0.004), "0.4%");
        assert_eq!(pct(0.0), "0%");
        assert_eq!(pct(0.9995), "100.0%");
        assert_eq!(num(12345.678, 1), "12,345.7");
        assert_eq!(num(-0.01, 0), "0");
        assert_eq!(num(-2.5, 1), "−2.5");
    }

    #[test]
    fn short_names_keep_what_comes_before_the_colon() {
        assert_eq!(
            short_name("Option 1: recruit two specialists", ':'),
            "Option 1"
        );
        assert_eq!(short_name("Do not fund", ':'), "Do not fund");
        assert_eq!(short_name(": untitled", ':'), ": untitled");
        assert_eq!(short_name("MARAC cases (high risk)", '('), "MARAC cases");
    }
}
