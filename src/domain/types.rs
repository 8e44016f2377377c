//! Small vocabulary types shared by the rules: what kind of application, for what purpose, which passport.
//! Each has the code used in the booking manifest and in the database (`as_str` / `parse`).

/// Declares a closed set of codes with `as_str`, `parse`, `ALL` and `Display`, so the CSV, the database CHECK
/// constraints and the UI all speak the same words.
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code used in files and in the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a code (case-insensitive, surrounding spaces ignored).
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim();
                $(if s.eq_ignore_ascii_case($code) { return Some($name::$variant); })+
                None
            }

            /// All codes joined for error messages, e.g. "baru, penggantian".
            pub fn codes() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }
    };
}
pub(crate) use code_enum;

code_enum!(
    /// Why the applicant needs a passport.
    ApplicationType {
        New => "baru",
        Replacement => "penggantian",
        Lost => "hilang",
        Damaged => "rusak",
    }
);

impl ApplicationType {
    /// Replacement and damaged applications bring the passport they replace.
    pub fn needs_old_passport(self) -> bool {
        matches!(self, ApplicationType::Replacement | ApplicationType::Damaged)
    }
}

code_enum!(
    /// The purpose of travel declared in M-Paspor.
    Purpose {
        Tourism => "wisata",
        Umrah => "umroh",
        Hajj => "haji",
        Study => "belajar",
        Work => "bekerja",
        FamilyVisit => "kunjungan_keluarga",
        Other => "lainnya",
    }
);

code_enum!(
    /// Electronic (chip) or ordinary 48-page passport.
    PassportKind {
        Electronic => "elektronik",
        Ordinary => "biasa",
    }
);

code_enum!(
    /// Regular service, or express (*percepatan*, ready the same day).
    Service {
        Regular => "reguler",
        Express => "percepatan",
    }
);

code_enum!(
    /// Why an applicant may use the priority line (and come without a booking).
    PriorityReason {
        Elderly => "lansia",
        Disability => "disabilitas",
        Pregnant => "hamil",
        Infant => "balita",
    }
);

code_enum!(
    /// What an officer may do: counter work, or also supervision (imports, settings, accounts, overrides).
    Role {
        Officer => "officer",
        Supervisor => "supervisor",
    }
);
