//! PNBP passport fees, by the regulation in force on the service date (PP 28/2019, then PP 45/2024), so the
//! counter can check that the billing code was issued for the right amount.

use std::sync::OnceLock;

use chrono::NaiveDate;

use super::types::{ApplicationType, PassportKind, Service};

/// The tariff catalogue: `valid_from,item,passport_kind,validity_years,amount_idr,regulation`. An empty
/// `passport_kind` or `validity_years` means "any". Items: `paspor` (base fee) and the surcharges
/// `percepatan`, `hilang`, `rusak`.
const FEES_CSV: &str = include_str!("../../assets/fees.csv");

/// What a service costs, split so the officer can explain the bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FeeQuote {
    /// The passport itself.
    pub base: u64,
    /// Express (*percepatan*) surcharge, 0 for regular service.
    pub express: u64,
    /// Lost or damaged passport surcharge, 0 otherwise.
    pub lost_or_damaged: u64,
}

impl FeeQuote {
    /// The amount the billing code must carry.
    pub fn total(&self) -> u64 {
        self.base + self.express + self.lost_or_damaged
    }
}

/// Why no fee could be quoted, or why a bill is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeeError {
    #[error("no passport tariff is in force on {on} (the catalogue starts on {first})")]
    NoTariff { on: NaiveDate, first: NaiveDate },
    #[error("passport validity must be 5 or 10 years, not {years}")]
    BadValidity { years: u8 },
    #[error(
        "billed {} but the catalogue says {}{} ({kind}, {validity_years} years, {service}, {app_type} on {on})",
        format_idr(*.billed),
        format_idr(*.expected),
        .force_majeure.map(|a| format!(" or {} for force majeure", format_idr(a))).unwrap_or_default()
    )]
    Mismatch {
        billed: u64,
        expected: u64,
        /// The other accepted amount for a damaged passport (surcharge waived for force majeure).
        force_majeure: Option<u64>,
        on: NaiveDate,
        kind: PassportKind,
        validity_years: u8,
        service: Service,
        app_type: ApplicationType,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Passport,
    Express,
    Lost,
    Damaged,
}

#[derive(Debug, Clone, Copy)]
struct Row {
    valid_from: NaiveDate,
    item: Item,
    kind: Option<PassportKind>,
    validity_years: Option<u8>,
    amount: u64,
}

/// The parsed catalogue, sorted by `valid_from`. Panics only on a malformed embedded asset (unit-tested).
fn catalogue() -> &'static [Row] {
    static ROWS: OnceLock<Vec<Row>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let mut rows: Vec<Row> = FEES_CSV
            .lines()
            .skip(1)
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|line| {
                let f: Vec<&str> = line.split(',').map(str::trim).collect();
                assert!(f.len() >= 5, "assets/fees.csv: short row: {line}");
                Row {
                    valid_from: NaiveDate::parse_from_str(f[0], "%Y-%m-%d")
                        .expect("assets/fees.csv: valid_from is YYYY-MM-DD"),
                    item: match f[1] {
                        "paspor" => Item::Passport,
                        "percepatan" => Item::Express,
                        "hilang" => Item::Lost,
                        "rusak" => Item::Damaged,
                        other => panic!("assets/fees.csv: unknown item {other}"),
                    },
                    kind: (!f[2].is_empty())
                        .then(|| PassportKind::parse(f[2]).expect("assets/fees.csv: known passport_kind")),
                    validity_years: (!f[3].is_empty()).then(|| f[3].parse().expect("assets/fees.csv: validity_years")),
                    amount: f[4].parse().expect("assets/fees.csv: amount_idr"),
                }
            })
            .collect();
        rows.sort_by_key(|r| r.valid_from);
        rows
    })
}

/// The amount of the latest row for `item` in force on `on` that matches (rows with an empty column match any).
fn lookup(on: NaiveDate, item: Item, kind: PassportKind, validity: u8) -> Option<u64> {
    let rows = catalogue();
    let in_force = rows.iter().filter(|r| r.item == item && r.valid_from <= on).map(|r| r.valid_from).max()?;
    rows.iter()
        .find(|r| {
            r.item == item
                && r.valid_from == in_force
                && r.kind.is_none_or(|k| k == kind)
                && r.validity_years.is_none_or(|v| v == validity)
        })
        .map(|r| r.amount)
}

