//! Parse + validate: any text is accepted or rejected with a message, never a panic or a hang.
#![no_main]

#[path = "../../mutation/check.rs"]
mod check;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check::validate("fuzz.toml", text);
    }
});
