//! Seeded mutations of scenario text, aimed at what a person (or a broken tool) might write:
//! numbers replaced by extreme ones or scaled by powers of ten, distributions swapped, lines
//! deleted, repeated or swapped, bytes changed, text cut short, SWOT items that are not valid
//! expressions. The same seed gives the same mutants on every machine.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Numbers at the edges of what f64, i64 and the scenario's bounds allow.
const EXTREMES: [&str; 34] = [
    "0",
    "-0",
    "1",
    "-1",
    "2",
    "0.5",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "5e-324",
    "1e-300",
    "1e-9",
    "9e-10",
    "1e15",
    "1.0000001e15",
    "1e16",
    "1e12",
    "1e9",
    "1e6",
    "100",
    "1200",
    "1201",
    "30",
    "31",
    "5200",
    "9223372036854775807",
    "-9223372036854775808",
    "nan",
    "inf",
    "-inf",
    "0.999999999",
    "1.000000001",
    "99999999999",
    "4503599627370497",
];

/// Distribution forms, so that one may be swapped for another (with the wrong parameters).
const FORMS: [&str; 9] = [
    "pert",
    "triangular",
    "uniform",
    "normal",
    "lognormal90",
    "beta",
    "observed",
    "choice",
    "value",
];

/// Texts a SWOT item might hold: valid, broken, or heavy.
const ITEMS: [&str; 10] = [
    "P = {{ p_over_budget | pct }}",
    "{{ p_over_budget | }}",
    "{{ nope }}",
    "{{ metric(\"cost\").p50 | money }}",
    "{{ metric(\"nope\").p50 }}",
    "{{ p_cost_above(1e308) | pct }} {{ p_start_within(-1) | pct }}",
    "{{ 3 | fy }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    "{{ \"ab\" * 100000000 }}",
    "{% set s = \"0123456789\" %}{% set s = s ~ s %}{% set s = s ~ s %}{{ s * 1000000 }}",
];

/// A generator of mutants of scenario texts.
pub struct Mutator {
    rng: ChaCha8Rng,
    valid: Vec<String>,
    others: Vec<String>,
}

impl Mutator {
    /// Mutants of `valid` scenarios (three in four) and of `others`, drawn from `seed`.
    pub fn new(seed: u64, valid: Vec<String>, others: Vec<String>) -> Mutator {
        Mutator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            valid,
            others,
        }
    }

    /// The next mutant: a seed with one to three mutations (mostly one).
    pub fn next_mutant(&mut self) -> String {
        let pool = if self.others.is_empty() || self.rng.random_bool(0.75) {
            &self.valid
        } else {
            &self.others
        };
        let mut text = pool[self.rng.random_range(0..pool.len())].clone();
        let times = [1, 1, 1, 2, 2, 3][self.rng.random_range(0..6)];
        for _ in 0..times {
            text = self.mutate(&text);
        }
        text
    }

    fn mutate(&mut self, text: &str) -> String {
        match self.rng.random_range(0..100) {
            0..40 => self.replace_number(text, true),
            40..55 => self.replace_number(text, false),
            55..63 => self.swap_form(text),
            63..73 => self.edit_lines(text),
            73..83 => self.change_bytes(text),
            83..88 => self.truncate(text),
            _ => self.swot_item(text),
        }
    }

    /// Replaces a number with an extreme one, or scales it by a power of ten.
    fn replace_number(&mut self, text: &str, extreme: bool) -> String {
        let numbers = numbers(text);
        if numbers.is_empty() {
            return text.to_string();
        }
        let (start, end) = numbers[self.rng.random_range(0..numbers.len())];
        let new = if extreme {
            EXTREMES[self.rng.random_range(0..EXTREMES.len())].to_string()
        } else {
            let x: f64 = text[start..end].replace('_', "").parse().unwrap_or(1.0);
            let scaled = x * 10f64.powi(self.rng.random_range(-30..=30));
            format!("{scaled:e}")
        };
        format!("{}{new}{}", &text[..start], &text[end..])
    }

    /// Replaces one distribution form by another.
    fn swap_form(&mut self, text: &str) -> String {
        let found: Vec<(usize, &str)> = FORMS
            .iter()
            .flat_map(|f| {
                let written = format!("{f} = ");
                let at: Vec<usize> = text.match_indices(&written).map(|(i, _)| i).collect();
                at.into_iter().map(move |i| (i, *f))
            })
            .collect();
        if found.is_empty() {
            return text.to_string();
        }
        let (at, form) = found[self.rng.random_range(0..found.len())];
        let new = FORMS[self.rng.random_range(0..FORMS.len())];
        format!("{}{new}{}", &text[..at], &text[at + form.len()..])
    }

    /// Deletes, repeats or swaps lines.
    fn edit_lines(&mut self, text: &str) -> String {
        let mut lines: Vec<&str> = text.lines().collect();
        if lines.len() < 2 {
            return text.to_string();
        }
        let a = self.rng.random_range(0..lines.len());
        let b = self.rng.random_range(0..lines.len());
        match self.rng.random_range(0..3) {
            0 => {
                lines.remove(a);
            }
            1 => lines.insert(b, lines[a]),
            _ => lines.swap(a, b),
        }
        lines.join("\n") + "\n"
    }

    /// Changes, inserts or deletes a few bytes (keeping the text UTF-8).
    fn change_bytes(&mut self, text: &str) -> String {
        let mut bytes = text.as_bytes().to_vec();
        const CHARS: &[u8] = b"0123456789.-+e[]{}=\",#_ abcxyz\n'\\";
        for _ in 0..self.rng.random_range(1..=3) {
            if bytes.is_empty() {
                break;
            }
            let at = self.rng.random_range(0..bytes.len());
            let c = CHARS[self.rng.random_range(0..CHARS.len())];
            match self.rng.random_range(0..3) {
                0 => bytes[at] = c,
                1 => bytes.insert(at, c),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Cuts the text short.
    fn truncate(&mut self, text: &str) -> String {
        let mut at = self.rng.random_range(0..=text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text[..at].to_string()
    }

    /// Gives the last option a SWOT item.
    fn swot_item(&mut self, text: &str) -> String {
        let item = ITEMS[self.rng.random_range(0..ITEMS.len())];
        let escaped = item.replace('\\', "\\\\").replace('"', "\\\"");
        let Some(at) = text.rfind("[[options]]") else {
            return text.to_string();
        };
        let end = text[at + 11..]
            .find("\n[")
            .map_or(text.len(), |i| at + 11 + i + 1);
        format!(
            "{}[options.swot]\nthreats = [\"{escaped}\"]\n{}",
            &text[..end],
            &text[end..]
        )
    }
}

/// Byte ranges of the numbers in `text` (outside comments and strings, roughly).
fn numbers(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let (mut in_string, mut in_comment) = (false, false);
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\n' => in_comment = false,
            b'#' if !in_string => in_comment = true,
            b'"' if !in_comment => in_string = !in_string,
            _ => {}
        }
        let starts = c.is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if starts && !in_string && !in_comment {
            let start = if i > 0 && bytes[i - 1] == b'-' {
                i - 1
            } else {
                i
            };
            let mut end = i;
            while end < bytes.len()
                && (bytes[end].is_ascii_digit() || b"._eE+-".contains(&bytes[end]))
            {
                end += 1;
            }
            out.push((start, end));
            i = end;
            continue;
        }
        i += 1;
    }
    out
}