/// The fee for a passport served on `on` (the service date decides the regulation).
pub fn quote(
    on: NaiveDate,
    kind: PassportKind,
    validity_years: u8,
    service: Service,
    app_type: ApplicationType,
) -> Result<FeeQuote, FeeError> {
    if validity_years != 5 && validity_years != 10 {
        return Err(FeeError::BadValidity { years: validity_years });
    }
    let no_tariff =
        || FeeError::NoTariff { on, first: catalogue().first().map(|r| r.valid_from).unwrap_or(NaiveDate::MIN) };
    let surcharge = |item| lookup(on, item, kind, validity_years).ok_or_else(no_tariff);
    let base = surcharge(Item::Passport)?;
    let express = match service {
        Service::Regular => 0,
        Service::Express => surcharge(Item::Express)?,
    };
    let lost_or_damaged = match app_type {
        ApplicationType::New | ApplicationType::Replacement => 0,
        ApplicationType::Lost => surcharge(Item::Lost)?,
        ApplicationType::Damaged => surcharge(Item::Damaged)?,
    };
    Ok(FeeQuote { base, express, lost_or_damaged })
}

/// Checks a billed amount against the catalogue. A damaged passport may be billed without its surcharge
/// (force majeure, e.g. flood or fire); whether that applies is the officer's call, recorded elsewhere.
pub fn check_billed(
    billed: u64,
    on: NaiveDate,
    kind: PassportKind,
    validity_years: u8,
    service: Service,
    app_type: ApplicationType,
) -> Result<(), FeeError> {
    let q = quote(on, kind, validity_years, service, app_type)?;
    let force_majeure = (app_type == ApplicationType::Damaged).then(|| q.total() - q.lost_or_damaged);
    if billed == q.total() || Some(billed) == force_majeure {
        return Ok(());
    }
    Err(FeeError::Mismatch { billed, expected: q.total(), force_majeure, on, kind, validity_years, service, app_type })
}

