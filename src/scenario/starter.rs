//! The starting scenarios of `appraise init`, embedded from `templates/init/`. Each is a
//! commented scenario that validates and runs as written, in which every number either cites
//! its source or says it is an assumption to replace.

/// The name of the schema file `init` writes beside a new scenario, which its `#:schema` line
/// names.
pub const SCHEMA_FILE: &str = "appraise.schema.json";

/// A starting scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Starter {
    /// Carry on as now, or recruit one worker.
    Minimal,
    /// Carry on as now, an in-house team or a commissioned provider.
    InHouseVsCommissioned,
    /// Carry on as now, or fund a service for a fixed grant.
    FundOrNot,
}

impl Starter {
    /// Every starting scenario.
    pub const ALL: [Starter; 3] = [
        Starter::Minimal,
        Starter::InHouseVsCommissioned,
        Starter::FundOrNot,
    ];

    /// Its name on the command line (`--template NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Starter::Minimal => "minimal",
            Starter::InHouseVsCommissioned => "in-house-vs-commissioned",
            Starter::FundOrNot => "fund-or-not",
        }
    }

    /// The scenario's text; its first line names [`SCHEMA_FILE`] for editors.
    pub fn text(self) -> &'static str {
        match self {
            Starter::Minimal => include_str!("../../templates/init/minimal.toml"),
            Starter::InHouseVsCommissioned => {
                include_str!("../../templates/init/in-house-vs-commissioned.toml")
            }
            Starter::FundOrNot => include_str!("../../templates/init/fund-or-not.toml"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_starter_names_the_schema_written_beside_it() {
        for s in Starter::ALL {
            let first = s.text().lines().next().unwrap();
            assert_eq!(first, format!("#:schema ./{SCHEMA_FILE}"), "{}", s.name());
        }
    }
}
