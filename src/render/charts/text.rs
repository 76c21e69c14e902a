//! Text in the charts: widths from an Arial-like table, wrapping and shortening to fit, and
//! numbers and sentences as the charts write them.

use crate::format::num;

/// A number to about three significant figures, with thousands separators: 0.0523, 1.25,
/// 12.3, 1,234.
pub(super) fn figure(x: f64) -> String {
    let digits = if x == 0.0 || !x.is_finite() {
        0
    } else {
        (2 - x.abs().log10().floor() as i32).clamp(0, 4) as usize
    };
    let s = num(x, digits);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// [`figure`] with a sign: "+12.3", "−4", "0".
pub(super) fn signed(x: f64) -> String {
    let s = figure(x);
    if x > 0.0 && s != "0" {
        format!("+{s}")
    } else {
        s
    }
}

/// `s` if it fits in `room` px at `px` pixels, else its longest tail that fits after "…",
/// starting after a '.', '/' or space where one fits, else after any character.
pub(super) fn fit_tail(s: &str, room: f64, px: f64) -> String {
    if text_width(s, px) <= room {
        return s.to_owned();
    }
    let fits = |tail: &str| !tail.is_empty() && text_width(tail, px) + text_width("…", px) <= room;
    let after_separator = s
        .char_indices()
        .filter(|&(_, c)| matches!(c, '.' | '/' | ' '))
        .map(|(i, c)| i + c.len_utf8());
    let start = after_separator
        .clone()
        .find(|&i| fits(s[i..].trim_start()))
        .or_else(|| s.char_indices().map(|(i, _)| i).find(|&i| fits(&s[i..])));
    match start {
        Some(i) => format!("…{}", s[i..].trim_start()),
        None => "…".to_owned(),
    }
}

/// Escapes text for an XML attribute or element.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// "Lead: a; b; c." as one sentence for a text alternative.
pub(super) fn sentence(lead: &str, parts: &[String]) -> String {
    if parts.is_empty() {
        format!("{lead}: no options to show.")
    } else {
        format!("{lead}. {}.", parts.join("; "))
    }
}

/// A count of people as read aloud: whole numbers from 10 up, one decimal below.
pub(super) fn count(x: f64) -> String {
    num(x, if x.abs() < 10.0 { 1 } else { 0 })
}

/// The width of `s` in an Arial-like font of `px` pixels, from rough per-character widths.
pub(super) fn text_width(s: &str, px: f64) -> f64 {
    s.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.25,
            'f' | 't' | 'r' | 'I' | ' ' | '(' | ')' | '[' | ']' | '-' | '/' => 0.33,
            'm' | 'w' | 'M' | 'W' => 0.85,
            '…' => 1.0,
            'A'..='Z' => 0.68,
            '0'..='9' | '£' | '$' => 0.56,
            'a'..='z' => 0.54,
            c if c as u32 >= 0x2E80 => 1.0,
            _ => 0.6,
        })
        .sum::<f64>()
        * px
}

/// Splits `s` into lines no wider than `room` px at `px` pixels, at spaces where possible.
pub(super) fn wrap(s: &str, room: f64, px: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, px) <= room || line.is_empty() && text_width(word, px) <= room {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if text_width(&line, px) > room && line.chars().count() > 1 {
                let last = line.pop().unwrap_or(' ');
                lines.push(std::mem::take(&mut line));
                line.push(last);
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Shows every `k`-th year label, so that labels of about 8 characters do not collide.
pub(super) fn label_stride(years: &[String], plot_width: u32) -> usize {
    let widest = years
        .iter()
        .map(|y| text_width(y, 11.5))
        .fold(0.0, f64::max)
        + 12.0;
    let spacing = f64::from(plot_width) / years.len().max(1) as f64;
    (widest / spacing).ceil().max(1.0) as usize
}
