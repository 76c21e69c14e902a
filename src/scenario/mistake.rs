//! Numbers typed the way they would be written on paper (`70%`, `£80k`, `1,200,000`,
//! `27 * 52`, an unquoted month), each named with its fix. Used on the raw text at a TOML syntax
//! error, on `--set` values, and on text in quotes where a number is needed.

use crate::diag::{Problem, Span};

/// A number typed the way it would be written on paper: what is wrong and the fix.
#[derive(Debug, Clone, PartialEq)]
pub struct Mistake {
    /// What is wrong, in plain words.
    pub message: String,
    /// The fix ("write 0.7").
    pub fix: String,
}

impl Mistake {
    fn new(message: String, fix: String) -> Self {
        Mistake { message, fix }
    }

    /// The mistake as a problem at `span`.
    pub fn problem(self, path: &str, span: Option<Span>) -> Problem {
        Problem::new(path, span, self.message).allowed(self.fix)
    }
}

/// A plain decimal number as digits before and after the point, with its sign.
struct Decimal<'a> {
    negative: bool,
    int: &'a str,
    frac: &'a str,
}

impl<'a> Decimal<'a> {
    /// `123`, `-1.5`, `.5`: digits with at most one point, nothing else.
    fn parse(s: &'a str) -> Option<Self> {
        let (negative, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        (!(int.is_empty() && frac.is_empty()) && digits(int) && digits(frac)).then_some(Decimal {
            negative,
            int,
            frac,
        })
    }

    /// The number times 10^`by`, written exactly in plain digits.
    fn shifted(&self, by: i32) -> String {
        let digits = format!("{}{}", self.int, self.frac);
        let point = self.int.len() as i32 + by;
        let (int, frac) = if point <= 0 {
            (
                "0".to_string(),
                format!("{}{digits}", "0".repeat((-point) as usize)),
            )
        } else if point as usize >= digits.len() {
            (
                format!("{digits}{}", "0".repeat(point as usize - digits.len())),
                String::new(),
            )
        } else {
            (
                digits[..point as usize].to_string(),
                digits[point as usize..].to_string(),
            )
        };
        let int = int.trim_start_matches('0');
        let frac = frac.trim_end_matches('0');
        let int = if int.is_empty() { "0" } else { int };
        let sign = if self.negative && (int != "0" || !frac.is_empty()) {
            "-"
        } else {
            ""
        };
        if frac.is_empty() {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}.{frac}")
        }
    }
}

/// `1,200,000` (or `80 000` with `sep` = ' '): digits in groups of three after the first; the
/// digits without separators.
fn grouped(s: &str, sep: char) -> Option<String> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut groups = int.split(sep);
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let ok = !rest.is_empty()
        && digits(first)
        && first.len() <= 3
        && rest.iter().all(|g| g.len() == 3 && digits(g))
        && (frac.is_empty() || digits(frac));
    ok.then(|| {
        let mut out = format!("{first}{}", rest.concat());
        if !frac.is_empty() {
            out = format!("{out}.{frac}");
        }
        out
    })
}

/// The mistake in a value typed as `token` (its raw text, as in the file or after `=` in a
/// `--set`), if it is one people make: a percentage, money with a currency sign, a `k`/`m`/`bn`
/// suffix or commas, thousands separated by commas or spaces, a decimal comma, or a formula.
pub fn typed_mistake(token: &str) -> Option<Mistake> {
    let t = token.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(number) = t.strip_suffix('%') {
        let plain = number.trim().replace([',', '_'], "");
        let d = Decimal::parse(&plain)?;
        return Some(Mistake::new(
            format!(
                "{t} is a percentage, which is not a number in TOML: shares and rates are written as decimals"
            ),
            format!("write {}", d.shifted(-2)),
        ));
    }
    if let Some(m) = money(t) {
        return Some(m);
    }
    if let Some(plain) = grouped(t, ',') {
        return Some(Mistake::new(
            format!("{t} has commas between the thousands, which TOML does not allow"),
            format!(
                "write {plain} (or with underscores: {})",
                underscored(&plain)
            ),
        ));
    }
    if let Some(plain) = grouped(t, ' ') {
        return Some(Mistake::new(
            format!("{t} has spaces between the thousands, which TOML does not allow"),
            format!("write {plain}"),
        ));
    }
    if let Some((int, frac)) = t.split_once(',')
        && Decimal::parse(int).is_some_and(|d| d.frac.is_empty())
        && !frac.is_empty()
        && frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Some(Mistake::new(
            format!("{t} has a comma as its decimal point; TOML uses a full stop"),
            format!("write {int}.{frac}"),
        ));
    }
    let parts: Vec<&str> = t.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() == 2 && digits(parts[0], 4) && digits(parts[1], 2) {
        return Some(Mistake::new(
            format!("{t} looks like a month, which TOML reads only as text in quotes"),
            format!("write \"{t}\""),
        ));
    }
    if parts.len() == 3 && digits(parts[0], 4) && digits(parts[1], 2) && digits(parts[2], 2) {
        return None;
    }
    formula(t)
}

/// `80000` → `80_000`.
fn underscored(plain: &str) -> String {
    let (int, frac) = plain.split_once('.').unwrap_or((plain, ""));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push('_');
        }
        out.push(c);
    }
    if frac.is_empty() {
        out
    } else {
        format!("{out}.{frac}")
    }
}

