//! The demo's people: names, places, NIKs that decode to their birth date and sex, phone numbers, and the
//! unique numbers an office hands out (booking codes, passport numbers).

use std::sync::OnceLock;

use chrono::{Duration, NaiveDate};

use super::scatter;
use super::simulation::Sim;
use crate::domain::nik::{self, Sex};

const NAMES_CSV: &str = include_str!("../../assets/demo-names.csv");

pub(super) struct Names {
    pub given_l: Vec<&'static str>,
    pub given_p: Vec<&'static str>,
    pub second_l: Vec<&'static str>,
    pub second_p: Vec<&'static str>,
    pub birth_place: Vec<&'static str>,
    pub street: Vec<&'static str>,
}

/// The embedded name lists (validated by a unit test).
pub(super) fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut n = Names {
            given_l: vec![],
            given_p: vec![],
            second_l: vec![],
            second_p: vec![],
            birth_place: vec![],
            street: vec![],
        };
        let rows = NAMES_CSV.lines().filter(|l| !l.starts_with('#')).skip(1);
        for (kind, name) in rows.filter_map(|l| l.split_once(',')) {
            let list = match kind {
                "given_l" => &mut n.given_l,
                "given_p" => &mut n.given_p,
                "second_l" => &mut n.second_l,
                "second_p" => &mut n.second_p,
                "birth_place" => &mut n.birth_place,
                "street" => &mut n.street,
                _ => continue,
            };
            list.push(name.trim());
        }
        n
    })
}

/// Where the office's applicants live: Kemendagri regency code in Jawa Tengah (33), name, number of districts,
/// main town (birth place), relative weight. Most come from Semarang and its neighbours.
pub(super) const REGENCIES: &[(u8, &str, u8, &str, u32)] = &[
    (74, "Kota Semarang", 16, "Semarang", 40),
    (22, "Kabupaten Semarang", 19, "Ungaran", 12),
    (24, "Kabupaten Kendal", 20, "Kendal", 10),
    (21, "Kabupaten Demak", 14, "Demak", 9),
    (15, "Kabupaten Grobogan", 19, "Purwodadi", 7),
    (73, "Kota Salatiga", 4, "Salatiga", 5),
    (19, "Kabupaten Kudus", 9, "Kudus", 4),
    (25, "Kabupaten Batang", 15, "Batang", 3),
    (20, "Kabupaten Jepara", 16, "Jepara", 3),
    (18, "Kabupaten Pati", 21, "Pati", 3),
    (17, "Kabupaten Rembang", 14, "Rembang", 2),
    (16, "Kabupaten Blora", 16, "Blora", 2),
];

/// Kota Semarang's districts by Kemendagri code (3374 01 … 16), for addresses.
const SEMARANG_DISTRICTS: &[&str] = &[
    "Semarang Tengah",
    "Semarang Utara",
    "Semarang Timur",
    "Gayamsari",
    "Genuk",
    "Pedurungan",
    "Semarang Selatan",
    "Candisari",
    "Gajahmungkur",
    "Tembalang",
    "Banyumanik",
    "Gunungpati",
    "Semarang Barat",
    "Mijen",
    "Ngaliyan",
    "Tugu",
];

const PHONE_PREFIXES: &[&str] = &[
    "0812", "0813", "0821", "0822", "0852", "0853", "0856", "0857", "0815", "0817", "0818", "0819", "0877", "0878",
    "0895", "0896", "0881",
];

/// A generated person.
pub(super) struct Person {
    pub sex: Sex,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub nik: String,
    pub birth_place: String,
    pub address: String,
    pub phone: Option<String>,
}

