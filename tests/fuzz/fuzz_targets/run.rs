//! Parse + validate + a short run: every scenario validation accepts runs with finite results.
#![no_main]

#[path = "../../mutation/check.rs"]
mod check;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for loaded in check::validate("fuzz.toml", text) {
            if let Err(defect) = check::run(&loaded) {
                panic!("{defect}");
            }
        }
    }
});