/// Money as people write it: `£80k`, `£80,000`, `$1.2m`, `80k`, `£2bn`.
fn money(t: &str) -> Option<Mistake> {
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t),
    };
    let (sign, body) = ['£', '$', '€']
        .iter()
        .find_map(|c| {
            body.strip_prefix(*c)
                .map(|rest| (Some(*c), rest.trim_start()))
        })
        .unwrap_or((None, body));
    let suffixes = [("bn", 9), ("k", 3), ("K", 3), ("m", 6), ("M", 6)];
    let (suffix, body) = suffixes
        .iter()
        .find_map(|(s, by)| {
            body.strip_suffix(s)
                .map(|rest| (Some((*s, *by)), rest.trim_end()))
        })
        .unwrap_or((None, body));
    let commas = body.contains(',');
    let plain = if commas {
        grouped(body, ',')?
    } else {
        body.replace('_', "")
    };
    let d = Decimal::parse(&plain)?;
    if sign.is_none() && suffix.is_none() {
        return None;
    }
    let mut what = Vec::new();
    if let Some(c) = sign {
        what.push(format!("a currency sign ({c})"));
    }
    if let Some((s, _)) = suffix {
        what.push(format!(
            "'{s}' for {}",
            ["thousands", "millions", "billions"][match s {
                "k" | "K" => 0,
                "m" | "M" => 1,
                _ => 2,
            }]
        ));
    }
    if commas {
        what.push("commas".to_string());
    }
    let value = d.shifted(suffix.map_or(0, |(_, by)| by));
    let value = if negative { format!("-{value}") } else { value };
    Some(Mistake::new(
        format!(
            "{t} is written with {}, which TOML cannot read: money is a plain number of pounds",
            what.join(" and ")
        ),
        format!("write {value}"),
    ))
}

/// `27 * 52`, `52/12`, `3 x 4`: numbers joined by arithmetic.
fn formula(t: &str) -> Option<Mistake> {
    let is_op = |c: char| matches!(c, '*' | '/' | '+' | '-' | '×' | 'x' | '÷' | '(' | ')' | '^');
    if !t.chars().any(|c| c.is_ascii_digit())
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ' ' || c == '_' || is_op(c))
    {
        return None;
    }
    // A binary operator: one that follows a digit, a closing parenthesis or a space after one.
    let mut prev = None;
    let mut binary = false;
    for c in t.chars().filter(|c| *c != ' ') {
        if is_op(c)
            && c != '('
            && c != ')'
            && matches!(prev, Some(p) if p == ')' || char::is_ascii_digit(&p))
        {
            binary = true;
        }
        prev = Some(c);
    }
    if !binary {
        return None;
    }
    let fix = match evaluate(t) {
        Some(x) if x.is_finite() => format!(
            "work it out ({t} = {}) and write the number, or use a parameter",
            plain_number(x)
        ),
        _ => "work it out and write the number, or use a parameter".to_string(),
    };
    Some(Mistake::new(
        format!("{t} is a formula: a formula is not allowed"),
        fix,
    ))
}

/// A number as the fix shows it: whole numbers without a point, others to 10 significant digits.
fn plain_number(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!(
            "{:.*}",
            (9 - x.abs().log10().floor() as i32).max(0) as usize,
            x
        );
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The value of numbers joined by `+ - * / × x ÷` (products before sums), or `None` for anything
/// else (parentheses, powers).
fn evaluate(t: &str) -> Option<f64> {
    let t: String = t.chars().filter(|c| *c != ' ' && *c != '_').collect();
    let mut sum = 0.0;
    let mut term: Option<f64> = None;
    let mut sign = 1.0;
    let mut op = '*';
    let mut rest = t.as_str();
    loop {
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let x: f64 = rest[..end].parse().ok()?;
        term = Some(match (term, op) {
            (None, _) => x,
            (Some(a), '*' | '×' | 'x') => a * x,
            (Some(a), '/' | '÷') => a / x,
            _ => return None,
        });
        rest = &rest[end..];
        let Some(c) = rest.chars().next() else {
            return Some(sum + sign * term?);
        };
        rest = &rest[c.len_utf8()..];
        match c {
            '+' | '-' => {
                sum += sign * term?;
                sign = if c == '-' { -1.0 } else { 1.0 };
                term = None;
            }
            '*' | '×' | 'x' | '/' | '÷' => op = c,
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(token: &str) -> String {
        typed_mistake(token).map(|m| m.fix).unwrap_or_default()
    }

    #[test]
    fn typed_numbers_get_their_fix() {
        assert_eq!(fix("70%"), "write 0.7");
        assert_eq!(fix("12.5%"), "write 0.125");
        assert_eq!(fix("3.5 %"), "write 0.035");
        assert_eq!(fix("£80k"), "write 80000");
        assert_eq!(fix("£80,000"), "write 80000");
        assert_eq!(fix("£1.25m"), "write 1250000");
        assert_eq!(fix("80K"), "write 80000");
        assert_eq!(fix("£2bn"), "write 2000000000");
        assert_eq!(fix("£ 80000"), "write 80000");
        assert_eq!(
            fix("1,200,000"),
            "write 1200000 (or with underscores: 1_200_000)"
        );
        assert_eq!(fix("80 000"), "write 80000");
        assert_eq!(fix("0,7"), "write 0.7");
        assert_eq!(
            fix("27 * 52"),
            "work it out (27 * 52 = 1404) and write the number, or use a parameter"
        );
        assert_eq!(
            fix("2+3*4"),
            "work it out (2+3*4 = 14) and write the number, or use a parameter"
        );
        assert!(
            typed_mistake("27 * 52")
                .unwrap()
                .message
                .contains("a formula is not allowed")
        );
        assert_eq!(fix("2026-04"), "write \"2026-04\"");
    }

    #[test]
    fn ordinary_values_are_not_mistakes() {
        for t in [
            "0.7",
            "-3",
            "80000",
            "in_house",
            "1e5",
            "\"70%\"",
            "-",
            "1 2",
            "abc",
            "2025-04-01",
        ] {
            assert_eq!(typed_mistake(t), None, "{t}");
        }
    }
}