impl Sim<'_> {
    pub(super) fn person(&mut self, day: NaiveDate, age: u32, sex: Sex) -> Person {
        let n = names();
        let rng = &mut self.rng;
        // `age` whole years before `day`, leap days included, then up to a year earlier.
        let birth = day - Duration::days(i64::from(age) * 365 + i64::from(age / 4) + rng.range(1, 360));
        let (given, second) = match sex {
            Sex::Male => (&n.given_l, &n.second_l),
            Sex::Female => (&n.given_p, &n.second_p),
        };
        let full_name = match rng.below(10) {
            // Older Javanese often have a single name.
            0 | 1 if age >= 55 => rng.pick(second).to_string(),
            0..=1 => format!("{} {} {}", rng.pick(given), rng.pick(given), rng.pick(second)),
            _ => format!("{} {}", rng.pick(given), rng.pick(second)),
        };
        let &(regency, regency_name, districts, town, _) = rng.pick_weighted(REGENCIES, |r| r.4);
        let district = rng.range(1, i64::from(districts)) as u8;
        let birth_place = if rng.chance(65.0) { town.to_string() } else { rng.pick(&n.birth_place).to_string() };
        let place = match (regency, SEMARANG_DISTRICTS.get(usize::from(district) - 1)) {
            (74, Some(kec)) => format!("Kec. {kec}, {regency_name}"),
            _ => regency_name.to_string(),
        };
        let address = format!(
            "Jl. {} No. {}, RT {:03}/RW {:03}, {place}",
            rng.pick(&n.street),
            rng.range(1, 150),
            rng.range(1, 12),
            rng.range(1, 9)
        );
        let phone = rng.chance(92.0).then(|| {
            let digits = rng.range(7, 8) as u32;
            format!("{}{:0width$}", rng.pick(PHONE_PREFIXES), rng.below(10u64.pow(digits)), width = digits as usize)
        });
        let nik = self.mint_nik(regency, district, birth, sex);
        Person { sex, full_name, birth_date: birth, nik, birth_place, address, phone }
    }

    /// A NIK not yet used in this demo: serials start low, as in a real district register. Clashes move to the
    /// next serial (one district, birth date and sex has 9999; a demo uses a handful).
    fn mint_nik(&mut self, regency: u8, district: u8, birth: NaiveDate, sex: Sex) -> String {
        let highest = if self.rng.chance(80.0) { 40 } else { 2500 };
        let mut serial = self.rng.range(1, highest) as u16;
        loop {
            let s = nik::make(self.settings.province_code, regency, district, birth, sex, serial);
            if s.parse::<u64>().is_ok_and(|n| self.niks.insert(n)) {
                return s;
            }
            serial = if serial >= 9999 { 1 } else { serial + 1 };
        }
    }

    pub(super) fn booking_code(&mut self) -> String {
        const ALPHABET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        let mut x = scatter(self.bookings, 36u64.pow(8), self.key);
        self.bookings += 1;
        let mut code = [b'0'; 8];
        for c in code.iter_mut().rev() {
            *c = ALPHABET[(x % 36) as usize];
            x /= 36;
        }
        format!("MP{}", String::from_utf8_lossy(&code))
    }

    pub(super) fn passport_no(&mut self) -> String {
        const PER_LETTER: u64 = 10_000_000;
        let i = self.passports;
        self.passports += 1;
        let letter = char::from(b'C' + ((i / PER_LETTER) % 24) as u8);
        format!("{letter}{:07}", scatter(i % PER_LETTER, PER_LETTER, self.key ^ 0x5A5A))
    }

    pub(super) fn age(&mut self, in_group: bool, priority: bool) -> u32 {
        let (lo, hi) = if in_group {
            (22, 72)
        } else if priority {
            self.rng.weighted(&[(55, (60, 80)), (25, (1, 4)), (20, (20, 45))])
        } else {
            self.rng.weighted(&[
                (3, (1, 4)),
                (9, (5, 16)),
                (22, (17, 25)),
                (36, (26, 45)),
                (25, (46, 59)),
                (5, (60, 80)),
            ])
        };
        self.rng.range(lo, hi) as u32
    }
}