/// Rupiah with Indonesian thousands separators: `950000` → "Rp950.000".
pub fn format_idr(amount: u64) -> String {
    let digits = amount.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 2);
    out.push_str("Rp");
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationType::{Damaged, Lost, New, Replacement};
    use PassportKind::{Electronic, Ordinary};
    use Service::{Express, Regular};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn total(on: NaiveDate, k: PassportKind, v: u8, s: Service, a: ApplicationType) -> u64 {
        quote(on, k, v, s, a).expect("tariff exists").total()
    }

    #[test]
    fn asset_parses() {
        let rows = catalogue();
        assert_eq!(rows.len(), 12);
        assert!(rows.windows(2).all(|w| w[0].valid_from <= w[1].valid_from));
        assert_eq!(rows[0].valid_from, d(2019, 5, 1));
        assert!(rows.iter().all(|r| r.amount > 0));
        // Every tariff period prices every kind and validity and every surcharge.
        for on in [d(2019, 5, 1), d(2024, 12, 17)] {
            for k in PassportKind::ALL {
                for v in [5, 10] {
                    for s in Service::ALL {
                        for a in ApplicationType::ALL {
                            assert!(quote(on, *k, v, *s, *a).is_ok(), "{on} {k} {v} {s} {a}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn sample_rows_2026() {
        let on = d(2026, 3, 16);
        assert_eq!(total(on, Electronic, 10, Regular, New), 950_000);
        assert_eq!(total(on, Ordinary, 10, Regular, Replacement), 650_000);
        assert_eq!(total(on, Ordinary, 5, Regular, New), 350_000);
        assert_eq!(total(on, Electronic, 5, Regular, New), 650_000);
    }

    #[test]
    fn tariff_switches_on_2024_12_17() {
        assert_eq!(total(d(2024, 12, 16), Electronic, 10, Regular, New), 650_000);
        assert_eq!(total(d(2024, 12, 17), Electronic, 10, Regular, New), 950_000);
        assert_eq!(total(d(2024, 12, 16), Ordinary, 10, Regular, New), 350_000);
        assert_eq!(total(d(2024, 12, 17), Ordinary, 10, Regular, New), 650_000);
        assert_eq!(total(d(2019, 5, 1), Ordinary, 5, Regular, New), 350_000);
    }

    #[test]
    fn before_2019_has_no_tariff() {
        assert_eq!(
            quote(d(2019, 4, 30), Ordinary, 5, Regular, New),
            Err(FeeError::NoTariff { on: d(2019, 4, 30), first: d(2019, 5, 1) })
        );
    }

    #[test]
    fn validity_must_be_5_or_10() {
        for v in [0, 4, 6, 11] {
            assert_eq!(quote(d(2026, 3, 16), Ordinary, v, Regular, New), Err(FeeError::BadValidity { years: v }));
        }
    }

    #[test]
    fn surcharges() {
        let on = d(2026, 3, 16);
        assert_eq!(
            quote(on, Electronic, 10, Express, Lost),
            Ok(FeeQuote { base: 950_000, express: 1_000_000, lost_or_damaged: 1_000_000 })
        );
        assert_eq!(total(on, Electronic, 10, Express, Lost), 2_950_000);
        assert_eq!(total(on, Ordinary, 5, Express, New), 1_350_000);
        assert_eq!(total(on, Ordinary, 10, Regular, Lost), 1_650_000);
        assert_eq!(total(on, Ordinary, 10, Regular, Damaged), 1_150_000);
        assert_eq!(total(d(2020, 1, 1), Electronic, 5, Express, Damaged), 2_150_000);
    }

    #[test]
    fn check_billed_exact() {
        let on = d(2026, 3, 16);
        assert_eq!(check_billed(950_000, on, Electronic, 10, Regular, New), Ok(()));
        assert_eq!(check_billed(650_000, on, Ordinary, 10, Regular, Replacement), Ok(()));
        assert_eq!(check_billed(2_950_000, on, Electronic, 10, Express, Lost), Ok(()));
    }

    #[test]
    fn damaged_force_majeure_accepted() {
        let on = d(2026, 3, 16);
        assert_eq!(check_billed(1_150_000, on, Ordinary, 10, Regular, Damaged), Ok(()));
        assert_eq!(check_billed(650_000, on, Ordinary, 10, Regular, Damaged), Ok(()));
        // Lost passports have no such waiver.
        assert!(check_billed(650_000, on, Ordinary, 10, Regular, Lost).is_err());
        let err = check_billed(900_000, on, Ordinary, 10, Regular, Damaged).expect_err("wrong");
        assert_eq!(
            err.to_string(),
            "billed Rp900.000 but the catalogue says Rp1.150.000 or Rp650.000 for force majeure \
             (biasa, 10 years, reguler, rusak on 2026-03-16)"
        );
    }

    #[test]
    fn mismatch_error() {
        let on = d(2026, 3, 16);
        let err = check_billed(950_000, on, Ordinary, 10, Regular, New).expect_err("wrong");
        assert_eq!(
            err,
            FeeError::Mismatch {
                billed: 950_000,
                expected: 650_000,
                force_majeure: None,
                on,
                kind: Ordinary,
                validity_years: 10,
                service: Regular,
                app_type: New,
            }
        );
        assert_eq!(
            err.to_string(),
            "billed Rp950.000 but the catalogue says Rp650.000 (biasa, 10 years, reguler, baru on 2026-03-16)"
        );
        // Quote errors pass through.
        assert_eq!(check_billed(350_000, on, Ordinary, 7, Regular, New), Err(FeeError::BadValidity { years: 7 }));
    }

    #[test]
    fn idr_format() {
        assert_eq!(format_idr(0), "Rp0");
        assert_eq!(format_idr(5), "Rp5");
        assert_eq!(format_idr(999), "Rp999");
        assert_eq!(format_idr(1_000), "Rp1.000");
        assert_eq!(format_idr(950_000), "Rp950.000");
        assert_eq!(format_idr(1_000_000), "Rp1.000.000");
        assert_eq!(format_idr(12_345_678), "Rp12.345.678");
        assert_eq!(format_idr(u64::MAX), "Rp18.446.744.073.709.551.615");
    }
}
